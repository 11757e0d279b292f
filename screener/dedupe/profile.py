"""A record's matching profile: every key the matcher compares, computed once per record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from screener.dedupe.authors import AuthorKey, author_key
from screener.dedupe.meetings import Meeting, meeting
from screener.dedupe.text import fold
from screener.dedupe.titles import TitleKey, title_key
from screener.dedupe.venues import (
    doi_key,
    doi_stem,
    issn_key,
    journal_key,
    journal_title_key,
    meeting_name,
    names_its_meeting,
    page_range,
    volume_key,
)
from screener.model import Record

# What a record is, as far as matching cares. Pub types are model.PUB_TYPES plus the BibTeX
# entry types and vendor labels the import pipeline may pass through.
FORM_BY_PUB_TYPE: dict[str, str] = {
    "conference": "conference",
    "inproceedings": "conference",
    "proceedings": "conference",
    "conference paper": "conference",
    "conference abstract": "conference",
    "preprint": "preprint",
    "unpublished": "preprint",
    "chapter": "chapter",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}
# Venue words (folded) that mark a meeting abstract printed in or beside a journal.
CONFERENCE_WORDS: tuple[str, ...] = (
    "meeting abstract",
    "conference",
    "congress",
    "symposium",
    "proceedings",
    "annual meeting",
    "abstracts",
)
# Journals named "Proceedings" that are journals, not the proceedings of a meeting (folded).
PROCEEDINGS_JOURNALS: tuple[str, ...] = (
    "proceedings of the royal society",
    "proceedings biological sciences",
    "proceedings mathematical physical and engineering sciences",
    "proceedings of the national academy of sciences",
    "proceedings of the ieee",
    "proceedings of the american thoracic society",
    "proceedings baylor university medical center",
    "mayo clinic proceedings",
)
PREPRINT_SERVERS: tuple[str, ...] = (
    "biorxiv",
    "medrxiv",
    "arxiv",
    "chemrxiv",
    "psyarxiv",
    "socarxiv",
    "ssrn",
    "research square",
    "preprints",
    "osf preprints",
)
# DOI prefixes of preprint servers: bioRxiv/medRxiv, arXiv, Research Square, SSRN, Preprints.org.
PREPRINT_DOI_PREFIXES: tuple[str, ...] = (
    "10.1101/",
    "10.48550/",
    "10.21203/",
    "10.2139/",
    "10.20944/",
)

VENUE_CACHE = 65536  # journal names repeat: fold each once
# A year before this that repeats the issue number or first page is a misplaced field.
MIN_PLAUSIBLE_YEAR = 1900
ABSTRACT_CHARS = 300  # enough of an abstract to tell two works apart, cheap to hold
# An abstract this long (folded characters) and not a publisher's placeholder ("An abstract is
# not available for this content") is the work's own.
OWN_ABSTRACT_CHARS = 200
_NO_ABSTRACT = re.compile(r"\b(?:no|not an?) abstract\b|abstract (?:is )?not available")
# A Cochrane review's number ("CD003311"): it names the review across all its versions.
# (Other letter-and-digit numbers are reused: a meeting's abstract "e20512" comes back every
# year.)
_REVIEW_NUMBER = re.compile(r"cd\d{6}")
# "Exercise for depression (Protocol)": a Cochrane protocol, the plan of a review.
_PROTOCOL = re.compile(r"\(\s*protocol\s*\)\W*$|^\W*protocol\s*:", re.IGNORECASE)
# Cochrane protocols say so where the abstract would be, after a heading or markup at most:
# "This is the protocol for a review and there is no abstract. The objectives are as follows".
_PROTOCOL_ABSTRACT = re.compile(r"\bthis is (?:the|a) protocol for an?\b", re.IGNORECASE)
PROTOCOL_NOTE_CHARS = 200
# "Suppl 1", "SUPPL. 3", "Supplement 2", "3_suppl", "S2": a supplement issue.
_SUPPLEMENT = re.compile(r"suppl|(?<![a-z])s\d", re.IGNORECASE)
# Venue fields a database filled with something else: a whole citation in the journal field
# ("Biological Psychiatry.61 (4) ()(pp 410-418) 2007.Date of Publication: 15 Feb 2007."),
# pages in the issue field ("pp 267-282").
_CITATION_IN_JOURNAL = re.compile(
    r"\(\s*pp\b|\bpp\.?\s*\d|\d\s*\(\s*[\w-]*\s*\)|date of publication", re.IGNORECASE
)
_PAGES_IN_ISSUE = re.compile(r"\bpp?\.?\s*\d", re.IGNORECASE)
# A page field holding the year (or the next): a date where pages belong.
YEAR_AS_PAGE_GAP = 1


@dataclass(frozen=True, slots=True)
class Profile:
    """The comparable keys of one record."""

    title: TitleKey
    authors: AuthorKey
    year: int | None
    journal: tuple[str, ...]
    journal_title: tuple[str, ...]  # the title proper when the name has a subtitle, else ()
    issns: frozenset[str]
    volume: str
    issue: str  # a plain issue number ("6"), else ""
    issue_numbers: tuple[str, ...]  # every number in the issue field: "9 Supplement 1" -> 9, 1
    supplement: bool  # the volume or issue field names a supplement
    first_page: str
    last_page: str
    doi: str
    pmid: str
    isbn: str
    form: str  # article, conference, preprint, chapter, book, thesis, protocol; "" when unknown
    abstract: str
    own_abstract: bool  # the abstract is the work's own, not a placeholder (OWN_ABSTRACT_CHARS)
    # Cochrane review numbers, from the pages, the issue field or the DOI ("cd003311" from
    # "10.1002/14651858.CD003311.pub3"): they name a review across its versions.
    numbers: frozenset[str]
    # A meeting abstract printed in a journal (with a volume or supplement, or "Journal.
    # Conference: ...") rather than in proceedings named after the meeting.
    in_journal: bool
    meeting: Meeting | None  # the meeting of a conference record, named by its venue
    # Its journal, volume, issue or page field holds something else: whatever conflicts there
    # is one misreading, not several witnesses.
    venue_unread: bool


@lru_cache(maxsize=VENUE_CACHE)
def _folded_venue(journal: str) -> str:
    return fold(journal)


def _form(record: Record, doi: str, journal: str) -> str:
    form = FORM_BY_PUB_TYPE.get(record.pub_type.strip().lower(), "")
    if form:
        return form
    protocol = "rotocol" in record.title or "ROTOCOL" in record.title
    if "protocol" in record.pub_type.lower() or (protocol and _PROTOCOL.search(record.title)):
        return "protocol"
    if _PROTOCOL_ABSTRACT.search(record.abstract[:PROTOCOL_NOTE_CHARS]):
        return "protocol"
    if doi.startswith(PREPRINT_DOI_PREFIXES) or any(s in journal for s in PREPRINT_SERVERS):
        return "preprint"
    venue = f"{journal} {fold(record.volume)} {fold(record.issue)}"
    # Also a proceedings journal's name split over the journal and volume fields ("Proceedings"
    # / "Biological sciences / The Royal Society. 280").
    if venue.startswith(PROCEEDINGS_JOURNALS):
        venue = venue.replace("proceedings", "", 1)
    if any(word in venue for word in CONFERENCE_WORDS):
        return "conference"
    # Without a journal the record may be anything: an article is a work with a journal.
    return "article" if journal else ""


def record_year(record: Record) -> int | None:
    """The record's year; unknown when it is its own issue number or first page from before
    MIN_PLAUSIBLE_YEAR, a field the database put in the wrong place (Proc Biol Sci 285(1873)
    exported with the year 1873)."""
    year = record.year
    if year is None or year >= MIN_PLAUSIBLE_YEAR:
        return year
    misplaced = str(year) in (record.issue.strip(), page_range(record.pages)[0])
    return None if misplaced else year


def _review_numbers(first_page: str, issue: str, doi: str) -> frozenset[str]:
    """Cochrane review numbers ("cd003311") in the first page, the issue field or the last part
    of the DOI without its version suffix."""
    issue = issue.lower()
    if not (first_page.startswith("cd") or issue.startswith("cd") or ".cd" in doi):
        return frozenset()  # most records: no review number anywhere
    tail = doi_stem(doi).rsplit("/", 1)[-1].rsplit(".", 1)[-1] if doi else ""
    values = (first_page, issue, tail)
    return frozenset(v for v in values if _REVIEW_NUMBER.fullmatch(v))


def _venue_unread(record: Record, first_page: str, year: int | None) -> bool:
    """Whether the record's venue fields hold what they cannot: a citation for a journal, no
    number for a volume, pages for an issue, a month or year for pages."""
    pages, volume = record.pages.strip(), record.volume.strip()
    if pages and not first_page:
        return True  # "October"
    if year is not None and pages.isdigit() and abs(int(pages) - year) <= YEAR_AS_PAGE_GAP:
        return True  # "2010"
    if volume and not any(ch.isdigit() for ch in volume):
        return True  # "var.pagings"
    if record.issue and _PAGES_IN_ISSUE.search(record.issue):
        return True
    return bool(record.journal) and _citation_in_journal(record.journal)


@lru_cache(maxsize=VENUE_CACHE)
def _citation_in_journal(journal: str) -> bool:
    return _CITATION_IN_JOURNAL.search(journal) is not None


@lru_cache(maxsize=VENUE_CACHE)
def _names_its_meeting(journal: str) -> bool:
    return names_its_meeting(journal)


def profile(record: Record) -> Profile:
    """The matching profile of a record. Reads only the record's fields: no normalisation by the
    import pipeline is assumed beyond text fields being "" when absent."""
    doi = doi_key(record.doi)
    first_page, last_page = page_range(record.pages)
    issue = record.issue.strip()
    abstract = fold(record.abstract[: ABSTRACT_CHARS * 2])[:ABSTRACT_CHARS]
    volume = volume_key(record.volume)
    supplement = bool((record.volume or issue) and _SUPPLEMENT.search(f"{record.volume} {issue}"))
    form = _form(record, doi, _folded_venue(record.journal))
    year = record_year(record)
    in_journal = bool(volume or supplement or _names_its_meeting(record.journal))
    return Profile(
        title=title_key(record.title, record.pub_type),
        authors=author_key(record.authors),
        year=year,
        journal=journal_key(record.journal),
        journal_title=journal_title_key(record.journal),
        issns=issn_key(record.issn),
        volume=volume,
        issue=issue if issue.isdecimal() else "",
        issue_numbers=tuple(n.lstrip("0") or "0" for n in re.findall(r"\d+", issue)),
        supplement=supplement,
        first_page=first_page,
        last_page=last_page,
        doi=doi,
        pmid=re.sub(r"\D", "", record.pmid),
        isbn=re.sub(r"[^0-9x]", "", record.isbn.lower()),
        form=form,
        abstract=abstract,
        own_abstract=len(abstract) >= OWN_ABSTRACT_CHARS and not _NO_ABSTRACT.search(abstract),
        numbers=_review_numbers(first_page, issue, doi),
        in_journal=in_journal,
        meeting=meeting(meeting_name(record.journal)) if form == "conference" else None,
        venue_unread=_venue_unread(record, first_page, year),
    )
