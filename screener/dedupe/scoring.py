"""One pair, one outcome: duplicate (merged automatically), possible (a person decides) or
distinct, with a score and the reasons behind it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN, Agreement, agreement
from screener.dedupe.evidence import Evidence, compare_profiles, page_span, title_similarity
from screener.dedupe.profile import Profile
from screener.dedupe.vetoes import IDENTIFIED_VERSIONS, same_version_family, vetoes

# Title similarity bands (Indel similarity of the compact title keys).
SAME_TITLE = 0.9
SIMILAR_TITLE = 0.75
EXACT_TITLE = 0.98
# Titles of one article in two translations still share this much.
TRANSLATED_TITLE = 0.55
# Below this title similarity no rule can find a pair duplicate or possible (without a shared
# DOI or PMID): the pair is not scored in full.
UNLIKE_TITLE = 0.5
LONG_TITLE = 50
# Pages an article's range must run to identify it with its title alone (_long_range).
LONG_RANGE = 3
# Titles shorter than this (compact characters) are generic ("Editorial", "Stroke") and need
# the venue to confirm them.
SHORT_TITLE = 30
# Share of surname words that must agree for the author lists to agree.
AUTHORS_AGREE = 0.5
AUTHORS_CONFLICT = 0.2
AUTHORS_ALL = 0.8
ABSTRACT_AGREES = 0.85

# Weights of the 0-1 score shown to reviewers; a pair's outcome comes from the rules below,
# the score only orders the queue of possible pairs.
SCORE_WEIGHTS: dict[str, float] = {
    "title": 0.45,
    "authors": 0.2,
    "year": 0.1,
    "venue": 0.15,
    "id": 0.1,
}


class Outcome(str, enum.Enum):
    DUPLICATE = "duplicate"
    POSSIBLE = "possible"
    DISTINCT = "distinct"


@dataclass(frozen=True, slots=True)
class PairScore:
    """The verdict on one pair of records: indices a < b into the records compared."""

    a: int
    b: int
    outcome: Outcome
    score: float
    reasons: tuple[str, ...]
    vetoed: bool = False  # a veto rule applies: never merged without a person
    kept_apart: bool = False  # a final veto or different DOIs: never in one automatic group


def _authors_agree(e: Evidence) -> Agreement:
    if e.first_author is UNKNOWN and e.author_overlap is None:
        return UNKNOWN
    if e.first_author is AGREE:
        return agreement(e.author_overlap is None or e.author_overlap >= AUTHORS_CONFLICT)
    return agreement(e.author_overlap is not None and e.author_overlap >= AUTHORS_AGREE)


def _score(e: Evidence, authors: Agreement) -> float:
    venue = [v is AGREE for v in (e.journal, e.volume, e.pages) if v is not UNKNOWN]
    parts = {
        "title": e.title if e.title is not None else 0.5,
        "authors": 0.5 if authors is UNKNOWN else float(authors is AGREE),
        "year": 0.5 if e.year_gap is None else max(0.0, 1.0 - e.year_gap / 2),
        "venue": sum(venue) / len(venue) if venue else 0.5,
        "id": 1.0 if AGREE in (e.doi, e.pmid) else 0.0 if e.doi is CONFLICT else 0.5,
    }
    return round(sum(SCORE_WEIGHTS[k] * v for k, v in parts.items()), 3)


def _support(e: Evidence, authors: Agreement) -> list[str]:
    """The agreements that back a pair, as reasons."""
    found = []
    if e.doi is AGREE:
        found.append("same DOI")
    if e.pmid is AGREE:
        found.append("same PMID")
    if e.title is not None:
        found.append(f"title {e.title:.2f}")
    if authors is AGREE:
        found.append("same authors")
    if e.year_gap == 0:
        found.append("same year")
    if e.journal is AGREE:
        found.append("same journal")
    if e.volume is AGREE:
        found.append("same volume")
    if e.pages is AGREE:
        found.append("same pages")
    if e.abstract is not None and e.abstract >= ABSTRACT_AGREES:
        found.append("same abstract")
    if same_version_family(e):
        found.append("versions of one work (an update)")
    return found


def _level(p: Profile, q: Profile, e: Evidence, authors: Agreement) -> Outcome:
    """The outcome the agreements alone would give, before vetoes."""
    # A DOI shared by records with unlike titles is a container's (a supplement, a book).
    same_id = e.pmid is AGREE or (e.doi is AGREE and (e.title is None or e.title >= SIMILAR_TITLE))
    venue = sum(v is AGREE for v in (e.journal, e.volume, e.pages))
    abstract = e.abstract is not None and e.abstract >= ABSTRACT_AGREES
    short = min(len(p.title.compact), len(q.title.compact)) < SHORT_TITLE
    if same_version_family(e):
        return Outcome.DUPLICATE  # an updated review: its own year, DOI and author list
    if authors is CONFLICT:
        # Garbled author strings (given and family names swapped) are common; an identifier,
        # the title and the location together outweigh them.
        vouched = same_id and (e.title or 0) >= SAME_TITLE and venue + abstract >= 2
        # Or one title, in one issue at one place: a group author, or an author list in
        # another order of given and family names. A whole page range shared allows the title
        # a typo ("effects" / "effect").
        ranged = e.last_page is AGREE and (_long_range(p) or _long_range(q))
        title = e.title or 0
        placed = (
            e.year_gap == 0
            and venue == 3
            and (title >= EXACT_TITLE or (ranged and title >= SAME_TITLE))
        )
        if vouched or placed:
            return Outcome.DUPLICATE
        return Outcome.POSSIBLE if same_id or (e.title or 0) >= SAME_TITLE else Outcome.DISTINCT
    # One full page range in one volume of one journal, by the same authors in the same year:
    # one article, whatever its title says (a translated title, a reworded series title).
    same_place = all(v is AGREE for v in (e.pages, e.last_page, e.volume, e.journal))
    if same_place and authors is AGREE and e.year_gap == 0 and e.title is not None:
        # A shared DOI outweighs the title too: the same article under a translated title.
        # (Not for meeting abstracts: a supplement's abstracts may share its DOI and range.)
        translated = (
            e.doi is AGREE and e.title >= UNLIKE_TITLE and "conference" not in (p.form, q.form)
        )
        if e.title >= TRANSLATED_TITLE or translated or (e.team and _series_label(p, q)):
            return Outcome.DUPLICATE
        return Outcome.POSSIBLE if e.title >= UNLIKE_TITLE else Outcome.DISTINCT
    if e.title is None:
        located = e.volume is AGREE and e.pages is AGREE and authors is AGREE and e.year_gap == 0
        return Outcome.POSSIBLE if same_id or located else Outcome.DISTINCT
    if e.title >= SAME_TITLE:
        # A long title spelt the same, by the same several people, in the same year, is one
        # work even where the venue names cannot be compared ("AMCIS 2017 Proceedings").
        specific = (
            e.title >= EXACT_TITLE
            and min(len(p.title.compact), len(q.title.compact)) >= LONG_TITLE
            and e.year_gap == 0
            and (e.author_overlap or 0) >= AUTHORS_ALL
            and min(len(p.authors.names), len(q.authors.names)) >= 2
        )
        confirmed = same_id or specific or (venue + abstract >= (2 if short else 1))
        return Outcome.DUPLICATE if confirmed and authors is not CONFLICT else Outcome.POSSIBLE
    if same_id and e.title >= SIMILAR_TITLE:
        return Outcome.DUPLICATE
    # Same authors, year, journal, volume and pages: a reworded or relabelled title.
    if e.title >= SIMILAR_TITLE and authors is AGREE and e.year_gap == 0 and venue == 3:
        return Outcome.DUPLICATE
    if e.title >= SIMILAR_TITLE and (authors is AGREE or venue >= 2 or same_id):
        return Outcome.POSSIBLE
    # Versions linked by an identifier under a reworded title and a changed team: the review
    # may have changed its question; a person decides.
    if e.version in IDENTIFIED_VERSIONS and e.journal is AGREE and e.title >= UNLIKE_TITLE:
        return Outcome.POSSIBLE
    return Outcome.DISTINCT


def _series_label(p: Profile, q: Profile) -> bool:
    """Whether one title is only the opening words of the other: a database that kept the
    series label ("Motherisk update") of "Motherisk update: using corticosteroids during
    pregnancy"."""
    a, b = sorted((p.title.text, q.title.text), key=len)
    return bool(a) and b.startswith(a + " ")


def _long_range(x: Profile) -> bool:
    """Whether the record runs over LONG_RANGE pages or more: an article, not a one- or
    two-page letter or abstract whose range a neighbour may share."""
    span = page_span(x)
    return span is not None and span + 1 >= LONG_RANGE


def clearly_distinct(p: Profile, q: Profile) -> bool:
    """A cheap test that a candidate pair cannot be a duplicate or a possible one: no shared
    identifier and titles too unlike for any rule. Most candidate pairs end here."""
    if (p.doi and p.doi == q.doi) or (p.pmid and p.pmid == q.pmid):
        return False
    a, b = p.title.compact, q.title.compact
    if not a or not b:
        return False
    similarity = title_similarity(a, b)
    return similarity is not None and similarity < UNLIKE_TITLE and not _series_label(p, q)


def score_profiles(p: Profile, q: Profile, a: int = 0, b: int = 1) -> PairScore:
    """The outcome, score and reasons for two profiled records."""
    e = compare_profiles(p, q)
    authors = _authors_agree(e)
    level = _level(p, q, e, authors)
    found = vetoes(p, q, e)
    reasons = [v.reason for v in found] + _support(e, authors)
    if authors is CONFLICT:
        reasons.insert(0, "different authors")
    # Different authors are a witness too: with one more conflict the works differ.
    # (Not for versions of one work: an update has its own author list.)
    conflicts = [v for v in found if not v.version]
    if any(v.final for v in found) or (authors is CONFLICT and conflicts):
        level = Outcome.DISTINCT
    elif found and level is Outcome.DUPLICATE:
        level = Outcome.POSSIBLE
    apart = any(v.final or v.splits for v in found)
    return PairScore(a, b, level, _score(e, authors), tuple(reasons), bool(found), apart)
