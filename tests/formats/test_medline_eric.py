"""ERIC's export in MEDLINE format: read by the MEDLINE reader, with ERIC's own tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import issues_of, records_of

from screener.formats import read_file
from screener.formats.detect import detect_format
from screener.formats.medline_eric import publication_types
from screener.model import Record
from screener.normalize import normalize_pub_types

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "medline" / "eric.nbib"


@pytest.fixture(scope="module")
def eric() -> list[Record]:
    assert detect_format(FIXTURE) == "medline"
    items = list(read_file(FIXTURE))
    assert issues_of(items) == []  # the four-letter `ISSN - ` tag is no stray line
    return records_of(items)


def test_eric_record_is_keyed_and_named_by_its_database(eric) -> None:
    first = eric[0]
    assert (first.key, first.accession, first.database) == ("EJ1000001", "EJ1000001", "ERIC")
    assert first.authors == ("Moreau, Claire", "Osei, Kwame")
    assert (first.journal, first.year) == ("Journal of Rural Education", 2000)


def test_eric_doi_link_without_the_doi_mark_is_the_doi(eric) -> None:
    assert eric[0].doi == "10.1000/jre.2000.10"
    assert eric[0].extra["LID"] == ["http://eric.ed.gov/?id=EJ1000001"]  # not a DOI: kept


def test_eric_issn_tag_gives_the_issn(eric) -> None:
    assert (eric[0].issn, eric[1].issn) == ("1234-4567", "2345-6789")


def test_eric_citation_fills_volume_issue_and_pages_but_never_overrides_them(eric) -> None:
    # VI, IP and PG are there: the citation (p1-10) does not change them.
    assert (eric[0].volume, eric[0].issue, eric[0].pages) == ("10", "1", "1-9")
    assert (eric[1].volume, eric[1].issue, eric[1].pages) == ("45", "3", "201-215")


def test_eric_types_read_the_form_over_the_report_genre(eric) -> None:
    assert [record.pub_type for record in eric] == ["article", "article", "report", "review"]


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (("Journal Articles", "Reports - Research"), "article"),
        (("Reports - Descriptive",), "report"),
        (("Speeches/Meeting Papers", "Reports - Research"), "conference"),
        (("Journal Article", "Review"), "review"),  # PubMed's names pass unchanged
    ],
)
def test_publication_types_of_eric_and_pubmed(types: tuple[str, ...], expected: str) -> None:
    assert normalize_pub_types(publication_types(types)) == expected
