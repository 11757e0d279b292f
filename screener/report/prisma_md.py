"""The PRISMA 2020 counts as Markdown: one table per column of the diagram, a row per count.

The rows are the diagram's own boxes and lines (`prisma_boxes`), so the table and the SVG
list the same counts; each database, register and exclusion reason has its row. Names are
user text: characters Markdown would read as markup are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from screener.report.flow import PrismaFlow
from screener.report.prisma_boxes import ROW_STAGES, ROWS, Box, Diagram, Place, diagram

_HEAD = "| Stage | Box | Line | n |\n| --- | --- | --- | ---: |\n"
_PLACES = (Place.MAIN, Place.SIDE, Place.PENDING)
_MARKUP = re.compile(r"([\\`*_\[\]<>|#~!])")


def render_md(flow: PrismaFlow, *, allow_pending: bool = False) -> bytes:
    """The counts of `flow` as a Markdown document, UTF-8."""
    drawn = diagram(flow, allow_pending=allow_pending)
    parts = ["# PRISMA 2020 flow diagram\n"]
    for column in drawn.columns:
        boxes = [b for b in drawn.boxes if b.column is column and b.place is not Place.HEADER]
        boxes.sort(key=_reading_order)
        parts.append(f"\n## {column.value}\n\n{_HEAD}")
        parts.extend(_rows(box, drawn) for box in boxes)
    return "".join(parts).encode("utf-8")


def _reading_order(box: Box) -> tuple[int, int]:
    """Down the rows, and across each: the flow, what leaves it, what still waits there."""
    return ROWS.index(box.row), _PLACES.index(box.place)


def _rows(box: Box, drawn: Diagram) -> str:
    stage = ROW_STAGES[box.row]
    stage_name = stage.value if stage else ""
    return "".join(
        f"| {stage_name} | {_cell(title)} | {_cell(line)} | {n:,} |\n"
        for title, line, n in _lines(box, drawn)
    )


def _lines(box: Box, drawn: Diagram) -> Iterator[tuple[str, str, int]]:
    """(box, line, count) for each count of the box; an item is named under its heading
    ("Databases: PubMed"), an awaiting-decision count by the box it waits at."""
    if box.place is Place.PENDING:
        waiting = drawn.box(box.id.removeprefix("pending_"))
        yield "Awaiting decision", waiting.title, box.lines[0].count or 0
        return
    heading = ""
    for line in box.lines:
        if line.count is None:
            continue
        if line.item:
            label = f"{heading}: {line.label}" if heading else line.label
        else:
            heading = line.label
            label = "" if line.label == box.title else line.label
        yield box.title, label, line.count


def _cell(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text.replace("&", "&amp;"))
