"""Every export read back by a reader that is not ours (rispy, bibtexparser, the csv module,
json), field by field against the records, on records imported from MEDLINE, RIS, BibTeX
and CSV files with awkward values."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from sources import write_sources

from screener.formats import ris
from screener.formats.export_context import WriteContext
from screener.formats.ris_writer import MEDLINE_DATES, MEDLINE_HELD, MEDLINE_TAGS, SPEC_TAGS
from screener.model import Record
from screener.review import Review
from screener.review.export import notice_notes
from screener.store import NoticeLink

COMPARED = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "abstract")
Fields = dict[str, object]


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Review]:
    with Review.create(tmp_path / "review", actor="ana") as created:
        for path in write_sources(tmp_path):
            created.import_file(path)
        yield created


def expected(record: Record) -> Fields:
    return {name: _plain(getattr(record, name)) for name in COMPARED}


def _plain(value: object) -> object:
    """Text with its white space as one reader or another folds it (a line break in RIS
    and BibTeX is a space), dashes of page ranges as hyphens."""
    if isinstance(value, str):
        return " ".join(value.replace("–", "-").split())
    if isinstance(value, (tuple, list)):
        return tuple(_plain(item) for item in value)
    return value


def _pages(first: str, last: str) -> str:
    return f"{first}-{last}" if last else first


def ris_fields(entry: dict) -> Fields:
    return {
        "title": _plain(entry.get("title", "")),
        "authors": _plain(entry.get("authors", [])),
        "year": int(entry["year"]),
        "journal": _plain(entry.get("secondary_title", "")),
        "volume": entry.get("volume", ""),
        "issue": entry.get("number", ""),
        "pages": _pages(entry.get("start_page", ""), entry.get("end_page", "")),
        "doi": entry.get("doi", ""),
        "abstract": _plain(entry.get("abstract", "")),
    }


def bibtex_fields(entry: bibtexparser.model.Entry) -> Fields:
    fields = {field.key: field.value for field in entry.fields}
    return {
        "title": _plain(fields.get("title", "")),
        "authors": _plain(fields.get("author", [])),
        "year": int(fields["year"]),
        "journal": _plain(fields.get("journal") or fields.get("booktitle", "")),
        "volume": fields.get("volume", ""),
        "issue": fields.get("number", ""),
        "pages": _plain(fields.get("pages", "")),
        "doi": fields.get("doi", ""),
        "abstract": _plain(fields.get("abstract", "")),
    }


def csv_fields(row: dict[str, str]) -> Fields:
    return {
        **{name: _plain(row[name]) for name in COMPARED if name not in ("authors", "year")},
        "authors": tuple(name.strip() for name in row["authors"].split(";")),
        "year": int(row["year"]),
    }


def csl_fields(item: dict) -> Fields:
    return {
        "title": _plain(item.get("title", "")),
        "authors": tuple(f"{name['family']}, {name['given']}" for name in item["author"]),
        "year": item["issued"]["date-parts"][0][0],
        "journal": item.get("container-title", ""),
        "volume": item.get("volume", ""),
        "issue": item.get("issue", ""),
        "pages": item.get("page", ""),
        "doi": item.get("DOI", ""),
        "abstract": _plain(item.get("abstract", "")),
    }


def read_ris(path: Path) -> list[Fields]:
    return [ris_fields(entry) for entry in rispy.loads(path.read_text(encoding="utf-8"))]


def _latex_decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, taught the brace commands of LaTeX's text mode (a brace in a
    BibTeX value must be a command: BibTeX counts a backslashed brace as a brace)."""
    context = get_default_latex_context_db()
    braces = [MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
    context.add_context_category("braces", prepend=True, macros=braces)
    return LatexNodes2Text(latex_context=context)


def read_bibtex(path: Path) -> list[Fields]:
    library = bibtexparser.parse_string(
        path.read_text(encoding="utf-8"),
        append_middleware=[LatexDecodingMiddleware(decoder=_latex_decoder()), SeparateCoAuthors()],
    )
    assert not library.failed_blocks
    return [bibtex_fields(entry) for entry in library.entries]


def read_csv(path: Path) -> list[Fields]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [csv_fields(row) for row in csv.DictReader(handle)]


def read_csl(path: Path) -> list[Fields]:
    return [csl_fields(item) for item in json.loads(path.read_text(encoding="utf-8"))]


READERS: dict[str, Callable[[Path], list[Fields]]] = {
    "ris": read_ris,
    "bibtex": read_bibtex,
    "csv": read_csv,
    "json": read_csl,
}


@pytest.mark.parametrize("format_name", READERS)
def test_every_export_reads_back_field_for_field_with_another_reader(
    review: Review, tmp_path: Path, format_name: str
) -> None:
    out = tmp_path / f"export.{format_name}"
    report = review.export_file(out, format_name)
    records = [record for record, _ in review.select()]
    assert report.records == len(records) == 4
    back = READERS[format_name](out)
    assert len(back) == len(records)
    for fields, record in zip(back, records, strict=True):
        assert fields == expected(record), record.key


def test_ris_export_holds_ris_tags_only_and_names_what_it_left_out(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "export.ris"
    report = review.export_file(out, "ris")
    entries = rispy.loads(out.read_text(encoding="utf-8"))
    assert all("unknown_tag" not in entry for entry in entries)
    medline, vendor, proceedings, _ = entries
    # MEDLINE's IS is an ISSN: in RIS it is SN, and RIS IS is the issue.
    assert (medline["issn"], medline["number"]) == ("1932-6203", "2")
    assert medline["date"] == "2019/02/12/"
    assert medline["accession_number"] == "31000001"  # the PMID, where EndNote keeps it
    assert medline["custom2"] == "PMC6370000"  # the PMCID, as EndNote's C2
    assert "DEP" not in medline.get("type_of_reference", "")  # no tag folded into another
    # Fields of a RIS source pass through: they are RIS tags and clash with none written.
    assert (vendor["publisher"], vendor["notes"]) == ("Elsevier", ["A note from the vendor"])
    assert vendor["date"] == "2020/03/15/"
    line = report.left_out_line()
    assert line is not None and line.startswith("left out ")
    assert proceedings["publisher"] == "ACM"  # a BibTeX publisher has a RIS tag
    for name in ("OWN", "STAT", "PHST", "DEP", "custom_vendor", "Vendor Column"):
        assert name in report.left_out
    assert {"IS", "TY", "AU", "publisher"}.isdisjoint(report.left_out)


def test_bibtex_export_holds_bibtex_fields_and_entry_types(review: Review, tmp_path: Path) -> None:
    out = tmp_path / "export.bib"
    report = review.export_file(out, "bibtex")
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    types = [entry.entry_type for entry in library.entries]
    assert types == ["article", "article", "inproceedings", "misc"]
    keys = {field.key for entry in library.entries for field in entry.fields}
    assert {"OWN", "STAT", "PHST", "TY", "N1", "custom_vendor", "Vendor Column"}.isdisjoint(keys)
    assert library.entries[2].fields_dict["publisher"].value == "ACM"
    assert {"OWN", "custom_vendor", "Vendor Column"} <= set(report.left_out)


def test_csl_json_keeps_fields_of_other_formats_in_custom(review: Review, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    report = review.export_file(out, "json")
    medline, _, proceedings, _ = json.loads(out.read_text(encoding="utf-8"))
    assert medline["custom"]["OWN"] == ["NLM"]
    # A BibTeX publisher is a CSL variable only when read from CSL-JSON.
    assert proceedings["custom"]["publisher"] == ["ACM"] and "publisher" not in proceedings
    assert report.left_out == ()


def _link_notice(review: Review, notice: int, article: int, kind: str) -> None:
    store = review._store  # links are made by dedupe; here one is made directly
    with store.transaction():
        store.add_notice_links([NoticeLink(notice, article, kind)], run_id=None, actor="ana")


@pytest.mark.parametrize("format_name", READERS)
def test_an_export_carries_notice_links_in_a_note(
    review: Review, tmp_path: Path, format_name: str
) -> None:
    _link_notice(review, 4, 1, "retraction")
    out = tmp_path / f"export.{format_name}"
    review.export_file(out, format_name)
    text = out.read_text(encoding="utf-8")
    # each side names the other by title, DOI and key in the file, then screener's id
    article = (
        'IS RETRACTED: see "Diet quality, ""ultra-processed"" foods and mood in students"'
        " (doi:10.3390/nu13041123; key csv-1; screener record 4)"
    ).replace('""', '"')
    notice = 'retraction of: "Sleep duration and "catch-up" sleep'
    if format_name == "ris":
        entries = rispy.loads(text)
        assert entries[0]["notes"] == [article]
        assert entries[3]["notes"][0].startswith(notice)
    elif format_name == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert rows[0]["notices"] == article and rows[3]["notices"].startswith(notice)
        assert rows[1]["notices"] == ""
    elif format_name == "json":
        items = json.loads(text)
        assert items[0]["note"] == article and items[3]["note"].startswith(notice)
    else:
        entries = bibtexparser.parse_string(text).entries
        assert entries[0].fields_dict["note"].value == article
        assert entries[3].fields_dict["note"].value.startswith(notice[:30])


_tag = st.from_regex(r"[A-Z][A-Z0-9]{1,3}", fullmatch=True)
_value = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["ris", "medline", "csv"]),
    st.dictionaries(_tag, st.lists(_value, min_size=1, max_size=2), max_size=6),
)
def test_a_ris_export_holds_no_tag_outside_the_specification(
    origin: str, extra: dict[str, list[str]]
) -> None:
    record = Record(title="A trial", year=2020, issue="2", issn="1234-5678", key="k", extra=extra)
    context = WriteContext(origins=lambda _: {origin: extra})
    out = io.StringIO()
    ris.write([record], out, context=context)
    (entry,) = rispy.loads(out.getvalue())
    assert set(entry.get("unknown_tag", {})) <= SPEC_TAGS  # rispy lacks a few (L3, SV...)
    assert (entry["number"], entry["issn"]) == ("2", "1234-5678")  # no field repeated
    written = {line[:2] for line in out.getvalue().splitlines() if line[2:6] == "  - "}
    assert written <= SPEC_TAGS | {"TY", "ER"}
    # every field given is written (as itself, or a MEDLINE one by its RIS tag or by the
    # record's own fields) or named as left out
    kept = written if origin == "ris" else set()
    if origin == "medline":
        kept = {*MEDLINE_HELD, *MEDLINE_TAGS, *MEDLINE_DATES}
    for name in extra:
        assert name in context.left_out or name in kept


def test_a_notice_linked_twice_through_two_copies_is_noted_once() -> None:
    # An erratum exported by two databases: dedupe links both copies to the article.
    links = [NoticeLink(20, 12, "erratum"), NoticeLink(85, 12, "erratum")]
    titles = {12: "Sleep in shift workers", 20: "Correction: Sleep in shift workers"}
    notes = notice_notes(
        links, {85: 20}, lambda record_id: Record(title=titles[record_id]), lambda _: False
    )
    [on_article] = notes(Record(id=12))
    assert on_article.startswith("has an erratum") and "screener record 20" in on_article
    [on_notice] = notes(Record(id=20))
    assert on_notice.startswith("erratum of") and "screener record 12" in on_notice
