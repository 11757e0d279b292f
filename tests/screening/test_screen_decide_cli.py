"""`screener decide`, `screener decide --from F.csv` and `screener decisions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from screening_helpers import decisions, prepare

from screener.review import Review


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "decisions.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_decide_from_a_csv_takes_reviewer_and_stage_the_file_lacks(
    review: Path, tmp_path: Path, cli
) -> None:
    path = _csv(tmp_path, "record,verdict,reason\n1,include,\n2,exclude,design\n")
    result = cli(
        "decide", "--from", path, "--reviewer", "cam", "--stage", "full-text", "--review", review
    )
    assert result.exit_code == 0, result.stderr
    assert decisions(review, reviewer="cam", stage="full-text") == [
        (1, "include", "", ""),
        (2, "exclude", "design", ""),
    ]


def test_decide_from_a_csv_without_a_reviewer_column_or_option_names_both(
    review: Path, tmp_path: Path, cli
) -> None:
    path = _csv(tmp_path, "record,verdict,stage\n1,include,title-abstract\n")
    result = cli("decide", "--from", path, "--review", review)
    assert result.exit_code == 1
    assert "missing column(s): reviewer (or give --reviewer)" in result.stderr


def test_decide_one_record_from_the_command_line(review: Path, cli) -> None:
    result = cli(
        "decide",
        "2",
        "exclude",
        "--reason",
        "design",
        "--note",
        "a commentary",
        "--reviewer",
        "ana",
        "--review",
        review,
    )
    assert result.exit_code == 0, result.stderr
    assert decisions(review, reviewer="ana") == [(2, "exclude", "design", "a commentary")]


def test_decide_refuses_an_unknown_reason(review: Path, cli) -> None:
    result = cli("decide", "2", "exclude", "--reason", "nosuch", "--review", review)
    assert result.exit_code == 2  # a value typed on the command line: a usage error
    assert "unknown exclusion reason 'nosuch'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert decisions(review) == []


def test_decide_from_a_csv_lands_every_row(review: Path, tmp_path: Path, cli) -> None:
    path = _csv(
        tmp_path,
        "record,verdict,reviewer,stage,reason,note\n"
        "1,include,ana,title-abstract,,\n"
        "2,exclude,ana,title-abstract,population,\n"
        '2,exclude,ben,title-abstract,,"no, not eligible"\n'
        "3,maybe,ana,pilot,,\n",
    )
    with Review.open(review) as opened:  # a pilot decision is for a record of a pilot sample
        opened.create_pilot(opened.record_count(), seed=1)
    result = cli("decide", "--from", path, "--review", review)
    assert result.exit_code == 0, result.stderr
    assert "4 decisions recorded" in result.stderr
    assert decisions(review, reviewer="ana") == [
        (1, "include", "", ""),
        (2, "exclude", "population", ""),
    ]
    assert decisions(review, reviewer="ben") == [(2, "exclude", "", "no, not eligible")]
    assert decisions(review, "pilot") == [(3, "maybe", "", "")]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "1,include,ana,title-abstract\n99,include,ana,title-abstract\n",
            ":3: no record with id 99",
        ),
        ("1,include,ana,title-abstract\n2,keep,ana,title-abstract\n", ":3: unknown verdict 'keep'"),
        ("1,exclude,ana,title-abstract,nosuch\n", ":2: unknown exclusion reason 'nosuch'"),
        ("1,not-retrieved,ana,title-abstract\n", ":2: the verdict not-retrieved belongs"),
        ("x,include,ana,title-abstract\n", ":2: record must be a record id"),
        ("1,include,,title-abstract\n", ":2: empty reviewer"),
    ],
)
def test_a_bad_csv_row_is_reported_with_its_line_and_nothing_is_written(
    review: Path, tmp_path: Path, cli, rows: str, message: str
) -> None:
    path = _csv(tmp_path, "record,verdict,reviewer,stage,reason\n" + rows)
    result = cli("decide", "--from", path, "--review", review)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert decisions(review) == []
    assert decisions(review, "pilot") == []


def test_a_csv_missing_a_column_is_refused(review: Path, tmp_path: Path, cli) -> None:
    path = _csv(tmp_path, "record,verdict\n1,include\n")
    result = cli("decide", "--from", path, "--review", review)
    assert result.exit_code == 1
    assert "decisions.csv:1: missing column(s): reviewer, stage" in result.stderr


def test_decisions_prints_json_lines_with_the_record_key(
    review: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("decide", "1", "include", "--reviewer", "ana", "--review", review)
    cli("decide", "2", "exclude", "--reason", "population", "--reviewer", "ben", "--review", review)
    result = cli("decisions", "--json", "--review", review)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["record"], r["reviewer"], r["verdict"], r["reason"]) for r in rows] == [
        (1, "ana", "include", ""),
        (2, "ben", "exclude", "population"),
    ]
    assert set(rows[0]) == {
        "record",
        "key",
        "stage",
        "reviewer",
        "verdict",
        "reason",
        "note",
        "time",
        "kind",
    }
    assert rows[0]["key"] == "records.ris#1"
    # The table, unlike the JSON, fits the terminal: in fewer columns it shortens the reasons.
    monkeypatch.setenv("COLUMNS", "80")
    only_ben = cli("decisions", "--reviewer", "ben", "--review", review)
    assert "population" in only_ben.stdout and "ana" not in only_ben.stdout


@pytest.mark.parametrize("columns", ["80", "60"])
def test_decisions_table_fits_the_terminal_and_cuts_no_value(
    review: Path, cli, monkeypatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    cli("decide", "1", "include", "--reviewer", "ana-maria", "--review", review)
    note = "a long note on why the study design does not answer the review question"
    cli("decide", "2", "exclude", "--reason", "population", "--note", note, "--review", review)
    result = cli("decisions", "--review", review)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    assert "…" not in result.stdout
    assert "include" in result.stdout and "exclude" in result.stdout
    assert "ana-maria" in result.stdout
    words = " ".join(result.stdout.split())
    assert "does not answer" in words  # the note wraps, whole
    if columns == "60":
        assert "see --json" in lines[0]  # what did not fit is named


def test_decisions_feed_the_record_status(review: Path, cli) -> None:
    cli("decide", "1", "include", "--review", review)
    cli("decide", "1", "not-retrieved", "--stage", "full-text", "--review", review)
    result = cli("status", "--json", "--review", review)
    assert json.loads(result.stdout)["by_status"]["not-retrieved"] == 1


def test_decide_from_a_csv_skips_a_spreadsheets_empty_rows(
    review: Path, tmp_path: Path, cli
) -> None:
    path = _csv(tmp_path, "record,verdict,reviewer,stage\n1,include,ana,title-abstract\n,,,\n")
    result = cli("decide", "--from", path, "--review", review)
    assert result.exit_code == 0, result.stderr
    assert decisions(review, reviewer="ana") == [(1, "include", "", "")]
