"""CSL-JSON: items as Zotero and citation processors write them, and screener's own export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import issues_of, records_of
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.errors import FormatError, ParseIssue
from screener.formats import csl_json, read_file
from screener.formats.detect import detect_format
from screener.model import Record

ZOTERO_ITEMS = """[
  {
    "id": "http://zotero.org/users/1/items/ABCD1234",
    "type": "article-journal",
    "title": "Online risk in adolescence",
    "container-title": "Journal of Online Safety",
    "volume": "12",
    "issue": 3,
    "page": "45-50",
    "DOI": "10.1000/jos.2020.12",
    "ISSN": "1234-5678",
    "abstract": "We studied risk.",
    "keyword": "online safety, risk",
    "language": "en",
    "author": [
      {"family": "Smith", "given": "John"},
      {"family": "Berg", "given": "Anna", "non-dropping-particle": "van den"},
      {"literal": "World Health Organization"}
    ],
    "issued": {"date-parts": [[2020, 3, 1]]},
    "publisher": "Academic Press",
    "accessed": {"date-parts": [[2024, 1, 2]]}
  },
  {
    "id": "item2",
    "type": "paper-conference",
    "title": "A conference paper",
    "issued": {"raw": "June 2019"}
  }
]
"""


def read_text(text: str) -> list[Record | ParseIssue]:
    return list(csl_json.read(io.StringIO(text), "items.json"))


@pytest.fixture(scope="module")
def zotero() -> list[Record]:
    items = read_text(ZOTERO_ITEMS)
    assert all(isinstance(item, Record) for item in items)
    return items  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("key", "http://zotero.org/users/1/items/ABCD1234"),
        ("title", "Online risk in adolescence"),
        ("authors", ("Smith, John", "van den Berg, Anna", "World Health Organization")),
        ("year", 2020),
        ("journal", "Journal of Online Safety"),
        ("issue", "3"),
        ("pages", "45-50"),
        ("doi", "10.1000/jos.2020.12"),
        ("keywords", ("online safety", "risk")),
        ("pub_type", "article"),
        ("line", 2),
    ],
)
def test_csl_item_maps_fields(zotero: list[Record], field: str, expected) -> None:
    assert getattr(zotero[0], field) == expected


def test_csl_unmapped_variables_stay_in_extra(zotero: list[Record]) -> None:
    assert zotero[0].extra == {
        "publisher": ["Academic Press"],
        "accessed": ['{"date-parts": [[2024, 1, 2]]}'],
    }


def test_csl_second_item_reads_type_and_raw_date(zotero: list[Record]) -> None:
    assert (zotero[1].pub_type, zotero[1].year, zotero[1].line) == ("conference", 2019, 24)


def test_csl_single_object_is_read_as_one_item() -> None:
    [record] = read_text('{"id": "one", "title": "Alone"}')
    assert isinstance(record, Record) and (record.key, record.title) == ("one", "Alone")


def test_csl_array_element_that_is_not_an_object_is_an_issue() -> None:
    items = read_text('[\n{"title": "A"},\n"stray"\n]')
    assert isinstance(items[0], Record) and items[0].key == "items.json#1"
    assert isinstance(items[1], ParseIssue) and items[1].line == 3


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[\n  {"title": "A"},\n  {"title": "B",}\n]', 3),
        ('[\n  {"title": "A"}\n  {"title": "B"}\n]', 3),
        ('"just a string"', 1),
        ('[{"title": "A"}] trailing', 1),
    ],
)
def test_csl_bad_json_raises_with_its_line(text: str, line: int) -> None:
    with pytest.raises(FormatError) as raised:
        read_text(text)
    assert (raised.value.file, raised.value.line) == ("items.json", line)


# an item's `author` value, the names read and the warning's start ("" for none)
AUTHOR_VALUES = [
    ('[{"family": "Smith", "given": "John"}]', ("Smith, John",), ""),
    ("[]", (), ""),
    ("null", (), ""),
    ('"Smith, John"', ("Smith, John",), "author is a string"),
    ('"Smith, John; Doe, Jane"', ("Smith, John", "Doe, Jane"), "author is a string"),
    ('"John Smith and Jane Doe"', ("John Smith", "Jane Doe"), "author is a string"),
    ('{"family": "Smith", "given": "John"}', ("Smith, John",), "author is one name"),
    ("5", (), "author is int"),
]


@pytest.mark.parametrize(("value", "authors", "warning"), AUTHOR_VALUES)
def test_csl_author_not_given_as_a_list_of_names_is_read_as_names_with_a_warning(
    value: str, authors: tuple[str, ...], warning: str
) -> None:
    items = read_text('[\n{"title": "A"},\n{"title": "B", "author": ' + value + "}\n]")
    records = [item for item in items if isinstance(item, Record)]
    issues = [item for item in items if isinstance(item, ParseIssue)]
    assert records[1].authors == authors
    if warning:
        [issue] = issues
        assert (issue.line, issue.severity) == (3, "warning")
        assert issue.message.startswith(warning)
    else:
        assert issues == []


@pytest.mark.parametrize(
    ("issued", "year"),
    [("[[2020]]", 2020), ('[["2019"]]', 2019), ("[[true]]", None), ("[[123456789012345]]", None)],
)
def test_csl_year_is_a_year_or_none(issued: str, year: int | None) -> None:
    [record] = read_text('[{"issued": {"date-parts": ' + issued + "}}]")
    assert isinstance(record, Record) and record.year == year


def test_csl_json_nested_too_deeply_raises_a_format_error_with_its_line() -> None:
    with pytest.raises(FormatError, match="nested too deeply") as raised:
        read_text('[\n  {"title": "A"},\n  ' + "[" * 100_000 + "\n]")
    assert (raised.value.file, raised.value.line) == ("items.json", 3)


def test_csl_writer_writes_standard_variables() -> None:
    record = Record(
        title="T",
        authors=("Smith, John", "World Health Organization"),
        year=2020,
        journal="J",
        doi="10.1/x",
        pmid="123",
        pub_type="review",
        keywords=("a", "b"),
        key="k1",
        database="PubMed",
        accession="WOS:1",
    )
    out = io.StringIO()
    assert csl_json.write([record], out) == 1
    [item] = json.loads(out.getvalue())
    assert item["id"] == "k1"
    assert (item["type"], item["genre"]) == ("article-journal", "review")
    assert item["author"] == [
        {"family": "Smith", "given": "John"},
        {"literal": "World Health Organization"},
    ]
    assert item["issued"] == {"date-parts": [[2020]]}
    assert (item["container-title"], item["DOI"], item["PMID"]) == ("J", "10.1/x", "123")
    assert (item["keyword"], item["source"]) == ("a; b", "PubMed")
    assert item["custom"] == {"accession": "WOS:1"}


def test_csl_writer_of_nothing_writes_an_empty_array() -> None:
    out = io.StringIO()
    assert csl_json.write([], out) == 0
    assert json.loads(out.getvalue()) == []


printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" "),
    max_size=30,
)
item_text = printable.map(str.strip).filter(lambda value: value and ";" not in value)
word = item_text.filter(lambda value: "," not in value)
authors = st.lists(word | st.builds("{}, {}".format, word, word), max_size=3)
records = st.builds(
    Record,
    title=printable,
    abstract=printable,
    authors=authors.map(tuple),
    year=st.none() | st.integers(1000, 2100),
    journal=printable,
    volume=printable,
    issue=printable,
    pages=printable,
    doi=printable,
    pmid=printable,
    issn=printable,
    isbn=printable,
    language=printable,
    pub_type=st.sampled_from(["", "article", "review", "book", "chapter", "preprint", "other"]),
    keywords=st.lists(item_text.filter(lambda w: w == w.strip(" ,")), max_size=3).map(tuple),
    url=printable,
    database=printable,
    accession=printable,
    key=st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True),
    extra=st.dictionaries(
        st.sampled_from(["publisher", "N1", "title", "note"]),
        st.lists(printable, min_size=1, max_size=2),
        max_size=2,
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(records, max_size=3))
def test_csl_write_then_read_gives_the_same_records(originals: list[Record]) -> None:
    out = io.StringIO()
    csl_json.write(originals, out)
    back = read_text(out.getvalue())
    assert back == originals
    assert [record.extra for record in back] == [record.extra for record in originals]


def test_publish_or_perish_json_is_told_from_csl_by_its_keys_and_mapped() -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "csl_json" / "publish_or_perish.json"
    assert detect_format(path) == "json"
    items = list(read_file(path))
    assert issues_of(items) == []
    article, book = records_of(items)
    assert article.authors == ("Okafor, A. B.", "Lindqvist, C.", "Haddad, D.")
    assert (article.year, article.journal, article.volume, article.issue, article.pages) == (
        2019,
        "Journal of Soil Management",
        "12",
        "3",
        "101-112",
    )
    assert (article.doi, article.key, article.url) == (
        "10.1000/jsm.2019.12",
        "GS:abc123",
        "https://journal.example.org/jsm/2019/12",
    )
    assert article.extra["cites"] == ["41"]
    # A 0 volume or page is none; the list cut off with an ellipsis keeps its named authors.
    assert (book.volume, book.issue, book.pages, book.year) == ("", "", "", 2015)
    assert (book.authors, book.pub_type) == (("Ruiz, E.",), "book")


def test_a_csl_item_with_a_scholar_looking_key_stays_csl() -> None:
    text = '[{"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Li"}],'
    text += ' "issued": {"date-parts": [[2020]]}, "cites": 4}]'
    [record] = records_of(list(csl_json.read(io.StringIO(text), "a.json")))
    assert (record.authors, record.year, record.pub_type) == (("Li",), 2020, "article")
