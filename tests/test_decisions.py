from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_ris

from screener.errors import ScreenerError
from screener.review import Review


@pytest.fixture
def review(review_dir: Path, tmp_path: Path):
    with Review.open(review_dir, actor="ana") as opened:
        opened.import_file(write_ris(tmp_path / "a.ris", ["One", "Two", "Three"]))
        yield opened


def test_decisions_move_records_through_the_stages(review: Review) -> None:
    review.decide(1, "include")
    review.decide(2, "exclude")
    review.decide(3, "maybe")
    assert review.statuses() == {1: "full-text", 2: "excluded-screening", 3: "title-abstract"}
    review.decide(1, "include", stage="full-text")
    assert review.status_of(1) == "included"


def test_undo_steps_back_through_changes_of_mind(review: Review) -> None:
    review.decide(1, "include")
    review.decide(1, "exclude")
    review.decide(2, "include")
    assert review.undo() == 2
    assert review.status_of(2) == "title-abstract"
    assert review.undo() == 1
    assert review.status_of(1) == "full-text"  # back to the first verdict
    assert review.undo() == 1
    assert review.status_of(1) == "title-abstract"
    assert review.undo() is None


def test_the_queue_leaves_out_what_the_reviewer_decided(review: Review) -> None:
    review.decide(2, "exclude")
    assert review.queue() == [1, 3]
    assert review.queue(reviewer="ben") == [1, 3]  # 2 is excluded already for everyone
    assert sorted(review.queue(order="random", seed=1)) == [1, 3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((99, "include"), "no record with id 99"),
        ((1, "perhaps"), "unknown verdict"),
        ((1, "not-retrieved"), "full-text stage"),
    ],
)
def test_bad_decisions_are_refused(review: Review, args, message: str) -> None:
    with pytest.raises(ScreenerError, match=message):
        review.decide(*args)
    assert review.decisions() == []
