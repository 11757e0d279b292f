"""Duplicate links, dedupe runs and the queue of uncertain pairs. Links are never deleted:
an unmerge stamps them undone."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from screener.store.base import inserted_id
from screener.store.rows import now


@dataclass(frozen=True, slots=True)
class PairReview:
    """An uncertain pair waiting for (or given) a person's verdict."""

    id: int
    a_id: int
    b_id: int
    score: float
    reasons: tuple[str, ...]
    verdict: str | None


_SELECT_PAIRS = "SELECT id, a_id, b_id, score, reasons, verdict FROM pair_reviews"


def _pair_review(row: tuple[int, int, int, float, str, str | None]) -> PairReview:
    id_, a, b, score, reasons, verdict = row
    return PairReview(id_, a, b, score, tuple(json.loads(reasons)), verdict)


class DuplicatesMixin:
    _db: sqlite3.Connection

    def add_dedupe_run(self, actor: str, records: int) -> int:
        cursor = self._db.execute(
            "INSERT INTO dedupe_runs (time, actor, records, merged, possible)"
            " VALUES (?, ?, ?, 0, 0)",
            (now(), actor, records),
        )
        return inserted_id(cursor)

    def finish_dedupe_run(self, run_id: int, *, merged: int, possible: int) -> None:
        self._db.execute(
            "UPDATE dedupe_runs SET merged = ?, possible = ? WHERE id = ?",
            (merged, possible, run_id),
        )

    def add_duplicate_links(
        self,
        links: Iterable[tuple[int, int, float | None]],
        *,
        run_id: int | None,
        how: str,
        actor: str,
    ) -> int:
        """Link each (record, canonical, score); returns how many links were written."""
        rows = [(rid, cid, run_id, how, score, now(), actor) for rid, cid, score in links]
        self._db.executemany(
            "INSERT INTO duplicate_links (record_id, canonical_id, run_id, how, score,"
            " created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def undo_duplicate_links(self, record_ids: Iterable[int], actor: str) -> int:
        """Stamp the active links of these records undone; returns how many."""
        stamp = now()
        count = 0
        for record_id in record_ids:
            cursor = self._db.execute(
                "UPDATE duplicate_links SET undone_at = ?, undone_by = ?"
                " WHERE record_id = ? AND undone_at IS NULL",
                (stamp, actor, record_id),
            )
            count += cursor.rowcount
        return count

    def active_duplicate_links(self) -> dict[int, int]:
        """record id -> canonical record id, for every record merged into another."""
        rows = self._db.execute(
            "SELECT record_id, canonical_id FROM duplicate_links WHERE undone_at IS NULL"
        )
        return dict(rows.fetchall())

    def canonical_of(self, record_id: int) -> int | None:
        """The canonical record `record_id` is merged into, or None (one indexed look-up)."""
        row = self._db.execute(
            "SELECT canonical_id FROM duplicate_links WHERE record_id = ? AND undone_at IS NULL",
            (record_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def duplicates_per_source(self) -> dict[int, int]:
        """source id -> how many of its records are merged into another record."""
        rows = self._db.execute(
            "SELECT r.source_id, count(*) FROM duplicate_links l JOIN records r"
            " ON r.id = l.record_id WHERE l.undone_at IS NULL GROUP BY r.source_id"
        )
        return dict(rows.fetchall())

    def add_pair_reviews(
        self, pairs: Iterable[tuple[int, int, float, tuple[str, ...]]], run_id: int
    ) -> int:
        rows = [(a, b, score, json.dumps(list(reasons)), run_id) for a, b, score, reasons in pairs]
        self._db.executemany(
            "INSERT INTO pair_reviews (a_id, b_id, score, reasons, run_id) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def pair_reviews(self, *, open_only: bool = False) -> list[PairReview]:
        where = " WHERE verdict IS NULL" if open_only else ""
        rows = self._db.execute(f"{_SELECT_PAIRS}{where} ORDER BY id")
        return [_pair_review(row) for row in rows]

    def pair_review(self, pair_id: int) -> PairReview | None:
        row = self._db.execute(f"{_SELECT_PAIRS} WHERE id = ?", (pair_id,)).fetchone()
        return _pair_review(row) if row else None

    def decide_pair(self, pair_id: int, verdict: str | None, actor: str) -> None:
        """Set (or with None, clear) a person's verdict on an uncertain pair."""
        self._db.execute(
            "UPDATE pair_reviews SET verdict = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            (verdict, actor if verdict else None, now() if verdict else None, pair_id),
        )

    def add_distinct_pair(self, a_id: int, b_id: int, actor: str, reason: str) -> None:
        """Remember that a person said two records are different studies."""
        self._db.execute(
            "INSERT INTO pair_reviews (a_id, b_id, score, reasons, verdict, decided_by,"
            " decided_at) VALUES (?, ?, 0, ?, 'distinct', ?, ?)",
            (min(a_id, b_id), max(a_id, b_id), json.dumps([reason]), actor, now()),
        )

    def distinct_pairs(self) -> set[tuple[int, int]]:
        """Pairs a person declared different studies, as (smaller id, larger id)."""
        rows = self._db.execute("SELECT a_id, b_id FROM pair_reviews WHERE verdict = 'distinct'")
        return {(min(a, b), max(a, b)) for a, b in rows}

    def pair_under_review(self) -> set[tuple[int, int]]:
        rows = self._db.execute("SELECT a_id, b_id FROM pair_reviews")
        return {(min(a, b), max(a, b)) for a, b in rows}
