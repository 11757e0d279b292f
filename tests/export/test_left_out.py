"""What an export says it left out: only fields of a source whose content the file does not
hold, named by the source they came from, in one line; and fields that RIS or BibTeX carry
under a name of their own (a publisher, its place) are written, not left out."""

from __future__ import annotations

import io
from dataclasses import replace

import bibtexparser
import pytest
import rispy

from screener.formats import bibtex, ris
from screener.formats.export_context import Origins, WriteContext
from screener.model import Record

AUTHORS = ("Haugen, Ingrid", "Okafor, Chidi")


def export(record: Record, origins: Origins, format_name: str) -> tuple[str, WriteContext]:
    context = WriteContext(origins=lambda _: origins)
    out = io.StringIO()
    (ris if format_name == "ris" else bibtex).write([record], out, context=context)
    return out.getvalue(), context


def bibtex_fields(text: str) -> dict[str, str]:
    (entry,) = bibtexparser.parse_string(text).entries
    return {field.key: field.value for field in entry.fields}


@pytest.mark.parametrize(
    ("origin", "publisher", "place"),
    [("ris", "PB", "CY"), ("wos", "PU", "PI"), ("medline", "PB", "PL"), ("csv", "Publisher", "")],
)
def test_a_sources_publisher_and_its_place_are_written_in_ris_and_bibtex(
    origin: str, publisher: str, place: str
) -> None:
    extra = {publisher: ["Fagbokforlaget"]} | ({place: ["Bergen"]} if place else {})
    record = Record(title="School nurses and sleep", year=2019, key="r1", extra=extra)
    text, context = export(record, {origin: extra}, "bibtex")
    fields = bibtex_fields(text)
    assert fields["publisher"] == "Fagbokforlaget"
    assert fields.get("address", "") == ("Bergen" if place else "")
    assert context.left_out == {}
    text, context = export(record, {origin: extra}, "ris")
    (entry,) = rispy.loads(text)
    assert entry["publisher"] == "Fagbokforlaget"
    assert entry.get("place_published", "") == ("Bergen" if place else "")
    assert context.left_out == {}


def test_a_ris_sources_own_place_wins_over_a_medline_members_country() -> None:
    origins = {"ris": {"CY": ["Oslo"]}, "medline": {"PL": ["England"]}}
    record = Record(
        title="School nurses and sleep", key="r1", extra={"CY": ["Oslo"], "PL": ["England"]}
    )
    (entry,) = rispy.loads(export(record, origins, "ris")[0])
    assert entry["place_published"] == "Oslo"


@pytest.mark.parametrize("format_name", ["ris", "bibtex"])
def test_a_sources_short_authors_are_not_named_as_left_out_when_the_authors_are_written(
    format_name: str,
) -> None:
    extra = {"AU": ["Haugen, I", "Okafor, C"], "DT": ["Article"], "PG": ["12"]}
    record = Record(title="School nurses and sleep", authors=AUTHORS, key="r1", extra=extra)
    _, context = export(record, {"wos": extra}, format_name)
    assert list(context.left_out) == ["PG"]  # the page count has no place; AU, DT are held
    _, context = export(
        Record(title="No authors read", key="r2", extra=extra), {"wos": extra}, format_name
    )
    assert "AU" in context.left_out  # nothing else holds them then


def test_the_left_out_line_names_each_field_under_its_source_once() -> None:
    context = WriteContext()
    for name, origin in [
        ("OWN", "medline"),
        ("PG", "wos"),
        ("STAT", "medline"),
        ("OWN", "medline"),
    ]:
        context.leave_out(name, origin)
    context.leave_out("accession")
    assert context.left_out_line("RIS") == (
        "left out 4 source fields RIS has no place for (written nowhere else in the file):"
        " MEDLINE OWN, STAT; Web of Science PG; screener accession"
    )


def test_an_accession_written_as_the_records_id_is_not_left_out() -> None:
    record = Record(title="T", pmid="31000001", accession="WOS:000123", key="WOS:000123")
    text, context = export(record, {}, "ris")
    assert "ID  - WOS:000123\n" in text and context.left_out == {}
    _, context = export(replace(record, key="k9"), {}, "ris")
    assert list(context.left_out) == ["accession"]


def test_values_screener_kept_as_read_are_not_left_out_when_the_field_is_written() -> None:
    extra = {
        "journal as read": ["Journal of Sleep.61 (4) ()(pp 410-418) 2007."],
        "conference": ["9th Sleep Meeting"],
    }
    record = Record(title="T", journal="Journal of Sleep", key="k", extra=extra)
    _, context = export(record, {"ris": extra}, "ris")
    assert context.left_out_from == {"": {"conference": None}}
