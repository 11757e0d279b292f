"""BibTeX as vendors write it: repeated fields, their own document types, HTML entities,
and proceedings that only serve as the crossref of the papers in them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import issues_of, records_of
from hypothesis import given
from hypothesis import strategies as st

from screener.formats import read_file
from screener.formats.latex import decode_entities
from screener.formats.pieces import bibtex_needs_whole
from screener.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bibtex"


def read(name: str) -> list:
    return list(read_file(FIXTURES / name))


@pytest.fixture(scope="module")
def scopus() -> dict[str, Record]:
    items = read("scopus_vendor.bib")
    assert issues_of(items) == []
    return {record.key: record for record in records_of(items)}


def test_bibtex_entry_with_a_repeated_field_is_read_with_every_value(scopus) -> None:
    record = scopus["Okafor2021101"]
    assert record.title == "Soil moisture and seedling survival in restored grassland"
    assert record.authors == ("Okafor, N.", "Lindqvist, A.")
    assert (record.year, record.volume, record.issue, record.pages) == (2021, "29", "4", "101-112")
    assert record.extra["funding_details"] == [
        "National Science Foundation, NSF, 1234567",
        "Swedish Research Council, 2019-04321",
    ]


@pytest.mark.parametrize(
    ("key", "pub_type"),
    [("Okafor2021101", "review"), ("Haddad2020210", "conference"), ("Ferreira2019", "chapter")],
)
def test_bibtex_document_type_sets_the_type_over_the_entry_type(scopus, key, pub_type) -> None:
    assert scopus[key].pub_type == pub_type


def test_bibtex_html_entities_are_decoded(scopus) -> None:
    assert scopus["Okafor2021101"].abstract.endswith("© 2021 The Authors")
    assert scopus["Haddad2020210"].journal == "Proceedings of the Water & Soil Conference"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A &amp; B", "A & B"),
        ("&#169; 2020", "© 2020"),
        ("&#x2013;", "–"),
        (r"R\&amp;D", r"R\&amp;D"),  # LaTeX's escaped ampersand: left to the LaTeX decoder
        ("AT&T; more", "AT&T; more"),  # not an entity
        ("&unknownentity;", "&unknownentity;"),
        ("&notation; &copyright;", "&notation; &copyright;"),  # no entity, only begins as one
        ("&not; &copy; &nbsp;", "¬ © \xa0"),
        ("&#x110000; &#xD800; &#0;", "\ufffd \ufffd \ufffd"),  # no character: the mark for one
    ],
)
def test_html_entities_decode_only_what_is_an_entity(text: str, expected: str) -> None:
    assert decode_entities(text) == expected


@given(st.text(alphabet=st.characters(blacklist_characters="&")))
def test_text_without_an_ampersand_has_no_entity_to_decode(text: str) -> None:
    assert decode_entities(text) == text


def test_bibtex_proceedings_serving_only_as_crossref_is_no_record_of_its_own() -> None:
    items = read("crossref.bib")
    assert issues_of(items) == []
    records = {record.key: record for record in records_of(items)}
    # The book has an author of its own: a record, and the parent of its chapter.
    assert sorted(records) == ["brandt2018", "dasilva2017", "dasilva2017ch3", "nakamura2018"]
    paper = records["nakamura2018"]
    assert paper.journal == "Proceedings of the Symposium on Wetland Restoration"
    assert paper.year == 2018
    assert paper.extra["editor"] == ["Ruiz, Marta"]
    assert paper.extra["publisher"] == ["Wetland Press"]
    assert records["brandt2018"].year == 2018
    assert records["dasilva2017ch3"].journal == "Peatland Hydrology"


def test_bibtex_proceedings_naming_itself_by_crossref_is_a_record_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "self.bib"
    path.write_text(
        "@proceedings{soil2019,\n  title = {Proceedings of the Soil Symposium},\n"
        "  year = {2019},\n  crossref = {Soil2019},\n}\n"
    )
    items = list(read_file(path))
    assert [record.key for record in records_of(items)] == ["soil2019"]
    assert [issue.line for issue in issues_of(items)] == [4]


def test_bibtex_piece_holding_a_crossref_is_read_with_the_whole_file() -> None:
    assert bibtex_needs_whole(b"@inproceedings{a,\n  crossref = {p},\n}\n")
    assert bibtex_needs_whole(b"@inproceedings{a, CrossRef={p}}")
    assert not bibtex_needs_whole(b"@article{a, title = {Crossreferencing the literature}}")


def test_a_crossref_field_in_any_casing_is_followed(tmp_path: Path) -> None:
    text = (
        "@proceedings{p, title={Proceedings of a meeting}, year={2020}, publisher={Press}}\n"
        "@inproceedings{c, title={A paper}, author={Smith, Ann}, CrossRef={p}}\n"
    )
    path = tmp_path / "x.bib"
    path.write_text(text, encoding="utf-8")
    [record] = records_of(list(read_file(path)))
    assert (record.title, record.year) == ("A paper", 2020)
