"""Screening blind, the audit keeps another reviewer's verdict hidden until every verdict
a record needs is in, as every other view does."""

from __future__ import annotations

import json
from pathlib import Path

from audit_review import new_review, study

from screener.report.audit import replay
from screener.review import Review


def events_seen_by(cli, review: Path, reviewer: str) -> list[dict]:
    result = cli("audit", "--json", "--review", review, "--reviewer", reviewer)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def decision_of(events: list[dict], actor: str) -> dict:
    return next(e["details"] for e in events if e["event"] == "decision" and e["actor"] == actor)


def test_a_verdict_stays_hidden_from_the_other_reviewer_until_both_are_in(
    tmp_path: Path, cli
) -> None:
    folder = new_review(tmp_path / "review", "ana")
    with Review.open(folder, actor="ana") as review:
        record = study(review, 0)
        review.decide(record, "exclude", reason="design", note="a protocol only")
        expected = review.statuses()

    seen_by_ben = events_seen_by(cli, folder, "ben")
    hidden = decision_of(seen_by_ben, "ana")
    assert hidden["hidden"] is True
    assert (hidden["verdict"], hidden["reason"], hidden["note"]) == ("", "", "")
    assert "a protocol only" not in cli("audit", "--review", folder, "--reviewer", "ben").stdout
    assert replay(seen_by_ben, 2) == expected  # a record awaiting a verdict is undecided

    own = decision_of(events_seen_by(cli, folder, "ana"), "ana")
    assert (own["verdict"], own["note"], "hidden" in own) == ("exclude", "a protocol only", False)

    with Review.open(folder, actor="ben") as review:
        review.decide(record, "exclude", reason="design")
    revealed = decision_of(events_seen_by(cli, folder, "ben"), "ana")
    assert (revealed["verdict"], revealed["reason"]) == ("exclude", "design")
    assert "hidden" not in revealed
