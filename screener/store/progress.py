"""Lean reads of the current decisions over a whole review, for the progress report (each
verdict with its time) and the export's columns (each with its reason and note)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# A current verdict with its time: (record id, stage, reviewer, verdict, kind, time).
TimedVerdict = tuple[int, str, str, str, str, str]
# A current decision as `Decision(*row)` takes it:
# (record id, stage, reviewer, verdict, reason, note, time, kind).
DecisionRow = tuple[int, str, str, str, str, str, str, str]


class ProgressMixin:
    if TYPE_CHECKING:  # given by DecisionsMixin

        def _latest(
            self,
            columns: str,
            kind_at: int,
            stage: str | None,
            reviewer: str | None,
            kind: str | None,
        ) -> list[Any]: ...

    def current_verdict_times(self) -> list[TimedVerdict]:
        """`current_verdicts` with the time of each (ISO 8601, UTC), oldest first: undone
        verdicts left out, a change of mind counted once, at its time."""
        return self._latest("record_id, stage, reviewer, verdict, kind, time", 4, None, None, None)

    def current_decision_rows(self) -> list[DecisionRow]:
        """`current_decisions` as plain rows (`DecisionRow`): a large export makes a
        `Decision` only of the few distinct ones it shows."""
        columns = "record_id, stage, reviewer, verdict, reason, note, time, kind"
        return self._latest(columns, 7, None, None, None)
