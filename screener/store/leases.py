"""Leases: which record each open screening session shows, until when.

A session holds at most one lease, on the record on its screen; taking another moves it.
Leases are working state, not the review's history (the decisions are), so unlike every
other table their rows are deleted: when a session moves on or closes, and when they lapse.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict


class LeasesMixin:
    _db: sqlite3.Connection

    def drop_lapsed_leases(self, now: float) -> None:
        """Forget leases that expired at or before `now` (a crashed session's, say)."""
        self._db.execute("DELETE FROM leases WHERE expires_at <= ?", (now,))

    def leases_elsewhere(self, stage: str, session: str, now: float) -> dict[int, list[str]]:
        """record id -> the reviewers of the other live sessions that show it at `stage`."""
        held: dict[int, list[str]] = defaultdict(list)
        rows = self._db.execute(
            "SELECT record_id, reviewer FROM leases"
            " WHERE stage = ? AND session != ? AND expires_at > ?",
            (stage, session, now),
        )
        for record_id, reviewer in rows:
            held[record_id].append(reviewer)
        return dict(held)

    def take_lease(
        self, session: str, record_id: int, stage: str, reviewer: str, expires_at: float
    ) -> None:
        """`session` now shows `record_id`; its lease on any other record ends."""
        self._db.execute(
            "INSERT INTO leases (session, record_id, stage, reviewer, expires_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session) DO UPDATE SET"
            " record_id = excluded.record_id, stage = excluded.stage,"
            " reviewer = excluded.reviewer, expires_at = excluded.expires_at",
            (session, record_id, stage, reviewer, expires_at),
        )

    def renew_lease(self, session: str, record_id: int, expires_at: float) -> bool:
        """Push the lease of `session` on `record_id` out to `expires_at`; False if it is gone."""
        cursor = self._db.execute(
            "UPDATE leases SET expires_at = ? WHERE session = ? AND record_id = ?",
            (expires_at, session, record_id),
        )
        return cursor.rowcount > 0

    def release_lease(self, session: str) -> None:
        """`session` shows nothing any more."""
        self._db.execute("DELETE FROM leases WHERE session = ?", (session,))
