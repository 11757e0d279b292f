"""The buscar stopping rule and the random-sample target method."""

from __future__ import annotations

import math
import random

import pytest
from scipy.stats import hypergeom, nchypergeom_wallenius

from screener.ranking.stopping import buscar_estimate, buscar_p_value, buscar_stopping_point
from screener.ranking.target import target_estimate, target_size, target_stopping_point


def test_buscar_p_value_worked_by_hand() -> None:
    # Screened [relevant, irrelevant] of 4, target 50%: recall below 50% means at least
    # floor(1 / 0.5) + 1 = 3 relevant records in all.
    # Last 1 screened: urn of 3 (it and the 2 unscreened) holding 3 - 1 = 2 relevant;
    # drawing 1 and seeing none: 1/3.
    # Last 2: urn of 4 holding 3; drawing 2 and seeing at most 1: C(3,1)C(1,1)/C(4,2) = 1/2.
    assert buscar_p_value([True, False], 4, recall_target=0.5, bias=1.0) == pytest.approx(1 / 3)


def test_buscar_p_value_is_the_smallest_hypergeometric_tail_over_the_last_stretches() -> None:
    labels = [True, True, False, True, False, True] + [False] * 14
    total, target = 300, 0.95
    found = sum(labels)
    least = math.floor(found / target) + 1
    expected = 1.0
    for n in range(1, len(labels) + 1):
        in_sample = sum(labels[-n:])
        urn = total - len(labels) + n
        expected = min(expected, hypergeom.cdf(in_sample, urn, least - (found - in_sample), n))
    assert buscar_p_value(labels, total, target, bias=1.0) == pytest.approx(expected)


def test_a_long_run_of_irrelevant_records_makes_it_safe_to_stop() -> None:
    # 20 found: recall below 95% needs 2 more among the 480 last screened and the 20 left;
    # seeing none in those 480 has probability (20/500)(19/499).
    labels = [True] * 20 + [False] * 480
    estimate = buscar_estimate(labels, total=520, bias=1.0)
    assert estimate.safe_to_stop
    assert estimate.p_value == pytest.approx(20 / 500 * 19 / 499)
    assert estimate.relevant_found == 20 and estimate.screened == 500


def test_stopping_is_not_safe_while_relevant_records_keep_coming() -> None:
    labels = [True, False] * 30
    estimate = buscar_estimate(labels, total=1000)
    assert not estimate.safe_to_stop
    assert estimate.estimated_recall is not None and estimate.estimated_recall < 0.95


def test_nothing_screened_has_no_p_value_and_is_not_safe() -> None:
    estimate = buscar_estimate([], total=100)
    assert estimate.p_value is None and not estimate.safe_to_stop


def test_every_record_screened_is_safe_to_stop() -> None:
    estimate = buscar_estimate([True, False, False], total=3)
    assert estimate.p_value == 0.0 and estimate.safe_to_stop
    assert estimate.estimated_recall == 1.0


def test_the_stopping_point_is_the_first_record_after_which_the_rule_says_stop() -> None:
    labels = [True] * 20 + [False] * 480
    point = buscar_stopping_point(labels, total=520)
    assert point is not None and 20 < point < 500
    assert buscar_estimate(labels[:point], 520).safe_to_stop
    assert not buscar_estimate(labels[: point - 1], 520).safe_to_stop


def test_target_size_gives_the_target_recall_with_the_confidence() -> None:
    # 0.95^59 < 0.05 <= 0.95^58
    assert target_size(0.95, 0.95) == 59
    assert target_size(0.70, 0.95) == 9


def test_target_method_stops_once_screening_has_reached_every_target_record() -> None:
    # Target 50% with 75% confidence: T = 2. Rows 0..7; relevant rows 1, 4, 6.
    labels = [False, True, False, False, True, False, True, False]
    sample_order = [3, 4, 0, 6, 1, 2, 5, 7]  # draws rows 3, 4, 0, 6: targets 4 and 6
    order = [1, 6, 2, 4, 0, 3, 5, 7]  # prioritised: row 4 comes 4th
    screened, found = target_stopping_point(order, labels, sample_order, 0.5, 0.75)
    # The sample {3, 4, 0, 6} and the order's first four {1, 6, 2, 4}: 6 records.
    assert (screened, found) == (6, 3)


def test_target_estimate_waits_for_the_sample_and_then_for_the_ranking() -> None:
    sample = [True] * 58 + [False] * 100
    assert not target_estimate(sample, targets_reached=58).safe_to_stop
    complete = target_estimate([*sample, True], targets_reached=58)
    assert complete.sample_complete and not complete.safe_to_stop
    assert target_estimate([*sample, True], targets_reached=59).safe_to_stop


def _p_over_every_stretch(labels: list[bool], total: int, target: float, bias: float) -> float:
    """buscar's definition, one test per stretch of last-screened records."""
    found = sum(labels)
    least = math.floor(found / target) + 1
    if least > found + total - len(labels):
        return 0.0
    p_values = []
    for n in range(1, len(labels) + 1):
        in_sample = sum(labels[-n:])
        urn = total - len(labels) + n
        relevant = least - (found - in_sample)
        if bias == 1.0:
            p_values.append(hypergeom.cdf(in_sample, urn, relevant, n))
        else:
            p_values.append(nchypergeom_wallenius.cdf(in_sample, urn, relevant, n, bias))
    return min(1.0, *p_values)


@pytest.mark.parametrize(
    ("seed", "bias"),
    [(seed, 1.0) for seed in range(6)]
    + [(seed, bias) for seed in range(6, 10) for bias in (2.0, 3.0)],
)
def test_testing_only_the_stretches_before_each_relevant_record_finds_the_same_p(
    seed: int, bias: float
) -> None:
    rng = random.Random(seed)
    labels = [rng.random() < 0.6 for _ in range(15)] + [rng.random() < 0.05 for _ in range(60)]
    total = len(labels) + rng.choice([0, 1, 5, 40, 400])
    target = rng.choice([0.8, 0.9, 0.95])
    assert buscar_p_value(labels, total, target, bias) == pytest.approx(
        _p_over_every_stretch(labels, total, target, bias), abs=1e-9
    )


def test_crediting_the_ranking_with_a_bias_lowers_the_p_value() -> None:
    labels = [True] * 20 + [False] * 200
    unbiased = buscar_p_value(labels, 500, bias=1.0)
    biased = buscar_p_value(labels, 500, bias=2.0)
    assert unbiased is not None and biased is not None
    assert biased < unbiased < 1.0


@pytest.mark.parametrize(("seed", "bias"), [(0, 1.0), (1, 1.0), (2, 2.0), (3, 2.0)])
def test_the_stopping_point_is_the_first_of_all_records_checked_one_by_one(
    seed: int, bias: float
) -> None:
    rng = random.Random(seed)
    labels = [rng.random() < 0.6 for _ in range(30)] + [rng.random() < 0.01 for _ in range(400)]
    total = len(labels) + 20

    def stops(n: int) -> bool:
        p_value = buscar_p_value(labels[:n], total, bias=bias)
        return p_value is not None and p_value < 0.05

    first = next(n for n in range(1, len(labels) + 1) if stops(n))
    assert buscar_stopping_point(labels, total, bias=bias) == first
