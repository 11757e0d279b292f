"""Screening metrics as asreview-insights defines them, on the labels in screening order.

Every function takes `labels`: the relevance (True = relevant) of every record in the order
it was screened, the prior records left out (they are excluded from both numerator and
denominator). N is len(labels), R the number of relevant records among them.

recall@x%   relevant records found after screening the first floor(x% of N) records, over R
            (the largest k with k/N <= x, as insights slices its curve; 0 when that is none).
RRF@x%      insights' "relevant records found": the same quantity as recall@x%.
WSS@r       (N - records screened when recall first reaches r) / N - (1 - r).
ATD         average time to discovery: the mean position (1-based, in records screened) at
            which the relevant records were found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _relevant(labels: Sequence[bool]) -> int:
    relevant = sum(1 for label in labels if label)
    if relevant == 0:
        raise ValueError("the metrics need at least one relevant record beyond the priors")
    return relevant


def records_within(fraction: float, records: int) -> int:
    """How many records the first `fraction` of `records` holds: the largest k with
    k / records <= fraction (compared as insights compares, in floating point)."""
    count = min(records, math.floor(fraction * records) + 1)
    while count > 0 and count / records > fraction:
        count -= 1
    return count


def recall_at(labels: Sequence[bool], fraction: float) -> float:
    """Share of the relevant records found within the first `fraction` of the records."""
    relevant = _relevant(labels)
    screened = records_within(fraction, len(labels))
    return sum(1 for label in labels[:screened] if label) / relevant


def rrf_at(labels: Sequence[bool], fraction: float) -> float:
    """Relevant records found after screening `fraction` of the records, as a share of
    the relevant ones (insights' RRF@x, the same figure as recall@x)."""
    return recall_at(labels, fraction)


def screened_until_recall(labels: Sequence[bool], recall: float) -> int:
    """Records screened when the share of relevant records found first reaches `recall`."""
    relevant = _relevant(labels)
    found = 0
    for position, label in enumerate(labels, 1):
        if label:
            found += 1
            if found / relevant >= recall:
                return position
    raise AssertionError("recall 1.0 is always reached at the last relevant record")


def wss(labels: Sequence[bool], recall: float) -> float:
    """Work saved over sampling at `recall`: the share of records not screened when recall
    first reaches `recall`, less the share random screening would have saved."""
    records = len(labels)
    return (records - screened_until_recall(labels, recall)) / records - (1.0 - recall)


def average_time_to_discovery(labels: Sequence[bool]) -> float:
    """Mean position (1-based, in records) at which the relevant records were found."""
    positions = [position for position, label in enumerate(labels, 1) if label]
    return sum(positions) / _relevant(labels)
