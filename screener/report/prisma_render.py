"""The PRISMA 2020 flow written as a file, by the file's suffix.

`render(flow, ".svg")` is what `screener report prisma -o FILE` calls; the caller writes the
bytes atomically. Suffixes: .svg (the diagram), .png (the diagram as an image, with the
optional extra `png`), .csv (the PRISMA2020 Shiny app's input), .md (a table).
"""

from __future__ import annotations

from collections.abc import Callable

from screener.errors import ScreenerError, UsageError
from screener.report.flow import PrismaFlow
from screener.report.prisma_boxes import pending_counts
from screener.report.prisma_csv import render_csv
from screener.report.prisma_md import render_md
from screener.report.prisma_png import render_png
from screener.report.prisma_svg import render_svg

Renderer = Callable[[PrismaFlow, bool], bytes]
RENDERERS: dict[str, Renderer] = {
    ".svg": lambda flow, allow_pending: render_svg(flow, allow_pending=allow_pending),
    ".png": lambda flow, allow_pending: render_png(flow, allow_pending=allow_pending),
    # The app's CSV has no "awaiting decision" box: its counts are the flow's as they stand.
    ".csv": lambda flow, allow_pending: render_csv(flow),
    ".md": lambda flow, allow_pending: render_md(flow, allow_pending=allow_pending),
}


def check_suffix(suffix: str) -> Callable[[PrismaFlow, bool], bytes]:
    """The renderer for `suffix` (any case); UsageError (exit 2) for a suffix we do not
    write: the format is chosen on the command line."""
    renderer = RENDERERS.get(suffix.lower())
    if renderer is None:
        shown = suffix or "a file without a suffix"
        raise UsageError(f"cannot write the PRISMA diagram as {shown}: use .svg, .png, .csv or .md")
    return renderer


def render(flow: PrismaFlow, suffix: str, *, allow_pending: bool = False) -> bytes:
    """`flow` as the bytes of a .svg, .png, .csv or .md file (`suffix`, any case).

    A flow with records still awaiting a decision is drawn only with `allow_pending`, and
    then shows them in "awaiting decision" boxes. Raises UsageError for another suffix,
    ScreenerError for pending records without `allow_pending` and for .png without its extra.
    """
    renderer = check_suffix(suffix)
    waiting = sum(pending_counts(flow).values())
    if waiting and not allow_pending:
        raise ScreenerError(
            f"the review is still in progress ({waiting:,} awaiting a decision):"
            " finish screening, or draw it as it stands with --allow-pending"
        )
    return renderer(flow, allow_pending)
