"""The relevance order of one reviewer's queue: what the model learns from, and when.

A `QueueRanking` belongs to one screening session. It holds the review's feature matrix
(built once, cached beside the store by `Review.relevance_features`), the labels the
reviewer's model may learn from, and the newest scores. Training itself is a pure function
of a `TrainingJob` (`train`), so that a background thread can run it without touching the
store (an SQLite connection stays in the thread that opened it) and without blocking a key.

Who teaches whose model (blind dual screening): the team's settled outcomes (agreed or
resolved) and the reviewer's own verdicts; another reviewer's verdict on a record not yet
settled never reaches this reviewer's model, so the order cannot leak it.

Until the labels hold an include and an exclude there is nothing to learn from: the queue
is ordered by the criteria's highlight score, ties in a seeded random order.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from screener.model import Verdict

if TYPE_CHECKING:
    import numpy
    from scipy.sparse import csr_matrix

    # The review hands a session these; screening never imports review/ at run time.
    from screener.review.stopping_tracker import StoppingTracker
    from screener.review.stopping_view import StoppingInputs, StoppingReport


@dataclass(frozen=True, slots=True)
class ReviewFeatures:
    """The review's feature matrix: one row per record that can reach screening."""

    record_ids: numpy.ndarray  # row -> record id
    matrix: csr_matrix
    row_of: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        rows = {int(rid): row for row, rid in enumerate(self.record_ids.tolist())}
        object.__setattr__(self, "row_of", rows)

    def __len__(self) -> int:
        return len(self.row_of)


def label_of(verdict: str) -> bool | None:
    """What a verdict teaches the model: include is relevant, exclude (and a report not
    retrieved, which was sought because it looked relevant) is not, maybe teaches nothing."""
    if verdict == Verdict.INCLUDE.value:
        return True
    if verdict == Verdict.EXCLUDE.value:
        return False
    return None


def can_learn(labels: Mapping[int, bool]) -> bool:
    """A model needs at least one relevant and one irrelevant example."""
    values = set(labels.values())
    return True in values and False in values


@dataclass(frozen=True, slots=True)
class TrainingJob:
    """Everything one training needs, copied so that the session may go on meanwhile."""

    features: ReviewFeatures
    labels: dict[int, bool]
    # for the stopping report: the review's stopping inputs as they were when the job was
    # taken (the team's verdicts in order, with the session's own)
    stopping: StoppingInputs | None = None
    seed: int = 0
    # the session's queue when the job was taken: the training orders it, so that taking
    # the new order costs the session (and the key being pressed) next to nothing
    waiting: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RelevanceScores:
    """A trained model's predicted relevance of every row, and what it learnt from."""

    features: ReviewFeatures
    scores: numpy.ndarray
    ranked_ids: tuple[int, ...]  # record ids, most relevant first
    decisions: int  # labels the model learnt from
    trained_at: float  # time.monotonic() when training ended
    seconds: float  # how long training and scoring took
    stopping: StoppingReport | None = None
    waiting_order: tuple[int, ...] = ()  # the job's `waiting`, most relevant first

    def of(self, record_id: int) -> float | None:
        row = self.features.row_of.get(record_id)
        return None if row is None else float(self.scores[row])


def train(job: TrainingJob) -> RelevanceScores | None:
    """Fit the model on the job's labels and score every row (None: nothing to learn yet).

    Pure and thread-safe: it reads only the job.
    """
    import numpy

    from screener.ranking.model import RelevanceModel

    started = time.monotonic()
    labelled = [(job.features.row_of[rid], label) for rid, label in job.labels.items()
                if rid in job.features.row_of]  # fmt: skip
    if not can_learn(dict(labelled)):
        return None
    model = RelevanceModel(seed=job.seed)
    model.fit(job.features.matrix, [row for row, _ in labelled], [lab for _, lab in labelled])
    scores = numpy.asarray(model.scores(job.features.matrix), dtype=float)
    ranked = job.features.record_ids[numpy.argsort(-scores, kind="stable")]
    waiting = numpy.fromiter(job.waiting, dtype=ranked.dtype, count=len(job.waiting))
    found = RelevanceScores(
        job.features,
        scores,
        tuple(ranked.tolist()),
        len(labelled),
        time.monotonic(),
        time.monotonic() - started,
        None,
        tuple(ranked[numpy.isin(ranked, waiting)].tolist()),
    )
    if job.stopping is None:
        return found
    from dataclasses import replace

    return replace(found, stopping=job.stopping.report(found.of))


def retrain_due(since: int, labelled: int, retrain_every: int | None) -> bool:
    """Whether `since` new decisions call for training again: ranking's schedule (after
    every decision while fits are cheap, at most every 10 on large reviews), or every
    `retrain_every` decisions when the review sets it."""
    from screener.ranking.schedule import retrain_interval

    if since <= 0:
        return False
    return since >= (retrain_every or retrain_interval(max(labelled - since, 0)))


def counts_as_relevant(verdict: str) -> bool:
    """For the stopping estimate every screened record is relevant or not: a maybe counts
    as relevant, which can only delay the point where stopping looks safe."""
    return verdict in (Verdict.INCLUDE.value, Verdict.MAYBE.value)


def fallback_order(
    waiting: Sequence[int], highlight: Callable[[int], float] | None, seed: int | None
) -> list[int]:
    """Before the model can learn: by the criteria's highlight score, ties in random order."""
    ids = list(waiting)
    random.Random(seed).shuffle(ids)
    if highlight is None:
        return ids
    return sorted(ids, key=lambda rid: -highlight(rid))  # stable: ties stay shuffled


class QueueRanking:
    """The relevance model of one reviewer's queue at one stage.

    `team_labels`: the settled outcomes of the stage (agreed or resolved; with one reviewer
    per record, every verdict); `own`: the reviewer's verdicts, newest last. The reviewer's
    own verdict counts where the team has not settled the record. `stopping`: the review's
    stopping inputs, which the session's decisions keep up to date and each training
    reports from (the header's stopping line).
    """

    def __init__(
        self,
        features: ReviewFeatures,
        *,
        team_labels: Mapping[int, bool],
        own: Mapping[int, str],
        retrain_every: int | None = None,
        stopping: StoppingTracker | None = None,
        seed: int = 0,
        trainer: Callable[[TrainingJob], RelevanceScores | None] = train,
    ) -> None:
        self.features = features
        self._team = dict(team_labels)
        self._own: dict[int, str] = dict(own)
        self._retrain_every = retrain_every
        self.stopping = stopping
        self._seed = seed
        self.trainer = trainer
        self.scores: RelevanceScores | None = None
        self._since = 0  # decisions since the newest job was taken
        # the labels, kept up to date one decision at a time: a key press must not walk
        # every label of a large team review
        self._labels = {
            rid: lab for rid, v in self._own.items() if (lab := label_of(v)) is not None
        }
        self._labels.update(self._team)
        self._relevant = sum(self._labels.values())

    # -- what the model learns from ------------------------------------------------------

    def labels(self) -> dict[int, bool]:
        """Settled outcomes, and the reviewer's own verdicts where nothing is settled."""
        return dict(self._labels)

    def learn(self, record_id: int, verdict: str) -> None:
        """The reviewer gave `verdict` on a record ("" when undone)."""
        self._own.pop(record_id, None)  # re-inserted last: the order of screening
        if verdict:
            self._own[record_id] = verdict
        self._since += 1
        if self.stopping is not None:
            self.stopping.learn(record_id, verdict)
        if record_id in self._team:
            return  # the team's outcome stands
        self._relevant -= self._labels.pop(record_id, False)
        label = label_of(verdict)
        if label is not None:
            self._labels[record_id] = label
            self._relevant += label

    @property
    def untrained_decisions(self) -> int:
        """Decisions made since the newest training job was taken."""
        return self._since

    @property
    def ready(self) -> bool:
        """Whether the labels hold an include and an exclude."""
        return 0 < self._relevant < len(self._labels)

    def due(self) -> bool:
        """Whether the decisions since the last training call for another."""
        labelled = len(self._labels)
        return self.ready and retrain_due(self._since, labelled, self._retrain_every)

    def job(self, waiting: tuple[int, ...] = ()) -> TrainingJob:
        """A copy of what a training needs; the decisions counted so far are in it.
        `waiting`: the queue as it is now, for the training to order."""
        self._since = 0
        stopping = self.stopping.inputs if self.stopping is not None else None
        return TrainingJob(self.features, self.labels(), stopping, self._seed, waiting)

    def train_now(self) -> RelevanceScores | None:
        """Train in this thread (start-up, plain mode) and keep the scores."""
        found = self.trainer(self.job())
        if found is not None:
            self.scores = found
        return found

    def accept(self, scores: RelevanceScores | None) -> None:
        """Keep the scores a background training produced."""
        if scores is not None:
            self.scores = scores

    def predicted(self, record_id: int) -> float | None:
        return None if self.scores is None else self.scores.of(record_id)
