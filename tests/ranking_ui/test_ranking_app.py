"""The relevance order in the screening app: trained in the background, never in the way."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from ranking_ui_helpers import on_topic, prepare, run_app, shown, trained

from screener.review import Review
from screener.screening.ui.app import PAUSE_BEFORE_TRAINING


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def test_the_queue_puts_the_topic_first_once_the_model_has_an_include_and_an_exclude(
    review: Path,
) -> None:
    async def script(pilot, app) -> None:
        session = app.session
        assert "waiting for an include and an exclude" in shown(app, "header")
        # teach it: include what is on topic, exclude what is not, until it has one of each
        while not session.ranking.model.ready:
            await pilot.press("i" if on_topic(session.current_id) else "e")
        await trained(pilot, app)
        assert session.ranking.model.scores is not None
        waiting = list(session._pending)
        topic_left = sum(on_topic(rid) for rid in waiting)
        # every record on topic comes before every record off it
        assert all(on_topic(rid) for rid in waiting[:topic_left]), waiting
        assert "predicted relevance" in shown(app)

    run_app(review, script)


def test_the_header_says_how_many_decisions_taught_the_model_and_when(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")

    async def script(pilot, app) -> None:
        header = shown(app, "header")
        assert "relevance model: 2 decisions, last trained 0s ago" in header
        await pilot.press("i" if on_topic(app.session.current_id) else "e")
        await trained(pilot, app)
        assert "relevance model: 3 decisions, last trained" in shown(app, "header")
        # the record on screen carries the model's prediction
        predicted = app.session.predicted_relevance()
        assert f"predicted relevance {predicted:.2f}" in shown(app)

    run_app(review, script)


def test_a_key_is_never_kept_waiting_by_a_slow_training(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")
    release = threading.Event()

    def slow_trainer(real):
        def train(job):
            release.wait(timeout=30)  # a training that takes as long as the test wants
            return real(job)

        return train

    def slow(session) -> None:
        session.ranking.model.trainer = slow_trainer(session.ranking.model.trainer)

    async def script(pilot, app) -> None:
        session = app.session
        first = session.current_id
        await pilot.press("i")
        await pilot.pause(PAUSE_BEFORE_TRAINING + 0.1)  # the reviewer reads: training starts
        for _ in range(100):  # a loaded machine may start the worker a little later
            if session.ranking.training:
                break
            await pilot.pause(0.05)
        assert session.ranking.training
        started = time.monotonic()
        for key in "eie":
            before = session.current_id
            await pilot.press(key)
            assert session.current_id != before  # the next record is on screen already
        assert time.monotonic() - started < 5
        assert session.ranking.training  # still training all along
        assert "(training...)" in shown(app, "header")
        with Review.open(app.session.review.root) as other:
            assert len(other.decisions("title-abstract", "ana")) == 6
        release.set()
        await trained(pilot, app)
        assert "(training...)" not in shown(app, "header")
        assert first not in session._pending

    run_app(review, script, prepare_session=slow)


def test_a_burst_of_keys_trains_at_least_every_ten_decisions(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")
    taken: list[int] = []

    def counting(session) -> None:
        real = session.ranking.model.trainer

        def train(job):
            taken.append(len(job.labels))
            return real(job)

        session.ranking.model.trainer = train

    async def script(pilot, app) -> None:
        for _ in range(10):  # faster than anyone reads: no pause to train in
            await pilot.press("i" if on_topic(app.session.current_id) else "e")
        await app.workers.wait_for_complete()
        assert taken == [12]  # the tenth decision started one
        await pilot.pause(PAUSE_BEFORE_TRAINING + 0.1)
        await app.workers.wait_for_complete()
        assert taken == [12]  # nothing new to learn from

    run_app(review, script, prepare_session=counting)


def test_the_record_on_screen_stays_when_the_queue_is_reordered(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")

    async def script(pilot, app) -> None:
        await pilot.press("s")  # skip: the record goes to the end, another is on screen
        on_screen = app.session.current_id
        await pilot.press("i" if on_topic(on_screen) else "e")
        on_screen = app.session.current_id
        await trained(pilot, app)
        assert app.session.current_id == on_screen
        assert app.session._pending[0] == on_screen

    run_app(review, script)
