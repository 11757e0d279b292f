"""Fuzzing every reader on mutated fixtures: whatever the bytes, a read ends in records and
issues with lines, or in a FormatError naming the file, never in a traceback, and within a
time bound per megabyte.

Each example takes one of our fixtures, repeats its records to make a file of some size,
then mutates it: bytes flipped, the file cut anywhere, text inserted or deleted (Rich
markup, terminal escapes, NULs, quotes and braces, bytes that are not UTF-8, a format's own
tags) and one token replaced everywhere (CR-only line ends, every quote doubled). The file
is read as an import reads it (`formats.read_file`: sniffing its codec, the format's reader,
normalisation), with the format named so that every reader meets every mutation.

SCREENER_FUZZ_EXAMPLES sets the examples per reader (default 150, about 15 s for the module
on two cores); a few thousand make a deeper search:

    SCREENER_FUZZ_EXAMPLES=3000 python -m pytest tests/formats/test_fuzz_readers.py
"""

from __future__ import annotations

import gzip
import json
import os
import time
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.errors import ParseIssue, ScreenerError
from screener.formats import read_file
from screener.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = int(os.environ.get("SCREENER_FUZZ_EXAMPLES", "150"))

# format -> fixtures written by us
FIXTURE_FILES: dict[str, tuple[str, ...]] = {
    "ris": ("ris/missing_er.ris", "ris/garbage_block.ris", "ris/bom_crlf.ris"),
    "medline": ("medline/two_records.nbib",),
    "wos": ("wos/two_records.ciw",),
    "wos-tab": ("wos/two_records.txt",),
    "bibtex": ("bibtex/sample.bib",),
    "csv": ("csv/scopus_2023.csv", "csv/generic.tsv", "csv/embase.csv"),
    "endnote-xml": ("endnote/sample.xml",),
    "refer": ("refer/tagged_quirks.enl",),
    "json": ("csl_json/two_items.json",),
}
# Where a fixture's records begin and end, to repeat them: the first line of a table is
# its header, an XML file's records lie inside <records>, a JSON file's items inside [ ].
BODIES: dict[str, tuple[bytes, bytes]] = {
    "csv": (b"\n", b""),
    "wos-tab": (b"\n", b""),
    "endnote-xml": (b"<records>", b"</records>"),
    "json": (b"[", b"]"),
}

SNIPPETS = (
    b"[/]",
    b"[bold]",
    b"[link=file:///etc/passwd]x[/link]",
    b"\x1b[2J",
    b"\x1b]8;;http://x\x07",
    b"\x00",
    b"\r",
    b"\n",
    b"\n\n",
    b"\x0c",
    b"\x85",
    "\u2028".encode(),
    b"\xef\xbb\xbf",
    b"\xe9",
    b"\xff\xfe",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b'"',
    b'""',
    b"{",
    b"}",
    b"@",
    b"@string{x = ",
    b"#",
    b"=",
    b",",
    b";",
    b"\t",
    b"\\",
    b"<",
    b"<record>",
    b"</record>",
    b"<!ENTITY x 'y'>",
    b"&amp;",
    b"&#0;",
    b"[",
    b"]",
    b"null",
    b"TY  - ",
    b"ER  - \n",
    b"PMID- ",
    b"      ",
    b"PT J\n",
    b"%0 ",
    b"AU  - ",
    "²".encode(),
    b"123456789012345678901234",
)
# (from, to): one token replaced throughout the file.
REPLACEMENTS = (
    (b"\r\n", b"\r"),
    (b"\n", b"\r"),
    (b"\n", b"\r\n"),
    (b'"', b'""'),
    (b'"', b""),
    (b"}", b""),
    (b"{", b""),
    (b",", b";"),
    (b"\t", b","),
    (b"  - ", b" - "),
    (b"\n\n", b"\n"),
    (b">", b""),
)

position = st.integers(min_value=0, max_value=1 << 24)
mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(1, 255)),
    st.tuples(st.just("cut"), position),
    st.tuples(st.just("insert"), position, st.sampled_from(SNIPPETS) | st.binary(max_size=8)),
    st.tuples(st.just("delete"), position, st.integers(1, 64)),
    st.tuples(st.just("replace"), st.sampled_from(REPLACEMENTS)),
)


def mutated(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, *args in mutations:
        if not data:
            break
        if kind == "flip":
            at = args[0] % len(data)
            data = data[:at] + bytes([data[at] ^ args[1]]) + data[at + 1 :]
        elif kind == "cut":
            data = data[: args[0] % (len(data) + 1)]
        elif kind == "insert":
            at = args[0] % (len(data) + 1)
            data = data[:at] + args[1] + data[at:]
        elif kind == "delete":
            at = args[0] % len(data)
            data = data[:at] + data[at + args[1] :]
        else:
            data = data.replace(*args[0])
    return data


def scaled(data: bytes, format_name: str, copies: int) -> bytes:
    """The fixture with its records repeated `copies` times."""
    opening, closing = BODIES.get(format_name, (b"", b""))
    start = data.find(opening) + len(opening) if opening else 0
    end = data.rfind(closing) if closing else len(data)
    head, body, tail = data[:start], data[start:end], data[end:]
    separator = b"," if format_name == "json" else b""
    return head + separator.join([body] * copies) + tail


# A read may take this long, plus this much per megabyte: several times what the slowest
# reader needs (BibTeX, under 1 s/MB), so that only work growing faster than the file fails.
SECONDS = 2.0
SECONDS_PER_MB = 10.0


def read_checked(path: Path, format_name: str) -> list[Record | ParseIssue]:
    """What reading `path` gives, checked; [] when it ends in a ScreenerError naming it."""
    size = path.stat().st_size
    started = time.perf_counter()
    try:
        items = list(read_file(path, format_name))
    except ScreenerError as error:
        assert error.file, f"{error!r} does not name the file"
        items = []
    elapsed = time.perf_counter() - started
    bound = SECONDS + SECONDS_PER_MB * size / 1e6
    assert elapsed < bound, f"{elapsed:.1f} s for {size} bytes (bound {bound:.1f} s)"
    for item in items:
        if isinstance(item, ParseIssue):
            check_issue(item)
        else:
            assert isinstance(item, Record), repr(item)
            check_record(item)
    return items


def check_issue(issue: ParseIssue) -> None:
    assert issue.line >= 0, issue  # 0: about the whole file
    assert issue.severity in ("error", "warning"), issue
    assert isinstance(issue.message, str) and issue.message, issue
    storable(issue.message, issue.raw)


def check_record(record: Record) -> None:
    """A record the store can take: a line, text fields of text, a year that is a year."""
    assert record.line >= 1, record.line
    for field in fields(Record):
        value = getattr(record, field.name)
        if field.name == "authors" or field.name == "keywords":
            assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            storable(*value)
        elif field.name == "year":
            assert value is None or (type(value) is int and 0 <= value < 10_000), value
        elif field.name == "extra":
            assert all(isinstance(values, list) for values in value.values())
            storable(*value, *(text for values in value.values() for text in values))
        elif isinstance(field.default, str):
            assert isinstance(value, str), (field.name, value)
            storable(value)


def storable(*texts: str) -> None:
    """Text SQLite can hold: UTF-8, so no lone surrogates (what a bad byte decodes to)."""
    for text in texts:
        text.encode("utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("format_name", list(FIXTURE_FILES))
def test_every_reader_reads_its_own_fixtures_scaled_up_without_an_issue_of_its_making(
    folder: Path, format_name: str
) -> None:
    # The harness's own check: unmutated, the scaled fixtures read, in linear time.
    for fixture in FIXTURE_FILES[format_name]:
        data = (FIXTURES / fixture).read_bytes()
        path = folder / f"plain-{Path(fixture).name}"
        path.write_bytes(scaled(data, format_name, 200))
        assert any(isinstance(item, Record) for item in read_checked(path, format_name))


@pytest.mark.parametrize("format_name", list(FIXTURE_FILES))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=st.data(),
    copies=st.integers(1, 30),
    mutations=st.lists(mutation, min_size=1, max_size=8),
)
def test_every_reader_ends_a_mutated_file_in_records_and_issues_with_lines(
    folder: Path, format_name: str, data: st.DataObject, copies: int, mutations: list[tuple]
) -> None:
    fixture = data.draw(st.sampled_from(FIXTURE_FILES[format_name]), label="fixture")
    original = scaled((FIXTURES / fixture).read_bytes(), format_name, copies)
    path = folder / f"mutated-{Path(fixture).name}"
    path.write_bytes(mutated(original, mutations))
    read_checked(path, format_name)


# format -> (head, one short record, tail): many thousands of records to the megabyte, all
# alike (one key, one PMID), where the fixtures give a few thousand.
SHORT_RECORDS: dict[str, tuple[bytes, bytes, bytes]] = {
    "ris": (b"", b"TY  - JOUR\nTI  - T\nER  - \n", b""),
    "medline": (b"", b"PMID- 1\nTI  - T\n\n", b""),
    "wos": (b"FN Clarivate Analytics Web of Science\n", b"PT J\nTI T\nUT WOS:1\nER\n", b"EF\n"),
    "wos-tab": (b"PT\tTI\tUT\n", b"J\tT\tWOS:1\n", b""),
    "bibtex": (b"", b"@article{k, title = {T}}\n", b""),
    "csv": (b"Title,Year\n", b"T,2020\n", b""),
    "endnote-xml": (
        b"<xml><records>",
        b"<record><titles><title>T</title></titles></record>",
        b"</records></xml>",
    ),
    "refer": (b"", b"%0 Journal Article\n%T T\n\n", b""),
    "json": (b"[", b'{"title": "T"},', b'{"title": "T"}]'),
}


def megabyte(format_name: str, source: str) -> bytes:
    if source == "fixture":
        data = (FIXTURES / FIXTURE_FILES[format_name][0]).read_bytes()
        return scaled(data, format_name, 1_000_000 // len(data) + 1)
    head, record, tail = SHORT_RECORDS[format_name]
    return head + record * (1_000_000 // len(record)) + tail


@pytest.mark.parametrize("source", ["fixture", "short records"])
@pytest.mark.parametrize("format_name", list(FIXTURE_FILES))
@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(st.tuples(st.just("replace"), st.sampled_from(REPLACEMENTS)), max_size=2))
def test_every_reader_reads_a_megabyte_of_a_systematic_defect_within_its_time_bound(
    folder: Path, format_name: str, source: str, mutations: list[tuple]
) -> None:
    # The same defect in every record, a megabyte of records: work that grows faster than
    # the file (a quadratic search, a backtracking pattern) shows here.
    path = folder / f"megabyte.{format_name}"
    path.write_bytes(mutated(megabyte(format_name, source), mutations))
    items = read_checked(path, format_name)
    assert mutations or any(isinstance(item, Record) for item in items)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_a_damaged_gzip_export_ends_in_records_or_a_format_error(
    folder: Path, mutations: list[tuple]
) -> None:
    data = scaled((FIXTURES / "ris/missing_er.ris").read_bytes(), "ris", 20)
    path = folder / "damaged.ris.gz"
    path.write_bytes(mutated(gzip.compress(data), mutations))
    read_checked(path, "ris")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
CSL_VARIABLES = (
    "author",
    "issued",
    "title",
    "keyword",
    "custom",
    "type",
    "genre",
    "id",
    "page",
    "DOI",
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(CSL_VARIABLES), json_values), max_size=4),
    st.sampled_from((*CSL_VARIABLES, "family", "date-parts")),
    json_values,
)
def test_the_csl_json_reader_takes_any_json_value_where_an_item_has_a_variable(
    folder: Path, changes: list[tuple[str, object]], nested: str, deep: object
) -> None:
    # Byte mutations mostly make JSON that is not JSON; this puts well-formed values of
    # every type where the reader expects strings, lists of names or dates.
    items = json.loads((FIXTURES / "csl_json/two_items.json").read_text(encoding="utf-8"))
    for variable, value in changes:
        items[0][variable] = value
    items[1]["author"] = [{"family": deep, nested: deep}]
    items[1]["issued"] = {"date-parts": [[deep]], nested: deep}
    path = folder / "values.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    records = [item for item in read_checked(path, "json") if isinstance(item, Record)]
    assert len(records) == 2
