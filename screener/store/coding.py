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

from screener.store.base import inserted_id, rows_with_ids
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
        select = f"SELECT {_COLUMNS} FROM coded_values"
        if record_ids is None:
            rows = list(self._db.execute(f"{select} ORDER BY id"))
        else:
            rows = sorted(rows_with_ids(self._db, select, "record_id", record_ids), key=_row_id)
        latest: dict[tuple[int, str, str], tuple] = {}
        for row in rows:
            if coder is not None and row[2] != coder:
                continue
            key = (row[0], row[1], row[2])
            latest.pop(key, None)  # the newest last, so the order stays by id
            latest[key] = row
        return [CodedRow(*row) for row in latest.values() if row[3] != NO_VALUE]

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


def _row_id(row: tuple) -> int:
    return int(row[7])


def _values(row: CodedRow) -> tuple[int, str, str, str, str, str, str]:
    return (row.record_id, row.field, row.coder, row.value, row.time, row.frame_sha256, row.uuid)
