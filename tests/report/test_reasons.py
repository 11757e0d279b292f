"""`Review.exclusion_reasons` and `screener report reasons`: each excluded record counted
once, per stage, under the reason that settled it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prisma_counts_helpers import add_search, ids_by_study, new_review, screen
from test_prisma_counts import finished

from screener.errors import ScreenerError
from screener.report.reasons import (
    NONE,
    Reason,
    ReasonKind,
    decision_reason,
    settled_reason,
)
from screener.review import Review

LABELS = {"population": "not perpetrators", "design": "not empirical research"}


def counts(review: Review, stage: str) -> dict[str, int]:
    [found] = review.exclusion_reasons(stage).stages
    return {count.reason.label: count.n for count in found.counts}


@pytest.fixture
def review(tmp_path: Path):
    with Review.open(new_review(tmp_path), actor="ana") as opened:
        yield opened


@pytest.fixture
def team(tmp_path: Path):
    """Two reviewers per record, studies 0-7 from PubMed."""
    with Review.open(new_review(tmp_path, reviewers_per_record=2), actor="ana") as opened:
        add_search(opened, "pubmed.ris", list(range(8)), database="PubMed")
        yield opened


def test_automatic_exclusions_count_per_rule_with_its_reason(review: Review) -> None:
    finished(review)
    [automatic] = review.exclusion_reasons("automatic").stages
    assert [(c.reason.kind, c.reason.key, c.reason.label, c.n) for c in automatic.counts] == [
        (ReasonKind.RULE, "years", "published before 2000", 1)
    ]


def test_manual_exclusions_count_per_reason_key_with_its_label(review: Review) -> None:
    finished(review)
    assert counts(review, "title-abstract") == {
        "not perpetrators of online-facilitated abuse": 1,
        "not empirical research": 1,
    }


def test_other_reasons_in_the_reviewers_words_are_grouped_whatever_their_case_and_spacing(
    review: Review,
) -> None:
    add_search(review, "pubmed.ris", [0, 1, 2, 3, 4], database="PubMed")
    notes = {0: "Adults only", 1: "  adults   ONLY. ", 2: "Case report"}
    screen(
        review,
        {0: "exclude", 1: "exclude", 2: "exclude", 3: "exclude", 4: "include"},
        reasons={0: "other", 1: "other", 2: "other"},
        notes=notes,
    )
    assert counts(review, "title-abstract") == {
        "Adults only": 2,
        "Case report": 1,
        "no reason given": 1,
    }


def test_a_record_two_reviewers_excluded_counts_once(team: Review) -> None:
    screen(team, {0: "exclude", 1: "exclude"}, reviewer="ana", reasons={0: "design", 1: "design"})
    screen(team, {0: "exclude", 1: "exclude"}, reviewer="ben", reasons={0: "design", 1: "design"})
    assert counts(team, "title-abstract") == {"not empirical research": 2}


def test_agreeing_reviewers_with_different_reasons_count_under_the_first_given(
    team: Review,
) -> None:
    screen(team, {0: "exclude"}, reviewer="ben", reasons={0: "population"})
    screen(team, {0: "exclude"}, reviewer="ana", reasons={0: "design"})
    assert counts(team, "title-abstract") == {"not perpetrators of online-facilitated abuse": 1}


def test_the_reason_most_reviewers_gave_wins() -> None:
    rows = [
        (1, "title-abstract", "ana", "exclude", "decision", "population", ""),
        (1, "title-abstract", "ben", "exclude", "decision", "design", ""),
        (1, "title-abstract", "cleo", "exclude", "decision", "design", ""),
    ]
    assert settled_reason(rows, 3, LABELS).key == "design"


def test_an_adjudicators_reason_settles_a_conflict_and_without_one_the_reviewers_speak(
    team: Review,
) -> None:
    screen(team, {0: "exclude", 1: "exclude"}, reviewer="ana", reasons={0: "design", 1: "design"})
    screen(team, {0: "include", 1: "include"}, reviewer="ben")
    ids = ids_by_study(team)
    team.resolve(ids[0], "exclude", reason="population", adjudicator="cleo")
    team.resolve(ids[1], "exclude", adjudicator="cleo")
    assert counts(team, "title-abstract") == {
        "not perpetrators of online-facilitated abuse": 1,
        "not empirical research": 1,
    }


def test_the_full_text_reasons_are_the_flows_reports_excluded(review: Review) -> None:
    finished(review)
    full_text = counts(review, "full-text")
    assert full_text == {"Adults only": 1, "not empirical research": 1}
    flow = review.prisma_report().flow
    assert dict(flow.dbr_excluded) == full_text


def test_an_other_reason_written_in_two_cases_is_one_line_of_the_flow_and_the_report(
    review: Review,
) -> None:
    add_search(review, "pubmed.ris", [0, 1, 2, 3], database="PubMed")
    screen(review, {n: "include" for n in range(4)})
    screen(
        review,
        {0: "exclude", 1: "exclude", 2: "exclude", 3: "include"},
        stage="full-text",
        reasons={0: "other", 1: "other", 2: "other"},
        notes={0: "Protocol only, no results", 1: "protocol only, no results.", 2: "Adults"},
    )
    full_text = counts(review, "full-text")
    assert full_text == {"Protocol only, no results": 2, "Adults": 1}  # as first written
    assert dict(review.prisma_report().flow.dbr_excluded) == full_text


def test_a_reason_key_the_criteria_file_no_longer_lists_is_shown_as_its_key() -> None:
    assert decision_reason("setting", "", LABELS) == Reason(ReasonKind.REASON, "setting", "")
    assert decision_reason("setting", "", LABELS).label == "setting"
    assert decision_reason("", "a note", LABELS) is NONE


def test_nothing_to_count_is_refused(review: Review) -> None:
    with pytest.raises(ScreenerError, match="no records"):
        review.exclusion_reasons()
    add_search(review, "pubmed.ris", [0, 1], database="PubMed")
    with pytest.raises(ScreenerError, match="nothing excluded yet"):
        review.exclusion_reasons()


# -- the command -----------------------------------------------------------------------


@pytest.fixture
def done(tmp_path: Path) -> Path:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as opened:
        finished(opened)
    return folder


def test_json_lists_every_stage_with_kinds_keys_and_counts(done: Path, cli) -> None:
    result = cli("report", "reasons", "--json", "--review", done)
    assert result.exit_code == 0, result.stderr
    stages = {s["stage"]: s for s in json.loads(result.stdout)["stages"]}
    assert list(stages) == ["automatic", "title-abstract", "full-text"]
    assert stages["automatic"]["reasons"] == [
        {"kind": "rule", "key": "years", "reason": "published before 2000", "n": 1}
    ]
    assert stages["title-abstract"]["excluded"] == 2
    assert {"kind": "other", "key": "adults only", "reason": "Adults only", "n": 1} in stages[
        "full-text"
    ]["reasons"]


@pytest.mark.parametrize(
    "terminal",
    [{"NO_COLOR": "1", "COLUMNS": "60", "TERM": "dumb"}, {"FORCE_COLOR": "1"}],
    ids=["narrow dumb terminal", "forced colour"],
)
def test_the_table_of_one_stage(
    done: Path, cli, monkeypatch: pytest.MonkeyPatch, terminal: dict[str, str]
) -> None:
    for name, value in terminal.items():
        monkeypatch.setenv(name, value)
    result = cli("report", "reasons", "--stage", "full-text", "--review", done)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "full-text: 2 excluded" in text
    assert "other: Adults only" in text and "not empirical research" in text
    assert "title-abstract" not in text


def test_a_long_reason_wraps_under_itself_in_a_narrow_terminal(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {"NO_COLOR": "1", "COLUMNS": "60", "TERM": "dumb"}.items():
        monkeypatch.setenv(name, value)
    words = "a protocol only, with no results yet and no date given for them in the registry"
    with Review.open(new_review(tmp_path), actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1], database="PubMed")
        screen(review, {0: "exclude", 1: "exclude"}, reasons={0: "other"}, notes={0: words})
        folder = review.root
    result = cli("report", "reasons", "--stage", "title-abstract", "--review", folder)
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(map(len, lines)) <= 60
    start = next(n for n, line in enumerate(lines) if line.startswith("  other: a protocol"))
    first, count = lines[start].rsplit(maxsplit=1)
    assert count == "1"  # the count on the reason's first line
    rest = []
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        rest.append(line)
    assert rest  # wrapped, each further line indented under the reason
    assert " ".join(" ".join([first, *rest]).split()) == "other: " + words
    assert "no reason given" in lines[start + 1 + len(rest)]


def test_an_unknown_stage_is_a_usage_error(done: Path, cli) -> None:
    result = cli("report", "reasons", "--stage", "fulltext", "--review", done)
    assert result.exit_code == 2
    assert "full-text" in result.stderr


def test_a_review_without_exclusions_is_one_line_and_exit_1(tmp_path: Path, cli) -> None:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as opened:
        add_search(opened, "pubmed.ris", [0], database="PubMed")
    result = cli("report", "reasons", "--review", folder)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "nothing excluded yet" in result.stderr
