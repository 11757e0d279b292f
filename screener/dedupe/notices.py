"""Notices found beside the article they are about: an erratum, retraction, comment or reply.

The veto list keeps a notice and its article apart (screener.dedupe.vetoes.other_kinds); this
module says which article a notice is ABOUT, so that the two can be linked instead: the
notice's title after its marker is the article's, and the journal or the DOI's journal stem
place both in one journal (a long title alone may name its article across journals). A notice
beside several candidate articles is linked to the best one only, and to none when two
different works are equally good: a wrong link misleads a reader more than a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from screener.dedupe.agreement import AGREE
from screener.dedupe.evidence import Evidence, compare_profiles
from screener.dedupe.facts import authors_agree
from screener.dedupe.profile import Profile

# The kinds of notice, the strongest first: a notice marked as two ("Retraction and
# comment") is the first of them.
NOTICE_KINDS: tuple[str, ...] = ("retraction", "erratum", "comment", "reply")
# The notice's title after its marker must be the article's this closely.
ABOUT_TITLE = 0.9
# A title this long (compact characters) names its article even from another journal's pages
# (a comment on a paper in a letters journal).
NAMING_TITLE = 60
# A notice may be indexed a year before its article's print year (online first), no earlier.
EARLIER_YEARS = 1
# Letters of a DOI's suffix before its first digit that name a journal ("j.jhep.", "nejm").
MIN_DOI_STEM = 3
_DOI_STEM = re.compile(r"^(10\.\d+/[^\d]*)")
# Weights of what makes one candidate article better than another.
JOURNAL_WEIGHT = 0.1
AUTHORS_WEIGHT = 0.1
SAME_YEAR_WEIGHT = 0.05


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article a notice may be about, and how surely (higher is surer)."""

    article: int
    kind: str
    strength: float


def notice_kind(p: Profile) -> str:
    """The kind of notice a record is ("erratum", ...), "" for an article."""
    return next((kind for kind in NOTICE_KINDS if kind in p.title.kinds), "")


def _doi_stem(doi: str) -> str:
    """The registrant and the letters that open a DOI's suffix: "10.1016/j.jhep."."""
    match = _DOI_STEM.match(doi)
    if match is None or len(match.group(1).split("/", 1)[1]) < MIN_DOI_STEM:
        return ""
    return match.group(1)


def _one_journal(notice: Profile, article: Profile, e: Evidence) -> bool:
    """The notice and the article appeared in one journal, by its name or by the DOI's stem."""
    if e.journal is AGREE:
        return True
    stem = _doi_stem(notice.doi)
    return bool(stem) and stem == _doi_stem(article.doi)


def about(notice: Profile, article: Profile, index: int) -> Candidate | None:
    """`article` (at `index`) as a candidate for what `notice` is about, else None."""
    kind = notice_kind(notice)
    if not kind or article.title.kinds:
        return None  # an article, or two notices (a reply to a comment)
    e = compare_profiles(notice, article)
    if e.title is None or e.title < ABOUT_TITLE:
        return None
    years = (notice.year, article.year)
    if years[0] is not None and years[1] is not None and years[0] < years[1] - EARLIER_YEARS:
        return None  # a notice does not come before its article
    journal = _one_journal(notice, article, e)
    named = min(len(notice.title.compact), len(article.title.compact)) >= NAMING_TITLE
    if not (journal or named):
        return None
    strength = (
        e.title
        + JOURNAL_WEIGHT * journal
        + AUTHORS_WEIGHT * (authors_agree(e) is AGREE)
        + SAME_YEAR_WEIGHT * (e.year_gap == 0)
    )
    return Candidate(index, kind, round(strength, 6))


def best_articles(
    found: dict[int, list[Candidate]], same_work: Callable[[int, int], bool]
) -> list[tuple[int, Candidate]]:
    """(notice, its best candidate) for every notice, in notice order; none for a notice whose
    best candidates are equally good and not `same_work` (two articles under one title)."""
    linked = []
    for notice in sorted(found):
        best, *rest = sorted(found[notice], key=lambda c: (-c.strength, c.article))
        tied = (c for c in rest if c.strength == best.strength)
        if any(not same_work(best.article, c.article) for c in tied):
            continue
        linked.append((notice, best))
    return linked
