"""Notice links in the screening UI, what dedupe keeps of the engine's evidence, how a dedupe
run joins groups, and the store's migration to schema 7."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from duplicates_helpers import build, link_notice

from screener.dedupe import Outcome, PairScore
from screener.review import Review
from screener.review.joining import Joiner
from screener.review.views import notice_text
from screener.screening.ui.render import details_text
from screener.screening.ui.session import ScreeningSession
from screener.store import MIGRATIONS, NoticeLink, Store
from screener.store.duplicates import DuplicateLink


@pytest.fixture
def review(review_dir: Path) -> Path:
    build(review_dir, [0, 1, 2, 3], [0, 1])  # groups 1+5 and 2+6
    return review_dir


@pytest.mark.parametrize(
    ("kind", "on_notice", "on_article"),
    [
        ("erratum", "erratum of record 42", "has an erratum: record 57"),
        ("retraction", "retraction of record 42", "IS RETRACTED: record 57"),
        ("comment", "comment on record 42", "has a comment: record 57"),
        ("reply", "reply to record 42", "has a reply: record 57"),
    ],
)
def test_notice_text_reads_from_either_side(kind: str, on_notice: str, on_article: str) -> None:
    link = NoticeLink(notice_id=57, article_id=42, kind=kind)
    assert notice_text(link, 57) == on_notice
    assert notice_text(link, 42) == on_article


def test_plain_screening_shows_notice_links_one_sober_line_each(review: Path, cli) -> None:
    link_notice(review, 3, 1, "retraction")
    link_notice(review, 4, 1, "erratum")
    result = cli("screen", "--plain", "--review", review, "--order", "imported", input="q\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "IS RETRACTED: record 3" in lines and "has an erratum: record 4" in lines
    assert "\x1b[" not in result.stdout  # no bold red on a pipe


def test_a_retraction_stands_out_in_bold_red(review: Path) -> None:
    link_notice(review, 3, 1, "retraction")
    link_notice(review, 3, 2, "erratum")
    with Review.open(review, actor="ana") as opened:
        session = ScreeningSession(opened, order="imported")
        try:
            retracted = details_text(session, opened.record(1))
            notice = details_text(session, opened.record(3))
        finally:
            session.close()
    assert retracted.plain.splitlines()[0] == "IS RETRACTED: record 3"
    assert any(span.style == "bold red" for span in retracted.spans)
    assert notice.plain.splitlines()[:2] == ["retraction of record 1", "erratum of record 2"]
    assert not any(span.style == "bold red" for span in notice.spans)


def test_dedupe_keeps_the_engines_score_and_reasons_on_each_link(review: Path) -> None:
    with Store.open(review / "screener.db") as store:
        links = store.standing_links()
    assert sorted(links) == [5, 6]
    link = links[5]
    assert (link.canonical_id, link.how, link.run_id, link.matched_id) == (1, "auto", 1, 1)
    assert link.score is not None and link.score > 0.9
    assert link.reasons is not None and "same DOI" in link.reasons


def _link(record: int, canonical: int, link_id: int) -> DuplicateLink:
    return DuplicateLink(link_id, record, canonical, "auto", 1, 0.99, ("same DOI",), canonical,
                         None, None, "2026-01-01T00:00:00+00:00", "ana")  # fmt: skip


def _pair(a: int, b: int) -> PairScore:
    return PairScore(a, b, Outcome.DUPLICATE, 0.95, ("title 1.00",))


def test_a_group_joining_another_brings_its_members_along() -> None:
    # group 3 (with 4 and 5) meets record 2, a smaller id, through member 4
    joiner = Joiner({4: _link(4, 3, 1), 5: _link(5, 3, 2)}, set())
    joiner.join_all([2, 4], {(2, 4): _pair(2, 4)}, run_id=2)
    assert {link.record_id: link.canonical_id for link in joiner.new_links} == {3: 2, 4: 2, 5: 2}
    assert sorted(joiner.relinked) == [4, 5]
    head = next(link for link in joiner.new_links if link.record_id == 3)
    assert (head.run_id, head.matched_id, head.reasons) == (2, 2, ("title 1.00",))
    member = next(link for link in joiner.new_links if link.record_id == 5)
    assert (member.run_id, member.reasons) == (1, ("same DOI",))  # its own evidence stays


def test_a_group_a_person_declared_distinct_is_not_joined() -> None:
    joiner = Joiner({4: _link(4, 3, 1)}, {(2, 4)})
    joiner.join_all([2, 3], {(2, 3): _pair(2, 3)}, run_id=2)
    assert joiner.new_links == []


def test_a_schema_6_store_gains_link_evidence_and_keeps_its_links(tmp_path: Path) -> None:
    path = tmp_path / "screener.db"
    raw = sqlite3.connect(path)
    for migration in MIGRATIONS[:6]:
        raw.executescript(migration)
    raw.executescript(
        "INSERT INTO sources (path, sha256, format, imported_at) VALUES ('a.ris', 'x', 'ris', 't');"
        "INSERT INTO records (source_id, key) VALUES (1, 'a'), (1, 'b');"
        "INSERT INTO duplicate_links (record_id, canonical_id, how, created_at, actor)"
        " VALUES (2, 1, 'auto', 't', 'ana');"
        "PRAGMA user_version=6;"
    )
    raw.close()
    with Store.open(path) as store:
        assert store.version == len(MIGRATIONS) >= 7
        link = store.standing_links()[2]
    assert (link.canonical_id, link.reasons, link.merge_id, link.replaces) == (1, None, None, None)
