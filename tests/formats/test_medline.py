"""PubMed MEDLINE (.nbib) reader: field mapping, vendor quirks, line numbers, real exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from screener.errors import ParseIssue
from screener.formats import medline
from screener.model import Record

FIXTURES = Path(__file__).parent.parent / "fixtures" / "medline"


def read_text(text: str, name: str = "test.nbib") -> list[Record | ParseIssue]:
    return list(medline.read(io.StringIO(text, newline=None), name))


def records(items: list[Record | ParseIssue]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def issues(items: list[Record | ParseIssue]) -> list[ParseIssue]:
    return [item for item in items if isinstance(item, ParseIssue)]


@pytest.fixture
def two_records() -> list[Record | ParseIssue]:
    with (FIXTURES / "two_records.nbib").open(encoding="utf-8") as stream:
        return list(medline.read(stream, "two_records.nbib"))


def test_medline_reader_maps_a_full_record(two_records: list[Record | ParseIssue]) -> None:
    first = two_records[0]
    assert isinstance(first, Record)
    assert first.key == "31000001" and first.pmid == "31000001"
    assert first.line == 3
    assert first.title == (
        "Online grooming of adolescents: a systematic review of perpetrator "
        "characteristics and offence pathways."
    )
    assert first.abstract.startswith("BACKGROUND: Studies of online offending")
    assert "number. METHODS:" in first.abstract
    assert first.authors == ("Lindqvist, Anna Maria", "O'Neill, Brendan")
    assert first.year == 2019
    assert (first.journal, first.volume, first.issue, first.pages) == (
        "Journal of online safety research",
        "12",
        "3",
        "482-91",
    )
    assert first.doi == "10.1000/example.2019.001"
    assert first.issn == "1234-5678"
    assert first.language == "en"
    assert first.pub_type == "review"
    assert first.keywords == (
        "Adolescent",
        "Internet/*statistics & numerical data",
        "grooming",
        "perpetrators",
    )
    assert first.database == "PubMed"
    assert first.raw.startswith("PMID- 31000001\nOWN - NLM")
    assert first.raw.endswith("doi: 10.1000/example.2019.001.")


def test_medline_reader_keeps_what_the_record_does_not_hold_in_extra(
    two_records: list[Record | ParseIssue],
) -> None:
    extra = two_records[0].extra
    assert extra["AU"] == ["Lindqvist AM", "O'Neill B"]
    assert extra["TA"] == ["J Online Saf"]
    assert extra["IS"] == ["1234-5678 (Electronic)", "8765-4321 (Linking)"]
    assert extra["PT"] == ["Journal Article", "Systematic Review"]
    assert extra["MH"] == ["Adolescent", "Internet/*statistics & numerical data"]
    assert extra["OT"] == ["grooming", "perpetrators"]
    assert extra["DP"] == ["2019 Mar 5"]
    assert extra["AID"] == ["S1234-5678(19)30001-2 [pii]"]
    assert extra["OWN"] == ["NLM"] and extra["JID"] == ["9999001"]
    assert extra["AD"] == ["Department of Criminology, Example University, Stockholm, Sweden."]
    for held in ("PMID", "TI", "AB", "FAU", "JT", "VI", "IP", "PG", "LA", "LID"):
        assert held not in extra


def test_medline_reader_reads_a_short_record_after_a_blank_line(
    two_records: list[Record | ParseIssue],
) -> None:
    assert len(two_records) == 2
    second = two_records[1]
    assert isinstance(second, Record)
    assert (second.key, second.line) == ("31000002", 36)
    assert second.authors == ("Brandt K",)
    assert second.doi == "10.1000/example.2020.002"
    assert second.extra["LID"] == ["S9999-0000(20)00002-1 [pii]"]
    assert second.pub_type == "letter"


# name, text, expected items in order: (kind, line, key or message fragment)
QUIRKS = [
    (
        "leading blank lines",
        "\n\n  \nPMID- 1\nTI  - A title.\n",
        [("record", 4, "1")],
    ),
    (
        "records separated by a PMID line only",
        "PMID- 1\nTI  - One.\nPMID- 2\nTI  - Two.\n",
        [("record", 1, "1"), ("record", 3, "2")],
    ),
    (
        "several blank and whitespace-only lines between records",
        "PMID- 1\nTI  - One.\n\n \t\n\nPMID- 2\nTI  - Two.\n",
        [("record", 1, "1"), ("record", 6, "2")],
    ),
    (
        "windows line ends",
        "PMID- 1\r\nTI  - One\r\n      more.\r\n\r\nPMID- 2\r\nTI  - Two.\r\n",
        [("record", 1, "1"), ("record", 5, "2")],
    ),
    (
        "a PMID tag with no value",
        "PMID-\nTI  - One.\n",
        [("record", 1, "test.nbib#1")],
    ),
    (
        "no PMID: keyed by file and position",
        "TI  - First.\n\nTI  - Second.\n",
        [("record", 1, "test.nbib#1"), ("record", 3, "test.nbib#2")],
    ),
    (
        "neither PMID nor title: an error, the next record still read",
        "AU  - Nobody N\nDP  - 2001\n\nPMID- 2\nTI  - Two.\n",
        [("error", 1, "neither PMID nor title"), ("record", 4, "2")],
    ),
    (
        "junk between records: a warning",
        "PMID- 1\nTI  - One.\n\nSearch results exported on 5 March\n\nPMID- 2\nTI  - Two.\n",
        [("record", 1, "1"), ("warning", 4, "between records"), ("record", 6, "2")],
    ),
    (
        "junk right before a PMID line: a warning",
        "PMID- 1\nTI  - One.\n\n-- page 2 --\nPMID- 2\nTI  - Two.\n",
        [("record", 1, "1"), ("warning", 4, "between records"), ("record", 5, "2")],
    ),
    (
        "a stray line inside a record is reported at its own line, the record kept",
        "PMID- 1\nTI  - One\n      two\n      three.\nnot a field\nLA  - eng\n",
        [("warning", 5, "not a MEDLINE field"), ("record", 1, "1")],
    ),
    (
        "a lower-case tag is not a tag",
        "PMID- 1\nti  - One.\n",
        [("warning", 2, "not a MEDLINE field"), ("record", 1, "1")],
    ),
    (
        "a record that starts with a continuation line",
        "      orphan text\nPMID- 1\nTI  - One.\n",
        [("warning", 1, "between records"), ("record", 2, "1")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [q[1:] for q in QUIRKS], ids=[q[0] for q in QUIRKS])
def test_medline_reader_quirks(text: str, expected: list[tuple[str, int, str]]) -> None:
    items = read_text(text)
    assert len(items) == len(expected)
    for item, (kind, line, wanted) in zip(items, expected, strict=True):
        if isinstance(item, Record):
            assert ("record", item.line, item.key) == (kind, line, wanted)
        else:
            assert (item.severity, item.line, item.file) == (kind, line, "test.nbib")
            assert wanted in item.message


# name, lines after "PMID- 1", field, expected value
FIELD_QUIRKS = [
    ("continuation joined with one space", "TI  - One\n      two.", "title", "One two."),
    ("trailing space before a continuation", "TI  - One \n      two.", "title", "One two."),
    ("continuation indented by two spaces", "TI  - One\n  two.", "title", "One two."),
    ("DOI from LID", "LID - 10.1/a [doi]\nAID - 10.1/a [doi]", "doi", "10.1/a"),
    ("DOI from AID when LID is a pii", "LID - X1 [pii]\nAID - 10.1/b [doi]", "doi", "10.1/b"),
    ("no DOI at all", "LID - X1 [pii]", "doi", ""),
    ("FAU preferred over AU", "FAU - Long, Vicky\nAU  - Long V", "authors", ("Long, Vicky",)),
    (
        "AU when there is no FAU",
        "AU  - Long V\nAU  - Marland H",
        "authors",
        ("Long V", "Marland H"),
    ),
    ("JT preferred over TA", "TA  - Br J\nJT  - British journal", "journal", "British journal"),
    ("TA when there is no JT", "TA  - Br J", "journal", "Br J"),
    ("book title when there is no title", "BTI - A handbook.", "title", "A handbook."),
    ("year from a full date", "DP  - 2019 Mar 5", "year", 2019),
    ("year from a season", "DP  - 2018 Winter", "year", 2018),
    ("first ISSN without its kind", "IS  - 0955-2359 (Print)", "issn", "0955-2359"),
]


@pytest.mark.parametrize(
    ("lines", "field", "expected"), [q[1:] for q in FIELD_QUIRKS], ids=[q[0] for q in FIELD_QUIRKS]
)
def test_medline_reader_field_quirks(lines: str, field: str, expected: object) -> None:
    (record,) = records(read_text(f"PMID- 1\n{lines}\n"))
    assert getattr(record, field) == expected


def test_medline_reader_keeps_every_value_of_a_repeated_single_tag() -> None:
    (record,) = records(read_text("PMID- 1\nTI  - One.\nLA  - eng\nLA  - fre\n"))
    assert record.language == "en"
    assert record.extra["LA"] == ["eng", "fre"]


@pytest.mark.parametrize("chunk", [1, 2, 7, 50, 65536])
def test_medline_reader_gives_the_same_records_whatever_the_chunk_size(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (FIXTURES / "two_records.nbib").read_text(encoding="utf-8") * 3
    expected = [(item.line, item.key, item.raw) for item in read_text(text)]
    monkeypatch.setattr(medline, "_CHUNK", chunk)
    assert [(item.line, item.key, item.raw) for item in read_text(text)] == expected
    assert [line for line, _, _ in expected] == [3, 36, 47, 80, 91, 124]


def test_medline_reader_streams_without_reading_the_whole_file() -> None:
    many = io.StringIO("".join(f"PMID- {n}\nTI  - Title {n}.\n\n" for n in range(1, 5001)))
    items = medline.read(many, "many.nbib")
    first = next(items)
    assert isinstance(first, Record) and first.key == "1"
    assert many.tell() < 200_000  # one chunk in, not the whole file


@pytest.mark.parametrize(
    ("file", "keys", "lines"),
    [
        ("pubmed_medline_revtools.nbib", ["30689646", "30687380", "30685259"], [2, 71, 179]),
        ("medline_plain_jabref.txt", ["20481061"], [1]),
    ],
)
def test_medline_reader_reads_real_exports(
    shared_data: Path, file: str, keys: list[str], lines: list[int]
) -> None:
    path = shared_data / "exports" / file
    if not path.exists():
        pytest.skip("real export samples not available")
    with path.open(encoding="utf-8-sig") as stream:
        items = list(medline.read(stream, file))
    assert issues(items) == []
    assert [record.key for record in records(items)] == keys
    assert [record.line for record in records(items)] == lines
    assert all(record.title and record.authors and record.year for record in records(items))


def test_medline_reader_maps_the_revtools_sample(shared_data: Path) -> None:
    path = shared_data / "exports" / "pubmed_medline_revtools.nbib"
    if not path.exists():
        pytest.skip("real export samples not available")
    with path.open(encoding="utf-8-sig") as stream:
        first, second, third = records(list(medline.read(stream, path.name)))
    assert first.authors[:2] == ("Wu, Dan", "Zou, Changxin")
    assert first.doi == "10.1371/journal.pone.0209483"
    assert "implemented in the region" in first.abstract  # a trailing space before the wrap
    assert first.extra["SO"] == [
        "PLoS One. 2019 Jan 28;14(1):e0209483. doi: 10.1371/journal.pone.0209483. eCollection 2019."
    ]
    assert second.keywords[0] == "ecological restoration"
    assert third.doi == "10.1016/j.arth.2018.12.042"
    assert third.extra["AID"] == ["S0883-5403(19)30006-3 [pii]"]
    assert third.issn == "1532-8406"
