"""Screening progress: decided and remaining per stage and reviewer, the pace, the days left.

Pure: `Review.progress` reads the verdicts, the statuses and each reviewer's queue; this
module turns them into figures.

- A reviewer's pace counts their own current verdicts (an undone verdict is none, a change
  of mind counts once); an adjudicator's resolution settles a record but is nobody's pace.
- Decisions per day are taken over the days with decisions (in the reader's time zone).
- Seconds per record: the median gap between a reviewer's consecutive verdicts at a stage,
  leaving out gaps long enough to be a break (`BREAK_SECONDS`).
- Days left: what remains at the current pace, the mean of the last `PACE_DAYS` days with
  decisions.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import NamedTuple

from screener.model import Stage, Verdict

# A gap longer than this between two verdicts is a break (a meeting, lunch, the night), not
# the time one record took. A title and abstract is read in seconds to a couple of minutes;
# a full text in minutes to the better part of an hour.
BREAK_SECONDS = {Stage.TITLE_ABSTRACT.value: 10 * 60, Stage.FULL_TEXT.value: 60 * 60}
# The current pace: the mean of the last this many days with decisions. A week's working
# days: recent enough to follow a change of pace, long enough to ride out one odd day.
PACE_DAYS = 5
_DEFAULT_BREAK = BREAK_SECONDS[Stage.TITLE_ABSTRACT.value]
_INCLUDE = Verdict.INCLUDE.value


class DatedVerdict(NamedTuple):
    """A current verdict (or a record's settled outcome) and when it was given: `seconds`
    since the epoch, and the `day` in the reader's time zone. A named tuple: a large
    review makes one per verdict, and a tuple is made in a fraction of a dataclass's time."""

    record_id: int
    verdict: str
    seconds: float
    day: date


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast a reviewer (or the team) goes at a stage."""

    active_days: int
    per_day: float | None  # over the days with decisions
    recent_per_day: float | None  # the mean of the last PACE_DAYS days with decisions
    median_seconds: float | None  # per record, breaks left out
    first: date | None = None  # the first and last day with decisions
    last: date | None = None

    def days_left(self, remaining: int) -> float | None:
        """Days to do `remaining` at the recent pace (0 with nothing left; None without a
        pace to go by)."""
        if remaining == 0:
            return 0.0
        if not self.recent_per_day:
            return None
        return remaining / self.recent_per_day


@dataclass(frozen=True, slots=True)
class Figures:
    """Decided / remaining, pace, days left and inclusion rate of a stage or a reviewer."""

    name: str  # the reviewer, or "all" for the stage's records
    decided: int
    remaining: int
    included: int  # of the `rated` verdicts
    pace: Pace
    # The verdicts `included` and the rate are counted over, when not all `decided`: the
    # reader may not see the outcome of the others yet (blind screening).
    rated: int | None = None

    @property
    def inclusion_rate(self) -> float | None:
        over = self.decided if self.rated is None else self.rated
        return self.included / over if over else None

    @property
    def days_left(self) -> float | None:
        return self.pace.days_left(self.remaining)

    def as_json(self) -> dict[str, object]:
        return {
            "decided": self.decided,
            "remaining": self.remaining,
            "included": self.included,
            "inclusion_rate": _rounded(self.inclusion_rate, 4),
            "active_days": self.pace.active_days,
            "first_day": _iso(self.pace.first),
            "last_day": _iso(self.pace.last),
            "decisions_per_day": _rounded(self.pace.per_day, 1),
            "recent_per_day": _rounded(self.pace.recent_per_day, 1),
            "median_seconds": _rounded(self.pace.median_seconds, 1),
            "days_left": _rounded(self.days_left, 1),
        }


@dataclass(frozen=True, slots=True)
class DayCount:
    """The cumulative counts of a stage at the end of one day."""

    day: date
    decided: int
    included: int


@dataclass(frozen=True, slots=True)
class StageReport:
    """One stage: its records (`figures`: decided = settled, remaining = still waiting
    there; pace over the days records were settled), each reviewer's figures, and the
    cumulative counts per day for the chart."""

    stage: str
    records: int  # that reached the stage
    figures: Figures
    reviewers: tuple[Figures, ...]
    timeline: tuple[DayCount, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "records": self.records,
            **self.figures.as_json(),
            "reviewers": [{"reviewer": r.name, **r.as_json()} for r in self.reviewers],
        }


@dataclass(frozen=True, slots=True)
class ProgressReport:
    stages: tuple[StageReport, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "stages": [stage.as_json() for stage in self.stages],
            "pace_days": PACE_DAYS,
            "break_seconds": dict(BREAK_SECONDS),
        }


def pace_of(
    verdicts: Sequence[DatedVerdict], stage: str, gaps: Sequence[float] | None = None
) -> Pace:
    """The pace of `verdicts` (any order) given at `stage`; its seconds per record the
    median of `gaps` when given (`gaps_of` worked out already), else of their own."""
    if not verdicts:
        return Pace(0, None, None, None)
    per_day = day_counts(verdicts)
    recent = list(per_day.values())[-PACE_DAYS:]
    days = list(per_day)
    if gaps is None:
        gaps = gaps_of(verdicts, BREAK_SECONDS.get(stage, _DEFAULT_BREAK))
    return Pace(
        active_days=len(per_day),
        per_day=len(verdicts) / len(per_day),
        recent_per_day=sum(recent) / len(recent),
        median_seconds=statistics.median(gaps) if gaps else None,
        first=days[0],
        last=days[-1],
    )


def day_counts(verdicts: Iterable[DatedVerdict]) -> dict[date, int]:
    """How many of `verdicts` fell on each day, in day order."""
    counts = Counter(v.day for v in verdicts)
    return dict(sorted(counts.items()))


def median_gap(verdicts: Sequence[DatedVerdict], break_seconds: float) -> float | None:
    """The median of the gaps between consecutive `verdicts`, gaps over `break_seconds`
    left out; None with no gap to measure."""
    gaps = gaps_of(verdicts, break_seconds)
    return statistics.median(gaps) if gaps else None


def gaps_of(verdicts: Sequence[DatedVerdict], break_seconds: float) -> list[float]:
    """Seconds between consecutive `verdicts` (any order), those over `break_seconds` left
    out."""
    ordered = sorted(v.seconds for v in verdicts)
    gaps = (later - earlier for earlier, later in pairwise(ordered))
    return [gap for gap in gaps if gap <= break_seconds]


def reviewer_figures(
    name: str,
    verdicts: Sequence[DatedVerdict],
    remaining: int,
    stage: str,
    gaps: Sequence[float] | None = None,
    shown: Sequence[DatedVerdict] | None = None,
) -> Figures:
    """A reviewer's figures from their current verdicts at a stage and what their queue
    still holds (`gaps`: `gaps_of` their verdicts, when worked out already). With `shown`,
    the inclusions and their rate count those verdicts only (the ones the reader may see)."""
    figures = _figures(name, verdicts, remaining, stage, gaps)
    if shown is None:
        return figures
    included = sum(1 for v in shown if v.verdict == _INCLUDE)
    return replace(figures, included=included, rated=len(shown))


def stage_report(
    stage: str,
    records: int,
    settled: Sequence[DatedVerdict],
    remaining: int,
    reviewers: Mapping[str, tuple[Sequence[DatedVerdict], int]],
    shown: Mapping[str, Sequence[DatedVerdict]] | None = None,
) -> StageReport:
    """One stage's report: `settled` holds each settled record once, with its outcome and
    the time it was settled (the stage's pace counts those); `reviewers` each reviewer's
    verdicts and remaining count; `shown`, for the reviewers it names, the verdicts whose
    inclusions the reader may see (`reviewer_figures`). The stage's seconds per record
    pool every reviewer's gaps."""
    shown = shown or {}
    limit = BREAK_SECONDS.get(stage, _DEFAULT_BREAK)
    gaps = {name: gaps_of(verdicts, limit) for name, (verdicts, _) in reviewers.items()}
    pooled = [gap for found in gaps.values() for gap in found]
    return StageReport(
        stage,
        records,
        _figures("all", settled, remaining, stage, pooled),
        tuple(
            reviewer_figures(name, verdicts, left, stage, gaps[name], shown.get(name))
            for name, (verdicts, left) in sorted(reviewers.items())
        ),
        timeline(settled),
    )


def timeline(settled: Iterable[DatedVerdict]) -> tuple[DayCount, ...]:
    """The cumulative records settled and included at the end of each day with a settling."""
    decided: Counter[date] = Counter()
    included: Counter[date] = Counter()
    for verdict in settled:
        decided[verdict.day] += 1
        if verdict.verdict == _INCLUDE:
            included[verdict.day] += 1
    points: list[DayCount] = []
    total_decided = total_included = 0
    for day in sorted(decided):
        total_decided += decided[day]
        total_included += included[day]
        points.append(DayCount(day, total_decided, total_included))
    return tuple(points)


def _figures(
    name: str,
    verdicts: Sequence[DatedVerdict],
    remaining: int,
    stage: str,
    gaps: Sequence[float] | None = None,
) -> Figures:
    return Figures(
        name,
        decided=len(verdicts),
        remaining=remaining,
        included=sum(1 for v in verdicts if v.verdict == _INCLUDE),
        pace=pace_of(verdicts, stage, gaps),
    )


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
