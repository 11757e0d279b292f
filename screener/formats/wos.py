"""Web of Science plain-text reader (.ciw, .isi: "FN Clarivate Analytics Web of Science").

A record is a run of lines tagged with two characters and a space (`TI Title`); a value goes
on over lines indented by three spaces; `ER` ends a record and `EF` the file. What an
indented line means depends on the tag: one more person, address or cited reference for the
list tags, more of the same text for the others. The tag tables and `record_from_fields` are
shared with the tab-delimited reader (`wos_tab`), so both exports map identically.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from screener.errors import ParseIssue
from screener.model import Record, RecordFields, TextTarget
from screener.normalize import normalize_pub_types, parse_year

DATABASE = "Web of Science"

# WoS tag -> Record field, for tags that give a field its value directly.
FIELDS: dict[str, TextTarget] = {
    "TI": "title",
    "AB": "abstract",
    "SO": "journal",
    "LA": "language",
    "VL": "volume",
    "IS": "issue",
    "DI": "doi",
    "BN": "isbn",
    "UT": "accession",
    "PM": "pmid",
}
# Read in `record_from_fields` as well: authors from AF (full names) else AU; year from PY
# else EY (early access); pages from BP-EP, else the article number AR; ISSN from SN else EI;
# publication type from DT, else from PT; keywords from DE (author keywords) then ID
# (Keywords Plus).

# Publication type (PT) -> Record.pub_type, for records without a document type (DT).
PUBLICATION_TYPES: dict[str, str] = {
    "J": "article",
    "B": "book",
    "S": "book",  # a book in a series
    "C": "conference",
    "P": "other",  # a patent
}
# WoS marks an article number it could not place ("UNSP 1722034"): never a page range.
UNPLACED_NUMBER = "UNSP "

# Tags whose indented lines are one more item each: people, addresses, cited references.
LINE_ITEM_TAGS: frozenset[str] = frozenset({"AU", "AF", "BA", "BF", "BE", "CA", "GP", "C1", "CR"})
# Tags holding "; "-separated items, wrapped like text: an item can go on over a line break.
SEMICOLON_TAGS: frozenset[str] = frozenset({"DE", "ID"})

# Tags the record holds in full, left out of `extra` (a single-valued one only when it occurs
# once). Every other tag stays in `extra`, including those read into a field only in part
# (AU, DT, DE, ID, AR, EI), so that an export can round-trip.
HELD_IN_FULL: frozenset[str] = frozenset(FIELDS) | {"AF", "PY", "BP", "EP", "SN"}

# Lines outside records: the file header and footer.
FILE_TAGS: frozenset[str] = frozenset({"FN", "VR", "EF"})


def read(stream: TextIO, name: str) -> Iterator[Record | ParseIssue]:
    """Records and parse issues from a WoS plain-text stream, in file order, line by line.

    Each record has `key` = its UT accession (else `name#N`, N counting records from 1),
    `line` = the line it starts on and `raw` = its text as read. A line that is neither a
    tag nor an indented continuation is joined to the value before it and reported as a
    warning (a carriage return inside a cited reference splits one that way); a record
    whose lines are not tags, or with neither UT nor title, is an error (skipped).
    """
    count = 0
    record: _Block | None = None
    for number, text in enumerate(stream, start=1):
        text = text.rstrip("\n")
        tag = _tag(text)
        if record is None:
            if not text.strip() or tag in FILE_TAGS:
                continue
            record = _Block(number)
        elif tag == "PT" and (record.tag or record.fields):
            count += 1
            yield from record.close(name, count, ended=False)
            record = _Block(number)
        elif tag in FILE_TAGS:  # EF with the last record still open
            count += 1
            yield from record.close(name, count, ended=False)
            record = None
            continue
        record.lines.append(text)
        if tag == "ER":
            count += 1
            yield from record.close(name, count, ended=True)
            record = None
        elif tag:
            record.start(tag, text[3:].strip(), number)
        elif text.startswith("   ") and record.tag:
            record.values.append(text.strip())
        elif text.strip():
            record.stray(text, number, name)
    if record is not None:
        count += 1
        yield from record.close(name, count, ended=False)


def _tag(text: str) -> str:
    """The tag a line starts with ("TI", "ER"), else ""."""
    head = text[:2]
    if (len(text) == 2 or text[2:3] == " ") and head.isalnum() and head.isupper():
        return head if head[0].isalpha() else ""
    return ""


@dataclass
class _Block:
    """The lines of one record as they are read, and its fields so far."""

    line: int
    lines: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    issues: list[ParseIssue] = field(default_factory=list)
    tag: str = ""
    values: list[str] = field(default_factory=list)

    def start(self, tag: str, value: str, number: int) -> None:
        if not self.tag and not self.fields:
            self.line = number  # the record starts at its first field, after any stray text
        self.finish_field()
        self.tag, self.values = tag, [value]

    def stray(self, text: str, number: int, name: str) -> None:
        if self.tag:
            self.values[-1] = f"{self.values[-1]} {text.strip()}"
            message = f"line without a tag; joined to the {self.tag} value before it"
        else:
            message = "text between records is not Web of Science; ignored"
        self.issues.append(ParseIssue(number, message, text, "warning", name))

    def finish_field(self) -> None:
        if self.tag:
            self.fields.setdefault(self.tag, []).extend(split_items(self.tag, self.values))
            self.tag = ""

    def close(self, name: str, count: int, *, ended: bool) -> Iterator[Record | ParseIssue]:
        self.finish_field()
        raw = "\n".join(self.lines)
        if not self.fields:
            if ended:
                message = "record has no field tags; skipped"
                yield ParseIssue(self.line, message, raw, "error", name)
            else:
                message = "text between records is not Web of Science; ignored"
                yield ParseIssue(self.line, message, raw, "warning", name)
            return
        yield from self.issues
        if not ended:
            message = "record ends without an ER line"
            yield ParseIssue(self.line, message, raw, "warning", name)
        if "UT" in self.fields or "TI" in self.fields:
            fallback_key = f"{name}#{count}"
            yield record_from_fields(
                self.fields, raw=raw, line=self.line, fallback_key=fallback_key
            )
        else:
            yield ParseIssue(self.line, "record has neither UT nor title; skipped", raw, file=name)


def split_items(tag: str, lines: list[str]) -> list[str]:
    """The values of one occurrence of `tag`, from its first line and indented lines."""
    if tag in LINE_ITEM_TAGS:
        return [line for line in lines if line]
    text = " ".join(line for line in lines if line)
    if tag in SEMICOLON_TAGS:
        return [item.strip() for item in text.split(";") if item.strip()]
    return [text]


def record_from_fields(
    fields: dict[str, list[str]], *, raw: str, line: int, fallback_key: str
) -> Record:
    """A Record from WoS tag -> values, keyed by its UT accession, else by `fallback_key`."""
    values: RecordFields = {
        "authors": tuple(_first_list(fields, ("AF", "AU"))),
        "year": parse_year(_first(fields, ("PY", "EY"))),
        "pages": _pages(fields),
        "issn": _first(fields, ("SN", "EI")),
        "pub_type": normalize_pub_types(fields.get("DT", ()))
        or PUBLICATION_TYPES.get(_first(fields, ("PT",)), ""),
        "keywords": (*fields.get("DE", ()), *fields.get("ID", ())),
        "database": DATABASE,
        "extra": {
            tag: found
            for tag, found in fields.items()
            if found and (tag not in HELD_IN_FULL or (len(found) > 1 and tag not in LINE_ITEM_TAGS))
        },
        "raw": raw,
        "line": line,
    }
    for tag, name in FIELDS.items():
        if found := fields.get(tag):
            values[name] = found[0]
    values["key"] = values.get("accession") or fallback_key
    return Record(**values)


def _pages(fields: dict[str, list[str]]) -> str:
    first, last = _first(fields, ("BP",)), _first(fields, ("EP",))
    if first and last and first != last:
        return f"{first}-{last}"
    number = _first(fields, ("AR",))
    return first or last or ("" if number.startswith(UNPLACED_NUMBER) else number)


def _first(fields: dict[str, list[str]], tags: Iterable[str]) -> str:
    return next((fields[tag][0] for tag in tags if fields.get(tag)), "")


def _first_list(fields: dict[str, list[str]], tags: Iterable[str]) -> list[str]:
    return next((fields[tag] for tag in tags if fields.get(tag)), [])
