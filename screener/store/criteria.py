"""Criteria runs and their per-record outcomes; the newest run is the one in force."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from screener.store.base import inserted_id
from screener.store.rows import now


class CriteriaMixin:
    _db: sqlite3.Connection

    def add_criteria_run(self, actor: str, sha256: str, text: str) -> int:
        cursor = self._db.execute(
            "INSERT INTO criteria_runs (time, actor, criteria_sha256, criteria)"
            " VALUES (?, ?, ?, ?)",
            (now(), actor, sha256, text),
        )
        return inserted_id(cursor)

    def add_criteria_results(
        self, run_id: int, results: Iterable[tuple[int, str, str, str, list[str]]]
    ) -> int:
        """Store (record id, outcome, deciding rule id, reason, flag rule ids) per record."""
        rows = [
            (
                run_id,
                rid,
                outcome,
                rule or None,
                reason or None,
                json.dumps(flags) if flags else None,
            )
            for rid, outcome, rule, reason, flags in results
        ]
        self._db.executemany(
            "INSERT INTO criteria_results (run_id, record_id, outcome, rule_id, reason, flags)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def latest_criteria_outcomes(self) -> dict[int, tuple[str, str, str]]:
        """record id -> (outcome, rule id, reason) from the newest criteria run."""
        rows = self._db.execute(
            "SELECT record_id, outcome, coalesce(rule_id, ''), coalesce(reason, '')"
            " FROM criteria_results WHERE run_id = (SELECT max(id) FROM criteria_runs)"
        )
        return {record_id: (outcome, rule, reason) for record_id, outcome, rule, reason in rows}

    def latest_criteria_flags(self) -> dict[int, list[str]]:
        """record id -> ids of the flag rules it failed in the newest criteria run."""
        rows = self._db.execute(
            "SELECT record_id, flags FROM criteria_results"
            " WHERE flags IS NOT NULL AND run_id = (SELECT max(id) FROM criteria_runs)"
        )
        return {record_id: json.loads(flags) for record_id, flags in rows}
