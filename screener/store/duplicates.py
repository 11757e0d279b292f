"""Duplicate links, dedupe runs and the queue of uncertain pairs. Links are never deleted:
an unmerge stamps them undone."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from screener.store.base import inserted_id, rows_with_ids
from screener.store.rows import now


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """`record_id` is merged into `canonical_id`, with how and why.

    `how` is "auto" (dedupe run `run_id`) or "manual" (a person). For an automatic link,
    `score` and `reasons` are what the engine said of the pair (the record, `matched_id`);
    `reasons` is None on links made before screener kept them. `merge_id` is the person's
    merge that put the link in place (it moved the record's group), `replaces` the link it
    stood in for."""

    id: int
    record_id: int
    canonical_id: int
    how: str
    run_id: int | None
    score: float | None
    reasons: tuple[str, ...] | None
    matched_id: int | None
    merge_id: int | None
    replaces: int | None
    created_at: str
    actor: str

    def as_new(self) -> NewLink:
        """This link to write again (restored, or moved to another canonical record with
        `dataclasses.replace`), its evidence and maker kept."""
        return NewLink(
            self.record_id, self.canonical_id, self.how, self.run_id, self.score, self.reasons,
            self.matched_id, self.merge_id, self.replaces, self.actor,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class NewLink:
    """A link to write; `actor` None is the writer's."""

    record_id: int
    canonical_id: int
    how: str
    run_id: int | None = None
    score: float | None = None
    reasons: tuple[str, ...] | None = None
    matched_id: int | None = None
    merge_id: int | None = None
    replaces: int | None = None
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    """A person's merge of records `a_id` and `b_id`: the group headed by `moved_id`
    joined the group headed by `into_id`."""

    id: int
    a_id: int
    b_id: int
    moved_id: int
    into_id: int
    reason: str
    time: str
    actor: str


_SELECT_LINKS = (
    "SELECT id, record_id, canonical_id, how, run_id, score, reasons, matched_id, merge_id,"
    " replaces, created_at, actor FROM duplicate_links"
)
_SELECT_MERGES = "SELECT id, a_id, b_id, moved_id, into_id, reason, time, actor FROM merges"


def _duplicate_link(row: tuple[object, ...]) -> DuplicateLink:
    reasons = row[6]
    values = list(row)
    values[6] = None if reasons is None else tuple(json.loads(str(reasons)))
    return DuplicateLink(*values)  # type: ignore[arg-type]


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

    def add_duplicate_links(self, links: Iterable[NewLink], actor: str) -> int:
        """Write each link with its evidence; returns how many were written."""
        stamp = now()
        rows = [
            (
                link.record_id,
                link.canonical_id,
                link.run_id,
                link.how,
                link.score,
                None if link.reasons is None else json.dumps(list(link.reasons)),
                link.matched_id,
                link.merge_id,
                link.replaces,
                stamp,
                link.actor or actor,
            )
            for link in links
        ]
        self._db.executemany(
            "INSERT INTO duplicate_links (record_id, canonical_id, run_id, how, score, reasons,"
            " matched_id, merge_id, replaces, created_at, actor)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    def standing_links(self) -> dict[int, DuplicateLink]:
        """record id -> its active link with the link's evidence."""
        rows = self._db.execute(f"{_SELECT_LINKS} WHERE undone_at IS NULL")
        return {link.record_id: link for link in map(_duplicate_link, rows)}

    def duplicate_link(self, link_id: int) -> DuplicateLink | None:
        """One link, standing or undone."""
        row = self._db.execute(f"{_SELECT_LINKS} WHERE id = ?", (link_id,)).fetchone()
        return _duplicate_link(row) if row else None

    def links_of_merge(self, merge_id: int) -> list[DuplicateLink]:
        """The standing links a person's merge put in place."""
        rows = self._db.execute(
            f"{_SELECT_LINKS} WHERE merge_id = ? AND undone_at IS NULL ORDER BY id", (merge_id,)
        )
        return [_duplicate_link(row) for row in rows]

    def add_merge(
        self, a_id: int, b_id: int, *, moved_id: int, into_id: int, reason: str, actor: str
    ) -> int:
        """Record a person's merge of the records `a_id` and `b_id` (the group headed by
        `moved_id` joined the one headed by `into_id`); returns its id."""
        cursor = self._db.execute(
            "INSERT INTO merges (a_id, b_id, moved_id, into_id, reason, time, actor)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (a_id, b_id, moved_id, into_id, reason, now(), actor),
        )
        return inserted_id(cursor)

    def merges(self, ids: Iterable[int]) -> dict[int, Merge]:
        """merge id -> the person's merge, for the ids given."""
        return {row[0]: Merge(*row) for row in rows_with_ids(self._db, _SELECT_MERGES, "id", ids)}

    def standing_merges_of(self, record_id: int) -> list[Merge]:
        """The person's merges that named `record_id` (or moved the group it headed) and
        still have links in force, newest first."""
        rows = self._db.execute(
            f"{_SELECT_MERGES} m WHERE ? IN (a_id, b_id, moved_id) AND EXISTS (SELECT 1 FROM"
            " duplicate_links l WHERE l.merge_id = m.id AND l.undone_at IS NULL)"
            " ORDER BY id DESC",
            (record_id,),
        )
        return [Merge(*row) for row in rows]

    def active_duplicate_links(self) -> dict[int, int]:
        """record id -> canonical record id, for every record merged into another."""
        rows = self._db.execute(
            "SELECT record_id, canonical_id FROM duplicate_links WHERE undone_at IS NULL"
        )
        return dict(rows.fetchall())

    def members_of(self, canonical_id: int) -> list[int]:
        """The records merged into `canonical_id` (one indexed look-up), in id order."""
        rows = self._db.execute(
            "SELECT record_id FROM duplicate_links WHERE canonical_id = ? AND undone_at IS NULL"
            " ORDER BY record_id",
            (canonical_id,),
        )
        return [int(row[0]) for row in rows]

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
        return {pair for pair in self.distinct_pair_rows().values()}

    def distinct_pair_rows(self) -> dict[int, tuple[int, int]]:
        """pair review id -> (smaller id, larger id), for every pair declared distinct."""
        rows = self._db.execute(
            "SELECT id, a_id, b_id FROM pair_reviews WHERE verdict = 'distinct'"
        )
        return {id_: (min(a, b), max(a, b)) for id_, a, b in rows}

    def set_pair_verdicts(self, pair_ids: Iterable[int], verdict: str, actor: str) -> None:
        """A person's newer word on pairs decided before (a merge after a "distinct")."""
        stamp = now()
        self._db.executemany(
            "UPDATE pair_reviews SET verdict = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            [(verdict, actor, stamp, pair_id) for pair_id in pair_ids],
        )

    def pair_under_review(self) -> set[tuple[int, int]]:
        rows = self._db.execute("SELECT a_id, b_id FROM pair_reviews")
        return {(min(a, b), max(a, b)) for a, b in rows}
