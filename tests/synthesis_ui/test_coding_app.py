"""The Textual coding app, driven key by key through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_ui_helpers import focused_field, prepare, run_app, shown, values

from screener.review import Review
from screener.synthesis.values import Appraisal, Quote


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def test_a_digit_picks_an_option_and_enter_saves_it(review: Path) -> None:
    async def script(pilot, app) -> None:
        assert "Online grooming by perpetrators" in shown(app, "record")
        assert focused_field(app) == "design"
        await pilot.press("2")
        assert values(review) == {}  # picked, not saved yet
        assert "not saved" in shown(app, "heading-0")
        await pilot.press("enter")
        assert values(review) == {(1, "design"): "interviews"}
        assert "design 1/4" in shown(app, "heading-0")
        assert focused_field(app) == "platforms"  # Enter goes on to the next field

    run_app(review, script)


def test_zero_picks_the_tenth_option(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("0", "enter")
        assert values(review) == {(1, "design"): "other"}

    run_app(review, script)


def test_digits_toggle_a_many_of_field(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab")
        assert focused_field(app) == "platforms"
        await pilot.press("3", "1", "2", "2", "enter")  # 2 twice: on, then off again
        assert values(review) == {(1, "platforms"): ("chat", "social media")}

    run_app(review, script)


def test_space_toggles_the_option_under_the_cursor(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "down", "space", "down", "down", "space", "enter")
        assert values(review) == {(1, "platforms"): ("forums", "gaming")}

    run_app(review, script)


def test_yes_no_takes_a_digit(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "tab", "3", "enter")
        assert values(review) == {(1, "online_only"): "unclear"}

    run_app(review, script)


def test_a_number_and_a_quote_with_its_page_are_typed_and_saved(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "tab", "tab")
        assert focused_field(app) == "sample"
        await pilot.press(*"120", "enter")
        assert focused_field(app) == "country"
        await pilot.press("tab")
        assert focused_field(app) == "finding"
        # letters that are keys elsewhere (n, p, u, q) are text inside a text box
        await pilot.press(*"quiet grooming in open forums", "tab", *"12", "enter")
        assert values(review) == {
            (1, "sample"): 120,
            (1, "finding"): Quote("quiet grooming in open forums", "12"),
        }
        assert app.session.current_id == 1

    run_app(review, script)


def test_an_appraisal_takes_a_rating_and_a_reason(review: Path) -> None:
    async def script(pilot, app) -> None:
        for _ in range(7):  # the quote before it has two boxes: passage and page
            await pilot.press("tab")
        assert focused_field(app) == "quality"
        await pilot.press("2", "tab", *"small sample", "enter")
        assert values(review) == {(1, "quality"): Appraisal("medium", "small sample")}

    run_app(review, script)


def test_a_value_that_does_not_fit_is_not_saved_and_says_why(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "tab", "tab", *"none", "enter")
        assert values(review) == {}
        assert "Not saved" in shown(app, "message")
        assert focused_field(app) == "sample"  # the draft stays to be mended
        await pilot.press("tab", "tab", *"a passage", "enter")
        assert "page" in shown(app, "message")  # a quote needs its page
        assert values(review) == {}

    run_app(review, script)


def test_tab_and_shift_tab_move_between_fields(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "tab")
        assert focused_field(app) == "online_only"
        await pilot.press("shift+tab")
        assert focused_field(app) == "platforms"

    run_app(review, script)


def test_undo_takes_back_the_last_saved_field(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("1", "enter", "2", "enter")
        assert set(values(review)) == {(1, "design"), (1, "platforms")}
        await pilot.press("u")
        assert values(review) == {(1, "design"): "survey"}
        assert "Undone" in shown(app, "message")
        assert focused_field(app) == "platforms"
        await pilot.press("u", "u")
        assert values(review) == {}
        assert "Nothing to undo" in shown(app, "message")

    run_app(review, script)


def test_next_and_previous_record_keep_what_was_saved(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("3", "enter", "n")
        assert app.session.current_id == 2
        assert "Sextortion offenders" in shown(app, "record")
        assert "record 2 of 4" in shown(app, "header")
        await pilot.press("pagedown", "pageup", "p")
        assert app.session.current_id == 1
        assert "(•) case files" in shown_choices(app, 0)

    run_app(review, script)


def shown_choices(app, index: int) -> str:
    from screener.synthesis.ui.fields import Choices

    return app.query_one(f"#choices-{index}", Choices).render().plain


def test_pagedown_moves_on_from_inside_a_text_box(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("tab", "tab", "tab", "tab")
        assert focused_field(app) == "country"
        await pilot.press("pagedown")
        assert app.session.current_id == 2

    run_app(review, script)


def test_leaving_a_record_with_an_unsaved_field_asks_first(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("4", "n")
        assert app.session.current_id == 1
        assert "Not saved: design" in shown(app, "message")
        await pilot.press("n")
        assert app.session.current_id == 2
        assert values(review) == {}

    run_app(review, script)


def test_escape_puts_a_field_back_as_saved(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("1", "enter", "shift+tab", "5", "escape")
        assert "(•) survey" in shown_choices(app, 0)
        assert "not saved" not in shown(app, "heading-0")

    run_app(review, script)


def test_the_walk_starts_at_the_first_record_with_fields_to_code(review: Path) -> None:
    with Review.open(review, actor="ana") as opened:
        for field, text, extra in [
            ("design", "survey", {}),
            ("platforms", "chat", {}),
            ("online_only", "no", {}),
            ("sample", "12", {}),
            ("country", "Spain", {}),
            ("finding", "a passage", {"page": "3"}),
            ("quality", "low", {"reason": "one site"}),
        ]:
            opened.code_text(1, field, text, coder="ana", **extra)
        opened.code_text(2, "design", "survey", coder="ana")

    async def script(pilot, app) -> None:
        assert app.session.current_id == 2
        assert focused_field(app) == "platforms"  # its first field without a value
        assert "design 2/4" in shown(app, "heading-0")
        assert "1 record complete" in shown(app, "header")

    run_app(review, script)


def test_help_opens_and_any_key_closes_it(review: Path) -> None:
    from screener.synthesis.ui.app import CodingHelp

    async def script(pilot, app) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, CodingHelp)
        await pilot.press("x")
        assert not isinstance(app.screen, CodingHelp)

    run_app(review, script)


def test_quit_leaves_the_app_with_every_saved_field_kept(review: Path) -> None:
    async def script(pilot, app) -> None:
        await pilot.press("2", "enter", "q")
        assert app.return_code is not None or not app.is_running

    run_app(review, script)
    assert values(review) == {(1, "design"): "interviews"}


def test_records_not_included_are_not_coded(review_dir: Path) -> None:
    review = prepare(review_dir, included=2)

    async def script(pilot, app) -> None:
        assert len(app.session.records) == 2
        await pilot.press("n", "n")
        assert "End of your records" in shown(app, "record")

    run_app(review, script)


def test_two_coders_code_blind_until_both_have_coded_a_field(review_dir: Path) -> None:
    review = prepare(review_dir, coders_per_record=2)
    with Review.open(review, actor="bob") as opened:
        opened.code_text(1, "design", "survey", coder="bob")
        opened.code_text(1, "platforms", "chat", coder="bob")

    async def script(pilot, app) -> None:
        assert app.session.current_id == 1  # bob coded it, but it needs a second coder
        assert "survey" not in shown(app, "standing-0")
        assert not app.query_one("#standing-0").display
        await pilot.press("1", "enter")  # agrees with bob
        assert "coders agree (bob: survey)" in shown(app, "standing-0")
        await pilot.press("2", "enter")  # forums; bob said chat
        assert "coders disagree (bob: chat)" in shown(app, "standing-1")
        assert not app.query_one("#standing-2").display  # nobody else coded it

    run_app(review, script)


def test_a_record_two_other_coders_have_coded_is_not_in_the_walk(review_dir: Path) -> None:
    review = prepare(review_dir, coders_per_record=2)
    with Review.open(review, actor="bob") as opened:
        for coder in ("bob", "cleo"):
            opened.code_text(1, "design", "survey", coder=coder)

    async def script(pilot, app) -> None:
        assert app.session.ids == [2, 3, 4]

    run_app(review, script, coder="dan")
