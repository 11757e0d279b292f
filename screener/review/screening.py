"""The screening half of `Review`: verdicts, undo, scripted decisions, the queue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.model import Decision, Stage
from screener.review.views import DecisionRow
from screener.store import Store

if TYPE_CHECKING:
    from screener.review.settings import Settings


class ScreeningMethods:
    """Mixed into `Review`; every write is committed before the method returns."""

    _store: Store
    actor: str
    settings: Settings
    _reasons: tuple[int | None, dict[str, str]] | None

    if TYPE_CHECKING:  # given by Review

        @property
        def criteria_path(self) -> Path: ...

        def statuses(self) -> dict[int, str]: ...

    def reasons(self) -> dict[str, str]:
        """Manual exclusion reasons from the criteria file (key -> text).

        Read again only when the file changes: `decide` asks on every key press.
        """
        from screener.screening.decisions import exclusion_reasons

        try:
            stamp: int | None = self.criteria_path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if self._reasons is None or self._reasons[0] != stamp:
            self._reasons = (stamp, exclusion_reasons(self.criteria_path))
        return self._reasons[1]

    def decide(
        self,
        record_id: int,
        verdict: str,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        reason: str = "",
        note: str = "",
    ) -> Decision:
        """Record one verdict, committed before this returns."""
        from screener.screening.decisions import check_decision

        decision = check_decision(
            Decision(record_id, stage, reviewer or self.actor, verdict, reason, note),
            self.reasons(),
            record_exists=self._store.record(record_id) is not None,
        )
        self._refuse_duplicates([decision])
        with self._store.transaction():
            self._store.add_decision(decision)
        return decision

    def decide_from_csv(
        self, path: Path, *, reviewer: str | None = None, stage: str | None = None
    ) -> int:
        """Every decision of a CSV file, all checked first, then in one transaction.

        `reviewer` and `stage` fill those columns where the file lacks them.
        """
        from screener.screening.decide_csv import read_decisions

        decisions = read_decisions(
            path,
            reasons=self.reasons(),
            known_ids=set(self._store.record_ids()),
            reviewer=reviewer,
            stage=stage,
        )
        self._refuse_duplicates(decisions, file=str(path))
        with self._store.transaction():
            for decision in decisions:
                self._store.add_decision(decision)
            self._store.log(self.actor, "decide", {"file": str(path), "decisions": len(decisions)})
        return len(decisions)

    def _refuse_duplicates(self, decisions: list[Decision], file: str | None = None) -> None:
        """A record merged into another is decided through its canonical record."""
        merged = self._store.active_duplicate_links()
        for decision in decisions:
            canonical = merged.get(decision.record_id)
            if canonical is not None:
                raise ScreenerError(
                    f"record {decision.record_id} is a duplicate merged into record"
                    f" {canonical}: decide on {canonical} (or unmerge it first)",
                    file=file,
                )

    def undo(
        self, *, stage: str = Stage.TITLE_ABSTRACT.value, reviewer: str | None = None
    ) -> int | None:
        """Cancel the reviewer's newest standing decision at `stage`; its record id or None."""
        with self._store.transaction():
            return self._store.undo_last(reviewer or self.actor, stage)

    def decisions(self, stage: str | None = None, reviewer: str | None = None) -> list[Decision]:
        """The current decisions (the latest per record, stage and reviewer; undone left out)."""
        return self._store.current_decisions(stage, reviewer)

    def decision_rows(
        self, stage: str | None = None, reviewer: str | None = None
    ) -> list[DecisionRow]:
        """The current decisions with each record's key, as `decisions` lists them."""
        found = self.decisions(stage, reviewer)
        keys = {r.id: r.key for r in self._store.records(sorted({d.record_id for d in found}))}
        return [DecisionRow(d, keys.get(d.record_id, "")) for d in found]

    def decision_history(self, record_id: int) -> list[Decision]:
        """Every decision row on a record, undo rows included, oldest first."""
        return self._store.decision_history(record_id)

    def keep_notes(self, reviewer: str, stage: str, notes: dict[int, str]) -> None:
        """Notes that met no verdict, kept in the audit log ("screen-note")."""
        with self._store.transaction():
            for record_id, note in notes.items():
                self._store.log(
                    reviewer, "screen-note", {"record": record_id, "stage": stage, "note": note}
                )

    def queue(
        self,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        order: str = "imported",
        seed: int | None = None,
    ) -> list[int]:
        """Record ids `reviewer` has yet to decide at `stage`, in screening order."""
        from screener.screening.queue import order_queue, waiting_at

        who = reviewer or self.actor
        decided = {d.record_id for d in self._store.current_decisions(stage, who)}
        waiting = [rid for rid in waiting_at(stage, self.statuses()) if rid not in decided]
        return order_queue(waiting, order, seed=seed)
