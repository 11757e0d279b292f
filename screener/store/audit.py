"""The audit trail's reads: the append-only tables that hold what each command changed,
each read as a stream in time order (ties in row order), from a given time on.

Nothing here is stored for the audit: imports are `sources`, dedupe runs `dedupe_runs`
with their notice links, duplicate links (made and undone) `duplicate_links`, a person's
merges `merges`, criteria runs `criteria_runs` and `criteria_results`, pilot rounds
`pilot_rounds`, decisions, undos and resolutions `decisions`; the `audit` table, the log
of commands, gives what has no table of its own (init, unmerge, sync, notes kept, ...).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Times compare as text: every stamp is ISO 8601 in UTC ("2026-05-01T10:00:03+00:00"), and
# the lowest bound is the empty string.
_EVERYTHING = ""

SourceRow = tuple[int, str, str, str, str, str, str, str, str, int, int, int]
DecisionEventRow = tuple[int, int, str, str, str, str, str, str, str, str, str, int | None]


# Rows fetched per step of a stream: a row at a time through the guarded cursor costs a
# third of `audit --json` on a large review.
_STEP = 2000


def _streamed(cursor: sqlite3.Cursor) -> Iterator[Any]:
    """The cursor's rows, fetched in steps."""
    while rows := cursor.fetchmany(_STEP):
        yield from rows


class AuditMixin:
    _db: sqlite3.Connection

    @contextmanager
    def one_reading(self) -> Iterator[None]:
        """Every read inside sees the store as it was at the first: a command writing
        meanwhile (another process) lands wholly after the audit, or wholly in it."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def command_log(
        self, since: str = _EVERYTHING, *, but: tuple[str, ...] = ()
    ) -> Iterator[tuple[int, str, str, str, str]]:
        """Audit rows (id, time, actor, command, details JSON) from `since`, in the order
        written; all `but` these commands."""
        where, params = ["time >= ?"], [since]
        if but:
            where.append(f"command NOT IN ({','.join('?' * len(but))})")
            params += but
        yield from _streamed(
            self._db.execute(
                "SELECT id, time, actor, command, details FROM audit"
                f" WHERE {' AND '.join(where)} ORDER BY id",
                params,
            )
        )

    def importers(self) -> dict[int, str]:
        """source id -> who imported it, from the command log (the source row names no one)."""
        found: dict[int, str] = {}
        rows = self._db.execute("SELECT actor, details FROM audit WHERE command = 'import'")
        for actor, details in rows:
            source = json.loads(details).get("source")
            if isinstance(source, int):
                found[source] = actor
        return found

    def source_rows(self, since: str = _EVERYTHING) -> Iterator[SourceRow]:
        """(id, path, sha256, format, database, method, searched_on, query, imported_at,
        records, skipped, warnings) per imported file, in time order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, path, sha256, format, database, method, searched_on, query,"
                " imported_at, record_count, skipped, warnings FROM sources"
                " WHERE imported_at >= ? ORDER BY imported_at, id",
                (since,),
            )
        )

    def record_id_runs(self, source_id: int) -> list[list[int]]:
        """The ids of a source's records as runs [first, last] of consecutive ids."""
        rows = self._db.execute(
            "SELECT min(id), max(id) FROM (SELECT id, id - row_number() OVER (ORDER BY id)"
            " AS run FROM records WHERE source_id = ?) GROUP BY run ORDER BY 1",
            (source_id,),
        )
        return [[first, last] for first, last in rows]

    def dedupe_run_rows(
        self, since: str = _EVERYTHING
    ) -> Iterator[tuple[int, str, str, int, int, int]]:
        """(id, time, actor, records, merged, possible) per dedupe run, in time order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, time, actor, records, merged, possible FROM dedupe_runs"
                " WHERE time >= ? ORDER BY time, id",
                (since,),
            )
        )

    def notice_links_of_run(self, run_id: int) -> list[tuple[int, int, str]]:
        """(notice, article, kind) of each notice link a dedupe run made."""
        rows = self._db.execute(
            "SELECT notice_id, article_id, kind FROM notice_links WHERE run_id = ? ORDER BY id",
            (run_id,),
        )
        return [(notice, article, kind) for notice, article, kind in rows]

    def links_made(
        self, since: str = _EVERYTHING
    ) -> Iterator[tuple[int, int, int, str, int | None, int | None, float | None, str, str]]:
        """(id, record, canonical, how, run, merge, score, created_at, made by) per duplicate
        link, in time order. A link written again (its group moved) keeps the evidence and
        maker of the link it stands for; it is made by whoever undid that one then."""
        movers = self._link_undoers()
        rows = self._db.execute(
            "SELECT id, record_id, canonical_id, how, run_id, merge_id, score, created_at,"
            " actor FROM duplicate_links WHERE created_at >= ? ORDER BY created_at, id",
            (since,),
        )
        for row in _streamed(rows):
            yield (*row[:8], movers.get((row[1], row[7]), row[8]))

    def _link_undoers(self) -> dict[tuple[int, str], str]:
        rows = self._db.execute(
            "SELECT record_id, undone_at, undone_by FROM duplicate_links"
            " WHERE undone_at IS NOT NULL"
        )
        return {(record, at): by for record, at, by in rows}

    def links_undone(self, since: str = _EVERYTHING) -> Iterator[tuple[int, int, int, str, str]]:
        """(id, record, canonical, undone_at, undone_by) per duplicate link undone, in time
        order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, record_id, canonical_id, undone_at, coalesce(undone_by, '')"
                " FROM duplicate_links WHERE undone_at IS NOT NULL AND undone_at >= ?"
                " ORDER BY undone_at, id",
                (since,),
            )
        )

    def merge_rows(
        self, since: str = _EVERYTHING
    ) -> Iterator[tuple[int, int, int, int, int, str, str, str]]:
        """(id, a, b, moved, into, reason, time, actor) per person's merge, in time order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, a_id, b_id, moved_id, into_id, reason, time, actor FROM merges"
                " WHERE time >= ? ORDER BY time, id",
                (since,),
            )
        )

    def criteria_run_rows(self, since: str = _EVERYTHING) -> Iterator[tuple[int, str, str, str]]:
        """(id, time, actor, criteria sha256) per criteria run, in time order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, time, actor, criteria_sha256 FROM criteria_runs"
                " WHERE time >= ? ORDER BY time, id",
                (since,),
            )
        )

    def criteria_run_outcomes(
        self, run_id: int
    ) -> tuple[dict[str, int], dict[str, list[int]], dict[str, int]]:
        """A criteria run's records per outcome, the ids each rule excluded, and how many
        records each flag rule flagged."""
        outcomes: Counter[str] = Counter()
        excluded: dict[str, list[int]] = defaultdict(list)
        flagged: Counter[str] = Counter()
        rows = self._db.execute(
            "SELECT record_id, outcome, coalesce(rule_id, ''), flags FROM criteria_results"
            " WHERE run_id = ? ORDER BY record_id",
            (run_id,),
        )
        for record_id, outcome, rule, flags in rows:
            outcomes[outcome] += 1
            if outcome == "exclude":
                excluded[rule].append(record_id)
            if flags:
                flagged.update(json.loads(flags))
        return dict(outcomes), dict(excluded), dict(flagged)

    def pilot_round_rows(
        self, since: str = _EVERYTHING
    ) -> Iterator[tuple[int, int, int, int, str, int, str, str, str]]:
        """(id, round, size, seed, from_status, by_database, criteria sha256, created_at,
        actor) per pilot round, in time order."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, round, size, seed, from_status, by_database, criteria_sha256,"
                " created_at, actor FROM pilot_rounds WHERE created_at >= ?"
                " ORDER BY created_at, id",
                (since,),
            )
        )

    def pilot_round_records(self, round_id: int) -> list[int]:
        rows = self._db.execute(
            "SELECT record_id FROM pilot_records WHERE round_id = ? ORDER BY position",
            (round_id,),
        )
        return [int(row[0]) for row in rows]

    def decision_events(self, since: str = _EVERYTHING) -> Iterator[DecisionEventRow]:
        """(id, record, stage, reviewer, verdict, reason, note, time, kind, uuid, criteria
        sha256, undoes) per decision row, undo rows included, in time order. A decision
        synced from another copy keeps the time it was made there."""
        yield from _streamed(
            self._db.execute(
                "SELECT id, record_id, stage, reviewer, verdict, reason, note, time, kind,"
                " coalesce(uuid, ''), criteria_sha256, undoes FROM decisions"
                " WHERE time >= ? ORDER BY time, id",
                (since,),
            )
        )
