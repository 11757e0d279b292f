"""One pair's facts, judged once: the field evidence and the judgements that several vetoes and
levels read (whether a shared DOI vouches, whether the records cite one text, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN, Agreement, agreement
from screener.dedupe.evidence import Evidence, VersionLink, compare_profiles
from screener.dedupe.profile import Profile
from screener.dedupe.venues import page_style

# Share of surname words that must agree for the author lists to agree; with the first author
# agreeing, the share below which they conflict.
AUTHORS_AGREE = 0.5
AUTHORS_CONFLICT = 0.2
ABSTRACT_AGREES = 0.85
# Below this title similarity a shared DOI is a container's (a supplement, a book), not an
# identifier of the pair.
ID_TITLE = 0.75
# Titles at least this similar let a shared DOI vouch for the pair.
DOI_TITLE = 0.9
# How alike title and authors must be for a full citation to outweigh a DOI (one_citation).
ONE_CITATION_TITLE = 0.98
ONE_CITATION_AUTHORS = 0.8
# An author list run together by a database still shares this many of the names.
GARBLED_AUTHORS = 0.5
# Abstracts this alike make one citation with a single page (one_citation).
ONE_CITATION_ABSTRACT = 0.95
# Versions of one work with titles at least this alike merge automatically (an update keeps
# its title; a review that changed its question goes to a person).
VERSION_TITLE = 0.9
REWORDED_VERSION_TITLE = 0.75
# A review that keeps its identifier (DOI stem, Cochrane number) and its whole team may be
# retitled further.
RETITLED_VERSION_TITLE = 0.6
IDENTIFIED_VERSIONS: frozenset[VersionLink] = frozenset([VersionLink.DOI, VersionLink.NUMBER])
# Links strong enough to merge versions without a person (Evidence.version); a reused article
# number (VersionLink.LOCATOR) is not.
LINKED_VERSIONS: frozenset[VersionLink] = frozenset(
    [VersionLink.DOI, VersionLink.NUMBER, VersionLink.REPUBLISHED]
)
# One text printed twice (printed_twice, printed_again): titles at least this long (compact
# characters); a meeting abstract's printings run at most this many pages after their first.
PRINTED_TWICE_TITLE = 50
MAX_ABSTRACT_SPAN = 1
_DIGITS = re.compile(r"\d+")
_PAGE_DIGITS = 9
# Abstract pages: "S12", "e3"; a long "e0216789" is an article's number.
_ABSTRACT_PAGE = re.compile(r"s\d+|e\d{1,4}")


# Not frozen: one is built for every compared pair, and a frozen dataclass's __init__ costs
# several times as much. The rules only read it.
@dataclass(slots=True)
class PairFacts:
    """Two profiles, their evidence, and the judgements the rules share, each made once."""

    p: Profile
    q: Profile
    e: Evidence
    authors: Agreement  # the author lists as a whole (authors_agree)
    same_id: bool  # one PMID, or one DOI under titles too alike for a container's
    venue: int  # how many of journal, volume and first page agree
    abstract: bool  # the abstracts agree
    family: bool  # versions of one work that merge without a person (same_version_family)
    vouched: bool  # a shared DOI vouches for the pair (doi_vouches)
    again: bool  # one text a journal printed twice (printed_again)
    twice: bool  # one meeting abstract printed twice in one issue (printed_twice)


def pair_facts(p: Profile, q: Profile) -> PairFacts:
    """Everything the vetoes and levels read about one pair."""
    e = compare_profiles(p, q)
    title = e.title
    return PairFacts(
        p,
        q,
        e,
        authors_agree(e),
        e.pmid is AGREE or (e.doi is AGREE and (title is None or title >= ID_TITLE)),
        (e.journal is AGREE) + (e.volume is AGREE) + (e.pages is AGREE),
        e.abstract is not None and e.abstract >= ABSTRACT_AGREES,
        same_version_family(e),
        doi_vouches(e),
        printed_again(p, q, e),
        printed_twice(p, q, e),
    )


def authors_agree(e: Evidence) -> Agreement:
    """Whether the author lists agree, from the first author and the names they share."""
    if e.first_author is UNKNOWN and e.author_overlap is None:
        return UNKNOWN
    if e.first_author is AGREE:
        return agreement(e.author_overlap is None or e.author_overlap >= AUTHORS_CONFLICT)
    return agreement(e.author_overlap is not None and e.author_overlap >= AUTHORS_AGREE)


def doi_vouches(e: Evidence) -> bool:
    """A shared DOI vouches for the pair: alike titles, and a place or first author to match."""
    if e.doi is not AGREE or e.title is None or e.title < DOI_TITLE:
        return False  # most pairs
    # A DOI copied onto the wrong record (a meeting abstract carrying the article's DOI) agrees
    # with no field of the place: that record has a volume and pages of its own.
    if e.journal is AGREE or e.volume is AGREE or e.pages is AGREE:
        return True
    # Or journal names that cannot be compared, and no volume or pages on one side: one title
    # to the letter by one first author in one year.
    unplaced = e.volume is UNKNOWN and e.pages is UNKNOWN
    spelt = e.title >= ONE_CITATION_TITLE
    return spelt and unplaced and e.first_author is AGREE and e.year_gap == 0


def same_version_family(e: Evidence) -> bool:
    """Versions of one work that merge without a person: one journal, the title kept or reworded."""
    if e.version not in LINKED_VERSIONS or e.journal is not AGREE or e.title is None:
        return False
    if e.title >= VERSION_TITLE:
        return True
    # A reworded title keeps the review's lead author; a new team keeps its title.
    if e.title >= REWORDED_VERSION_TITLE and e.first_author is AGREE:
        return True
    return e.title >= RETITLED_VERSION_TITLE and e.team and e.version in IDENTIFIED_VERSIONS


def year_mistaken(p: Profile, q: Profile, e: Evidence) -> bool:
    """The years differ, not the works: one DOI, and one place or one text."""
    located = e.volume is AGREE and e.pages is AGREE
    return (doi_vouches(e) and located) or _one_doi_and_text(p, q, e)


def _one_doi_and_text(p: Profile, q: Profile, e: Evidence) -> bool:
    # A volume or pages that differ are another article, not a year mistyped.
    located = e.volume is not CONFLICT and e.pages is not CONFLICT
    return (
        e.doi is AGREE
        and located
        and e.title is not None
        and e.title >= DOI_TITLE
        and _same_text(p, q, e)
    )


def _same_text(p: Profile, q: Profile, e: Evidence) -> bool:
    """One abstract of the work's own (not a placeholder) under one first author."""
    return bool(
        e.first_author is AGREE
        and e.abstract is not None
        and e.abstract >= ONE_CITATION_ABSTRACT
        and p.own_abstract
        and q.own_abstract
    )


def _issue_numbers_apart(p: Profile, q: Profile) -> bool:
    """Two issue fields naming other issues; a double issue ("3-4") and one of its two
    ("3") are not apart, as databases cite a double issue by its first number too."""
    a, b = p.issue_numbers, q.issue_numbers
    if not (a and b) or a == b:
        return False
    if p.supplement or q.supplement:  # "1 Suppl 2" is no double issue
        return True
    return not (_within_double_issue(a, b) or _within_double_issue(b, a))


def _within_double_issue(single: tuple[str, ...], double: tuple[str, ...]) -> bool:
    if len(single) != 1 or len(double) != 2 or not all(n.isdecimal() for n in double):
        return False
    first, last = int(double[0]), int(double[1])
    return single[0].isdecimal() and first < last and first <= int(single[0]) <= last


def one_citation(p: Profile, q: Profile, e: Evidence) -> bool:
    """Two records cite one article to the letter, so a DOI that differs is the error."""
    # One title, year, journal, first page and form, and no two issues: a journal restarting
    # its pages in each issue prints a recurring editorial on the same pages.
    cited = bool(
        p.form == q.form
        and not (p.issue and q.issue and p.issue != q.issue)
        and not _issue_numbers_apart(p, q)
        and e.title is not None
        and e.title >= ONE_CITATION_TITLE
        and e.year_gap == 0
        and e.journal is AGREE
        and e.pages is AGREE
    )
    if not cited:
        return False
    # And one abstract under one author list,
    authors = e.first_author is AGREE and (e.author_overlap or 0) >= ONE_CITATION_AUTHORS
    if e.abstract is not None and e.abstract >= ONE_CITATION_ABSTRACT and authors:
        return True
    # or one volume and range of several pages under one author list, or in one issue. The
    # issue stands in for an author list garbled or left out by a database, not for one that
    # names other people (two letters under one title).
    same_issue = bool(p.issue) and p.issue == q.issue
    garbled = e.first_author is not CONFLICT or (e.author_overlap or 0) >= GARBLED_AUTHORS
    ranged = e.last_page is AGREE and p.first_page != p.last_page
    return e.volume is AGREE and ranged and (authors or (same_issue and garbled))


def printed_again(p: Profile, q: Profile, e: Evidence) -> bool:
    """One text a journal printed twice in one issue, each printing with its own DOI and pages."""
    if p.title.compact != q.title.compact or len(p.title.compact) < PRINTED_TWICE_TITLE:
        return False  # most pairs
    # Not meeting abstracts: one abstract at two meetings is two presentations.
    lettered = any(_ABSTRACT_PAGE.fullmatch(x.first_page) for x in (p, q))
    return bool(
        e.journal is AGREE
        and e.volume is AGREE
        and p.issue_numbers == q.issue_numbers
        and e.year_gap is not None
        and e.year_gap <= 1
        and not (_meeting_print(p, q) or lettered)
        and p.form == q.form
        and (e.author_overlap or 0) >= ONE_CITATION_AUTHORS
        and _same_text(p, q, e)
    )


def printed_twice(p: Profile, q: Profile, e: Evidence) -> bool:
    """One meeting abstract printed at two places of one issue, a page or two each."""
    # One title to the letter: "in men" / "in women", "with" / "without" are 0.98 alike.
    if e.pages is not CONFLICT or p.title.compact != q.title.compact:
        return False  # most pairs: no need to look at the pages
    spans = (_page_span(p), _page_span(q))
    # Only where meeting abstracts are printed: a supplement, or abstract pages.
    lettered = all(_ABSTRACT_PAGE.fullmatch(x.first_page) for x in (p, q))
    return bool(
        (_meeting_print(p, q) or lettered)
        and len(p.title.compact) >= PRINTED_TWICE_TITLE
        and e.first_author is AGREE
        and e.year_gap == 0
        and e.journal is AGREE
        and e.volume is AGREE
        # "3_suppl" and "15_suppl": two supplements of one volume, two meetings; an issue given
        # on one side only may be the other meeting's too.
        and p.issue_numbers == q.issue_numbers
        and all(span is not None and 0 <= span <= MAX_ABSTRACT_SPAN for span in spans)
    )


def _meeting_print(p: Profile, q: Profile) -> bool:
    """Whether either record is a meeting abstract or printed in a supplement."""
    return "conference" in (p.form, q.form) or p.supplement or q.supplement


def _page_span(x: Profile) -> int | None:
    """Pages the record runs after its first: 0 for one page, None when they cannot be counted."""
    first = _DIGITS.search(x.first_page)
    if first is None:
        return None
    if not x.last_page:
        return 0
    last = _DIGITS.search(x.last_page)
    if last is None or page_style(x.first_page) != page_style(x.last_page):
        return None
    if len(first.group()) > _PAGE_DIGITS or len(last.group()) > _PAGE_DIGITS:
        return None  # no page number, and more than int() reads past 4,300 digits
    return int(last.group()) - int(first.group())
