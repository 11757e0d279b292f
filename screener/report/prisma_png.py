"""The PRISMA 2020 diagram as PNG: the SVG drawn by CairoSVG (the optional extra `png`).

CairoSVG is well kept (Kozea, also behind WeasyPrint) and needs the system's cairo library
(Debian's libcairo2). Without either, writing .png is refused with one line that says what
to install, and the SVG is always there instead.
"""

from __future__ import annotations

from collections.abc import Callable

from screener.errors import ScreenerError
from screener.report.flow import PrismaFlow
from screener.report.prisma_svg import render_svg

DPI = 300  # print quality at the SVG's A4 size


def render_png(flow: PrismaFlow, *, allow_pending: bool = False) -> bytes:
    """The diagram of `flow` as PNG bytes at DPI."""
    svg2png = _converter()
    # CairoSVG anchors each tspan of a centred line on its own: it gets lines without them.
    svg = render_svg(flow, allow_pending=allow_pending, flat=True)
    png = svg2png(bytestring=svg, dpi=DPI)
    assert isinstance(png, bytes)
    return png


def _converter() -> Callable[..., object]:
    try:
        # Slow and optional: imported only when a PNG is asked for. No type hints ship with
        # cairosvg, and a checkout without the extra has none at all.
        import cairosvg  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        raise ScreenerError(
            "writing .png needs the optional extra 'png' (pip install 'screener[png]');"
            " or write the diagram as .svg"
        ) from None
    except OSError:  # cairocffi found no libcairo
        raise ScreenerError(
            "writing .png needs the cairo library (Debian: apt-get install libcairo2);"
            " or write the diagram as .svg"
        ) from None
    return cairosvg.svg2png
