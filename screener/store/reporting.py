"""Reads for the PRISMA flow and the exclusion reasons: lean rows over a whole review."""

from __future__ import annotations

import sqlite3

# The store's one rule for which decision is current, shared within the package.
from screener.store.decisions import _newest

# A current exclusion as the reasons report reads it:
# (record id, stage, reviewer, verdict, kind, reason, note).
ExclusionRow = tuple[int, str, str, str, str, str, str]


class ReportingMixin:
    _db: sqlite3.Connection

    def record_source_ids(self) -> dict[int, int]:
        """record id -> the id of the source (file) it was imported from, every record."""
        return dict(self._db.execute("SELECT id, source_id FROM records").fetchall())

    def previous_record_ids(self) -> set[int]:
        """The records imported from the review's previous version (`--method previous`)."""
        rows = self._db.execute(
            "SELECT records.id FROM records JOIN sources ON sources.id = records.source_id"
            " WHERE sources.method = 'previous'"
        )
        return {record_id for (record_id,) in rows}

    def criteria_exclusions(self) -> dict[int, tuple[str, str]]:
        """record id -> (rule id, reason) of each record the criteria run in force excludes."""
        rows = self._db.execute(
            "SELECT record_id, coalesce(rule_id, ''), coalesce(reason, '') FROM criteria_results"
            " WHERE outcome = 'exclude' AND run_id = (SELECT max(id) FROM criteria_runs)"
        )
        return {record_id: (rule, reason) for record_id, rule, reason in rows}

    def current_reason_rows(self, stage: str | None = None) -> list[ExclusionRow]:
        """The current decisions at `stage` (None: every stage) with their reasons and
        notes, oldest first: the newest per (record, stage, reviewer, kind), as
        `current_decisions` has them, in lean rows. Every stage's are `current_verdicts`
        with two more columns, row for row."""
        where, params = ("WHERE stage = ?", (stage,)) if stage is not None else ("", ())
        rows = self._db.execute(
            "SELECT record_id, stage, reviewer, verdict, kind, coalesce(reason, ''),"
            f" coalesce(note, '') FROM decisions {where} ORDER BY id",
            params,
        ).fetchall()
        return _newest(rows, kind_at=4)
