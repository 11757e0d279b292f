"""Where the PRISMA 2020 boxes go: columns, rows, wrapped lines and the arrows between them.

Units are points at the diagram's natural size (the SVG scales the whole to fit A4). Each
column has a MAIN track the flow runs down and, for databases and other methods, a SIDE
track for what leaves it; a row is as tall as its tallest box (a SIDE box and the
"awaiting decision" box stacked under it count together), and boxes sit at the top of their
row. Arrows are derived from where the two boxes ended up, by the rules in `_route`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from screener.report.prisma_boxes import ROW_STAGES, ROWS, Box, Column, Diagram, Line, Place, Stage
from screener.report.text_width import text_width, wrap

FONT = 10.0
LINE = 12.5  # baseline to baseline
PAD = 6.0  # inside a box, around its text
ASCENT = 0.95 * FONT  # room above the first baseline and below the last one, for any
DESCENT = 0.25 * FONT  # font of the stack (DejaVu Sans reaches furthest)
ITEM_INDENT = 8.0  # a database, register or reason under its heading line
MARGIN = 14.0
LABEL_WIDTH = 22.0  # the blue stage labels
LABEL_GAP = 10.0
SIDE_GAP = 24.0  # between a column's MAIN and SIDE tracks: room for an arrow
COLUMN_GAP = 22.0
ROW_GAP = 22.0
STACK_GAP = 10.0
BOLD = 1.1  # bold text runs about a tenth wider than regular
# (MAIN width, SIDE width) of each column; the previous-studies column has no SIDE track.
TRACKS: dict[Column, tuple[float, float]] = {
    Column.PREVIOUS: (130.0, 0.0),
    Column.DBR: (150.0, 170.0),
    Column.OTHER: (150.0, 150.0),
}


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True, slots=True)
class TextLine:
    """One drawn line: `before`, then the count (its own tspan) if any, then `after`."""

    x: float
    y: float  # baseline
    before: str
    count: str | None = None
    field: str | None = None
    after: str = ""

    @property
    def text(self) -> str:
        return self.before + (self.count or "") + self.after


@dataclass(frozen=True, slots=True)
class Placed:
    box: Box
    rect: Rect
    lines: tuple[TextLine, ...]


@dataclass(frozen=True, slots=True)
class Arrow:
    points: tuple[tuple[float, float], ...]
    dashed: bool


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Placed, ...]
    labels: tuple[tuple[Stage, Rect], ...]
    arrows: tuple[Arrow, ...]


def layout(diagram: Diagram, *, widen: float = 1.0) -> Layout:
    """Places every box of `diagram`, wraps its text to its width and routes its arrows;
    `widen` stretches every track (long lists wrap less, into a wider, shorter diagram)."""
    tracks = _track_xs(diagram.columns, widen)
    sized = [(box, _frame(box, tracks)) for box in diagram.boxes]
    wrapped = {box.id: _wrap_box(box, width) for box, (_, width) in sized}
    heights = {box_id: _height(len(lines)) for box_id, lines in wrapped.items()}
    row_ys, row_heights = _rows(diagram.boxes, heights)
    placed: dict[str, Placed] = {}
    for box, (x, width) in sized:
        y = row_ys[box.row] + _offset_in_row(box, diagram.boxes, heights)
        rect = Rect(x, y, width, heights[box.id])
        placed[box.id] = Placed(box, rect, _position(box, rect, wrapped[box.id]))
    arrows = tuple(
        _route(placed[a.source].rect, placed[a.target].rect, a.dashed) for a in diagram.arrows
    )
    right = max(p.rect.right for p in placed.values())
    bottom = max(p.rect.bottom for p in placed.values())
    labels = tuple(_stage_labels(row_ys, row_heights))
    return Layout(right + MARGIN, bottom + MARGIN, tuple(placed.values()), labels, arrows)


def _track_xs(
    columns: Iterable[Column], widen: float
) -> dict[tuple[Column, Place], tuple[float, float]]:
    """(x, width) of each column's MAIN, SIDE and HEADER tracks, left to right."""
    xs: dict[tuple[Column, Place], tuple[float, float]] = {}
    x = MARGIN + LABEL_WIDTH + LABEL_GAP
    for column in columns:
        main, side = (width * widen for width in TRACKS[column])
        whole = main + (SIDE_GAP + side if side else 0.0)
        xs[column, Place.MAIN] = (x, main)
        xs[column, Place.SIDE] = (x + main + SIDE_GAP, side)
        xs[column, Place.PENDING] = xs[column, Place.SIDE]
        xs[column, Place.HEADER] = (x, whole)
        x += whole + COLUMN_GAP
    return xs


def _frame(
    box: Box, tracks: dict[tuple[Column, Place], tuple[float, float]]
) -> tuple[float, float]:
    return tracks[box.column, box.place]


def _height(line_count: int) -> float:
    return 2 * PAD + ASCENT + DESCENT + (line_count - 1) * LINE


def _wrap_box(box: Box, width: float) -> list[tuple[str, Line | None, bool]]:
    """The box's lines as drawn: (text, the Line whose count ends it or None, indented)."""
    inner = (width - 2 * PAD) / (BOLD if box.place is Place.HEADER else 1.0)
    alone = len(box.lines) == 1 and box.lines[0].count is not None and not box.lines[0].colon
    drawn: list[tuple[str, Line | None, bool]] = []
    for line in box.lines:
        room = inner - (ITEM_INDENT if line.item else 0.0)
        if line.count is None:
            drawn.extend((part, None, line.item) for part in wrap(line.label, room, FONT))
            continue
        unit = _count_text(line)
        parts = wrap(line.label + (":" if line.colon else ""), room, FONT)
        joined = f"{parts[-1]} {unit}"
        if not alone and text_width(joined, FONT) <= room:
            parts[-1] = joined
            drawn.extend((part, None, line.item) for part in parts[:-1])
            drawn.append((joined, line, line.item))
        else:  # the count on a line of its own, as PRISMA sets "Records screened / (n = N)"
            drawn.extend((part, None, line.item) for part in parts)
            drawn.append((unit, line, line.item))
    return drawn


def _count_text(line: Line) -> str:
    number = f"{line.count:,}"
    return number if line.colon else f"(n = {number})"


def _position(
    box: Box, rect: Rect, drawn: list[tuple[str, Line | None, bool]]
) -> tuple[TextLine, ...]:
    lines = []
    for index, (text, counted, indented) in enumerate(drawn):
        x = rect.cx if box.centred else rect.x + PAD + (ITEM_INDENT if indented else 0.0)
        y = rect.y + PAD + ASCENT + index * LINE
        if counted is None:
            lines.append(TextLine(x, y, text))
            continue
        number = f"{counted.count:,}"
        before, _, after = text.rpartition(number)
        lines.append(TextLine(x, y, before, number, counted.field, after))
    return tuple(lines)


def _rows(
    boxes: tuple[Box, ...], heights: dict[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """The top and height of each row that holds a box, rows ROW_GAP apart."""
    row_heights: dict[str, float] = {}
    for box in boxes:
        reach = _offset_in_row(box, boxes, heights) + heights[box.id]
        row_heights[box.row] = max(row_heights.get(box.row, 0.0), reach)
    _fit_stage_labels(row_heights)
    row_ys: dict[str, float] = {}
    y = MARGIN
    for row in ROWS:
        if row in row_heights:
            row_ys[row] = y
            y += row_heights[row] + ROW_GAP
    return row_ys, row_heights


def _fit_stage_labels(row_heights: dict[str, float]) -> None:
    """Makes the last row of each stage taller where the stage's rows are too short for its
    label's text, which runs up the side ("Included" beside one short box)."""
    for stage in Stage:
        rows = [row for row in ROWS if row in row_heights and ROW_STAGES[row] is stage]
        if not rows:
            continue
        span = sum(row_heights[row] for row in rows) + ROW_GAP * (len(rows) - 1)
        needed = text_width(stage.value, FONT) * BOLD + 2 * PAD
        if span < needed:
            row_heights[rows[-1]] += needed - span


def _offset_in_row(box: Box, boxes: tuple[Box, ...], heights: dict[str, float]) -> float:
    """How far below its row's top a box sits: a PENDING box goes under its row's SIDE box."""
    if box.place is not Place.PENDING:
        return 0.0
    above = [
        b for b in boxes if b.column is box.column and b.row == box.row and b.place is Place.SIDE
    ]
    return sum(heights[b.id] + STACK_GAP for b in above)


def _stage_labels(
    row_ys: dict[str, float], row_heights: dict[str, float]
) -> Iterable[tuple[Stage, Rect]]:
    for stage in Stage:
        rows = [row for row in row_ys if ROW_STAGES[row] is stage]
        if rows:
            top = row_ys[rows[0]]
            bottom = row_ys[rows[-1]] + row_heights[rows[-1]]
            yield stage, Rect(MARGIN, top, LABEL_WIDTH, bottom - top)


def _route(source: Rect, target: Rect, dashed: bool) -> Arrow:
    """The path of an arrow by where its boxes lie: straight across to a box beside,
    straight down to a box below, else down and then across; a dashed arrow to an
    "awaiting decision" box turns down from half-way across the gap to reach it."""
    if _beside(source, target):
        y = (max(source.y, target.y) + min(source.bottom, target.bottom)) / 2
        return Arrow(((source.right, y), (target.x, y)), dashed)
    points: tuple[tuple[float, float], ...]
    if dashed:
        y = min(source.cy, target.cy)
        bus = (source.right + target.x) / 2
        # It branches off the solid arrow to the SIDE box, half-way across the gap.
        points = ((bus, y), (bus, target.cy), (target.x, target.cy))
        return Arrow(points, dashed)
    if _below(source, target):
        x = (max(source.x, target.x) + min(source.right, target.right)) / 2
        return Arrow(((x, source.bottom), (x, target.y)), dashed)
    edge = target.right if target.cx < source.cx else target.x
    points = ((source.cx, source.bottom), (source.cx, target.cy), (edge, target.cy))
    return Arrow(points, dashed)


def _beside(source: Rect, target: Rect) -> bool:
    """The target is to the right and its side faces the source's."""
    return target.x >= source.right and target.y < source.bottom and source.y < target.bottom


def _below(source: Rect, target: Rect) -> bool:
    """The target is lower down and under the source."""
    return target.y >= source.bottom and target.x < source.right and source.x < target.right
