"""Field-by-field comparison of two profiles: what agrees, what conflicts, what is unknown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN, Agreement, StrictEnum, agreement
from screener.dedupe.authors import name_overlap
from screener.dedupe.meetings import one_series
from screener.dedupe.profile import Profile
from screener.dedupe.venues import doi_stem, pages_agree, titled_journals_match

# A title cut short by a database (a field limit) still names the same work.
MIN_TRUNCATED_TITLE = 40
TRUNCATED = 0.97
# A title found whole inside the other, with a label or subtitle added, is similar but not the
# same: the location must confirm it.
MIN_CONTAINED_TITLE = 20
CONTAINED = 0.85
_PUNCTUATION = re.compile(r"[^a-z0-9]")
# An article number ("e0123456", "e20512") long enough to link two records of one journal
# years apart for a person to look at (a yearly meeting may reuse it).
MIN_LOCATOR = 6
_PAGE_NUMBER = re.compile(r"([a-z]?)(\d+)")
# The DOI of a part of an article: PLOS figures, tables and supplements (".g001", ".t002",
# ".s001"), eLife sections (".001").
_DOI_COMPONENT = re.compile(r"\.[a-z]{0,2}\d{3}")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
# Page ranges at least this long identify an article by their last page.
MIN_RANGE = 3
# One title and abstract by one team in one journal, years apart, with no volume, pages or DOI
# to tell them apart: an updated review that the journal republishes under its title.
REPUBLISHED_TITLE = 0.98
REPUBLISHED_ABSTRACT = 0.85
REPUBLISHED_AUTHORS = 0.5
# Surname spellings this close are one name ("Muri" / "Mueri", transliterations).
SURNAME_SIMILARITY = 0.8
MIN_FUZZY_SURNAME = 5


class VersionLink(StrictEnum):
    """What links two records as versions of one work, if anything does."""

    NONE = "none"
    DOI = "doi"  # DOIs that differ by a version suffix: ".pub2" / ".pub3"
    NUMBER = "number"  # one Cochrane review number ("CD007231") years apart
    # One title, abstract and team in one journal years apart, and nothing else to go on.
    REPUBLISHED = "republished"
    LOCATOR = "locator"  # one other article number in one journal years apart


@dataclass(frozen=True, slots=True)
class Evidence:
    """How two records compare, field by field. None (a similarity or a gap) and UNKNOWN (an
    agreement) mean a field is missing on one side."""

    title: float | None  # 0-1 similarity of the title keys
    first_author: Agreement
    author_overlap: float | None
    team: bool  # one author list of two or more people, surname for surname
    year_gap: int | None
    journal: Agreement
    volume: Agreement
    pages: Agreement  # first pages
    last_page: Agreement
    doi: Agreement
    version: VersionLink  # versions of one work, and what links them
    pmid: Agreement
    isbn: Agreement
    abstract: float | None


def title_similarity(a: str, b: str) -> float | None:
    """Similarity of two compact title keys, 0-1; a title cut short counts as near-identical."""
    if not a or not b:
        return None
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_TRUNCATED_TITLE and long.startswith(short):
        return TRUNCATED
    similarity = Indel.normalized_similarity(a, b)
    if len(short) >= MIN_CONTAINED_TITLE and short in long:
        # "Atypical HUS" inside "Medical progress: atypical HUS": a series label or subtitle.
        return max(similarity, CONTAINED)
    return similarity


def _first_author(a: str, b: str) -> Agreement:
    if not a or not b:
        return UNKNOWN
    if a == b:
        return AGREE
    if min(len(a), len(b)) >= MIN_FUZZY_SURNAME:
        return agreement(Indel.normalized_similarity(a, b) >= SURNAME_SIMILARITY)
    return CONFLICT


def _same(a: str, b: str) -> Agreement:
    if not a or not b:
        return UNKNOWN
    return AGREE if a == b else CONFLICT


def _same_doi(a: str, b: str) -> Agreement:
    """DOIs compared as identifiers: one DOI typed twice agrees, an article's part's is UNKNOWN."""
    if not a or not b:
        return UNKNOWN
    # Typed twice: punctuation or leading zeros differ ("..._3" / "...-3").
    if a == b or _doi_letters(a) == _doi_letters(b) or _doi_numbers(a) == _doi_numbers(b):
        return AGREE
    # A figure's DOI ("...pone.0094853.g001") names its article; it may also be a supplement's
    # section DOI against an abstract's own: no conflict, and no vouching either.
    return UNKNOWN if _component(a, b) or _component(b, a) else CONFLICT


def _component(doi: str, other: str) -> bool:
    return other.startswith(doi) and bool(_DOI_COMPONENT.fullmatch(other, len(doi)))


def _doi_letters(doi: str) -> str:
    """The DOI without punctuation: "jnnp.2009123456" is "jnnp-2009.123456"."""
    return _PUNCTUATION.sub("", doi)


def _doi_numbers(doi: str) -> tuple[str, ...]:
    """The DOI's parts without leading zeros, which a spreadsheet drops ("2001.0070202.x")."""
    # The parts stay apart, and punctuation and zeros are never both dropped: "2019.01.112" is
    # not "2019.11.012".
    return tuple(_PUNCTUATION.split(_LEADING_ZEROS.sub("", doi)))


def page_span(x: Profile) -> int | None:
    """Last page minus first page of a plain page range ("482-491": 9); None for any other."""
    if not (x.first_page.isdigit() and x.last_page.isdigit()):
        return None
    return int(x.last_page) - int(x.first_page)


def other_issues(p: Profile, q: Profile) -> bool:
    """Whether both records give an issue number and the numbers differ ("No. 1" / "2"; a
    supplement's number after the issue's is not compared: "9 Suppl 1" is issue 9)."""
    return bool(p.issue_numbers and q.issue_numbers and p.issue_numbers[0] != q.issue_numbers[0])


def _long_ranges(p: Profile, q: Profile) -> bool:
    """Whether both page ranges are long enough (or one impossible) to share only one end."""
    # A shared last page then identifies the article; short ranges end on shared pages of
    # adjacent abstracts.
    shorter = _shorter_span(page_span(p), page_span(q))
    return shorter is not None and (shorter < 0 or shorter >= MIN_RANGE)


def _shorter_span(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else min(a, b)


def _same_range_numbers(p: Profile, q: Profile) -> bool:
    """One page range with a section letter on one side only: "c37-c42" and "37-42"."""
    if not (p.last_page and q.last_page):
        return False
    numbers = []
    for x in (p, q):
        first, last = _PAGE_NUMBER.fullmatch(x.first_page), _PAGE_NUMBER.fullmatch(x.last_page)
        if first is None or last is None or first.group(1) != last.group(1):
            return False
        numbers.append((first.group(1), first.group(2), last.group(2)))
    (a_letter, a_first, a_last), (b_letter, b_first, b_last) = numbers
    one_letter = bool(a_letter) != bool(b_letter)
    return one_letter and (a_first, a_last) == (b_first, b_last) and a_first != a_last


def _last_pages(p: Profile, q: Profile) -> Agreement:
    last = pages_agree(p.last_page, q.last_page)
    return AGREE if last is UNKNOWN and _same_range_numbers(p, q) else last


def _volumes(p: Profile, q: Profile, shifted: bool) -> Agreement:
    """Whether the volumes agree, allowing for fields a database moved or misplaced."""
    if shifted:
        return AGREE  # one record's fields are the other's moved one column
    same = _same(p.volume, q.volume)
    # One record's volume a supplement number in the other's issue field: "3" against volume
    # 30, issue "Suppl. 3".
    if same is CONFLICT and (_supplement_number(p, q) or _supplement_number(q, p)):
        return UNKNOWN
    return same


def _supplement_number(p: Profile, q: Profile) -> bool:
    return q.supplement and p.volume in q.issue_numbers


def _shifted(p: Profile, q: Profile) -> bool:
    """Whether p's fields are q's moved one column: "v-, n26, p9" / "v26, n9, p1746"."""
    return bool(
        not p.volume and p.issue and p.issue == q.volume and q.issue and p.first_page == q.issue
    )


def _pages(p: Profile, q: Profile, shifted: bool) -> Agreement:
    first = pages_agree(p.first_page, q.first_page)
    if first is UNKNOWN and _same_range_numbers(p, q):
        return AGREE
    if first is not CONFLICT:
        return first
    if shifted:
        return UNKNOWN  # the issue number read as a page
    last = p.last_page and pages_agree(p.last_page, q.last_page) is AGREE
    if last and _long_ranges(p, q) and not other_issues(p, q):
        # "2297-2108" and "2097-2108": a typo in the first page, same range; in another issue
        # the shared last page is a neighbour's.
        return AGREE
    # "569" and "567-569": one database kept only the last page of the range.
    if not p.last_page and q.last_page and pages_agree(p.first_page, q.last_page) is AGREE:
        return AGREE
    kept_last = bool(not q.last_page and p.last_page)
    return agreement(kept_last and pages_agree(q.first_page, p.last_page) is AGREE)


def _versions(
    p: Profile,
    q: Profile,
    journal: Agreement,
    year_gap: int | None,
    title: float | None,
    abstract: float | None,
    first_author: Agreement,
    author_overlap: float | None,
) -> VersionLink:
    """How two records are versions of one work, if they are (Evidence.version)."""
    if p.doi and q.doi and p.doi != q.doi:
        return VersionLink.DOI if doi_stem(p.doi) == doi_stem(q.doi) else VersionLink.NONE
    if not (journal is AGREE and year_gap):
        return VersionLink.NONE
    if p.numbers & q.numbers:
        return VersionLink.NUMBER
    if _republished(p, q, title, abstract, first_author, author_overlap):
        return VersionLink.REPUBLISHED
    locator = p.first_page if p.first_page == q.first_page else ""
    if len(locator) >= MIN_LOCATOR and not locator.isdigit():
        return VersionLink.LOCATOR
    return VersionLink.NONE


def _republished(
    p: Profile,
    q: Profile,
    title: float | None,
    abstract: float | None,
    first_author: Agreement,
    author_overlap: float | None,
) -> bool:
    """One title, abstract and team in one journal, nothing to tell them apart: an update."""
    # A journal republishing an updated review under its title and chapter number.
    pages = p.first_page == q.first_page or not (p.first_page and q.first_page)
    return bool(
        not (p.doi or q.doi)
        and pages
        and not (p.volume and q.volume)
        and "conference" not in (p.form, q.form)
        and p.title.numbers == q.title.numbers  # "Cancer statistics, 2010" / "..., 2015"
        and title is not None
        and title >= REPUBLISHED_TITLE
        and abstract is not None
        and abstract >= REPUBLISHED_ABSTRACT
        and p.own_abstract
        and q.own_abstract
        and (first_author is AGREE or (author_overlap or 0) >= REPUBLISHED_AUTHORS)
    )


def compare_profiles(p: Profile, q: Profile) -> Evidence:
    """Field-by-field evidence for one pair."""
    year_gap = abs(p.year - q.year) if p.year is not None and q.year is not None else None
    journal = (
        agreement(titled_journals_match(p.journal, p.journal_title, q.journal, q.journal_title))
        if p.journal and q.journal
        else UNKNOWN
    )
    if journal is CONFLICT and p.issns & q.issns:
        journal = AGREE
    if journal is CONFLICT and p.meeting is not None and q.meeting is not None:
        # Proceedings named two ways: "AMCIS 2019 Proceedings", "25th Americas Conference ...".
        journal = agreement(one_series(p.meeting, q.meeting))
    abstract = (
        Indel.normalized_similarity(p.abstract, q.abstract) if p.abstract and q.abstract else None
    )
    title = title_similarity(p.title.compact, q.title.compact)
    first_author = _first_author(p.authors.first, q.authors.first)
    author_overlap = name_overlap(p.authors, q.authors)
    shifted = _shifted(p, q) or _shifted(q, p)
    return Evidence(
        title=title,
        first_author=first_author,
        author_overlap=author_overlap,
        team=max(p.authors.count, q.authors.count) >= 2 and p.authors.names == q.authors.names,
        year_gap=year_gap,
        journal=journal,
        volume=_volumes(p, q, shifted),
        pages=_pages(p, q, shifted),
        last_page=_last_pages(p, q),
        doi=_same_doi(p.doi, q.doi),
        version=_versions(p, q, journal, year_gap, title, abstract, first_author, author_overlap),
        pmid=_same(p.pmid, q.pmid),
        isbn=_same(p.isbn, q.isbn),
        abstract=abstract,
    )
