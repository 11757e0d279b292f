"""Coded values of the synthesis stage: append-only rows, like decisions.

The current value of a field, for one record and one coder, is the newest row of that
(record, field, coder); an undo is a row that points (`undoes`) at the row it cancels and
carries the value the field had before it (JSON `null`: none). Values are JSON text; the
store neither reads nor checks them (see screener/synthesis/values.py).
"""

from __future__ import annotations

import sqlite3
import uuid as uuids
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from screener.store.base import IN_CHUNK, inserted_id
from screener.store.rows import now

_COLUMNS = "record_id, field, coder, value, time, frame_sha256, uuid, id, undoes"
NO_VALUE = "null"


@dataclass(frozen=True, slots=True)
class CodedRow:
    """One row of `coded_values`, its value as the JSON text stored."""

    record_id: int
    field: str
    coder: str
    value: str
    time: str
    frame_sha256: str
    uuid: str
    id: int = 0
    undoes: int | None = None


class CodingMixin:
    _db: sqlite3.Connection

    def add_coded_value(
        self,
        record_id: int,
        field: str,
        coder: str,
        value: str,
        *,
        frame_sha256: str = "",
        time: str | None = None,
        uuid: str | None = None,
    ) -> int:
        """Append one value row (part of the caller's transaction); returns its id."""
        cursor = self._db.execute(
            "INSERT INTO coded_values (record_id, field, coder, value, time, frame_sha256, uuid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record_id,
                field,
                coder,
                value,
                time or now(),
                frame_sha256,
                uuid or uuids.uuid4().hex,
            ),
        )
        return inserted_id(cursor)

    def current_coded_values(
        self, record_ids: Iterable[int] | None = None, *, coder: str | None = None
    ) -> list[CodedRow]:
        """The newest row per (record, field, coder) that holds a value, oldest first; of
        the given records only, and of one coder, when asked."""
        return [CodedRow(*row) for row in self._newest_rows(_COLUMNS, record_ids, coder)]

    def standing_coded_values(
        self, record_ids: Iterable[int] | None = None
    ) -> list[tuple[int, str, str, str, int]]:
        """`current_coded_values` as (record id, field, coder, value JSON, row id) only:
        what settling a field needs, for the evidence table of thousands of studies."""
        return self._newest_rows("record_id, field, coder, value, id", record_ids, None)

    def _newest_rows(
        self, columns: str, record_ids: Iterable[int] | None, coder: str | None
    ) -> list[tuple]:
        """The newest rows holding a value, oldest first; `columns` name the row id."""
        # The newest row of a (record, field, coder) has the highest id: SQLite finds it
        # on the index coded_values_by_record, which holds the id beside those three.
        where = ["coder = ?"] if coder is not None else []
        fixed: list[object] = [coder] if coder is not None else []
        chunks: list[list[int]] | list[None] = [None]
        if record_ids is not None:
            wanted = sorted(set(record_ids))
            chunks = [wanted[at : at + IN_CHUNK] for at in range(0, len(wanted), IN_CHUNK)]
        rows: list[tuple] = []
        for chunk in chunks:
            conditions = list(where)
            if chunk is not None:
                conditions.append(f"record_id IN ({','.join('?' * len(chunk))})")
            filtered = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            rows += self._db.execute(
                f"SELECT {columns} FROM coded_values WHERE value != '{NO_VALUE}' AND id IN"
                f" (SELECT max(id) FROM coded_values{filtered} GROUP BY record_id, field, coder)"
                " ORDER BY id",
                [*fixed, *(chunk or ())],
            ).fetchall()
        if len(chunks) > 1:
            rows.sort(key=itemgetter(columns.split(", ").index("id")))
        return rows

    def coded_value_history(self, record_id: int) -> list[CodedRow]:
        """Every row of a record, undo rows too, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM coded_values WHERE record_id = ? ORDER BY id", (record_id,)
        )
        return [CodedRow(*row) for row in rows]

    def coded_row_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM coded_values").fetchone()[0])

    def undo_last_coded(self, coder: str) -> CodedRow | None:
        """Cancel `coder`'s newest standing value row; returns the row written to cancel it.

        The cancelling row carries the value the field had before (or `null`), and points
        at the row it cancels, so undo goes back any number of steps, across sessions.
        """
        target = self._db.execute(
            "SELECT id, record_id, field FROM coded_values WHERE coder = ? AND undoes IS NULL"
            " AND id NOT IN (SELECT undoes FROM coded_values WHERE undoes IS NOT NULL)"
            " ORDER BY id DESC LIMIT 1",
            (coder,),
        ).fetchone()
        if target is None:
            return None
        target_id, record_id, field = target
        before = self._db.execute(
            "SELECT value, frame_sha256 FROM coded_values WHERE record_id = ? AND field = ?"
            " AND coder = ? AND id < ? ORDER BY id DESC LIMIT 1",
            (record_id, field, coder, target_id),
        ).fetchone() or (NO_VALUE, "")
        row = CodedRow(record_id, field, coder, before[0], now(), before[1], uuids.uuid4().hex)
        cursor = self._db.execute(
            "INSERT INTO coded_values (record_id, field, coder, value, time, frame_sha256,"
            " uuid, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(row), target_id),
        )
        return CodedRow(*_values(row), inserted_id(cursor), target_id)


def _values(row: CodedRow) -> tuple[int, str, str, str, str, str, str]:
    return (row.record_id, row.field, row.coder, row.value, row.time, row.frame_sha256, row.uuid)
