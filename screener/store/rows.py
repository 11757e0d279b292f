"""Converting records to and from table rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone

from screener.model import Record
from screener.store.raw_codec import compress, decompress

_VALUE_COLUMNS = (
    "key, line, title, abstract, authors, year, journal, volume, issue, pages, doi, pmid, "
    "issn, isbn, language, pub_type, keywords, url, database, accession, extra, raw"
)
_RECORD_COLUMNS = "source_id, " + _VALUE_COLUMNS
_PLACES = ", ".join("?" * (_VALUE_COLUMNS.count(",") + 1))
INSERT_RECORD = f"INSERT INTO records ({_RECORD_COLUMNS}) VALUES (?, {_PLACES})"
# Where record_values puts the key, the line and the database.
KEY, LINE, DATABASE = 0, 1, 18


_BLOCK_COLUMNS = _RECORD_COLUMNS.replace(", raw", ", raw_text, raw_at, raw_end")
_PLACES_BEFORE_RAW = ", ".join("?" * _VALUE_COLUMNS.count(","))


def insert_block_rows(source_id: int, raw_text: int) -> str:
    """The INSERT for rows of `pack_raw` of one source and one raw-text block (ints, safe
    to inline)."""
    places = f"{int(source_id)}, {_PLACES_BEFORE_RAW}, {int(raw_text)}, ?, ?"
    return f"INSERT INTO records ({_BLOCK_COLUMNS}) VALUES ({places})"


# Records whose raw texts share one compressed block: a batch or a piece of an import, so
# that showing one record's raw text decompresses a few MB at most.
RAW_BLOCK_RECORDS = 2000


def pack_raw(rows: list[tuple]) -> list[tuple[bytes, list[tuple]]]:
    """Rows of `record_values` in blocks of RAW_BLOCK_RECORDS: each block's raw texts
    joined and compressed (`raw_codec`), and its rows with raw replaced by (raw_at, raw_end), the
    record's stretch of the joined text."""
    blocks = []
    for start in range(0, len(rows), RAW_BLOCK_RECORDS):
        chunk = rows[start : start + RAW_BLOCK_RECORDS]
        texts = [row[-1] or "" for row in chunk]
        packed = []
        at = 0
        for row, text in zip(chunk, texts, strict=True):
            end = at + len(text)
            packed.append((*row[:-1], at, end))
            at = end
        blocks.append((compress("".join(texts).encode("utf-8")), packed))
    return blocks


def unpack_raw(data: bytes, at: int, end: int) -> str:
    return decompress(data).decode("utf-8")[at:end]


SELECT_RECORD = f"SELECT id, {_RECORD_COLUMNS} FROM records"


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _text(value: str) -> str | None:
    return value or None


# json.dumps with options builds an encoder per call: a third of an import's row building.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode
_encode_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_strings(values: tuple[str, ...]) -> str | None:
    """A tuple of strings as the JSON list json.dumps(..., ensure_ascii=False) writes."""
    return "[" + ", ".join(map(_encode_string, values)) + "]" if values else None


def record_row(source_id: int, record: Record) -> tuple:
    return (source_id, *record_values(record))


def record_values(record: Record, line_offset: int = 0) -> tuple:
    """The record's columns after source_id; its line moved down by `line_offset`."""
    return (
        record.key,
        record.line + line_offset,
        _text(record.title),
        _text(record.abstract),
        _json_strings(record.authors),
        record.year,
        _text(record.journal),
        _text(record.volume),
        _text(record.issue),
        _text(record.pages),
        _text(record.doi),
        _text(record.pmid),
        _text(record.issn),
        _text(record.isbn),
        _text(record.language),
        _text(record.pub_type),
        _json_strings(record.keywords),
        _text(record.url),
        _text(record.database),
        _text(record.accession),
        _encode_json(record.extra) if record.extra else None,
        _text(record.raw),
    )


def record_from_row(row: Sequence) -> Record:
    (
        id_,
        source_id,
        key,
        line,
        title,
        abstract,
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        issn,
        isbn,
        language,
        pub_type,
        keywords,
        url,
        database,
        accession,
        extra,
        raw,
    ) = row
    return Record(
        id=id_,
        source_id=source_id,
        key=key,
        line=line,
        title=title or "",
        abstract=abstract or "",
        authors=tuple(json.loads(authors)) if authors else (),
        year=year,
        journal=journal or "",
        volume=volume or "",
        issue=issue or "",
        pages=pages or "",
        doi=doi or "",
        pmid=pmid or "",
        issn=issn or "",
        isbn=isbn or "",
        language=language or "",
        pub_type=pub_type or "",
        keywords=tuple(json.loads(keywords)) if keywords else (),
        url=url or "",
        database=database or "",
        accession=accession or "",
        extra=json.loads(extra) if extra else {},
        raw=raw or "",
    )


SELECT_SOURCE = (
    "SELECT id, path, sha256, format, database, searched_on, query, imported_at,"
    " record_count, skipped, warnings FROM sources"
)
