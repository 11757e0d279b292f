"""The target stopping method: a random sample screened first (`screener stopping sample`),
then relevance screening until it has come to every relevant record of the sample."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from ranking_ui_helpers import add_setting, on_topic, prepare

from screener.review import Review
from screener.screening.ui.session import ScreeningSession

# T = ceil(log(1 - 0.75) / log(0.5)) = 2 relevant records in the sample
SMALL_TARGET = '[stopping]\nmethod = "target"\nrecall_target = 0.5\nconfidence = 0.75\n'


@pytest.fixture
def review(review_dir: Path) -> Path:
    prepare(review_dir)
    add_setting(review_dir, SMALL_TARGET)
    return review_dir


def _answers(review: Path, count: int) -> str:
    """The right key for each of the sample's first `count` records, in its draw order."""
    with Review.open(review, actor="ana") as opened:
        draw, _ = opened.stopping_sample()
    return "".join("i\n" if on_topic(rid) else "e\n" for rid in draw[:count])


def _stopping(cli, review: Path) -> dict:
    result = cli("status", "--review", review, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["stopping"]


def _screen_by_relevance(review: Path, decisions: int) -> list[int]:
    decided = []
    with Review.open(review, actor="ana") as opened:
        session = ScreeningSession(opened, reviewer="ana", order="relevance", seed=1)
        for _ in range(decisions):
            record_id = session.current_id
            if record_id is None:
                break
            session.decide("include" if on_topic(record_id) else "exclude")
            session.train_if_due()
            decided.append(record_id)
        session.close()
    return decided


@pytest.mark.cli
def test_status_points_to_the_sample_before_anything_is_screened(cli, review: Path) -> None:
    stopping = _stopping(cli, review)
    assert stopping["method"] == "target" and stopping["safe_to_stop"] is False
    assert "screener stopping sample" in stopping["why_not"]


@pytest.mark.cli
def test_the_sample_is_screened_in_its_draw_order_until_the_target_set_is_complete(
    cli, review: Path
) -> None:
    with Review.open(review, actor="ana") as opened:
        draw, needed = opened.stopping_sample()
    assert needed == 2 and sorted(draw) == list(range(1, 13))
    # the draw is the review's, not the import order's, and the same on a copy of it
    assert draw != sorted(draw)
    copy = review.parent / "copy"
    shutil.copytree(review, copy)
    with Review.open(copy, actor="ben") as opened:
        assert opened.stopping_sample()[0] == draw
    last = [n for n, rid in enumerate(draw) if on_topic(rid)][needed - 1]
    keys = _answers(review, len(draw))  # more answers than the sample takes
    result = cli("stopping", "sample", "--review", review, "--reviewer", "ana", "--plain",
                 input=keys)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with Review.open(review, actor="ana") as opened:
        decided = [d.record_id for d in opened.decisions("title-abstract", "ana")]
    assert decided == draw[: last + 1]  # in the draw's order, and not one record more
    stopping = _stopping(cli, review)
    assert stopping["target"] == {
        "targets_needed": 2,
        "sample_screened": last + 1,
        "targets_found": 2,
        "targets_reached": 0,
        "sample_complete": True,
        "sample_exhausted": False,
    }
    assert "target set of 2 relevant records" in " ".join(result.stderr.split())
    # a second run has nothing left to screen and says where the method stands
    again = cli("stopping", "sample", "--review", review, "--reviewer", "ana", "--plain")
    assert again.exit_code == 0 and "0 decisions saved" in again.stderr


@pytest.mark.cli
def test_relevance_screening_after_the_sample_may_stop_once_it_passed_every_target(
    cli, review: Path
) -> None:
    keys = _answers(review, 12)
    assert cli("stopping", "sample", "--review", review, "--reviewer", "ana", "--plain",
               input=keys).exit_code == 0  # fmt: skip
    targets_left = True
    screened = _stopping(cli, review)["screened"]
    while targets_left and screened < 12:
        _screen_by_relevance(review, 1)
        stopping = _stopping(cli, review)
        screened = stopping["screened"]
        targets_left = not stopping["safe_to_stop"]
    # the model's order passed both targets before every record was screened, and recall
    # by then met the 50% target (3 of the 6 records on topic)
    assert stopping["safe_to_stop"] and stopping["target"]["targets_reached"] == 2
    assert stopping["screened"] < 12
    assert stopping["relevant_found"] >= 3


def test_the_samples_relevant_records_teach_the_queues_model_nothing(review: Path) -> None:
    from screener.screening.ui.plain import run_plain
    from screener.screening.ui.sample import SampleSession

    with Review.open(review, actor="ana") as opened:
        draw, _ = opened.stopping_sample()
        sample = SampleSession(opened, reviewer="ana")
        run_plain(sample, io.StringIO(_answers(review, 12)), io.StringIO())
        drawn = draw[: len(sample.sample.records)]
        session = ScreeningSession(opened, reviewer="ana", order="relevance", seed=1)
        assert session.ranking is not None
        labels = session.ranking.model.labels()
    assert sum(on_topic(rid) for rid in drawn) == 2
    # the sample's irrelevant records teach the model, its targets do not
    assert labels == {rid: False for rid in drawn if not on_topic(rid)}


@pytest.mark.cli
def test_the_sample_belongs_to_the_target_method(cli, review_dir: Path) -> None:
    prepare(review_dir)
    result = cli("stopping", "sample", "--review", review_dir, "--plain")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert 'method is "buscar"' in message and 'method = "target"' in message
    assert "Traceback" not in result.stderr
