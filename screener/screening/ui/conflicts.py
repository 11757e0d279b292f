"""Walking the conflicts: the adjudicator sees every reviewer's verdict, reason and note on
a record, and one key press records the resolution that settles it.

The same app and plain mode drive it as a screening session: only what the session offers
(the conflicts at a stage), what it shows beside the record (the verdicts) and how a key
press is saved (`Review.resolve`) differ.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.model import Decision, Stage
from screener.screening.claims import LEASE_SECONDS, Claim
from screener.screening.ui.session import ScreeningSession

if TYPE_CHECKING:
    from screener.review import Review


class ConflictSession(ScreeningSession):
    """An adjudicator settling the conflicts of one stage, one record at a time.

    Leases keep two windows of one adjudicator off the same record; a record resolved
    elsewhere meanwhile is refused when resolved here (nothing saved) and leaves the queue.
    `u` undoes the adjudicator's newest resolution: the record is a conflict again.
    """

    def __init__(
        self,
        review: Review,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        order: str = "imported",
        seed: int | None = None,
        pdf_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        lease_seconds: float = LEASE_SECONDS,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        if stage == Stage.PILOT.value:
            raise ScreenerError(
                "pilot verdicts are compared by `screener pilot report`, not resolved"
            )
        # A conflict is settled by a third person: the adjudicator's own are left out.
        who = reviewer or review.actor
        self._conflicts = {
            c.record_id: c.verdicts
            for c in review.conflicts(stage)
            if who not in {d.reviewer for d in c.verdicts}
        }
        super().__init__(
            review,
            stage=stage,
            reviewer=reviewer,
            order=order,
            seed=seed,
            pdf_dir=pdf_dir,
            clock=clock,
            wall_clock=wall_clock,
            lease_seconds=lease_seconds,
            progress=progress,
        )

    def _standing_verdicts(self) -> dict[int, str]:
        return {}  # every conflict listed is unresolved

    def _ordered(self, waiting: list[int], order: str, seed: int | None) -> list[int]:
        # Every conflict must be settled, whatever its predicted relevance: the model has
        # no say in their order, the highlight terms keep theirs.
        return super()._ordered(waiting, "highlights" if order == "relevance" else order, seed)

    def _waiting(self) -> list[int]:
        return list(self._conflicts)

    @property
    def lease_stage(self) -> str:
        # Apart from the screening stage's leases: a reviewer screening a record does not
        # keep the adjudicator off it, nor do the reviewers' verdicts count as resolved.
        return f"conflicts:{self.stage}"

    @property
    def mode_label(self) -> str:
        return f"conflicts at {self.stage}"

    def shown_verdicts(self) -> tuple[Decision, ...]:
        """Every reviewer's verdict on the record on screen (none is hidden: all are in)."""
        return self._conflicts.get(self.current_id or 0, ())

    def _save(self, record_id: int, verdict: str, reason: str, note: str) -> Decision:
        from screener.review.conflicts import NotAConflict

        try:
            decision = self.review.resolve(
                record_id, verdict, stage=self.stage, reason=reason, note=note,
                adjudicator=self.reviewer,
            )  # fmt: skip
        except NotAConflict:
            # resolved elsewhere meanwhile: no longer this session's to settle
            self._drop_current(record_id)
            raise
        self.review.release(self.session_id)
        return decision

    def _undo_last(self) -> tuple[int, str] | None:
        record_id = self.review.undo_resolution(stage=self.stage, adjudicator=self.reviewer)
        if record_id is None:
            return None
        if record_id not in self._conflicts:
            # a resolution from an earlier session: its verdicts are shown again
            lines = self.review.screening_lines(record_id, self.reviewer)
            verdicts = [line.shown for line in lines if line.stage == self.stage]
            self._conflicts[record_id] = tuple(
                d for d in (verdicts[0] if verdicts else ()) if d.kind == "decision"
            )
        return record_id, self._resolution_of(record_id)

    def _standing_on(self, claim: Claim) -> str:
        return self._resolution_of(claim.record_id)

    def _resolution_of(self, record_id: int) -> str:
        """The adjudicator's standing resolution on the record ("" when none)."""
        latest = ""
        for d in self.review.decision_history(record_id):
            if d.stage == self.stage and d.reviewer == self.reviewer and d.kind == "resolution":
                latest = d.verdict
        return latest

    def _drop_current(self, record_id: int) -> None:
        if self._pending and self._pending[0] == record_id:
            self._pending.popleft()
        self._universe.discard(record_id)
        self._claim = None
        self.review.release(self.session_id)
        self._claim_front()
