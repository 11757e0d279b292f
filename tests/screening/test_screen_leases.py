"""Several screening sessions on one review: each claims the record it shows.

Every session here opens the review on its own (its own SQLite connection), as a second
window or a second reviewer's process would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from screening_helpers import decisions, prepare, run_app, shown

from screener.review import Review
from screener.screening.claims import LEASE_SECONDS, DecidedElsewhere, RecordBusy
from screener.screening.ui.render import done_text
from screener.screening.ui.session import ScreeningSession

START = 1_800_000_000.0


class WallClock:
    """The wall clock the leases run on, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture
def opened() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def set_reviewers_per_record(review: Path, count: int) -> None:
    settings = review / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("reviewers_per_record = 1", f"reviewers_per_record = {count}"),
        encoding="utf-8",
    )


def session_of(
    stack: ExitStack, review: Path, reviewer: str, clock: WallClock, **options: object
) -> ScreeningSession:
    """A session with its own connection to the review, as another process would have."""
    own = stack.enter_context(Review.open(review, actor=reviewer))
    return ScreeningSession(own, reviewer=reviewer, order="imported", wall_clock=clock, **options)


def rows_per_record(review: Path, stage: str = "title-abstract") -> dict[int, int]:
    """How many decision rows each record has at `stage`."""
    with Review.open(review) as reading:
        return {
            record.id: sum(d.stage == stage for d in reading.decision_history(record.id))
            for record in reading.records()
            if record.id is not None
        }


def test_two_sessions_of_one_reviewer_never_show_the_same_record(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    second = session_of(opened, review, "ana", clock)
    shown: dict[str, list[int]] = {"first": [], "second": []}
    verdicts = iter(["include", "exclude", "maybe"] * 4)
    while first.current_id is not None or second.current_id is not None:
        for name, session in (("first", first), ("second", second)):
            if session.current_id is not None:
                shown[name].append(session.current_id)
                session.decide(next(verdicts))
    assert not set(shown["first"]) & set(shown["second"])
    assert sorted(shown["first"] + shown["second"]) == [1, 2, 3, 4, 5, 6]
    assert rows_per_record(review) == {n: 1 for n in range(1, 7)}


def test_a_record_decided_in_the_reviewers_other_session_leaves_the_queue_and_counts(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    second = session_of(opened, review, "ana", clock)
    assert (first.current_id, second.current_id) == (1, 2)
    second.decide("include")  # second moves on to 3
    first.decide("exclude")  # 2 is decided, 3 is on the other screen
    assert first.current_id == 4
    progress = first.progress()
    assert (progress.done, progress.total) == (2, 6)
    assert progress.counts == {"include": 1, "exclude": 1}


def test_with_one_reviewer_per_record_a_record_another_reviewer_screens_is_not_shown(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    ana = session_of(opened, review, "ana", clock)
    ben = session_of(opened, review, "ben", clock)
    assert (ana.current_id, ben.current_id) == (1, 2)
    ana.decide("include")
    assert ana.current_id == 3
    ben.decide("exclude")
    assert ben.current_id == 4  # 1 is settled by ana, 3 is on ana's screen
    assert ben.progress().total == 5  # record 1 is no longer ben's to screen


def test_with_two_reviewers_per_record_both_reviewers_screen_the_same_record(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    set_reviewers_per_record(review, 2)
    ana = session_of(opened, review, "ana", clock)
    ben = session_of(opened, review, "ben", clock)
    carl = session_of(opened, review, "carl", clock)
    assert (ana.current_id, ben.current_id) == (1, 1)
    assert carl.current_id == 2  # two reviewers already have record 1 on screen


def test_at_the_pilot_stage_every_reviewer_screens_the_same_records(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    ana = session_of(opened, review, "ana", clock, stage="pilot")
    ben = session_of(opened, review, "ben", clock, stage="pilot")
    assert (ana.current_id, ben.current_id) == (1, 1)
    other_window = session_of(opened, review, "ana", clock, stage="pilot")
    assert other_window.current_id == 2


def test_closing_a_session_frees_its_record_at_once(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    assert first.current_id == 1
    first.close()
    assert session_of(opened, review, "ana", clock).current_id == 1


def test_skipping_frees_the_record_for_another_session(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    first.skip()
    assert first.current_id == 2
    assert session_of(opened, review, "ana", clock).current_id == 1


def test_a_crashed_sessions_record_comes_back_once_its_lease_lapses(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    with Review.open(review, actor="ana") as crashing:
        lost = ScreeningSession(crashing, reviewer="ana", order="imported", wall_clock=clock)
        assert lost.current_id == 1
    # the connection is gone and close() never ran: the lease stays until it lapses
    clock.now += LEASE_SECONDS - 1
    assert session_of(opened, review, "ana", clock).current_id == 2
    clock.now += 2
    assert session_of(opened, review, "ana", clock).current_id == 1


def test_a_lease_is_renewed_while_the_reviewer_works_on_the_record(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    clock.now += LEASE_SECONDS * 2 / 3
    first.add_note("reading the methods section")  # a key press renews the lease
    clock.now += LEASE_SECONDS * 2 / 3  # the first lease would have lapsed by now
    assert first.current_id == 1
    assert session_of(opened, review, "ana", clock).current_id == 2


def test_a_session_waits_while_every_record_is_open_elsewhere(
    review_dir: Path, clock: WallClock, opened: ExitStack
) -> None:
    review = prepare(review_dir, titles=("Study one", "Study two"))
    first = session_of(opened, review, "ana", clock)
    second = session_of(opened, review, "ana", clock)
    third = session_of(opened, review, "ana", clock)
    assert third.current_id is None
    assert third.open_elsewhere() == 2
    assert "2 records are open in other sessions" in done_text(third).plain
    first.close()
    clock.now += 5  # the waiting session asks again after a moment
    assert third.current_id == 1
    assert second.current_id == 2


def test_jumping_to_a_record_another_session_shows_is_refused(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    second = session_of(opened, review, "ana", clock)
    with pytest.raises(RecordBusy, match="record 1 is open in another screening session"):
        second.jump("1")
    assert second.current_id == 2
    first.decide("include")
    assert second.jump("1") == 1  # decided, and on no other screen: it can be changed
    assert second.current_verdict() == "include"


def test_a_verdict_given_in_another_session_meanwhile_is_never_silently_replaced(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    first = session_of(opened, review, "ana", clock)
    assert first.current_id == 1
    clock.now += LEASE_SECONDS + 1  # ana left the first window open over lunch
    second = session_of(opened, review, "ana", clock)
    assert second.current_id == 1
    second.decide("include")
    with pytest.raises(DecidedElsewhere, match="include by ana") as refused:
        first.decide("exclude", "design")
    assert "Your exclude is not saved" in str(refused.value)
    assert [(d.verdict, d.reason) for d in refused.value.others] == [("include", "")]
    with Review.open(review) as reading:
        assert [d.verdict for d in reading.decisions(reviewer="ana")] == ["include"]
    # the record stays on screen with the verdict that now stands; a second exclusion is
    # given knowing it, and replaces it
    assert (first.current_id, first.current_verdict()) == (1, "include")
    first.decide("exclude", "design")
    assert rows_per_record(review)[1] == 2
    with Review.open(review) as reading:
        assert [d.verdict for d in reading.decisions(reviewer="ana")] == ["exclude"]


def test_a_scripted_decision_meanwhile_is_never_silently_replaced(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    screening = session_of(opened, review, "ana", clock)
    with Review.open(review, actor="ana") as scripting:
        scripting.decide(1, "include")  # screener decide 1 include, in another terminal
    with pytest.raises(DecidedElsewhere):
        screening.decide("maybe")
    with Review.open(review) as reading:
        assert [d.verdict for d in reading.decisions(reviewer="ana")] == ["include"]


def test_an_agreeing_verdict_given_elsewhere_meanwhile_is_saved(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    screening = session_of(opened, review, "ana", clock)
    with Review.open(review, actor="ana") as scripting:
        scripting.decide(1, "include")
    screening.decide("include")
    assert screening.current_id == 2


@pytest.mark.parametrize(("per_record", "refused"), [(1, True), (2, False)])
def test_another_reviewers_verdict_meanwhile_is_protected_only_when_it_alone_decides(
    review: Path, clock: WallClock, opened: ExitStack, per_record: int, refused: bool
) -> None:
    set_reviewers_per_record(review, per_record)
    ben = session_of(opened, review, "ben", clock)
    with Review.open(review, actor="ana") as scripting:
        scripting.decide(1, "include")
    if refused:  # one reviewer per record: ben's verdict would replace ana's
        with pytest.raises(DecidedElsewhere, match="include by ana"):
            ben.decide("exclude")
    else:  # dual screening: ben's verdict stands beside ana's, a conflict to resolve
        ben.decide("exclude")
        with Review.open(review) as reading:
            assert reading.status_of(1) == "title-abstract"


def test_changing_ones_mind_in_the_same_session_is_not_a_race(
    review: Path, clock: WallClock, opened: ExitStack
) -> None:
    session = session_of(opened, review, "ana", clock)
    session.decide("include")
    session.jump("1")
    session.decide("exclude")
    with Review.open(review) as reading:
        assert [d.verdict for d in reading.decisions(reviewer="ana")] == ["exclude"]


def test_plain_mode_leaves_no_lease_behind(review: Path, cli) -> None:
    set_reviewers_per_record(review, 1)
    result = cli(
        "screen", "--review", review, "--reviewer", "ana", "--order", "imported", "--plain",
        input="n undecided for now\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Record 1" in result.stdout
    with (
        Review.open(review, actor="ben") as other,
        ScreeningSession(other, reviewer="ben", order="imported") as ben,
    ):
        assert ben.current_id == 1


def test_the_app_says_when_a_verdict_given_elsewhere_meanwhile_was_kept(review: Path) -> None:
    async def script(pilot, app) -> None:
        with Review.open(review, actor="ana") as scripting:
            scripting.decide(1, "include")  # screener decide, in another terminal
        await pilot.press("m")
        assert "Not saved: record 1 was decided in another session" in shown(app, "message")
        assert decisions(review, reviewer="ana") == [(1, "include", "", "")]
        await pilot.press("m")  # given again, knowing the verdict it replaces
        assert decisions(review, reviewer="ana") == [(1, "maybe", "", "")]
        assert "Record 2" in shown(app)

    run_app(review, script)
