"""Conflicts: listing them, resolving them (and refusing what is no conflict), status per
reviewer, the pilot queue, and the UI's conflicts mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from blind_helpers import decide, draw_pilot, run_app, shown, team_review

from screener.errors import ScreenerError
from screener.review import Review
from screener.screening.ui.conflicts import ConflictSession
from screener.screening.ui.session import ScreeningSession


@pytest.fixture
def review(review_dir: Path) -> Path:
    """Record 1 agreed (include), 2 in conflict, 3 in conflict with a reason and a note,
    4 awaiting ben, 5 and 6 undecided."""
    folder = team_review(review_dir, per_record=2)
    decide(folder, "ana", 1, "include")
    decide(folder, "ben", 1, "include")
    decide(folder, "ana", 2, "include")
    decide(folder, "ben", 2, "exclude", reason="population")
    decide(folder, "ana", 3, "maybe", note="unclear whether the sample is over 65")
    decide(folder, "ben", 3, "exclude", reason="design", note="a protocol")
    decide(folder, "ana", 4, "exclude", reason="population")
    return folder


def status_json(review: Path, cli) -> dict:
    result = cli("status", "--json", "--review", review)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_conflicts_lists_each_verdict_with_its_reason_and_note(review: Path, cli) -> None:
    result = cli("conflicts", "--json", "--review", review)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [c["record"] for c in found] == [2, 3]
    assert set(found[0]) == {"record", "key", "title", "stage", "verdicts"}
    assert found[1]["stage"] == "title-abstract"
    assert [
        (v["reviewer"], v["verdict"], v["reason"], v["note"]) for v in found[1]["verdicts"]
    ] == [
        ("ana", "maybe", "", "unclear whether the sample is over 65"),
        ("ben", "exclude", "design", "a protocol"),
    ]
    table = cli("conflicts", "--review", review)
    assert table.stdout.splitlines()[:4] == [
        "2 conflicts:",
        "record 2 at title-abstract: Telephone befriending for isolated older people",
        "  ana: include",
        "  ben: exclude (population)",
    ]


def test_a_conflict_stays_at_title_abstract_and_status_counts_it(review: Path, cli) -> None:
    report = status_json(review, cli)
    assert report["by_status"]["full-text"] == 1  # record 1: both include
    assert report["by_status"]["title-abstract"] == 5
    assert report["conflicts"] == 2
    (stage,) = report["screening"]
    assert stage == {
        "stage": "title-abstract", "records": 6, "reviewers_per_record": 2,
        "reviewers": {"ana": 4, "ben": 3}, "awaiting": 1, "conflicts": 2, "resolved": 0,
    }  # fmt: skip
    text = cli("status", "--review", review).stdout
    assert "title-abstract: ana 4/6, ben 3/6, 2 conflicts, 1 awaiting a second reviewer" in text
    shown_record = cli("records", "show", "2", "--reviewer", "carl", "--review", review).stdout
    assert "title-abstract: conflict; ana include, ben exclude (population)" in shown_record


def test_resolve_settles_a_conflict_and_is_kept_in_the_audit(review: Path, cli) -> None:
    result = cli("resolve", "2", "exclude", "--reason", "population", "--note", "agreed",
                 "--reviewer", "carl", "--review", review)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Record 2: resolved as exclude (population)" in result.stderr
    assert "now excluded-screening" in result.stderr
    assert [
        c["record"] for c in json.loads(cli("conflicts", "--json", "--review", review).stdout)
    ] == [3]
    report = status_json(review, cli)
    assert report["conflicts"] == 1
    assert report["screening"][0]["resolved"] == 1
    rows = cli("decisions", "--json", "--all-reviewers", "--reviewer", "carl", "--review", review)
    resolutions = [json.loads(line) for line in rows.stdout.splitlines()]
    resolutions = [r for r in resolutions if r["kind"] == "resolution"]
    assert [(r["record"], r["reviewer"], r["verdict"], r["note"]) for r in resolutions] == [
        (2, "carl", "exclude", "agreed")
    ]
    with Review.open(review) as opened:
        audit = opened.audit()
    resolved = [details for _, actor, command, details in audit if command == "resolve"]
    assert resolved and resolved[0]["verdicts"] == [
        "ana include", "ben exclude (population)"
    ]  # fmt: skip


def test_resolving_what_is_no_conflict_is_refused_in_one_line(review: Path, cli) -> None:
    result = cli("resolve", "4", "include", "--review", review)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "screener: record 4 is no conflict at title-abstract (awaiting a second reviewer);"
        " --force records the resolution all the same"
    )
    agreed = cli("resolve", "1", "exclude", "--review", review)
    assert "(the reviewers agree)" in agreed.stderr
    forced = cli("resolve", "4", "include", "--force", "--review", review)
    assert forced.exit_code == 0, forced.stderr
    with Review.open(review) as opened:
        assert opened.status_of(4) == "full-text"
    again = cli("resolve", "4", "exclude", "--review", review)
    assert "resolved already: include by tester" in again.stderr


def test_a_resolution_of_maybe_is_refused(review: Path, cli) -> None:
    result = cli("resolve", "2", "maybe", "--review", review)
    assert result.exit_code != 0
    assert "not maybe" in result.stderr
    with Review.open(review) as opened:
        assert opened.status_of(2) == "title-abstract"


def test_a_party_to_a_conflict_resolves_it_only_with_force(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        with pytest.raises(ScreenerError, match="settled by a third person"):
            opened.resolve(2, "exclude", reason="population")
        assert opened.status_of(2) == "title-abstract"


def test_an_adjudicator_who_screened_the_record_keeps_their_verdict(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.resolve(2, "exclude", reason="population", force=True)
        assert opened.status_of(2) == "excluded-screening"
        mine = [d for d in opened.decisions("title-abstract", "ana") if d.record_id == 2]
        assert {(d.kind, d.verdict) for d in mine} == {
            ("decision", "include"),
            ("resolution", "exclude"),
        }
        assert opened.undo_resolution(adjudicator="ana") == 2
        assert [c.record_id for c in opened.conflicts()] == [2, 3]


def test_a_decision_by_a_reviewer_named_resolver_still_settles_a_record(review: Path) -> None:
    decide(review, "resolver", 2, "include")  # as stores from before kinds have it
    with Review.open(review) as opened:
        assert opened.status_of(2) == "full-text"
        assert [c.record_id for c in opened.conflicts()] == [3]


def test_full_text_conflicts_are_listed_at_their_stage(review: Path, cli) -> None:
    decide(review, "ana", 1, "include", stage="full-text")
    decide(review, "ben", 1, "not-retrieved", stage="full-text")
    found = json.loads(
        cli("conflicts", "--stage", "full-text", "--json", "--review", review).stdout
    )
    assert [(c["record"], c["stage"]) for c in found] == [(1, "full-text")]
    resolved = cli("resolve", "1", "include", "--stage", "full-text", "--review", review)
    assert resolved.exit_code == 0, resolved.stderr
    with Review.open(review) as opened:
        assert opened.status_of(1) == "included"


def test_three_reviewers_each_have_their_progress(review_dir: Path, cli) -> None:
    review = team_review(review_dir, per_record=2)
    for reviewer, record in (("ana", 1), ("ben", 1), ("carl", 2), ("ana", 2)):
        decide(review, reviewer, record, "include")
    stage = status_json(review, cli)["screening"][0]
    assert stage["reviewers"] == {"ana": 2, "ben": 1, "carl": 1}


# -- the pilot ----------------------------------------------------------------------------


def test_the_pilot_queue_is_the_sample_and_every_reviewer_screens_all_of_it(
    review_dir: Path,
) -> None:
    review = team_review(review_dir, per_record=1)
    draw_pilot(review, [5, 2, 4])
    decide(review, "ana", 5, "include", stage="pilot")
    with Review.open(review) as opened:
        assert opened.queue(stage="pilot", reviewer="ana") == [2, 4]
        assert opened.queue(stage="pilot", reviewer="ben") == [5, 2, 4]
    decide(review, "ben", 5, "exclude", stage="pilot")
    with Review.open(review) as opened:
        assert opened.status_of(5) == "title-abstract"  # pilot verdicts never decide it
        assert opened.queue(stage="pilot", reviewer="carl") == [5, 2, 4]


def test_pilot_verdicts_are_blind_until_every_pilot_reviewer_has_given_one(
    review_dir: Path, cli
) -> None:
    review = team_review(review_dir, per_record=1)
    draw_pilot(review, [1, 2])
    decide(review, "ana", 1, "include", stage="pilot")
    decide(review, "ben", 2, "exclude", stage="pilot")
    listed = cli("decisions", "--all-reviewers", "--reviewer", "ben", "--json", "--review", review)
    assert [json.loads(line)["record"] for line in listed.stdout.splitlines()] == [2]
    decide(review, "ben", 1, "include", stage="pilot")
    listed = cli("decisions", "--all-reviewers", "--reviewer", "ben", "--json", "--review", review)
    assert [
        (row["record"], row["reviewer"]) for row in map(json.loads, listed.stdout.splitlines())
    ] == [(1, "ana"), (2, "ben"), (1, "ben")]
    pilot = [s for s in status_json(review, cli)["screening"] if s["stage"] == "pilot"]
    assert pilot == [{"stage": "pilot", "records": 2, "reviewers_per_record": 2,
                      "reviewers": {"ana": 1, "ben": 2}, "awaiting": 1, "conflicts": 0,
                      "resolved": 0}]  # fmt: skip


def test_screen_pilot_session_offers_the_sample(review_dir: Path) -> None:
    review = team_review(review_dir, per_record=2)
    draw_pilot(review, [3, 1])
    with Review.open(review) as opened:
        session = ScreeningSession(opened, stage="pilot", reviewer="ana")
        assert session.current_id == 3
        session.decide("include")
        assert session.current_id == 1
        session.close()


# -- the UI's conflicts mode ----------------------------------------------------------------


def test_screen_conflicts_shows_every_verdict_and_a_key_resolves(review: Path) -> None:
    async def script(pilot, app) -> None:
        assert app.session.current_id == 2
        details = shown(app, "details")
        assert "ana: include" in details
        assert "ben: exclude (population)" in details
        assert "conflicts at title-abstract" in shown(app, "header")
        await pilot.press("i")
        assert app.session.current_id == 3
        details = shown(app, "details")
        assert "note: unclear whether the sample is over 65" in details
        assert "ben: exclude (design)  note: a protocol" in details
        await pilot.press("m")  # maybe settles nothing: refused, nothing saved
        assert "Not saved" in shown(app, "message")
        await pilot.press("e", "2")  # the reason picker: 2 = design
        assert "Nothing left to screen" in shown(app, "record")
        await pilot.press("u")
        assert app.session.current_id == 3

    run_app(review, lambda opened: ConflictSession(opened, reviewer="carl"), script, "carl")
    with Review.open(review) as opened:
        assert opened.status_of(2) == "full-text"
        assert opened.status_of(3) == "title-abstract"  # the second resolution was undone
        assert [c.record_id for c in opened.conflicts()] == [3]
        kinds = {(d.record_id, d.kind) for d in opened.decisions(reviewer="carl")}
        assert kinds == {(2, "resolution")}


def test_a_conflict_resolved_elsewhere_leaves_the_walk(review: Path) -> None:
    with Review.open(review, actor="carl") as opened:
        session = ConflictSession(opened, reviewer="carl")
        assert session.current_id == 2
        decide(review, "resolver", 2, "exclude")  # another adjudicator, meanwhile
        with pytest.raises(Exception, match="resolved already"):
            session.decide("include")
        assert session.current_id == 3
        session.close()


def test_screen_conflicts_in_plain_mode(review: Path, cli) -> None:
    result = cli("screen", "--conflicts", "--plain", "--reviewer", "carl", "--review", review,
                 input="e 1\ni\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "ben: exclude (population)" in result.stdout
    assert "2 resolutions saved this session; 2 of 2 conflicts resolved" in result.stderr
    with Review.open(review) as opened:
        assert opened.status_of(2) == "excluded-screening"
        assert opened.status_of(3) == "full-text"


def test_screen_conflicts_refuses_the_pilot(review: Path, cli) -> None:
    result = cli("screen", "--conflicts", "--stage", "pilot", "--plain", "--review", review)
    assert result.exit_code == 2
