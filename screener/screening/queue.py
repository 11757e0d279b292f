"""Which records a reviewer still has to screen at a stage, and in what order."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from screener.model import Decision, Stage, Status

# The status a record has while it waits at each stage.
_WAITING_STATUS = {
    Stage.TITLE_ABSTRACT.value: {Status.TITLE_ABSTRACT.value},
    Stage.FULL_TEXT.value: {Status.FULL_TEXT.value},
}
# relevance: the review's relevance model (review/ranking.py), which falls back to the
# highlight terms and then random until it can learn; highlights: the count of the criteria's
# highlight terms only (what "relevance" meant before the model).
ORDERS = ("relevance", "highlights", "random", "imported")


def waiting_at(stage: str, statuses: Mapping[int, str]) -> list[int]:
    """Record ids whose status puts them at `stage`, in import order.

    A stage the review does not define (a pilot, a custom stage) offers every record that
    is not a duplicate and not excluded by the criteria.
    """
    wanted = _WAITING_STATUS.get(stage)
    if wanted is None:
        skip = {Status.DUPLICATE.value, Status.EXCLUDED_AUTOMATIC.value}
        return [rid for rid, status in statuses.items() if status not in skip]
    return [rid for rid, status in statuses.items() if status in wanted]


def needing_verdict(
    waiting: Iterable[int],
    current: Iterable[Decision],
    reviewer: str,
    reviewers_per_record: int,
) -> list[int]:
    """The waiting records that still need `reviewer`'s verdict: those they have not
    decided, and with two or more reviewers per record, that fewer reviewers than the
    policy asks for have decided (a record whose verdicts are all in, agreeing or in
    conflict, is no one else's to screen). `current`: the reviewers' current verdicts at
    the stage (resolutions left out)."""
    decided: set[int] = set()
    verdicts: Counter[int] = Counter()
    for decision in current:
        verdicts[decision.record_id] += 1
        if decision.reviewer == reviewer:
            decided.add(decision.record_id)
    if reviewers_per_record <= 1:
        return [rid for rid in waiting if rid not in decided]
    return [rid for rid in waiting if rid not in decided and verdicts[rid] < reviewers_per_record]


def order_queue(
    record_ids: Sequence[int],
    order: str,
    *,
    seed: int | None = None,
    score: Callable[[int], float] | None = None,
) -> list[int]:
    """The ids in screening order: as imported, shuffled (seeded), or by a score (highest
    first, ties as imported), for "relevance" and "highlights" alike."""
    ids = list(record_ids)
    if order == "imported":
        return ids
    if order == "random":
        random.Random(seed).shuffle(ids)
        return ids
    if order in ("relevance", "highlights"):
        if score is None:
            return ids
        return sorted(ids, key=lambda rid: -score(rid))
    raise ValueError(f"unknown order {order!r}")
