"""RIS: every vendor's dialect in, standard RIS out, and back again without loss.

Reading is two small steps: `_split` cuts the stream into records (tag -> values, in file
order) and issues, taking plain `XX  - value` records whole by a fast path and anything
quirky line by line (`_LineParser`); `_to_record` maps tags onto Record fields by the tables
below and keeps every other value in `extra`. Writing uses the same tables, so what `write`
puts under a field's first tag is what `read` picks for that field again.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from screener.errors import ParseIssue
from screener.formats.tagged import is_isbn, take, take_year
from screener.model import Record
from screener.normalize import normalize_pub_type, parse_year

# Record field <- RIS tags, in order of preference. The first non-empty value wins and
# leaves; every other value stays in `extra` under its tag. The writer writes each field
# under its first tag.
FIELD_TAGS: dict[str, tuple[str, ...]] = {
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
KEYWORD_TAG = "KW"  # untagged lines after it are one more keyword each
YEAR_TAGS = ("PY", "Y1", "DA", "Y2")  # a year value leaves only when it is the bare year
PMID_TAGS = ("C2", "PMID")  # a bare number only: C2 may hold a PMCID ("PMC...")
SERIAL_TAGS = ("SN", "BN")  # ISBN when shaped like one, else ISSN (SN only)
DATABASE_TAGS = ("DB", "DP")  # the first is Record.database; all values stay in extra
START_PAGE, END_PAGE, ARTICLE_NUMBER = "SP", "EP", "C7"  # C7: pages only when no SP
BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK"})
PUBMED_PROVIDERS = frozenset({"nlm", "pubmed", "medline"})  # their AN is the PMID
# Tags always taken whole by the reader: an `extra` value under them is written as a note.
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

# An `extra` field RIS cannot carry as a tag line (a name from another format, or a value
# the reader would take for a Record field) goes out as a note the reader maps back:
#   N1  - screener:extra {"Author full names": "Smith, Jane Ann"}
NOTE_TAG, NOTE_PREFIX = "N1", "screener:extra "

_TWO_CHAR_TAGS = frozenset(
    a + b for a in string.ascii_uppercase for b in string.digits + string.ascii_uppercase
)
_SHORT_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,3}-(?:[ \t](.*))?$")  # "KW - x", "ER  -"
_LONG_TAG = re.compile(r"([A-Z][A-Z0-9]{2,3})  -(?:[ \t](.*))?$|(PMID) ?-(?:[ \t](.*))?$")
_MALFORMED_TAG = re.compile(r"([A-Z][A-Z0-9])(?: {1,3}-+| {0,3}-+ )(.*)$")  # "AU -Name"
_VALID_TAG = re.compile(r"[A-Z][A-Z0-9]{1,3}")


@dataclass(slots=True)
class _Block:
    """One record's tag values as split from the stream, before mapping."""

    line: int
    fields: dict[str, list[str]]
    raw: str
    issues: tuple[ParseIssue, ...] = ()


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


def _split(stream: TextIO, name: str) -> Iterator[_Block | ParseIssue]:
    """Blocks ending at an `ER  -` line: plain ones by a fast path, the rest line by line."""
    parser = _LineParser(name)
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
                yield _Block(first, fields, text)
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
    """Tag values of a record from a TY line to an ER line, or None when it needs `_LineParser`.

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
        elif tag == "TY" or tag not in _TWO_CHAR_TAGS:
            return None
    if len(fields["TY"]) != 1 or not _TWO_CHAR_TAGS.issuperset(fields):
        return None  # a second record (no ER between), or a line that is not a tag line
    return fields


def _continue_plainly(values: list[str], tag: str, line: str) -> bool:
    """Add an untagged line to the field above it, unless it is blank or looks like a tag."""
    text = line.strip()
    if not text or tag == "TY" or _parse_tag(line.rstrip().lstrip("\ufeff")) is not None:
        return False
    if tag == KEYWORD_TAG:
        values.append(text)
    elif values:
        values[-1] += "\n" + text
    else:
        values.append(text)
    return True


class _LineParser:
    """Reads quirky RIS line by line: continuation lines, stray tags, missing ER lines."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.fields: dict[str, list[str]] | None = None  # the open record
        self.lines: list[str] = []  # its raw lines
        self.issues: list[ParseIssue] = []
        self.start = 0
        self.target: list[str] | None = None  # the values a continuation line extends
        self.one_per_line = False
        self.held: list[str] = []  # a blank line and what follows: continuation if a tag follows
        self.stray: list[str] = []  # tagged lines outside a record
        self.stray_start = 0

    @property
    def idle(self) -> bool:
        return self.fields is None and not self.stray

    def feed(self, text: str, number: int) -> Iterator[_Block | ParseIssue]:
        """Read the lines of `text`, the first of them being line `number`."""
        lines = text.split("\n")
        last = lines.pop()
        for offset, line in enumerate(lines):
            yield from self._line(line + "\n", number + offset)
        if last:
            yield from self._line(last, number + len(lines))

    def close(self) -> Iterator[_Block | ParseIssue]:
        if self.stray:
            yield self._stray_issue()
        if self.fields is not None:
            yield self._finish()

    def _line(self, line: str, number: int) -> Iterator[_Block | ParseIssue]:
        if line[2:6] == "  - " and line[:2] in _TWO_CHAR_TAGS:
            tag, value = line[:2], line[6:].strip()
        else:
            text = line.rstrip()
            parsed = _parse_tag(text.lstrip("\ufeff")) if text else None
            if parsed is None:
                self._untagged(line, text, number)
                if self.stray and not text:
                    yield self._stray_issue()
                return
            tag, value, malformed = parsed
            if malformed and self.fields is not None:
                message = f"malformed tag line read as {tag}"
                self.issues.append(ParseIssue(number, message, text, "warning", self.name))
        if tag == "TY":
            if self.stray:
                yield self._stray_issue()
            if self.fields is not None:
                yield self._finish()
            self.fields = {"TY": [value]} if value else {}
            self.lines = [line]
            self.start = number
            self.target = None
        elif self.fields is None:
            if not self.stray:
                self.stray_start = number
            self.stray.append(line)
            if tag == "ER":
                yield self._stray_issue()
        else:
            if self.held:
                self._take_held(number)
            self.lines.append(line)
            if tag == "ER":
                yield self._finish()
                return
            target = self.fields.get(tag)
            if target is None:
                target = self.fields[tag] = []
            if value:
                target.append(value)
            self.target = target
            self.one_per_line = tag == KEYWORD_TAG

    def _untagged(self, line: str, text: str, number: int) -> None:
        if self.fields is None:
            if self.stray and text:
                self.stray.append(line)  # outside a record, untagged lines are not data
        elif self.held or not text:
            self.held.append(line)
        else:
            self._continue(text.strip(), 0, number)
            self.lines.append(line)

    def _continue(self, text: str, gap: int, number: int) -> None:
        target = self.target
        if target is None:
            message = "untagged line with no field to continue"
            self.issues.append(ParseIssue(number, message, text, "warning", self.name))
        elif self.one_per_line:
            target.append(text)
        elif target:
            target[-1] += "\n" * (gap + 1) + text
        else:
            target.append(text)

    def _take_held(self, number: int) -> None:
        gap = 0
        first = number - len(self.held)
        for offset, line in enumerate(self.held):
            text = line.strip()
            if text:
                self._continue(text, gap, first + offset)
                gap = 0
            else:
                gap += 1
        self.lines.extend(self.held)
        self.held.clear()

    def _finish(self) -> _Block:
        assert self.fields is not None
        block = _Block(self.start, self.fields, "".join(self.lines), tuple(self.issues))
        self.fields, self.lines, self.issues = None, [], []
        self.held.clear()  # untagged lines after a blank line that no tag claimed: junk
        return block

    def _stray_issue(self) -> ParseIssue:
        only_end = all(_tag_of(line) == "ER" for line in self.stray if line.strip())
        if only_end:
            message, severity = "end of record (ER) with no record open", "warning"
        else:
            message, severity = "tagged lines with no TY before them: skipped", "error"
        issue = ParseIssue(self.stray_start, message, "".join(self.stray), severity, self.name)
        self.stray.clear()
        return issue


def _parse_tag(text: str) -> tuple[str, str, bool] | None:
    """(tag, value, malformed) for a quirky tag line, None for an untagged line."""
    match = _SHORT_TAG.match(text) or _LONG_TAG.match(text)
    if match:
        groups = [group for group in match.groups() if group is not None]
        return groups[0], (groups[1].strip() if len(groups) > 1 else ""), False
    match = _MALFORMED_TAG.match(text)
    if match:
        return match[1], match[2].strip(), True
    return None


def _tag_of(line: str) -> str:
    parsed = _parse_tag(line.strip().lstrip("\ufeff"))
    return parsed[0] if parsed else ""


def _first(fields: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    for tag in tags:
        values = fields.get(tag)
        if values:
            return values[0]
    return ""


def _is_pmid(value: str) -> bool:
    return value.isdigit() and value.isascii() and len(value) <= 9


def _to_record(block: _Block, name: str, ordinal: int) -> Record:
    fields = block.fields
    notes = _take_notes(fields) if NOTE_TAG in fields else []
    text = _take_text(fields)
    pub_type = _first(fields, ("TY",))
    if "title" not in text and pub_type in BOOK_TYPES:
        text["title"] = take(fields, ("BT",))
    if START_PAGE in fields:
        start_page = take(fields, (START_PAGE,))
        end_page = take(fields, (END_PAGE,)) if start_page and "-" not in start_page else ""
        text["pages"] = f"{start_page}-{end_page}" if end_page else start_page
    if not text.get("pages"):
        text["pages"] = _first(fields, (ARTICLE_NUMBER,))
    database = _first(fields, DATABASE_TAGS)
    pmid = take(fields, PMID_TAGS, _is_pmid) if "C2" in fields or "PMID" in fields else ""
    accession = text.get("accession", "")
    if not pmid and database.lower() in PUBMED_PROVIDERS and _is_pmid(accession):
        pmid = accession
    if SERIAL_TAGS[0] in fields or SERIAL_TAGS[1] in fields:
        text["isbn"] = take(fields, SERIAL_TAGS, is_isbn)
        text["issn"] = take(fields, SERIAL_TAGS[:1], lambda value: not is_isbn(value))
    record = Record(
        authors=(*fields.pop(AUTHOR_TAGS[0], ()), *fields.pop(AUTHOR_TAGS[1], ())),
        year=take_year(fields, YEAR_TAGS),
        pmid=pmid,
        # Mapped here, not left to normalize_record, which would build the Record again.
        pub_type=normalize_pub_type(pub_type),
        keywords=tuple(fields.pop(KEYWORD_TAG, ())),
        database=database,
        extra={tag: values for tag, values in fields.items() if values},
        raw=block.raw,
        line=block.line,
        key=text.pop("key", "") or f"{name}#{ordinal}",
        **text,
    )
    for name, value in notes:
        record.extra.setdefault(name, []).append(value)
    return record


# tag -> (field, preference) for the plain text fields; BT is for books only (_to_record)
_RANKED = {
    tag: (name, rank)
    for name, tags in FIELD_TAGS.items()
    for rank, tag in enumerate(tags)
    if tag != "BT"
}


def _take_text(fields: dict[str, list[str]]) -> dict[str, str]:
    """The FIELD_TAGS fields present, each taken from the first value of its preferred tag."""
    chosen: dict[str, tuple[int, list[str]]] = {}
    for tag, values in fields.items():
        ranked = _RANKED.get(tag)
        if ranked is not None and values:
            name, rank = ranked
            if name not in chosen or rank < chosen[name][0]:
                chosen[name] = (rank, values)
    return {name: values.pop(0) for name, (_, values) in chosen.items()}


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


def write(records: Iterable[Record], stream: TextIO) -> int:
    """Write records as standard RIS with "\n" line ends; returns how many were written.

    `read` gives back every field RIS carries (text whose lines have no leading or trailing
    blanks and do not read as tag lines) and every `extra` value: a value RIS cannot hold
    under its own tag goes out as a `N1  - screener:extra {"name": "value"}` note, which
    `read` maps back into `extra`.
    """
    count = 0
    for record in records:
        stream.write(format_record(record))
        count += 1
    return count


def format_record(record: Record) -> str:
    """One record as RIS text, from `TY  - ` to `ER  - ` and a blank line."""
    extra = record.extra
    out: list[str] = []
    written: set[str] = set()  # fields, and the page tags, written under their own tag

    def put(tag: str, value: str, name: str) -> None:
        if value:
            out.append(_tag_lines(tag, value))
            written.add(name)

    stashed = extra.get("TY") or []
    type_code, work_type = TY_CODES.get(record.pub_type, ("", ""))
    if stashed and _plain_text(stashed[0]):
        type_code, stashed = stashed[0], stashed[1:]
    elif not type_code:
        type_code = record.pub_type if _TY_CODE.fullmatch(record.pub_type) else "GEN"
    out.append(f"TY  - {type_code}\n")
    put("TI", record.title, "title")
    out.extend(f"AU  - {_one_line(author)}\n" for author in record.authors)
    if record.year is not None:
        put(YEAR_TAGS[0], str(record.year), "year")
    put("T2", record.journal, "journal")
    put("VL", record.volume, "volume")
    put("IS", record.issue, "issue")
    article_numbers = extra.get(ARTICLE_NUMBER) or [""]
    if record.pages != article_numbers[0]:
        pages = _PAGE_RANGE.fullmatch(record.pages)
        put(START_PAGE, pages[1] if pages else record.pages, START_PAGE)
        put(END_PAGE, pages[2] if pages else "", END_PAGE)
    put("SN", record.issn, "issn")
    put("SN", record.isbn, "isbn")
    put("DO", record.doi, "doi")
    put(PMID_TAGS[0], record.pmid, "pmid")
    put("AN", record.accession, "accession")
    put("UR", record.url, "url")
    put("LA", record.language, "language")
    if record.database != _first(extra, DATABASE_TAGS):
        put(DATABASE_TAGS[0], record.database, "database")
    out.extend(f"{KEYWORD_TAG}  - {_one_line(keyword)}\n" for keyword in record.keywords)
    put("AB", record.abstract, "abstract")
    put("ID", record.key, "key")
    if work_type and not extra.get("TY") and not extra.get("M3"):
        put("M3", work_type, "M3")
    for tag, values in extra.items():
        if tag == "TY":
            values = stashed
        plain = tag != "TY" and all(_plain(record, tag, value, written) for value in values)
        out.extend(_tag_lines(tag, value) if plain else _note(tag, value) for value in values)
    out.append("ER  - \n\n")
    return "".join(out)


_TY_CODE = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_PAGE_RANGE = re.compile(r"([^\s-]+)-([^\s-]+)")
_FIELD_OF = {tag: name for name, tags in FIELD_TAGS.items() for tag in tags}


def _plain(record: Record, tag: str, value: str, written: set[str]) -> bool:
    """Whether `read` gives `value` back under `tag` in extra when written as a tag line."""
    if not _VALID_TAG.fullmatch(tag) or tag in CONSUMED_TAGS or not _plain_text(value):
        return False
    # A value the reader would take for a field must follow the field's own value.
    if tag in _FIELD_OF:
        return _FIELD_OF[tag] in written
    if tag in YEAR_TAGS:
        return record.year is not None or parse_year(value) is None
    if tag in PMID_TAGS:
        return bool(record.pmid) or not _is_pmid(value)
    if tag in SERIAL_TAGS:
        if is_isbn(value):
            return bool(record.isbn)
        return tag != "SN" or bool(record.issn)
    if tag in DATABASE_TAGS:
        return bool(record.database)
    if tag in (START_PAGE, END_PAGE):
        return tag in written
    if tag == ARTICLE_NUMBER:
        return bool(record.pages)
    return tag != NOTE_TAG or not value.startswith(NOTE_PREFIX)


def _plain_text(value: str) -> bool:
    """Whether `read` gives `value` back as written: RIS strips lines and cannot escape."""
    if not value or "\r" in value:
        return False
    lines = value.split("\n")
    if not lines[0] or not lines[-1]:
        return False
    for index, line in enumerate(lines):
        if line != line.strip():
            return False
        if index and line and _looks_tagged(line):
            return False
    return True


def _looks_tagged(line: str) -> bool:
    if line[2:6] == "  - " and line[:2] in _TWO_CHAR_TAGS:
        return True
    return _parse_tag(line.lstrip("\ufeff")) is not None


def _tag_lines(tag: str, value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return f"{tag}  - {value}\n"


def _note(name: str, value: str) -> str:
    return f"{NOTE_TAG}  - {NOTE_PREFIX}{json.dumps({name: value}, ensure_ascii=False)}\n"


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())
