"""Hand-made PRISMA 2020 flows for the renderer's tests, and readers of what it wrote.

The flows add up the way PRISMA 2020 says (identified - removed = screened, and so on), as
the counting hands them over; a review of online child sexual exploitation research is the
running example.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from screener.report.flow import Count, PrismaFlow

SVG = "{http://www.w3.org/2000/svg}"
LIST_FIELDS = (
    "database_specific_results",
    "register_specific_results",
    "dbr_excluded",
    "other_excluded",
)


def new_review() -> PrismaFlow:
    """A new review found through two databases, nothing by other methods."""
    return PrismaFlow(
        database_results=1240,
        database_specific_results=(("PubMed", 700), ("PsycINFO", 540)),
        duplicates=310,
        excluded_automatic=42,
        excluded_other=3,
        records_screened=885,
        records_excluded=790,
        dbr_sought_reports=95,
        dbr_notretrieved_reports=4,
        dbr_assessed=91,
        dbr_excluded=(("Not perpetrators of online abuse", 51), ("Not empirical research", 22)),
        new_studies=16,
        new_reports=18,
    )


def updated_review() -> PrismaFlow:
    """An update with registers, citation searching and websites, still in progress."""
    return replace(
        new_review(),
        register_results=12,
        register_specific_results=(("ClinicalTrials.gov", 12),),
        records_screened=897,
        records_excluded=760,
        dbr_sought_reports=107,
        dbr_assessed=103,
        dbr_excluded=(("Not perpetrators of online abuse", 60), ("Not empirical research", 20)),
        dbr_included_reports=22,
        website_results=7,
        citations_results=23,
        other_results=2,
        other_duplicates=3,
        other_excluded_automatic=1,
        other_records_screened=28,
        other_records_excluded=5,
        other_sought_reports=22,
        other_notretrieved_reports=1,
        other_assessed=21,
        other_excluded=(("Commentary, not research", 16),),
        other_included_reports=5,
        previous_studies=11,
        previous_reports=13,
        new_studies=25,
        new_reports=29,
        total_studies=36,
        total_reports=42,
        pending={"records_screened": 30, "dbr_sought_reports": 3, "other_records_screened": 1},
    )


def many_sources() -> PrismaFlow:
    """30 databases and 20 reasons with long names: the size and wrapping limit."""
    databases = tuple(
        (f"Bibliographic database {i} via a long vendor interface name", 100 + i) for i in range(30)
    )
    reasons = tuple(
        (f"Reason {i}: population outside the protocol's age range and setting", 2 + i)
        for i in range(20)
    )
    identified = sum(n for _, n in databases)
    assessed = sum(n for _, n in reasons) + 40
    return PrismaFlow(
        database_results=identified,
        database_specific_results=databases,
        duplicates=500,
        records_screened=identified - 500,
        records_excluded=identified - 500 - assessed,
        dbr_sought_reports=assessed,
        dbr_assessed=assessed,
        dbr_excluded=reasons,
        new_studies=40,
        new_reports=40,
    )


def hostile_names() -> PrismaFlow:
    """Names a user may type that XML, Markdown, CSV and the app each read as syntax."""
    return replace(
        new_review(),
        database_specific_results=(
            ("</text><script>alert(1)</script>", 600),
            ("A & B | C; D, E", 500),
            ('=HYPERLINK("x")\x07', 140),
        ),
        dbr_excluded=(("-1 <b>bold</b> *not* _md_", 51), ("@reason, with comma", 22)),
    )


def parse_svg(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def boxes(root: ET.Element) -> dict[str, ET.Element]:
    """Every <g class="box"> by its id."""
    return {
        g.attrib["id"]: g
        for g in root.iter(f"{SVG}g")
        if "box" in g.attrib.get("class", "").split()
    }


def rect_of(group: ET.Element) -> tuple[float, float, float, float]:
    """(x, y, right, bottom) of a box's outline, its first <rect>."""
    rect = group.find(f"{SVG}rect")
    assert rect is not None
    x, y = float(rect.attrib["x"]), float(rect.attrib["y"])
    return x, y, x + float(rect.attrib["width"]), y + float(rect.attrib["height"])


def counts(root: ET.Element) -> dict[str, list[int]]:
    """Every count the SVG shows, by the PrismaFlow field its tspan names, in drawn order."""
    found: dict[str, list[int]] = {}
    for tspan in root.iter(f"{SVG}tspan"):
        if tspan.attrib.get("class") == "n":
            found.setdefault(tspan.attrib["data-field"], []).append(_number(tspan.text or ""))
    return found


def box_text(group: ET.Element) -> str:
    """A box's text as one line (its wrapped lines joined by spaces)."""
    lines = ["".join(text.itertext()) for text in group.iter(f"{SVG}text")]
    return " ".join(" ".join(lines).split())


def expected_counts(flow: PrismaFlow, fields: list[str]) -> dict[str, list[int]]:
    """What `counts` should read for these fields of `flow`."""
    expected: dict[str, list[int]] = {}
    for field in fields:
        value = getattr(flow, field)
        if field in LIST_FIELDS:
            if value:
                expected[field] = [n for _, n in value]
        else:
            expected[field] = [value]
    return expected


def names(items: tuple[Count, ...]) -> list[str]:
    return [name for name, _ in items]


def _number(text: str) -> int:
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", text), text
    return int(text.replace(",", ""))
