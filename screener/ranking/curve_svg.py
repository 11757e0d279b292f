"""The recall curve of a simulated review against random screening, as a plain SVG: no
script, no external font or style, readable in any browser or document."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape as _escape

WIDTH, HEIGHT = 640, 420
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 40, 56
# A curve of 50,000 steps drawn point by point is a large file for no visible gain.
MOST_POINTS = 800
# Not allowed in XML 1.0: C0 controls but tab, newline, return; surrogates; FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MODEL_COLOUR = "#1f5fa8"
RANDOM_COLOUR = "#888888"


def escape(text: str) -> str:
    """`text` as XML character data; characters XML cannot hold become spaces."""
    return _escape(_NOT_XML.sub(" ", text))


def recall_curve_svg(labels: Sequence[bool], title: str) -> str:
    """Relevant records found against records screened (priors left out), with the line
    random screening follows on average."""
    records = len(labels)
    relevant = max(1, sum(labels))
    found = _cumulative(labels)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(screened: float) -> float:
        return LEFT + plot_w * screened / max(1, records)

    def y(count: float) -> float:
        return TOP + plot_h * (1 - count / relevant)

    step = max(1, records // MOST_POINTS)
    points = [(0, 0)] + [(i, found[i - 1]) for i in range(step, records + 1, step)]
    if points[-1][0] != records:
        points.append((records, found[-1]))
    model = " ".join(f"{x(s):.1f},{y(c):.1f}" for s, c in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="24" font-size="14">{escape(title)}</text>',
        *_axes(records, relevant, x, y),
        f'<line x1="{x(0):.1f}" y1="{y(0):.1f}" x2="{x(records):.1f}" y2="{y(relevant):.1f}"'
        f' stroke="{RANDOM_COLOUR}" stroke-dasharray="6 4"/>',
        f'<polyline points="{model}" fill="none" stroke="{MODEL_COLOUR}" stroke-width="2"/>',
        *_legend(),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _cumulative(labels: Sequence[bool]) -> list[int]:
    found, total = [], 0
    for label in labels:
        total += bool(label)
        found.append(total)
    return found


def _axes(
    records: int, relevant: int, x: Callable[[float], float], y: Callable[[float], float]
) -> list[str]:
    bottom, left = y(0), x(0)
    lines = [
        f'<line x1="{left:.1f}" y1="{bottom:.1f}" x2="{x(records):.1f}" y2="{bottom:.1f}"'
        ' stroke="black"/>',
        f'<line x1="{left:.1f}" y1="{bottom:.1f}" x2="{left:.1f}" y2="{y(relevant):.1f}"'
        ' stroke="black"/>',
    ]
    for tenth in range(0, 11, 2):
        share = tenth / 10
        tx, ty = x(records * share), y(relevant * share)
        lines.append(
            f'<text x="{tx:.1f}" y="{bottom + 16:.1f}" text-anchor="middle">{tenth * 10}%</text>'
        )
        lines.append(
            f'<text x="{left - 6:.1f}" y="{ty + 4:.1f}" text-anchor="end">{tenth * 10}%</text>'
        )
    lines.append(
        f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" y="{HEIGHT - 14}"'
        f' text-anchor="middle">records screened (of {records:,})</text>'
    )
    lines.append(
        f'<text x="16" y="{TOP + (HEIGHT - TOP - BOTTOM) / 2:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 16 {TOP + (HEIGHT - TOP - BOTTOM) / 2:.1f})">'
        f"relevant found (of {relevant:,})</text>"
    )
    return lines


def _legend() -> list[str]:
    x0, y0 = WIDTH - RIGHT - 190, HEIGHT - BOTTOM - 44
    return [
        f'<line x1="{x0}" y1="{y0}" x2="{x0 + 24}" y2="{y0}" stroke="{MODEL_COLOUR}"'
        ' stroke-width="2"/>',
        f'<text x="{x0 + 30}" y="{y0 + 4}">prioritised screening</text>',
        f'<line x1="{x0}" y1="{y0 + 18}" x2="{x0 + 24}" y2="{y0 + 18}"'
        f' stroke="{RANDOM_COLOUR}" stroke-dasharray="6 4"/>',
        f'<text x="{x0 + 30}" y="{y0 + 22}">random screening</text>',
    ]
