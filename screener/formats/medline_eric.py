"""MEDLINE-format records that do not come from PubMed: ERIC's export, read by the MEDLINE
reader and finished here.

ERIC writes the MEDLINE tags with a few of its own: `OWN - ERIC` names the database, `OID`
holds the accession number (EJ... for journal articles, ED... for documents), `ISSN` the
ISSN with its name before it (`ISSN-1234-4567`), `SO` a citation such as `v10 n1 p1-10 2000`,
and `PT` one publication form ("Journal Articles") beside a genre that every record gets
("Reports - Research").
"""

from __future__ import annotations

import dataclasses
import re

from screener.model import Record

OWNER_TAG, ACCESSION_TAG, ISSN_TAG, SOURCE_TAG = "OWN", "OID", "ISSN", "SO"
# MEDLINE's owners of PubMed records; any other owner names the database of its records.
NLM_OWNERS = frozenset({"NLM", "PIP", "KIE", "NASA", "HSR", "HMD", "NOTNLM", "PUBMED"})

# ERIC's publication forms -> the vocabulary's names for them.
ERIC_TYPES: dict[str, str] = {
    "journal articles": "journal article",
    "information analyses": "review",
    "speeches/meeting papers": "conference paper",
    "collected works - proceedings": "conference proceedings",
    "books": "book",
    "dissertations/theses": "thesis",
    "dissertations/theses - doctoral dissertations": "thesis",
    "dissertations/theses - masters theses": "thesis",
    "dissertations/theses - undetermined": "thesis",
    "book/product reviews": "book review",
    "opinion papers": "editorial",
}
# ERIC's genre of a document's content, given beside its form; a report only on its own.
_GENRE_PREFIX = "reports - "

# "v10 n1 p1-10 2000", "v45 n3 p1309-1348 Sep 2021", "n2 p5 2019"
_SOURCE = re.compile(
    r"(?:^|\s)v(?P<volume>[^\s,]+)|(?:^|\s)n(?P<issue>[^\s,]+)|(?:^|\s)p(?P<pages>\d[^\s,]*)"
)
_ISSN_NAME = re.compile(r"^E?ISSN[-\s:]*", re.IGNORECASE)


def publication_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """The publication types of a record with ERIC's names read as the vocabulary's, and
    ERIC's report genres left out beside one of its publication forms (a journal article
    that reports research is a journal article; a document that only does is a report)."""
    if not any(value.lower() in ERIC_TYPES for value in types):
        return types
    names = (ERIC_TYPES.get(value.lower(), value) for value in types)
    return tuple(name for name in names if not name.lower().startswith(_GENRE_PREFIX))


def without_pmid(record: Record, fields: dict[str, list[str]]) -> Record:
    """A record without a PMID finished from the tags of its database (ERIC's): accession
    and key, database, ISSN, and volume, issue and pages from its citation where empty."""
    changes: dict[str, str] = {}
    if accession := _first(fields, ACCESSION_TAG):
        changes["accession"] = accession
        changes["key"] = accession
    owner = _first(fields, OWNER_TAG)
    if owner and owner.upper() not in NLM_OWNERS:
        changes["database"] = owner
    if not record.issn and (issn := _first(fields, ISSN_TAG)):
        changes["issn"] = _ISSN_NAME.sub("", issn)
    if source := _first(fields, SOURCE_TAG):
        for match in _SOURCE.finditer(source):
            part = match.lastgroup
            if part and not getattr(record, part) and part not in changes:
                changes[part] = match[part]
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[arg-type]


def _first(fields: dict[str, list[str]], tag: str) -> str:
    values = fields.get(tag)
    return values[0].strip() if values else ""
