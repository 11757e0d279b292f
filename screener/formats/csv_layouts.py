"""Column tables of the CSV/TSV layouts screener recognises, and how a header picks one.

A layout maps lower-case column names to targets: a Record field, or one of the composite
targets below that the CSV reader assembles (page ranges, Scopus full names, PubMed
citations). Columns a layout does not name are kept in `Record.extra`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.model import BIBLIOGRAPHIC_FIELDS, TextTarget

# Targets that are not Record fields; the reader combines them into Record fields.
PAGE_START = "page_start"
PAGE_END = "page_end"
AUTHOR_FULL_NAMES = "author_full_names"  # Scopus 2023+: "Smith, John (57190000001); ..."
CITATION = "citation"  # PubMed: "J Med. 2020 Jan;12(3):45-50. doi: ..."
EMBASE_SOURCE = "embase_source"  # Embase: "J Hepatol (2016) 64:2 (310-318). Date of ..."
OPEN_URL = "open_url"  # a link whose rft_id parameters carry the DOI and PMID

# How a layout's authors cell joins its names (`csv_vendors` reads the last two).
LISTED, PUBMED_LIST, RUN_TOGETHER = "listed", "pubmed", "run-together"

# Embase's index terms, plain and major focus, in either export.
EMTREE_COLUMNS = (
    "emtree drug index terms",
    "emtree medical index terms",
    "emtree drug index terms (major focus)",
    "emtree medical index terms (major focus)",
)

# Record fields a column can fill, by the names `--map field=column` accepts.
MAPPABLE_FIELDS: tuple[str, ...] = ("key", *BIBLIOGRAPHIC_FIELDS)

# The record fields that lead screener's CSV export, in the order of the export contract
# (DESIGN); the other fields follow them in Record's order.
_CONTRACT_FIELDS = (
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "abstract",
    "database",
)
# Columns of screener's own CSV export, in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "key",
    "status",
    *_CONTRACT_FIELDS,
    *(name for name in BIBLIOGRAPHIC_FIELDS if name not in _CONTRACT_FIELDS),
)


@dataclass(frozen=True, slots=True)
class Layout:
    """A family of tables: the columns that identify it and where each column goes."""

    name: str
    database: str
    signature: frozenset[str]
    columns: dict[str, str]
    # Our own export: lists joined by "; " and spreadsheet-neutralised cells to undo.
    exported: bool = False
    # The Record field that keys a row without a key column (PubMed: the PMID).
    key_from: TextTarget | None = None
    # How the authors cell joins names: LISTED (separators), PUBMED_LIST, RUN_TOGETHER.
    authors: str = LISTED
    # The type of a row whose type column is empty or missing ("" leaves it unknown).
    pub_type: str = ""
    # The vendor's type names (lower case) -> publication type, read before the vocabulary.
    type_names: dict[str, str] = field(default_factory=dict)


SCOPUS = Layout(
    "scopus",
    "Scopus",
    frozenset({"eid", "source title"}),
    {
        "authors": "authors",
        "author full names": AUTHOR_FULL_NAMES,
        "title": "title",
        "year": "year",
        "source title": "journal",
        "volume": "volume",
        "issue": "issue",
        "page start": PAGE_START,
        "page end": PAGE_END,
        "doi": "doi",
        "link": "url",
        "abstract": "abstract",
        # Scopus RIS puts author and index keywords together in KW; so do we.
        "author keywords": "keywords",
        "index keywords": "keywords",
        "issn": "issn",
        "isbn": "isbn",
        "pubmed id": "pmid",
        "language of original document": "language",
        "document type": "pub_type",
        "source": "database",
        "eid": "accession",
    },
)

PUBMED = Layout(
    "pubmed",
    "PubMed",
    frozenset({"pmid", "citation", "journal/book"}),
    {
        "pmid": "pmid",
        "title": "title",
        "authors": "authors",
        "citation": CITATION,
        "journal/book": "journal",
        "publication year": "year",
        "doi": "doi",
    },
    key_from="pmid",
    authors=PUBMED_LIST,
    # A row is a journal article unless its citation says otherwise (csv_vendors.pubmed_type).
    pub_type="article",
)

EMBASE = Layout(
    "embase",
    "Embase",
    frozenset({"embase accession id"}),
    {
        "title": "title",
        "author names": "authors",
        "source title": "journal",
        "publication year": "year",
        "volume": "volume",
        "issue": "issue",
        "first page": PAGE_START,
        "last page": PAGE_END,
        "abstract": "abstract",
        "author keywords": "keywords",
        **{column: "keywords" for column in EMTREE_COLUMNS},
        "doi": "doi",
        "issn": "issn",
        "isbn": "isbn",
        "embase accession id": "accession",
        "medline pmid": "pmid",
        "language of article": "language",
        "article language": "language",
        "publication type": "pub_type",
        "full text link": "url",
        "open url link": OPEN_URL,
        "source": EMBASE_SOURCE,
    },
)

# Embase's citation layouts, the newer (`Title, Original Title, Author Names, Correspondence
# Address, Editors, Source, Abstract, ..., Emtree ... Index Terms, ..., Open URL Link,
# Copyright`) and the older (`Title, Author Names, Source, ...`): the journal, year, volume,
# issue and pages are in the one Source cell, the DOI only in the OpenURL link.
EMBASE_CITATION = Layout(
    "embase-citation",
    "Embase",
    frozenset({"title", "author names", "source"}),
    {
        "title": "title",
        "author names": "authors",
        "source": EMBASE_SOURCE,
        "abstract": "abstract",
        "author keywords": "keywords",
        **{column: "keywords" for column in EMTREE_COLUMNS},
        "doi": "doi",
        "issn": "issn",
        "isbn": "isbn",
        "medline pmid": "pmid",
        "language of article": "language",
        "article language": "language",
        "publication type": "pub_type",
        "full text link": "url",
        "open url link": OPEN_URL,
    },
)

# IEEE Xplore's full export (`Document Title, Authors, Author Affiliations, Publication
# Title, Date Added To Xplore, ..., Document Identifier`) and its short one (`Title,
# Authors, Affiliations, Abstract, Publication, Category, DOI`). The publication is the
# journal or proceedings; the document identifier or category names the type.
IEEE_TYPES: dict[str, str] = {
    "ieee journals": "article",
    "ieee magazines": "article",
    "ieee early access articles": "article",
    "ieee conferences": "conference",
    "ieee standards": "report",
    "ieee books": "book",
    "ieee courses": "other",
}
IEEE_XPLORE = Layout(
    "ieee-xplore",
    "IEEE Xplore",
    frozenset({"document title", "publication title", "document identifier"}),
    {
        "document title": "title",
        "authors": "authors",
        "publication title": "journal",
        "publication year": "year",
        "volume": "volume",
        "issue": "issue",
        "start page": PAGE_START,
        "end page": PAGE_END,
        "abstract": "abstract",
        "issn": "issn",
        "isbns": "isbn",
        "doi": "doi",
        "pdf link": "url",
        "author keywords": "keywords",
        "ieee terms": "keywords",
        "document identifier": "pub_type",
    },
    type_names=IEEE_TYPES,
)
IEEE_XPLORE_SHORT = Layout(
    "ieee-xplore-short",
    "IEEE Xplore",
    frozenset({"title", "authors", "affiliations", "publication", "category"}),
    {
        "title": "title",
        "authors": "authors",
        "abstract": "abstract",
        "publication": "journal",
        "category": "pub_type",
        "doi": "doi",
    },
    type_names=IEEE_TYPES,
)

# Springer Link's search export: names run together in `Authors` ("Andy SmithTom Weber").
SPRINGER_LINK = Layout(
    "springer-link",
    "SpringerLink",
    frozenset({"item title", "item doi", "content type"}),
    {
        "item title": "title",
        "publication title": "journal",
        "journal volume": "volume",
        "journal issue": "issue",
        "item doi": "doi",
        "authors": "authors",
        "publication year": "year",
        "url": "url",
        "content type": "pub_type",
    },
    authors=RUN_TOGETHER,
    type_names={"chapter conferencepaper": "conference"},
)

# BibTeX field names as columns, as bib-dedupe and the dedup benchmark sets write them.
BIBTEX_COLUMNS = Layout(
    "bibtex-columns",
    "",
    frozenset({"id", "entrytype"}),
    {
        "id": "key",
        "entrytype": "pub_type",
        "author": "authors",
        "title": "title",
        "year": "year",
        "journal": "journal",
        "booktitle": "journal",
        "volume": "volume",
        "number": "issue",
        "issue": "issue",
        "pages": "pages",
        "abstract": "abstract",
        "doi": "doi",
        "isbn": "isbn",
        "issn": "issn",
        "url": "url",
        "keywords": "keywords",
        "language": "language",
        "pmid": "pmid",
    },
)

EXPORT = Layout(
    "screener",
    "",
    frozenset({"id", "key", "status", "title", "authors"}),
    {name: name for name in EXPORT_COLUMNS if name not in ("id", "status")},
    exported=True,
)

# Common column names of other tools (Zotero, Rayyan, ASReview, hand-made sheets).
GENERIC_COLUMNS: dict[str, str] = {
    "id": "key",
    "record_id": "key",
    "key": "key",
    "title": "title",
    "article title": "title",
    "document title": "title",
    "primary title": "title",
    "ti": "title",
    "abstract": "abstract",
    "abstract note": "abstract",
    "ab": "abstract",
    "authors": "authors",
    "author": "authors",
    "author(s)": "authors",
    "au": "authors",
    "year": "year",
    "publication year": "year",
    "pubyear": "year",
    "py": "year",
    "date": "year",
    "publication date": "year",
    "journal": "journal",
    "journal title": "journal",
    "journal/book": "journal",
    "source title": "journal",
    "publication title": "journal",
    "secondary title": "journal",
    "so": "journal",
    "volume": "volume",
    "vl": "volume",
    "issue": "issue",
    "number": "issue",
    "is": "issue",
    "pages": "pages",
    "page": "pages",
    "start page": PAGE_START,
    "first page": PAGE_START,
    "end page": PAGE_END,
    "last page": PAGE_END,
    "doi": "doi",
    "di": "doi",
    "pmid": "pmid",
    "pubmed id": "pmid",
    "pubmedid": "pmid",
    "pubmed_id": "pmid",
    "issn": "issn",
    "isbn": "isbn",
    "language": "language",
    "type": "pub_type",
    "document type": "pub_type",
    "publication type": "pub_type",
    "item type": "pub_type",
    "keywords": "keywords",
    "author keywords": "keywords",
    "manual tags": "keywords",
    "url": "url",
    "link": "url",
    "database": "database",
    "accession": "accession",
    "accession number": "accession",
}

# ASReview / SYNERGY screening sets: record_id, title, abstract, label_included, ...
SCREENING = Layout("screening", "", frozenset({"label_included"}), GENERIC_COLUMNS)

GENERIC = Layout("generic", "", frozenset(), GENERIC_COLUMNS)

# Most specific first: the first layout whose signature the header holds wins.
LAYOUTS: tuple[Layout, ...] = (
    EXPORT,
    PUBMED,
    SCOPUS,
    EMBASE,
    EMBASE_CITATION,
    IEEE_XPLORE,
    IEEE_XPLORE_SHORT,
    SPRINGER_LINK,
    BIBTEX_COLUMNS,
    SCREENING,
)


def choose_layout(header: list[str]) -> Layout:
    """The layout a header belongs to; GENERIC when no signature matches."""
    names = {name.strip().lower() for name in header}
    for layout in LAYOUTS:
        if layout.signature <= names:
            return layout
    return GENERIC
