"""The stopping estimate of a team on several machines: the order each decision was made in
travels with it through `sync` and `decisions export|import`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ranking_ui_helpers import on_topic, prepare

from screener.review import Review
from screener.screening.ui.session import ScreeningSession


@pytest.fixture
def copies(review_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Ana's copy of the review and Ben's, a copy of the same folder (one review id)."""
    prepare(review_dir)
    ben = tmp_path / "ben"
    shutil.copytree(review_dir, ben)
    return review_dir, ben


def _screen_in_relevance_order(folder: Path, reviewer: str, decisions: int) -> None:
    with Review.open(folder, actor=reviewer) as review:
        session = ScreeningSession(review, reviewer=reviewer, order="relevance", seed=5)
        for _ in range(decisions):
            record_id = session.current_id
            assert record_id is not None
            session.decide("include" if on_topic(record_id) else "exclude")
            session.train_if_due()
        session.close()


def _stopping(cli, folder: Path) -> dict:
    result = cli("status", "--review", folder, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["stopping"]


def _sync(cli, folder: Path, shared: Path, reviewer: str) -> None:
    result = cli("sync", shared, "--review", folder, "--reviewer", reviewer)
    assert result.exit_code == 0, result.stderr


def _decision_lines(path: Path) -> list[dict]:
    lines = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [line for line in lines if line["type"] == "decision"]


@pytest.mark.cli
def test_a_copy_that_synced_gives_the_estimate_of_the_copy_that_screened(
    cli, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = copies
    shared = tmp_path / "shared"
    shared.mkdir()
    _screen_in_relevance_order(ana, "ana", 6)
    _sync(cli, ana, shared, "ana")
    assert all(line["order"] == "relevance" for line in _decision_lines(shared / "ana.jsonl"))
    _sync(cli, ben, shared, "ben")
    here, there = _stopping(cli, ana), _stopping(cli, ben)
    assert there["meaningful"] is True, there["why_not"]
    assert there["screened"] == there["screened_in_model_order"] == 6
    for figure in ("relevant_found", "p_value", "estimated_recall", "safe_to_stop"):
        assert there[figure] == here[figure]


@pytest.mark.cli
def test_a_decision_made_in_another_order_stays_outside_the_estimate_after_sync(
    cli, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = copies
    shared = tmp_path / "shared"
    shared.mkdir()
    _screen_in_relevance_order(ana, "ana", 4)
    with Review.open(ana, actor="ana") as review:
        decided = {d.record_id for d in review.decisions("title-abstract", "ana")}
        undecided = next(r.id for r in review.records() if r.id not in decided)
        review.decide(undecided, "exclude", reviewer="ana")
    _sync(cli, ana, shared, "ana")
    lines = _decision_lines(shared / "ana.jsonl")
    assert [line.get("order", "") for line in lines].count("") == 1
    _sync(cli, ben, shared, "ben")
    stopping = _stopping(cli, ben)
    assert stopping["meaningful"] is False and stopping["screened_in_model_order"] == 4
    assert (
        "1 of 5 screened records were not decided in the relevance order" in (stopping["why_not"])
    )


@pytest.mark.cli
def test_lines_of_an_older_copy_without_the_order_are_read_and_say_nothing_of_it(
    cli, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = copies
    _screen_in_relevance_order(ana, "ana", 4)
    exported = tmp_path / "ana.jsonl"
    assert cli("decisions", "export", exported, "--review", ana).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    older = text.replace(',"order":"relevance"', "")
    assert older != text
    # a newer screener's order this one does not know is no reason to refuse the line
    newer = text.replace('"order":"relevance"', '"order":"some-later-order"', 1)
    for variant, name in ((older, "older.jsonl"), (newer, "newer.jsonl")):
        path = tmp_path / name
        path.write_text(variant, encoding="utf-8")
        copy = tmp_path / f"copy-{name}"
        shutil.copytree(ben, copy)
        result = cli("decisions", "import", path, "--review", copy)
        assert result.exit_code == 0, result.stderr
        stopping = _stopping(cli, copy)
        assert stopping["screened"] == 4
    assert stopping["screened_in_model_order"] == 3  # the line with the unknown order


@pytest.mark.cli
def test_the_order_travels_on_through_a_copy_that_only_received_it(
    cli, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = copies
    carl = tmp_path / "carl"
    shutil.copytree(ben, carl)
    _screen_in_relevance_order(ana, "ana", 5)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert cli("decisions", "export", first, "--review", ana).exit_code == 0
    assert cli("decisions", "import", first, "--review", ben).exit_code == 0
    assert cli("decisions", "export", second, "--review", ben).exit_code == 0
    assert cli("decisions", "import", second, "--review", carl).exit_code == 0
    stopping = _stopping(cli, carl)
    assert stopping["meaningful"] is True and stopping["screened_in_model_order"] == 5
