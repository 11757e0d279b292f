"""The Textual screening app, driven key by key through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from screening_helpers import (
    CRITERIA_WITHOUT_REASONS,
    answer,
    decisions,
    prepare,
    run_app,
    shown,
)

from screener.review import Review
from screener.screening.ui.modals import HelpScreen, ReasonPicker, TextPrompt


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def test_include_is_saved_before_the_next_record_is_drawn(review: Path) -> None:
    async def script(pilot, app) -> None:
        assert "Online grooming by perpetrators" in shown(app)
        await pilot.press("i")
        assert decisions(review) == [(1, "include", "", "")]
        assert "Animal models" in shown(app)
        assert "1 of 6 screened" in shown(app, "header")
        assert "include 1" in shown(app, "header")

    run_app(review, script)


def test_exclude_with_a_reason_picked_by_digit(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("e")
        assert isinstance(app.screen, ReasonPicker)
        await pilot.press("2")
        assert not isinstance(app.screen, ReasonPicker)
        assert decisions(review) == [(1, "exclude", "design", "")]
        assert "exclude 1" in shown(app, "header")

    run_app(review, script)


def test_exclude_with_enter_gives_no_reason(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("e", "enter")
        assert decisions(review) == [(1, "exclude", "", "")]

    run_app(review, script)


def test_exclude_for_another_reason_takes_the_reviewers_words(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("e")
        assert "other: a reason in your own words" in str(app.screen.query_one("#reasons").render())
        await pilot.press("o")
        assert isinstance(app.screen, TextPrompt)
        await answer(pilot, app, "a conference poster only")
        assert decisions(review) == [(1, "exclude", "other", "a conference poster only")]

    run_app(review, script)


def test_escape_cancels_an_exclusion_and_saves_nothing(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("e", "i")  # other keys do nothing while the picker is open
        assert isinstance(app.screen, ReasonPicker)
        await pilot.press("escape")
        assert decisions(review) == []
        assert app.session.current_id == 1
        assert "cancelled" in shown(app, "message")

    run_app(review, script)


def test_exclude_without_reasons_in_the_criteria_saves_at_once(review_dir: Path) -> None:
    review = prepare(review_dir, criteria=CRITERIA_WITHOUT_REASONS)

    async def script(pilot, app) -> None:
        await pilot.press("e")
        assert decisions(review) == [(1, "exclude", "", "")]
        assert app.session.current_id == 2

    run_app(review, script)


def test_maybe_then_skip_leaves_the_skipped_record_for_the_end(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("m", "s")
        assert decisions(review) == [(1, "maybe", "", "")]
        assert app.session.current_id == 3
        await pilot.press("i", "i", "i", "i")
        assert app.session.current_id == 2  # the skipped record comes back last
        assert [d[0] for d in decisions(review)] == [1, 3, 4, 5, 6]

    run_app(review, script)


def test_a_note_is_saved_with_the_next_verdict_on_the_record(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        await answer(pilot, app, "offender sample")
        assert "offender sample" in shown(app, "details")
        assert decisions(review) == []
        await pilot.press("m")
        assert decisions(review) == [(1, "maybe", "", "offender sample")]

    run_app(review, script)


def test_letters_typed_into_a_note_are_text_not_screening_keys(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("n", *"quiet me", "enter")  # q, u, i, e, m: all bound keys
        assert app.is_running
        assert decisions(review) == []
        assert "quiet me" in shown(app, "details")

    run_app(review, script)


def test_undo_goes_back_several_decisions(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("i", "e", "1", "m")
        assert len(decisions(review)) == 3
        await pilot.press("u")
        assert app.session.current_id == 3
        assert "back to record 3" in shown(app, "message")
        await pilot.press("u")
        assert app.session.current_id == 2
        assert decisions(review) == [(1, "include", "", "")]
        assert "include 1  exclude 0  maybe 0" in shown(app, "header")
        await pilot.press("u", "u")
        assert "Nothing to undo" in shown(app, "message")
        assert decisions(review) == []

    run_app(review, script)


def test_help_opens_and_any_key_closes_it(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("i")  # closes the help; decides nothing
        assert not isinstance(app.screen, HelpScreen)
        assert decisions(review) == []

    run_app(review, script)


def test_jump_by_words_from_a_title_and_by_id(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("slash")
        await answer(pilot, app, "sextortion")
        assert "Sextortion offenders" in shown(app)
        await pilot.press("slash", "5", "enter")
        assert app.session.current_id == 5
        await pilot.press("slash")
        await answer(pilot, app, "no such words")
        assert "no record at this stage" in shown(app, "message")
        assert app.session.current_id == 5

    run_app(review, script)


def test_quit_ends_the_app_with_every_decision_kept(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("i", "q")
        assert not app.is_running

    run_app(review, script)
    assert decisions(review) == [(1, "include", "", "")]


def test_reopening_continues_where_the_reviewer_stopped(review: Path) -> None:
    async def first(pilot, app) -> None:
        await pilot.press("i", "m", "q")

    async def second(pilot, app) -> None:
        assert app.session.current_id == 3
        assert "2 of 6 screened" in shown(app, "header")

    run_app(review, first)
    run_app(review, second)


def test_an_empty_queue_shows_a_calm_end_screen_with_counts(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        for record_id in range(1, 7):
            opened.decide(record_id, "exclude" if record_id % 2 else "include", reviewer="ana")

    async def script(pilot, app) -> None:
        text = shown(app)
        assert "Nothing left to screen at this stage" in text
        assert "include 3  exclude 3  maybe 0" in text
        await pilot.press("i")
        assert len(decisions(review)) == 6

    run_app(review, script)


def test_full_text_offers_not_retrieved_and_shows_the_report(review: Path, tmp_path: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "include", reviewer="ana")
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "10.5555_test.1.pdf").write_bytes(b"%PDF-1.4")

    async def script(pilot, app) -> None:
        assert "10.5555_test.1.pdf" in shown(app, "details")
        assert "r not retrieved" in shown(app, "keys")
        await pilot.press("r")
        assert decisions(review, "full-text") == [(1, "not-retrieved", "", "")]
        assert "not found" in shown(app, "details")

    run_app(review, script, stage="full-text", pdf_dir=pdfs)
    with Review.open(review) as opened:
        assert opened.status_of(1) == "not-retrieved"


def test_attaching_a_report_saves_its_path_with_the_verdict(review: Path, tmp_path: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(1, "include", reviewer="ana")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")

    async def script(pilot, app) -> None:
        await pilot.press("a")
        await answer(pilot, app, str(report))
        assert str(report) in shown(app, "details")
        await pilot.press("i")

    run_app(review, script, stage="full-text")
    assert decisions(review, "full-text") == [(1, "include", "", f"report: {report}")]


def test_the_layout_fits_80_by_24_and_survives_a_resize(review: Path) -> None:
    async def script(pilot, app) -> None:
        keys = app.query_one("#keys")
        assert keys.region.bottom <= 24 and keys.region.height == 1
        body = app.query_one("#body")
        assert body.max_scroll_y > 0  # the long abstract scrolls
        await pilot.press("pagedown")
        assert body.scroll_y > 0
        await pilot.resize_terminal(60, 16)
        assert app.query_one("#keys").region.bottom <= 16
        await pilot.press("i")
        assert app.session.current_id == 2

    run_app(review, script)


def test_highlighted_terms_are_styled_and_no_color_is_honoured(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def coloured(pilot, app) -> None:
        from textual.widgets import Static

        title = app.query_one("#record", Static).content
        styles = {str(span.style) for span in title.spans}
        assert "bold green" in styles  # "grooming", "perpetrators"
        assert not app.no_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    run_app(review, coloured)
    monkeypatch.setenv("NO_COLOR", "1")

    async def monochrome(pilot, app) -> None:
        assert app.no_color

    run_app(review, monochrome)
