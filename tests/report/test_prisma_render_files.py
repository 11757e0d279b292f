"""The PRISMA 2020 counts as the PRISMA2020 Shiny app's CSV and as a Markdown table."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from prisma_render_flows import (
    LIST_FIELDS,
    counts,
    hostile_names,
    new_review,
    parse_svg,
    updated_review,
)

from screener.report.flow import PrismaFlow
from screener.report.prisma_render import render

GOLDEN = Path(__file__).parent.parent / "fixtures" / "prisma" / "updated_review.csv"
# SCREENER_UPDATE_GOLDEN=1 rewrites the golden file from the current output (then review
# the diff: the file is what the PRISMA2020 app reads).
UPDATE_GOLDEN = os.environ.get("SCREENER_UPDATE_GOLDEN") == "1"
APP_COLUMNS = ["data", "node", "box", "description", "boxtext", "tooltips", "url", "n"]
NOT_COUNTED = {"NA", "identification", "screening", "included"}


def csv_rows(flow: PrismaFlow) -> list[dict[str, str]]:
    text = render(flow, ".csv", allow_pending=True).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def app_reads_list(cell: str) -> list[tuple[str, int]]:
    """A "Name, n; Name, n" cell as the app reads it: split at ';' (and one space), a name
    up to its first comma, the number from the digits after it; digits alone: no names."""
    if not re.search(r"[^0-9,]", cell):
        return [("", int(cell.replace(",", "")))]
    items = re.split(r"; ?", cell)
    return [
        (item.split(",", 1)[0], int(re.sub(r"[^0-9]", "", item.split(",", 1)[1]))) for item in items
    ]


def as_dashes(name: str) -> str:
    """The app cuts a name at a comma and a list at a semicolon: both are written as dashes."""
    return re.sub(r"\s*[,;]\s*", " - ", name)


def test_csv_has_the_apps_columns_and_a_count_for_every_field() -> None:
    flow = updated_review()
    rows = csv_rows(flow)
    assert list(rows[0]) == APP_COLUMNS
    for row in rows:
        field = row["data"]
        if field in NOT_COUNTED or field.endswith("_ma"):
            assert row["n"] == "0"
        elif field in LIST_FIELDS:
            assert app_reads_list(row["n"]) == [(as_dashes(k), n) for k, n in getattr(flow, field)]
        else:
            assert int(row["n"]) == getattr(flow, field), field


def test_csv_is_the_apps_template_with_our_counts() -> None:
    """The golden file pins the template's rows and wording the app redraws from."""
    produced = render(updated_review(), ".csv", allow_pending=True)
    if UPDATE_GOLDEN:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(produced)
    assert produced == GOLDEN.read_bytes()


def test_csv_has_no_row_the_app_would_take_for_another() -> None:
    """The app finds a field's row by matching the field's name anywhere in `data` (at its
    end for the two totals, which the meta-analysis rows' names contain)."""
    data = [row["data"] for row in csv_rows(updated_review())]
    app_fields = [d for d in data if d not in ("NA", "other_results")]

    def app_matches(field: str, value: str) -> bool:
        anchored = field in ("total_studies", "total_reports")
        return value.endswith(field) if anchored else field in value

    for field in app_fields:
        assert [d for d in data if app_matches(field, d)] == [field]
    assert not any(app_matches(field, "other_results") for field in app_fields)


def test_csv_names_with_commas_and_semicolons_read_back_whole() -> None:
    flow = hostile_names()
    rows = {row["data"]: row for row in csv_rows(flow)}
    for field in ("database_specific_results", "dbr_excluded"):
        read = app_reads_list(rows[field]["n"])
        assert [n for _, n in read] == [n for _, n in getattr(flow, field)]
        assert len(read) == len(getattr(flow, field))
    databases = [name for name, _ in app_reads_list(rows["database_specific_results"]["n"])]
    assert databases[1] == "A & B | C - D - E"


def test_csv_cell_starting_like_a_formula_is_neutralised_and_still_read() -> None:
    flow = replace(new_review(), dbr_excluded=(("=SUM(A1)", 51), ("+1 report", 22)))
    rows = {row["data"]: row for row in csv_rows(flow)}
    cell = rows["dbr_excluded"]["n"]
    assert cell.startswith("'=SUM(A1)")
    assert [n for _, n in app_reads_list(cell)] == [51, 22]


def test_csv_without_a_breakdown_keeps_the_apps_no_breakdown_placeholder() -> None:
    flow = replace(new_review(), database_specific_results=(), dbr_excluded=())
    rows = {row["data"]: row for row in csv_rows(flow)}
    assert rows["database_specific_results"]["n"].startswith("Database 1, xxx")
    assert rows["register_specific_results"]["n"].startswith("Register 1, xxx")
    assert app_reads_list(rows["dbr_excluded"]["n"]) == [("", 0)]


def test_csv_other_sources_row_only_when_used() -> None:
    assert "other_results" not in {row["data"] for row in csv_rows(new_review())}
    rows = {row["data"]: row for row in csv_rows(updated_review())}
    assert int(rows["other_results"]["n"]) == updated_review().other_results


def md_rows(flow: PrismaFlow, *, allow_pending: bool = False) -> list[list[str]]:
    """The table rows of the Markdown, split at unescaped pipes, markup escapes undone."""
    text = render(flow, ".md", allow_pending=allow_pending).decode("utf-8")
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith(("| Stage", "| ---")):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([re.sub(r"\\(.)", r"\1", c.strip()).replace("&amp;", "&") for c in cells])
    return rows


def test_markdown_lists_every_box_count_database_and_reason() -> None:
    flow = new_review()
    rows = md_rows(flow)
    assert all(len(row) == 4 for row in rows)
    assert ["Identification", "Records identified from", "Databases", f"{1240:,}"] in rows
    for name, n in flow.database_specific_results:
        assert ["Identification", "Records identified from", f"Databases: {name}", f"{n:,}"] in rows
    for name, n in flow.dbr_excluded:
        assert ["Screening", "Reports excluded", name, f"{n:,}"] in rows
    for box, n in [
        ("Records screened", flow.records_screened),
        ("Records excluded", flow.records_excluded),
        ("Reports sought for retrieval", flow.dbr_sought_reports),
        ("Reports not retrieved", flow.dbr_notretrieved_reports),
        ("Reports assessed for eligibility", flow.dbr_assessed),
    ]:
        assert ["Screening", box, "", f"{n:,}"] in rows
    assert ["Included", "Studies included in review", "", f"{flow.new_studies:,}"] in rows


def test_markdown_names_are_escaped_and_read_back() -> None:
    flow = hostile_names()
    rows = md_rows(flow)
    assert all(len(row) == 4 for row in rows)  # no pipe in a name split a row
    lines = {row[2] for row in rows}
    for name, _ in flow.database_specific_results:
        assert f"Databases: {' '.join(name.split())}" in lines
    for name, _ in flow.dbr_excluded:
        assert name in lines
    text = render(flow, ".md").decode()
    assert "<script>" not in text and "<b>" not in text


def test_markdown_shows_awaiting_decisions_only_when_allowed() -> None:
    flow = updated_review()
    rows = md_rows(flow, allow_pending=True)
    waiting = [row for row in rows if row[1] == "Awaiting decision"]
    assert [int(row[3]) for row in waiting] == list(flow.pending.values())
    done = replace(flow, pending={})
    assert not [row for row in md_rows(done) if row[1] == "Awaiting decision"]


@pytest.mark.parametrize("flow", [new_review(), updated_review()], ids=["new", "update"])
def test_markdown_and_svg_count_the_same_numbers(flow: PrismaFlow) -> None:
    shown = counts(parse_svg(render(flow, ".svg", allow_pending=True)))
    in_svg = sorted(n for numbers in shown.values() for n in numbers)
    in_md = sorted(int(row[3].replace(",", "")) for row in md_rows(flow, allow_pending=True))
    assert in_md == in_svg
