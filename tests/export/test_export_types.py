"""The type an export gives a record is screener's reading of it (`pub_type`), in RIS and
BibTeX alike; a source's finer RIS code is kept only where it says the same type."""

from __future__ import annotations

import io

import bibtexparser
import pytest
import rispy

from screener.formats import bibtex, ris
from screener.formats.bibtex_writer import ENTRY_TYPES
from screener.formats.export_context import WriteContext
from screener.formats.ris import TY_CODES
from screener.model import PUB_TYPES, Record
from screener.normalize import normalize_pub_type


def ris_entry(record: Record, origin: str = "ris") -> dict:
    out = io.StringIO()
    ris.write([record], out, context=WriteContext(origins=lambda _: {origin: record.extra}))
    (entry,) = rispy.loads(out.getvalue())
    return entry


@pytest.mark.parametrize(
    ("pub_type", "source_ty", "written"),
    [
        ("conference", "JOUR", "CONF"),  # a conference abstract read as a journal article
        ("book", "JOUR", "BOOK"),
        ("article", "BOOK", "JOUR"),
        ("conference", "CPAPER", "CPAPER"),
        ("conference", "ABST", "ABST"),
        ("article", "EJOUR", "EJOUR"),
        ("article", "MGZN", "MGZN"),
        ("review", "JOUR", "JOUR"),
        ("chapter", "CHAP", "CHAP"),
        ("chapter", "BOOK", "CHAP"),
        ("thesis", "THES", "THES"),
        ("book", "EBOOK", "EBOOK"),
    ],
)
def test_ris_type_follows_the_records_type_and_keeps_a_finer_code_of_the_same_type(
    pub_type: str, source_ty: str, written: str
) -> None:
    record = Record(title="Sleep in shift workers", pub_type=pub_type, extra={"TY": [source_ty]})
    assert ris_entry(record)["type_of_reference"] == written


def test_a_merged_record_takes_the_code_of_the_member_that_agrees_with_its_type() -> None:
    record = Record(
        title="Sleep in shift workers", pub_type="conference", extra={"TY": ["JOUR", "CPAPER"]}
    )
    assert ris_entry(record)["type_of_reference"] == "CPAPER"


def test_a_record_of_no_known_type_keeps_its_source_code() -> None:
    assert ris_entry(Record(title="A map", extra={"TY": ["MAP"]}))["type_of_reference"] == "MAP"


@pytest.mark.parametrize("pub_type", PUB_TYPES)
def test_every_pub_type_reads_back_as_itself_from_ris_even_over_a_disagreeing_source_code(
    pub_type: str,
) -> None:
    record = Record(
        title="Sleep in shift workers", year=2020, pub_type=pub_type, extra={"TY": ["GEN"]}
    )
    out = io.StringIO()
    ris.write([record], out, context=WriteContext(origins=lambda _: {"ris": record.extra}))
    (back,) = [
        item for item in ris.read(io.StringIO(out.getvalue()), "x.ris") if isinstance(item, Record)
    ]
    assert back.pub_type == pub_type
    assert out.getvalue().startswith(f"TY  - {TY_CODES[pub_type][0]}\n")


# pub_type -> the BibTeX entry type; BibTeX has no types for reviews, editorials, letters or
# errata, which are journal articles.
BIBTEX_TYPES = {
    "article": "article", "review": "article", "editorial": "article", "letter": "article",
    "erratum": "article", "conference": "inproceedings", "book": "book",
    "chapter": "incollection", "thesis": "phdthesis", "report": "techreport",
    "preprint": "unpublished", "other": "misc",
}  # fmt: skip


@pytest.mark.parametrize("pub_type", PUB_TYPES)
def test_every_pub_type_has_a_bibtex_entry_type_that_reads_back_as_its_kind(pub_type: str) -> None:
    assert ENTRY_TYPES[pub_type] == BIBTEX_TYPES[pub_type]
    record = Record(title="Sleep in shift workers", year=2020, pub_type=pub_type, key="k1")
    out = io.StringIO()
    bibtex.write([record], out, context=WriteContext(origins=lambda _: {"ris": {"TY": ["JOUR"]}}))
    (entry,) = bibtexparser.parse_string(out.getvalue()).entries
    assert entry.entry_type == BIBTEX_TYPES[pub_type]
    (back,) = [
        item
        for item in bibtex.read(io.StringIO(out.getvalue()), "x.bib")
        if isinstance(item, Record)
    ]
    journal_kinds = {"review", "editorial", "letter", "erratum"}
    read_as = normalize_pub_type(back.pub_type)  # the reader leaves the entry type as read
    assert read_as == ("article" if pub_type in journal_kinds else pub_type)
