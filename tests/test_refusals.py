"""Input that used to be accepted and then gave a wrong result: each is one clear line now."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_ris

from screener.review import Review

TITLES = ["Online grooming by perpetrators", "Sexual extortion of adolescents"]


def _imported(review: Path, tmp_path: Path, cli) -> Path:
    assert cli("import", write_ris(tmp_path / "a.ris", TITLES), "--review", review).exit_code == 0
    return review


def test_an_empty_reviewer_name_is_refused(review_dir: Path, tmp_path: Path, cli) -> None:
    review = _imported(review_dir, tmp_path, cli)
    result = cli("decide", "1", "include", "--reviewer", "", "--review", review)
    assert result.exit_code == 2
    assert result.stderr.strip() == "screener: the reviewer name is empty"


def test_a_reason_on_an_include_is_refused(review_dir: Path, tmp_path: Path, cli) -> None:
    review = _imported(review_dir, tmp_path, cli)
    result = cli("decide", "1", "include", "--reason", "design", "--review", review)
    assert result.exit_code == 2
    assert "only an exclusion takes a reason" in result.stderr


def test_a_negative_reviewers_per_record_names_its_line(review_dir: Path, cli) -> None:
    settings = review_dir / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("reviewers_per_record = 1", "reviewers_per_record = -5"))
    line = next(
        n for n, row in enumerate(settings.read_text().splitlines(), 1) if "reviewers_per" in row
    )
    result = cli("status", "--review", review_dir)
    assert result.exit_code == 1
    assert f"screener.toml:{line}: reviewers_per_record must be 1 or more" in result.stderr


@pytest.mark.parametrize("section", ["review", "screening", "pilot", "coding"])
def test_a_settings_section_that_is_no_table_names_its_line(
    review_dir: Path, cli, section: str
) -> None:
    settings = review_dir / "screener.toml"
    settings.write_text(f"{section} = 3\n", encoding="utf-8")
    result = cli("status", "--review", review_dir)
    assert result.exit_code == 1
    assert f"screener.toml:1: '{section}' must be a table" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_decision_on_a_merged_duplicate_is_refused(review_dir: Path, tmp_path: Path, cli) -> None:
    review = _imported(review_dir, tmp_path, cli)
    again = write_ris(tmp_path / "b.ris", TITLES)
    again.write_text(again.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another file
    assert cli("import", again, "--review", review).exit_code == 0
    assert cli("dedupe", "--review", review).exit_code == 0
    # Which of the two is canonical follows the files' sha256 (the same in every copy).
    with Review.open(review) as opened:
        member = next(rid for rid in (1, 3) if opened.canonical_of(rid))
        head = opened.canonical_of(member)
    assert {member, head} == {1, 3}
    result = cli("decide", str(member), "include", "--review", review)
    assert result.exit_code == 1
    assert f"record {member} is a duplicate of record {head}; decide record {head}" in result.stderr
    assert cli("decisions", "--json", "--review", review).stdout == ""
