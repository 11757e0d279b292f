"""Converting records to and from table rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from screener.model import Record, StoredRecord
from screener.store.raw_codec import compress, decompress

_VALUE_COLUMNS = (
    "key, line, title, abstract, authors, year, journal, volume, issue, pages, doi, pmid, "
    "issn, isbn, language, pub_type, keywords, url, database, accession, extra, raw"
)
_RECORD_COLUMNS = "source_id, " + _VALUE_COLUMNS
_VALUE_COUNT = _VALUE_COLUMNS.count(",") + 1
# Where record_values puts the key, the line, the year and the database.
KEY, LINE, YEAR, DATABASE = 0, 1, 5, 18
_AS_BOUND = {KEY, LINE, YEAR}


def _value_places(first: int) -> list[str]:
    """Placeholders for the columns of record_values, numbered from `first`.

    record_values gives "" for an empty text, which the INSERT stores as NULL: the sqlite3
    module binds None only after an adapter lookup that raises and clears an
    AttributeError, a fifth of the cost of inserting an imported record.
    """
    return [
        f"?{first + at}" if at in _AS_BOUND else f"nullif(?{first + at}, '')"
        for at in range(_VALUE_COUNT)
    ]


INSERT_RECORD = (
    f"INSERT INTO records ({_RECORD_COLUMNS}) VALUES (?1, {', '.join(_value_places(2))})"
)
_BLOCK_COLUMNS = _RECORD_COLUMNS.replace(", raw", ", raw_text, raw_at, raw_end")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where rows read from a stretch of a file land in it, applied as they are inserted
    (in SQLite, not per row in Python): a key `{marker}#N`, the reader's number for a
    record without an ID of its own, becomes `{name}#{N + ordinals}`; lines move down by
    `lines`; a row naming no database takes `database`."""

    name: str = ""
    marker: str = ""
    ordinals: int = 0
    lines: int = 0
    database: str = ""


def insert_block_rows(source_id: int, raw_text: int, placement: Placement | None = None) -> str:
    """The INSERT for rows of `pack_raw` of one source and one raw-text block."""
    # A `pack_raw` row: the raw text became raw_at and raw_end.
    values = [*_value_places(1)[:-1], f"?{_VALUE_COUNT}", f"?{_VALUE_COUNT + 1}"]
    if placement is not None:
        if placement.marker:
            values[KEY] = _renumbered_key(placement)
        if placement.lines:
            values[LINE] = f"?{LINE + 1} + {int(placement.lines)}"
        if placement.database:
            values[DATABASE] = f"coalesce({values[DATABASE]}, {_literal(placement.database)})"
    places = [str(int(source_id)), *values[:-2], str(int(raw_text)), *values[-2:]]
    return f"INSERT INTO records ({_BLOCK_COLUMNS}) VALUES ({', '.join(places)})"


def _renumbered_key(placement: Placement) -> str:
    # Compared and cut as bytes: SQLite's text functions stop at a NUL, a marker's usual
    # first character.
    prefix = (placement.marker + "#").encode("utf-8")
    key = f"CAST(?{KEY + 1} AS BLOB)"
    number = f"CAST(CAST(substr({key}, {len(prefix) + 1}) AS TEXT) AS INTEGER)"
    renamed = f"{_literal(placement.name + '#')} || ({int(placement.ordinals)} + {number})"
    marked = f"substr({key}, 1, {len(prefix)}) = x'{prefix.hex()}'"
    return f"CASE WHEN {marked} THEN {renamed} ELSE ?{KEY + 1} END"


def _literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


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
        texts = [row[-1] for row in chunk]
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


# json.dumps with options builds an encoder per call: a third of an import's row building.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode
_encode_string = json.encoder.encode_basestring


def _json_strings(values: Sequence[str]) -> str:
    """Strings as the JSON list json.dumps(..., ensure_ascii=False) writes
    ("" for none)."""
    return "[" + ", ".join(map(_encode_string, values)) + "]" if values else ""


def _json_extra(extra: dict[str, list[str]]) -> str:
    """json.dumps(extra, ensure_ascii=False) at a third of its cost (its encoder is built on
    every call) for the usual name -> list of strings; anything else goes to json."""
    parts = []
    try:
        for name, values in extra.items():
            if type(name) is not str or type(values) is not list:
                return _encode_json(extra)
            parts.append(f"{_encode_string(name)}: {_json_strings(values) or '[]'}")
    except TypeError:  # a value that is not a string
        return _encode_json(extra)
    return "{" + ", ".join(parts) + "}"


def record_row(source_id: int, record: Record) -> tuple:
    return (source_id, *record_values(record))


def record_values(record: Record, line_offset: int = 0) -> tuple:
    """The record's columns after source_id, an empty text as "" (stored as NULL); its
    line moved down by `line_offset`."""
    return (
        record.key,
        record.line + line_offset,
        record.title,
        record.abstract,
        _json_strings(record.authors),
        record.year,
        record.journal,
        record.volume,
        record.issue,
        record.pages,
        record.doi,
        record.pmid,
        record.issn,
        record.isbn,
        record.language,
        record.pub_type,
        _json_strings(record.keywords),
        record.url,
        record.database,
        record.accession,
        _json_extra(record.extra) if record.extra else "",
        record.raw,
    )


def record_from_row(row: Sequence) -> StoredRecord:
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
    return StoredRecord(
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
    " record_count, skipped, warnings, method FROM sources"
)
