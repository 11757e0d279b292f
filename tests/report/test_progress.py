"""`Review.progress`: decided and remaining per stage and reviewer, pace, days left and the
inclusion rate, on a small review screened by two reviewers over three days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from progress_helpers import DAY1, DAY2, Clocked, clocked_review, screen_three_days

from screener.report.progress import (
    BREAK_SECONDS,
    PACE_DAYS,
    DatedVerdict,
    DayCount,
    ProgressReport,
    median_gap,
    pace_of,
)
from screener.review import Review
from screener.review.progress import Clock, NothingToReport


@pytest.fixture
def clocked(review_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clocked:
    return clocked_review(review_dir, monkeypatch)


@pytest.fixture
def screened(clocked: Clocked) -> Clocked:
    return screen_three_days(clocked)


@pytest.fixture
def report(screened: Clocked) -> Iterator[ProgressReport]:
    """The progress as ana sees it (blind: her own inclusions whole, ben's on records
    whose verdicts are all in: 1, 2 and 3, as all of his are)."""
    with Review.open(screened.folder, actor="ana") as review:
        yield review.progress(timezone.utc)


def figures_of(report: ProgressReport, stage: str, who: str = "all"):
    (found,) = [s for s in report.stages if s.stage == stage]
    if who == "all":
        return found.figures
    (reviewer,) = [r for r in found.reviewers if r.name == who]
    return reviewer


def test_a_reviewers_decided_and_remaining_follow_their_queue(
    screened: Clocked, report: ProgressReport
) -> None:
    ana = figures_of(report, "title-abstract", "ana")
    ben = figures_of(report, "title-abstract", "ben")
    assert (ana.decided, ana.remaining) == (8, 2)  # records 9 (undone) and 10
    assert (ben.decided, ben.remaining) == (3, 7)  # 4 to 10; 2 has both verdicts
    with Review.open(screened.folder) as review:
        for stage in report.stages:
            for reviewer in stage.reviewers:
                queue = review.queue(stage=stage.stage, reviewer=reviewer.name)
                assert reviewer.remaining == len(queue), (stage.stage, reviewer.name)


def test_a_stage_counts_records_settled_and_still_waiting(
    screened: Clocked, report: ProgressReport
) -> None:
    stage = figures_of(report, "title-abstract")
    # settled: 1 (agreed include), 3 (agreed exclude), 2 (resolved exclude)
    assert (stage.decided, stage.remaining, stage.included) == (3, 7, 1)
    assert stage.inclusion_rate == pytest.approx(1 / 3)
    with Review.open(screened.folder) as review:
        status = review.status()
    assert stage.remaining == status.by_status["title-abstract"]


def test_pace_is_per_day_with_decisions_and_breaks_are_left_out(report: ProgressReport) -> None:
    ana = figures_of(report, "title-abstract", "ana")
    assert ana.pace.active_days == 2
    assert ana.pace.per_day == 4.0  # 6 on the first day, 2 on the second
    # gaps 30, 30, 30, (two hours: a break), 40, (overnight), 20
    assert ana.pace.median_seconds == 30.0
    assert ana.days_left == pytest.approx(2 / 4.0)
    assert ana.inclusion_rate == pytest.approx(3 / 8)
    ben = figures_of(report, "title-abstract", "ben")
    assert (ben.pace.per_day, ben.pace.median_seconds) == (3.0, 45.0)


def ana_as_seen_by(folder: Path, viewer: str):
    with Review.open(folder, actor=viewer) as review:
        return figures_of(review.progress(timezone.utc), "title-abstract", "ana")


def test_screening_blind_another_reviewers_inclusions_count_only_records_revealed(
    screened: Clocked,
) -> None:
    # ana included 1, 2 and 6; ben has screened 1 to 3 only, so 6 is still hers alone
    seen = ana_as_seen_by(screened.folder, "ben")
    assert (seen.decided, seen.included, seen.inclusion_rate) == (8, 2, pytest.approx(2 / 3))
    screened.at(f"{DAY2}T15:00:00").decide("ana", 10, "include")  # 10 awaits ben
    seen = ana_as_seen_by(screened.folder, "ben")
    assert (seen.decided, seen.included, seen.inclusion_rate) == (9, 2, pytest.approx(2 / 3))
    own = ana_as_seen_by(screened.folder, "ana")
    assert (own.decided, own.included) == (9, 4)
    screened.at(f"{DAY2}T16:00:00").decide("ben", 10, "include")  # both in: revealed
    seen = ana_as_seen_by(screened.folder, "ben")
    assert (seen.decided, seen.included) == (9, 3)


def test_the_stage_pace_counts_records_settled_and_pools_the_reviewers_gaps(
    report: ProgressReport,
) -> None:
    stage = figures_of(report, "title-abstract")
    assert stage.pace.per_day == 1.5  # 2 settled on the second day, 1 on the third
    assert stage.days_left == pytest.approx(7 / 1.5)
    assert stage.pace.median_seconds == 30.0  # of 30, 30, 30, 40, 20, 45, 45


def test_a_resolution_settles_the_record_but_is_no_reviewers_pace(
    report: ProgressReport,
) -> None:
    (stage,) = [s for s in report.stages if s.stage == "title-abstract"]
    assert [r.name for r in stage.reviewers] == ["ana", "ben"]
    assert stage.timeline == (
        DayCount(date(2026, 3, 3), 2, 1),
        DayCount(date(2026, 3, 4), 3, 1),
    )


def test_full_text_lists_every_screening_reviewer_with_their_queue(
    report: ProgressReport,
) -> None:
    stage = figures_of(report, "full-text")
    assert (stage.decided, stage.remaining) == (0, 1)  # record 1 awaits ben's verdict
    ana = figures_of(report, "full-text", "ana")
    assert (ana.decided, ana.remaining, ana.pace.median_seconds) == (1, 0, None)
    assert ana.days_left == 0.0
    ben = figures_of(report, "full-text", "ben")
    assert (ben.decided, ben.remaining, ben.days_left, ben.inclusion_rate) == (0, 1, None, None)


def test_full_text_is_left_out_until_someone_decides_there(clocked: Clocked) -> None:
    clocked.at(f"{DAY1}T12:00:00").decide("ana", 1, "include")
    with Review.open(clocked.folder) as review:
        report = review.progress(timezone.utc)
    assert [stage.stage for stage in report.stages] == ["title-abstract"]


def test_the_json_names_every_figure(report: ProgressReport) -> None:
    shape = report.as_json()
    assert shape["pace_days"] == PACE_DAYS
    (stage, _) = shape["stages"]  # type: ignore[misc]
    assert stage["stage"] == "title-abstract"
    assert {key: stage[key] for key in ("records", "decided", "remaining", "included")} == {
        "records": 10, "decided": 3, "remaining": 7, "included": 1,
    }  # fmt: skip
    ana = stage["reviewers"][0]
    assert ana == {
        "reviewer": "ana", "decided": 8, "remaining": 2, "included": 3,
        "inclusion_rate": 0.375, "active_days": 2, "first_day": DAY1, "last_day": DAY2,
        "decisions_per_day": 4.0, "recent_per_day": 4.0, "median_seconds": 30.0,
        "days_left": 0.5,
    }  # fmt: skip


def test_no_decisions_is_nothing_to_report(clocked: Clocked, review_dir: Path) -> None:
    with Review.open(clocked.folder) as review, pytest.raises(NothingToReport, match="no"):
        review.progress()


def test_the_pace_is_the_mean_of_the_last_days_with_decisions() -> None:
    start = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)
    verdicts = [
        DatedVerdict(n, "exclude", (start + timedelta(days=day, seconds=n)).timestamp(),
                     (start + timedelta(days=day)).date())
        for day, count in enumerate([50, 1, 1, 1, 1, 1])
        for n in range(count)
    ]  # fmt: skip
    pace = pace_of(verdicts, "title-abstract")
    assert pace.per_day == pytest.approx(55 / 6)
    assert pace.recent_per_day == 1.0  # the first, busy day is past the last PACE_DAYS
    assert pace.days_left(10) == 10.0


@pytest.mark.parametrize(
    ("stage", "gap", "counted"),
    [("title-abstract", 600, True), ("title-abstract", 601, False),
     ("full-text", 3600, True), ("full-text", 3601, False)],
)  # fmt: skip
def test_a_gap_longer_than_the_stages_break_is_no_record_time(
    stage: str, gap: int, counted: bool
) -> None:
    day = date(2026, 3, 2)
    verdicts = [DatedVerdict(1, "include", 0.0, day), DatedVerdict(2, "include", gap, day)]
    assert median_gap(verdicts, BREAK_SECONDS[stage]) == (gap if counted else None)


def test_days_follow_the_readers_time_zone() -> None:
    late = "2026-03-02T23:30:00+00:00"
    assert Clock(timezone.utc)(late)[1] == date(2026, 3, 2)
    assert Clock(timezone(timedelta(hours=2)))(late)[1] == date(2026, 3, 3)
    assert Clock(timezone(timedelta(hours=-5, minutes=-30)))(late)[1] == date(2026, 3, 2)
    assert Clock(timezone.utc)("2026-03-02T23:30:00")[0] == Clock(timezone.utc)(late)[0]


@pytest.mark.parametrize(
    "zone", [None, "UTC", "Asia/Kathmandu", "America/St_Johns", "Europe/London"]
)
@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
def test_a_stored_time_reads_the_same_by_its_hour_as_parsed_whole(
    zone: str | None, moment: datetime
) -> None:
    from zoneinfo import ZoneInfo

    text = moment.replace(microsecond=0, tzinfo=timezone.utc).isoformat()
    clock = Clock(ZoneInfo(zone) if zone else None)
    assert clock(text) == Clock(ZoneInfo(zone) if zone else None)._read(text)
