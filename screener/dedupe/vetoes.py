"""Veto rules: evidence that two similar records are different works.

A false merge loses a study from the review, so these rules outrank any similarity. A veto is
either final (the records are different works: an erratum and its article, part 1 and part 2)
or a hold (the pair may be one work, but a person must say so: two different DOIs, a preprint
and its published version). A shared DOI with matching titles lifts the holds that come from
garbled fields (pages, volume, numbers in the title): the DOI is the stronger witness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN
from screener.dedupe.evidence import Evidence, VersionLink
from screener.dedupe.profile import Profile
from screener.dedupe.venues import page_style

# Years this far apart mean different works, whatever else agrees.
FINAL_YEAR_GAP = 4
# Years this far apart are held for a person (online-first and print years differ by one).
HELD_YEAR_GAP = 2
# Chapters and books share a DOI or ISBN with their siblings; their titles must agree.
SIBLING_FORMS: frozenset[str] = frozenset(["chapter", "book"])
SIBLING_TITLE = 0.9
# Below this title similarity a shared DOI is a container's: a supplement of abstracts.
CONTAINER_TITLE = 0.6
# Titles at least this similar let a shared DOI vouch for the pair.
DOI_TITLE = 0.9
# How alike title and authors must be for a full citation to outweigh a DOI (_one_citation).
ONE_CITATION_TITLE = 0.98
ONE_CITATION_AUTHORS = 0.8
# An author list run together by a database still shares this many of the names.
GARBLED_AUTHORS = 0.5
# Abstracts this alike make one citation with a single page (_one_citation).
ONE_CITATION_ABSTRACT = 0.95
# Versions of one work with titles at least this alike merge automatically (an update keeps
# its title; a review that changed its question goes to a person).
VERSION_TITLE = 0.9
REWORDED_VERSION_TITLE = 0.75
# A review that keeps its identifier (DOI stem, Cochrane number) and its whole team may be
# retitled further: "Nicotine for Alzheimer's disease" / "Efficacy and safety of nicotine on
# Alzheimer's disease patients".
RETITLED_VERSION_TITLE = 0.6
IDENTIFIED_VERSIONS: frozenset[VersionLink] = frozenset([VersionLink.DOI, VersionLink.NUMBER])
# Links strong enough to merge versions without a person (Evidence.version); a reused article
# number ("e20512" of a yearly meeting) is not.
LINKED_VERSIONS: frozenset[VersionLink] = frozenset(
    [VersionLink.DOI, VersionLink.NUMBER, VersionLink.REPUBLISHED]
)
# A meeting abstract printed twice (_printed_twice): titles at least this long (compact
# characters), each printing at most this many pages after its first.
PRINTED_TWICE_TITLE = 50
MAX_ABSTRACT_SPAN = 1
# Titles shorter than this (compact characters) may recur in every issue: "Editorial".
GENERIC_TITLE = 30
# Held vetoes that together make a pair different works.
CONFLICTS_FOR_FINAL = 2
VENUE_CONFLICTS: frozenset[str] = frozenset(
    ["different DOIs", "different journals", "different volumes", "different first pages"]
)
# Forms that differ from a journal article as works: a meeting abstract, a preprint, a thesis.
OTHER_FORMS: frozenset[str] = frozenset(["conference", "preprint", "thesis"])
_DIGITS = re.compile(r"\d+")
_ABSTRACT_PAGE = re.compile(r"s\d+|e\d{1,4}")


@dataclass(frozen=True, slots=True)
class Veto:
    reason: str
    final: bool  # True: different works; False: never merged without a person
    # Two records that may never share an automatic group, even through a chain of pairs.
    # Held vetoes from one garbled field do not split a group that strong pairs hold together.
    splits: bool = False
    version: bool = False  # the records are versions of one work (an update, a new version)


def _kinds(kinds: frozenset[str]) -> str:
    return "+".join(sorted(kinds)) or "article"


def doi_vouches(e: Evidence) -> bool:
    """A shared DOI vouches for a pair when the titles agree and so does at least one field of
    the location, or the title is spelt alike by the same first author in the same year; a DOI
    copied onto the wrong record (a meeting abstract carrying the article's DOI) agrees with
    nothing else."""
    located = e.journal is AGREE or e.volume is AGREE or e.pages is AGREE
    # Or one title to the letter by the same first author in the same year, where the journal
    # names cannot be compared ("J Biomed Mater Res A" / "JOURNAL OF BIOMEDICAL MATERIALS
    # RESEARCH") and one record has neither volume nor pages. (A meeting abstract carrying the
    # article's DOI has a volume and pages of its own, which conflict.)
    spelt = e.title is not None and e.title >= ONE_CITATION_TITLE
    unplaced = e.volume is UNKNOWN and e.pages is UNKNOWN
    named = spelt and unplaced and e.first_author is AGREE and e.year_gap == 0
    return e.doi is AGREE and e.title is not None and e.title >= DOI_TITLE and (located or named)


def _final(p: Profile, q: Profile, e: Evidence, again: bool) -> list[Veto]:
    found: list[Veto] = []
    if p.title.kinds != q.title.kinds:
        found.append(Veto(f"{_kinds(p.title.kinds)} vs {_kinds(q.title.kinds)}", True))
    if p.title.parts and q.title.parts and p.title.parts != q.title.parts:
        parts = f"{', '.join(p.title.parts)} vs {', '.join(q.title.parts)}"
        found.append(Veto(f"different instalments ({parts})", True))
    # Versions linked by an identifier, or by one title, abstract and team (an update that a
    # journal republishes every few years), may be years apart.
    years_apart = e.year_gap is not None and e.year_gap >= FINAL_YEAR_GAP
    if years_apart and e.version not in LINKED_VERSIONS and not _year_mistaken(p, q, e):
        found.append(Veto(f"years {e.year_gap} apart", True))
    siblings = p.form in SIBLING_FORMS or q.form in SIBLING_FORMS
    shared = e.doi is AGREE or e.isbn is AGREE
    if siblings and shared and (e.title is None or e.title < SIBLING_TITLE):
        found.append(Veto("different parts of one book (shared DOI/ISBN, different titles)", True))
    elif (
        e.doi is AGREE
        and e.title is not None
        and e.title < CONTAINER_TITLE
        and e.pages is not AGREE
    ):
        found.append(Veto("different items sharing a DOI (a supplement or book)", True))
    if e.pages is CONFLICT and _other_issue_and_pages(p, q) and not (doi_vouches(e) or again):
        found.append(Veto("different issues and page ranges", True))
    return found


def _year_mistaken(p: Profile, q: Profile, e: Evidence) -> bool:
    """Whether the years, not the works, differ: one DOI, volume and first page (an article
    published online years before its issue, or a year mistyped), or one DOI, title, first
    author and abstract (Cereb Cortex 2019 indexed as 1991)."""
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


def _printed_again(p: Profile, q: Profile, e: Evidence) -> bool:
    """One long title to the letter, one abstract and author list, in one issue of one
    journal: one text the journal printed twice, each printing with its own DOI and pages (Curr
    Drug Targets 19(9), pp. 1087-1094 and 1095-1107). Companion papers differ by a word of the
    title ("in men" / "in women"), a protocol and its results paper by the issue. Not for
    meeting abstracts: one abstract at two meetings is two presentations."""
    if p.title.compact != q.title.compact or len(p.title.compact) < PRINTED_TWICE_TITLE:
        return False  # most pairs
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


def _meeting_print(p: Profile, q: Profile) -> bool:
    """Whether either record is a meeting abstract or printed in a supplement."""
    return "conference" in (p.form, q.form) or p.supplement or q.supplement


def _other_issue_and_pages(p: Profile, q: Profile) -> bool:
    """Two items in different issues, pages apart: instalments of a recurring column
    ("Gateways to clinical trials", no. 6 pp. 379-412 and no. 3 pp. 185-206), or two
    one-page abstracts in different issues of one volume. One garbled field is common;
    issue and both page ranges all disagreeing is not. A single page against a range is
    left alone: an abstract and its later article look just like that."""
    if not (p.issue and q.issue and p.issue != q.issue):
        return False
    spans = []
    for x in (p, q):
        if not (x.first_page.isdigit() and (x.last_page.isdigit() or not x.last_page)):
            return False
        first = int(x.first_page)
        last = int(x.last_page) if x.last_page else first
        spans.append((first, max(first, last)))
    (a, b), (c, d) = spans
    single = a == b or c == d
    if single and not (p.volume and p.volume == q.volume and a == b and c == d):
        return False  # a single page against a range: an abstract and its article, say
    return b < c or d < a


def _held(p: Profile, q: Profile, e: Evidence, again: bool) -> list[Veto]:
    found: list[Veto] = []
    if (p.form == "protocol") != (q.form == "protocol"):
        # A review's protocol and the review: two documents, whatever else they share.
        return [Veto(f"{p.form or 'record'} vs {q.form or 'record'}", False, splits=True)]
    if e.version is not VersionLink.NONE:
        if same_version_family(e):
            return []  # an updated review: its earlier versions are the same work (merge.py)
        # Titles far apart (a review that changed its question), or a link too weak to merge
        # on (an article number a yearly meeting reuses): a person decides.
        reason = "versions of one work (an update or new version)"
        return [Veto(reason, final=False, splits=True, version=True)]
    if again:
        return found  # two DOIs and page ranges: where each printing appeared
    twice = _printed_twice(p, q, e)
    if e.doi is CONFLICT and not (_one_citation(p, q, e) or twice):
        found.append(Veto("different DOIs", False, splits=True))
    if bool(p.title.parts) != bool(q.title.parts):
        found.append(Veto("instalment number on one side only", False))
    if (
        e.year_gap is not None
        and HELD_YEAR_GAP <= e.year_gap < FINAL_YEAR_GAP
        and not _year_mistaken(p, q, e)
    ):
        found.append(Veto(f"years {e.year_gap} apart", False))
    # In the same issue, or the same journal in the same year, the two records are one
    # publication indexed twice, not an abstract and its later article; unless both give
    # pages that cannot be compared: an abstract's "A12345" and a letter's "1771-1772".
    unplaced = bool(p.first_page and q.first_page and e.pages is UNKNOWN)
    located = e.pages is AGREE or (
        e.journal is AGREE and (e.volume is AGREE or e.year_gap == 0) and not unplaced
    )
    if p.form and q.form and p.form != q.form and {p.form, q.form} & OTHER_FORMS and not located:
        found.append(Veto(f"{p.form} vs {q.form}", False))
    if doi_vouches(e):
        return found  # the DOI outweighs the garbled fields below
    # Same year, volume and pages: a number that differs is a typo ("p6INK4a" / "p16INK4a");
    # elsewhere it tells follow-ups, tracers and trial phases apart.
    issue = e.pages is AGREE and e.volume is AGREE and e.year_gap == 0
    numbers_differ = p.title.numbers and q.title.numbers and p.title.numbers != q.title.numbers
    if numbers_differ and not issue:
        found.append(Veto("different numbers in the titles", False))
    if e.pages is CONFLICT and not twice:
        found.append(Veto("different first pages", False))
    # A generic title in two issues of one volume, no page to compare: an editor's
    # "Editorial" in each issue. (A long title is one article whose issue a database garbled;
    # a record without a volume may have it in the issue field: "v n26 p9" / "v26 n9".)
    generic = min(len(p.title.compact), len(q.title.compact)) < GENERIC_TITLE
    issues = bool(p.volume and q.volume and p.issue and q.issue and p.issue != q.issue)
    if generic and e.pages is UNKNOWN and issues:
        found.append(Veto("different issues", False))
    # A volume garbled into a supplement number is common; one journal and one first page are
    # not: they outweigh it.
    if e.volume is CONFLICT and not (e.pages is AGREE and e.journal is AGREE):
        found.append(Veto("different volumes", False))
    # Proceedings titles follow no standard ("AMCIS 2017 Proceedings"); journal titles do.
    if e.journal is CONFLICT and e.pages is not AGREE and not p.form == q.form == "conference":
        found.append(Veto("different journals", False))
    return found


def same_version_family(e: Evidence) -> bool:
    """Versions of one work (an updated review, a new preprint version) that merge without a
    person: one journal, and the title kept (>= VERSION_TITLE), or reworded under the same
    lead author. Review teams screen the latest version and count the earlier ones as
    duplicates; the canonical record is the latest (merge.py)."""
    if e.version not in LINKED_VERSIONS or e.journal is not AGREE or e.title is None:
        return False
    if e.title >= VERSION_TITLE:
        return True
    # A reworded title keeps the review's lead author; a new team keeps its title.
    if e.title >= REWORDED_VERSION_TITLE and e.first_author is AGREE:
        return True
    return e.title >= RETITLED_VERSION_TITLE and e.team and e.version in IDENTIFIED_VERSIONS


def _one_citation(p: Profile, q: Profile, e: Evidence) -> bool:
    """Two records citing one article to the letter: one title in the same year, one journal
    and first page, one form, no two issues, and one of:
    - one volume and one range of several pages, with the same author list or the same issue
      (an author field run together by a database: "Joaquin, Segura TomasCalleja Sergio");
    - the same abstract and the same author list.
    Two different works cannot share all that; a DOI that differs there was pasted onto the
    wrong record or is the publisher's older DOI for the article (seen on the large sets: a 2000
    paper carrying a 2018 DOI of another publisher). Issues that differ are a journal
    restarting its pages in each issue (a recurring editorial), and a preprint keeps its hold."""
    cited = bool(
        p.form == q.form
        and not (p.issue and q.issue and p.issue != q.issue)
        and not (p.issue_numbers and q.issue_numbers and p.issue_numbers != q.issue_numbers)
        and e.title is not None
        and e.title >= ONE_CITATION_TITLE
        and e.year_gap == 0
        and e.journal is AGREE
        and e.pages is AGREE
    )
    if not cited:
        return False
    authors = e.first_author is AGREE and (e.author_overlap or 0) >= ONE_CITATION_AUTHORS
    if e.abstract is not None and e.abstract >= ONE_CITATION_ABSTRACT and authors:
        return True
    # The same issue stands in for an author list garbled or left out by a database, not for
    # one that names other people (two letters under one title).
    same_issue = bool(p.issue) and p.issue == q.issue
    garbled = e.first_author is not CONFLICT or (e.author_overlap or 0) >= GARBLED_AUTHORS
    ranged = e.last_page is AGREE and p.first_page != p.last_page
    return e.volume is AGREE and ranged and (authors or (same_issue and garbled))


def _page_span(x: Profile) -> int | None:
    """How many pages after the first the record runs; 0 for a single page; None when the
    pages cannot be counted."""
    first = _DIGITS.search(x.first_page)
    if first is None:
        return None
    if not x.last_page:
        return 0
    last = _DIGITS.search(x.last_page)
    if last is None or page_style(x.first_page) != page_style(x.last_page):
        return None
    return int(last.group()) - int(first.group())


def _printed_twice(p: Profile, q: Profile, e: Evidence) -> bool:
    """One meeting abstract printed at two places of one issue or supplement (in its session
    and in the poster list, say): a supplement or abstract pages, one long title to the letter,
    one first author and year, one journal, volume and issue, and one or two pages on each
    side. Each printing may carry a DOI of its own. An erratum or a reply is in a later
    issue or has its own title; an article runs longer."""
    # One title to the letter: "in men" / "in women", "with" / "without" are 0.98 alike.
    if e.pages is not CONFLICT or p.title.compact != q.title.compact:
        return False  # most pairs: no need to look at the pages
    spans = (_page_span(p), _page_span(q))
    # Only where meeting abstracts are printed: a supplement, or abstract pages ("S12", "e3";
    # a long "e0216789" is an article's number).
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


def vetoes(p: Profile, q: Profile, e: Evidence) -> list[Veto]:
    """Every veto that applies to the pair, final ones first. Two held vetoes together are
    final: one garbled field is common, two independent witnesses disagreeing is not."""
    again = _printed_again(p, q, e)
    final, held = _final(p, q, e, again), _held(p, q, e, again)
    counted = held
    if p.form != q.form and "preprint" in (p.form, q.form):
        # A preprint and its article differ in DOI and venue by nature: one conflict, not three.
        # (A meeting abstract and a later article in another journal are different records.)
        counted = [v for v in held if v.reason not in VENUE_CONFLICTS]
    if len(counted) >= CONFLICTS_FOR_FINAL:
        final.append(Veto(f"{len(counted)} conflicting fields", True))
    return final + held
