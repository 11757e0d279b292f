"""CSV / TSV tables: vendor layouts by header, line numbers, the export layout round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import records_of
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.errors import FormatError, ParseIssue
from screener.formats import csv_table
from screener.formats.csv_layouts import (
    AUTHOR_FULL_NAMES,
    CITATION,
    EMBASE_SOURCE,
    EXPORT_COLUMNS,
    GENERIC,
    LAYOUTS,
    OPEN_URL,
    PAGE_END,
    PAGE_START,
    Layout,
)
from screener.model import Record, is_text_target

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "csv"


def read_path(path: Path, **options) -> list[Record | ParseIssue]:
    with path.open(encoding="utf-8-sig") as stream:
        return list(csv_table.read(stream, path.name, **options))


def read_text(text: str, **options) -> list[Record | ParseIssue]:
    return list(csv_table.read(io.StringIO(text), "table.csv", **options))


def first_record(name: str, **options) -> Record:
    return records_of(read_path(FIXTURES / name, **options))[0]


@pytest.mark.parametrize(
    ("fixture", "field", "expected"),
    [
        # Scopus 2023+: full names preferred, ids stripped; page range; both keyword kinds.
        ("scopus_2023.csv", "authors", ("Smith, John", "Jones, Kate L.")),
        ("scopus_2023.csv", "title", "Online risk in adolescence"),
        ("scopus_2023.csv", "journal", "Journal of Online Safety"),
        ("scopus_2023.csv", "pages", "101-112"),
        ("scopus_2023.csv", "keywords", ("online risk", "adolescence", "Adolescent", "Internet")),
        ("scopus_2023.csv", "pmid", "36000001"),
        ("scopus_2023.csv", "accession", "2-s2.0-85100000001"),
        ("scopus_2023.csv", "pub_type", "Article"),
        ("scopus_2023.csv", "database", "Scopus"),
        ("scopus_2023.csv", "key", "scopus_2023.csv#1"),
        # PubMed CSV: volume, issue and pages come from the Citation column.
        ("pubmed.csv", "volume", "14"),
        ("pubmed.csv", "issue", "2"),
        ("pubmed.csv", "pages", "33-41"),
        ("pubmed.csv", "pmid", "36000002"),
        ("pubmed.csv", "key", "36000002"),
        ("pubmed.csv", "journal", "J Online Saf"),
        ("pubmed.csv", "year", 2022),
        ("pubmed.csv", "database", "PubMed"),
        # Embase: first/last page, Emtree terms as keywords, accession id.
        ("embase.csv", "authors", ("Liu R.", "Chen M.")),
        ("embase.csv", "pages", "700-708"),
        ("embase.csv", "keywords", ("therapy", "adolescents", "adolescent", "outcome assessment")),
        ("embase.csv", "accession", "L2010000001"),
        ("embase.csv", "pmid", "33000001"),
        ("embase.csv", "database", "Embase"),
        # BibTeX-style columns (bib-dedupe benchmark sets).
        ("bibtex_columns.csv", "key", "id_0000001"),
        ("bibtex_columns.csv", "pub_type", "article"),
        ("bibtex_columns.csv", "issue", "3"),
        ("bibtex_columns.csv", "pages", "221-8"),
        ("bibtex_columns.csv", "database", ""),
        # Screening data sets: record_id is the key, labels stay in extra.
        ("screening.csv", "key", "7"),
        ("screening.csv", "abstract", "An abstract, quoted."),
        ("screening.csv", "extra", {"label_included": ["1"]}),
        # Generic tab-separated table.
        ("generic.tsv", "title", "A tab-separated title"),
        ("generic.tsv", "authors", ("Doe, Jane", "Roe, Richard")),
        ("generic.tsv", "journal", "Journal of Tables"),
        ("generic.tsv", "extra", {"Notes": ["read in full"]}),
    ],
)
def test_csv_layouts_map_vendor_columns(fixture: str, field: str, expected) -> None:
    assert getattr(first_record(fixture), field) == expected


@pytest.mark.parametrize("layout", [*LAYOUTS, GENERIC], ids=lambda layout: layout.name)
def test_csv_layout_columns_fill_record_fields_or_a_composite_the_reader_assembles(
    layout: Layout,
) -> None:
    composite = {
        *("authors", "keywords", "year", AUTHOR_FULL_NAMES, PAGE_START, PAGE_END, CITATION),
        *(EMBASE_SOURCE, OPEN_URL),
    }
    unknown = {t for t in layout.columns.values() if not is_text_target(t) and t not in composite}
    assert unknown == set()


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("title,year,date\nA,,2019-05\n", 2019),
        ("title,date,year\nA,2018,2020\n", 2018),
        ("title,publication year,year\nA,unknown,2020\n", None),
    ],
)
def test_csv_year_comes_from_the_first_year_column_with_a_value(
    text: str, year: int | None
) -> None:
    [record] = records_of(read_text(text))
    assert record.year == year


def test_csv_unmapped_scopus_columns_stay_in_extra() -> None:
    record = records_of(read_path(FIXTURES / "scopus_2023.csv"))[1]
    assert record.extra["Art. No."] == ["e2700"]
    assert record.extra["Abbreviated Source Title"] == ["Child Abuse Rev."]
    assert "Open Access" not in record.extra  # empty cells are not kept


def test_csv_pubmed_citation_without_issue_gives_volume_and_pages() -> None:
    record = records_of(read_path(FIXTURES / "pubmed.csv"))[1]
    assert (record.volume, record.issue, record.pages) == ("372", "", "n12")


def test_csv_semicolon_table_needs_a_mapping_for_a_foreign_title_column() -> None:
    with pytest.raises(FormatError, match=r"no title column; use --map title=COLUMN"):
        read_path(FIXTURES / "generic_semicolon.csv")
    mapping = {"title": "Titel", "year": "jahr", "authors": "Autoren", "journal": "Zeitschrift"}
    record = first_record("generic_semicolon.csv", mapping=mapping)
    assert record.title == "Ein Titel; mit Semikolon"
    assert (record.year, record.authors, record.journal) == (
        2019,
        ("Meier, Hans",),
        "Zeitschrift für Tests",
    )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"headline": "title"}, "unknown record field 'headline'"),
        ({"title": "Headline"}, "no column 'Headline'"),
    ],
)
def test_csv_mapping_with_unknown_field_or_column_is_refused(mapping, message) -> None:
    with pytest.raises(FormatError, match=message):
        read_text("title,year\nA,2020\n", mapping=mapping)


def test_csv_mapping_replaces_the_layout_choice_for_that_field() -> None:
    [record] = records_of(
        read_text("title,short title\nLong one,Short\n", mapping={"title": "short title"})
    )
    assert record.title == "Short"
    assert record.extra == {"title": ["Long one"]}


def test_csv_row_with_wrong_cell_count_is_skipped_with_its_physical_line() -> None:
    text = 'title,abstract,year\nFirst,"two\nlines",2001\nBroken,row\nThird,,2003\n'
    items = read_text(text)
    assert [(item.line, item.title) for item in records_of(items)] == [(2, "First"), (5, "Third")]
    [issue] = [item for item in items if isinstance(item, ParseIssue)]
    assert (issue.line, issue.raw, issue.severity) == (4, "Broken,row", "error")
    assert "2 cells" in issue.message


# rows after the header; the titles read and the (line, severity) of each issue
STRAY_QUOTES = [
    pytest.param(
        ['1,"Title with a stray quote,2020', '2,"Next",2021', "3,Third,2022"],
        ["Title with a stray quote", "Next", "Third"],
        [(2, "warning")],
        id="closed by a quote on the next line",
    ),
    pytest.param(
        ['1,"Title with a stray quote,2020', "2,Next,2021", "3,Third,2022"],
        ["Title with a stray quote", "Next", "Third"],
        [(2, "warning")],
        id="never closed",
    ),
    pytest.param(
        ['1,"Stray,2020', '2,"Stray too,2021', "3,Third,2022"],
        ["Stray", "Stray too", "Third"],
        [(2, "warning"), (3, "warning")],
        id="on every line",
    ),
    # A quoted cell that spans lines is no stray quote: the lines after it are not rows.
    pytest.param(
        ['1,"Title, with\ntwo lines",2020', "2,Next,2021"],
        ["Title, with\ntwo lines", "Next"],
        [],
        id="cell spanning lines",
    ),
    pytest.param(
        ['1,Title,"Year that', 'goes on"'],
        ["Title"],
        [],
        id="last cell spanning lines",
    ),
]


@pytest.mark.parametrize(("rows", "titles", "issues"), STRAY_QUOTES)
def test_csv_stray_quote_does_not_merge_the_rows_after_it(
    rows: list[str], titles: list[str], issues: list[tuple[int, str]]
) -> None:
    items = read_text("id,title,year\n" + "\n".join(rows) + "\n")
    assert [record.title for record in records_of(items)] == titles
    found = [item for item in items if isinstance(item, ParseIssue)]
    assert [(issue.line, issue.severity) for issue in found] == issues
    assert all("not closed on this line" in issue.message for issue in found)


def test_csv_rows_after_a_stray_quote_keep_their_lines_keys_and_text() -> None:
    items = read_text('id,title,year\n1,"Stray,2020\n2,Next,2021\n')
    assert [(r.key, r.line, r.raw, r.year) for r in records_of(items)] == [
        ("1", 2, '1,"Stray,2020', 2020),
        ("2", 3, "2,Next,2021", 2021),
    ]


@pytest.mark.parametrize("year", ["²", "123456789012345678901234"])
def test_csv_year_that_is_no_year_is_none_rather_than_a_crash(year: str) -> None:
    [record] = records_of(read_text(f"title,year\nA,{year}\n"))
    assert record.year is None


def test_csv_trailing_empty_cells_beyond_the_header_are_tolerated() -> None:
    [record] = records_of(read_text("title,year\nA,2020,,\n"))
    assert (record.title, record.year) == ("A", 2020)


def test_csv_record_keeps_its_row_text_and_ordinal_key() -> None:
    records = records_of(read_text('title,year\n\nA,2020\n"B, quoted",2021\n'))
    assert [(r.key, r.line, r.raw) for r in records] == [
        ("table.csv#1", 3, "A,2020"),
        ("table.csv#2", 4, '"B, quoted",2021'),
    ]


@pytest.mark.parametrize(
    ("relative", "count"),
    [
        ("exports/scopus_csv_2019_litsearchr.csv", 3),
        ("exports/pubmed_csv_colrev.csv", 1),
        ("dedup/special_cases/records_pre_merged.csv", 12),
        ("dedup/stroke/records_pre_merged.csv", 1292),
        ("dedup/haematology/records_pre_merged.csv", 1415),
        ("screening/Kitchenham_2010.csv", 1704),
        ("screening/Sep_2021.csv", 271),
        ("screening/cohen_2006/ADHD.csv", 851),
    ],
)
def test_csv_real_samples_read_completely(shared_data: Path, relative: str, count: int) -> None:
    path = shared_data / relative
    if not path.exists():
        pytest.skip(f"{relative} not available")
    items = read_path(path)
    assert [item for item in items if isinstance(item, ParseIssue)] == []
    assert len(items) == count


def test_csv_real_scopus_2019_sample_maps_authors_pages_and_database(shared_data: Path) -> None:
    path = shared_data / "exports" / "scopus_csv_2019_litsearchr.csv"
    if not path.exists():
        pytest.skip("Scopus sample not available")
    record = records_of(read_path(path))[0]
    assert record.authors[0] == "Craig C."
    assert (record.volume, record.pages, record.database) == ("438", "134-141", "Scopus")
    assert record.accession == "2-s2.0-85061613518"


def test_csv_writer_writes_the_export_columns_in_order() -> None:
    out = io.StringIO()
    record = Record(title="T", authors=("Smith, J", "Jones, K"), year=2020, key="k", id=7)
    assert csv_table.write([record], out, status_of=lambda r: "included") == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == EXPORT_COLUMNS
    assert header[:14] == ["id", "key", "status", "title", "authors", "year", "journal", "volume",
                           "issue", "pages", "doi", "pmid", "abstract", "database"]  # fmt: skip
    assert row[:6] == ["7", "k", "included", "T", "Smith, J; Jones, K", "2020"]


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=already", "''=already"),
        ("'plain", "'plain"),
        ("plain = fine", "plain = fine"),
    ],
)
def test_csv_writer_neutralises_formula_cells_and_reader_undoes_it(title: str, cell: str):
    out = io.StringIO()
    csv_table.write([Record(title=title, key="k")], out)
    row = list(csv.reader(io.StringIO(out.getvalue())))[1]
    assert row[3] == cell
    [back] = records_of(read_text(out.getvalue()))
    assert back.title == title


printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" "),
    max_size=40,
).map(str.strip)
formula_like = st.sampled_from(["=1+1", "+x", "-1", "@A1", "'=q", "''"])
text = printable | formula_like
item = printable.filter(lambda value: value and ";" not in value)
records = st.builds(
    Record,
    title=text,
    abstract=text,
    authors=st.lists(item, max_size=4).map(tuple),
    year=st.none() | st.integers(1000, 2100),
    journal=text,
    volume=text,
    issue=text,
    pages=text,
    doi=text,
    pmid=st.from_regex(r"[0-9]{0,8}", fullmatch=True),
    issn=text,
    isbn=text,
    language=text,
    pub_type=text,
    keywords=st.lists(item, max_size=3).map(tuple),
    url=text,
    database=text,
    accession=text,
    key=st.from_regex(r"[A-Za-z0-9_#.-]{1,12}", fullmatch=True),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(records, max_size=4))
def test_csv_write_then_read_gives_the_same_records(originals: list[Record]) -> None:
    out = io.StringIO()
    assert csv_table.write(originals, out) == len(originals)
    items = read_text(out.getvalue())
    assert records_of(items) == originals


def test_scopus_placeholder_for_a_missing_abstract_is_not_an_abstract() -> None:
    import io

    from screener.formats import csv_table

    text = (
        "Authors,Title,Year,Abstract,Source\nSmith J.,A study,2020,[No abstract available],Scopus\n"
    )
    (record,) = list(csv_table.read(io.StringIO(text), "scopus.csv"))
    assert record.abstract == ""
    assert record.title == "A study"
