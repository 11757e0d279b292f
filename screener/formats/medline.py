"""PubMed MEDLINE (.nbib, "PubMed format") reader.

A record is a run of tagged lines: the tag, up to four characters padded to column 4, then
"- " and the value (`PMID- 123`, `TI  - Title`, `FAU - Family, Given`); a value goes on over
lines indented by six spaces. Records are separated by blank lines, and a new `PMID-` line
starts a new record even without one.

Speed comes from doing the per-character work in C. The file is read in chunks and cut
before each PMID line with `str.rsplit`; a piece is unwrapped with `str.rsplit` / `str.join`
and its lines grouped by their six-character head ("TI  - ") in one short loop. Checks on
lengths and counts that cost next to nothing prove that a piece is one plain block: no
whitespace-only line inside, no second PMID line, every head one the careful path has
already seen as a tag. Any other piece takes the careful path: the separator pattern over
that piece alone, then line-by-line parsing that validates tags and reports stray lines
with their line numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Generator, Iterator
from functools import lru_cache
from typing import TextIO

from screener.errors import ParseIssue
from screener.formats.medline_eric import publication_types, without_pmid
from screener.model import Record
from screener.normalize import normalize_language, normalize_pub_types, parse_year

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
_EMPTY_LINE = "\n\n"
_PMID_LINE = "\nPMID-"
_BLANK_ENDS = frozenset(" \t\n")
_HEAD, _VALUE = slice(6), slice(6, None)  # "TI  - " and what follows it
_NO_ID = "record has neither PMID nor title; skipped"

# (newlines since the previous piece, piece, text just before it, text just after it)
_Piece = tuple[int, str, str, str]


def read(stream: TextIO, name: str) -> Generator[Record | ParseIssue, None, int]:
    """Records and parse issues from a MEDLINE stream, in file order, one block at a time;
    returns how many `name#N` ordinals it used (see `screener.formats.pieces`).

    Each record has `key` = its PMID (else `name#N`, N counting record blocks from 1),
    `line` = the line it starts on, and `raw` = its text as read. A line that is not a field
    is a warning (the record is kept), so is text between records; a record with neither
    PMID nor title is an error (skipped).
    """
    heads: dict[str, str] = {}  # line start, such as "TI  - ", -> tag; grows as tags are met
    count = 0
    line = 1
    for gap, piece, before, after in _pieces(stream):
        line += gap
        found = _plain_fields(piece, heads)
        if found is not None:
            count += 1
            yield _item(found[0], piece, line, name, count)
            line += found[1]
            continue
        for offset, block in _careful_blocks(piece, before, after):
            count += 1
            yield from _block_items(block, line + offset, name, count, heads)
        line += piece.count("\n")
    return count


def _pieces(stream: TextIO) -> Iterator[_Piece]:
    """The text of each record, holding about one chunk at most.

    Cut before PMID lines, or at empty lines in a stretch without any. A piece is a block
    when it is plain; the text around it lets the careful path see where a whitespace-only
    line joins the separator.
    """
    pending = ""
    before = ""  # nothing before the first piece: leading blank lines there are not a separator
    gap = 0
    while True:
        chunk = stream.read(_CHUNK)
        if chunk:
            text = pending + chunk
            region, after, pending = _cut(text, max(len(pending) - len(_PMID_LINE), 0))
            if not after:
                continue
        else:
            region, after = pending, ""
        pieces, start, separator = _split(region)
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            following = after if index == last else separator
            lead, piece, tail = _trim(start + piece if index else piece, before, following)
            gap += lead
            if piece:
                yield gap, piece, before, following
                gap = 0
            before = "\n" if following == _PMID_LINE else following
            gap += tail + len(before)
        if not chunk:
            return


def _split(region: str) -> tuple[list[str], str, str]:
    """(pieces, the text each but the first lost at its start, the separator cut at)."""
    # rsplit: the search backwards tests the needle's first character, a rare newline.
    pieces = region.rsplit(_PMID_LINE)
    if len(pieces) > 1:
        return pieces, "PMID-", _PMID_LINE
    return region.split(_EMPTY_LINE), "", _EMPTY_LINE  # records without PMID lines


def _trim(piece: str, before: str, following: str) -> tuple[int, str, int]:
    """(newlines cut from the start, the piece, newlines cut from the end).

    Blank lines next to a separator are part of it. Not at the start of the file (nothing
    `before`) nor at its end (nothing `following`), where the separator pattern would not
    take them either.
    """
    lead = 0
    if before and piece[:1] == "\n":
        stripped = piece.lstrip("\n")
        lead = len(piece) - len(stripped)
        piece = stripped
    if not following or piece[-1:] not in _BLANK_ENDS:
        return lead, piece, 0
    if piece[-1] == "\n" and piece[-2:-1] not in _BLANK_ENDS:  # how PubMed ends a record
        return lead, piece[:-1], 1
    end = piece.find("\n", len(piece.rstrip(" \t\n")))
    if end < 0:  # the last line has text, then spaces
        return lead, piece, 0
    return lead, piece[:end], piece.count("\n", end)


def _cut(text: str, start: int) -> tuple[str, str, str]:
    """(text up to the last separator found from `start`, what follows it, the rest).

    The first two are "" when there is none yet. An empty line is preferred to the PMID line
    right after it, which would leave the region ending in a newline.
    """
    empty = text.rfind(_EMPTY_LINE, start)
    pmid = text.rfind(_PMID_LINE, start)
    if pmid > empty + 1:
        return text[:pmid], _PMID_LINE, text[pmid + 1 :]
    if empty >= 0:
        return text[:empty], _EMPTY_LINE, text[empty + 2 :]
    return "", "", text


def _careful_blocks(piece: str, before: str, after: str) -> list[tuple[int, str]]:
    """(newlines from the piece's start, text) of each non-blank block of an unusual piece.

    The separator pattern runs over the piece with the text around it, so that a
    whitespace-only line at either end is part of the separator as it is in the file.
    """
    parts = _SEPARATOR.split(before + piece + after)
    if after:
        parts.pop()  # the start of the next piece, there only to be looked at
    blocks: list[tuple[int, str]] = []
    offset = -len(before)  # `before` is newlines only, counted with the previous piece
    for index in range(0, len(parts), 2):
        block = parts[index]
        if block.strip():
            blocks.append((offset, block))
        offset += block.count("\n")
        if index + 1 < len(parts):
            offset += parts[index + 1].count("\n")
    return blocks


def _block_items(
    block: str, line: int, name: str, count: int, heads: dict[str, str]
) -> Iterator[Record | ParseIssue]:
    """The record (or error) of one block from the careful path, after its issues."""
    found = _plain_fields(block, heads)
    if found is not None:
        yield _item(found[0], block, line, name, count)
        return
    fields, issues = _fields(block, line, name, heads)
    if not fields:
        message = "text between records is not MEDLINE; ignored"
        yield ParseIssue(line, message, block, "warning", name)
        return
    yield from issues
    yield _item(fields, block, line, name, count)


def _item(
    fields: dict[str, list[str]], block: str, line: int, name: str, count: int
) -> Record | ParseIssue:
    if "PMID" in fields or "TI" in fields or "BTI" in fields:
        return _record(fields, block, line, name, count)
    return ParseIssue(line, _NO_ID, block, file=name)


def _plain_fields(piece: str, heads: dict[str, str]) -> tuple[dict[str, list[str]], int] | None:
    """(tag -> values, newline count) of a piece that is one plain block; None otherwise.

    The values are those `_fields` gives. None sends the piece down the careful path: it
    may hold a whitespace-only line or a second PMID line (more than one block), an
    unknown tag or a stray line (issues to report), or both "AB  -" and "AB  - x".
    """
    if not piece or piece[0] == "\n" or piece[-1] in _BLANK_ENDS:
        return None
    # rsplit: the search backwards tests the needle's first character, a rare newline.
    parts = piece.rstrip().rsplit(_CONTINUATION)
    # A continuation that is empty or starts with white space may be a whitespace-only line.
    if min(parts) < "!":
        return None
    joined = " ".join(map(str.rstrip, parts))
    lines = joined.split("\n")
    newlines = len(lines) + len(parts) - 2
    # When white space was stripped before a wrap (common) no newline may have gone with it:
    # that would have been a whitespace-only line.
    if len(joined) + 6 * (len(parts) - 1) != len(piece) and piece.count("\n") != newlines:
        return None
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    head, value = _HEAD, _VALUE  # slices built once, not twice per line
    for entry in lines:
        # Stripped as the careful path strips: a value never depends on the path it took.
        grouped[entry[head]].append(entry[value].strip())
    try:
        fields = {heads[start]: values for start, values in grouped.items()}
    except KeyError:
        return None
    if len(fields) != len(grouped):  # two heads for a tag: their values must stay in order
        return None
    pmids = fields.get("PMID")
    if pmids is not None and (len(pmids) > 1 or not piece.startswith("PMID-")):
        return None  # a PMID line inside: more than one record
    return fields, newlines


def _fields(
    block: str, first_line: int, name: str, heads: dict[str, str]
) -> tuple[dict[str, list[str]], list[ParseIssue]]:
    """Tag -> values of one block, continuations joined, and its stray lines as issues."""
    # rstrip: a trailing space before a continuation would double the space of the join.
    joined = " ".join([part.rstrip() for part in block.rstrip().split(_CONTINUATION)])
    lines = joined.split("\n")
    fields: defaultdict[str, list[str]] = defaultdict(list)
    for entry in lines:
        tag = heads.get(entry[:6])
        if tag is None:
            return _fields_line_by_line(lines, block, first_line, name, heads)
        fields[tag].append(entry[6:].strip())
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
        elif entry[4:7] == " - " and entry[:4].isalnum() and entry[:4].isupper():
            # A four-letter tag written as the shorter ones are: "ISSN - ISSN-1234-5678" (ERIC).
            values = fields[entry[:4]]
            values.append(entry[7:].strip())
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


def _record(fields: dict[str, list[str]], raw: str, line: int, name: str, count: int) -> Record:
    record = _pubmed_record(fields, raw, line, name, count)
    return record if record.pmid else without_pmid(record, fields)


def _pubmed_record(
    fields: dict[str, list[str]], raw: str, line: int, name: str, count: int
) -> Record:
    get = fields.get
    dates = get("DP")
    issns = get("IS")
    types = get("PT")
    pmid = pm[0].strip() if (pm := get("PMID")) else ""
    doi = _doi(fields)
    # FIELDS spelled out, with the fallbacks to BTI and TA: a loop costs twice as much.
    return Record(
        title=ti[0].strip() if (ti := get("TI")) else (bti[0] if (bti := get("BTI")) else ""),
        abstract=ab[0].strip() if (ab := get("AB")) else "",
        authors=tuple(get("FAU") or get("AU") or ()),
        year=_year(dates[0]) if dates else None,
        journal=jt[0].strip() if (jt := get("JT")) else (ta[0] if (ta := get("TA")) else ""),
        volume=vi[0].strip() if (vi := get("VI")) else "",
        issue=ip[0].strip() if (ip := get("IP")) else "",
        pages=pg[0].strip() if (pg := get("PG")) else "",
        doi=doi,
        pmid=pmid,
        issn=issns[0].split(" ", 1)[0] if issns else "",
        # Mapped here, not left to normalize_record, which would build the Record again.
        language=_language(la[0].strip()) if (la := get("LA")) else "",
        pub_type=_pub_type(tuple(types)) if types else "",
        keywords=(*get("MH", ()), *get("OT", ())),
        database=DATABASE,
        key=pmid or f"{name}#{count}",
        extra=_extra(fields, doi),
        raw=raw,
        line=line,
    )


# A file repeats a few dates and publication type lists thousands of times.
_year = lru_cache(maxsize=4096)(parse_year)


@lru_cache(maxsize=256)
def _pub_type(types: tuple[str, ...]) -> str:
    return normalize_pub_types(publication_types(types))


_language = lru_cache(maxsize=256)(normalize_language)


def _doi(fields: dict[str, list[str]]) -> str:
    """The first DOI among LID and AID values such as "10.1371/journal.pone.0209483 [doi]",
    or a DOI resolver's link without the mark ("http://dx.doi.org/10.1000/1": ERIC)."""
    for tag in IDENTIFIER_TAGS:
        for value in fields.get(tag, ()):
            if value.endswith("[doi]"):
                return value[:-5].strip()
            if "doi.org/10." in value:
                return value
    return ""


def _extra(fields: dict[str, list[str]], doi: str) -> dict[str, list[str]]:
    """Every tag the record does not hold in full, in file order."""
    extra = dict(fields)  # a plain dict, also when the careful path gave a defaultdict
    for tag in HELD_IN_FULL & fields.keys():  # fewer than the tags kept: delete, not filter
        if tag == "FAU" or len(fields[tag]) == 1:
            del extra[tag]
    for tag in IDENTIFIER_TAGS:  # the DOI is held by the record, a [pii] is not
        if tag in extra:
            kept = [value for value in extra[tag] if value[:-5].strip() != doi and value != doi]
            if kept:
                extra[tag] = kept
            else:
                del extra[tag]
    return extra
