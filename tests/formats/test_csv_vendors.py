"""Vendor tables recognised by their columns: PubMed, Embase.com (both citation layouts),
Springer Link and IEEE Xplore (full and short), read as each vendor documents them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import issues_of, records_of
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from screener.formats import read_file
from screener.formats.csv_layouts import choose_layout
from screener.formats.csv_vendors import openurl_identifiers, split_run_together
from screener.formats.detect import detect_format
from screener.formats.embase_source import SourceCitation, parse_source
from screener.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def records(name: str) -> list[Record]:
    path = FIXTURES / name
    assert detect_format(path) == "csv"
    items = list(read_file(path))
    assert issues_of(items) == []
    return records_of(items)


# PubMed


def test_pubmed_csv_last_author_with_initials_and_the_closing_stop_reads_right() -> None:
    first = records("pubmed_stop.csv")[0]
    assert first.authors == ("Lau, Y.", "Chow, J. C. L.")


def test_pubmed_csv_rows_are_journal_articles_unless_the_citation_says_otherwise() -> None:
    article, letter, chapter = records("pubmed_stop.csv")
    assert (article.pub_type, letter.pub_type, chapter.pub_type) == (
        "article",
        "article",
        "chapter",
    )
    assert letter.authors == ("Okoro, B.",)
    # A book's citation names a place and a year: no volume comes from it.
    assert (chapter.volume, chapter.pages) == ("", "")


# Embase.com


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (
            "Title,Original Title,Author Names,Correspondence Address,Editors,Source,Abstract,"
            "Original Abstract,Emtree Drug Index Terms,Open URL Link,Copyright",
            "embase-citation",
        ),
        ("Title,Author Names,Source,Abstract", "embase-citation"),
        ("Title,Author Names,Source title,Embase Accession ID", "embase"),
    ],
)
def test_embase_layouts_are_recognised_by_their_columns(header: str, layout: str) -> None:
    assert choose_layout(header.split(",")).name == layout


def test_embase_newer_layout_reads_authors_source_terms_and_the_doi_of_the_link() -> None:
    first, second, third = records("embase_citation_newer.csv")
    assert first.authors == ("Smith, J. A.", "Chen, L.", "van der Berg, P.")
    assert (first.journal, first.year, first.volume, first.issue, first.pages) == (
        "Journal of Hepatology",
        2016,
        "64",
        "2",
        "310-318",
    )
    assert (first.doi, first.pmid, first.database) == (
        "10.1016/j.jhep.2015.09.001",
        "26400001",
        "Embase",
    )
    assert first.keywords == (
        "sofosbuvir",
        "ribavirin",
        "adult",
        "liver fibrosis",
        "cohort analysis",
    )
    assert first.extra["Clinical Trial Numbers"] == ["NCT01234567"]
    # The citation and the link are kept as written, their date and other parts with them.
    assert first.extra["Source"] == [
        "Journal of Hepatology (2016) 64:2 (310-318). Date of Publication: 1 Feb 2016"
    ]
    assert first.extra["Open URL Link"][0].startswith("https://resolver.example.org/openurl?")
    assert (second.journal, second.volume, second.issue, second.pages) == (
        "PLoS ONE",
        "10",
        "3",
        "e0119483",
    )
    assert (third.volume, third.issue, third.pages, third.year) == (
        "69",
        "Supplement 2",
        "A100",
        2020,
    )


def test_embase_older_layout_is_no_longer_read_as_generic_columns() -> None:
    first, in_press = records("embase_citation_older.csv")
    assert first.authors == ("Jones, K. L.", "Patel, R.")
    assert (first.journal, first.year, first.volume, first.issue, first.pages) == (
        "Supportive Care in Cancer",
        2012,
        "20",
        "",
        "1181-1187",
    )
    assert first.doi == "10.1007/s00520-011-1200-7"
    assert (in_press.journal, in_press.year, in_press.volume) == ("Clinical Nutrition", 2013, "")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Journal of Hepatology (2016) 64:2 (310-318). Date of Publication: 1 Feb 2016",
            SourceCitation("Journal of Hepatology", "2016", "64", "2", "310-318", "", "1 Feb 2016"),
        ),
        ("Gut (2012) 61 (10-12)", SourceCitation("Gut", "2012", "61", "", "10-12")),
        (
            "Gut (2012) 61:4. Date of Publication: 2012",
            SourceCitation("Gut", "2012", "61", "4", date="2012"),
        ),
        (
            "BMJ Open (2019) 9:5 Article Number: e027000. Date of Publication: 1 May 2019",
            SourceCitation("BMJ Open", "2019", "9", "5", "", "e027000", "1 May 2019"),
        ),
        (
            "Scientific Data (2016) 3 Article Number: 160018. Date of Publication: 2016",
            SourceCitation("Scientific Data", "2016", "3", "", "", "160018", "2016"),
        ),
        (
            "BMJ Open (2019) Article Number: e027000",
            SourceCitation("BMJ Open", "2019", article_number="e027000"),
        ),
        (
            "Lancet (London) (2019) 393:SUPPL. 1 (S12-S13)",
            SourceCitation("Lancet (London)", "2019", "393", "SUPPL. 1", "S12-S13"),
        ),
        ("Journal X (2014) 12:4 (no pagination)", SourceCitation("Journal X", "2014", "12", "4")),
        (
            "Clinical Nutrition (2013). Date of Publication: 2013",
            SourceCitation("Clinical Nutrition", "2013", date="2013"),
        ),
        ("no citation here", None),
    ],
)
def test_embase_source_grammar(source: str, expected: SourceCitation | None) -> None:
    assert parse_source(source) == expected


def test_embase_source_with_runs_of_spaces_reads_as_with_one() -> None:
    spaced = "Journal of Hepatology  (2016)   64:2   (310-318).  Date of Publication: 1 Feb 2016"
    assert parse_source(spaced) == SourceCitation(
        "Journal of Hepatology", "2016", "64", "2", "310-318", date="1 Feb 2016"
    )


def test_embase_source_with_a_long_run_of_spaces_is_read_in_bounded_time() -> None:
    started = time.perf_counter()
    parse_source("Journal X (2000) 1" + " " * 1_500 + "(")  # seconds, cubic in the run
    assert time.perf_counter() - started < 0.5


_SOURCE_PIECES = st.sampled_from(
    [" ", "  ", ".", ":", "(", ")", "1", "(2016)", "x", "Article Number:", "Date of Publication:"]
)


@settings(max_examples=300)
@given(st.lists(_SOURCE_PIECES, max_size=80).map("".join))
def test_any_text_made_of_the_source_grammars_pieces_is_read_quickly(text: str) -> None:
    started = time.perf_counter()
    parse_source(text)
    assert time.perf_counter() - started < 0.2


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
_JOURNALS = st.lists(_WORDS, min_size=1, max_size=4).map(lambda words: " ".join(words).title())
_NUMBERS = st.integers(min_value=1, max_value=999).map(str)


@given(
    journal=_JOURNALS,
    year=st.integers(min_value=1950, max_value=2030).map(str),
    volume=st.none() | _NUMBERS,
    issue=st.none() | _NUMBERS,
    first=_NUMBERS,
    last=st.none() | _NUMBERS,
    dated=st.booleans(),
)
def test_embase_source_gives_back_the_parts_it_was_made_of(
    journal: str, year: str, volume, issue, first: str, last, dated: bool
) -> None:
    pages = f"{first}-{last}" if last else first
    text = f"{journal} ({year})"
    if volume:
        text += f" {volume}" + (f":{issue}" if issue else "")
    text += f" ({pages})."
    if dated:
        text += f" Date of Publication: 3 Mar {year}"
    citation = parse_source(text)
    assert citation is not None
    assert (citation.journal, citation.year, citation.pages) == (journal, year, pages)
    assert citation.volume == (volume or "")
    assert citation.issue == ((issue or "") if volume else "")


def test_openurl_link_gives_its_url_encoded_doi_and_pmid() -> None:
    link = "https://r.example.org/?sid=EMBASE&rft_id=info:doi/10.1000%2Fabc.1&rft_id=info:pmid/123"
    assert openurl_identifiers(link) == ("10.1000/abc.1", "123")
    assert openurl_identifiers("https://r.example.org/?sid=EMBASE&atitle=x") == ("", "")


def test_openurl_0_1_link_names_its_doi_and_pmid_in_id() -> None:
    link = (
        "https://r.example.org/openurl?sid=EMBASE&id=doi%3A10.1000%2Fabc.2&id=pmid:456&atitle=A+b"
    )
    assert openurl_identifiers(link) == ("10.1000/abc.2", "456")


# Springer Link


def test_springer_link_table_is_read_with_names_split_where_they_run_together() -> None:
    article, paper, chapter = records("springer_link.csv")
    assert article.authors == ("Smith, Andy", "McDonald, Tom", "Weber, Anna")
    assert (article.journal, article.volume, article.issue, article.year) == (
        "Plant Ecology",
        "221",
        "4",
        2020,
    )
    assert (article.doi, article.pub_type, article.database) == (
        "10.1007/s11258-020-01000-1",
        "article",
        "SpringerLink",
    )
    assert paper.authors == ("DeLuca, Luc", "Álvarez, José")
    assert (paper.pub_type, chapter.pub_type) == ("conference", "chapter")
    assert chapter.authors == ("Dupont, Marie-Claire",)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Andy SmithTom Weber", ["Andy Smith", "Tom Weber"]),
        ("Andy Smith", ["Andy Smith"]),
        ("Ann MacArthurLi Wei", ["Ann MacArthur", "Li Wei"]),
        ("Jan KowalskiŁukasz Nowak", ["Jan Kowalski", "Łukasz Nowak"]),
        ("Jean-Paul Sartre", ["Jean-Paul Sartre"]),
    ],
)
def test_run_together_names_split_at_a_lower_to_upper_change(cell: str, names: list[str]) -> None:
    assert split_run_together(cell) == names


_NAME_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8).map(
    str.capitalize
)


@given(st.lists(st.tuples(_NAME_WORD, _NAME_WORD), min_size=1, max_size=6))
def test_run_together_names_come_apart_as_they_were_joined(people) -> None:
    names = [f"{given} {family}" for given, family in people]
    # A family name that is itself a name prefix ("Van", "Mac") cannot be told apart.
    assume(all(family.lower() not in ("mac", "van", "von", "les") for _, family in people))
    assert split_run_together("".join(names)) == names


# IEEE Xplore


def test_ieee_xplore_full_layout_reads_the_publication_and_the_type() -> None:
    article, paper = records("ieee_xplore.csv")
    assert (article.journal, article.pub_type, article.pages) == (
        "IEEE Sensors Journal",
        "article",
        "6120-6131",
    )
    assert article.authors == ("Kumar, A.", "Osei, B.")
    assert (article.year, article.volume, article.issue, article.issn) == (
        2021,
        "21",
        "5",
        "1530-437X",
    )
    assert paper.journal == "2020 International Conference on Field Robotics (ICFR)"
    assert (paper.pub_type, paper.isbn, paper.database) == (
        "conference",
        "978-1-7281-0000-0",
        "IEEE Xplore",
    )


def test_ieee_xplore_short_layout_reads_publication_and_category() -> None:
    magazine, paper = records("ieee_xplore_short.csv")
    assert (magazine.journal, magazine.pub_type) == ("IEEE Internet of Things Magazine", "article")
    assert (paper.journal, paper.pub_type) == ("2022 IEEE Sensors Conference", "conference")
    assert paper.doi == "10.1109/sensors.2022.0000004"
