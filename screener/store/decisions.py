"""Screening decisions: append-only rows; undo is a row that points at what it cancels."""

from __future__ import annotations

import sqlite3
import uuid as uuids
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from screener.model import Decision
from screener.store.base import inserted_id, rows_with_ids
from screener.store.rows import now

# The columns of a Decision, in its field order.
_COLUMNS = "record_id, stage, reviewer, verdict, reason, note, time, kind, uuid, criteria_sha256"


class DecisionsMixin:
    _db: sqlite3.Connection

    def add_decision(self, decision: Decision) -> int:
        """Append one decision row (undo is a row with an empty verdict); a decision
        without a UUID gets a new one."""
        cursor = self._db.execute(
            "INSERT INTO decisions (record_id, stage, reviewer, verdict, reason, note, time,"
            " kind, uuid, criteria_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                decision.record_id,
                decision.stage,
                decision.reviewer,
                decision.verdict,
                decision.reason,
                decision.note,
                decision.time or now(),
                decision.kind,
                decision.uuid or uuids.uuid4().hex,
                decision.criteria_sha256,
            ),
        )
        return inserted_id(cursor)

    def current_decisions(
        self, stage: str | None = None, reviewer: str | None = None, kind: str | None = None
    ) -> list[Decision]:
        """The latest verdict per (record, stage, reviewer, kind), undone ones left out, in
        the order they were given: an adjudicator who also screened the record keeps their
        verdict beside their resolution."""
        rows = self._latest(_COLUMNS, 7, stage, reviewer, kind)
        return [Decision(*row) for row in rows]

    def current_decisions_on(self, record_ids: Iterable[int]) -> list[Decision]:
        """`current_decisions` of the given records only: a few indexed queries, for a few
        thousand records of a large review."""
        select = f"SELECT {_COLUMNS}, id FROM decisions"
        rows = sorted(rows_with_ids(self._db, select, "record_id", record_ids), key=itemgetter(-1))
        return [Decision(*row[:-1]) for row in _newest(rows, kind_at=7)]

    def current_verdicts(self, stage: str | None = None) -> list[tuple[int, str, str, str, str]]:
        """`current_decisions` as lean rows, for counting over a whole review:
        (record id, stage, reviewer, verdict, kind)."""
        return self._latest("record_id, stage, reviewer, verdict, kind", 4, stage, None, None)

    def _latest(
        self,
        columns: str,
        kind_at: int,
        stage: str | None,
        reviewer: str | None,
        kind: str | None,
    ) -> list[Any]:
        """The newest row per (record, stage, reviewer, kind) with a verdict, oldest first.

        `columns` name record_id, stage, reviewer and verdict first, and kind at `kind_at`.
        Picking the newest in Python beats SQLite's GROUP BY here: one scan, no sort.
        """
        where, params = ["1"], []
        for column, value in (("stage", stage), ("reviewer", reviewer), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self._db.execute(
            f"SELECT {columns} FROM decisions WHERE {' AND '.join(where)} ORDER BY id", params
        ).fetchall()
        return _newest(rows, kind_at)

    def decision_history(self, record_id: int) -> list[Decision]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE record_id = ? ORDER BY id",
            (record_id,),
        ).fetchall()
        return [Decision(*row) for row in rows]

    def undo_last(self, reviewer: str, stage: str, kind: str = "decision") -> int | None:
        """Cancel `reviewer`'s newest standing decision of `kind` at `stage`; returns its
        record id.

        The cancelling row carries the verdict the record had before (or none), and points
        at the row it cancels, so undo can go back any number of steps, across sessions.
        """
        target = self._db.execute(
            "SELECT id, record_id FROM decisions WHERE reviewer = ? AND stage = ?"
            " AND kind = ? AND undoes IS NULL AND id NOT IN"
            " (SELECT undoes FROM decisions WHERE undoes IS NOT NULL)"
            " ORDER BY id DESC LIMIT 1",
            (reviewer, stage, kind),
        ).fetchone()
        if target is None:
            return None
        target_id, record_id = target
        before = self._db.execute(
            "SELECT verdict, reason, note FROM decisions WHERE record_id = ? AND stage = ?"
            " AND reviewer = ? AND kind = ? AND id < ? ORDER BY id DESC LIMIT 1",
            (record_id, stage, reviewer, kind, target_id),
        ).fetchone() or ("", "", "")
        self._db.execute(
            "INSERT INTO decisions (record_id, stage, reviewer, verdict, reason, note, time,"
            " undoes, uuid, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, stage, reviewer, *before, now(), target_id, uuids.uuid4().hex, kind),
        )
        return int(record_id)


def _newest(rows: Iterable[Any], kind_at: int) -> list[Any]:
    """The newest of `rows` (in id order) per (record, stage, reviewer, kind), those with a
    verdict, oldest first. Rows hold record_id, stage, reviewer and verdict first, and kind
    at `kind_at`."""
    latest: dict[tuple[object, ...], Any] = {}
    for row in rows:
        key = (row[0], row[1], row[2], row[kind_at])
        latest.pop(key, None)  # the newest row last, so the order is by id
        latest[key] = row
    return [row for row in latest.values() if row[3]]
