"""Deciding uncertain duplicate pairs one at a time, with undo, independent of any UI.

The keyboard loop in the CLI (or a notebook) drives a `PairSession`: it holds the open pairs,
the one on screen and what was decided, and commits each verdict through the review before
it moves on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.store import PairReview

if TYPE_CHECKING:
    from screener.model import Record
    from screener.review import Review
    from screener.review.merging import LinkChange

__all__ = ["PairDecision", "PairReview", "PairSession", "PairSummary"]

DUPLICATE, DISTINCT, SKIPPED = "duplicate", "distinct", "skipped"
PAIR_VERDICTS: tuple[str, ...] = (DUPLICATE, DISTINCT)


@dataclass(frozen=True, slots=True)
class PairDecision:
    """A person's verdict on one pair and the links it changed, so that it can be undone."""

    pair: PairReview
    verdict: str
    change: LinkChange | None = None


@dataclass(frozen=True, slots=True)
class PairSummary:
    duplicate: int
    distinct: int
    skipped: int
    still_open: int

    def as_json(self) -> dict[str, int]:
        return {
            "duplicate": self.duplicate,
            "distinct": self.distinct,
            "skipped": self.skipped,
            "open": self.still_open,
        }


class PairSession:
    """One person walking the open pairs of a review; `close` writes the audit entry."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.pairs = review.pairs()
        self._index = 0
        self._history: list[PairDecision] = []
        self._counts: Counter[str] = Counter()

    @property
    def position(self) -> int:
        """1-based position of the pair on screen."""
        return self._index + 1

    def current(self) -> tuple[PairReview, Record, Record] | None:
        """The pair to decide now with its two records, or None when all were seen.

        A record merged into another since the pair was queued is shown as the canonical
        record of its group (the verdict joins or parts the groups); a pair whose records
        are in one group by now is passed over: it was settled meanwhile."""
        while self._index < len(self.pairs):
            pair = self.pairs[self._index]
            a = self.review.canonical_of(pair.a_id) or pair.a_id
            b = self.review.canonical_of(pair.b_id) or pair.b_id
            if a != b:
                return pair, self.review.record(a), self.review.record(b)
            self._index += 1
        return None

    def duplicate(self) -> PairDecision:
        return self._decide(DUPLICATE)

    def distinct(self) -> PairDecision:
        return self._decide(DISTINCT)

    def skip(self) -> PairDecision:
        return self._decide(SKIPPED)

    def undo(self) -> PairReview | None:
        """Take back the newest verdict (or skip) of this session and show its pair again."""
        if not self._history:
            return None
        decision = self._history.pop()
        self._counts[decision.verdict] -= 1
        if decision.verdict != SKIPPED:
            self.review.undo_pair(decision)
        self._index = self.pairs.index(decision.pair)
        return decision.pair

    def close(self) -> PairSummary:
        """End the session: one audit entry with the counts; what is still open."""
        self.review.log_pair_session(
            duplicate=self._counts[DUPLICATE], distinct=self._counts[DISTINCT]
        )
        return PairSummary(
            duplicate=self._counts[DUPLICATE],
            distinct=self._counts[DISTINCT],
            skipped=self._counts[SKIPPED],
            still_open=len(self.review.pairs()),
        )

    def _decide(self, verdict: str) -> PairDecision:
        found = self.current()
        if found is None:
            raise IndexError("no pair left to decide")
        pair = found[0]
        if verdict == SKIPPED:
            decision = PairDecision(pair, SKIPPED)
        else:
            decision = self.review.decide_pair(pair.id, verdict)
        self._history.append(decision)
        self._counts[verdict] += 1
        self._index += 1
        return decision
