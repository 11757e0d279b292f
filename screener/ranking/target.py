"""The random-sample "target" stopping method (Cormack & Grossman 2016).

Before (or beside) prioritised screening, the team screens records drawn at random until
it has found T relevant ones: the target set. Prioritised screening then goes on until it
has come to every record of the target set. Were the target records a random draw from the
relevant ones, all T would fall within the first share r of the relevant records with
probability r^T; so T = ceil(log(1 - confidence) / log(target)) gives recall at least the
target with that confidence (59 records for 95% / 95%). The price is the sample: with few
relevant records it takes most of the review, the honest answer for a rare topic.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from screener.ranking.stopping import DEFAULT_CONFIDENCE, DEFAULT_RECALL_TARGET


def target_size(
    recall_target: float = DEFAULT_RECALL_TARGET, confidence: float = DEFAULT_CONFIDENCE
) -> int:
    """How many relevant records the random sample must find (T)."""
    if not 0.0 < recall_target < 1.0 or not 0.0 < confidence < 1.0:
        raise ValueError("the recall target and the confidence lie between 0 and 1")
    return math.ceil(math.log(1.0 - confidence) / math.log(recall_target))


@dataclass(frozen=True)
class TargetEstimate:
    """Where a review stands against the target method."""

    sample_screened: int  # records of the random sample screened so far
    targets_found: int  # relevant records among them (the target set)
    targets_needed: int  # T
    targets_reached: int  # target records prioritised screening has come to
    safe_to_stop: bool

    @property
    def sample_complete(self) -> bool:
        return self.targets_found >= self.targets_needed


def target_estimate(
    sample_labels: Sequence[bool],
    targets_reached: int,
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    *,
    records: int | None = None,
) -> TargetEstimate:
    """The target method given the random sample screened so far (`sample_labels`, True =
    relevant, in the order drawn) and how many of its relevant records prioritised screening
    has come to (a record is reached once screening by predicted relevance gets to it).

    A sample that has drawn all `records` (when given) is a screening of everything: safe.
    """
    needed = target_size(recall_target, confidence)
    found = sum(1 for label in sample_labels if label)
    exhausted = records is not None and len(sample_labels) >= records
    complete = found >= needed
    return TargetEstimate(
        sample_screened=len(sample_labels),
        targets_found=found,
        targets_needed=needed,
        targets_reached=targets_reached,
        safe_to_stop=exhausted or (complete and targets_reached >= found),
    )


def target_stopping_point(
    order: Sequence[int],
    labels: Sequence[bool],
    sample_order: Sequence[int],
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[int, int]:
    """Replay the target method: `order` is the prioritised screening order of all rows,
    `labels` their relevance by row, `sample_order` the random order the sample draws in.

    Returns (records screened in all, relevant records among them): the sample, drawn until
    it holds T relevant records, together with the prioritised order up to the last target.
    """
    needed = target_size(recall_target, confidence)
    sample: list[int] = []
    targets: list[int] = []
    for row in sample_order:
        sample.append(row)
        if labels[row]:
            targets.append(row)
            if len(targets) == needed:
                break
    if len(targets) < needed:
        # The sample drew every record without finding T: everything was screened.
        return len(labels), sum(1 for label in labels if label)
    position = {row: index for index, row in enumerate(order)}
    reach = max(position[row] for row in targets) + 1
    screened = set(sample).union(order[:reach])
    return len(screened), sum(1 for row in screened if labels[row])


# -- the sample of a live review (ranking-stop) ------------------------------------------


def draw_order(keys: Mapping[int, str], salt: str) -> list[int]:
    """Record ids in the order the random sample draws them: by the SHA-256 of `salt` and
    each record's key. Every copy of a review that shares the salt and the keys draws
    alike, and a record imported later takes a random place among the rest."""

    def rank(record_id: int) -> bytes:
        return hashlib.sha256(f"{salt}\0{keys[record_id]}".encode()).digest()

    return sorted(keys, key=rank)


@dataclass(frozen=True)
class LiveSample:
    """The random sample screened so far: the drawn records up to the first one not yet
    screened, or up to the relevant record that completes the target set."""

    records: tuple[int, ...]  # in draw order
    targets: tuple[int, ...]  # the relevant ones among them
    next_record: int | None  # the next record to screen for it (None once complete)


def live_sample(draw: Sequence[int], relevant: Mapping[int, bool], needed: int) -> LiveSample:
    """The sample in `draw` order; `relevant` holds every screened record (True: relevant)
    and no other."""
    records: list[int] = []
    targets: list[int] = []
    for record_id in draw:
        if len(targets) >= needed:
            break
        if record_id not in relevant:
            return LiveSample(tuple(records), tuple(targets), record_id)
        records.append(record_id)
        if relevant[record_id]:
            targets.append(record_id)
    return LiveSample(tuple(records), tuple(targets), None)


def reached_by_ranking(
    targets: Iterable[int], score_of: Callable[[int], float | None], waiting: Iterable[int]
) -> set[int]:
    """The targets prioritised screening has come to although it never screened them: those
    the model (taught without them) scores at least as high as every record still waiting,
    so that the queue has passed them. All of them once nothing waits."""
    scores = [s for rid in waiting if (s := score_of(rid)) is not None]
    frontier = max(scores, default=None)
    found = set()
    for record_id in targets:
        score = score_of(record_id)
        if frontier is None or (score is not None and score >= frontier):
            found.add(record_id)
    return found
