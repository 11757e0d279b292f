"""What a team shares: the review's own id, pilot rounds and their samples, and decisions
read from another machine for records this copy lacks (kept aside, never dropped)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from screener.store.base import inserted_id, rows_with_ids
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


REVIEW_ID = "review_id"  # the review_meta key of the review's id


class TeamMixin:
    _db: sqlite3.Connection

    def review_id(self) -> str:
        """The review's id: the same in every copy made from one review folder (schema 8
        gives every store one)."""
        return self.meta(REVIEW_ID) or ""

    def set_review_id(self, review_id: str) -> None:
        self.set_meta(REVIEW_ID, review_id)

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

    # -- what travels between copies (screener sync) ------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM review_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO review_meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def record_places(self) -> list[RecordPlace]:
        """Where every record was read: its source file's sha256, name and its key and
        line there, in the order of the files' sha256 and the records' lines (an order
        the same in every copy that imported the same files)."""
        rows = self._db.execute(
            "SELECT r.id, s.sha256, s.path, r.key, r.line FROM records r"
            " JOIN sources s ON s.id = r.source_id ORDER BY s.sha256, r.line, r.key, r.id"
        )
        return [RecordPlace(*row) for row in rows.fetchall()]

    def portable_places(self, ids: Iterable[int]) -> dict[int, tuple[str, int, str, int]]:
        """record id -> (file sha256, line, key, id), the order `record_places` gives, for
        the given records only (a merge orders two groups, not the whole review)."""
        select = (
            "SELECT r.id, s.sha256, r.line, r.key FROM records r"
            " JOIN sources s ON s.id = r.source_id"
        )
        rows = rows_with_ids(self._db, select, "r.id", ids)
        return {rid: (sha256, line, key, rid) for rid, sha256, line, key in rows}

    def decision_rows(self) -> list[DecisionRow]:
        """Every decision row, undo rows too, in the order they were written."""
        rows = self._db.execute(
            "SELECT d.id, d.uuid, d.record_id, d.stage, d.reviewer, d.verdict, d.reason,"
            " d.note, d.time, d.kind, d.criteria_sha256, u.uuid FROM decisions d"
            " LEFT JOIN decisions u ON u.id = d.undoes ORDER BY d.id"
        )
        return [DecisionRow(*row) for row in rows.fetchall()]

    def add_decision_rows(self, rows: Sequence[DecisionRow]) -> None:
        """Write decisions read from another copy as they were made (UUID, time, kind,
        criteria), each undo row pointing at the row it cancels by that row's UUID."""
        # A sync may bring a whole review's decisions: their UUIDs are random, so the index
        # on them is written all over; a larger page cache for this write saves re-reading.
        (cache,) = self._db.execute("PRAGMA cache_size").fetchone()
        self._db.execute("PRAGMA cache_size = -65536")
        self._db.executemany(
            "INSERT INTO decisions (record_id, stage, reviewer, verdict, reason, note, time,"
            " kind, uuid, criteria_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((r.record_id, r.stage, r.reviewer, r.verdict, r.reason, r.note, r.time, r.kind,
              r.uuid, r.criteria_sha256) for r in rows),
        )  # fmt: skip
        self._db.executemany(
            "UPDATE decisions SET undoes = (SELECT id FROM decisions WHERE uuid = ?)"
            " WHERE uuid = ?",
            ((r.undoes, r.uuid) for r in rows if r.undoes),
        )
        self._db.execute(f"PRAGMA cache_size = {int(cache)}")

    def person_pair_verdicts(self) -> list[PairVerdictRow]:
        """A person's word on two records: every merge (a "duplicate", by hand or in the
        pair review) and every "distinct" given in the pair review, in time order. The
        "distinct" an unmerge leaves behind is the unmerge's, not a word of its own."""
        merges = self._db.execute("SELECT a_id, b_id, actor, reason, time FROM merges")
        distinct = self._db.execute(
            "SELECT a_id, b_id, decided_by, reasons, decided_at FROM pair_reviews"
            " WHERE verdict = 'distinct' AND decided_by IS NOT NULL AND reasons != ?",
            ('["unmerged"]',),
        )
        found = [PairVerdictRow(a, b, "duplicate", actor, reason, t) for a, b, actor, reason, t
                 in merges]  # fmt: skip
        found += [
            PairVerdictRow(a, b, "distinct", actor, _first_reason(reasons), t)
            for a, b, actor, reasons, t in distinct
        ]
        return sorted(found, key=lambda row: (row.time, row.verdict, row.a_id, row.b_id))


@dataclass(frozen=True, slots=True)
class RecordPlace:
    id: int
    sha256: str
    path: str
    key: str
    line: int


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One decision row as it travels: `undoes` is the UUID of the row it cancels."""

    id: int
    uuid: str
    record_id: int
    stage: str
    reviewer: str
    verdict: str
    reason: str
    note: str
    time: str
    kind: str
    criteria_sha256: str
    undoes: str | None


@dataclass(frozen=True, slots=True)
class PairVerdictRow:
    a_id: int
    b_id: int
    verdict: str  # "duplicate" | "distinct"
    actor: str
    reason: str
    time: str


def _first_reason(reasons: str) -> str:
    import json

    try:
        found = json.loads(reasons)
    except ValueError:
        return ""
    return str(found[0]) if isinstance(found, list) and found else ""
