"""When it is safe to stop screening: the buscar rule (Callaghan & Müller-Hansen 2020).

Prioritised screening puts likely-relevant records first, so the records screened last are,
if anything, richer in relevant records than those never screened. Treat the last n
screened records as a sample drawn from an urn: those n records plus every record not yet
screened. The null hypothesis is "recall is below the target": then at least

    K = floor(found / target) + 1 - (relevant found before the sample)

relevant records were in the urn. Its p-value is the hypergeometric probability of seeing at
most the relevant records the sample holds, drawing n from such an urn; the rule takes the
smallest p over every n (each stretch of last-screened records) and stops once it is below
1 - confidence.

buscar's `bias` (the odds of drawing a relevant record over an irrelevant one, a biased urn:
Wallenius' noncentral hypergeometric distribution) credits the ranking with making the last
stretch likelier to hold a relevant record than a random draw. The default is 1, the
published rule (no such credit; the p-value is that of the buscar package's calculate_h0,
the smallest over every last stretch). On 20 simulated reviews of each of the 17 shared
sets it reached 95% recall in every run, after 86% of the records on average (73% to 99%
by set). A bias of 1.25 screened 81% but reached 95% recall in only 95% of the runs on
Antihistamines; 1.5 in none there and half on Bannach-Brown; 2 (71%) fell short on four
sets. Where the ranking is no better than chance (Antihistamines) any credit given to it is
wrong, and a rule cannot tell in advance, so none is given by default. Confidence 90%
(81%) was as close to the edge. The share is bounded by the test itself: with fewer than
20 relevant records, one missed record breaks 95% recall, and ruling that out needs 19 of
every 20 records left after the last relevant one: even a perfect ranking stops at 66% of
the records on average over these sets (95% on the three with fewer than 20 relevant)
(benchmarks/ranking_bench.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

DEFAULT_RECALL_TARGET = 0.95
DEFAULT_CONFIDENCE = 0.95
DEFAULT_BIAS = 1.0
# The point estimate of recall: the target at which the test's p-value is one half, found
# by bisection to this precision.
_ESTIMATE_PRECISION = 0.001


@dataclass(frozen=True)
class StoppingEstimate:
    """Where a prioritised screening stands against the buscar rule."""

    screened: int
    relevant_found: int
    p_value: float | None  # None before any record is screened
    safe_to_stop: bool
    recall_target: float
    confidence: float
    estimated_recall: float | None  # a point estimate where one can be given
    bias: float = DEFAULT_BIAS  # the odds a ranked stretch holds a relevant record


def _check(total: int, screened: int, recall_target: float, confidence: float) -> None:
    if not 0.0 < recall_target < 1.0:
        raise ValueError(f"the recall target must lie between 0 and 1, not {recall_target}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"the confidence must lie between 0 and 1, not {confidence}")
    if screened > total:
        raise ValueError(f"{screened} records screened of only {total}")


def buscar_p_value(
    labels_in_order: Sequence[bool] | numpy.ndarray,
    total: int,
    recall_target: float = DEFAULT_RECALL_TARGET,
    bias: float = DEFAULT_BIAS,
) -> float | None:
    """The p-value of "recall is below `recall_target`" after screening `labels_in_order`
    (True = relevant, in screening order) out of `total` records; None before any."""
    import numpy as np

    labels = np.asarray(labels_in_order, dtype=bool)
    screened = len(labels)
    if screened == 0:
        return None
    relevant_at = np.flatnonzero(labels)
    found = len(relevant_at)
    least_in_all = math.floor(found / recall_target) + 1
    if least_in_all > found + (total - screened):
        # Were every record left relevant, recall would still reach the target.
        return 0.0
    # Between two relevant records, lengthening the sample by one irrelevant record only
    # lowers p (one more draw, one more irrelevant record in the urn), so the smallest p is
    # among the longest samples that stop short of a relevant record, and the whole
    # screening: found + 1 tests instead of one per record screened.
    sample_sizes = np.append(screened - relevant_at - 1, screened)
    in_sample = np.append(found - np.arange(1, found + 1), found)
    tested = sample_sizes >= 1
    sample_sizes, in_sample = sample_sizes[tested], in_sample[tested]
    urn_sizes = total - screened + sample_sizes
    least_relevant = least_in_all - (found - in_sample)
    p_values = _at_most(in_sample, urn_sizes, least_relevant, sample_sizes, bias)
    return float(min(1.0, max(0.0, np.min(p_values))))


def _at_most(
    seen: numpy.ndarray,
    urn: numpy.ndarray,
    relevant: numpy.ndarray,
    drawn: numpy.ndarray,
    bias: float,
) -> numpy.ndarray:
    """P(at most `seen` relevant records among `drawn` taken from `urn` holding `relevant`),
    with odds `bias` of taking a relevant record (1: the hypergeometric distribution)."""
    import numpy as np
    from scipy.stats import hypergeom, nchypergeom_wallenius

    if bias == 1.0:
        return np.asarray(hypergeom.cdf(seen, urn, relevant, drawn))
    # scipy sums Wallenius' probabilities from 0 up to `seen`; the upper tail is usually
    # far shorter (at most the relevant records H0 says were missed), so sum the shorter.
    lowest = np.maximum(0, drawn - (urn - relevant))
    highest = np.minimum(drawn, relevant)
    from_below = seen - lowest < highest - seen
    starts = np.where(from_below, lowest, seen + 1)
    stops = np.where(from_below, seen, highest)
    counts = np.maximum(0, stops - starts + 1)
    owner = np.repeat(np.arange(len(seen)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    terms = nchypergeom_wallenius.pmf(
        starts[owner] + offsets, urn[owner], relevant[owner], drawn[owner], bias
    )
    sums = np.bincount(owner, weights=terms, minlength=len(seen))
    return np.where(from_below, sums, 1.0 - sums)


def buscar_estimate(
    labels_in_order: Sequence[bool],
    total: int,
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    bias: float = DEFAULT_BIAS,
) -> StoppingEstimate:
    """The buscar rule after screening `labels_in_order` (the verdicts, True = relevant,
    in the order records were screened) of the `total` records screening could reach."""
    _check(total, len(labels_in_order), recall_target, confidence)
    p_value = buscar_p_value(labels_in_order, total, recall_target, bias)
    return StoppingEstimate(
        screened=len(labels_in_order),
        relevant_found=sum(1 for label in labels_in_order if label),
        p_value=p_value,
        safe_to_stop=p_value is not None and p_value < 1.0 - confidence,
        recall_target=recall_target,
        confidence=confidence,
        estimated_recall=median_recall(labels_in_order, total, bias),
        bias=bias,
    )


def median_recall(
    labels_in_order: Sequence[bool], total: int, bias: float = DEFAULT_BIAS
) -> float | None:
    """The recall at which the buscar test's p-value is one half: as likely above as below.
    None before any relevant record is found, or when every record is screened (recall 1)."""
    import numpy as np

    labels = np.asarray(labels_in_order, dtype=np.int64)
    if len(labels) == total:
        return 1.0 if labels.any() else None
    if not labels.any():
        return None
    low, high = _ESTIMATE_PRECISION, 1.0 - _ESTIMATE_PRECISION
    # p grows with the target (a higher target is easier to fall short of).
    while high - low > _ESTIMATE_PRECISION:
        middle = (low + high) / 2
        p_value = buscar_p_value(labels, total, middle, bias)
        if p_value is not None and p_value < 0.5:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, 3)


def buscar_stopping_point(
    labels_in_order: Sequence[bool],
    total: int,
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    bias: float = DEFAULT_BIAS,
) -> int | None:
    """How many records of `labels_in_order` are screened when the buscar rule, checked
    after every record, first says stop; None when it never does."""
    import numpy as np

    _check(total, len(labels_in_order), recall_target, confidence)
    labels = np.asarray(labels_in_order, dtype=bool)
    alpha = 1.0 - confidence

    def stops(screened: int) -> bool:
        p_value = buscar_p_value(labels[:screened], total, recall_target, bias)
        return p_value is not None and p_value < alpha

    # While irrelevant records follow one another p only falls (the same urns, longer
    # samples), so within each run of them the first stopping point is found by bisection.
    relevant_at = np.flatnonzero(labels).tolist()
    starts = [1] + [position + 1 for position in relevant_at]
    ends = [*relevant_at, len(labels)]
    for first, last in zip(starts, ends, strict=True):
        if last < first or not stops(last):
            continue
        while first < last:
            middle = (first + last) // 2
            if stops(middle):
                last = middle
            else:
                first = middle + 1
        return first
    return None
