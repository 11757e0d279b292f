"""RIS: every vendor's dialect in, standard RIS out, and back again without loss.

Reading is two small steps: `_split` cuts the stream into records (tag -> values, in file
order) and issues, taking plain `XX  - value` records whole by a fast path and anything
quirky line by line (`LineParser`); `_to_record` maps tags onto Record fields by the tables
below and keeps every other value in `extra`. Writing uses the same tables, so what `write`
puts under a field's first tag is what `read` picks for that field again.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from typing import TextIO

from screener.errors import ParseIssue
from screener.formats.ris_lines import (
    KEYWORD_TAG,
    TWO_CHAR_TAGS,
    Block,
    LineParser,
    parse_tag,
)
from screener.formats.tagged import is_isbn, take, take_year
from screener.model import Record, RecordFields, TextTarget
from screener.normalize import normalize_pub_type, normalize_pub_types

# Record field <- RIS tags, in order of preference. The first non-empty value wins and
# leaves; every other value stays in `extra` under its tag. The writer writes each field
# under its first tag.
FIELD_TAGS: dict[TextTarget, tuple[str, ...]] = {
    "key": ("ID",),
    "title": ("TI", "T1", "CT", "BT"),  # BT only for book types (BOOK_TYPES)
    "abstract": ("AB", "N2"),
    "journal": ("T2", "JF", "JO", "J2", "JA", "J1"),  # full names before abbreviations
    "volume": ("VL", "VO"),
    "issue": ("IS", "CP"),
    "doi": ("DO",),
    "url": ("UR",),
    "language": ("LA",),
    "accession": ("AN",),  # WoS "WOS:...", Scopus "2-s2.0-...", PsycInfo "2021-12345-001"
}
AUTHOR_TAGS = ("AU", "A1")  # A2, A3, ED (editors) stay in extra
YEAR_TAGS = ("PY", "Y1", "DA", "Y2")  # a year value leaves only when it is the bare year
PMID_TAGS = ("C2", "PMID")  # a bare number only: C2 may hold a PMCID ("PMC...")
SERIAL_TAGS = ("SN", "BN")  # ISBN when shaped like one, else ISSN (SN only)
DATABASE_TAGS = ("DB", "DP")  # the first is Record.database; all values stay in extra
START_PAGE, END_PAGE, ARTICLE_NUMBER = "SP", "EP", "C7"  # C7: pages only when no SP
BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK"})
THESIS_TYPE = "THES"
# The type of work ("Review", "Book Chapter", "Conference Paper": Scopus), which may say more
# than TY; kept in extra as well.
WORK_TYPE = "M3"
# Words of a database's name that a thesis record may give where a container would go
# ("ProQuest Dissertations & Theses Global"): a thesis is in no journal.
_DATABASE_WORDS = ("dissertations", "theses")
PUBMED_PROVIDERS = frozenset({"nlm", "pubmed", "medline"})  # their AN is the PMID
# Tags always taken whole by the reader: the writer never writes an `extra` value under them.
CONSUMED_TAGS = frozenset({"TY", "ER", KEYWORD_TAG, *AUTHOR_TAGS})

# Record.pub_type -> TY, for records that did not come from RIS (those keep extra["TY"]),
# and the M3 ("type of work") that says what TY cannot.
TY_CODES: dict[str, tuple[str, str]] = {
    "article": ("JOUR", ""),
    "review": ("JOUR", "Review"),
    "editorial": ("JOUR", "Editorial"),
    "letter": ("JOUR", "Letter"),
    "erratum": ("JOUR", "Erratum"),
    "conference": ("CONF", ""),
    "book": ("BOOK", ""),
    "chapter": ("CHAP", ""),
    "thesis": ("THES", ""),
    "report": ("RPRT", ""),
    "preprint": ("UNPB", ""),  # RIS has no preprint type; Zotero also writes UNPB
    "other": ("GEN", ""),
}

# Earlier versions wrote an `extra` field RIS cannot carry as a note; the reader still
# maps such notes back into `extra`:
#   N1  - screener:extra {"Author full names": "Smith, Jane Ann"}
NOTE_TAG, NOTE_PREFIX = "N1", "screener:extra "


def read(stream: TextIO, name: str) -> Generator[Record | ParseIssue, None, int]:
    """Records and issues from a RIS stream, in file order, one record in memory at a time;
    returns how many `name#N` ordinals it used (see `screener.formats.pieces`).

    Values are raw (normalisation comes after; the TY code is mapped onto Record.pub_type
    here already); every value not mapped onto a field is in
    `extra` under its tag; the TY code is kept as extra["TY"]. Tagged lines with no TY
    before them are one "error" issue (the block is skipped); a malformed tag line inside a
    record is read leniently and reported as a "warning".
    """
    ordinal = 0
    for item in _split(stream, name):
        if isinstance(item, ParseIssue):
            yield item
            continue
        ordinal += 1
        yield _to_record(item, name, ordinal)
        yield from item.issues
    return ordinal


_CHUNK = 1 << 20
_END_LINE = "\nER  -"


def _split(stream: TextIO, name: str) -> Iterator[Block | ParseIssue]:
    """Blocks ending at an `ER  -` line: plain ones by a fast path, the rest line by line."""
    parser = LineParser(name)
    buffer = ""
    number = 1  # line number of buffer[0]
    while chunk := stream.read(_CHUNK):
        buffer += chunk
        start = 0
        while (end := buffer.find(_END_LINE, max(start - 1, 0))) >= 0:
            end = buffer.find("\n", end + 1) + 1
            if not end:
                break  # the ER line goes on in the next chunk
            block = buffer[start:end]
            text = block.lstrip("\n")
            first = number + len(block) - len(text)
            fields = _plain_fields(text) if parser.idle else None
            if fields is None:
                yield from parser.feed(block, number)
            else:
                yield Block(first, fields, text)
            number += block.count("\n")
            start = end
        buffer = buffer[start:]
        if len(buffer) > _CHUNK:  # no ER for a long while: go on line by line
            cut = buffer.rfind("\n") + 1
            yield from parser.feed(buffer[:cut], number)
            number += buffer.count("\n", 0, cut)
            buffer = buffer[cut:]
    yield from parser.feed(buffer, number)
    yield from parser.close()


def _plain_fields(text: str) -> dict[str, list[str]] | None:
    """Tag values of a record from a TY line to an ER line, or None when it needs `LineParser`.

    Takes `XX  - value` lines, and untagged lines that plainly continue the field above;
    blank lines, quirky or malformed tag lines and a second TY go to the line parser.
    """
    if not text.startswith("TY  - "):
        return None
    fields: dict[str, list[str]] = {}
    get, setdefault = fields.get, fields.setdefault  # local names: the hot loop of an import
    values: list[str] = []
    tag = ""
    for line in text[: text.rfind("\n", 0, -1)].split("\n"):
        head, dash, value = line.partition("  - ")
        if len(head) != 2 or not dash:
            if not _continue_plainly(values, tag, line):
                return None
            continue
        tag = head
        value = value.strip()
        values = get(tag) or setdefault(tag, [])
        if value:
            values.append(value)
        elif tag == "TY" or tag not in TWO_CHAR_TAGS:
            return None
    if len(fields["TY"]) != 1 or not TWO_CHAR_TAGS.issuperset(fields):
        return None  # a second record (no ER between), or a line that is not a tag line
    return fields


def _continue_plainly(values: list[str], tag: str, line: str) -> bool:
    """Add an untagged line to the field above it, unless it is blank or looks like a tag."""
    text = line.strip()
    if not text or tag == "TY" or parse_tag(line.rstrip().lstrip("\ufeff")) is not None:
        return False
    if tag == KEYWORD_TAG:
        values.append(text)
    elif values:
        values[-1] += "\n" + text
    else:
        values.append(text)
    return True


def _first(fields: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    for tag in tags:
        values = fields.get(tag)
        if values:
            return values[0]
    return ""


def _is_pmid(value: str) -> bool:
    return value.isdigit() and value.isascii() and len(value) <= 9


def _from_pubmed(fields: dict[str, list[str]]) -> bool:
    """Whether a database or provider tag names PubMed (EndNote: `DP  - NLM`), whose AN is
    the PMID."""
    return any(
        value.lower() in PUBMED_PROVIDERS for tag in DATABASE_TAGS for value in fields.get(tag, ())
    )


def _to_record(block: Block, name: str, ordinal: int) -> Record:
    fields = block.fields
    notes = _take_notes(fields) if NOTE_TAG in fields else []
    pub_type = _first(fields, ("TY",))
    thesis = pub_type == THESIS_TYPE
    held = _database_containers(fields) if thesis else {}
    text = _take_text(fields)
    fields.update(held)  # back among the values kept in extra
    if "title" not in text and pub_type in BOOK_TYPES:
        text["title"] = take(fields, ("BT",))
    if START_PAGE in fields and not (thesis and _is_page_count(fields)):
        start_page = take(fields, (START_PAGE,))
        end_page = take(fields, (END_PAGE,)) if start_page and "-" not in start_page else ""
        text["pages"] = f"{start_page}-{end_page}" if end_page else start_page
    if not text.get("pages"):
        text["pages"] = _first(fields, (ARTICLE_NUMBER,))
    database = _first(fields, DATABASE_TAGS)
    pmid = take(fields, PMID_TAGS, _is_pmid) if "C2" in fields or "PMID" in fields else ""
    accession = text.get("accession", "")
    if not pmid and _is_pmid(accession) and _from_pubmed(fields):
        pmid = accession
    if SERIAL_TAGS[0] in fields or SERIAL_TAGS[1] in fields:
        text["isbn"] = take(fields, SERIAL_TAGS, is_isbn)
        text["issn"] = take(fields, SERIAL_TAGS[:1], lambda value: not is_isbn(value))
    record_fields: RecordFields = {
        **text,
        "authors": (*fields.pop(AUTHOR_TAGS[0], ()), *fields.pop(AUTHOR_TAGS[1], ())),
        "year": take_year(fields, YEAR_TAGS),
        "pmid": pmid,
        # Mapped here, not left to normalize_record, which would build the Record again.
        "pub_type": _pub_type(pub_type, fields.get(WORK_TYPE)),
        "keywords": tuple(fields.pop(KEYWORD_TAG, ())),
        "database": database,
        "extra": {tag: values for tag, values in fields.items() if values},
        "raw": block.raw,
        "line": block.line,
        "key": text.get("key") or f"{name}#{ordinal}",
    }
    record = Record(**record_fields)
    for name, value in notes:
        record.extra.setdefault(name, []).append(value)
    return record


def _pub_type(code: str, work_types: list[str] | None) -> str:
    """The publication type of a TY code, or of the type of work where that says more
    (a review under JOUR, a chapter under BOOK)."""
    if not work_types:
        return normalize_pub_type(code)
    return normalize_pub_types((code, *work_types))


def _database_containers(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The container tags of a thesis record that name a database (the record's DB or DP,
    or a name of dissertations and theses), taken out of `fields`."""
    databases = {value.casefold() for tag in DATABASE_TAGS for value in fields.get(tag, ())}
    held: dict[str, list[str]] = {}
    for tag in FIELD_TAGS["journal"]:
        values = fields.get(tag)
        if values and any(_names_a_database(value, databases) for value in values):
            held[tag] = fields.pop(tag)
    return held


def _names_a_database(value: str, databases: set[str]) -> bool:
    folded = value.casefold()
    return folded in databases or any(word in folded for word in _DATABASE_WORDS)


def _is_page_count(fields: dict[str, list[str]]) -> bool:
    """Whether a thesis record's SP is its number of pages ("245"), not a range."""
    starts = fields.get(START_PAGE, [])
    return len(starts) == 1 and starts[0].isdigit() and not fields.get(END_PAGE)


# tag -> (field, preference) for the plain text fields; BT is for books only (_to_record)
_RANKED = {
    tag: (name, rank)
    for name, tags in FIELD_TAGS.items()
    for rank, tag in enumerate(tags)
    if tag != "BT"
}


def _take_text(fields: dict[str, list[str]]) -> RecordFields:
    """The FIELD_TAGS fields present, each taken from the first value of its preferred tag."""
    chosen: dict[TextTarget, tuple[int, list[str]]] = {}
    for tag, values in fields.items():
        ranked = _RANKED.get(tag)
        if ranked is not None and values:
            name, rank = ranked
            if name not in chosen or rank < chosen[name][0]:
                chosen[name] = (rank, values)
    text: RecordFields = {}
    for name, (_, values) in chosen.items():
        text[name] = values.pop(0)
    return text


def _take_notes(fields: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The `extra` fields our writer put in N1 notes, removed from the N1 values."""
    values = fields.get(NOTE_TAG)
    if not values or not any(value.startswith(NOTE_PREFIX) for value in values):
        return []
    notes: list[tuple[str, str]] = []
    kept: list[str] = []
    for value in values:
        note = _decode_note(value) if value.startswith(NOTE_PREFIX) else None
        if note is None:
            kept.append(value)
        else:
            notes.append(note)
    values[:] = kept
    return notes


def _decode_note(value: str) -> tuple[str, str] | None:
    try:
        decoded = json.loads(value[len(NOTE_PREFIX) :])
    except ValueError:
        return None
    if not isinstance(decoded, dict) or len(decoded) != 1:
        return None
    ((name, text),) = decoded.items()
    return (name, text) if isinstance(text, str) else None


# The writer shares this module's tag tables; `ris.write` stays the format's entry point.
from screener.formats.ris_writer import format_record, write  # noqa: E402

__all__ = ["format_record", "read", "write"]
