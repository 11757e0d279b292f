"""Studies from the previous version of a review (`import --method previous`) were included
there: they are `included` everywhere (status, queues, progress, reasons, export, audit
replay) as the PRISMA flow counts them, whatever is decided on them since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_ris

from screener.model import Decision
from screener.report.audit import replay
from screener.review import Review
from screener.review.importing import ImportOptions

pytestmark = pytest.mark.cli

NEW = ["Online grooming: an interview study", "Risk of reoffending online: a cohort"]
OLD = ["Sexual exploitation online: a survey of police", "Grooming chat logs: a content study"]


@pytest.fixture
def update(review_dir: Path) -> Path:
    """Two new records and two studies of the previous version; the second of these was
    found again by the new search (a duplicate group with a previous member), and a
    reviewer has excluded the first."""
    with Review.open(review_dir, actor="ana") as review:
        # write_ris numbers DOIs and authors by position: the second of each file match
        review.import_file(write_ris(review_dir.parent / "new.ris", [NEW[0], OLD[1], NEW[1]]))
        review.import_file(
            write_ris(review_dir.parent / "old.ris", OLD), ImportOptions(method="previous")
        )
        review.dedupe()
        # `decide` refuses a previous study; a copy that decided it before its source was
        # marked previous can still send such a decision by sync: written as sync would.
        with review._store.transaction():
            review._store.add_decision(
                Decision(_id(review, OLD[0]), "title-abstract", "ana", "exclude")
            )
        review.decide(_id(review, NEW[0]), "exclude")
    return review_dir


def _id(review: Review, title: str) -> int:
    return next(r.id for r, _ in review.select() if r.title == title)


def test_a_previous_study_is_included_and_out_of_every_queue(update: Path, cli) -> None:
    with Review.open(update, actor="ben") as review:
        statuses = {r.title: status for r, status in review.select()}
        queued = set(review.queue(stage="title-abstract"))
        old = {_id(review, title) for title in OLD}
    assert {title: statuses[title] for title in OLD} == dict.fromkeys(OLD, "included")
    assert not queued & old
    assert len(queued) == 1  # the undecided new record

    status = json.loads(cli("status", "--json", "--review", update).stdout)
    assert status["by_status"]["included"] == 2
    assert status["by_status"]["excluded-screening"] == 1


def test_reports_count_what_the_flow_counts(update: Path, cli) -> None:
    prisma = cli("report", "prisma", "--json", "--allow-pending", "--review", update)
    flow = json.loads(prisma.stdout)
    assert flow["previous_studies"] == 2 and flow["records_excluded"] == 1
    reasons = json.loads(cli("report", "reasons", "--json", "--review", update).stdout)
    title_abstract = next(s for s in reasons["stages"] if s["stage"] == "title-abstract")
    assert title_abstract["excluded"] == flow["records_excluded"]
    progress = json.loads(cli("report", "progress", "--json", "--review", update).stdout)
    stage = progress["stages"][0]
    assert (stage["decided"], stage["remaining"]) == (1, 1)  # the two new records


def test_the_audit_replay_includes_the_previous_studies(update: Path, cli) -> None:
    result = cli("audit", "--json", "--review", update)
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    with Review.open(update) as review:
        expected = review.statuses()
    assert list(expected.values()).count("included") == 2  # the old study and the group
    assert replay(events) == expected


def test_a_previous_study_is_not_screened_again(update: Path, cli) -> None:
    with Review.open(update, actor="ana") as review:
        record = _id(review, OLD[0])
    result = cli("decide", str(record), "include", "--review", update)
    assert result.exit_code == 1
    assert "study of the review's previous version" in result.stderr
