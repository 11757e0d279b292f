"""What a team shares: the review's own id, pilot rounds and their samples, and decisions
read from another machine for records this copy lacks (kept aside, never dropped)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from screener.store.base import inserted_id
from screener.store.rows import now


@dataclass(frozen=True, slots=True)
class PilotRound:
    """One pilot sample: every reviewer screens its records at stage "pilot"."""

    id: int
    round: int
    size: int
    seed: int
    from_status: str
    by_database: bool
    criteria_sha256: str
    created_at: str
    actor: str


_PILOT_COLUMNS = (
    "id, round, size, seed, from_status, by_database, criteria_sha256, created_at, actor"
)


class TeamMixin:
    _db: sqlite3.Connection

    def review_id(self) -> str:
        """The review's id: the same in every copy made from one review folder."""
        row = self._db.execute("SELECT value FROM review_meta WHERE key = 'review_id'").fetchone()
        return str(row[0])

    def set_review_id(self, review_id: str) -> None:
        self._db.execute("UPDATE review_meta SET value = ? WHERE key = 'review_id'", (review_id,))

    def add_pilot_round(
        self,
        *,
        round: int,
        seed: int,
        record_ids: Sequence[int],
        from_status: str,
        by_database: bool,
        criteria_sha256: str,
        actor: str,
    ) -> int:
        cursor = self._db.execute(
            "INSERT INTO pilot_rounds (round, size, seed, from_status, by_database,"
            " criteria_sha256, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (round, len(record_ids), seed, from_status, int(by_database), criteria_sha256,
             now(), actor),
        )  # fmt: skip
        round_id = inserted_id(cursor)
        self._db.executemany(
            "INSERT INTO pilot_records (round_id, record_id, position) VALUES (?, ?, ?)",
            [(round_id, record_id, n) for n, record_id in enumerate(record_ids)],
        )
        return round_id

    def pilot_rounds(self) -> list[PilotRound]:
        rows = self._db.execute(f"SELECT {_PILOT_COLUMNS} FROM pilot_rounds ORDER BY round")
        return [PilotRound(a, b, c, d, e, bool(f), g, h, i) for a, b, c, d, e, f, g, h, i in rows]

    def pilot_record_ids(self, round: int | None = None) -> list[int]:
        """The sample of pilot round `round` (the latest when None) in its drawn order."""
        if round is None:
            row = self._db.execute("SELECT max(round) FROM pilot_rounds").fetchone()
            if row is None or row[0] is None:
                return []
            round = int(row[0])
        rows = self._db.execute(
            "SELECT p.record_id FROM pilot_records p JOIN pilot_rounds r ON r.id = p.round_id"
            " WHERE r.round = ? ORDER BY p.position",
            (round,),
        )
        return [int(row[0]) for row in rows]

    def keep_pending(self, uuid: str, reviewer: str, line: str) -> bool:
        """Keep aside a synced decision for a record this copy lacks; False when kept before."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO sync_pending (uuid, reviewer, line, received_at)"
            " VALUES (?, ?, ?, ?)",
            (uuid, reviewer, line, now()),
        )
        return cursor.rowcount == 1

    def pending_lines(self) -> list[tuple[str, str, str]]:
        """(uuid, reviewer, line) of every decision kept aside, in the order received."""
        rows = self._db.execute("SELECT uuid, reviewer, line FROM sync_pending ORDER BY rowid")
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def drop_pending(self, uuid: str) -> None:
        """Forget a kept-aside decision once it has been applied (its decision row holds it)."""
        self._db.execute("DELETE FROM sync_pending WHERE uuid = ?", (uuid,))
