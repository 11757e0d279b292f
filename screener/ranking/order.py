"""The order records are offered in: by the model once it can learn, before that by the
criteria's highlight score, ties (and records nothing tells apart) in a seeded random order."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence


def can_train(labels: Iterable[bool]) -> bool:
    """Whether the decisions so far hold at least one relevant and one irrelevant record:
    until then no model can be fitted and the order falls back to highlight scores."""
    seen = set(labels)
    return True in seen and False in seen


def order_by_score(scores: Sequence[float], seed: int = 0) -> list[int]:
    """Positions of `scores`, highest first; equal scores in a random order fixed by `seed`
    (so that records a score cannot tell apart are not shown in import order).

    Serves the model's scores and the fallback alike: before `can_train`, pass each
    record's highlight score (0 for all when the criteria highlight nothing: a random order).
    """
    tie_break = list(range(len(scores)))
    random.Random(seed).shuffle(tie_break)
    return sorted(range(len(scores)), key=lambda row: (-scores[row], tie_break[row]))
