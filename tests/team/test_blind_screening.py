"""Blind dual screening: each reviewer's queue, and no view shows another reviewer's
verdict, reason or note on a record until every verdict it needs is in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from blind_helpers import decide, run_app, shown, team_review
from hypothesis import given
from hypothesis import strategies as st

from screener.model import Decision
from screener.review import Review
from screener.screening.blind import by_record_and_stage, visible_decisions
from screener.screening.ui.session import ScreeningSession


@pytest.fixture
def review(review_dir: Path) -> Path:
    return team_review(review_dir, per_record=2)


def queue(review: Path, reviewer: str, stage: str = "title-abstract") -> list[int]:
    with Review.open(review) as opened:
        return opened.queue(stage=stage, reviewer=reviewer)


def test_each_reviewer_keeps_a_record_in_their_queue_until_they_decide_it(review: Path) -> None:
    decide(review, "ana", 1, "include")
    assert queue(review, "ana") == [2, 3, 4, 5, 6]
    assert queue(review, "ben") == [1, 2, 3, 4, 5, 6]


def test_a_record_whose_verdicts_are_all_in_leaves_every_other_queue(review_dir: Path) -> None:
    review = team_review(review_dir, per_record=2)
    decide(review, "ana", 1, "include")
    decide(review, "ben", 1, "exclude")  # a conflict: no third reviewer screens it
    decide(review, "ana", 2, "include")
    assert queue(review, "carl") == [2, 3, 4, 5, 6]


def test_the_screening_ui_shows_no_other_reviewers_verdict_or_note(review: Path) -> None:
    decide(review, "ana", 1, "exclude", reason="population", note="care-home residents only")

    async def script(pilot, app) -> None:
        assert app.session.current_id == 1  # still in ben's queue
        screen = shown(app, "record") + shown(app, "details") + shown(app, "header")
        assert "ana" not in screen
        assert "care-home" not in screen
        assert "population" not in screen
        assert "exclude 0" in shown(app, "header")  # ben's own counts only

    run_app(
        review,
        lambda opened: ScreeningSession(opened, reviewer="ben", order="imported"),
        script,
        reviewer="ben",
    )


def test_records_show_hides_the_other_verdict_until_both_have_decided(review: Path, cli) -> None:
    decide(review, "ana", 1, "exclude", reason="population", note="care-home residents only")
    as_ana = cli("records", "show", "1", "--reviewer", "ana", "--review", review)
    assert "title-abstract: awaiting a second reviewer; your verdict exclude" in as_ana.stdout
    as_ben = cli("records", "show", "1", "--reviewer", "ben", "--review", review)
    assert as_ben.exit_code == 0, as_ben.stderr
    assert "ana" not in as_ben.stdout and "care-home" not in as_ben.stdout
    assert "1 verdict hidden until every reviewer has decided" in as_ben.stdout

    decide(review, "ben", 1, "include")
    after = cli("records", "show", "1", "--reviewer", "ben", "--json", "--review", review)
    line = json.loads(after.stdout)["screening"][0]
    assert line["state"] == "conflict"
    assert line["hidden"] == 0
    assert [(d["reviewer"], d["verdict"], d["reason"], d["note"]) for d in line["decisions"]] == [
        ("ana", "exclude", "population", "care-home residents only"),
        ("ben", "include", "", ""),
    ]


def test_records_show_json_of_a_record_awaiting_a_second_reviewer(review: Path, cli) -> None:
    decide(review, "ana", 2, "include", note="promising")
    result = cli("records", "show", "2", "--reviewer", "ben", "--json", "--review", review)
    view = json.loads(result.stdout)
    assert view["status"] == "title-abstract"
    assert view["screening"] == [
        {"stage": "title-abstract", "state": "awaiting", "required": 2, "verdicts": 1,
         "decisions": [], "hidden": 1}
    ]  # fmt: skip


def test_decisions_lists_only_ones_own_unless_all_reviewers(review: Path, cli) -> None:
    decide(review, "ana", 1, "include", note="ana's note")
    decide(review, "ben", 1, "include")
    decide(review, "ana", 2, "exclude", reason="design", note="a protocol only")

    def listed(*options: str) -> list[tuple[int, str, str]]:
        result = cli("decisions", "--json", *options, "--review", review)
        assert result.exit_code == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        return [(r["record"], r["reviewer"], r["verdict"]) for r in rows]

    assert listed("--reviewer", "ben") == [(1, "ben", "include")]
    # record 1 has both verdicts; ana's verdict on record 2 stays hidden from ben
    assert listed("--reviewer", "ben", "--all-reviewers") == [
        (1, "ana", "include"),
        (1, "ben", "include"),
    ]
    assert listed("--reviewer", "ana") == [(1, "ana", "include"), (2, "ana", "exclude")]
    table = cli("decisions", "--reviewer", "ben", "--all-reviewers", "--review", review)
    assert "a protocol only" not in table.stdout and "design" not in table.stdout


def test_decisions_without_a_reviewer_are_the_current_reviewers_own(
    review: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(review, "ana", 1, "include")
    decide(review, "ben", 2, "exclude")
    monkeypatch.setenv("SCREENER_REVIEWER", "ben")  # after the cli fixture set "tester"
    result = cli("decisions", "--json", "--review", review)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["record"], r["reviewer"]) for r in rows] == [(2, "ben")]


def test_with_one_reviewer_per_record_decisions_lists_everyone(review_dir: Path, cli) -> None:
    review = team_review(review_dir, per_record=1)
    decide(review, "ana", 1, "include")
    decide(review, "ben", 2, "exclude")
    result = cli("decisions", "--json", "--review", review)
    assert [json.loads(line)["reviewer"] for line in result.stdout.splitlines()] == ["ana", "ben"]


def test_an_export_shows_settled_outcomes_only(review: Path, cli, tmp_path: Path) -> None:
    decide(review, "ana", 1, "exclude", reason="population", note="care-home residents only")
    decide(review, "ana", 2, "include")
    decide(review, "ben", 2, "include")
    out = tmp_path / "all.csv"
    result = cli("export", "--all", "--format", "csv", "-o", out, "--review", review)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "care-home" not in text and "population" not in text
    rows = {row["id"]: row for row in csv.DictReader(text.splitlines())}
    assert rows["1"]["status"] == "title-abstract"  # one verdict settles nothing
    assert rows["2"]["status"] == "full-text"  # both agree


reviewers = st.sampled_from(["ana", "ben", "carl"])
verdicts = st.sampled_from(["include", "exclude", "maybe"])


@given(
    st.dictionaries(st.tuples(st.integers(1, 4), reviewers), verdicts, max_size=12),
    reviewers,
    st.integers(1, 3),
)
def test_a_reviewer_sees_another_verdict_only_when_every_verdict_is_in(
    given_verdicts: dict[tuple[int, str], str], viewer: str, per_record: int
) -> None:
    decisions = [
        Decision(record, "title-abstract", who, verdict)
        for (record, who), verdict in sorted(given_verdicts.items())
    ]
    groups = by_record_and_stage(decisions, {"title-abstract": per_record})
    seen = visible_decisions(decisions, groups, viewer)
    counts = {record: 0 for record, _ in given_verdicts}
    for record, _ in given_verdicts:
        counts[record] += 1
    for decision in decisions:
        others_visible = counts[decision.record_id] >= per_record
        expected = decision.reviewer == viewer or others_visible
        assert (decision in seen) == expected


def test_a_first_pilot_verdict_stays_hidden_until_a_second_reviewer_decides(
    review: Path, cli
) -> None:
    with Review.open(review) as opened:
        [record] = opened.create_pilot(1, seed=3).sample.record_ids
    decide(review, "ana", record, "exclude", reason="design", note="pilot note", stage="pilot")
    as_ben = cli("records", "show", str(record), "--reviewer", "ben", "--review", review)
    assert as_ben.exit_code == 0, as_ben.stderr
    assert "pilot note" not in as_ben.stdout and "ana exclude" not in as_ben.stdout
    assert "agree" not in as_ben.stdout  # one verdict is no agreement
