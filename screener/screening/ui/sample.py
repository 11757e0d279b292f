"""Screening the random sample of the target stopping method (`screener stopping sample`).

The sample is the review's records in a random order every copy draws alike (by the
review's id, review/ranking.py), screened from the first on until it holds the relevant
records the method needs (the target set). The same app and plain mode drive it as a
screening session; only what it offers differs: the reviewer's queue in the sample's
order, ending where the sample is complete. Records it shows were drawn at random, so they
are not screened in the relevance order, and teach the relevance model as usual but for
the target records, which the model must find on its own.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from screener.ranking.target import live_sample
from screener.screening.relevance import counts_as_relevant
from screener.screening.ui.session import ScreeningSession

if TYPE_CHECKING:
    from screener.review.stopping_view import StoppingInputs


class SampleSession(ScreeningSession):
    """One reviewer screening the target method's random sample at title-abstract."""

    def _ordered(self, waiting: list[int], order: str, seed: int | None) -> list[int]:
        # Called once, by ScreeningSession.__init__: the sample's state starts here.
        from screener.ranking.target import target_size

        inputs: StoppingInputs = self.review.stopping_inputs(self.stage)
        settings = inputs.settings
        self.needed = target_size(settings.recall_target, settings.confidence)
        self._draw = inputs.draw
        self._position = {rid: n for n, rid in enumerate(self._draw)}
        self._relevant = inputs.screened()[1]
        # what the other reviewers' verdicts say, so that one's own verdict can change
        self._others: dict[int, bool] = {}
        for record_id, _, reviewer, verdict, _ in inputs.rows:
            if verdict and reviewer != self.reviewer:
                was = self._others.get(record_id, False)
                self._others[record_id] = was or counts_as_relevant(verdict)
        self.sample = live_sample(self._draw, self._relevant, self.needed)
        self.ranking = None
        drawn = [rid for rid in waiting if rid in self._position]
        return self._within_sample(sorted(drawn, key=self._position.__getitem__))

    @property
    def complete(self) -> bool:
        """Whether the sample holds its target set (or drew every record)."""
        return self.sample.next_record is None

    @property
    def mode_label(self) -> str:
        found = f"{len(self.sample.targets)} of {self.needed} relevant found"
        if self.complete:
            # the header and the end screen: what to do next
            return f"random sample complete ({found}); go on with `screener screen`"
        return f"{self.stage} · random sample ({found})"

    def _set_verdict(self, record_id: int, verdict: str) -> None:
        super()._set_verdict(record_id, verdict)
        if not hasattr(self, "_draw"):
            return  # before the sample is read
        others = self._others.get(record_id)
        if verdict:
            self._relevant[record_id] = bool(others) or counts_as_relevant(verdict)
        elif others is None:
            self._relevant.pop(record_id, None)
        else:
            self._relevant[record_id] = others
        self.sample = live_sample(self._draw, self._relevant, self.needed)
        if self.complete and self._pending:
            # the record on screen stays; the rest of the draw is no longer the sample's
            front, *rest = self._pending
            self._pending = deque([front, *self._within_sample(rest)])
        if self.complete:
            # "N of M screened" counts the sample's records, not the whole review's
            self._universe = set(self._verdicts) | set(self._pending) | {record_id}

    def _within_sample(self, ordered: list[int]) -> list[int]:
        """`ordered` without the records the draw reaches only after a complete sample."""
        if not self.complete:
            return ordered
        last = max((self._position[rid] for rid in self.sample.records), default=-1)
        return [rid for rid in ordered if self._position.get(rid, last + 1) <= last]
