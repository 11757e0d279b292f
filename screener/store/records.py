"""Sources and records."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from screener.model import Record, Source, StoredRecord
from screener.store.base import inserted_id, rows_with_ids
from screener.store.rows import (
    INSERT_RECORD,
    SELECT_RECORD,
    SELECT_SOURCE,
    Placement,
    insert_block_rows,
    now,
    record_from_row,
    record_row,
    unpack_raw,
)


@dataclass(frozen=True, slots=True)
class NewSource:
    path: str
    sha256: str
    format: str
    database: str = ""
    searched_on: str = ""
    query: str = ""
    method: str = "database"


_SQLITE_MIN, _SQLITE_MAX = -(2**63), 2**63 - 1


class RecordsMixin:
    _db: sqlite3.Connection

    # -- sources --------------------------------------------------------------------------

    def source_by_sha256(self, sha256: str) -> Source | None:
        row = self._db.execute(SELECT_SOURCE + " WHERE sha256 = ?", (sha256,)).fetchone()
        return Source(*row) if row else None

    def add_source(self, source: NewSource) -> int:
        cursor = self._db.execute(
            "INSERT INTO sources"
            " (path, sha256, format, database, searched_on, query, imported_at, method)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.path,
                source.sha256,
                source.format,
                source.database,
                source.searched_on,
                source.query,
                now(),
                source.method,
            ),
        )
        return inserted_id(cursor)

    def set_source_sha256(self, source_id: int, sha256: str) -> None:
        self._db.execute("UPDATE sources SET sha256 = ? WHERE id = ?", (sha256, source_id))

    def finish_source(
        self, source_id: int, *, records: int, skipped: int, warnings: int, database: str
    ) -> None:
        self._db.execute(
            "UPDATE sources SET record_count = ?, skipped = ?, warnings = ?, database = ?"
            " WHERE id = ?",
            (records, skipped, warnings, database, source_id),
        )

    def sources(self) -> list[Source]:
        return [Source(*row) for row in self._db.execute(SELECT_SOURCE + " ORDER BY id")]

    # -- records --------------------------------------------------------------------------

    def add_records(self, source_id: int, records: Iterable[Record]) -> int:
        """Insert records of one source; returns how many were written."""
        rows = [record_row(source_id, record) for record in records]
        self._db.executemany(INSERT_RECORD, rows)
        return len(rows)

    def add_record_blocks(
        self,
        source_id: int,
        blocks: list[tuple[bytes, list[tuple]]],
        placement: Placement | None = None,
    ) -> None:
        """Insert records of one source as `rows.pack_raw` built them (in a parsing process):
        each block's compressed raw texts, then its rows, keys and lines placed in the file
        by `placement`."""
        for data, rows in blocks:
            cursor = self._db.execute(
                "INSERT INTO raw_texts (source_id, data) VALUES (?, ?)", (source_id, data)
            )
            insert = insert_block_rows(source_id, inserted_id(cursor), placement)
            self._db.executemany(insert, rows)

    def raw_text(self, record_id: int) -> str:
        """The record's text as read from its export ("" when unknown)."""
        row = self._db.execute(
            "SELECT r.raw, t.data, r.raw_at, r.raw_end FROM records r"
            " LEFT JOIN raw_texts t ON t.id = r.raw_text WHERE r.id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            return ""
        raw, data, at, end = row
        if raw is not None:
            return raw
        return unpack_raw(data, at, end) if data is not None else ""

    def fill_database(self, source_id: int, database: str) -> None:
        """Name `database` on the source's records that name none themselves."""
        if database:
            self._db.execute(
                "UPDATE records SET database = ? WHERE source_id = ? AND database IS NULL",
                (database, source_id),
            )

    def record(self, record_id: int) -> StoredRecord | None:
        if not _SQLITE_MIN <= record_id <= _SQLITE_MAX:
            return None  # no row can have it, and SQLite cannot even take it as a parameter
        row = self._db.execute(SELECT_RECORD + " WHERE id = ?", (record_id,)).fetchone()
        return record_from_row(row) if row else None

    def records(self, ids: Iterable[int] | None = None) -> Iterator[StoredRecord]:
        """Records in id order (all, or the given ids), streamed."""
        if ids is None:
            cursor = self._db.execute(SELECT_RECORD + " ORDER BY id")
            for row in cursor:
                yield record_from_row(row)
            return
        for record_id in ids:
            found = self.record(record_id)
            if found is not None:
                yield found

    def keys_and_titles(self, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """id -> (key, title) of the given records, a few queries for thousands of ids."""
        rows = rows_with_ids(
            self._db, "SELECT id, key, coalesce(title, '') FROM records", "id", ids
        )
        return {int(rid): (str(key), str(title)) for rid, key, title in rows}

    def record_ids(self) -> list[int]:
        return [row[0] for row in self._db.execute("SELECT id FROM records ORDER BY id")]

    def record_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM records").fetchone()[0]

    def records_per_source(self) -> dict[int, int]:
        rows = self._db.execute("SELECT source_id, count(*) FROM records GROUP BY source_id")
        return dict(rows.fetchall())
