"""EndNote tagged (Refer): records, continuation lines, and the issues the reader reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import issues_of, records_of

from screener.errors import ParseIssue
from screener.formats import refer
from screener.formats.text import open_text
from screener.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "refer"


def read_text(text: str, name: str = "test.enl") -> list[Record | ParseIssue]:
    return list(refer.read(io.StringIO(text, newline=None), name))


def read_path(path: Path) -> list[Record | ParseIssue]:
    with open_text(path) as stream:
        return list(refer.read(stream, path.name))


def only_record(text: str) -> Record:
    items = read_text(text)
    assert not issues_of(items)
    (record,) = records_of(items)
    return record


def test_refer_reader_maps_every_tag_of_a_journal_article() -> None:
    first = records_of(read_path(FIXTURES / "tagged_quirks.enl"))[0]
    assert first == Record(
        title="Online grooming prevention: a scoping review",
        abstract="First paragraph of the abstract.\nSecond paragraph of the abstract.",
        authors=("Okafor, Adaeze", "Lindqvist, Maja"),
        year=2021,
        journal="Journal of Child Safety",
        volume="12",
        issue="3",
        pages="101-118",
        doi="10.1000/jcs.2021.12",
        issn="1234-5678",
        language="English",
        pub_type="Journal Article",
        keywords=("grooming", "prevention", "online safety"),
        url="https://journal.example/jcs/12/3/101",
        database="Web of Science",
        accession="WOS:000000000000001",
        key="okafor2021",
    )
    assert first.extra == {
        "%E": ["Editor, Eve"],
        "%8": ["March 3, 2021"],
        "%~": ["Web of Science"],
    }
    assert first.line == 1
    assert first.raw.startswith("%0 Journal Article\n%T Online grooming")


def test_refer_reader_reads_a_type_given_after_the_title() -> None:
    second = records_of(read_path(FIXTURES / "tagged_quirks.enl"))[1]
    assert (second.title, second.pub_type, second.isbn, second.issn) == (
        "A book found by its ISBN",
        "Book",
        "978-0-306-40615-7",
        "",
    )
    assert second.key == "tagged_quirks.enl#2"
    assert second.line == 24
    assert second.extra == {"%I": ["Academic Press"]}


def test_refer_reader_reports_malformed_lines_and_records_without_a_type() -> None:
    items = read_path(FIXTURES / "tagged_quirks.enl")
    issues = issues_of(items)
    assert [(issue.line, issue.severity) for issue in issues] == [(29, "warning"), (32, "warning")]
    assert issues[1].raw == "%T A block with no reference type\n%D 2020\n"
    assert "read as journal article" in issues[1].message
    untyped = records_of(items)[-1]
    assert (untyped.title, untyped.pub_type, untyped.year) == (
        "A block with no reference type",
        "Journal Article",
        2020,
    )


def test_refer_records_without_a_type_are_read_and_one_without_a_title_is_skipped() -> None:
    text = (
        "%T Trust on sourcing platforms\n%A Guo, Wenbo\n%B Information Systems Quarterly\n"
        "%D 2021\n%V 45\n\n%T Table of contents\n%D 2021\n\n%D 2020\n%V 3\n"
    )
    items = list(refer.read(io.StringIO(text), "ais.enl"))
    first, second = records_of(items)
    assert (first.journal, first.year, first.volume, first.pub_type) == (
        "Information Systems Quarterly",
        2021,
        "45",
        "Journal Article",
    )
    assert second.title == "Table of contents"
    assert [(i.line, i.severity) for i in issues_of(items)] == [
        (1, "warning"),
        (7, "warning"),
        (10, "error"),
    ]


# a record's lines after `%0 Journal Article`, the field, and what the reader makes of it
TAG_QUIRKS = [
    ("%K first\n%K second\n", "keywords", ("first", "second")),
    ("%K first; second;\n", "keywords", ("first", "second")),
    ("%K first\nsecond\n", "keywords", ("first", "second")),
    ("%B Secondary title\n", "journal", "Secondary title"),
    ("%J Journal\n%B Secondary title\n", "journal", "Journal"),
    ("%D 2009\n", "year", 2009),
    ("%8 January 1, 2009\n", "year", 2009),
    ("%@ 0008-543X\n", "issn", "0008-543X"),
    ("%T Title\n%T Second title\n", "title", "Title"),
    ("%T\n", "title", ""),
    ("%W PubMed\n", "database", "PubMed"),
]


@pytest.mark.parametrize(("lines", "field", "expected"), TAG_QUIRKS)
def test_refer_reader_maps_tags_onto_fields(lines: str, field: str, expected: object) -> None:
    record = only_record(f"%0 Journal Article\n{lines}")
    assert getattr(record, field) == expected


def test_refer_reader_starts_a_new_record_at_a_second_type_line() -> None:
    items = read_text("%0 Journal Article\n%T One\n%0 Book\n%T Two\n")
    assert [(record.title, record.line) for record in records_of(items)] == [("One", 1), ("Two", 3)]


def test_refer_reader_ignores_text_before_the_first_record() -> None:
    assert only_record("Exported from EndNote\n\n%0 Journal Article\n%T One\n").title == "One"


def test_refer_reader_tolerates_a_stray_bom() -> None:
    assert only_record("\ufeff%0 Journal Article\n%T One\n").pub_type == "Journal Article"


def test_refer_reader_reads_the_real_endnote_export(shared_data: Path) -> None:
    path = shared_data / "exports" / "endnote_tagged_colrev.enl"
    if not path.exists():
        pytest.skip(f"real export samples not found at {path.parent}")
    items = read_path(path)
    records = records_of(items)
    # The README counts 2: the third block has no %0, and is now read with a warning.
    assert len(records) == 3
    assert records[0].journal == "Management Information Systems Quarterly"
    assert records[0].authors[0] == "Guo, Wenbo"
    assert records[0].year == 2021
    assert records[1].pub_type == "Journal Article"
    assert (records[2].title, records[2].pages) == (
        "MISQ Volume 45, Issue 3 Table of Contents",
        "i-ii",
    )
    assert records[2].pub_type == "Journal Article"
    assert [(issue.line, issue.severity) for issue in issues_of(items)] == [(29, "warning")]
