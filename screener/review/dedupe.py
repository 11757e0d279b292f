"""Deduplication in a review: links and the pair queue (a person's merges: merging.py; the
stateless batch: batch.py).

The matching itself lives in `screener.dedupe`; this module decides what the matches mean for
a review's store: sure duplicates become links to a canonical record, uncertain pairs wait
for a person, a person's "distinct" is never overruled, and nothing is deleted.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.dedupe import Outcome, find_duplicates

if TYPE_CHECKING:
    # The stateless batch (batch.py) imports this module and needs no store (nor SQLite and
    # zstandard at start-up).
    from screener.store import Store

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class DedupeSummary:
    records: int
    groups: int
    merged: int
    possible: int
    seconds: float
    notices: int = 0  # notice links made by this run (errata, retractions, ...)
    # The review as this run leaves it, a person's merges and earlier runs included.
    groups_total: int = 0
    merged_total: int = 0
    open_pairs: int = 0
    notices_total: int = 0

    def as_json(self) -> dict[str, object]:
        """`records`; what this run did: `groups` (groups it found), `merged` (new links),
        `possible` (pairs newly queued), `notices` (new notice links); and the review as it
        stands after it: `groups_total`, `merged_total`, `open_pairs`, `notices_total`."""
        return {
            "records": self.records,
            "groups": self.groups,
            "merged": self.merged,
            "possible": self.possible,
            "notices": self.notices,
            "groups_total": self.groups_total,
            "merged_total": self.merged_total,
            "open_pairs": self.open_pairs,
            "notices_total": self.notices_total,
            "seconds": round(self.seconds, 3),
        }


def ordered_pair(a: int, b: int) -> tuple[int, int]:
    """A pair of record ids as stored: (smaller id, larger id)."""
    return (a, b) if a < b else (b, a)


def _canonical(links: dict[int, int], record_id: int) -> int:
    return links.get(record_id, record_id)


def dedupe_review(store: Store, actor: str, progress: Progress | None = None) -> DedupeSummary:
    """Merge sure duplicates among the review's records and queue the uncertain pairs.

    Runs over every record, so a re-run after a new import finds cross-import duplicates;
    records already linked stay linked, and no group is joined to another that a person
    declared distinct from it. Every new link keeps the engine's score and reasons.
    """
    from screener.review.joining import Joiner, portable_order
    from screener.store.notices import NoticeLink

    started = time.perf_counter()
    records = list(store.records())
    ids = [r.id for r in records]
    result = find_duplicates(records, progress=progress)
    standing = store.standing_links()
    groups_now = Joiner(standing, store.distinct_pairs(), portable_order(store))
    evidence = {
        ordered_pair(ids[p.a], ids[p.b]): p for p in result.pairs if p.outcome is Outcome.DUPLICATE
    }
    queued = store.pair_under_review()
    groups = 0
    with store.transaction():
        run_id = store.add_dedupe_run(actor, len(records))
        for group in result.groups:
            kept = _drop_declared_distinct([ids[i] for i in group], groups_now.distinct)
            if len(kept) < 2:
                continue
            groups += 1
            groups_now.join_all(kept, evidence, run_id)
        new_links = groups_now.new_links
        store.undo_duplicate_links(groups_now.relinked, actor)
        store.add_duplicate_links(new_links, actor)
        links = groups_now.links
        possible = []
        for pair in result.possible:
            # A pair is asked about between the groups' canonical records: a person is never
            # offered a record merged into another.
            a, b = _canonical(links, ids[pair.a]), _canonical(links, ids[pair.b])
            key = ordered_pair(a, b)
            if a == b or key in queued or key in groups_now.distinct:
                continue
            possible.append((key[0], key[1], pair.score, pair.reasons))
            queued.add(key)
        store.add_pair_reviews(possible, run_id)
        notices = store.add_notice_links(
            (NoticeLink(ids[n.notice], ids[n.article], n.kind) for n in result.notices),
            run_id=run_id,
            actor=actor,
        )
        merged = sum(1 for link in new_links if link.record_id not in standing)
        store.finish_dedupe_run(run_id, merged=merged, possible=len(possible))
        store.log(
            actor,
            "dedupe",
            {
                "records": len(records),
                "merged": merged,
                "possible": len(possible),
                "notices": notices,
            },
        )
    return DedupeSummary(
        records=len(records),
        groups=groups,
        merged=merged,
        possible=len(possible),
        seconds=time.perf_counter() - started,
        notices=notices,
    )


def _drop_declared_distinct(members: list[int], distinct: set[tuple[int, int]]) -> list[int]:
    """The group without any member a person declared distinct from another member."""
    bad: set[int] = set()
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            if ordered_pair(first, second) in distinct:
                bad.update((first, second))
    return [m for m in members if m not in bad]


def group_members(store: Store) -> dict[int, list[int]]:
    """canonical id -> its members (canonical first), for every group of two or more."""
    groups: dict[int, list[int]] = defaultdict(list)
    for rid, cid in sorted(store.active_duplicate_links().items()):
        if not groups[cid]:
            groups[cid].append(cid)
        groups[cid].append(rid)
    return dict(groups)
