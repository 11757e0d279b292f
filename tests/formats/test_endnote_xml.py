"""EndNote XML: records streamed from an EndNote library export, entities refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from screener.errors import FormatError
from screener.formats import endnote_xml
from screener.model import Record

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "endnote"


def read_path(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as stream:
        items = list(endnote_xml.read(stream, path.name))
    assert all(isinstance(item, Record) for item in items)
    return items  # type: ignore[return-value]


@pytest.fixture(scope="module")
def sample() -> list[Record]:
    return read_path(FIXTURES / "sample.xml")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("key", "42"),
        ("title", "Online risk in Homo sapiens"),  # joined from two <style> runs
        ("authors", ("Smith, John", "Jørgensen, Kari")),
        ("journal", "Journal of Online Safety"),  # secondary-title before periodical
        ("year", 2020),
        ("volume", "12"),
        ("issue", "3"),
        ("pages", "45-50"),
        ("keywords", ("online safety", "risk, protective")),
        ("issn", "1234-567X"),
        ("isbn", ""),
        ("accession", "33000042"),
        ("abstract", "Background: first paragraph.\nMethods: second & last."),
        ("doi", "10.1000/jos.2020.12"),
        ("url", "https://example.org/a?x=1&y=2"),
        ("database", "MEDLINE"),
        ("language", "eng"),
        ("pub_type", "Journal Article"),
    ],
)
def test_endnote_record_maps_fields(sample: list[Record], field: str, expected) -> None:
    assert getattr(sample[0], field) == expected


def test_endnote_unmapped_elements_stay_in_extra_by_path(sample: list[Record]) -> None:
    assert sample[0].extra == {
        "database": ["Review.enl"],
        "source-app": ["EndNote"],
        "periodical/full-title": ["J Online Saf"],
    }
    assert sample[1].extra == {"publisher": ["Academic Press"]}


def test_endnote_record_without_styles_and_type_name_reads_too(sample: list[Record]) -> None:
    book = sample[1]
    assert (book.key, book.title, book.authors, book.year) == (
        "43",
        "A book without styles",
        ("Doe, Jane",),
        2018,
    )
    assert (book.pub_type, book.isbn, book.issn) == ("Book", "978-0-12-345678-9", "")


def test_endnote_record_keeps_its_xml_as_raw(sample: list[Record]) -> None:
    assert sample[1].raw.startswith("<record><rec-number>43</rec-number>")
    assert sample[1].raw.endswith("</record>")


@pytest.mark.parametrize("fixture", ["entity.xml", "external.xml"])
def test_endnote_entity_declarations_are_refused(fixture: str) -> None:
    with pytest.raises(FormatError, match="XML entity declarations are not allowed") as raised:
        read_path(FIXTURES / fixture)
    assert raised.value.line == 3


def test_endnote_malformed_xml_names_its_line() -> None:
    with pytest.raises(FormatError, match="malformed XML: mismatched tag") as raised:
        read_path(FIXTURES / "malformed.xml")
    assert (raised.value.file, raised.value.line) == ("malformed.xml", 4)


def test_endnote_records_stream_across_chunks_with_their_lines() -> None:
    body = "".join(
        f"<record>\n<rec-number>{n}</rec-number>\n<titles><title>{'Title ' * 3000}{n}"
        "</title></titles>\n</record>\n"
        for n in range(1, 31)
    )
    text = f'<?xml version="1.0"?>\n<xml><records>\n{body}</records></xml>\n'
    records = list(endnote_xml.read(io.StringIO(text), "big.xml"))
    assert [record.key for record in records] == [str(n) for n in range(1, 31)]
    assert [record.line for record in records[:3]] == [3, 7, 11]
    assert all(record.raw.startswith("<record>") for record in records)
    assert records[-1].raw.endswith(" 30</title></titles>\n</record>")


def test_endnote_real_jabref_sample(shared_data: Path) -> None:
    path = shared_data / "exports" / "endnote_xml_jabref.xml"
    if not path.exists():
        pytest.skip("EndNote XML sample not available")
    records = read_path(path)
    assert len(records) == 3
    assert [record.key for record in records] == ["13264", "13265", "650"]
    assert records[1].pub_type == "Book"
    assert records[2].title == (
        "A demographic study of the south polar skua Catharacta maccormicki at Cape Crozier"
    )
    assert records[2].authors == ("Ainley, D.G.", "Ribic, C.A.", "Wodd, R.C.")
    assert records[2].extra["label"] == ["B4"]
    assert (records[0].issn, records[0].accession) == ("0012-9658", "ISI:000200148800007")
    assert [record.line for record in records] == [4, 89, 174]


@pytest.mark.parametrize("year", ["²", "123456789012345678901234"])
def test_endnote_year_that_is_no_year_is_none_rather_than_a_crash(year: str) -> None:
    text = (
        "<xml><records><record><titles><title>T</title></titles>"
        f"<dates><year>{year}</year></dates></record></records></xml>"
    )
    [record] = endnote_xml.read(io.StringIO(text), "x.xml")
    assert isinstance(record, Record) and record.year is None
