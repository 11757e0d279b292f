"""Converting records to and from table rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone

from screener.model import Record

_RECORD_COLUMNS = (
    "source_id, key, line, title, abstract, authors, year, journal, volume, issue, pages, "
    "doi, pmid, issn, isbn, language, pub_type, keywords, url, database, accession, extra, raw"
)
INSERT_RECORD = (
    f"INSERT INTO records ({_RECORD_COLUMNS}) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SELECT_RECORD = f"SELECT id, {_RECORD_COLUMNS} FROM records"


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _text(value: str) -> str | None:
    return value or None


def record_row(source_id: int, record: Record) -> tuple:
    return (
        source_id,
        record.key,
        record.line,
        _text(record.title),
        _text(record.abstract),
        json.dumps(record.authors, ensure_ascii=False) if record.authors else None,
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
        json.dumps(record.keywords, ensure_ascii=False) if record.keywords else None,
        _text(record.url),
        _text(record.database),
        _text(record.accession),
        json.dumps(record.extra, ensure_ascii=False) if record.extra else None,
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
