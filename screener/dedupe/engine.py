"""The deduplication pipeline: profile, block, score, group, queue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from screener.dedupe.blocking import candidate_pairs
from screener.dedupe.clusters import UnionFind, guarded_groups
from screener.dedupe.notices import Candidate, about, best_articles
from screener.dedupe.profile import Profile, profile
from screener.dedupe.scoring import Outcome, PairScore, clearly_distinct, score_profiles
from screener.model import Record

Progress = Callable[[str, int, int], None]

SPLIT_REASON = "kept out of one group by a conflict with another member"
# Progress is reported every this many items per stage, so callbacks stay cheap.
PROGRESS_STEP = 2000


@dataclass(frozen=True, slots=True)
class Notice:
    """Record `notice` (an index) is a notice of `kind` ("erratum", "retraction", "comment"
    or "reply") about record `article`: linked, never merged."""

    notice: int
    article: int
    kind: str


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """What `find_duplicates` found, as indices into the records it was given.

    `groups`: sets of two or more records merged automatically, each sorted, in order of their
    first member. `possible`: pairs a person should decide, best first, at most one per pair of
    groups, never inside one group. `pairs`: every candidate pair judged a duplicate or
    possible, with its reasons (for a `--pairs` file or an audit). `notices`: each notice
    (an erratum, retraction, comment or reply) found beside the article it is about, linked to
    its best candidate, in notice order; never merged."""

    groups: list[list[int]]
    possible: list[PairScore]
    records: int
    candidate_pairs: int
    duplicate_pairs: int
    pairs: list[PairScore] = field(default_factory=list, repr=False)
    notices: list[Notice] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        """Records that would be removed by merging: group members beyond the first."""
        return sum(len(g) - 1 for g in self.groups)


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None and (done % PROGRESS_STEP == 0 or done == total):
        progress(stage, done, total)


def _profiles(records: Sequence[Record], progress: Progress | None) -> list[Profile]:
    out = []
    for index, record in enumerate(records, 1):
        out.append(profile(record))
        _report(progress, "profile", index, len(records))
    return out


def _possible_queue(possible: list[PairScore], sets: UnionFind) -> list[PairScore]:
    """The best pair between any two groups, leaving out pairs already inside one group."""
    best: dict[tuple[int, int], PairScore] = {}
    for pair in possible:
        ra, rb = sorted((sets.find(pair.a), sets.find(pair.b)))
        if ra == rb:
            continue
        held = best.get((ra, rb))
        if held is None or (pair.score, -pair.a, -pair.b) > (held.score, -held.a, -held.b):
            best[(ra, rb)] = pair
    return sorted(best.values(), key=lambda p: (-p.score, p.a, p.b))


def find_duplicates(records: Sequence[Record], *, progress: Progress | None = None) -> DedupeResult:
    """Duplicate groups and the queue of possible duplicates among `records`.

    Deterministic for a given sequence. `progress(stage, done, total)` is called now and then
    with stage "profile", "compare" or "group"."""
    profiles = _profiles(records, progress)
    candidates = candidate_pairs(profiles)
    scored: list[PairScore] = []
    about_articles: dict[int, list[Candidate]] = {}
    for index, (a, b) in enumerate(candidates, 1):
        _report(progress, "compare", index, len(candidates))
        p, q = profiles[a], profiles[b]
        if clearly_distinct(p, q):
            continue
        if p.title.kinds != q.title.kinds:  # a notice (an erratum, ...) beside another record
            _notice_candidates(p, q, a, b, about_articles)
        pair = score_profiles(p, q, a, b)
        if pair.outcome is not Outcome.DISTINCT:
            scored.append(pair)
    duplicates = [p for p in scored if p.outcome is Outcome.DUPLICATE]

    @cache
    def kept_apart(a: int, b: int) -> bool:
        pair = score_profiles(profiles[a], profiles[b], a, b)
        return pair.kept_apart

    groups = guarded_groups(len(records), ((p.a, p.b, p.score) for p in duplicates), kept_apart)
    _report(progress, "group", len(groups), len(groups))
    sets = UnionFind(len(records))
    for group in groups:
        for member in group[1:]:
            sets.union(group[0], member)
    # A duplicate pair that a conflict kept out of one group (A~B, B~C, but A and C kept apart)
    # goes to a person too, rather than nowhere.
    split = [
        replace(p, outcome=Outcome.POSSIBLE, reasons=(*p.reasons, SPLIT_REASON))
        for p in duplicates
        if sets.find(p.a) != sets.find(p.b)
    ]
    possible = [p for p in scored if p.outcome is Outcome.POSSIBLE] + split
    notices = [
        Notice(notice, best.article, best.kind)
        for notice, best in best_articles(about_articles, lambda x, y: sets.find(x) == sets.find(y))
    ]
    return DedupeResult(
        groups=groups,
        possible=_possible_queue(possible, sets),
        records=len(records),
        candidate_pairs=len(candidates),
        duplicate_pairs=len(duplicates),
        pairs=scored,
        notices=notices,
    )


def _notice_candidates(
    p: Profile, q: Profile, a: int, b: int, found: dict[int, list[Candidate]]
) -> None:
    """Add either record as a candidate article of the other, if that one is a notice about it."""
    for notice, article, index, other in ((p, q, a, b), (q, p, b, a)):
        candidate = about(notice, article, other)
        if candidate is not None:
            found.setdefault(index, []).append(candidate)
