"""`screener report progress`: the table, --json, the chart written with -o, and the one-line
refusals (no decisions, an unwritable path, not an .svg)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from progress_helpers import DAY1, Clocked, clocked_review, screen_three_days

pytestmark = pytest.mark.cli


@pytest.fixture
def clocked(review_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clocked:
    return clocked_review(review_dir, monkeypatch)


@pytest.fixture
def screened(clocked: Clocked) -> Path:
    return screen_three_days(clocked).folder


def test_json_is_one_object_per_stage_and_reviewer(screened: Path, cli) -> None:
    result = cli("report", "progress", "--json", "--review", screened)
    assert result.exit_code == 0, result.stderr
    shape = json.loads(result.stdout)
    assert [stage["stage"] for stage in shape["stages"]] == ["title-abstract", "full-text"]
    title_abstract = shape["stages"][0]
    assert (title_abstract["decided"], title_abstract["remaining"]) == (3, 7)
    assert {r["reviewer"]: (r["decided"], r["remaining"]) for r in title_abstract["reviewers"]} == {
        "ana": (8, 2),
        "ben": (3, 7),
    }
    assert title_abstract["reviewers"][0]["median_seconds"] == 30.0


def test_reviewer_names_who_is_asking_when_screening_blind(screened: Path, cli) -> None:
    def ana_included(*options: str) -> int:
        result = cli("report", "progress", "--json", "--review", screened, *options)
        assert result.exit_code == 0, result.stderr
        reviewers = json.loads(result.stdout)["stages"][0]["reviewers"]
        return next(r["included"] for r in reviewers if r["reviewer"] == "ana")

    assert ana_included("--reviewer", "ana") == 3  # records 1, 2 and 6
    assert ana_included("--reviewer", "ben") == 2  # 6 awaits ben's verdict


def test_the_table_shows_each_stage_and_reviewer(screened: Path, cli) -> None:
    result = cli("report", "progress", "--review", screened)
    assert result.exit_code == 0, result.stderr
    rows = {cells[0]: cells[1:] for line in result.stdout.splitlines() if (cells := line.split())}
    # decided, remaining, per day, seconds per record, days left, inclusion rate
    assert rows["title-abstract"] == ["3", "7", "1.5", "30", "4.7", "33.3%"]
    assert "ana" in rows and "ben" in rows
    assert "records reached the stage" in result.stdout


@pytest.mark.parametrize("columns", ["60", "100"])
def test_the_table_fits_the_terminal(
    screened: Path, cli, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("report", "progress", "--review", screened)
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("title-abstract:")[0]
    assert max(len(line) for line in table.splitlines()) <= int(columns)
    assert "33.3%" in table and "…" not in table


def test_forced_colour_keeps_the_figures(screened: Path, cli, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("report", "progress", "--review", screened)
    assert result.exit_code == 0, result.stderr
    assert "33.3%" in result.stdout


def test_o_writes_the_chart_and_still_prints_the_figures(screened: Path, cli) -> None:
    chart = screened.parent / "progress.svg"
    result = cli("report", "progress", "--json", "-o", chart, "--review", screened)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["stages"]
    assert chart.read_text(encoding="utf-8").startswith("<?xml")
    assert f"Wrote the progress chart to {chart}" in result.stderr


def test_a_review_without_decisions_is_one_line_and_exit_1(clocked: Clocked, cli) -> None:
    chart = clocked.folder.parent / "progress.svg"
    result = cli("report", "progress", "-o", chart, "--review", clocked.folder)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no screening decisions yet" in result.stderr
    assert not chart.exists()


def test_an_empty_review_is_one_line_and_exit_1(review_dir: Path, cli) -> None:
    result = cli("report", "progress", "--json", "--review", review_dir)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "screener: the review has no records yet: no progress to report"


def test_an_unwritable_path_is_one_line_exit_1_and_nothing_written(
    screened: Path, cli, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "progress.svg"
    result = cli("report", "progress", "-o", missing, "--review", screened)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "cannot write" in result.stderr
    assert not missing.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_leaves_no_temporary(screened: Path, cli, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = cli("report", "progress", "-o", folder / "p.svg", "--review", screened)
        assert result.exit_code == 1
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_chart_that_is_not_an_svg_is_a_usage_error(screened: Path, cli) -> None:
    result = cli("report", "progress", "-o", screened.parent / "p.png", "--review", screened)
    assert result.exit_code == 2
    assert ".svg" in result.stderr
    assert not (screened.parent / "p.png").exists()


def test_an_existing_chart_is_replaced_whole(screened: Path, cli) -> None:
    chart = screened.parent / "progress.svg"
    chart.write_text("old", encoding="utf-8")
    assert cli("report", "progress", "-o", chart, "--review", screened).exit_code == 0
    assert chart.read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_a_decision_on_one_day_only_still_draws(clocked: Clocked, cli) -> None:
    clocked.at(f"{DAY1}T12:00:00").decide("ana", 1, "include")
    clocked.at(f"{DAY1}T12:00:30").decide("ben", 1, "include")
    chart = clocked.folder.parent / "one-day.svg"
    result = cli("report", "progress", "-o", chart, "--review", clocked.folder)
    assert result.exit_code == 0, result.stderr
    assert "title-abstract: 1 decided by 2026-03-02" in chart.read_text(encoding="utf-8")


def test_help_gives_an_example(cli) -> None:
    result = cli("report", "progress", "--help")
    assert result.exit_code == 0
    assert "Example:  screener report progress" in result.stdout


@pytest.mark.parametrize("name", ["[/]x", "[b]ann[/b]"])
def test_a_reviewer_name_is_shown_as_typed_never_as_markup(
    clocked: Clocked, cli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    clocked.at(f"{DAY1}T12:00:00").decide(name, 1, "include")
    result = cli("report", "progress", "--review", clocked.folder)
    assert result.exit_code == 0, result.stderr
    assert name in result.stdout


@pytest.mark.parametrize("time", ["", "yesterday", 12, "9999-12-31T23:59:59+00:00", "0001-01-01"])
@pytest.mark.parametrize("chart", [False, True])
def test_a_stored_time_that_cannot_be_read_is_one_line_naming_the_decision(
    screened: Path, cli, tmp_path: Path, time: object, chart: bool
) -> None:
    import sqlite3

    with sqlite3.connect(screened / "screener.db") as store:
        store.execute(
            "UPDATE decisions SET time = ? WHERE record_id = 4 AND reviewer = 'ana'", (time,)
        )
    store.close()
    chart_file = tmp_path / "p.svg"
    options = ["-o", chart_file] if chart else []
    result = cli("report", "progress", "--review", screened, *options)
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "screener.db:" in message and "'ana' on record 4" in message
    assert repr(str(time)) in message
    assert not chart_file.exists()


def test_the_chart_on_stdout_is_alone_there(screened: Path, cli) -> None:
    result = cli("report", "progress", "-o", "-", "--review", screened)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("<") and result.stdout.rstrip().endswith("</svg>")
    assert "title-abstract" in result.stderr  # the table, beside it


@pytest.mark.parametrize("command", ["progress", "prisma"])
def test_json_and_the_chart_both_on_stdout_are_refused(screened: Path, cli, command: str) -> None:
    result = cli("report", command, "-o", "-", "--json", "--review", screened)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_a_bidi_control_in_a_reviewer_name_is_not_drawn(clocked: Clocked, cli) -> None:
    clocked.at(f"{DAY1}T12:00:00").decide("dana\u202e", 1, "include")
    result = cli("report", "progress", "--review", clocked.folder)
    assert result.exit_code == 0, result.stderr
    assert "dana" in result.stdout and "\u202e" not in result.stdout
