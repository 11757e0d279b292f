"""The stopping estimate in `screener status`, and plain mode in the relevance order."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ranking_ui_helpers import add_setting, on_topic, prepare

from screener.review import Review
from screener.screening.ui.session import ScreeningSession


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def _screen_in_relevance_order(review: Path, decisions: int) -> list[int]:
    """Screen `decisions` records in the relevance order, as a session does; their ids."""
    decided = []
    with Review.open(review, actor="ana") as opened:
        session = ScreeningSession(opened, reviewer="ana", order="relevance", seed=2)
        for _ in range(decisions):
            record_id = session.current_id
            assert record_id is not None
            session.decide("include" if on_topic(record_id) else "exclude")
            session.train_if_due()
            decided.append(record_id)
        session.close()
    return decided


def _stopping(cli, review: Path) -> dict[str, object]:
    result = cli("status", "--review", review, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["stopping"]


@pytest.mark.cli
def test_status_gives_no_estimate_before_anything_is_screened(cli, review: Path) -> None:
    stopping = _stopping(cli, review)
    assert stopping["meaningful"] is False
    assert stopping["why_not"] == "nothing screened yet"
    assert (stopping["records"], stopping["screened"]) == (12, 0)
    assert stopping["p_value"] is None and stopping["safe_to_stop"] is False


@pytest.mark.cli
def test_status_estimates_recall_when_screening_followed_the_model(cli, review: Path) -> None:
    decided = _screen_in_relevance_order(review, 8)
    stopping = _stopping(cli, review)
    assert stopping["meaningful"] is True, stopping["why_not"]
    assert stopping["screened"] == stopping["screened_in_model_order"] == 8
    assert stopping["relevant_found"] == sum(on_topic(rid) for rid in decided)
    assert 0 <= stopping["p_value"] <= 1
    assert stopping["estimated_recall"] is not None
    assert (stopping["method"], stopping["recall_target"], stopping["confidence"]) == (
        "buscar",
        0.95,
        0.95,
    )
    text = cli("status", "--review", review).stdout
    assert "Stopping (buscar, 95% recall at 95% confidence) at title-abstract:" in text
    assert "p = " in " ".join(text.split())


@pytest.mark.cli
def test_status_says_plainly_when_records_were_screened_in_another_order(cli, review: Path) -> None:
    _screen_in_relevance_order(review, 4)
    assert cli("decide", "--review", review, "11", "include").exit_code == 0
    stopping = _stopping(cli, review)
    assert stopping["meaningful"] is False
    assert stopping["p_value"] is None and stopping["safe_to_stop"] is False
    assert stopping["screened_in_model_order"] == 4
    assert "1 of 5 screened records were not decided in the relevance order" in str(
        stopping["why_not"]
    )
    text = " ".join(cli("status", "--review", review).stdout.split())
    assert "no estimate: 1 of 5 screened records were not decided in the relevance order" in text


@pytest.mark.cli
def test_status_follows_the_stopping_settings(cli, review: Path) -> None:
    add_setting(review, "[stopping]\nrecall_target = 0.9\nconfidence = 0.8\n")
    _screen_in_relevance_order(review, 6)
    stopping = _stopping(cli, review)
    assert (stopping["recall_target"], stopping["confidence"]) == (0.9, 0.8)


def test_plain_mode_screens_in_the_models_order_once_it_can_learn(review: Path) -> None:
    from screener.screening.ui.plain import run_plain

    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")
        session = ScreeningSession(opened, reviewer="ana", order="relevance", seed=4)
        output = io.StringIO()
        # four includes in a row: the model keeps the topic at the front
        run_plain(session, io.StringIO("i\ni\ni\ni\nq\n"), output)
        decided = [d.record_id for d in opened.decisions("title-abstract", "ana")][2:]
    assert len(decided) == 4 and all(on_topic(rid) for rid in decided)
    assert "relevance model: 2 decisions, last trained" in output.getvalue()
    assert "predicted relevance" in output.getvalue()
