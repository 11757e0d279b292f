"""A screening session's relevance order: the model behind the queue, kept up to date.

`SessionRanking` joins a session's queue to its `QueueRanking`: it orders the queue when
the session starts, hears every decision and undo, and puts the queue in the newest model's
order when a training ends, keeping the record on screen where it is and skipped records
at the end. It also remembers which records the session decided in the relevance order,
for the stopping estimate of `screener status`.

Training runs elsewhere: the Textual app in a background thread, plain mode between
records. Either way nothing here blocks on it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.screening.queue import order_queue
from screener.screening.relevance import (
    QueueRanking,
    RelevanceScores,
    TrainingJob,
    fallback_order,
)
from screener.screening.ui.pace import format_duration

if TYPE_CHECKING:
    from screener.review import Review
    from screener.screening.ui.criteria_view import CriteriaView


@dataclass(frozen=True, slots=True)
class QueueAsked:
    """The queue a session asks for: whose, at which stage, in which order."""

    stage: str
    reviewer: str
    order: str
    seed: int | None


def queue_order(
    review: Review,
    criteria: CriteriaView,
    asked: QueueAsked,
    waiting: list[int],
    *,
    clock: Callable[[], float] = time.monotonic,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[int], SessionRanking | None]:
    """`waiting` in the order asked for, and the relevance model behind it (order
    "relevance", unless `[ranking] enabled = false`, which orders by highlight terms)."""
    order = asked.order
    if order == "relevance":
        found = review.queue_ranking(
            stage=asked.stage,
            reviewer=asked.reviewer,
            seed=asked.seed,
            progress=progress,
        )
        if found is not None:
            ranking = SessionRanking(found, clock)
            highlight = lambda: highlight_score(review, criteria, waiting)  # noqa: E731
            return ranking.initial_order(waiting, highlight, asked.seed), ranking
        order = "highlights"
    score = highlight_score(review, criteria, waiting) if order == "highlights" else None
    # sorted() is stable, so records with equal scores keep their import order
    return order_queue(waiting, order, seed=asked.seed, score=score), None


def highlight_score(
    review: Review, criteria: CriteriaView, waiting: list[int]
) -> Callable[[int], float] | None:
    """The count of the criteria's highlight terms per record (None: no terms)."""
    if not criteria.highlights:
        return None
    wanted = set(waiting)
    scores = {
        record.id: criteria.score(record) for record in review.records() if record.id in wanted
    }
    return lambda rid: scores.get(rid, 0)


class SessionRanking:
    """The relevance order of one session's queue."""

    def __init__(self, ranking: QueueRanking, clock: Callable[[], float] = time.monotonic) -> None:
        self.model = ranking
        self._clock = clock
        self.decided_in_order: list[int] = []
        self._skipped: list[int] = []
        self._touched: set[int] = set()  # records decided or undone since the last job
        self.training = False  # a background training is running
        self._first_stopping: str | None = None  # the stopping line before any training

    def initial_order(
        self,
        waiting: Sequence[int],
        highlight: Callable[[], Callable[[int], float] | None],
        seed: int | None,
    ) -> list[int]:
        """The queue at the start: the model's order when it can learn already (trained
        here, before the first record shows), else highlight terms (`highlight()` scores
        them: reading every record, so only when needed), then random."""
        if self.model.ready and self.model.train_now() is not None:
            return self._in_model_order(waiting, front=None)
        return fallback_order(waiting, highlight(), seed)

    def learn(self, record_id: int, verdict: str) -> None:
        """A verdict given (or, "" , undone) on a record in this session."""
        self.model.learn(record_id, verdict)
        self._touched.add(record_id)
        if verdict:
            self.decided_in_order.append(record_id)
        elif record_id in self.decided_in_order:
            self.decided_in_order.remove(record_id)
        if record_id in self._skipped:
            self._skipped.remove(record_id)

    def skipped(self, record_id: int) -> None:
        """A skipped record stays at the end of the queue through later reorderings."""
        if record_id in self._skipped:
            self._skipped.remove(record_id)
        self._skipped.append(record_id)

    def job(self, pending: deque[int]) -> TrainingJob:
        """What a training needs, with the queue as it is now for it to order."""
        self._touched = set()
        return self.model.job(tuple(pending))

    def reorder(self, pending: deque[int], front: int | None, scores: RelevanceScores | None) -> (
        deque[int]
    ):  # fmt: skip
        """`pending` in the order of `scores` (kept as the newest), `front` first, skipped
        records last."""
        if scores is None:
            return pending
        self.model.accept(scores)
        if not scores.waiting_order:
            return deque(self._in_model_order(pending, front))
        # The training ordered the queue as it was when the job was taken: only the few
        # records decided, undone or skipped since then need placing by hand.
        moved = self._touched | set(self._skipped)
        if front is not None:
            moved.add(front)
        ordered = [rid for rid in scores.waiting_order if rid not in moved]
        back = [rid for rid in self._touched if rid != front and rid in pending]
        skipped = [rid for rid in self._skipped if rid != front and rid in pending]
        head = [front] if front is not None else []
        return deque([*head, *back, *ordered, *skipped])

    def _in_model_order(self, pending: Sequence[int], front: int | None) -> list[int]:
        scores = self.model.scores
        assert scores is not None
        waiting = set(pending)
        skipped = [rid for rid in self._skipped if rid in waiting and rid != front]
        last = set(skipped)
        if front is not None:
            last.add(front)
        ordered = [rid for rid in scores.ranked_ids if rid in waiting and rid not in last]
        # a record without a row (imported while the session ran) waits after the rest
        if len(ordered) + len(last) < len(waiting):
            placed = set(ordered) | last
            ordered.extend(rid for rid in pending if rid not in placed)
        head = [front] if front is not None else []
        return [*head, *ordered, *skipped]

    # -- what the header shows -----------------------------------------------------------

    def header_line(self) -> str:
        """ "relevance model: 42 decisions, last trained 3s ago" (or why there is none)."""
        scores = self.model.scores
        if scores is None:
            if not self.model.ready:
                line = "relevance model: waiting for an include and an exclude"
                stopping = self.model.stopping
                if stopping is not None and stopping.inputs.settings.method == "target":
                    # else a reviewer who has screened the sample's includes is puzzled
                    return line + " outside the target set"
                return line + " (till then: highlight terms, then random)"
            line = "relevance model: not trained yet"
        else:
            ago = max(0.0, self._clock() - scores.trained_at)
            when = f"{ago:.0f}s" if ago < 60 else format_duration(ago)
            line = f"relevance model: {scores.decisions} decisions, last trained {when} ago"
        return line + (" (training...)" if self.training else "")

    def stopping_line(self) -> str:
        """What `[stopping]`'s method says, as `screener status` would say it (team-wide),
        e.g. "stopping (buscar): recall so far about 87%, p = 0.412: keep screening"; until
        the first training, from the review as the session found it."""
        scores = self.model.scores
        found = scores.stopping if scores is not None else None
        if found is None:
            if self._first_stopping is None and self.model.stopping is not None:
                self._first_stopping = self.model.stopping.inputs.report().header_text()
            return self._first_stopping or ""
        return found.header_text()
