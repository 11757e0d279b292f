"""BibTeX: what a reviewer gets from a .bib file, and what screener writes back."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from conftest import issues_of, records_of
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.errors import ParseIssue
from screener.formats import bibtex
from screener.formats.export_context import WriteContext
from screener.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bibtex"


def read_text(text: str, name: str = "test.bib") -> list[Record | ParseIssue]:
    return list(bibtex.read(io.StringIO(text), name))


@pytest.fixture(scope="module")
def sample() -> list[Record | ParseIssue]:
    with (FIXTURES / "sample.bib").open(encoding="utf-8") as stream:
        return list(bibtex.read(stream, "sample.bib"))


@pytest.fixture(scope="module")
def by_key(sample: list[Record | ParseIssue]) -> dict[str, Record]:
    return {record.key: record for record in records_of(sample)}


@pytest.mark.parametrize(
    ("key", "field", "expected"),
    [
        ("smith2020", "title", "Online DNA of Österreich: risk & protective factors"),
        ("smith2020", "authors", ("Smith, John", "Jörgensen, Kari", "World Health Organization")),
        ("smith2020", "journal", "Journal of Online Safety"),  # from an @string macro
        ("smith2020", "year", 2020),
        ("smith2020", "volume", "12"),
        ("smith2020", "issue", "3"),
        ("smith2020", "pages", "45-50"),
        ("smith2020", "doi", "10.1000/jos.2020.12"),
        ("smith2020", "keywords", ("online safety", "adolescents, risk")),
        ("smith2020", "abstract", "We studied risk factors."),
        ("smith2020", "pub_type", "article"),
        ("smith2020", "line", 4),
        ("lee2019", "journal", "Proceedings of the Workshop on Safety"),
        ("lee2019", "year", 2019),
        ("lee2019", "keywords", ("grooming", "detection")),
        ("lee2019", "pub_type", "inproceedings"),
        ("garcia2018", "authors", ("García, Ana", "Müller, J.")),
        ("garcia2018", "title", "Books and LaTeX in α-studies"),
        ("garcia2018", "isbn", "978-0-12-345678-9"),
    ],
)
def test_bibtex_reader_maps_fields(by_key: dict[str, Record], key: str, field: str, expected):
    assert getattr(by_key[key], field) == expected


def test_bibtex_reader_keeps_unmapped_fields_in_extra(by_key: dict[str, Record]) -> None:
    assert by_key["smith2020"].extra == {"note": ["Cited by: 4"]}
    assert by_key["garcia2018"].extra == {"publisher": ["Academic Press"]}
    assert by_key["lee2019"].extra == {"date": ["2019-06-01"]}


def test_bibtex_reader_keeps_the_entry_text_as_raw(by_key: dict[str, Record]) -> None:
    assert by_key["lee2019"].raw.startswith("@inproceedings{lee2019,")
    assert by_key["lee2019"].raw.rstrip().endswith("}")


def test_bibtex_reader_reports_a_failed_block_with_its_line(sample) -> None:
    errors = [issue for issue in issues_of(sample) if issue.severity == "error"]
    assert [(issue.line, issue.file) for issue in errors] == [(27, "sample.bib")]
    assert "comma" in errors[0].message


def test_bibtex_reader_keeps_an_entry_with_a_repeated_key_and_warns(sample, by_key) -> None:
    warnings = [issue for issue in issues_of(sample) if issue.severity == "warning"]
    assert [issue.line for issue in warnings] == [31]
    assert "smith2020" in warnings[0].message and "line 4" in warnings[0].message
    assert by_key["smith2020-2"].title == "A second entry with the same key"
    assert by_key["smith2020-2"].year == 2021


def test_bibtex_a_key_repeated_thousands_of_times_is_made_unique_in_linear_time() -> None:
    # Each repeat used to try every suffix taken before it: 8,000 took six seconds.
    text = "@article{dup, title = {T}}\n" * 8000
    started = time.perf_counter()
    records = records_of(read_text(text))
    assert time.perf_counter() - started < 3
    assert [record.key for record in records[:3]] == ["dup", "dup-2", "dup-3"]
    assert records[-1].key == "dup-8000"


def test_bibtex_reader_yields_records_and_issues_in_file_order(sample) -> None:
    lines = [item.line for item in sample]
    assert lines == sorted(lines)


def test_bibtex_reader_reads_entries_after_a_failed_block() -> None:
    items = read_text("@article{a,\n title = {unclosed\n\n@article{b, title = {After}}\n")
    assert [record.title for record in records_of(items)] == ["After"]
    assert [issue.line for issue in issues_of(items)] == [1]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"M\"uller", "Müller"),
        (r"M\"{u}ller", "Müller"),
        (r"Garc{\'\i}a", "García"),
        (r"\c{C}elik", "Çelik"),
        (r"\v{S}koda", "Škoda"),
        (r"{\o}stergaard", "østergaard"),
        (r"Stra{\ss}e", "Straße"),
        (r"The {DNA} of {RNA}", "The DNA of RNA"),
        (r"Risk \& resilience, 50\%", "Risk & resilience, 50%"),
        (r"\emph{in vivo} studies", "in vivo studies"),
        (r"$\beta$-blockers", "β-blockers"),
        (r"J.~Smith", "J. Smith"),
        (r"a\_b \#1 \$5", "a_b #1 $5"),
        (r"\textbackslash{}n and \textbraceleft{}x\textbraceright{}", "\\n and {x}"),
    ],
)
def test_latex_in_values_is_decoded_to_unicode(latex: str, text: str) -> None:
    assert bibtex.decode_latex(latex) == text


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Smith, J. and Jones, K.", ("Smith, J.", "Jones, K.")),
        ("Smith, J. AND Jones, K.", ("Smith, J.", "Jones, K.")),
        ("{Barnes and Noble} and Anderson, A.", ("Barnes and Noble", "Anderson, A.")),
        ("Smith, J. and others", ("Smith, J.",)),
        ("Smith,\n  J. and\n  Jones, K.", ("Smith, J.", "Jones, K.")),
    ],
)
def test_bibtex_authors_split_on_and_outside_braces(authors: str, expected) -> None:
    [record] = records_of(read_text(f"@article{{k, author = {{{authors}}}, title = {{T}}}}"))
    assert record.authors == expected


def test_bibtex_concatenated_values_and_macros_are_resolved() -> None:
    text = (
        '@string{j = {Journal}}\n@ARTICLE{K, TITLE = "Quoted {V}alue", Journal = j # { of Tests}}'
    )
    [record] = records_of(read_text(text))
    assert (record.title, record.journal, record.pub_type) == (
        "Quoted Value",
        "Journal of Tests",
        "article",
    )


# an entry's fields; the journal read, and (line, start of the message) of each warning
VALUES_BIBTEX_WOULD_NOT_READ = [
    pytest.param(
        "journal = jama",
        "jama",
        [(3, "journal: @string 'jama' is not defined")],
        id="undefined @string",
    ),
    pytest.param(
        "journal = jama # { Suppl}",
        "jama Suppl",
        [(3, "journal: @string 'jama'")],
        id="undefined in a concatenation",
    ),
    pytest.param("journal = jos", "Journal of Safety", [], id="defined @string"),
    pytest.param("journal = {J}, month = jan", "J", [], id="month macro"),
    pytest.param("journal = {J}, year = 2020", "J", [], id="bare number"),
    pytest.param(
        "journal = {J} junk",
        "J",
        [(3, "journal: text after the value ignored: 'junk'")],
        id="junk after braces",
    ),
    pytest.param(
        'journal = "J" junk',
        "J",
        [(3, "journal: text after the value ignored")],
        id="junk after quotes",
    ),
    pytest.param(
        "journal = {J}{K}",
        "J",
        [(3, "journal: text after the value ignored: '{K}'")],
        id="two values",
    ),
    pytest.param(
        "journal = jos # {A} junk",
        "Journal of SafetyA",
        [(3, "journal: text after the value")],
        id="junk in a concatenation",
    ),
    pytest.param(
        "journal = 20x20", "20x20", [(3, "journal: not a BibTeX value: '20x20'")], id="not a value"
    ),
]


@pytest.mark.parametrize(("fields", "journal", "warnings"), VALUES_BIBTEX_WOULD_NOT_READ)
def test_bibtex_value_bibtex_would_not_read_as_written_is_a_warning_at_its_line(
    fields: str, journal: str, warnings: list[tuple[int, str]]
) -> None:
    text = f'@string{{jos = "Journal of Safety"}}\n@article{{k,\n  {fields},\n  title = {{T}}\n}}\n'
    items = read_text(text)
    [record] = records_of(items)
    assert (record.journal, record.title) == (journal, "T")
    found = issues_of(items)
    assert [issue.line for issue in found] == [line for line, _ in warnings]
    for issue, (_, start) in zip(found, warnings, strict=True):
        assert issue.message.startswith(start) and issue.severity == "warning"


@pytest.mark.parametrize(
    ("text", "titles", "line"),
    [
        pytest.param(
            "@article{a, title = {A}} }\n@article{b, title = {B}}\n", ["A", "B"], 1, id="junk"
        ),
        pytest.param("@article{a, title = {A}}\n\narticle{b, title = {B}}\n", ["A"], 3, id="no @"),
    ],
)
def test_bibtex_text_outside_entries_that_holds_data_is_a_warning(
    text: str, titles: list[str], line: int
) -> None:
    items = read_text(text)
    assert [record.title for record in records_of(items)] == titles
    [issue] = issues_of(items)
    assert (issue.line, issue.severity, issue.message) == (
        line,
        "warning",
        "text outside any entry ignored",
    )


def test_bibtex_comments_outside_entries_are_no_warning() -> None:
    text = "% Encoding: UTF-8\nA note, not data.\n@article{a, title = {A}}\n%% = {}\n"
    assert issues_of(read_text(text)) == []


CROSSREF = """@inproceedings{paper,
  title = {A paper},
  author = {Lee, Min-Ji},
  pages = {1--10},
  crossref = {PROC},
}

@proceedings{proc,
  title = {Proceedings of the Workshop on Safety},
  year = {2019},
  publisher = {ACM},
  doi = {10.1000/proc},
  pages = {1--200},
  editor = {Chan, May},
}
"""


def test_bibtex_entry_inherits_what_it_lacks_from_the_entry_its_crossref_names() -> None:
    items = read_text(CROSSREF)
    assert issues_of(items) == []
    [paper] = records_of(items)  # the proceedings only serve as its crossref
    assert (paper.title, paper.journal, paper.year, paper.pages) == (
        "A paper",
        "Proceedings of the Workshop on Safety",
        2019,
        "1-10",
    )
    assert paper.doi == ""  # the proceedings' DOI is not the paper's
    assert paper.extra["publisher"] == ["ACM"] and paper.extra["editor"] == ["Chan, May"]


def test_bibtex_crossref_naming_no_entry_is_a_warning_at_its_line() -> None:
    items = read_text(CROSSREF.replace("PROC", "missing"))
    assert records_of(items)[0].year is None
    [issue] = issues_of(items)
    assert (issue.line, issue.severity) == (5, "warning")
    assert "crossref 'missing' names no other entry" in issue.message


def test_bibtex_entry_without_key_field_uses_the_citation_key() -> None:
    [record] = records_of(read_text("@misc{only-key, title = {T}}"))
    assert (record.key, record.pub_type) == ("only-key", "misc")


def test_bibtex_writer_sanitises_and_deduplicates_keys() -> None:
    records = [Record(title="A", key="pubmed.nbib#3"), Record(title="B", key="pubmed.nbib#3")]
    records.append(Record(title="C"))
    out = io.StringIO()
    assert bibtex.write(records, out) == 3
    assert [record.key for record in records_of(read_text(out.getvalue()))] == [
        "pubmed.nbib_3",
        "pubmed.nbib_3-2",
        "record3",
    ]


@pytest.mark.parametrize(
    ("pub_type", "entry_type", "container"),
    [
        ("article", "article", "journal"),
        ("review", "article", "journal"),
        ("conference", "inproceedings", "booktitle"),
        ("chapter", "incollection", "booktitle"),
        ("book", "book", "journal"),
        ("thesis", "phdthesis", "journal"),
        ("", "misc", "journal"),
    ],
)
def test_bibtex_writer_picks_entry_type_and_container_field(pub_type, entry_type, container):
    out = io.StringIO()
    bibtex.write([Record(title="T", journal="Venue", pub_type=pub_type, key="k")], out)
    assert out.getvalue().startswith(f"@{entry_type}{{k,")
    assert f"  {container} = {{Venue}}," in out.getvalue()


def test_bibtex_writer_writes_back_bibtex_fields_only_and_names_the_others() -> None:
    record = Record(
        title="T", key="k", extra={"publisher": ["P"], "bad name": ["x"], "N1": ["a", "b"]}
    )
    out = io.StringIO()
    context = WriteContext()
    bibtex.write([record], out, context=context)
    [back] = records_of(read_text(out.getvalue()))
    assert back.extra == {"publisher": ["P"]}
    assert list(context.left_out) == ["bad name", "N1"]


# Printable text as BibTeX must carry it: no control characters, no line breaks (a line
# break in a BibTeX value is a space), no surrounding blanks.
printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" "),
    max_size=40,
).map(str.strip)
name_part = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzÅÉÖüçøñ'-ÆŁ"), min_size=1, max_size=12
)
authors = st.lists(
    st.builds(
        lambda family, given: f"{family.capitalize()}, {given.capitalize()}", name_part, name_part
    ),
    max_size=4,
)
keyword = printable.filter(lambda word: word and ";" not in word and word == word.strip(" ,"))
records = st.builds(
    Record,
    title=printable,
    abstract=printable,
    authors=authors.map(tuple),
    year=st.none() | st.integers(1800, 2100),
    journal=printable,
    volume=printable,
    pages=st.sampled_from(["", "45-50", "e1234", "101"]),
    doi=st.sampled_from(
        [
            "",
            "10.1000/abc_12%3",
            "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2",
        ]
    ),
    keywords=st.lists(keyword, max_size=3).map(tuple),
    url=st.sampled_from(["", "https://example.org/a_b?c=1&d=%20#top"]),
    pub_type=st.sampled_from(["article", "book", "inproceedings", "misc", "phdthesis"]),
    key=st.from_regex(r"[a-z][a-z0-9:_-]{0,10}", fullmatch=True),
    extra=st.dictionaries(
        st.sampled_from(["note", "publisher", "address", "month"]),
        printable.filter(bool).map(lambda value: [value]),
        max_size=2,
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(records, max_size=4, unique_by=lambda record: record.key))
def test_bibtex_write_then_read_gives_the_same_records(originals: list[Record]) -> None:
    out = io.StringIO()
    assert bibtex.write(originals, out) == len(originals)
    items = read_text(out.getvalue())
    assert issues_of(items) == []
    back = records_of(items)
    assert back == originals
    assert [record.extra for record in back] == [record.extra for record in originals]


@pytest.mark.parametrize("year", ["²", "123456789012345678901234"])
def test_bibtex_a_year_of_unicode_digits_is_no_year_rather_than_a_crash(year: str) -> None:
    # A number too long for the store's integers crashed the import, too.
    [record] = bibtex.read(io.StringIO(f"@article{{a, title={{T}}, year={{{year}}}}}"), "x.bib")
    assert isinstance(record, Record)
    assert record.year is None
