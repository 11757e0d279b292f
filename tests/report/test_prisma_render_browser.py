"""The PRISMA 2020 SVG in a real browser (headless Chromium): the text as the browser lays it
out stays inside its boxes, the screenshot has the outlines and counts where the SVG says,
and it prints on one A4 page. Skips when no Chromium is installed (Debian: chromium)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prisma_render_flows import SVG, boxes, counts, many_sources, parse_svg, rect_of, updated_review

from screener.report.flow import PrismaFlow
from screener.report.prisma_render import render

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless as root, on a machine with no network: no sandbox, and nothing that phones home.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PIXELS_PER_MM = 96 / 25.4  # CSS pixels
DEVICE_SCALE = 2  # screenshot pixels per CSS pixel: outlines two pixels wide, not one grey
DARK = 110  # luminance of ink: text, outlines (0 black .. 255 white)
LIGHT = 200
# For every box and stage label of the SVG: its outline's and each text line's bounding box
# as the browser laid them out (getBBox, mapped through transforms into SVG units), whether
# each line lies inside its outline, and the same boxes for every count.
LAYOUT_SCRIPT = """
const svg = document.querySelector('svg');
const toSvg = svg.getScreenCTM().inverse();
function extent(element) {
  const b = element.getBBox();
  const m = toSvg.multiply(element.getScreenCTM());
  const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height],
                   [b.x + b.width, b.y + b.height]]
    .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
  const xs = corners.map(p => p.x), ys = corners.map(p => p.y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
const found = {boxes: {}, counts: [], outside: []};
for (const group of svg.querySelectorAll('g.box, g.label')) {
  const outline = extent(group.querySelector('rect'));
  const lines = [...group.querySelectorAll('text')]
    .map(t => ({text: t.textContent, box: extent(t)}));
  found.boxes[group.id] = {outline, lines};
  for (const line of lines) {
    const [x0, y0, x1, y1] = line.box;
    if (x0 < outline[0] || y0 < outline[1] || x1 > outline[2] || y1 > outline[3]) {
      found.outside.push(group.id + ': ' + line.text);
    }
  }
}
for (const count of svg.querySelectorAll('tspan.n')) {
  found.counts.push({field: count.dataset.field, text: count.textContent,
                     box: count.closest('g.box').id, extent: extent(count)});
}
document.getElementById('layout').textContent = JSON.stringify(found);
"""


@dataclass(frozen=True)
class InBrowser:
    flow: PrismaFlow
    svg: ET.Element
    layout: dict[str, Any]  # what LAYOUT_SCRIPT found
    screenshot: Any  # a PIL image, RGB
    scale: float  # screenshot pixels per SVG unit
    pdf: bytes


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_browser(browser: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


FLOWS = {"update-in-progress": updated_review(), "many-sources": many_sources()}


@pytest.fixture(scope="module", params=list(FLOWS))
def in_browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> InBrowser:
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium)")
    image_module = pytest.importorskip("PIL.Image")
    flow = FLOWS[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    svg_bytes = render(flow, ".svg", allow_pending=True)
    svg_file = folder / "flow.svg"
    svg_file.write_bytes(svg_bytes)
    root = parse_svg(svg_bytes)
    layout = _layout(browser, folder, svg_bytes)
    screenshot = image_module.open(_screenshot(browser, folder, svg_file, root)).convert("RGB")
    width_mm = float(root.attrib["width"].removesuffix("mm"))
    scale = width_mm * PIXELS_PER_MM * DEVICE_SCALE / float(root.attrib["viewBox"].split()[2])
    return InBrowser(flow, root, layout, screenshot, scale, _printed(browser, folder))


def _layout(browser: str, folder: Path, svg: bytes) -> dict[str, Any]:
    """What LAYOUT_SCRIPT finds in a page that holds the SVG inline."""
    page = folder / "layout.html"
    inline = svg.decode("utf-8").split("?>", 1)[1]
    page.write_text(
        f'<!DOCTYPE html><html><body style="margin:0">{inline}<pre id="layout">not run</pre>'
        f"<script>{LAYOUT_SCRIPT}</script></body></html>",
        encoding="utf-8",
    )
    profile = folder / "profile-layout"  # a new, empty browser profile for each run
    dom = run_browser(browser, profile, "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    written = re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S)
    assert written, dom[-2000:]
    found: dict[str, Any] = json.loads(html.unescape(written.group(1)))
    return found


def _screenshot(browser: str, folder: Path, svg_file: Path, root: ET.Element) -> Path:
    """The SVG opened as a document of its own, at its printed size, DEVICE_SCALE sharp."""
    width_mm, height_mm = (float(root.attrib[k].removesuffix("mm")) for k in ("width", "height"))
    window = (round(width_mm * PIXELS_PER_MM) + 40, round(height_mm * PIXELS_PER_MM) + 40)
    shot = folder / "flow.png"
    run_browser(
        browser, folder / "profile-shot",
        f"--force-device-scale-factor={DEVICE_SCALE}", "--hide-scrollbars",
        f"--window-size={window[0]},{window[1]}", f"--screenshot={shot}", svg_file.as_uri(),
    )  # fmt: skip
    return shot


def _printed(browser: str, folder: Path) -> bytes:
    """The PDF of a page that prints flow.svg at its own size on A4 with 10 mm margins."""
    page = folder / "print.html"
    page.write_text(
        "<!DOCTYPE html><html><head><style>@page { size: A4; margin: 10mm }"
        ' body { margin: 0 }</style></head><body><img src="flow.svg"></body></html>',
        encoding="utf-8",
    )
    pdf = folder / "flow.pdf"
    run_browser(
        browser, folder / "profile-print",
        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
    )  # fmt: skip
    return pdf.read_bytes()


def test_browser_lays_every_text_line_inside_its_box(in_browser: InBrowser) -> None:
    laid_out = in_browser.layout
    assert laid_out["outside"] == []
    drawn = boxes(in_browser.svg)
    assert drawn.keys() <= laid_out["boxes"].keys()  # the script saw every box
    lines = sum(len(box["lines"]) for box in laid_out["boxes"].values())
    assert lines == len(list(in_browser.svg.iter(f"{SVG}text")))


def test_browser_reads_the_counts_the_xml_holds(in_browser: InBrowser) -> None:
    read: dict[str, list[int]] = {}
    for count in in_browser.layout["counts"]:
        read.setdefault(count["field"], []).append(int(count["text"].replace(",", "")))
    assert read == counts(in_browser.svg)


def test_screenshot_draws_each_outline_where_the_svg_says(in_browser: InBrowser) -> None:
    for box_id, group in boxes(in_browser.svg).items():
        x, y, right, bottom = rect_of(group)
        if "header" in group.attrib["class"]:
            assert _is_fill(in_browser, x + 3, (y + bottom) / 2, box_id), box_id
            continue
        for edge_x, edge_y in [
            ((x + right) / 2, y), ((x + right) / 2, bottom), (x, (y + bottom) / 2),
            (right, (y + bottom) / 2),
        ]:  # fmt: skip
            if "pending" in group.attrib["class"]:  # dashed: a dash may just miss the point
                continue
            assert _darkest_near(in_browser, edge_x, edge_y) < DARK, (box_id, edge_x, edge_y)
        assert _luminance(in_browser, x + 2, y + 2) > LIGHT, box_id  # inside: white paper


def test_screenshot_shows_every_count_where_the_browser_laid_it(in_browser: InBrowser) -> None:
    for count in in_browser.layout["counts"]:
        x0, y0, x1, y1 = count["extent"]
        darkest = min(_luminance(in_browser, x, y) for x in _steps(x0, x1) for y in _steps(y0, y1))
        assert darkest < DARK, count


def test_screenshot_is_the_diagram_on_white(in_browser: InBrowser) -> None:
    image = in_browser.screenshot
    grey = image.convert("L")
    histogram = grey.histogram()
    inked = sum(histogram[:DARK]) / (image.width * image.height)
    assert inked > 0.01
    labels = [g for g in in_browser.svg.iter(f"{SVG}g") if g.attrib.get("class") == "label"]
    for label in labels:
        x, y, right, _ = rect_of(label)
        red, _, blue = _pixel(in_browser, (x + right) / 2, y + 4)
        assert blue > red + 30, label.attrib["id"]  # the blue stage labels


def test_diagram_prints_on_one_a4_page(in_browser: InBrowser) -> None:
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", in_browser.pdf)
    assert len(pages) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", in_browser.pdf)
    assert box, "no page size in the PDF"
    assert float(box.group(1)) == pytest.approx(595.3, abs=1)  # A4 in points
    assert float(box.group(2)) == pytest.approx(841.9, abs=1)


def _pixel(shown: InBrowser, x: float, y: float) -> tuple[int, int, int]:
    pixel = shown.screenshot.getpixel((round(x * shown.scale), round(y * shown.scale)))
    return pixel[0], pixel[1], pixel[2]


def _luminance(shown: InBrowser, x: float, y: float) -> float:
    red, green, blue = _pixel(shown, x, y)
    return 0.299 * red + 0.587 * green + 0.114 * blue


def _darkest_near(shown: InBrowser, x: float, y: float) -> float:
    """The darkest pixel within a pixel or two of (x, y): an outline is 2 pixels wide."""
    step = 1 / shown.scale
    return min(
        _luminance(shown, x + dx * step, y + dy * step)
        for dx in (-2, -1, 0, 1, 2)
        for dy in (-2, -1, 0, 1, 2)
    )


def _is_fill(shown: InBrowser, x: float, y: float, box_id: str) -> bool:
    red, green, blue = _pixel(shown, x, y)
    if box_id == "header_dbr":  # PRISMA's yellow
        return red > 200 and green > 150 and blue < 120
    return abs(red - green) < 10 and abs(green - blue) < 10 and 180 < red < 240  # grey


def _steps(start: float, end: float, count: int = 12) -> list[float]:
    return [start + (end - start) * i / (count - 1) for i in range(count)]
