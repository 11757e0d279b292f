"""One pair, one outcome: duplicate (merged automatically), possible (a person decides) or
distinct, with a score and the reasons behind it."""

from __future__ import annotations

from dataclasses import dataclass

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN
from screener.dedupe.evidence import title_similarity
from screener.dedupe.facts import PairFacts, pair_facts
from screener.dedupe.levels import UNLIKE_TITLE, Outcome, level, series_label
from screener.dedupe.profile import Profile
from screener.dedupe.vetoes import vetoes

__all__ = ["Outcome", "PairScore", "clearly_distinct", "score_profiles"]

# Weights of the 0-1 score shown to reviewers; a pair's outcome comes from the rules (levels,
# vetoes), the score only orders the queue of possible pairs.
SCORE_WEIGHTS: dict[str, float] = {
    "title": 0.45,
    "authors": 0.2,
    "year": 0.1,
    "venue": 0.15,
    "id": 0.1,
}


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


def _score(f: PairFacts) -> float:
    e, authors = f.e, f.authors
    venue = [v is AGREE for v in (e.journal, e.volume, e.pages) if v is not UNKNOWN]
    parts = {
        "title": e.title if e.title is not None else 0.5,
        "authors": 0.5 if authors is UNKNOWN else float(authors is AGREE),
        "year": 0.5 if e.year_gap is None else max(0.0, 1.0 - e.year_gap / 2),
        "venue": sum(venue) / len(venue) if venue else 0.5,
        "id": 1.0 if AGREE in (e.doi, e.pmid) else 0.0 if e.doi is CONFLICT else 0.5,
    }
    return round(sum(SCORE_WEIGHTS[k] * v for k, v in parts.items()), 3)


def _support(f: PairFacts) -> list[str]:
    """The agreements that back a pair, as reasons."""
    e = f.e
    found = []
    if e.doi is AGREE:
        found.append("same DOI")
    if e.pmid is AGREE:
        found.append("same PMID")
    if e.title is not None:
        found.append(f"title {e.title:.2f}")
    if f.authors is AGREE:
        found.append("same authors")
    if e.year_gap == 0:
        found.append("same year")
    if e.journal is AGREE:
        found.append("same journal")
    if e.volume is AGREE:
        found.append("same volume")
    if e.pages is AGREE:
        found.append("same pages")
    if f.abstract:
        found.append("same abstract")
    if f.family:
        found.append("versions of one work (an update)")
    return found


def clearly_distinct(p: Profile, q: Profile) -> bool:
    """A cheap test that a candidate pair cannot be a duplicate or a possible one: no shared
    identifier and titles too unlike for any rule. Most candidate pairs end here."""
    if (p.doi and p.doi == q.doi) or (p.pmid and p.pmid == q.pmid):
        return False
    a, b = p.title.compact, q.title.compact
    if not a or not b:
        return False
    similarity = title_similarity(a, b)
    return similarity is not None and similarity < UNLIKE_TITLE and not series_label(p, q)


def score_profiles(p: Profile, q: Profile, a: int = 0, b: int = 1) -> PairScore:
    """The outcome, score and reasons for two profiled records."""
    f = pair_facts(p, q)
    outcome = level(f)
    found = vetoes(f)
    reasons = [v.reason for v in found] + _support(f)
    if f.authors is CONFLICT:
        reasons.insert(0, "different authors")
    # Different authors are a witness too: with one more conflict the works differ.
    # (Not for versions of one work: an update has its own author list.)
    conflicts = [v for v in found if not v.version]
    if any(v.final for v in found) or (f.authors is CONFLICT and conflicts):
        outcome = Outcome.DISTINCT
    elif found and outcome is Outcome.DUPLICATE:
        outcome = Outcome.POSSIBLE
    apart = any(v.final or v.splits for v in found)
    return PairScore(a, b, outcome, _score(f), tuple(reasons), bool(found), apart)
