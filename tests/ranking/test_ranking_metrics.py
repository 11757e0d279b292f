"""The metrics of `screener simulate`, against examples worked by hand."""

from __future__ import annotations

import pytest

from screener.ranking import metrics

# Ten records in screening order (priors left out), relevant at positions 1, 3 and 4.
TEN = [True, False, True, True, False, False, False, False, False, False]


def test_wss_at_100_counts_the_records_left_once_the_last_relevant_is_found() -> None:
    # All three found after 4 of 10: 6/10 saved, and random screening saves nothing.
    assert metrics.wss(TEN, 1.0) == pytest.approx(0.6)


def test_wss_at_95_takes_off_the_five_percent_random_screening_saves() -> None:
    # 95% of 3 relevant is all 3 (2 of 3 is only 67%): screened 4, (10 - 4) / 10 - 0.05.
    assert metrics.wss(TEN, 0.95) == pytest.approx(0.55)


def test_wss_at_95_stops_at_the_relevant_record_that_reaches_95_percent() -> None:
    # 20 relevant: the 19th (19/20 = 95%) is found at record 25 of 40; the 20th, at
    # record 40, does not count.
    labels = [True] * 18 + [False] * 6 + [True] + [False] * 14 + [True]
    assert len(labels) == 40
    assert metrics.screened_until_recall(labels, 0.95) == 25
    assert metrics.wss(labels, 0.95) == pytest.approx((40 - 25) / 40 - 0.05)
    assert metrics.wss(labels, 1.0) == pytest.approx(0.0)


def test_recall_at_a_share_counts_the_whole_records_within_it() -> None:
    # 10% of 10 is 1 record (1 found of 3); 25% of 10 is 2 records (still 1); 50% is 5.
    assert metrics.recall_at(TEN, 0.10) == pytest.approx(1 / 3)
    assert metrics.recall_at(TEN, 0.25) == pytest.approx(1 / 3)
    assert metrics.recall_at(TEN, 0.50) == pytest.approx(1.0)


def test_recall_at_a_share_smaller_than_one_record_is_zero() -> None:
    assert metrics.recall_at([True, False, False, False, False], 0.10) == 0.0


@pytest.mark.parametrize(
    ("fraction", "records", "within"),
    [(0.1, 10, 1), (0.1, 30, 3), (0.25, 10, 2), (0.1, 9, 0), (0.25, 1704, 426), (1.0, 7, 7)],
)
def test_records_within_a_share_is_the_largest_count_not_above_it(
    fraction: float, records: int, within: int
) -> None:
    assert metrics.records_within(fraction, records) == within


def test_rrf_at_10_is_the_share_of_relevant_records_found_in_the_first_10_percent() -> None:
    labels = [True, True] + [False] * 8 + [True] * 2 + [False] * 8  # 20 records, 4 relevant
    assert metrics.rrf_at(labels, 0.10) == pytest.approx(2 / 4)


def test_average_time_to_discovery_is_the_mean_position_of_the_relevant_records() -> None:
    assert metrics.average_time_to_discovery(TEN) == pytest.approx((1 + 3 + 4) / 3)


def test_metrics_refuse_a_set_without_relevant_records() -> None:
    with pytest.raises(ValueError, match="at least one relevant"):
        metrics.wss([False, False], 0.95)
