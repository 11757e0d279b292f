"""PubMed MEDLINE (.nbib, "PubMed format") reader.

A record is a run of tagged lines: the tag, up to four characters padded to column 4, then
"- " and the value (`PMID- 123`, `TI  - Title`, `FAU - Family, Given`); a value goes on over
lines indented by six spaces. Records are separated by blank lines, and a new `PMID-` line
starts a new record even without one.

Speed comes from doing the per-character work in C: the file is read in chunks, cut into
record blocks by one regular expression, and each block is unwrapped with `str.split` /
`str.join`. What is left in Python per line is a six-character slice looked up in a dict of
tag heads already seen; only a block with a line that misses goes through the careful
line-by-line path that validates tags and reports stray lines with their line numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from screener.errors import ParseIssue
from screener.model import Record
from screener.normalize import normalize_pub_types, parse_year

DATABASE = "PubMed"

# MEDLINE tag -> Record field, for tags that give a field its value directly (the first one
# when a tag repeats; a repeated tag then keeps all its values in `extra`).
FIELDS: dict[str, str] = {
    "TI": "title",
    "AB": "abstract",
    "JT": "journal",
    "VI": "volume",
    "IP": "issue",
    "PG": "pages",
    "LA": "language",
    "PMID": "pmid",
}
# Read in `_record` as well: authors from FAU ("Long, Vicky") else AU ("Long V"); title from
# BTI when there is no TI (PubMed book records); journal from TA when there is no JT; ISSN
# from the first IS; keywords from MH (MeSH) then OT (other terms); year from DP; publication
# type from all PT; DOI from LID / AID values marked "[doi]".
TITLE_TAGS = ("TI", "BTI")
IDENTIFIER_TAGS = ("LID", "AID")  # "10.1371/x [doi]", "S0883-5403(19)30006-3 [pii]"

# Tags the record holds in full, left out of `extra` when they occur once. Every other tag
# stays in `extra`, including those read into a field only in part (AU, TA, IS, PT, DP, MH,
# OT, BTI: a choice, a year out of a date, a merged list), so that an export can round-trip.
HELD_IN_FULL: frozenset[str] = frozenset(FIELDS) | {"FAU"}

_CHUNK = 1 << 16
# A record ends at a blank (or whitespace-only) line, or where a PMID line follows.
_SEPARATOR = re.compile(r"(\n(?:[ \t]*\n)+|\n(?=PMID-))")
_CONTINUATION = "\n      "


def read(stream: TextIO, name: str) -> Iterator[Record | ParseIssue]:
    """Records and parse issues from a MEDLINE stream, in file order, one block at a time.

    Each record has `key` = its PMID (else `name#N`, N counting record blocks from 1),
    `line` = the line it starts on, and `raw` = its text as read. A line that is not a field
    is a warning (the record is kept), so is text between records; a record with neither
    PMID nor title is an error (skipped).
    """
    heads: dict[str, str] = {}  # line start, such as "TI  - ", -> tag; grows as tags are met
    for count, (line, block) in enumerate(_blocks(stream), start=1):
        fields, issues = _fields(block, line, name, heads)
        if not fields:
            message = "text between records is not MEDLINE; ignored"
            yield ParseIssue(line, message, block, "warning", name)
            continue
        yield from issues
        if "PMID" in fields or "TI" in fields or "BTI" in fields:
            yield _record(fields, block, line, f"{name}#{count}")
        else:
            yield ParseIssue(line, "record has neither PMID nor title; skipped", block, file=name)


def _blocks(stream: TextIO) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each non-blank block, holding about one chunk at most."""
    line = 1
    pending = ""
    while True:
        chunk = stream.read(_CHUNK)
        # [block, separator, block, ..., block]: the last block may go on in the next chunk.
        parts = _SEPARATOR.split(pending + chunk)
        if chunk:
            pending = parts.pop()
        for index in range(0, len(parts), 2):
            block = parts[index]
            if block.strip():
                yield line, block
            line += block.count("\n")
            if index + 1 < len(parts):
                line += parts[index + 1].count("\n")
        if not chunk:
            return


def _fields(
    block: str, first_line: int, name: str, heads: dict[str, str]
) -> tuple[dict[str, list[str]], list[ParseIssue]]:
    """Tag -> values of one block, continuations joined, and its stray lines as issues."""
    # rstrip: a trailing space before a continuation would double the space of the join.
    lines = " ".join([part.rstrip() for part in block.rstrip().split(_CONTINUATION)])
    lines = lines.split("\n")
    fields: defaultdict[str, list[str]] = defaultdict(list)
    for entry in lines:
        tag = heads.get(entry[:6])
        if tag is None:
            return _fields_line_by_line(lines, block, first_line, name, heads)
        fields[tag].append(entry[6:])
    return fields, []


def _fields_line_by_line(
    lines: list[str], block: str, first_line: int, name: str, heads: dict[str, str]
) -> tuple[dict[str, list[str]], list[ParseIssue]]:
    fields: defaultdict[str, list[str]] = defaultdict(list)
    issues: list[ParseIssue] = []
    values: list[str] | None = None
    for index, entry in enumerate(lines):
        if entry[4:6] == "- " or entry[4:] == "-":
            tag = entry[:4].rstrip()
            if tag.isalnum() and tag.isupper():
                if entry[6:7] != " ":  # the fast path takes values verbatim after "- "
                    heads[entry[:6]] = tag
                values = fields[tag]
                values.append(entry[6:].strip())
                continue
        if not entry.strip():
            continue
        if entry[0] in " \t" and values is not None:  # a continuation indented unusually
            values[-1] = f"{values[-1]} {entry.strip()}"
            continue
        where = first_line + _physical_index(block, index)
        message = "line is not a MEDLINE field or continuation; ignored"
        issues.append(ParseIssue(where, message, entry, "warning", name))
    return fields, issues


def _physical_index(block: str, logical: int) -> int:
    """The line of `block` (from 0) on which unwrapped line number `logical` began."""
    starts = 0
    for index, physical in enumerate(block.split("\n")):
        if index == 0 or not physical.startswith("      "):
            if starts == logical:
                return index
            starts += 1
    return 0


def _record(fields: dict[str, list[str]], raw: str, line: int, fallback_key: str) -> Record:
    values = {name: fields[tag][0].strip() for tag, name in FIELDS.items() if tag in fields}
    if "title" not in values and "BTI" in fields:
        values["title"] = fields["BTI"][0]
    if "journal" not in values and "TA" in fields:
        values["journal"] = fields["TA"][0]
    authors = fields.get("FAU") or fields.get("AU", ())
    issns = fields.get("IS")
    doi = _doi(fields)
    return Record(
        **values,
        authors=tuple(authors),
        year=parse_year(fields["DP"][0]) if "DP" in fields else None,
        doi=doi,
        issn=issns[0].split(" ", 1)[0] if issns else "",
        pub_type=normalize_pub_types(fields.get("PT", [])),
        keywords=(*fields.get("MH", ()), *fields.get("OT", ())),
        database=DATABASE,
        key=values.get("pmid") or fallback_key,
        extra=_extra(fields, doi),
        raw=raw,
        line=line,
    )


def _doi(fields: dict[str, list[str]]) -> str:
    """The first DOI among LID and AID values such as "10.1371/journal.pone.0209483 [doi]"."""
    for tag in IDENTIFIER_TAGS:
        for value in fields.get(tag, ()):
            if value.endswith("[doi]"):
                return value[:-5].strip()
    return ""


def _extra(fields: dict[str, list[str]], doi: str) -> dict[str, list[str]]:
    """Every tag the record does not hold in full, in file order."""
    extra = {
        tag: found
        for tag, found in fields.items()
        if tag not in HELD_IN_FULL or (len(found) > 1 and tag != "FAU")
    }
    for tag in IDENTIFIER_TAGS:  # the DOI is held by the record, a [pii] is not
        if tag in extra:
            kept = [value for value in extra[tag] if value[:-5].strip() != doi]
            if kept:
                extra[tag] = kept
            else:
                del extra[tag]
    return extra
