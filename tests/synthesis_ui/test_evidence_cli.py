"""`screener report evidence` through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from coding_ui_helpers import prepare

from screener.review import Review


@pytest.fixture
def review(review_dir: Path) -> Path:
    prepare(review_dir, coders_per_record=2)
    with Review.open(review_dir, actor="ana") as opened:
        for coder in ("ana", "bob"):
            opened.code_text(1, "design", "survey", coder=coder)
            opened.code_text(1, "finding", "offenders moved to private chat", page="4",
                             coder=coder)  # fmt: skip
        opened.code_text(1, "platforms", "chat", coder="ana")
        opened.code_text(1, "platforms", "forums", coder="bob")
        opened.code_text(2, "design", "interviews", coder="ana")  # bob still to code it
    return review_dir


def test_json_gives_one_object_per_included_study(cli, review: Path) -> None:
    result = cli("report", "evidence", "--json", "--review", review)
    assert result.exit_code == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["record"] for item in objects] == [1, 2, 3, 4]
    first = objects[0]
    assert first["design"] == "survey"
    assert first["platforms"] == "disagreement"
    assert first["finding"] == {"quote": "offenders moved to private chat", "page": "4"}
    assert first["citation"]["doi"] == "10.5555/coding.1"
    assert objects[1]["design"] is None  # ana's value stays blind until bob codes it


def test_the_terminal_shows_counts_per_option(cli, review: Path) -> None:
    result = cli("report", "evidence", "--review", review)
    assert result.exit_code == 0, result.stderr
    summary = "4 included studies, 7 fields in the coding frame; 1 value in disagreement."
    assert summary in result.stdout
    assert "survey" in result.stdout and "(disagreement)" in result.stdout


def test_by_question_lists_studies_with_their_quotes(cli, review: Path) -> None:
    result = cli("report", "evidence", "--by", "technology", "--review", review)
    assert result.exit_code == 0, result.stderr
    assert "technology: How do perpetrators use specific technologies?" in result.stdout
    assert '"offenders moved to private chat" (p. 4)' in result.stdout
    assert "targeting" not in result.stdout
    data = cli("report", "evidence", "--by", "question", "--json", "--review", review)
    questions = [json.loads(line) for line in data.stdout.splitlines()]
    assert [q["question"] for q in questions] == ["technology", "targeting"]
    assert questions[0]["studies"][0]["quotes"][0]["page"] == "4"


def test_an_unknown_question_is_a_usage_error_with_the_known_ones(cli, review: Path) -> None:
    result = cli("report", "evidence", "--by", "tecnology", "--review", review)
    assert result.exit_code == 2
    assert "did you mean 'technology'" in result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".md", ".html", ".xlsx"])
def test_every_format_is_written(cli, review: Path, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"evidence{suffix}"
    result = cli("report", "evidence", "-o", output, "--review", review)
    assert result.exit_code == 0, result.stderr
    assert "Wrote the evidence table of 4 studies" in result.stderr
    assert output.stat().st_size > 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary


def test_csv_file_holds_the_settled_values(cli, review: Path, tmp_path: Path) -> None:
    output = tmp_path / "evidence.csv"
    cli("report", "evidence", "-o", output, "--review", review)
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert rows[0]["design"] == "survey" and rows[0]["platforms"] == "disagreement"
    assert rows[1]["design"] == "pending"


@pytest.mark.parametrize(
    ("name", "message", "code"),
    [
        ("evidence.txt", "cannot tell the format from '.txt'", 2),  # a usage error
        ("missing/evidence.csv", "cannot write: no such folder", 1),
    ],
)
def test_a_bad_output_is_one_line_and_writes_nothing(
    cli, review: Path, tmp_path: Path, name: str, message: str, code: int
) -> None:
    before = sorted(tmp_path.rglob("*"))
    result = cli("report", "evidence", "-o", tmp_path / name, "--review", review)
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(tmp_path.rglob("*")) == before


def test_the_reviews_own_store_is_never_an_output(cli, review: Path) -> None:
    store = review / "screener.db"
    size = store.stat().st_size
    result = cli("report", "evidence", "-o", store, "--review", review)
    assert result.exit_code == 1
    assert store.stat().st_size == size


def test_an_existing_file_is_kept_when_the_write_is_refused(
    cli, review: Path, tmp_path: Path, monkeypatch
) -> None:
    import sys

    output = tmp_path / "evidence.xlsx"
    output.write_bytes(b"the old table")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = cli("report", "evidence", "-o", output, "--review", review)
    assert result.exit_code == 1
    assert "optional extra 'xlsx'" in result.stderr
    assert output.read_bytes() == b"the old table"


def test_no_coding_frame_is_one_clear_line(cli, review_dir: Path) -> None:
    prepare(review_dir)
    (review_dir / "coding.toml").unlink()
    result = cli("report", "evidence", "--review", review_dir)
    assert result.exit_code == 1
    assert "no coding frame" in result.stderr


def test_no_included_studies_is_one_clear_line(cli, review_dir: Path) -> None:
    prepare(review_dir, included=0)
    result = cli("report", "evidence", "-o", review_dir.parent / "e.html", "--review", review_dir)
    assert result.exit_code == 1
    assert "no included studies" in result.stderr
    assert not (review_dir.parent / "e.html").exists()


def test_help_has_an_example(cli) -> None:
    result = cli("report", "evidence", "--help")
    assert "Example:" in result.stdout
