"""RIS: the reader's grammar and vendor quirks, the writer, and write-then-read round trips."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
from conftest import issues_of, records_of
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.errors import ParseIssue
from screener.formats import ris
from screener.formats.export_context import WriteContext, is_held
from screener.formats.text import open_text
from screener.model import Record
from screener.normalize import normalize_pub_type
from screener.review import Review
from screener.review.importing import ImportOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ris"


def read_text(text: str, name: str = "test.ris") -> list[Record | ParseIssue]:
    return list(ris.read(io.StringIO(text, newline=None), name))


def read_path(path: Path) -> list[Record | ParseIssue]:
    with open_text(path) as stream:
        return list(ris.read(stream, path.name))


def only_record(text: str) -> Record:
    items = read_text(text)
    assert not issues_of(items)
    (record,) = records_of(items)
    return record


def write_text(records: list[Record], context: WriteContext | None = None) -> str:
    out = io.StringIO()
    assert ris.write(records, out, context=context) == len(records)
    return out.getvalue()


def assert_same_record(back: Record, original: Record) -> None:
    assert back == original
    assert back.extra == original.extra


def assert_carried(back: Record, original: Record, context: WriteContext) -> None:
    """`back` holds every field of `original` that RIS carries, and each extra field either
    comes back as it was or is named among those left out."""
    # AN carries the PMID where there is one, marked by a PubMed provider when need be.
    expected = replace(
        original,
        accession=original.pmid or original.accession,
        database=original.database or ("NLM" if original.pmid else ""),
    )
    # One SN: a book's ISBN, else the ISSN.
    if original.pub_type in ("book", "chapter") and original.isbn:
        expected = replace(expected, issn="")
    elif original.issn:
        expected = replace(expected, isbn="")
    assert back == expected
    for name, values in original.extra.items():
        if back.extra.get(name) != values:
            held = is_held(original, "ris", name)  # its content written under a field
            assert name in context.left_out or name == "PY" or held, name
    made = {"DA", "DP", "DB"}  # a date moved from PY; the PMID's provider
    for name, values in back.extra.items():
        kept = original.extra.get(name, [])
        assert name in made or all(value in kept for value in values), name


# --- reading: whole-file quirks -------------------------------------------------------------

# fixture, records, titles of the records, (line, severity) of each issue
QUIRK_FILES = [
    ("bom_crlf.ris", ["Record after a byte order mark", "Second record"], []),
    ("cr_only.ris", ["Record with classic Mac line ends", "Second record"], []),
    ("mixed_line_ends.ris", ["Record with mixed line ends", "Second record"], []),
    (
        "ovid_numbered.ris",
        ["First numbered record", "Second numbered record", "Third numbered record"],
        [],
    ),
    ("psycnet_preamble.ris", ["Record after a PsycNET preamble"], []),
    (
        "missing_er.ris",
        ["Record with no end line", "Record that ends the file with no end line"],
        [(10, "warning")],
    ),
    (
        "garbage_block.ris",
        ["Record before a block with no type", "Record after the block"],
        [(7, "error")],
    ),
    (
        "stray_end.ris",
        ["Record followed by a second end line", "Record after the stray end line"],
        [(6, "warning")],
    ),
    ("malformed_tag.ris", ["Record with a malformed tag line"], [(3, "warning")]),
]


@pytest.mark.parametrize(("fixture", "titles", "issues"), QUIRK_FILES)
def test_ris_reader_reads_every_record_of_a_quirky_file(
    fixture: str, titles: list[str], issues: list[tuple[int, str]]
) -> None:
    items = read_path(FIXTURES / fixture)
    assert [record.title for record in records_of(items)] == titles
    assert [(issue.line, issue.severity) for issue in issues_of(items)] == issues


def test_ris_reader_keeps_first_record_after_bom() -> None:
    first = records_of(read_path(FIXTURES / "bom_crlf.ris"))[0]
    assert first.pub_type == "article"
    assert first.line == 1
    assert first.authors == ("Okafor, Adaeze",)


def test_ris_reader_tolerates_a_stray_bom_at_the_start_of_the_text() -> None:
    record = only_record("\ufeffTY  - JOUR\nTI  - Stray mark\nER  - \n")
    assert record.title == "Stray mark"
    assert record.pub_type == "article"


def test_ris_reader_does_not_take_junk_after_a_missing_er_as_data() -> None:
    first, second = records_of(read_path(FIXTURES / "missing_er.ris"))
    assert first.keywords == ("first keyword", "second keyword")
    assert first.pmid == "12345678"
    assert "Comment" not in first.raw
    assert (first.line, second.line) == (2, 10)
    assert second.year == 2017


@pytest.mark.parametrize(
    "tail",
    ["TI  - Cut sho", "TI  - Cut short\nAU  - Smith, J\n\n", "TI  - Cut short\nKW  - one\ntwo"],
)
def test_ris_reader_warns_at_its_ty_line_about_a_record_the_file_ends_inside(tail: str) -> None:
    items = read_text("TY  - JOUR\nTI  - Whole\nER  - \n\nTY  - JOUR\n" + tail)
    whole, cut = records_of(items)
    assert whole.title == "Whole"
    (issue,) = issues_of(items)
    assert cut.title.startswith("Cut sho")
    assert (issue.line, issue.severity) == (5, "warning")
    assert "ends inside this record" in issue.message


def test_ris_reader_reports_a_block_with_no_type_and_reads_on() -> None:
    items = read_path(FIXTURES / "garbage_block.ris")
    (issue,) = issues_of(items)
    assert issue.file == "garbage_block.ris"
    assert "no TY" in issue.message
    assert issue.raw.startswith("TI  - A block with no TY line")
    assert [record.line for record in records_of(items)] == [1, 11]


def test_ris_reader_reads_a_malformed_tag_line_and_warns() -> None:
    items = read_path(FIXTURES / "malformed_tag.ris")
    (record,) = records_of(items)
    (issue,) = issues_of(items)
    assert record.authors == ("Okafor, Adaeze",)
    assert issue.line == 3
    assert issue.raw == "AU -Okafor, Adaeze"


def test_ris_reader_warns_about_an_untagged_line_with_nothing_to_continue() -> None:
    items = read_text("TY  - JOUR\nloose text\nTI  - Title\nER  - \n")
    assert [(issue.line, issue.severity) for issue in issues_of(items)] == [(2, "warning")]
    assert records_of(items)[0].title == "Title"


def test_ris_reader_keys_records_by_id_else_by_file_and_ordinal() -> None:
    text = "TY  - JOUR\nID  - 57530\nER  - \nTY  - JOUR\nER  - \n"
    assert [record.key for record in records_of(read_text(text, "scopus.ris"))] == [
        "57530",
        "scopus.ris#2",
    ]


def test_ris_reader_keeps_the_record_text_as_read() -> None:
    text = "1.\nTY  - JOUR\nTI  - Raw text\n\nER  - \n\n"
    (record,) = records_of(read_text(text))
    assert record.raw == "TY  - JOUR\nTI  - Raw text\n\nER  - \n"
    assert record.line == 2


# --- reading: lines and continuation ------------------------------------------------------

# a record's lines between TY and ER, the field, and what the reader makes of it
FIELD_QUIRKS = [
    ("KW - one space\n", "keywords", ("one space",)),
    ("KW  - first\nsecond\nthird\n", "keywords", ("first", "second", "third")),
    ("KW  -\nfirst\nsecond\n", "keywords", ("first", "second")),
    ("PMID - 12345678\n", "pmid", "12345678"),
    (
        "AB  - First paragraph.\n   Second paragraph.\n",
        "abstract",
        "First paragraph.\nSecond paragraph.",
    ),
    (
        "AB  - First paragraph.\n\nSecond paragraph.\nPY  - 2020\n",
        "abstract",
        "First paragraph.\n\nSecond paragraph.",
    ),
    ("AB  - First line\nA0\n", "abstract", "First line\nA0"),
    ("TI  -   Padded title   \n", "title", "Padded title"),
    ("TI  -\tTabbed\n", "title", "Tabbed"),
    ("TI  - Title\nTI  - Second title\n", "title", "Title"),
    ("T1  - Title under T1\n", "title", "Title under T1"),
    ("CT  - Title under CT\n", "title", "Title under CT"),
    ("BT  - Book title of a chapter\n", "title", ""),
    ("A1  - Liu R.\nAU  - Adler D.G.\n", "authors", ("Adler D.G.", "Liu R.")),
    ("AU  - Okafor, Adaeze\nA2  - Editor, Eve\n", "authors", ("Okafor, Adaeze",)),
    ("Y1  - 2014\n", "year", 2014),
    ("DA  - 2019/10//\nPY  - 2018\n", "year", 2018),
    ("Y2  - 2001\n", "year", 2001),
    ("JO  - Cancer\nJF  - Cancer Full\n", "journal", "Cancer Full"),
    ("J2  - Front. Oncol.\nT2  - Frontiers in Oncology\n", "journal", "Frontiers in Oncology"),
    ("J2  - Prz Gastroenterol\n", "journal", "Prz Gastroenterol"),
    ("N2  - Abstract under N2\n", "abstract", "Abstract under N2"),
    ("SP  - 152\nEP  - 160\n", "pages", "152-160"),
    ("SP  - 1535-41\nEP  - 41\n", "pages", "1535-41"),
    ("C7  - 104501\n", "pages", "104501"),
    ("C7  - 104501\nSP  - 3\n", "pages", "3"),
    ("VO  - 50\n", "volume", "50"),
    ("CP  - 4\n", "issue", "4"),
    ("SN  - 0008-543X\n", "issn", "0008-543X"),
    ("SN  - 978-0-306-40615-7\n", "isbn", "978-0-306-40615-7"),
    ("SN  - 978-0-306-40615-7\nSN  - 1234-5678\n", "issn", "1234-5678"),
    ("BN  - 0306406152\n", "isbn", "0306406152"),
    ("DO  - 10.1002/cncr.20369\n", "doi", "10.1002/cncr.20369"),
    ("UR  - https://a.example/1\nUR  - https://a.example/2\n", "url", "https://a.example/1"),
    ("LA  - English\n", "language", "English"),
    ("DB  - Embase\nDB  - Medline\n", "database", "Embase"),
    ("DP  - NLM\n", "database", "NLM"),
    ("AN  - WOS:000444108200009\n", "accession", "WOS:000444108200009"),
    ("AN  - 2-s2.0-85074596690\n", "accession", "2-s2.0-85074596690"),
    ("C2  - 39549413\n", "pmid", "39549413"),
    ("C2  - PMC1234567\n", "pmid", ""),
    ("AN  - 21553931\nDP  - NLM\n", "pmid", "21553931"),
    ("AN  - 21553931\nDB  - Scopus\n", "pmid", ""),
]


@pytest.mark.parametrize(("lines", "field", "expected"), FIELD_QUIRKS)
def test_ris_reader_maps_vendor_tags_onto_fields(lines: str, field: str, expected: object) -> None:
    record = only_record(f"TY  - JOUR\n{lines}ER  - \n")
    assert getattr(record, field) == expected


# a record's lines, and what stays in extra
EXTRA_QUIRKS = [
    ("TI  - Title\nTI  - Second title\n", {"TI": ["Second title"]}),
    ("JO  - Cancer\nJF  - Cancer Full\n", {"JO": ["Cancer"]}),
    ("J2  - Front. Oncol.\nT2  - Frontiers in Oncology\n", {"J2": ["Front. Oncol."]}),
    ("A2  - Editor, Eve\nED  - Editor, Ed\n", {"A2": ["Editor, Eve"], "ED": ["Editor, Ed"]}),
    ("DA  - 2019/10//\nPY  - 2018\n", {"DA": ["2019/10//"]}),
    ("Y1  - Mar. 2017\n", {"Y1": ["Mar. 2017"]}),
    ("C7  - 104501\n", {"C7": ["104501"]}),
    ("SP  - 1535-41\nEP  - 41\n", {"EP": ["41"]}),
    ("UR  - https://a.example/1\nUR  - https://a.example/2\n", {"UR": ["https://a.example/2"]}),
    ("DB  - Embase\nDB  - Medline\n", {"DB": ["Embase", "Medline"]}),
    ("C2  - PMC1234567\n", {"C2": ["PMC1234567"]}),
    ("SN  - 2211-3681\nSN  - 2211-369X\n", {"SN": ["2211-369X"]}),
    (
        "M1  - Affiliation one\nM1  - Affiliation two\n",
        {"M1": ["Affiliation one", "Affiliation two"]},
    ),
    (
        "N1  - References: First, A., One (2001);\nSecond, B., Two (2002);\n",
        {"N1": ["References: First, A., One (2001);\nSecond, B., Two (2002);"]},
    ),
    ("ABCD  - four-letter tag\n", {"ABCD": ["four-letter tag"]}),
    ("IS  - \nVL  - \n", {}),
]


@pytest.mark.parametrize(("lines", "extra"), EXTRA_QUIRKS)
def test_ris_reader_keeps_unmapped_values_in_extra(lines: str, extra: dict[str, list[str]]) -> None:
    record = only_record(f"TY  - JOUR\n{lines}ER  - \n")
    assert {tag: values for tag, values in record.extra.items() if tag != "TY"} == extra


def test_ris_reader_keeps_the_type_code_raw_and_in_extra() -> None:
    record = only_record("TY  - CHAP\nER  - \n")
    assert record.pub_type == "chapter"
    assert record.extra["TY"] == ["CHAP"]


def test_ris_reader_takes_bt_as_the_title_of_a_book() -> None:
    assert only_record("TY  - BOOK\nBT  - A book\nER  - \n").title == "A book"


def test_ris_reader_result_does_not_depend_on_where_chunks_end(
    monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    exports = shared_data / "exports"
    paths = [FIXTURES / fixture for fixture, _, _ in QUIRK_FILES]
    paths += [exports / name for name, _ in REAL_EXPORTS if (exports / name).exists()]
    text = "".join(path.read_text(encoding="utf-8-sig") for path in paths)
    expected = read_text(text)
    for size in (1, 7, 64, 500):
        monkeypatch.setattr(ris, "_CHUNK", size)
        items = read_text(text)
        assert items == expected
        assert [item.raw for item in items] == [item.raw for item in expected]
        assert [item.line for item in items] == [item.line for item in expected]
        assert [getattr(item, "extra", None) for item in items] == [
            getattr(item, "extra", None) for item in expected
        ]


class CountingStream(io.StringIO):
    """A stream that remembers how many characters the reader asked for."""

    taken = 0

    def read(self, size: int | None = -1) -> str:
        text = super().read(size)
        self.taken += len(text)
        return text


def test_ris_reader_streams_without_reading_the_whole_file() -> None:
    record = "TY  - JOUR\nTI  - Streaming\nAB  - " + "word " * 200 + "\nER  - \n\n"
    stream = CountingStream(record * 5000)
    first = next(ris.read(stream, "big.ris"))
    assert isinstance(first, Record)
    assert stream.taken <= 2 * ris._CHUNK < len(record) * 5000


# --- the real exports -----------------------------------------------------------------------

REAL_EXPORTS = [
    ("scopus_ris_revtools.ris", 3),
    ("scopus_ris_with_refs_asreview.ris", 1),
    ("scopus_ris_2025_asysd.ris", 2),
    ("wos_ris_asreview.ris", 2),
    ("wos_ris_asysd.ris", 2),
    ("embase_asreview.ris", 2),
    ("pubmed_via_endnote_asreview.ris", 2),
    ("pubmed_via_zotero_asreview.ris", 2),
    ("endnote_ris_export_asysd.ris", 2),
    ("ris_edge_cases_colrev.ris", 2),
]


@pytest.fixture
def export(shared_data: Path) -> Callable[[str], Path]:
    """The path of a real export by name; the test skips when the samples are absent."""
    exports = shared_data / "exports"

    def path_of(name: str) -> Path:
        path = exports / name
        if not path.exists():
            pytest.skip(f"real export samples not found at {exports}")
        return path

    return path_of


@pytest.mark.parametrize(("name", "count"), REAL_EXPORTS)
def test_ris_reader_reads_every_record_of_a_real_export(
    export: Callable[[str], Path], name: str, count: int
) -> None:
    items = read_path(export(name))
    records = records_of(items)
    assert len(records) == count
    assert not issues_of(items)
    assert all(record.title and record.authors and record.year for record in records)


@pytest.mark.parametrize(("name", "count"), REAL_EXPORTS)
def test_ris_writer_round_trips_a_real_export(
    export: Callable[[str], Path], name: str, count: int
) -> None:
    records = records_of(read_path(export(name)))
    context = WriteContext()
    back = records_of(read_text(write_text(records, context)))
    assert len(back) == count
    for again, original in zip(back, records, strict=True):
        assert_carried(again, original, context)


def test_ris_reader_joins_scopus_references_one_per_line(export: Callable[[str], Path]) -> None:
    (record,) = records_of(read_path(export("scopus_ris_with_refs_asreview.ris")))
    (references,) = [note for note in record.extra["N1"] if note.startswith("References:")]
    assert len(references.split("\n")) > 50
    assert record.pages == "104501"
    assert record.issn == "03064530 (ISSN)"


def test_ris_reader_keeps_wos_paragraphs_and_accession(export: Callable[[str], Path]) -> None:
    first, _ = records_of(read_path(export("wos_ris_asysd.ris")))
    assert first.abstract.count("\n") == 1
    assert first.accession == "WOS:000082252000006"
    assert first.extra["N1"] == [
        "Times Cited in Web of Science Core Collection:  13\n"
        "Total Times Cited:  13\nCited Reference Count:  11"
    ]


def test_ris_reader_reads_endnote_keywords_one_per_line(export: Callable[[str], Path]) -> None:
    _, second = records_of(read_path(export("endnote_ris_export_asysd.ris")))
    assert len(second.keywords) == 32
    assert second.keywords[:2] == ("Access", "Cancer")
    assert second.key == "54411"
    assert second.pages == "120"


# --- writing --------------------------------------------------------------------------------


def test_ris_writer_writes_standard_ris() -> None:
    record = Record(
        title="Online grooming prevention: a scoping review",
        authors=("Okafor, Adaeze", "Lindqvist, Maja"),
        year=2021,
        journal="Journal of Child Safety",
        volume="12",
        issue="3",
        pages="101-118",
        doi="10.1000/jcs.2021.12",
        pub_type="review",
        keywords=("grooming", "prevention"),
        key="rec-1",
    )
    assert write_text([record]) == (
        "TY  - JOUR\n"
        "TI  - Online grooming prevention: a scoping review\n"
        "AU  - Okafor, Adaeze\n"
        "AU  - Lindqvist, Maja\n"
        "PY  - 2021\n"
        "T2  - Journal of Child Safety\n"
        "VL  - 12\n"
        "IS  - 3\n"
        "SP  - 101\n"
        "EP  - 118\n"
        "DO  - 10.1000/jcs.2021.12\n"
        "KW  - grooming\n"
        "KW  - prevention\n"
        "ID  - rec-1\n"
        "M3  - Review\n"
        "ER  - \n\n"
    )


@pytest.mark.parametrize(
    ("pub_type", "code"),
    [
        ("article", "JOUR"),
        ("review", "JOUR"),
        ("conference", "CONF"),
        ("book", "BOOK"),
        ("chapter", "CHAP"),
        ("thesis", "THES"),
        ("report", "RPRT"),
        ("preprint", "UNPB"),
        ("editorial", "JOUR"),
        ("letter", "JOUR"),
        ("erratum", "JOUR"),
        ("other", "GEN"),
        ("", "GEN"),
        ("ELEC", "ELEC"),
        ("Journal Article", "GEN"),
    ],
)
def test_ris_writer_maps_the_publication_type_to_a_type_code(pub_type: str, code: str) -> None:
    assert write_text([Record(pub_type=pub_type)]).startswith(f"TY  - {code}\n")


def test_ris_writer_keeps_the_original_type_code() -> None:
    record = Record(pub_type="article", extra={"TY": ["EJOUR"]})
    text = write_text([record])
    assert text.startswith("TY  - EJOUR\n")
    assert only_record(text).extra["TY"] == ["EJOUR"]


def test_ris_writer_leaves_out_fields_of_other_formats_and_names_them() -> None:
    record = Record(
        title="From a CSV export",
        key="csv-1",
        extra={"Author full names": ["Okafor, Adaeze (123)"], "KW": ["kept apart"]},
    )
    context = WriteContext()
    text = write_text([record], context)
    assert "Okafor" not in text and "kept apart" not in text
    assert list(context.left_out) == ["Author full names", "KW"]
    assert only_record(text).extra == {"TY": ["GEN"]}


def test_ris_writer_leaves_out_a_value_the_reader_would_take_for_an_empty_field() -> None:
    record = Record(
        key="r", pub_type="article", extra={"TY": ["JOUR"], "JO": ["Cancer"], "C2": ["12345"]}
    )
    context = WriteContext()
    back = only_record(write_text([record], context))
    assert (back.journal, back.pmid) == ("", "")
    assert list(context.left_out) == ["JO", "C2"]


def test_ris_writer_does_not_repeat_an_article_number_as_pages() -> None:
    record = only_record("TY  - JOUR\nC7  - 104501\nER  - \n")
    text = write_text([record])
    assert "SP  -" not in text
    assert_same_record(only_record(text), record)


# --- round trip -----------------------------------------------------------------------------

_TAG_LIKE = re.compile(r"[A-Z][A-Z0-9]{1,3} *-")
_letters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
line = (
    st.text(_letters, min_size=1, max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
    .map(lambda text: "x " + text if _TAG_LIKE.match(text) else text)
)
maybe_line = st.one_of(st.just(""), line)
lines = st.lists(line, min_size=1, max_size=3).map("\n".join)
maybe_lines = st.one_of(st.just(""), lines)
digits = st.text("0123456789", min_size=1, max_size=8)
# No M3: its "type of work" refines the record's type (a JOUR whose M3 is "Comment" reads as
# a letter), so an M3 drawn at random beside TY is a record no reader gives.
extra_names = st.sampled_from(
    [
        *("N1", "M1", "AD", "A2", "ED", "C1", "C3", "U1", "ST", "PB", "ABC", "WXYZ"),
        *("Author full names", "mesh terms", "ER", "KW", "N1 "),  # not RIS tags, or taken
        *("TI", "BT", "JO", "J2", "UR", "SP", "EP", "C7", "PY", "DA", "SN", "BN", "C2", "AN"),
        *("ID", "PMID", "VO", "N2"),  # tags the reader takes for a field, if it is empty
    ]
)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
shaped = st.one_of(  # values the reader looks at twice: years, PMIDs, ISBNs
    digits, st.from_regex(r"(19|20)\d\d( [A-Z][a-z]{2})?", fullmatch=True), st.just("0306406152")
)


@st.composite
def ris_records(draw: st.DrawFn) -> Record:
    code = draw(st.sampled_from(["JOUR", "BOOK", "CHAP", "CONF", "GEN", "ELEC"]))
    database = draw(st.sampled_from(["", "Scopus", "Embase", "APA PsycInfo"]))
    extra: dict[str, list[str]] = {"TY": [code]}
    if database:
        extra["DB"] = [database]
    extra.update(
        draw(
            st.dictionaries(
                extra_names, st.lists(st.one_of(lines, any_text, shaped), min_size=1, max_size=3)
            )
        )
    )
    issn = draw(st.one_of(st.just(""), st.from_regex(r"\d{4}-\d{3}[\dX]", fullmatch=True)))
    return Record(
        title=draw(maybe_lines),
        abstract=draw(maybe_lines),
        authors=tuple(draw(st.lists(line, max_size=4))),
        year=draw(st.one_of(st.none(), st.integers(1900, 2100))),
        journal=draw(maybe_line),
        volume=draw(maybe_line),
        issue=draw(maybe_line),
        pages=draw(maybe_line),
        doi=draw(maybe_line),
        pmid=draw(st.one_of(st.just(""), digits)),
        issn=issn,
        isbn=draw(st.one_of(st.just(""), st.from_regex(r"97[89]\d{10}", fullmatch=True))),
        language=draw(maybe_line),
        pub_type=normalize_pub_type(code),
        keywords=tuple(draw(st.lists(line, max_size=4))),
        url=draw(maybe_line),
        database=database,
        accession=draw(st.one_of(st.just(""), line.map(lambda text: "A" + text))),
        key=draw(line),
        extra=extra,
    )


@settings(max_examples=75, deadline=None)
@given(st.lists(ris_records(), min_size=1, max_size=3))
def test_ris_writer_round_trips_every_field_ris_carries(records: list[Record]) -> None:
    context = WriteContext()
    text = write_text(records, context)
    back = records_of(read_text(text))
    assert len(back) == len(records)
    for again, original in zip(back, records, strict=True):
        assert_carried(again, original, context)
    with patch.object(ris, "_CHUNK", 16):  # line by line, not by the fast path
        for again, original in zip(records_of(read_text(text)), records, strict=True):
            assert_carried(again, original, context)


def test_ris_tagged_lines_after_a_records_end_are_a_warning_not_an_error() -> None:
    items = read_path(FIXTURES / "ovid_trailing_links.ris")
    assert [record.title for record in records_of(items)] == [
        "Grazing and ground beetles",
        "Hedgerow age and moth counts",
    ]
    issues = issues_of(items)
    assert [(issue.line, issue.severity) for issue in issues] == [(10, "warning"), (17, "warning")]
    assert "outside any record" in issues[0].message
    assert issues[0].raw.startswith("NL  - https://")


def test_ris_tagged_lines_ending_in_their_own_er_are_still_a_record_lost() -> None:
    text = "TY  - JOUR\nTI  - One\nER  - \nTI  - Two\nAU  - Smith, J\nER  - \n"
    [issue] = issues_of(read_text(text))
    assert (issue.line, issue.severity) == (4, "error")


def test_ris_year_from_a_compact_date_inside_text() -> None:
    report = records_of(read_path(FIXTURES / "trid_and_theses.ris"))[0]
    assert report.year == 2017


def test_ris_thesis_container_naming_a_database_and_a_page_count_are_kept_aside() -> None:
    _, proquest, named = records_of(read_path(FIXTURES / "trid_and_theses.ris"))
    assert (proquest.journal, proquest.pages) == ("", "")
    assert proquest.extra["JF"] == ["ProQuest Dissertations and Theses"]
    assert proquest.extra["SP"] == ["245"]
    # A database named by DB is no container either; a page range stays a page range.
    assert (named.journal, named.pages) == ("", "12-20")


def test_strict_import_takes_a_file_with_lines_after_its_records_ends(review_dir: Path) -> None:
    with Review.open(review_dir) as review:
        report = review.import_file(
            FIXTURES / "ovid_trailing_links.ris", ImportOptions(strict=True)
        )
    assert (report.records, report.skipped, report.warnings) == (2, 0, 2)


@pytest.mark.parametrize(
    ("lines", "pub_type"),
    [
        ("TY  - JOUR\nM3  - Review\n", "review"),
        ("TY  - BOOK\nM3  - Book Chapter\n", "chapter"),
        ("TY  - JOUR\nM3  - Conference Paper\n", "conference"),
        ("TY  - JOUR\nM3  - Empirical Study; Quantitative Study\n", "article"),
        ("TY  - THES\nM3  - Ph.D.\n", "thesis"),
    ],
)
def test_ris_type_of_work_sets_the_type_where_it_says_more_than_ty(lines: str, pub_type) -> None:
    record = only_record(f"{lines}TI  - A title\nER  - \n")
    assert record.pub_type == pub_type
    assert "M3" in record.extra


def test_ris_tagged_lines_holding_a_title_without_ty_or_er_are_a_record_lost() -> None:
    text = "TY  - JOUR\nTI  - One\nER  - \n\nTI  - Two\nAU  - Smith, J\n"
    [issue] = issues_of(read_text(text))
    assert (issue.line, issue.severity) == (5, "error")
