"""MEDLINE reader: the fast path for plain records and the careful path give the same answer.

The reader takes a plain record whole and sends anything unusual down a careful path; these
pin the quirks on the border between the two, and that block boundaries do not depend on
where the file is cut into chunks.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from screener.errors import ParseIssue
from screener.formats import medline
from screener.model import Record

FIXTURES = Path(__file__).parent.parent / "fixtures" / "medline"


def read_text(text: str, name: str = "t.nbib") -> list[Record | ParseIssue]:
    return list(medline.read(io.StringIO(text, newline=None), name))


def summary(item: Record | ParseIssue) -> tuple[object, ...]:
    if isinstance(item, Record):
        return ("record", item.line, item.key, item.raw)
    return (item.severity, item.line, item.message, item.raw)


def test_fast_and_careful_paths_read_a_record_alike() -> None:
    # The first record meets its tags for the first time (careful path), the repeat is plain.
    text = (FIXTURES / "two_records.nbib").read_text(encoding="utf-8")
    first, second, again, _ = read_text(text + "\n\n" + text)
    assert isinstance(first, Record) and isinstance(again, Record)
    assert isinstance(second, Record)
    for field in dataclasses.fields(Record):
        if field.name != "line":
            assert getattr(again, field.name) == getattr(first, field.name), field.name


def test_every_directly_mapped_tag_fills_its_field() -> None:
    tags = ["PMID", *(tag for tag in medline.FIELDS if tag != "PMID")]  # PMID starts a record
    record_text = "".join(f"{tag:<4}- {tag.lower()} value \n" for tag in tags)
    records = [
        item for item in read_text(f"{record_text}\n{record_text}") if isinstance(item, Record)
    ]
    assert len(records) == 2
    for record in records:
        for tag, field in medline.FIELDS.items():
            assert getattr(record, field) == f"{tag.lower()} value"
        assert record.key == "pmid value"
        assert type(record.extra) is dict  # not the careful path's defaultdict


CHUNK_TEXT = "PMID- 1\nTI  - One.\n\n\nTI  - Two.\n\n \nTI  - Three.\n"


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5, 7, 10, 11, 65536])
def test_runs_of_blank_lines_split_alike_whatever_the_chunk_size(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(medline, "_CHUNK", chunk)
    assert [summary(item) for item in read_text(CHUNK_TEXT)] == [
        ("record", 1, "1", "PMID- 1\nTI  - One."),
        ("record", 5, "t.nbib#2", "TI  - Two."),
        ("record", 8, "t.nbib#3", "TI  - Three.\n"),  # the last block keeps its newline
    ]


# name, text, expected summaries
BORDER_QUIRKS = [
    (
        "a line of six spaces is blank, not an empty continuation",
        "PMID- 1\nTI  - One\n      \nAB  - Orphan.\n\nPMID- 2\nTI  - Two.\n",
        [
            ("record", 1, "1", "PMID- 1\nTI  - One"),
            ("error", 4, "record has neither PMID nor title; skipped", "AB  - Orphan."),
            ("record", 6, "2", "PMID- 2\nTI  - Two.\n"),
        ],
    ),
    (
        "a blank line between a line and its continuation still ends the record",
        "PMID- 1\nTI  - One\n  \n      two\n\nPMID- 2\nTI  - Two.\n",
        [
            ("record", 1, "1", "PMID- 1\nTI  - One"),
            ("warning", 4, "text between records is not MEDLINE; ignored", "      two"),
            ("record", 6, "2", "PMID- 2\nTI  - Two.\n"),
        ],
    ),
    (
        "a PMID line inside a record of known tags starts a new one",
        "PMID- 1\nTI  - One.\n\nPMID- 2\nTI  - Two.\nPMID- 3\nTI  - Three.\n\n",
        [
            ("record", 1, "1", "PMID- 1\nTI  - One."),
            ("record", 4, "2", "PMID- 2\nTI  - Two."),
            ("record", 6, "3", "PMID- 3\nTI  - Three."),
        ],
    ),
    (
        "whitespace-only lines before a PMID line belong to the separator",
        "PMID- 1\nTI  - One.\n \n\t\nPMID- 2\nTI  - Two.\n",
        [
            ("record", 1, "1", "PMID- 1\nTI  - One."),
            ("record", 5, "2", "PMID- 2\nTI  - Two.\n"),
        ],
    ),
    (
        "records without PMID lines, apart by one or more empty lines",
        "TI  - One.\n\n\nTI  - Two.\n      more\n\nTI  - Three.\n",
        [
            ("record", 1, "t.nbib#1", "TI  - One."),
            ("record", 4, "t.nbib#2", "TI  - Two.\n      more"),
            ("record", 7, "t.nbib#3", "TI  - Three.\n"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [q[1:] for q in BORDER_QUIRKS], ids=[q[0] for q in BORDER_QUIRKS]
)
def test_medline_reader_border_quirks(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [summary(item) for item in read_text(text)] == expected


def test_a_tag_with_an_empty_value_keeps_its_values_in_line_order() -> None:
    # "AB  -" and "AB  - x" are two line starts for one tag; the second record is read once
    # both are known, and must not group the values by line start.
    text = "PMID- 1\nTI  - One.\nAB  -\nAB  - x\n\nPMID- 2\nAB  - y\nTI  - Two.\nAB  -\n\n"
    first, second = read_text(text)
    assert isinstance(first, Record) and isinstance(second, Record)
    assert (first.abstract, first.extra) == ("", {"AB": ["", "x"]})
    assert (second.abstract, second.extra) == ("y", {"AB": ["y", ""]})
    assert list(second.extra) == ["AB"]


@pytest.mark.parametrize("separator", ["\n\n", "\n", "\n\n\n", "\n \n"])
def test_many_records_across_chunks(separator: str) -> None:
    text = separator.join(f"PMID- {n}\nTI  - Title\n      {n}.\nOT  - k{n}" for n in range(1, 3001))
    records = read_text(text + "\n")
    assert all(isinstance(record, Record) for record in records)
    assert [record.key for record in records] == [str(n) for n in range(1, 3001)]
    step = 4 + separator.count("\n") - 1
    assert [record.line for record in records] == [1 + step * n for n in range(3000)]
    assert records[-1].title == "Title 3000." and records[-1].extra == {"OT": ["k3000"]}


def test_medline_values_are_trimmed_the_same_whichever_path_reads_them() -> None:
    text = "\n".join(
        f"PMID- {100 + n}\nTI  - Study {n}\nTA  - J Med \nOT  -  online safety\n" for n in range(4)
    )
    records = [r for r in medline.read(io.StringIO(text), "x.nbib") if isinstance(r, Record)]
    assert {r.journal for r in records} == {"J Med"}
    assert {tuple(r.keywords) for r in records} == {("online safety",)}
