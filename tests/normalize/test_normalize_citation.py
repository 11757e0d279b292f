"""A full citation in the journal field (Ovid's Embase and MEDLINE sources, exported through
a reference manager) gives the journal's name and the record's empty fields."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.model import Record
from screener.normalize import normalize_record, normalize_record_reporting
from screener.normalize.citation import Citation, parse_citation
from screener.normalize.forms import (
    ARTICLE_NUMBER,
    AS_READ,
    CITATION_DISAGREEMENT,
    CONFERENCE,
)

MEETING = (
    "European Psychiatry.Conference: 21st European Congress of Psychiatry EPA 2013 Nice"
    " France.Conference Start: 20130406 Conference End: 20130409.Conference Publication:"
    " (var.pagings).28 (S1) ()(pp S112) 2013.Date of Publication: 2013."
)


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        (
            "Biological Psychiatry.61 (4) ()(pp 410-418) 2007.Date of Publication: 15 Feb 2007.",
            Citation("Biological Psychiatry", "61", "4", "410-418", 2007),
        ),
        (
            "Neuroscience letters.583 ()(pp 77-82) 2014.Date of Publication: 07 Nov 2014.",
            Citation("Neuroscience letters", "583", "", "77-82", 2014),
        ),
        (
            "Polish Journal of Pharmacology.49 (2-3) ()(pp 101-107) 1997."
            "Date of Publication: 1997.",
            Citation("Polish Journal of Pharmacology", "49", "2-3", "101-107", 1997),
        ),
        (
            "Evidence-based Complementary and Alternative Medicine.2015 (no pagination) 2015."
            "Article Number: 204583.Date of Publication: 2015.",
            Citation(
                "Evidence-based Complementary and Alternative Medicine",
                "2015",
                year=2015,
                article_number="204583",
            ),
        ),
        (
            MEETING,
            Citation(
                "European Psychiatry",
                "28",
                "S1",
                "S112",
                2013,
                conference="21st European Congress of Psychiatry EPA 2013 Nice France",
            ),
        ),
        # A publisher in place of a journal; "212p." is a book's length, not its pages.
        (
            "S.KARGER BASEL ()(pp 212p.DM5800/-) 1979.Date of Publication: 1979.",
            Citation("S.KARGER BASEL", year=1979),
        ),
        # A name with dots of its own is cut only where the volume follows.
        (
            "J. Clin. Psychol..61 (4) (SUPPL. 2)(pp 1-12) 2007.Date of Publication: 2007.",
            Citation("J. Clin. Psychol.", "61", "4 SUPPL. 2", "1-12", 2007),
        ),
        # Ovid's own spacing, before a reference manager drops it.
        (
            "Journal of Clinical Oncology. 24 (18) (pp 2840-2847), 2006."
            " Date of Publication: 20 Jun 2006.",
            Citation("Journal of Clinical Oncology", "24", "18", "2840-2847", 2006),
        ),
    ],
)
def test_a_citation_in_the_journal_field_is_read_into_its_parts(text: str, cited: Citation) -> None:
    assert parse_citation(text) == cited


@pytest.mark.parametrize(
    "name",
    [
        "Biological Psychiatry",
        "J. Clin. Psychol.",
        "S.KARGER BASEL",
        "Journal of Online Safety (Online)",
        "Annual Review 2007.",
        "Proceedings. 12th Meeting (2019)",
    ],
)
def test_a_plain_journal_name_is_no_citation(name: str) -> None:
    assert parse_citation(name) is None
    assert normalize_record(Record(journal=name)).journal == name


def test_the_citation_fills_the_empty_fields_and_keeps_the_string_as_read() -> None:
    text = "Polish Journal of Pharmacology.49 (2-3) ()(pp 101-107) 1997.Date of Publication: 1997."
    record, warnings = normalize_record_reporting(Record(title="A trial", journal=text))
    assert (record.journal, record.volume, record.issue, record.pages, record.year) == (
        "Polish Journal of Pharmacology",
        "49",
        "2-3",
        "101-107",
        1997,
    )
    assert record.extra["journal" + AS_READ] == [text]
    assert warnings == ()


def test_an_article_number_goes_to_extra_and_to_the_empty_pages() -> None:
    text = (
        "Evidence-based Complementary and Alternative Medicine.2015 (no pagination) 2015."
        "Article Number: 204583.Date of Publication: 2015."
    )
    record = normalize_record(Record(journal=text))
    assert record.extra[ARTICLE_NUMBER] == ["204583"]
    assert (record.volume, record.pages, record.year) == ("2015", "204583", 2015)


def test_a_meeting_abstract_keeps_its_conference_and_loses_var_pagings_as_its_volume() -> None:
    record = normalize_record(Record(journal=MEETING, volume="var.pagings"))
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "European Psychiatry",
        "28",
        "S1",
        "S112",
    )
    assert record.extra[CONFERENCE] == ["21st European Congress of Psychiatry EPA 2013 Nice France"]


def test_a_filled_field_wins_and_the_disagreement_is_kept_and_warned_once() -> None:
    text = "Biological Psychiatry.61 (4) ()(pp 410-418) 2007.Date of Publication: 15 Feb 2007."
    raw = Record(journal=text, volume="62", pages="410-18", year=2008)
    record, warnings = normalize_record_reporting(raw)
    assert (record.volume, record.issue, record.pages, record.year) == ("62", "4", "410-418", 2008)
    assert record.extra[CITATION_DISAGREEMENT] == ["volume: 61", "year: 2007"]
    assert len(warnings) == 1
    assert "volume 61 there, 62 here" in warnings[0] and "year 2007 there" in warnings[0]


# --- properties ----------------------------------------------------------------------------

_WORD = st.from_regex(r"[A-Z][a-z]{0,9}|[A-Z]{2,6}|of|and|the", fullmatch=True)
_JOINER = st.sampled_from([" ", ". ", "."])
_MEETING = st.from_regex(r"[1-9]\d?th [A-Z][a-z]+ Congress", fullmatch=True)


@st.composite
def journal_names(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=6))
    name = words[0]
    for word in words[1:]:
        name += draw(_JOINER) + word
    return name


@st.composite
def citations(draw: st.DrawFn) -> Citation:
    has_pages = draw(st.booleans())
    return Citation(
        journal=draw(journal_names()),
        volume=draw(st.one_of(st.just(""), st.from_regex(r"[1-9]\d{0,3}", fullmatch=True))),
        issue=draw(st.sampled_from(["", "4", "2-3", "S1", "12"])),
        pages=draw(st.from_regex(r"[Se]?[1-9]\d{0,3}(-[1-9]\d{0,3})?", fullmatch=True))
        if has_pages
        else "",
        year=draw(st.integers(1900, 2030)),
        article_number=""
        if has_pages
        else draw(st.one_of(st.just(""), st.from_regex(r"[1-9]\d{3,6}", fullmatch=True))),
        conference=draw(st.one_of(st.just(""), _MEETING)),
    )


def ovid_source(cited: Citation) -> str:
    """The citation as Ovid writes it into the Source field, spaces dropped as reference
    managers drop them."""
    text = cited.journal
    if cited.conference:
        text += (
            f".Conference: {cited.conference}.Conference Start: 20130406 Conference End:"
            " 20130409.Conference Publication: (var.pagings)"
        )
    text += f".{cited.volume}" if cited.volume else " "
    text += f" ({cited.issue}) ()" if cited.issue else " ()"
    text += f"(pp {cited.pages})" if cited.pages else "(no pagination)"
    text += f" {cited.year}."
    if cited.article_number:
        text += f"Article Number: {cited.article_number}."
    return text + f"Date of Publication: {cited.year}."


@given(citations())
def test_a_citation_round_trips_to_its_parts(cited: Citation) -> None:
    assert parse_citation(ovid_source(cited)) == cited


@given(journal_names())
def test_a_plain_journal_name_passes_unchanged(name: str) -> None:
    record = Record(title="A study", journal=name, year=2020)
    assert normalize_record_reporting(record) == (record, ())


@given(
    citations(),
    st.from_regex(r"[1-9]\d{0,2}", fullmatch=True),
    st.from_regex(r"[1-9]\d?", fullmatch=True),
    st.from_regex(r"[1-9]\d{1,2}-[1-9]\d{2}", fullmatch=True),
    st.integers(1950, 2030),
)
def test_a_filled_field_is_never_overwritten_by_the_citation(
    cited: Citation, volume: str, issue: str, pages: str, year: int
) -> None:
    raw = Record(journal=ovid_source(cited), volume=volume, issue=issue, pages=pages, year=year)
    record, warnings = normalize_record_reporting(raw)
    assert (record.volume, record.issue, record.year) == (volume, issue, year)
    assert record.pages == normalize_record(Record(pages=pages)).pages
    assert record.journal == cited.journal
    assert len(warnings) == (1 if record.extra.get(CITATION_DISAGREEMENT) else 0)


def test_runs_of_spaces_in_a_citation_are_read_as_one() -> None:
    spaced = (
        "Biological Psychiatry.61  (4)  ()(pp 410-418)   2007.Date of Publication:   15 Feb 2007."
    )
    assert parse_citation(spaced) == Citation("Biological Psychiatry", "61", "4", "410-418", 2007)


@pytest.mark.parametrize(
    "text",
    [
        "Date of Publication:" + " " * 100 + "x",  # minutes: spaces split among optional parts
        "J (pp" + " " * 100 + "x",
        "J" + " " * 100 + "(pp 1-2) 2000.",
        "J " + "1" * 20_000 + "(pp x",  # a volume's digits split every way
        "J" + ". Conference: " * 3_500 + "(pp 1-2) 2000.",  # grows with the square
    ],
    ids=["spaces-after-date", "spaces-after-pp", "spaces-before-pp", "digits", "conferences"],
)
def test_a_hostile_journal_field_is_read_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    parse_citation(text)
    assert time.perf_counter() - started < 0.5


_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        ".",
        ",",
        "(",
        ")",
        "1",
        "2000",
        "pp",
        "(pp ",
        "(no pagination)",
        "-",
        "x",
        ".Conference: ",
        "Conference Start: ",
        "Conference End: ",
        "Conference Publication: ",
        "Article Number: ",
        "Date of Publication: ",
        "S",
    ]
)


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_text_made_of_the_grammars_pieces_is_read_quickly(text: str) -> None:
    started = time.perf_counter()
    parse_citation(text)
    assert time.perf_counter() - started < 0.2
