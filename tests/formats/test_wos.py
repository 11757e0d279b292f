"""Web of Science readers: plain text (.ciw / .isi) and tab-delimited, mapped identically."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from conftest import issues_of, records_of

from screener.errors import FormatError, ParseIssue
from screener.formats import read_file, wos, wos_tab
from screener.model import Record

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wos"


def read_plain(text: str) -> list[Record | ParseIssue]:
    return list(wos.read(io.StringIO(text, newline=None), "test.ciw"))


def read_tab(text: str) -> list[Record | ParseIssue]:
    return list(wos_tab.read(io.StringIO(text, newline=None), "test.txt"))


def records(items: list[Record | ParseIssue]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def outline(items: list[Record | ParseIssue]) -> list[tuple[str, int, str]]:
    """(kind, line, key or message) of each item, to compare with a table."""
    return [
        ("record", item.line, item.key)
        if isinstance(item, Record)
        else (item.severity, item.line, item.message)
        for item in items
    ]


def read_fixture(module: object, file: str) -> list[Record | ParseIssue]:
    with (FIXTURES / file).open(encoding="utf-8-sig") as stream:
        return list(module.read(stream, file))  # type: ignore[attr-defined]


def test_wos_reader_maps_a_full_record() -> None:
    first, second = read_fixture(wos, "two_records.ciw")
    assert isinstance(first, Record) and isinstance(second, Record)
    assert (first.key, first.accession, first.line) == (
        "WOS:000000000000001",
        "WOS:000000000000001",
        3,
    )
    assert first.authors == ("Lindqvist, Anna Maria", "O'Neill, Brendan")
    assert first.title == (
        "Online grooming of adolescents: a systematic review of perpetrator "
        "characteristics and offence pathways"
    )
    assert first.journal == "JOURNAL OF ONLINE SAFETY RESEARCH"
    assert (first.year, first.volume, first.issue, first.pages) == (2019, "12", "3", "482-491")
    assert (first.doi, first.pmid, first.issn) == (
        "10.1000/example.2019.001",
        "31000001",
        "1234-5678",
    )
    assert first.language == "English"
    assert first.pub_type == "conference"
    assert first.keywords == (
        "online grooming",
        "adolescents",
        "systematic review",
        "perpetrators",
        "SEXUAL-ABUSE",
        "INTERNET OFFENDERS",
        "CHILD PORNOGRAPHY",
        "RISK",
    )
    assert first.database == "Web of Science"
    assert first.raw.startswith("PT J\nAU Lindqvist, AM") and first.raw.endswith("ER")
    assert (second.line, second.pages, second.pub_type) == (38, "e102", "letter")


def test_wos_reader_keeps_what_the_record_does_not_hold_in_extra() -> None:
    first = read_fixture(wos, "two_records.ciw")[0]
    assert isinstance(first, Record)
    extra = first.extra
    assert extra["AU"] == ["Lindqvist, AM", "O'Neill, B"]
    assert extra["CR"] == [
        "Adams J, 2015, J SEX AGGRESS, V21, P1",
        "Brown L, 2017, CHILD ABUSE NEGLECT, V70, P10",
    ]
    assert extra["C1"][1] == "[O'Neill, Brendan] Example Coll, Sch Law, Dublin, Ireland."
    assert extra["DE"][2] == "systematic review"
    assert extra["DT"] == ["Article; Proceedings Paper"]
    assert (extra["J9"], extra["JI"], extra["EI"], extra["PD"]) == (
        ["J ONLINE SAF RES"],
        ["J. Online Saf. Res."],
        ["8765-4321"],
        ["MAR"],
    )
    assert extra["PT"] == ["J"]
    for held in ("TI", "AF", "SO", "PY", "VL", "IS", "BP", "EP", "DI", "UT", "PM", "SN", "AB"):
        assert held not in extra


# tag lines as exported -> the values the reader keeps for that tag
CONTINUATIONS = [
    (
        "one person per line",
        "AF Long, Vicky\n   Marland, Hilary",
        "AF",
        ["Long, Vicky", "Marland, Hilary"],
    ),
    ("one reference per line", "CR A, 2001, X\n   B, 2002, Y", "CR", ["A, 2001, X", "B, 2002, Y"]),
    ("one address per line", "C1 Univ A, X.\n   Univ B, Y.", "C1", ["Univ A, X.", "Univ B, Y."]),
    ("keywords split on semicolons", "DE a; b; c", "DE", ["a", "b", "c"]),
    (
        "a keyword wrapped over a line",
        "ID TROPHIC\n   STATE INDEX; RISK",
        "ID",
        ["TROPHIC STATE INDEX", "RISK"],
    ),
    ("keyword line ending in a semicolon", "DE a;\n   b", "DE", ["a", "b"]),
    ("text joined with a space", "SO JOURNAL OF\n   THINGS", "SO", ["JOURNAL OF THINGS"]),
    ("identifiers wrapped as text", "OI A/0000; B,\n   C/0001", "OI", ["A/0000; B, C/0001"]),
]


@pytest.mark.parametrize(
    ("lines", "tag", "expected"), [c[1:] for c in CONTINUATIONS], ids=[c[0] for c in CONTINUATIONS]
)
def test_wos_reader_reads_continuations_by_field_kind(
    lines: str, tag: str, expected: list[str]
) -> None:
    items = read_plain(f"PT J\nTI A title\n{lines}\nUT WOS:1\nER\n")
    (record,) = records(items)
    assert len(items) == 1
    if tag in record.extra:
        assert record.extra[tag] == expected
    else:
        assert {"AF": list(record.authors), "SO": [record.journal]}[tag] == expected


RECORD = "PT J\nTI A title\nUT WOS:{n}\nER\n"

QUIRKS = [
    (
        "Thomson Reuters header",
        "FN Thomson Reuters Web of Science\nVR 1.0\n" + RECORD.format(n=1) + "\nEF\n",
        [("record", 3, "WOS:1")],
    ),
    (
        "ISI header",
        "FN ISI Export Format\nVR 1.0\n" + RECORD.format(n=1) + "EF\n",
        [("record", 3, "WOS:1")],
    ),
    (
        "no header, no EF",
        RECORD.format(n=1) + RECORD.format(n=2),
        [("record", 1, "WOS:1"), ("record", 5, "WOS:2")],
    ),
    (
        "no UT: keyed by file and position",
        "PT J\nTI One\nER\n\nPT J\nTI Two\nER\n",
        [("record", 1, "test.ciw#1"), ("record", 5, "test.ciw#2")],
    ),
    (
        "a record whose lines are not tags: an error, the next one read",
        "not a tag\nneither is this\nER\n" + RECORD.format(n=2),
        [("error", 1, "record has no field tags; skipped"), ("record", 4, "WOS:2")],
    ),
    (
        "neither UT nor title: an error",
        "PT J\nAU Long, V\nER\n" + RECORD.format(n=2),
        [("error", 1, "record has neither UT nor title; skipped"), ("record", 4, "WOS:2")],
    ),
    (
        "junk between records: a warning",
        RECORD.format(n=1) + "\nexported by someone\n\n" + RECORD.format(n=2),
        [
            ("record", 1, "WOS:1"),
            ("warning", 6, "text between records is not Web of Science; ignored"),
            ("record", 8, "WOS:2"),
        ],
    ),
    (
        "a missing ER: a warning, both records read",
        "PT J\nTI One\nUT WOS:1\nPT J\nTI Two\nUT WOS:2\nER\n",
        [
            ("warning", 1, "record ends without an ER line"),
            ("record", 1, "WOS:1"),
            ("record", 4, "WOS:2"),
        ],
    ),
    (
        "a stray line inside a record: joined, a warning",
        "PT J\nTI A title\nCR A, 2001,\n J PHYS, V1\nUT WOS:1\nER\n",
        [
            ("warning", 4, "line without a tag; joined to the CR value before it"),
            ("record", 1, "WOS:1"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [q[1:] for q in QUIRKS], ids=[q[0] for q in QUIRKS])
def test_wos_reader_quirks(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert outline(read_plain(text)) == expected


def test_wos_reader_rejoins_a_cited_reference_split_by_a_carriage_return() -> None:
    text = (
        "PT J\r\nTI A title\r\nCR BERCHA DM, 1997,\rFIZ TVERD TELA, V39, P1219\r\n"
        "   NEXT A, 2000, X\r\nUT WOS:1\r\nER\r\n"
    )
    items = read_plain(text)
    assert outline(items)[0][:2] == ("warning", 4)
    (record,) = records(items)
    assert record.extra["CR"] == ["BERCHA DM, 1997, FIZ TVERD TELA, V39, P1219", "NEXT A, 2000, X"]


@pytest.mark.parametrize(
    ("file", "keys", "lines"),
    [
        (
            "wos_plaintext_revtools.ciw",
            ["WOS:000455039600059", "WOS:000455039600125", "WOS:000454418500136"],
            [3, 41, 74],
        ),
        ("wos_isi_jabref.isi", ["ISI:000238592600006", "ISI:000236202800037"], [3, 58]),
    ],
)
def test_wos_reader_reads_real_exports(
    shared_data: Path, file: str, keys: list[str], lines: list[int]
) -> None:
    path = shared_data / "exports" / file
    if not path.exists():
        pytest.skip("real export samples not available")
    with path.open(encoding="utf-8-sig") as stream:
        items = list(wos.read(stream, file))
    assert [(line, key) for _, line, key in outline(items)] == list(zip(lines, keys, strict=True))
    assert all(record.title and record.authors and record.year for record in records(items))


def test_wos_reader_maps_the_real_samples(shared_data: Path) -> None:
    exports = shared_data / "exports"
    if not exports.exists():
        pytest.skip("real export samples not available")
    with (exports / "wos_plaintext_revtools.ciw").open(encoding="utf-8-sig") as stream:
        first = records(list(wos.read(stream, "wos.ciw")))[0]
    assert first.authors[0] == "Alvarez-Manzaneda, I."
    assert "TROPHIC STATE INDEX" in first.keywords
    assert (first.pages, first.pmid, first.doi) == (
        "598-607",
        "30529964",
        "10.1016/j.scitotenv.2018.11.375",
    )
    with (exports / "wos_isi_jabref.isi").open(encoding="utf-8-sig") as stream:
        isi = records(list(wos.read(stream, "wos.isi")))[0]
    assert len(isi.extra["CR"]) == 17
    assert isi.extra["C1"] == [
        "NAS Ukraine, Inst Phys, UA-03028 Kiev, Ukraine.",
        "Lviv Natl Univ, UA-29005 Lvov, Ukraine.",
    ]


# --- tab-delimited --------------------------------------------------------------------------


def comparable(record: Record) -> Record:
    return dataclasses.replace(record, raw="", line=0)


def test_wos_tab_reader_maps_rows_as_the_plain_text_reader_maps_records() -> None:
    plain = read_fixture(wos, "two_records.ciw")
    tab = read_fixture(wos_tab, "two_records.txt")
    assert [item.line for item in tab] == [2, 3]
    assert [comparable(r) for r in records(tab)] == [comparable(r) for r in records(plain)]
    for from_tab, from_plain in zip(records(tab), records(plain), strict=True):
        assert from_tab.extra == from_plain.extra
    assert records(tab)[0].raw.startswith("J\tLindqvist, AM; O'Neill, B\t")


HEADER = "PT\tAU\tTI\tC1\tUT\n"

TAB_QUIRKS = [
    (
        "trailing tab",
        HEADER.replace("\n", "\t\n") + "J\tLong, V\tOne\t\tWOS:1\t\n",
        [("record", 2, "WOS:1")],
    ),
    ("blank lines skipped", HEADER + "\nJ\tLong, V\tOne\t\tWOS:1\n\n", [("record", 3, "WOS:1")]),
    (
        "a short row: a warning, the rest read as empty",
        HEADER + "J\tLong, V\tOne\n",
        [
            ("warning", 2, "row has 3 cells, the header 5; the rest read as empty"),
            ("record", 2, "test.txt#1"),
        ],
    ),
    (
        "a long row: a warning",
        HEADER + "J\tLong, V\tOne\t\tWOS:1\textra\n",
        [("warning", 2, "row has 6 cells, the header 5; the last ignored"), ("record", 2, "WOS:1")],
    ),
    (
        "an unusable row: an error with its line, the next row read",
        HEADER + "J\tLong, V\t\t\t\nJ\tMar, H\tTwo\t\tWOS:2\n",
        [("error", 2, "row has neither UT nor title; skipped"), ("record", 3, "WOS:2")],
    ),
    (
        "a row cut by a line break inside a cell: joined",
        HEADER + "J\tLong, V\tOne\rtwo\t\tWOS:1\nJ\tMar, H\tThree\t\tWOS:3\n",
        [
            ("warning", 3, "line break inside a cell; the row's lines joined"),
            ("record", 2, "WOS:1"),
            ("record", 4, "WOS:3"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [q[1:] for q in TAB_QUIRKS], ids=[q[0] for q in TAB_QUIRKS]
)
def test_wos_tab_reader_quirks(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert outline(read_tab(text)) == expected


def test_wos_tab_reader_splits_multi_valued_cells() -> None:
    row = "J\tLong, V; Mar, H\tOne\t[Long, V; Mar, H] Univ A, X; [Lee, K] Univ B, Y\tWOS:1\n"
    (record,) = records(read_tab(HEADER + row))
    assert record.authors == ("Long, V", "Mar, H")
    assert record.extra["C1"] == ["[Long, V; Mar, H] Univ A, X", "[Lee, K] Univ B, Y"]


def test_wos_tab_reader_joins_a_title_split_by_a_carriage_return() -> None:
    (record,) = records(read_tab(HEADER + "J\tLong, V\tOne\rtwo\t\tWOS:1\n"))
    assert record.title == "One two"


@pytest.mark.parametrize("first_line", ["", "Title\tAuthors\tYear\n", "PT\tAU\tPY\n"])
def test_wos_tab_reader_refuses_a_file_without_a_header_of_tags(first_line: str) -> None:
    with pytest.raises(FormatError) as error:
        read_tab(first_line + "J\tLong, V\t2019\n")
    assert error.value.line == 1


def test_wos_publication_type_without_a_document_type_and_unplaced_article_numbers() -> None:
    path = FIXTURES / "types_and_numbers.ciw"
    items = list(read_file(path))
    assert issues_of(items) == []
    records = records_of(items)
    # PT J with no DT is a journal article; B a book, C a conference paper, S a book in a series.
    assert [record.pub_type for record in records] == [
        "article",
        "book",
        "conference",
        "book",
        "review",  # a DT, where there is one, says more than PT
    ]
    # "UNSP 1722034" is an article number WoS could not place, not a page range.
    assert records[0].pages == ""
    assert records[0].extra["AR"] == ["UNSP 1722034"]
    assert records[4].pages == "e0234"
