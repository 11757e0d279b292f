"""The PRISMA 2020 flow diagram as a self-contained SVG that prints on A4.

Self-contained: no fonts, images, scripts or style sheets from elsewhere; the font is a
generic stack the reader's system has. Text stays text (one <text> per drawn line, each count
in a <tspan class="n" data-field="...">), every box is a <g class="box"> whose id is its
PRISMA2020 field and whose first child is its outline, so a script or a test reads the
diagram back. User text (database names, reasons) is XML-escaped, and characters XML cannot
carry are dropped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from screener.report.flow import PrismaFlow
from screener.report.prisma_boxes import Column, Diagram, Place, diagram
from screener.report.prisma_layout import FONT, Arrow, Layout, Placed, Rect, TextLine, layout

FONT_FAMILY = "Helvetica, Arial, sans-serif"
# A4 portrait (210 x 297 mm) less margins: 10 mm at the sides, 12.5 mm at top and bottom, so
# a browser's default print margins (0.4 in) still leave it one page. Never larger than
# natural size (1 pt a unit).
PAGE_MM = (190.0, 272.0)
POINT_MM = 25.4 / 72
FILLS = {
    Column.DBR: "#ffc125",  # PRISMA's yellow for the new studies' header
    Column.PREVIOUS: "#dcdcdc",
    Column.OTHER: "#dcdcdc",
}
WIDENINGS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
LABEL_FILL = "#a7c4e5"  # the blue stage labels
ARROW_HEAD = (6.0, 3.0)  # length, half-width
# Not allowed in XML 1.0 at all: C0 controls but tab, newline, return; surrogates; FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_svg(flow: PrismaFlow, *, allow_pending: bool = False, flat: bool = False) -> bytes:
    """The diagram of `flow` as UTF-8 SVG bytes; `flat` writes each line as one plain text
    run, without the counts' tspans (for converters that misplace tspans in centred text)."""
    drawing = best_fit(diagram(flow, allow_pending=allow_pending))
    return svg_text(drawing, flat=flat).encode("utf-8")


def best_fit(drawn: Diagram) -> Layout:
    """The layout of `drawn` that prints largest on A4: a diagram whose long lists make it
    tall and narrow gets wider boxes, so its lists wrap less and its text stays readable."""
    layouts = [layout(drawn, widen=widen) for widen in WIDENINGS]
    return max(layouts, key=lambda drawing: _scale(drawing.width, drawing.height))


def page_size_mm(width: float, height: float) -> tuple[float, float]:
    """The printed size of a diagram `width` x `height` points: as large as fits A4."""
    scale = _scale(width, height)
    return round(width * scale, 1), round(height * scale, 1)


def _scale(width: float, height: float) -> float:
    """Millimetres per point when a diagram of that size is printed as large as fits A4."""
    return min(PAGE_MM[0] / width, PAGE_MM[1] / height, POINT_MM)


def svg_text(drawing: Layout, *, flat: bool = False) -> str:
    width_mm, height_mm = page_size_mm(drawing.width, drawing.height)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width_mm}mm"'
        f' height="{height_mm}mm" viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}"'
        f' font-family={quoteattr(FONT_FAMILY)} font-size="{_n(FONT)}" fill="#000">\n',
        "<title>PRISMA 2020 flow diagram</title>\n",
        f'<rect width="{_n(drawing.width)}" height="{_n(drawing.height)}" fill="#fff"/>\n',
    ]
    parts.extend(_stage_label(stage.value, rect) for stage, rect in drawing.labels)
    parts.extend(_box(placed, flat) for placed in drawing.boxes)
    parts.extend(_arrow(arrow) for arrow in drawing.arrows)
    parts.append("</svg>\n")
    return "".join(parts)


def _stage_label(text: str, rect: Rect) -> str:
    cx, cy = _n(rect.cx), _n(rect.cy)
    return (
        f'<g id="label_{text.lower()}" class="label">'
        f'<rect x="{_n(rect.x)}" y="{_n(rect.y)}" width="{_n(rect.w)}" height="{_n(rect.h)}"'
        f' rx="5" fill="{LABEL_FILL}" stroke="none"/>'
        f'<text x="{cx}" y="{_n(rect.cy + FONT * 0.35)}" text-anchor="middle" font-weight="bold"'
        f' transform="rotate(-90 {cx} {cy})">{_esc(text)}</text></g>\n'
    )


def _box(placed: Placed, flat: bool) -> str:
    box, rect = placed.box, placed.rect
    outline = f'x="{_n(rect.x)}" y="{_n(rect.y)}" width="{_n(rect.w)}" height="{_n(rect.h)}"'
    if box.place is Place.HEADER:
        outline += f' rx="5" fill="{FILLS[box.column]}" stroke="none"'
    elif box.place is Place.PENDING:
        outline += ' fill="#fff" stroke="#555" stroke-dasharray="4 3"'
    else:
        outline += ' fill="#fff" stroke="#000"'
    anchor = ' text-anchor="middle"' if box.centred else ""
    bold = ' font-weight="bold"' if box.place is Place.HEADER else ""
    lines = "".join(_line(line, flat) for line in placed.lines)
    return (
        f'<g id="{box.id}" class="box {box.place.value}"><rect {outline}/>'
        f"<g{anchor}{bold}>{lines}</g></g>\n"
    )


def _line(line: TextLine, flat: bool) -> str:
    if flat:
        return f'<text x="{_n(line.x)}" y="{_n(line.y)}">{_esc(line.text)}</text>'
    body = _esc(line.before)
    if line.count is not None:
        field = f' data-field="{line.field}"' if line.field else ""
        body += f'<tspan class="n"{field}>{line.count}</tspan>{_esc(line.after)}'
    return f'<text x="{_n(line.x)}" y="{_n(line.y)}">{body}</text>'


def _arrow(arrow: Arrow) -> str:
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in arrow.points)
    dash = ' stroke-dasharray="4 3"' if arrow.dashed else ""
    colour = "#555" if arrow.dashed else "#000"
    (x0, y0), (x1, y1) = arrow.points[-2], arrow.points[-1]
    length, half = ARROW_HEAD
    dx, dy = _unit(x1 - x0, y1 - y0)
    base_x, base_y = x1 - dx * length, y1 - dy * length
    head = (
        f"{_n(x1)},{_n(y1)} {_n(base_x - dy * half)},{_n(base_y + dx * half)}"
        f" {_n(base_x + dy * half)},{_n(base_y - dx * half)}"
    )
    return (
        f'<g class="arrow"><polyline points="{points}" fill="none" stroke="{colour}"{dash}/>'
        f'<polygon points="{head}" fill="{colour}"/></g>\n'
    )


def _unit(dx: float, dy: float) -> tuple[float, float]:
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    return dx / length, dy / length


def _esc(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: small files."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
