"""The progress chart (report/progress_svg.py), read back as XML: self-contained, every label
as text, and each line ending at the height of its count on the axis."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from screener.report.progress import (
    DayCount,
    Figures,
    Pace,
    ProgressReport,
    StageReport,
)
from screener.report.progress_svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"


def stage(name: str, timeline: list[DayCount]) -> StageReport:
    figures = Figures(
        "all", timeline[-1].decided if timeline else 0, 0, 0, Pace(0, None, None, None)
    )
    return StageReport(name, 100, figures, (), tuple(timeline))


def report_of(*stages: StageReport) -> ProgressReport:
    return ProgressReport(tuple(stages))


TITLE_ABSTRACT = [
    DayCount(date(2026, 3, 2), 40, 6),
    DayCount(date(2026, 3, 3), 95, 11),
    DayCount(date(2026, 3, 6), 180, 23),
]
FULL_TEXT = [DayCount(date(2026, 3, 5), 9, 4), DayCount(date(2026, 3, 9), 23, 8)]


def parsed(report: ProgressReport) -> ET.Element:
    return ET.fromstring(render_svg(report).encode("utf-8"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_the_chart_is_an_svg_document_with_its_title_as_text() -> None:
    root = parsed(report_of(stage("title-abstract", TITLE_ABSTRACT)))
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("760", "440")
    assert "records decided and included" in root.findtext(f"{SVG}title", "")
    assert any("records decided and included" in text for text in texts(root))


def test_the_chart_needs_nothing_from_outside() -> None:
    svg = render_svg(
        report_of(stage("title-abstract", TITLE_ABSTRACT), stage("full-text", FULL_TEXT))
    )
    root = ET.fromstring(svg.encode("utf-8"))
    for element in root.iter():
        assert element.tag.split("}")[1] not in ("script", "image", "foreignObject", "style", "use")
        assert not any(name.endswith("href") for name in element.attrib)
    assert "url(" not in svg and "@import" not in svg
    assert svg.count("http") == 1  # the namespace only
    fonts = {element.get("font-family") for element in root.iter() if element.get("font-family")}
    assert fonts == {"sans-serif"}


def test_axes_label_dates_and_counts() -> None:
    labels = texts(parsed(report_of(stage("title-abstract", TITLE_ABSTRACT))))
    assert "2026-03-02" in labels  # the first day
    assert {"0", "50", "100", "150", "200"} <= set(labels)  # 180 records: a scale to 200
    assert "title-abstract: decided" in labels and "title-abstract: included" in labels


def axis_y(root: ET.Element) -> dict[int, float]:
    """Count -> the y of its label on the axis (the label sits 4 below its line)."""
    found = {}
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext()).replace(",", "")
        if element.get("text-anchor") == "end" and text.isdigit():
            found[int(text)] = float(element.get("y", "0")) - 4
    return found


def line_ends(root: ET.Element) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Each line's title -> its first and last point."""
    ends = {}
    for line in root.iter(f"{SVG}polyline"):
        points = [tuple(map(float, pair.split(","))) for pair in line.get("points", "").split()]
        ends[line.findtext(f"{SVG}title", "")] = (points[0], points[-1])
    return ends


def test_each_line_ends_at_the_height_of_its_count() -> None:
    root = parsed(report_of(stage("title-abstract", TITLE_ABSTRACT), stage("full-text", FULL_TEXT)))
    scale = axis_y(root)
    zero, top = scale[0], max(scale)

    def y_of(count: int) -> float:
        return zero + (scale[top] - zero) * count / top

    ends = line_ends(root)
    assert set(ends) == {
        "title-abstract: 180 decided by 2026-03-06",
        "title-abstract: 23 included by 2026-03-06",
        "full-text: 23 decided by 2026-03-09",
        "full-text: 8 included by 2026-03-09",
    }
    for title, (first, last) in ends.items():
        count = int(title.split(": ")[1].split()[0])
        assert abs(last[1] - y_of(count)) < 0.2, title
        assert abs(first[1] - zero) < 0.2, title  # every line starts from nothing
    # a stage that starts later starts further right, and every line ends after its start
    assert (
        ends["full-text: 23 decided by 2026-03-09"][0][0]
        > ends["title-abstract: 180 decided by 2026-03-06"][0][0]
    )
    assert all(last[0] > first[0] for first, last in ends.values())


def test_included_lines_are_dashed_and_each_stage_has_its_colour() -> None:
    root = parsed(report_of(stage("title-abstract", TITLE_ABSTRACT), stage("full-text", FULL_TEXT)))
    lines = {line.findtext(f"{SVG}title", ""): line for line in root.iter(f"{SVG}polyline")}
    dashed = {title for title, line in lines.items() if line.get("stroke-dasharray")}
    assert dashed == {title for title in lines if " included " in title}
    colours = {title.split(":")[0]: line.get("stroke") for title, line in lines.items()}
    assert colours["title-abstract"] != colours["full-text"]


def test_a_review_with_nothing_settled_says_so_on_empty_axes() -> None:
    labels = texts(parsed(report_of(stage("title-abstract", []))))
    assert "no record settled yet" in labels


def test_two_years_of_daily_counts_stay_small() -> None:
    start = date(2024, 1, 1)
    days = [DayCount(start + timedelta(days=n), 70 * (n + 1), 7 * (n + 1)) for n in range(730)]
    late = [DayCount(start + timedelta(days=n), 3 * n, n) for n in range(300, 730)]
    svg = render_svg(report_of(stage("title-abstract", days), stage("full-text", late)))
    assert len(svg.encode("utf-8")) < 50_000
    labels = texts(ET.fromstring(svg.encode("utf-8")))
    assert sum(1 for label in labels if label[:2] == "20" and label[4] == "-") <= 6  # dates


def date_ticks(root: ET.Element) -> dict[str, float]:
    """Date label -> the x of its tick on the axis."""
    found = {}
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext())
        if element.get("text-anchor") == "middle" and text[:2] == "20" and len(text) == 10:
            found[text] = float(element.get("x", "0"))
    return found


def test_a_days_count_stands_at_the_tick_that_names_the_day() -> None:
    # the axis reads "date (end of day)": 180 decided by the end of 6 March stand at the
    # tick labelled 2026-03-06, and nothing was decided at the end of 1 March
    root = parsed(report_of(stage("title-abstract", TITLE_ABSTRACT)))
    ticks = date_ticks(root)
    ends = line_ends(root)
    first, last = ends["title-abstract: 180 decided by 2026-03-06"]
    assert abs(last[0] - ticks["2026-03-06"]) < 0.2
    assert abs(first[0] - ticks["2026-03-01"]) < 0.2
    one_day = parsed(report_of(stage("full-text", [DayCount(date(2026, 3, 5), 9, 4)])))
    (_, last), _ = line_ends(one_day).values()
    assert abs(last[0] - date_ticks(one_day)["2026-03-05"]) < 0.2
    assert "2026-03-06" not in date_ticks(one_day)  # no day after the last is drawn
