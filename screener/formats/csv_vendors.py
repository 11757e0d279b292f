"""Cells that vendors' tables write in a form of their own: author lists, types and links.

Each function reads one cell as its layout (`csv_layouts`) says the vendor writes it; the
CSV reader calls them only for tables of that layout.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from screener.model import RecordFields, TextTarget
from screener.normalize import split_authors

# "Nature. 2021 Dec 21;1(2):10-11. doi: ..." -> volume 1, issue 2, pages 10-11.
_CITATION = re.compile(
    r";\s*(?P<volume>[^():;.\s]*)(?:\((?P<issue>[^)]*)\))?(?::(?P<pages>[^.;\s]+))?"
)
_CITATION_FIELDS: tuple[TextTarget, ...] = ("volume", "issue", "pages")

# Name beginnings followed by a capital inside one family name ("McDonald", "DeLuca").
_NAME_PREFIXES = frozenset({"mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "o"})
# Where an OpenURL link carries its identifiers: `rft_id=info:doi/10...`, `rft_id=info:pmid/1`.


def split_run_together(cell: str) -> list[str]:
    """The names of a cell that runs them together without a separator ("Andy SmithTom
    Weber" -> ["Andy Smith", "Tom Weber"]), cut where a lower-case letter meets an upper-case
    one, except after a name prefix ("Tom McDonald" stays whole)."""
    names: list[str] = []
    start = 0
    for cut in _case_changes(cell):
        word_start = cell.rfind(" ", start, cut) + 1
        if cell[max(word_start, start) : cut].lower() in _NAME_PREFIXES:
            continue
        names.append(cell[start:cut].strip())
        start = cut
    names.append(cell[start:].strip())
    return [name for name in names if name]


def _case_changes(text: str) -> list[int]:
    """The positions of upper-case letters that follow a lower-case one."""
    return [i for i in range(1, len(text)) if text[i].isupper() and text[i - 1].islower()]


def split_pubmed_authors(cell: str) -> list[str]:
    """PubMed's author list, "Lau Y, Chow JCL.": the full stop ends the list, not the
    last author's initials."""
    text = cell.rstrip()
    if text.endswith("."):
        text = text[:-1]
    return split_authors(text)


def pubmed_type(citation: str) -> str:
    """The type of a PubMed table row by its citation: a chapter or book from PubMed's
    bookshelf ("In: Title [Internet]. ...", "Title [Internet]. Place: Publisher; 2020."),
    else a journal article."""
    if citation.startswith("In: "):
        return "chapter"
    if "[Internet]" in citation:
        return "book"
    return "article"


def openurl_identifiers(link: str) -> tuple[str, str]:
    """(DOI, PMID) an OpenURL link carries, "" where none: OpenURL 1.0 names them in
    `rft_id=info:doi/...` and `info:pmid/...`, OpenURL 0.1 (Embase's own links) in
    `id=doi:...` and `id=pmid:...`."""
    lowered = link.lower()
    if not any(mark in lowered for mark in ("info:", "info%3", "doi:", "doi%3", "pmid")):
        return "", ""
    doi = pmid = ""
    for name, value in parse_qsl(urlsplit(link.strip()).query):
        if name not in ("rft_id", "id"):
            continue
        scheme, _, rest = value.partition(":")
        if scheme.lower() == "info":
            scheme, _, rest = rest.partition("/")
        scheme = scheme.strip().lower()
        if scheme == "doi" and not doi:
            doi = rest.strip()
        elif scheme == "pmid" and not pmid:
            pmid = rest.strip()
    return doi, pmid


def fill_from_open_url(link: str, values: RecordFields) -> None:
    """The DOI and PMID an OpenURL link carries, where `values` has none."""
    doi, pmid = openurl_identifiers(link)
    if doi and "doi" not in values:
        values["doi"] = doi
    if pmid and "pmid" not in values:
        values["pmid"] = pmid


def fill_from_pubmed_citation(citation: str, values: RecordFields) -> None:
    """Volume, issue and pages from a journal article's citation, where still empty."""
    if pubmed_type(citation) != "article":
        return  # a book's citation holds a place, a publisher and a year: no volume
    match = _CITATION.search(citation)
    if match is None:
        return
    for field in _CITATION_FIELDS:
        if match.group(field) and field not in values:
            values[field] = match.group(field)
