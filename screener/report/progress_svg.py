"""The progress chart: records decided and included over time, cumulative, one pair of lines
per stage, as a plain self-contained SVG (no script, no external font or image; every
label is text).

Pure: takes a `ProgressReport`, returns the SVG text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from xml.sax.saxutils import escape

from screener.report.progress import DayCount, ProgressReport

WIDTH, HEIGHT = 760, 440
# The plot area inside the margins: room for the count labels on the left, the dates
# below, the title above and the legend on the right.
LEFT, RIGHT, TOP, BOTTOM = 76, 196, 48, 64
FONT = "font-family='sans-serif'"
# One colour per stage, told apart in print and by the colour-blind (Okabe-Ito palette).
STAGE_COLOURS = {"title-abstract": "#0072B2", "full-text": "#D55E00"}
OTHER_COLOUR = "#009E73"
DASHED = " stroke-dasharray='6 4'"  # an attribute, with the space before it
TITLE = "Screening progress: records decided and included (cumulative)"
# Steps between date ticks, in days, the shortest that keeps the labels apart is used.
DAY_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)
MAX_DATE_TICKS = 6


def render_svg(report: ProgressReport) -> str:
    """The chart of `report`'s stages: per stage, records settled (solid) and included
    (dashed) by the end of each day with a settling."""
    lines = [stage for stage in report.stages if stage.timeline]
    first, last = _day_range([stage.timeline for stage in lines])
    top = _nice_ceiling(max((s.timeline[-1].decided for s in lines), default=0))
    plot = _Plot(first, last, top)
    parts = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}'"
        f" viewBox='0 0 {WIDTH} {HEIGHT}' {FONT} font-size='12'>",
        f"<title>{escape(TITLE)}</title>",
        f"<rect width='{WIDTH}' height='{HEIGHT}' fill='white'/>",
        f"<text x='{LEFT}' y='28' font-size='15' font-weight='bold'>{escape(TITLE)}</text>",
        *plot.axes(),
    ]
    for stage in lines:
        colour = STAGE_COLOURS.get(stage.stage, OTHER_COLOUR)
        parts.append(plot.line(stage.stage, stage.timeline, "decided", colour, ""))
        parts.append(plot.line(stage.stage, stage.timeline, "included", colour, DASHED))
    if not lines:
        middle_x, middle_y = LEFT + plot.width / 2, TOP + plot.height / 2
        parts.append(
            f"<text x='{middle_x:.0f}' y='{middle_y:.0f}' text-anchor='middle'"
            " fill='#555'>no record settled yet</text>"
        )
    parts.extend(_legend([stage.stage for stage in lines]))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


class _Plot:
    """Days and counts to positions in the plot area."""

    def __init__(self, first: date, last: date, top: int) -> None:
        self.first, self.last, self.top = first, last, top
        self.width = WIDTH - LEFT - RIGHT
        self.height = HEIGHT - TOP - BOTTOM
        self.days = max((last - first).days, 1)

    def x(self, day: date) -> float:
        return LEFT + self.width * (day - self.first).days / self.days

    def y(self, count: int) -> float:
        return TOP + self.height * (1 - count / self.top)

    def axes(self) -> list[str]:
        bottom, right = TOP + self.height, LEFT + self.width
        parts = [
            f"<line x1='{LEFT}' y1='{bottom}' x2='{right}' y2='{bottom}' stroke='black'/>",
            f"<line x1='{LEFT}' y1='{TOP}' x2='{LEFT}' y2='{bottom}' stroke='black'/>",
        ]
        for count in _count_ticks(self.top):
            y = self.y(count)
            parts.append(
                f"<line x1='{LEFT}' y1='{y:.1f}' x2='{right}' y2='{y:.1f}' stroke='#ddd'/>"
            )
            parts.append(f"<text x='{LEFT - 6}' y='{y + 4:.1f}' text-anchor='end'>{count:,}</text>")
        for day in _date_ticks(self.first, self.last):
            x = self.x(day)
            parts.append(
                f"<line x1='{x:.1f}' y1='{bottom}' x2='{x:.1f}' y2='{bottom + 5}' stroke='black'/>"
            )
            parts.append(
                f"<text x='{x:.1f}' y='{bottom + 19}' text-anchor='middle'>{day.isoformat()}</text>"
            )
        parts.append(
            f"<text x='{LEFT + self.width / 2:.0f}' y='{HEIGHT - 14}' text-anchor='middle'"
            " fill='#555'>date (end of day)</text>"
        )
        parts.append(
            f"<text x='16' y='{TOP + self.height / 2:.0f}' text-anchor='middle' fill='#555'"
            f" transform='rotate(-90 16 {TOP + self.height / 2:.0f})'>records</text>"
        )
        return parts

    def line(
        self, stage: str, timeline: Sequence[DayCount], which: str, colour: str, style: str
    ) -> str:
        """A stage's cumulative count from 0 at the end of the day before its first to the
        end of each day (at the tick that names the day: the axis reads "end of day"),
        titled with the final count."""
        start = timeline[0].day - timedelta(days=1)
        points = [(self.x(start), self.y(0))]
        points += [(self.x(point.day), self.y(getattr(point, which))) for point in timeline]
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        final = timeline[-1]
        title = f"{stage}: {getattr(final, which):,} {which} by {final.day.isoformat()}"
        return (
            f"<polyline points='{coordinates}' fill='none' stroke='{colour}'"
            f" stroke-width='2'{style}><title>{escape(title)}</title></polyline>"
        )


def _legend(stages: Sequence[str]) -> list[str]:
    x = WIDTH - RIGHT + 16
    parts = []
    y = TOP + 8
    for stage in stages:
        colour = STAGE_COLOURS.get(stage, OTHER_COLOUR)
        for which, style in (("decided", ""), ("included", DASHED)):
            parts.append(
                f"<line x1='{x}' y1='{y}' x2='{x + 28}' y2='{y}' stroke='{colour}'"
                f" stroke-width='2'{style}/>"
            )
            parts.append(f"<text x='{x + 36}' y='{y + 4}'>{escape(stage)}: {which}</text>")
            y += 20
        y += 6
    return parts


def _day_range(timelines: Sequence[Sequence[DayCount]]) -> tuple[date, date]:
    """The days whose ends the axis marks: from the day before the first with a settling
    (nothing settled yet at its end) to the last."""
    days = [point.day for timeline in timelines for point in timeline]
    if not days:
        today = date.today()
        return today - timedelta(days=1), today
    return min(days) - timedelta(days=1), max(days)


def _nice_ceiling(count: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above `count` (at least 1)."""
    if count <= 1:
        return 1
    power = 10 ** math.floor(math.log10(count))
    for step in (1, 2, 5, 10):
        if step * power >= count:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def _count_ticks(top: int) -> list[int]:
    """Round counts from 0 to `top`, about five steps."""
    step = max(_nice_ceiling(math.ceil(top / 5)), 1)
    return list(range(0, top + 1, step))


def _date_ticks(first: date, last: date) -> list[date]:
    """Dates from `first` at the shortest step in DAY_STEPS that gives at most
    MAX_DATE_TICKS ticks."""
    span = (last - first).days
    step = next((s for s in DAY_STEPS if span // s + 1 <= MAX_DATE_TICKS), DAY_STEPS[-1])
    return [first + timedelta(days=n) for n in range(0, span + 1, step)]
