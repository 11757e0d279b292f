"""CSV reader fast paths: lines split with str methods must read exactly as csv.reader does."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.formats import csv_rows, csv_table
from screener.model import Record


def reference_rows(text: str, delimiter: str) -> list[tuple[list[str], str, int]]:
    """What the csv module alone reads: cells, row text without its final newline, lines."""
    for_csv, for_raw = itertools.tee(io.StringIO(text))
    reader = csv.reader(for_csv, delimiter=delimiter)
    rows = []
    previous = 0
    for row in reader:
        spanned = reader.line_num - previous
        previous = reader.line_num
        raw = "".join(itertools.islice(for_raw, spanned)).rstrip("\n")
        rows.append((row, raw, spanned))
    return rows


def fast_rows(text: str, delimiter: str) -> list[tuple[list[str], str, int]]:
    rows = list(csv_rows.rows_of(iter(io.StringIO(text)), delimiter))
    assert not any(torn for *_, torn in rows)
    return [(cells, raw, spanned) for cells, raw, spanned, _ in rows]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('"a","b, c","",""\n', id="every cell quoted"),
        pytest.param('k1,article,"Doe, J. and Roe, R.",Title,2020\n', id="one quoted cell"),
        pytest.param('"Doe, J.",2020,"A, B",,x,"",\n', id="quoted and bare cells mixed"),
        pytest.param(",,\n", id="empty cells only"),
        pytest.param("\n", id="blank line"),
        pytest.param("a,b", id="last line without newline"),
        pytest.param('"x""y",z\n', id="doubled quote"),
        pytest.param('a,b"c",d\n', id="quote inside a bare cell"),
        pytest.param('a, "b",c\n', id="space before a quote"),
        pytest.param('"a" ,b\n', id="text after a closing quote"),
        pytest.param('"a""",b\n', id="doubled quote closing a cell"),
        pytest.param("a\r,b\n", id="carriage return"),
        pytest.param("a\x00b,c\n", id="NUL"),
    ],
)
def test_one_line_rows_read_as_the_csv_module_reads_them(line: str) -> None:
    text = "h1,h2\n" + line
    try:
        expected = reference_rows(text, ",")
    except csv.Error:
        with pytest.raises(csv.Error):
            fast_rows(text, ",")
        return
    assert fast_rows(text, ",") == expected


def test_a_quoted_cell_spanning_lines_keeps_its_text_and_line_count() -> None:
    text = 'title,abstract\nA,"one\n\ntwo"\n"B, quoted",x\n'
    assert fast_rows(text, ",") == [
        (["title", "abstract"], "title,abstract", 1),
        (["A", "one\n\ntwo"], 'A,"one\n\ntwo"', 3),
        (["B, quoted", "x"], '"B, quoted",x', 1),
    ]


def test_records_after_a_multi_line_row_keep_their_physical_lines() -> None:
    text = 'title,abstract,year\n"First, quoted","two\nlines",2001\nSecond,"b",2002\n'
    records = [
        item for item in csv_table.read(io.StringIO(text), "t.csv") if isinstance(item, Record)
    ]
    assert [(r.title, r.line, r.raw) for r in records] == [
        ("First, quoted", 2, '"First, quoted","two\nlines",2001'),
        ("Second", 4, 'Second,"b",2002'),
    ]


def test_an_unreadable_row_after_fast_rows_names_the_line_before_it() -> None:
    with pytest.raises(Exception, match="not a readable table") as caught:
        list(csv_table.read(io.StringIO('title,year\nA,2020\n"B"x\ry,2021\n'), "t.csv"))
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("abstract", "kept"),
    [
        ("[No abstract available]", ""),
        ("No abstract available", ""),
        # A ligature folds to two letters: the shorter text still folds to the placeholder.
        ("No abﬅract available", ""),
        ("No abstract available here", "No abstract available here"),
    ],
)
def test_placeholder_abstracts_are_recognised_whatever_their_length(abstract, kept) -> None:
    text = f"Title,Abstract,Year\nA,{abstract},\n"
    [record] = csv_table.read(io.StringIO(text), "t.csv")
    assert (record.abstract, record.year) == (kept, None)


cell = st.text(
    st.sampled_from(["a", "b", " ", ",", ";", "\t", '"', "\n", "\r", "\x00"]), max_size=6
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_rows_match_the_csv_module_on_any_table(rows, delimiter, quote) -> None:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL
    csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=quoting).writerows(rows)
    # Also a hand-made variant: cells joined bare, with whatever quotes they hold.
    for text in (out.getvalue(), "\n".join(delimiter.join(row) for row in rows)):
        try:
            expected = reference_rows(text, delimiter)
        except csv.Error:
            # Refused as the csv module refuses it, unless a stray quote tore a row before
            # the refused line: the lines read again after it are read as a text stream's.
            read: list[tuple[list[str], str, int, bool]] = []
            try:
                read.extend(csv_rows.rows_of(iter(io.StringIO(text)), delimiter))
            except csv.Error:
                continue
            assert any(tears for *_, tears in read), text
            continue
        got = []
        try:
            got.extend(csv_rows.rows_of(iter(io.StringIO(text)), delimiter))
        except csv.Error:
            # Lines read again after a torn row may put a carriage return outside quotes,
            # which the csv module refuses; a text stream (universal newlines) has none.
            assert "\r" in text and any(tears for *_, tears in got)
        # Up to a row a stray quote tears (see test_csv_table), just as the csv module reads.
        torn = next((at for at, (*_, tears) in enumerate(got) if tears), len(got))
        assert [(cells, raw, spanned) for cells, raw, spanned, _ in got[:torn]] == expected[:torn]
