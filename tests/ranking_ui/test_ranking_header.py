"""The screening header's stopping line follows `[stopping]` and says what status says."""

from __future__ import annotations

from pathlib import Path

import pytest
from ranking_ui_helpers import add_setting, on_topic, prepare, run_app, shown, trained

from screener.review import Review


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def _status_line(review: Path) -> str:
    with Review.open(review, actor="ana") as opened:
        return opened.stopping_report().header_text()


async def _screen(pilot, app, decisions: int) -> None:
    for _ in range(decisions):
        await pilot.press("i" if on_topic(app.session.current_id) else "e")
    await trained(pilot, app)


def test_the_header_gives_the_buscar_estimate_status_gives(review: Path) -> None:
    lines: list[str] = []

    async def script(pilot, app) -> None:
        await _screen(pilot, app, 5)
        lines.append(app.session.ranking.stopping_line())
        assert lines[0] in " ".join(shown(app, "header").split())
        await pilot.press("q")

    run_app(review, script)
    assert lines[0].startswith("stopping (buscar): recall so far about") and "p = " in lines[0]
    assert lines[0] == _status_line(review)


def test_the_header_gives_no_estimate_when_status_gives_none(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")  # not in the relevance order
        opened.decide(2, "exclude", reviewer="ana")

    async def script(pilot, app) -> None:
        await _screen(pilot, app, 3)
        header = " ".join(shown(app, "header").split())
        assert "stopping (buscar): no estimate, 2 screened in another order" in header
        assert "recall so far" not in header

    run_app(review, script)
    assert _status_line(review) == "stopping (buscar): no estimate, 2 screened in another order"


def test_the_header_follows_the_target_method(review: Path) -> None:
    add_setting(review, '[stopping]\nmethod = "target"\nrecall_target = 0.5\nconfidence = 0.75\n')
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")
        draw, needed = opened.stopping_sample()
    expected = _status_line(review)

    async def script(pilot, app) -> None:
        await trained(pilot, app)  # a training under way may still move a target's reach
        header = " ".join(shown(app, "header").split())
        assert "buscar" not in header and "stopping (target): " in header
        assert app.session.ranking.stopping_line() == expected

    run_app(review, script)
    assert needed == 2 and expected.startswith("stopping (target): ")
    # The review's random id draws the sample; one that starts on a record decided above
    # has begun, and says how far.
    assert "sample has 0 of 2 relevant" in expected or "screen the random sample" in expected
    if draw[0] in (1, 2):
        assert "sample has 0 of 2 relevant" in expected
