"""The screening session without a UI: pace, order, counts, flags and reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from screening_helpers import CRITERIA, prepare

from screener.model import Record
from screener.review import Review
from screener.screening.ui.fulltext import ReportFolder, report_locations
from screener.screening.ui.pace import format_duration
from screener.screening.ui.render import details_text, record_text
from screener.screening.ui.session import ScreeningSession


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def review(review_dir: Path):
    prepare(review_dir)
    with Review.open(review_dir, actor="ana") as opened:
        yield opened


def test_time_left_comes_from_the_pace_and_ignores_long_breaks(review: Review) -> None:
    clock = FakeClock()
    session = ScreeningSession(review, reviewer="ana", order="imported", clock=clock)
    assert session.progress().seconds_left is None
    for pause in (30, 30, 3600):  # the hour-long break counts as three minutes
        clock.now += pause
        session.decide("include")
    progress = session.progress()
    assert (progress.done, progress.total) == (3, 6)
    assert progress.seconds_left == pytest.approx(3 * (30 + 30 + 180) / 3)
    assert format_duration(progress.seconds_left) == "about 4 min"
    assert format_duration(3 * 3600 + 20 * 60) == "about 3 h 20 min"


def test_relevance_order_puts_include_terms_first_and_exclude_terms_last(review: Review) -> None:
    session = ScreeningSession(review, reviewer="ana", order="relevance")
    order = []
    while session.current_id is not None:
        order.append(session.current_id)
        session.decide("maybe")
    assert order[0] == 1  # "grooming by perpetrators"
    assert order[-1] == 2  # "animal models ... mice"
    assert sorted(order) == [1, 2, 3, 4, 5, 6]


def test_random_order_is_repeatable_with_a_seed(review: Review) -> None:
    def first(seed: int) -> int | None:
        # closed at once: a session still open would keep its first record from the next
        with ScreeningSession(review, reviewer="ana", order="random", seed=seed) as session:
            return session.current_id

    assert first(7) == first(7)


def test_counts_follow_a_change_of_mind_and_its_undo(review: Review) -> None:
    session = ScreeningSession(review, reviewer="ana", order="imported")
    session.decide("include")
    session.jump("1")
    session.decide("exclude", "design")
    assert session.progress().counts == {"exclude": 1}
    assert session.undo() == 1
    assert session.current_verdict() == "include"  # back to the earlier verdict
    assert session.progress().counts == {"include": 1}


def test_the_record_view_highlights_terms_and_shows_flags(review_dir: Path) -> None:
    criteria = CRITERIA + (
        '\n[[rule]]\nid = "topic"\nkind = "query"\nquery = "sextortion"\n'
        'action = "flag"\nreason = "not about sextortion"\n'
    )
    prepare(review_dir, criteria=criteria)
    with Review.open(review_dir, actor="ana") as opened:
        session = ScreeningSession(opened, reviewer="ana", order="imported")
        record = session.current()
        assert record is not None
        text = record_text(session, record)
        marked = {text.plain[s.start : s.end].lower(): str(s.style) for s in text.spans}
        assert marked["grooming"] == "bold green"
        assert marked["perpetrators"] == "bold green"
        assert "topic (flag): not about sextortion" in details_text(session, record).plain


def test_a_criteria_file_without_highlights_or_reasons_still_screens(review_dir: Path) -> None:
    prepare(review_dir, criteria='[review]\nquestion = ""\n')
    with Review.open(review_dir, actor="ana") as opened:
        session = ScreeningSession(opened, reviewer="ana", order="relevance")
        record = session.current()
        assert record is not None
        styles = {str(span.style) for span in record_text(session, record).spans}
        assert not styles & {"bold green", "bold red"}
        session.decide("exclude")  # no reasons defined: an exclusion needs none
        # with no highlight terms and no model yet the relevance order is random
        assert session.current_id not in (None, record.id)


def test_reports_are_found_by_doi_pmid_or_key_and_in_record_fields(tmp_path: Path) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "10.1000_ABC.2020.pdf").write_bytes(b"%PDF")
    (pdfs / "31234567.pdf").write_bytes(b"%PDF")
    folder = ReportFolder(pdfs)
    by_doi = Record(doi="10.1000/abc.2020", key="x")
    by_pmid = Record(pmid="31234567", key="y")
    linked = Record(key="z", url="https://example.org/a", extra={"L1": ["file:///r/z.pdf"]})
    assert folder.find(by_doi) == pdfs / "10.1000_ABC.2020.pdf"  # case does not matter
    assert folder.find(by_pmid) == pdfs / "31234567.pdf"
    assert folder.find(linked) is None
    assert report_locations(linked, folder) == ["https://example.org/a", "file:///r/z.pdf"]
