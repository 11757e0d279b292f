"""RIS out: each Record field under its first tag in `ris.FIELD_TAGS`, and every `extra`
value RIS cannot carry as a tag line in a `screener:extra` note, so `ris.read` gives the
record back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TextIO

from screener.formats.ris import (
    ARTICLE_NUMBER,
    CONSUMED_TAGS,
    DATABASE_TAGS,
    END_PAGE,
    FIELD_TAGS,
    NOTE_PREFIX,
    NOTE_TAG,
    PMID_TAGS,
    SERIAL_TAGS,
    START_PAGE,
    TY_CODES,
    YEAR_TAGS,
    _first,
    _is_pmid,
)
from screener.formats.ris_lines import KEYWORD_TAG, TWO_CHAR_TAGS, VALID_TAG, parse_tag
from screener.formats.tagged import is_isbn
from screener.model import Record
from screener.normalize import parse_year


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
    if not VALID_TAG.fullmatch(tag) or tag in CONSUMED_TAGS or not _plain_text(value):
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
    if line[2:6] == "  - " and line[:2] in TWO_CHAR_TAGS:
        return True
    return parse_tag(line.lstrip("\ufeff")) is not None


def _tag_lines(tag: str, value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return f"{tag}  - {value}\n"


def _note(name: str, value: str) -> str:
    return f"{NOTE_TAG}  - {NOTE_PREFIX}{json.dumps({name: value}, ensure_ascii=False)}\n"


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())
