"""The PRISMA 2020 diagram as SVG (and PNG), read back as XML: counts, boxes, page, safety."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import fields, replace

import pytest
from prisma_render_flows import (
    SVG,
    box_text,
    boxes,
    counts,
    expected_counts,
    hostile_names,
    many_sources,
    names,
    new_review,
    parse_svg,
    rect_of,
    updated_review,
)

from screener.errors import ScreenerError
from screener.report.flow import PrismaFlow
from screener.report.prisma_render import render

DBR_FIELDS = [
    "database_results", "database_specific_results", "register_results",
    "register_specific_results", "duplicates", "excluded_automatic", "excluded_other",
    "records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
    "dbr_assessed", "dbr_excluded", "new_studies", "new_reports",
]  # fmt: skip
OTHER_FIELDS = [
    "website_results", "organisation_results", "citations_results", "other_sought_reports",
    "other_notretrieved_reports", "other_assessed", "other_excluded",
]  # fmt: skip
# screener's own: how records found by other methods reach the reports sought (when used)
OTHER_SCREENING_FIELDS = [
    "other_duplicates", "other_excluded_automatic", "other_records_screened",
    "other_records_excluded",
]  # fmt: skip
PREVIOUS_FIELDS = ["previous_studies", "previous_reports", "total_studies", "total_reports"]


def svg_of(flow: PrismaFlow, *, allow_pending: bool = False) -> bytes:
    return render(flow, ".svg", allow_pending=allow_pending)


def test_svg_of_a_new_review_shows_each_count_in_its_own_tspan() -> None:
    flow = new_review()
    assert counts(parse_svg(svg_of(flow))) == expected_counts(flow, DBR_FIELDS)


def test_svg_of_an_update_adds_previous_studies_and_other_methods_counts() -> None:
    flow = updated_review()
    shown = counts(parse_svg(svg_of(flow, allow_pending=True)))
    fields_shown = [
        *DBR_FIELDS, *OTHER_FIELDS, *OTHER_SCREENING_FIELDS, "other_results", *PREVIOUS_FIELDS,
    ]  # fmt: skip
    expected = expected_counts(flow, fields_shown)
    expected.update({f"pending.{key}": [n] for key, n in flow.pending.items()})
    assert shown == expected


@pytest.mark.parametrize(
    ("flow", "studies", "reports"),
    [
        (new_review(), "Studies included in review", "Reports of included studies"),
        (updated_review(), "New studies included in review", "Reports of new included studies"),
    ],
    ids=["new review", "update"],
)
def test_included_studies_are_worded_as_prisma_2020_words_them(
    flow: PrismaFlow, studies: str, reports: str
) -> None:
    # "new" only in an update, where the total with the previous version's follows
    drawn = boxes(parse_svg(svg_of(flow, allow_pending=True)))
    text = box_text(drawn["new_studies"])
    assert text.startswith(f"{studies} (n = ") and f"{reports} (n = " in text
    assert ("total_studies" in drawn) == (flow.previous_studies > 0)


def test_svg_names_every_database_and_reason_in_its_box() -> None:
    flow = many_sources()
    drawn = boxes(parse_svg(svg_of(flow)))
    identified, excluded = box_text(drawn["dbr_identified"]), box_text(drawn["dbr_excluded"])
    for name, n in flow.database_specific_results:
        assert f"{name} (n = {n:,})" in identified
    for name, n in flow.dbr_excluded:
        assert f"{name} (n = {n:,})" in excluded
    # in the order given
    positions = [identified.index(name) for name in names(flow.database_specific_results)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("flow", "has_other", "has_previous"),
    [
        (new_review(), False, False),
        (replace(new_review(), citations_results=3, other_sought_reports=3), True, False),
        (replace(new_review(), previous_studies=4, total_studies=20), False, True),
    ],
    ids=["databases-only", "citation-searching", "update"],
)
def test_columns_appear_only_when_used(
    flow: PrismaFlow, has_other: bool, has_previous: bool
) -> None:
    drawn = boxes(parse_svg(svg_of(flow)))
    other_boxes = {"header_other", "other_identified", "other_sought_reports", "other_excluded"}
    previous_boxes = {"header_previous", "previous_studies", "total_studies"}
    assert (other_boxes <= drawn.keys()) is has_other
    assert not (other_boxes & drawn.keys()) or has_other
    assert (previous_boxes <= drawn.keys()) is has_previous
    assert not (previous_boxes & drawn.keys()) or has_previous
    assert {"header_dbr", "dbr_identified", "records_screened", "new_studies"} <= drawn.keys()


def test_other_methods_screening_boxes_only_when_records_were_screened() -> None:
    screening = {
        "other_removed_before_screening",
        "other_records_screened",
        "other_records_excluded",
    }
    plain = replace(new_review(), citations_results=3, other_sought_reports=3, other_assessed=3)
    assert not screening & boxes(parse_svg(svg_of(plain))).keys()  # PRISMA 2020's column
    screened = replace(plain, citations_results=4, other_duplicates=1, other_records_screened=3)
    drawn = boxes(parse_svg(svg_of(screened)))
    assert screening <= drawn.keys()
    assert box_text(drawn["other_records_screened"]) == "Records screened (n = 3)"
    assert "Duplicate records (n = 1)" in box_text(drawn["other_removed_before_screening"])


def test_other_sources_line_only_when_such_records_exist() -> None:
    with_other = replace(new_review(), citations_results=3, other_results=2)
    shown = boxes(parse_svg(svg_of(with_other)))["other_identified"]
    assert "Other sources (n = 2)" in box_text(shown)
    without = boxes(parse_svg(svg_of(replace(with_other, other_results=0))))["other_identified"]
    assert "Other sources" not in box_text(without)


def test_stage_labels_cover_their_rows() -> None:
    root = parse_svg(svg_of(updated_review(), allow_pending=True))
    labels = {g.attrib["id"]: g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "label"}
    assert [box_text(g) for g in labels.values()] == ["Identification", "Screening", "Included"]
    drawn = boxes(root)
    for label, members in {
        "label_identification": ["dbr_identified", "previous_studies", "other_identified"],
        "label_screening": ["records_screened", "dbr_assessed", "other_excluded"],
        "label_included": ["new_studies", "total_studies"],
    }.items():
        _, top, _, bottom = rect_of(labels[label])
        for member in members:
            _, y, _, _ = rect_of(drawn[member])
            assert top <= y <= bottom, (label, member)


def test_pending_boxes_sit_beside_the_stage_they_wait_at() -> None:
    flow = updated_review()
    drawn = boxes(parse_svg(svg_of(flow, allow_pending=True)))
    for key, n in flow.pending.items():
        waiting = drawn[f"pending_{key}"]
        assert box_text(waiting) == f"Awaiting decision: {n:,}"
        x, y, _, _ = rect_of(waiting)
        _, stage_y, stage_right, _ = rect_of(drawn[key])
        assert x > stage_right  # to the right of the stage
        next_main = {
            "records_screened": "dbr_sought_reports",
            "dbr_sought_reports": "dbr_assessed",
            "other_records_screened": "other_sought_reports",
        }
        if key in next_main:  # and above the next stage down
            assert y < rect_of(drawn[next_main[key]])[1]
        assert y >= stage_y
        assert "stroke-dasharray" in (waiting.find(f"{SVG}rect").attrib)  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".svg", ".png", ".csv", ".md"])
def test_a_review_in_progress_is_refused_without_allow_pending(suffix: str) -> None:
    with pytest.raises(ScreenerError) as refused:
        render(updated_review(), suffix)
    message = str(refused.value)
    assert "34 awaiting a decision" in message
    assert "--allow-pending" in message
    assert "\n" not in message


def test_pending_counts_of_zero_need_no_allowance() -> None:
    flow = replace(new_review(), pending={"records_screened": 0})
    assert b"Awaiting" not in render(flow, ".svg")


def test_a_pending_key_naming_no_box_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="title_abstract"):
        render(replace(new_review(), pending={"title_abstract": 2}), ".svg", allow_pending=True)


@pytest.mark.parametrize("suffix", [".pdf", ".svgz", "", ".SVG.bak"])
def test_an_unknown_suffix_is_one_line(suffix: str) -> None:
    with pytest.raises(ScreenerError) as refused:
        render(new_review(), suffix)
    message = str(refused.value)
    assert "use .svg, .png, .csv or .md" in message
    assert "\n" not in message


def test_suffix_case_does_not_matter() -> None:
    assert render(new_review(), ".SVG") == render(new_review(), ".svg")


def test_user_text_is_escaped_and_stays_text() -> None:
    flow = hostile_names()
    root = parse_svg(svg_of(flow))  # parses: nothing the names hold broke the XML
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "rect", "g", "text", "tspan", "polyline", "polygon"}
    drawn = boxes(root)
    identified = _squashed(box_text(drawn["dbr_identified"]))
    excluded = _squashed(box_text(drawn["dbr_excluded"]))
    for name, _ in flow.database_specific_results:
        shown = name.replace("\x07", "")  # a control character XML cannot carry is dropped
        assert _squashed(shown) in identified  # (a word too long for a line is cut)
    for name, _ in flow.dbr_excluded:
        assert _squashed(name) in excluded


def _squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("flow", [new_review(), updated_review(), many_sources()])
def test_svg_is_self_contained(flow: PrismaFlow) -> None:
    svg = svg_of(flow, allow_pending=True)
    root = parse_svg(svg)
    for element in root.iter():
        assert not any(name.endswith("href") for name in element.attrib), element.tag
        assert element.tag.removeprefix(SVG) not in {"script", "style", "image", "use", "font"}
    assert b"url(" not in svg
    assert b"@import" not in svg
    assert root.attrib["font-family"] == "Helvetica, Arial, sans-serif"


@pytest.mark.parametrize("flow", [new_review(), updated_review(), many_sources()])
def test_svg_prints_on_a4_portrait_with_margins(flow: PrismaFlow) -> None:
    root = parse_svg(svg_of(flow, allow_pending=True))
    width, height = (float(root.attrib[k].removesuffix("mm")) for k in ("width", "height"))
    assert width <= 190 and height <= 277  # A4 (210 x 297 mm) less 10 mm all round
    assert width >= 100 or height >= 250  # and as large as the page allows
    _, _, view_width, view_height = (float(v) for v in root.attrib["viewBox"].split())
    assert width / height == pytest.approx(view_width / view_height, rel=0.005)


def test_svg_stays_under_50_kb_with_30_databases_and_20_reasons() -> None:
    flow = many_sources()
    svg = svg_of(flow)
    assert len(flow.database_specific_results) == 30 and len(flow.dbr_excluded) == 20
    assert len(svg) < 50_000


@pytest.mark.parametrize("flow", [new_review(), updated_review(), many_sources()])
def test_boxes_do_not_overlap(flow: PrismaFlow) -> None:
    placed = list(boxes(parse_svg(svg_of(flow, allow_pending=True))).items())
    for i, (first, group) in enumerate(placed):
        x, y, right, bottom = rect_of(group)
        for second, other in placed[i + 1 :]:
            ox, oy, oright, obottom = rect_of(other)
            apart = right <= ox or oright <= x or bottom <= oy or obottom <= y
            assert apart, (first, second)


def test_every_flow_field_has_a_place_in_the_diagram() -> None:
    """A field prisma-counts adds to PrismaFlow must be drawn somewhere, or named here."""
    when_used = {"pending", "other_results", *OTHER_SCREENING_FIELDS}
    # Each column's included reports: the counting keeps them so that each column adds up;
    # the diagram has one box of included studies and reports for both columns.
    not_drawn = {"dbr_included_reports", "other_included_reports"}
    drawn_fields = set(DBR_FIELDS) | set(OTHER_FIELDS) | set(PREVIOUS_FIELDS)
    assert {f.name for f in fields(PrismaFlow)} == drawn_fields | when_used | not_drawn


def test_png_is_the_diagram_as_an_image() -> None:
    pytest.importorskip("PIL")
    try:
        png = render(new_review(), ".png")
    except ScreenerError as missing:  # no extra or no libcairo on this machine
        pytest.skip(str(missing))
    from PIL import Image

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    assert width > 1000  # print resolution
    histogram = image.histogram()
    dark = sum(histogram[:100])
    assert dark > width * height * 0.005  # text and outlines, not a blank page


def test_png_without_the_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import cairosvg now fails
    with pytest.raises(ScreenerError) as refused:
        render(new_review(), ".png")
    message = str(refused.value)
    assert re.search(r"extra 'png'.*screener\[png\]", message)
    assert ".svg" in message
    assert "\n" not in message
