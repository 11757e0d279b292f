"""The audit says what happened to a review: replaying `screener audit --json` rebuilds
every record's status, and later commands only add to it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from audit_review import Built, build, study

from screener.report.audit import replay
from screener.review import Review

REVIEWERS_PER_RECORD = 2


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("audited"))


def audit_json(cli, review: Path, *more: str) -> list[dict]:
    result = cli("audit", "--json", "--review", review, *more)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def statuses(review: Path) -> dict[int, str]:
    with Review.open(review) as opened:
        return opened.statuses()


def test_replaying_the_audit_rebuilds_every_records_status(built: Built, cli) -> None:
    events = audit_json(cli, built.review)
    expected = statuses(built.review)
    # The review has been everywhere a record can go, so the replay is tested on each.
    assert set(expected.values()) == {
        "duplicate", "excluded-automatic", "title-abstract", "excluded-screening", "full-text",
        "not-retrieved", "excluded-full-text", "included",
    }  # fmt: skip
    assert replay(events, REVIEWERS_PER_RECORD) == expected


def test_the_audit_holds_every_kind_of_change_with_who_made_it(built: Built, cli) -> None:
    events = audit_json(cli, built.review)
    kinds = Counter(event["event"] for event in events)
    for kind in ("init", "import", "dedupe", "merge", "link", "unlink", "unmerge", "criteria",
                 "pilot", "decision", "undo", "resolution", "note", "sync"):  # fmt: skip
        assert kinds[kind], f"no {kind} event"
    assert kinds["import"] == 3
    assert all(set(event) == {"time", "actor", "event", "details"} for event in events)
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)
    resolution = next(e for e in events if e["event"] == "resolution")
    assert resolution["actor"] == "carl"
    assert resolution["details"]["note"] == "population is in scope"
    # Dan's merge and decision came with the sync, under his name.
    assert any(e["event"] == "merge" and e["actor"] == "dan" for e in events)
    assert any(e["event"] == "decision" and e["actor"] == "dan" for e in events)


def test_each_criteria_run_names_the_criteria_file_it_ran(built: Built, cli) -> None:
    runs = [e["details"] for e in audit_json(cli, built.review) if e["event"] == "criteria"]
    assert len(runs) == 2
    first, second = runs
    assert first["criteria_sha256"] != second["criteria_sha256"]
    assert len(first["criteria_sha256"]) == 64
    # The stricter second run excluded a study the first let through.
    assert len(second["excluded"]["years"]) > len(first["excluded"]["years"])


def test_a_replay_without_the_undone_links_differs(built: Built, cli) -> None:
    # The replay reads what the events say, not the review: leave out what the unmerge
    # undid and the record set apart is a duplicate again.
    events = audit_json(cli, built.review)
    kept = [e for e in events if e["event"] != "unlink"]
    replayed = replay(kept, REVIEWERS_PER_RECORD)
    expected = statuses(built.review)
    changed = {rid for rid in expected if replayed[rid] != expected[rid]}
    assert changed
    assert all(replayed[rid] == "duplicate" for rid in changed)


def test_later_commands_add_events_and_change_none_before_them(tmp_path: Path, cli) -> None:
    built = build(tmp_path)
    before = audit_json(cli, built.review)
    with Review.open(built.review, actor="ana") as review:
        record = study(review, 4)
        review.decide(record, "exclude", stage="full-text", reviewer="ana", reason="design")
        review.undo(stage="full-text", reviewer="ana")
        review.merge(study(review, 0), study(review, 2), reason="a second report")
        review.unmerge(study(review, 2))
        review.apply_criteria()
    with Review.open(built.colleague, actor="dan") as review:
        review.decide(study(review, 1), "include", stage="full-text", reviewer="dan")
        review.sync(built.shared)
    with Review.open(built.review, actor="ana") as review:
        review.sync(built.shared)
    after = audit_json(cli, built.review)

    assert len(after) > len(before)
    remaining = iter(after)
    # Every earlier event is still there, unchanged and in the same order (a synced
    # decision keeps the time it was made, so it may come between them).
    assert all(any(event == later for later in remaining) for event in before)
    assert replay(after, REVIEWERS_PER_RECORD) == statuses(built.review)
