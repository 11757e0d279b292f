"""Veto rules: evidence that two similar records are different works.

A false merge loses a study from the review, so these rules outrank any similarity. A veto is
either final (the records are different works: an erratum and its article, part 1 and part 2)
or held (the pair may be one work, but a person must say so: two different DOIs, a preprint
and its published version). Each rule is a small predicate on one pair's facts; the tables
FINAL, SETTLED, HELD and GARBLED list them in the order `vetoes` walks them.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN, StrictEnum
from screener.dedupe.evidence import VersionLink, other_issues
from screener.dedupe.facts import LINKED_VERSIONS, PairFacts, one_citation, year_mistaken
from screener.dedupe.meetings import other_meetings
from screener.dedupe.profile import Profile

# Years this far apart mean different works, whatever else agrees.
FINAL_YEAR_GAP = 4
# Years this far apart are held for a person (online-first and print years differ by one).
HELD_YEAR_GAP = 2
# Chapters and books share a DOI or ISBN with their siblings; their titles must agree.
SIBLING_FORMS: frozenset[str] = frozenset(["chapter", "book"])
SIBLING_TITLE = 0.9
# Below this title similarity a shared DOI is a container's: a supplement of abstracts.
CONTAINER_TITLE = 0.6
# Titles shorter than this (compact characters) may recur in every issue: "Editorial".
GENERIC_TITLE = 30
# Held vetoes that together make a pair different works.
CONFLICTS_FOR_FINAL = 2
# Books, reports and many an issue's first article start on this page: sharing it places
# nothing.
PAGE_ONE = "1"
# Forms that differ from a journal article as works: a meeting abstract, a preprint, a thesis.
OTHER_FORMS: frozenset[str] = frozenset(["conference", "preprint", "thesis"])
NO_LINK = VersionLink.NONE  # read on every pair


class Veto(StrictEnum):
    """A rule that keeps two similar records from merging automatically."""

    # Final: the records are different works.
    OTHER_KIND = enum.auto()
    OTHER_INSTALMENT = enum.auto()
    YEARS_FAR_APART = enum.auto()
    BOOK_SIBLINGS = enum.auto()
    CONTAINER_DOI = enum.auto()
    OTHER_ISSUE_AND_PAGES = enum.auto()
    CONFLICTING_FIELDS = enum.auto()
    # Held: a person decides.
    PROTOCOL_AND_REVIEW = enum.auto()
    VERSIONS = enum.auto()
    DIFFERENT_DOIS = enum.auto()
    INSTALMENT_ON_ONE_SIDE = enum.auto()
    YEARS_APART = enum.auto()
    OTHER_FORM = enum.auto()
    DIFFERENT_TITLE_NUMBERS = enum.auto()
    DIFFERENT_FIRST_PAGES = enum.auto()
    DIFFERENT_ISSUES = enum.auto()
    DIFFERENT_NUMBERS = enum.auto()
    DIFFERENT_VOLUMES = enum.auto()
    DIFFERENT_JOURNALS = enum.auto()

    @property
    def final(self) -> bool:
        """The records are different works (else a person decides)."""
        return self in FINAL_VETOES

    @property
    def splits(self) -> bool:
        """The records never share an automatic group, even through a chain of pairs."""
        return self in SPLITTING_VETOES


# What a person reads for each veto: {kinds}, {parts} and {forms} name the two records' kinds
# ("erratum vs article"), instalments and forms; {years} is the gap, {count} the held vetoes.
MESSAGES: dict[Veto, str] = {
    Veto.OTHER_KIND: "{kinds}",
    Veto.OTHER_INSTALMENT: "different instalments ({parts})",
    Veto.YEARS_FAR_APART: "years {years} apart",
    Veto.BOOK_SIBLINGS: "different parts of one book (shared DOI/ISBN, different titles)",
    Veto.CONTAINER_DOI: "different items sharing a DOI (a supplement or book)",
    Veto.OTHER_ISSUE_AND_PAGES: "different issues and page ranges",
    Veto.CONFLICTING_FIELDS: "{count} conflicting fields",
    Veto.PROTOCOL_AND_REVIEW: "{forms}",
    Veto.VERSIONS: "versions of one work (an update or new version)",
    Veto.DIFFERENT_DOIS: "different DOIs",
    Veto.INSTALMENT_ON_ONE_SIDE: "instalment number on one side only",
    Veto.YEARS_APART: "years {years} apart",
    Veto.OTHER_FORM: "{forms}",
    Veto.DIFFERENT_TITLE_NUMBERS: "different numbers in the titles",
    Veto.DIFFERENT_FIRST_PAGES: "different first pages",
    Veto.DIFFERENT_ISSUES: "different issues",
    Veto.DIFFERENT_NUMBERS: "different issue or report numbers",
    Veto.DIFFERENT_VOLUMES: "different volumes",
    Veto.DIFFERENT_JOURNALS: "different journals",
}
# Held vetoes from one garbled field do not split a group that strong pairs hold together;
# these do.
SPLITTING_VETOES: frozenset[Veto] = frozenset(
    [Veto.PROTOCOL_AND_REVIEW, Veto.VERSIONS, Veto.DIFFERENT_DOIS]
)
# Conflicts of the place a work appeared: where one record's venue fields are unreadable, or
# two meeting abstracts were printed by two journals, they are one conflict, not several.
PLACE_CONFLICTS: frozenset[Veto] = frozenset(
    [
        Veto.DIFFERENT_JOURNALS,
        Veto.DIFFERENT_VOLUMES,
        Veto.DIFFERENT_FIRST_PAGES,
        Veto.DIFFERENT_ISSUES,
        Veto.DIFFERENT_NUMBERS,
    ]
)
# A preprint and its article differ in DOI and venue by nature: one conflict, not three.
VENUE_CONFLICTS: frozenset[Veto] = frozenset(
    [
        Veto.DIFFERENT_DOIS,
        Veto.DIFFERENT_JOURNALS,
        Veto.DIFFERENT_VOLUMES,
        Veto.DIFFERENT_FIRST_PAGES,
    ]
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A veto that applies to one pair, with the reason a person reads."""

    veto: Veto
    reason: str  # for people: rules key on `veto`, never on this text
    # Read for every finding of every pair, so worked out once, when the finding is made.
    final: bool = field(init=False)  # the records are different works
    splits: bool = field(init=False)  # never in one automatic group, even through a chain
    version: bool = field(init=False)  # the records are versions of one work

    def __post_init__(self) -> None:
        object.__setattr__(self, "final", self.veto.final)
        object.__setattr__(self, "splits", self.veto.splits)
        object.__setattr__(self, "version", self.veto is Veto.VERSIONS)


Rule = Callable[[PairFacts], bool]


# Final vetoes.


def other_kinds(f: PairFacts) -> bool:
    """An erratum, retraction, comment or reply is not the article it names."""
    return f.p.title.kinds != f.q.title.kinds


def other_instalments(f: PairFacts) -> bool:
    """Two instalments of a series (part 1, part 2) are two works."""
    a, b = f.p.title.parts, f.q.title.parts
    return bool(a and b and a != b)


def years_far_apart(f: PairFacts) -> bool:
    """Records years apart are two works, unless versions linked or a year mistaken."""
    e = f.e
    far = e.year_gap is not None and e.year_gap >= FINAL_YEAR_GAP
    return far and e.version not in LINKED_VERSIONS and not year_mistaken(f.p, f.q, e)


def book_siblings(f: PairFacts) -> bool:
    """Chapters or books sharing a DOI or ISBN under other titles are parts of one book."""
    e = f.e
    shared = e.doi is AGREE or e.isbn is AGREE
    return _sibling(f.p, f.q) and shared and (e.title is None or e.title < SIBLING_TITLE)


def container_doi(f: PairFacts) -> bool:
    """Unlike titles under one DOI and no one page are items of one supplement or book."""
    e = f.e
    unlike = e.title is not None and e.title < CONTAINER_TITLE
    # Chapters are book_siblings'.
    return e.doi is AGREE and unlike and e.pages is not AGREE and not _sibling(f.p, f.q)


def other_issue_and_pages(f: PairFacts) -> bool:
    """Other issues and page ranges both (one garbled field is common, all of them not)."""
    if f.e.pages is not CONFLICT or f.vouched or f.again:
        return False
    return _issues_and_ranges_apart(f.p, f.q)


# Held vetoes that settle a pair alone: the first that applies is the pair's only hold.


def protocol_and_review(f: PairFacts) -> bool:
    """A review's protocol and the review are two documents, whatever else they share."""
    return (f.p.form == "protocol") != (f.q.form == "protocol")


def merging_versions(f: PairFacts) -> bool:
    """Versions of one work that merge without a person (an updated review) are not held."""
    return f.family


def versions_for_a_person(f: PairFacts) -> bool:
    """Versions whose title changed, or linked only by an article number, go to a person."""
    return f.e.version is not NO_LINK


def printed_again(f: PairFacts) -> bool:
    """One text printed twice in one issue keeps no hold for its two DOIs and page ranges."""
    return f.again


# Held vetoes.


def different_dois(f: PairFacts) -> bool:
    """Two DOIs are two works, unless one citation to the letter or an abstract printed twice."""
    return f.e.doi is CONFLICT and not (f.twice or one_citation(f.p, f.q, f.e))


def instalment_on_one_side(f: PairFacts) -> bool:
    """An instalment number on one title only: the other may be another part."""
    return bool(f.p.title.parts) != bool(f.q.title.parts)


def years_apart(f: PairFacts) -> bool:
    """Records a few years apart go to a person, unless a year mistaken."""
    gap = f.e.year_gap
    near = gap is not None and HELD_YEAR_GAP <= gap < FINAL_YEAR_GAP
    return near and not year_mistaken(f.p, f.q, f.e)


def other_form(f: PairFacts) -> bool:
    """A meeting abstract, preprint or thesis and an article, unless indexed in one place."""
    p, q, e = f.p, f.q, f.e
    if not (p.form and q.form and p.form != q.form and {p.form, q.form} & OTHER_FORMS):
        return False
    # In the same issue, or the same journal in the same year, the two records are one
    # publication indexed twice, not an abstract and its later article; unless both give
    # pages that cannot be compared: an abstract's "A12345" and a letter's "1771-1772".
    unplaced = bool(p.first_page and q.first_page and e.pages is UNKNOWN)
    located = e.pages is AGREE or (
        e.journal is AGREE and (e.volume is AGREE or e.year_gap == 0) and not unplaced
    )
    return not located


# Held vetoes from fields a database garbles: a shared DOI that vouches for the pair lifts them.


def different_title_numbers(f: PairFacts) -> bool:
    """Numbers that differ in the titles tell works apart, except in one issue at one place."""
    a, b, e = f.p.title.numbers, f.q.title.numbers, f.e
    # In the same year, volume and pages, a number that differs is a typo ("p6INK4a").
    issue = e.pages is AGREE and e.volume is AGREE and e.year_gap == 0
    return bool(a and b and a != b) and not issue


def different_first_pages(f: PairFacts) -> bool:
    """Two first pages are two works, unless one abstract printed twice."""
    return f.e.pages is CONFLICT and not f.twice


def generic_title_in_two_issues(f: PairFacts) -> bool:
    """A generic title in two issues of one volume, no page to compare: a recurring item."""
    p, q = f.p, f.q
    generic = min(len(p.title.compact), len(q.title.compact)) < GENERIC_TITLE
    # A long title is one article whose issue a database garbled; a record without a volume
    # may have it in the issue field ("v n26 p9" / "v26 n9").
    issues = bool(p.volume and q.volume) and other_issues(p, q)
    return generic and f.e.pages is UNKNOWN and issues


def numbers_on_page_one(f: PairFacts) -> bool:
    """Two issue or report numbers that only a first page 1 would reconcile."""
    return _on_page_one(f) and other_issues(f.p, f.q)


def different_volumes(f: PairFacts) -> bool:
    """Two volumes are two works, unless one journal and first page outweigh the volume."""
    e = f.e
    placed = e.pages is AGREE and not _on_page_one(f)
    return e.volume is CONFLICT and not (placed and e.journal is AGREE)


def different_journals(f: PairFacts) -> bool:
    """Two journals are two works, unless one first page."""
    e = f.e
    # Proceedings titles follow no standard ("Proceedings of the ... Conference"); journal
    # titles do, and so do the names of journals that print a meeting's abstracts. Unless the
    # names give two years or ordinals: two meetings of one series.
    p, q = f.p, f.q
    both_proceedings = p.form == q.form == "conference" and not (p.in_journal and q.in_journal)
    if both_proceedings and p.meeting is not None and q.meeting is not None:
        both_proceedings = not other_meetings(p.meeting, q.meeting)
    return e.journal is CONFLICT and e.pages is not AGREE and not both_proceedings


FINAL: tuple[tuple[Veto, Rule], ...] = (
    (Veto.OTHER_KIND, other_kinds),
    (Veto.OTHER_INSTALMENT, other_instalments),
    (Veto.YEARS_FAR_APART, years_far_apart),
    (Veto.BOOK_SIBLINGS, book_siblings),
    (Veto.CONTAINER_DOI, container_doi),
    (Veto.OTHER_ISSUE_AND_PAGES, other_issue_and_pages),
)
# The first rule that applies settles the held vetoes: its veto (None: no hold) is the only one.
SETTLED: tuple[tuple[Veto | None, Rule], ...] = (
    (Veto.PROTOCOL_AND_REVIEW, protocol_and_review),
    (None, merging_versions),
    (Veto.VERSIONS, versions_for_a_person),
    (None, printed_again),
)
HELD: tuple[tuple[Veto, Rule], ...] = (
    (Veto.DIFFERENT_DOIS, different_dois),
    (Veto.INSTALMENT_ON_ONE_SIDE, instalment_on_one_side),
    (Veto.YEARS_APART, years_apart),
    (Veto.OTHER_FORM, other_form),
)
GARBLED: tuple[tuple[Veto, Rule], ...] = (
    (Veto.DIFFERENT_TITLE_NUMBERS, different_title_numbers),
    (Veto.DIFFERENT_FIRST_PAGES, different_first_pages),
    (Veto.DIFFERENT_ISSUES, generic_title_in_two_issues),
    (Veto.DIFFERENT_NUMBERS, numbers_on_page_one),
    (Veto.DIFFERENT_VOLUMES, different_volumes),
    (Veto.DIFFERENT_JOURNALS, different_journals),
)
FINAL_VETOES: frozenset[Veto] = frozenset([*(v for v, _ in FINAL), Veto.CONFLICTING_FIELDS])


def vetoes(f: PairFacts) -> list[Finding]:
    """Every veto that applies to the pair, final ones first; two held vetoes make a final one."""
    # One garbled field is common, two independent witnesses disagreeing is not.
    final = [_finding(veto, f) for veto, rule in FINAL if rule(f)]
    held = _held(f)
    counted = held
    if f.p.form != f.q.form and "preprint" in (f.p.form, f.q.form):
        # A meeting abstract and a later article in another journal are still different records.
        counted = [v for v in held if v.veto not in VENUE_CONFLICTS]
    elif _one_place_conflict(f):
        places = [v for v in held if v.veto in PLACE_CONFLICTS]
        counted = [v for v in held if v.veto not in PLACE_CONFLICTS] + places[:1]
    if len(counted) >= CONFLICTS_FOR_FINAL:
        final.append(_numbered(Veto.CONFLICTING_FIELDS, len(counted)))
    return final + held


def _held(f: PairFacts) -> list[Finding]:
    for settling, rule in SETTLED:
        if rule(f):
            return [] if settling is None else [_finding(settling, f)]
    found = [_finding(veto, f) for veto, rule in HELD if rule(f)]
    if not f.vouched:
        found += [_finding(veto, f) for veto, rule in GARBLED if rule(f)]
    return found


def _finding(veto: Veto, f: PairFacts) -> Finding:
    found = _FIXED.get(veto)
    if found is not None:
        return found
    if veto in _YEARS:
        return _numbered(veto, f.e.year_gap)
    p, q = f.p, f.q
    return Finding(
        veto,
        MESSAGES[veto].format(
            kinds=f"{_kinds(p.title.kinds)} vs {_kinds(q.title.kinds)}",
            parts=f"{', '.join(p.title.parts)} vs {', '.join(q.title.parts)}",
            forms=f"{p.form or 'record'} vs {q.form or 'record'}",
        ),
    )


# Most pairs that reach the vetoes have several (different DOIs, journals, volumes, pages...):
# a finding whose message names nothing of the pair, or only a number, is made once.
_FIXED: dict[Veto, Finding] = {v: Finding(v, m) for v, m in MESSAGES.items() if "{" not in m}
_YEARS: frozenset[Veto] = frozenset([Veto.YEARS_FAR_APART, Veto.YEARS_APART])


@functools.lru_cache(maxsize=256)
def _numbered(veto: Veto, number: int | None) -> Finding:
    return Finding(veto, MESSAGES[veto].format(years=number, count=number))


def _kinds(kinds: frozenset[str]) -> str:
    return "+".join(sorted(kinds)) or "article"


def _one_place_conflict(f: PairFacts) -> bool:
    """Whether the conflicts of place count as one: one record's venue is unreadable, or one
    abstract was printed by two journals for two meetings (a person decides)."""
    p, q = f.p, f.q
    if p.venue_unread or q.venue_unread:
        return True
    two_journals = f.e.journal is CONFLICT and p.in_journal and q.in_journal
    return two_journals and p.form == q.form == "conference"


def _on_page_one(f: PairFacts) -> bool:
    """The first pages agree on page 1, which every report and many articles start on."""
    return f.e.pages is AGREE and PAGE_ONE in (f.p.first_page, f.q.first_page)


def _sibling(p: Profile, q: Profile) -> bool:
    return p.form in SIBLING_FORMS or q.form in SIBLING_FORMS


def _issues_and_ranges_apart(p: Profile, q: Profile) -> bool:
    """Two items in other issues whose page ranges (or pages of one volume) do not meet."""
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
