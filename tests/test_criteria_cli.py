from __future__ import annotations

import json
from pathlib import Path

import pytest

from screener.review import Review

CRITERIA = """
[review]
question = "What is known about people who offend online?"

[[rule]]
id = "years"
kind = "year"
min = 1990
action = "exclude"
reason = "published before 1990"

[[rule]]
id = "topic"
kind = "query"
query = 'online AND (offend* OR perpetrat*)'
action = "flag"
reason = "off topic by keywords"

[highlight]
include = ["offend*"]

[reasons]
population = "not the population of interest"
"""


def _ris(path: Path) -> Path:
    path.write_text(
        "TY  - JOUR\nTI  - Online offending pathways\nPY  - 2020\nID  - a1\nER  - \n\n"
        "TY  - JOUR\nTI  - Early survey of offenders\nPY  - 1985\nID  - a2\nER  - \n\n"
        "TY  - JOUR\nTI  - Sleep and social media\nPY  - 2021\nID  - a3\nER  - \n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def review_with_records(review_dir: Path, tmp_path: Path) -> Path:
    (review_dir / "criteria.toml").write_text(CRITERIA, encoding="utf-8")
    with Review.open(review_dir) as review:
        review.import_file(_ris(tmp_path / "hits.ris"))
    return review_dir


def test_apply_excludes_and_flags_and_status_follows(review_with_records: Path, cli) -> None:
    dry = cli("criteria", "apply", "--dry-run", "--review", review_with_records)
    assert "rule years would exclude 1 record" in dry.stdout
    assert (
        json.loads(cli("status", "--json", "--review", review_with_records).stdout)["by_status"][
            "excluded-automatic"
        ]
        == 0
    )
    result = cli("criteria", "apply", "--json", "--review", review_with_records)
    report = json.loads(result.stdout)
    assert (report["excluded"], report["flagged"], report["passed"]) == (1, 1, 1)
    status = json.loads(cli("status", "--json", "--review", review_with_records).stdout)
    assert status["by_status"]["excluded-automatic"] == 1


def test_reapply_after_an_edit_updates_and_spares_decided_records(
    review_with_records: Path, cli
) -> None:
    cli("criteria", "apply", "--review", review_with_records)
    with Review.open(review_with_records) as review:
        review.decide(2, "include")  # a person includes the 1985 record
    path = review_with_records / "criteria.toml"
    path.write_text(path.read_text().replace("min = 1990", "min = 2021"), encoding="utf-8")
    report = json.loads(cli("criteria", "apply", "--json", "--review", review_with_records).stdout)
    assert report["decided_by_person"] == 1
    with Review.open(review_with_records) as review:
        assert review.statuses() == {1: "excluded-automatic", 2: "full-text", 3: "title-abstract"}


def test_explain_shows_each_rule(review_with_records: Path, cli) -> None:
    result = cli("criteria", "explain", "2", "--json", "--review", review_with_records)
    explained = json.loads(result.stdout)
    assert explained["outcome"] == "exclude"
    assert [(r["id"], r["result"]) for r in explained["rules"]] == [
        ("years", "fail"),
        ("topic", "fail"),
    ]


def test_validate_reports_a_bad_query_with_its_line(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        CRITERIA.replace("online AND (offend*", "online AND ((offend*"), encoding="utf-8"
    )
    result = cli("criteria", "validate", bad)
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr


def test_check_prints_one_json_line_per_record_in_file_order(tmp_path: Path, cli) -> None:
    criteria = tmp_path / "criteria.toml"
    criteria.write_text(CRITERIA, encoding="utf-8")
    result = cli("check", "--criteria", criteria, _ris(tmp_path / "hits.ris"), "--json")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["key"], x["outcome"]) for x in lines] == [
        ("a1", "pass"),
        ("a2", "exclude"),
        ("a3", "flag"),
    ]
    assert lines[1]["rules"][0] == {"id": "years", "result": "fail", "action": "exclude"}
    failing = cli("check", "--criteria", criteria, tmp_path / "hits.ris", "--fail-on", "exclude")
    assert failing.exit_code == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.unlink(), "cannot read criteria file: No such file or directory"),
        (lambda path: (path.unlink(), path.mkdir()), "cannot read criteria file: Is a directory"),
        (lambda path: path.write_bytes(b"\xff\xfe\x00 binary"), "criteria file is not UTF-8 text"),
    ],
    ids=["missing", "a folder", "not UTF-8"],
)
@pytest.mark.parametrize("command", [["criteria", "apply"], ["screen", "--plain"]])
def test_an_unusable_criteria_file_is_one_line(
    review_dir: Path, cli, make, message: str, command: list[str]
) -> None:
    make(review_dir / "criteria.toml")
    result = cli(*command, "--review", review_dir, input="q\n")
    if command[0] == "screen" and message.startswith("cannot read") and "No such" in message:
        assert result.exit_code == 0  # screening needs no criteria file
        return
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
