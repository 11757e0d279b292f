"""`screener report prisma`: the counts as JSON and as a table, a review in progress
refused unless --allow-pending, and -o written whole or not at all."""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest
from prisma_counts_helpers import add_search, new_review, screen
from test_prisma_counts import finished

from screener.errors import ScreenerError
from screener.review import Review

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PRISMA2020_FIELDS = (
    "database_results", "database_specific_results", "register_results",
    "register_specific_results", "duplicates", "excluded_automatic", "excluded_other",
    "records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
    "dbr_assessed", "dbr_excluded", "website_results", "organisation_results",
    "citations_results", "other_sought_reports", "other_notretrieved_reports", "other_assessed",
    "other_excluded", "previous_studies", "previous_reports", "new_studies", "new_reports",
    "total_studies", "total_reports",
)  # fmt: skip


@pytest.fixture
def done(tmp_path: Path) -> Path:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        finished(review)
    return folder


@pytest.fixture
def in_progress(tmp_path: Path) -> Path:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1, 2], database="PubMed")
        screen(review, {0: "include", 1: "exclude"})
    return folder


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """A stand-in for prisma-render's module: records each call; .svg and .png only."""
    calls: list[tuple[str, bool]] = []

    def render(flow, suffix: str, *, allow_pending: bool = False) -> bytes:
        calls.append((suffix, allow_pending))
        if suffix not in (".svg", ".png"):
            raise ScreenerError(f"cannot write {suffix or 'a file without suffix'}")
        return f"<svg>{flow.records_screened}</svg>".encode() if suffix == ".svg" else b"\x89PNG"

    module = types.ModuleType("screener.report.prisma_render")
    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "screener.report.prisma_render", module)
    return calls


def test_json_gives_every_prisma2020_field_with_lists_of_reasons_and_databases(
    done: Path, cli
) -> None:
    result = cli("report", "prisma", "--json", "--review", done)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(name in data for name in PRISMA2020_FIELDS)
    assert data["database_specific_results"] == [
        {"database": "PubMed", "n": 6},
        {"database": "Scopus", "n": 6},
    ]
    assert sorted(data["dbr_excluded"], key=lambda r: r["reason"]) == [
        {"reason": "Adults only", "n": 1},
        {"reason": "not empirical research", "n": 1},
    ]
    assert (data["records_screened"], data["dbr_assessed"], data["new_studies"]) == (8, 5, 3)
    assert data["other_sought_reports"] == 0 and data["previous_studies"] == 0
    assert data["complete"] is True
    assert set(data["pending"].values()) == {0}


@pytest.mark.parametrize(
    "terminal",
    [{"NO_COLOR": "1", "COLUMNS": "60", "TERM": "dumb"}, {"FORCE_COLOR": "1"}],
    ids=["narrow dumb terminal", "forced colour"],
)
def test_the_table_reads_box_by_box(
    done: Path, cli, monkeypatch: pytest.MonkeyPatch, terminal: dict[str, str]
) -> None:
    for name, value in terminal.items():
        monkeypatch.setenv(name, value)
    result = cli("report", "prisma", "--review", done)
    assert result.exit_code == 0, result.stderr
    lines = [" ".join(ANSI.sub("", line).split()) for line in result.stdout.splitlines()]
    for expected in (
        "Records identified from databases 12",
        "PubMed 6",
        "Duplicate records removed 3",
        "Records screened 8",
        "Records excluded 2",
        "Reports not retrieved 1",
        "Reports assessed for eligibility 5",
        "Reports excluded 2",
        "Studies included in review 3",  # PRISMA 2020's words for a new review
        "Reports of included studies 3",
    ):
        assert expected in lines
    assert not any("other methods" in line for line in lines)


def test_a_review_in_progress_is_refused_in_one_line_and_nothing_is_written(
    in_progress: Path, cli, tmp_path: Path, renderer: list
) -> None:
    target = tmp_path / "flow.svg"
    result = cli("report", "prisma", "--review", in_progress, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "1 record awaits a title-abstract outcome" in line
    assert "1 report awaits a full-text outcome" in line and "--allow-pending" in line
    assert not target.exists() and renderer == []


def test_json_of_a_review_in_progress_says_what_is_pending(in_progress: Path, cli) -> None:
    result = cli("report", "prisma", "--json", "--review", in_progress)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["complete"] is False
    assert data["pending"] == {
        "records_screened": 1,
        "dbr_sought_reports": 1,
        "other_records_screened": 0,
        "other_sought_reports": 0,
    }


def test_allow_pending_reports_the_flow_with_what_awaits_a_decision(
    in_progress: Path, cli, tmp_path: Path, renderer: list
) -> None:
    result = cli("report", "prisma", "--allow-pending", "--review", in_progress)
    assert result.exit_code == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines.count("awaiting decision 1") == 2
    target = tmp_path / "flow.svg"
    result = cli("report", "prisma", "--allow-pending", "--review", in_progress, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert renderer == [(".svg", True)]
    assert target.read_text(encoding="utf-8") == "<svg>3</svg>"


def test_o_dispatches_by_suffix_and_writes_bytes_whole(
    done: Path, cli, tmp_path: Path, renderer: list
) -> None:
    target = tmp_path / "flow.png"
    result = cli("report", "prisma", "--review", done, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == b"\x89PNG"
    assert renderer == [(".png", False)]
    assert list(tmp_path.glob(".*.tmp")) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("flow.txt", "cannot write .txt"), ("missing/flow.svg", "no such folder")],
    ids=["unknown suffix", "no such folder"],
)
def test_a_bad_output_is_one_line_exit_1_and_no_file(
    done: Path, cli, tmp_path: Path, renderer: list, name: str, message: str
) -> None:
    target = tmp_path / name
    result = cli("report", "prisma", "--review", done, "-o", target)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert message in line
    assert not target.exists()
    assert list(tmp_path.glob(".*.tmp")) == []


def test_the_review_database_is_never_overwritten(done: Path, cli, renderer: list) -> None:
    before = (done / "screener.db").read_bytes()
    result = cli("report", "prisma", "--review", done, "-o", done / "screener.db")
    assert result.exit_code == 1
    assert "refusing to write" in result.stderr
    assert (done / "screener.db").read_bytes() == before


def test_an_empty_review_is_one_line_and_exit_1(review_dir: Path, cli) -> None:
    result = cli("report", "prisma", "--review", review_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "screener: the review has no records yet: import a search first"
    ]


# -- with prisma-render's renderer: the counts reach the files ---------------------------


def test_the_svg_shows_the_reviews_own_counts(done: Path, cli, tmp_path: Path) -> None:
    from prisma_render_flows import counts, parse_svg

    target = tmp_path / "flow.svg"
    result = cli("report", "prisma", "--review", done, "-o", target)
    assert result.exit_code == 0, result.stderr
    shown = counts(parse_svg(target.read_bytes()))
    assert shown["database_results"] == [12]
    assert shown["database_specific_results"] == [6, 6]
    assert (shown["duplicates"], shown["excluded_automatic"]) == ([3], [1])
    assert (shown["records_screened"], shown["records_excluded"]) == ([8], [2])
    assert (shown["dbr_sought_reports"], shown["dbr_notretrieved_reports"]) == ([6], [1])
    assert (shown["dbr_assessed"], shown["dbr_excluded"]) == ([5], [1, 1])
    assert (shown["new_studies"], shown["new_reports"]) == ([3], [3])


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_the_table_files_carry_the_counts(done: Path, cli, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"flow{suffix}"
    result = cli("report", "prisma", "--review", done, "-o", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "PubMed" in text and "Adults only" in text


def test_records_found_by_citation_and_awaiting_screening_are_drawn_waiting(
    tmp_path: Path, cli
) -> None:
    from prisma_render_flows import box_text, boxes, parse_svg, rect_of

    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1], database="PubMed")
        add_search(review, "citations.ris", [2, 3, 4], method="citation")
        screen(review, {0: "exclude", 1: "exclude", 2: "exclude"})
    target = tmp_path / "flow.svg"
    result = cli("report", "prisma", "--allow-pending", "--review", folder, "-o", target)
    assert result.exit_code == 0, result.stderr
    drawn = boxes(parse_svg(target.read_bytes()))
    assert box_text(drawn["pending_other_records_screened"]) == "Awaiting decision: 2"
    placed = list(drawn.items())
    for i, (first, group) in enumerate(placed):
        x, y, right, bottom = rect_of(group)
        for second, other in placed[i + 1 :]:
            ox, oy, oright, obottom = rect_of(other)
            assert right <= ox or oright <= x or bottom <= oy or obottom <= y, (first, second)


@pytest.mark.parametrize("allow_pending", [[], ["--allow-pending"]])
def test_criteria_that_exclude_every_record_leave_a_complete_flow(
    tmp_path: Path, cli, allow_pending: list[str]
) -> None:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        add_search(review, "old.ris", [8], database="PubMed")  # study 8: 1996, before 2000
        review.apply_criteria()
    result = cli("report", "prisma", "--json", "--review", folder, *allow_pending)
    assert result.exit_code == 0, result.stderr
    flow = json.loads(result.stdout)
    assert flow["complete"] is True
    assert (flow["excluded_automatic"], flow["records_screened"]) == (1, 0)
    assert flow["total_studies"] == 0


def test_a_broken_criteria_file_leaves_the_reports_with_the_stored_keys(done: Path, cli) -> None:
    criteria = done / "criteria.toml"
    lines = criteria.read_text(encoding="utf-8").splitlines()
    criteria.write_text("\n".join([*lines, "[[rule]"]) + "\n", encoding="utf-8")
    broken_at = f"criteria.toml:{len(lines) + 1}:"

    flow = cli("report", "prisma", "--json", "--review", done)
    assert flow.exit_code == 0, flow.stderr
    assert {r["reason"] for r in json.loads(flow.stdout)["dbr_excluded"]} == {
        "design",  # the key: its label is in the [reasons] that cannot be read
        "Adults only",
    }
    reasons = cli("report", "reasons", "--stage", "full-text", "--review", done)
    assert reasons.exit_code == 0, reasons.stderr
    assert "design" in reasons.stdout and "not empirical research" not in reasons.stdout
    for result in (flow, reasons):
        (warning,) = result.stderr.strip().splitlines()
        assert warning.startswith("warning: ") and broken_at in warning
        assert "(at line" not in warning
