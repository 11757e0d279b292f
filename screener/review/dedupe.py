"""Deduplication in a review: links, the pair queue, unmerge (the stateless batch: batch.py).

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

from screener.dedupe import find_duplicates
from screener.errors import ScreenerError

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

    def as_json(self) -> dict[str, object]:
        return {
            "records": self.records,
            "groups": self.groups,
            "merged": self.merged,
            "possible": self.possible,
            "notices": self.notices,
            "seconds": round(self.seconds, 3),
        }


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _canonical(links: dict[int, int], record_id: int) -> int:
    return links.get(record_id, record_id)


def dedupe_review(store: Store, actor: str, progress: Progress | None = None) -> DedupeSummary:
    """Merge sure duplicates among the review's records and queue the uncertain pairs.

    Runs over every record, so a re-run after a new import finds cross-import duplicates;
    records already linked stay linked, pairs a person called distinct stay apart.
    """
    from screener.store.notices import NoticeLink

    started = time.perf_counter()
    records = list(store.records())
    ids = [r.id for r in records]
    result = find_duplicates(records, progress=progress)
    links = store.active_duplicate_links()
    distinct = store.distinct_pairs()
    queued = store.pair_under_review()
    new_links: list[tuple[int, int, float | None]] = []
    groups = 0
    with store.transaction():
        run_id = store.add_dedupe_run(actor, len(records))
        for group in result.groups:
            members = [ids[i] for i in group]
            kept = _drop_declared_distinct(members, distinct)
            if len(kept) < 2:
                continue
            groups += 1
            canonical = min(_canonical(links, m) for m in kept)
            for member in kept:
                if (
                    member != canonical
                    and member not in links
                    and _pair(member, canonical) not in distinct
                ):
                    new_links.append((member, canonical, None))
                    links[member] = canonical
        store.add_duplicate_links(new_links, run_id=run_id, how="auto", actor=actor)
        possible = []
        for pair in result.possible:
            a, b = ids[pair.a], ids[pair.b]
            key = _pair(a, b)
            if key in queued or key in distinct or _canonical(links, a) == _canonical(links, b):
                continue
            possible.append((key[0], key[1], pair.score, pair.reasons))
            queued.add(key)
        store.add_pair_reviews(possible, run_id)
        notices = store.add_notice_links(
            (NoticeLink(ids[n.notice], ids[n.article], n.kind) for n in result.notices),
            run_id=run_id,
            actor=actor,
        )
        store.finish_dedupe_run(run_id, merged=len(new_links), possible=len(possible))
        store.log(
            actor,
            "dedupe",
            {
                "records": len(records),
                "merged": len(new_links),
                "possible": len(possible),
                "notices": notices,
            },
        )
    return DedupeSummary(
        records=len(records),
        groups=groups,
        merged=len(new_links),
        possible=len(possible),
        seconds=time.perf_counter() - started,
        notices=notices,
    )


def _drop_declared_distinct(members: list[int], distinct: set[tuple[int, int]]) -> list[int]:
    """The group without any member a person declared distinct from another member."""
    bad: set[int] = set()
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            if _pair(first, second) in distinct:
                bad.update((first, second))
    return [m for m in members if m not in bad]


@dataclass(frozen=True, slots=True)
class LinkChange:
    """What one manual merge changed, so that it can be undone exactly."""

    linked: tuple[int, ...]
    moved_from: tuple[tuple[int, int], ...]  # (record, its canonical before the merge)


def link_pair(store: Store, a_id: int, b_id: int, actor: str) -> LinkChange:
    """Merge the groups of two records (a person's verdict), inside the caller's transaction."""
    links = store.active_duplicate_links()
    first, second = _canonical(links, a_id), _canonical(links, b_id)
    if first == second:
        return LinkChange((), ())
    canonical, other = min(first, second), max(first, second)
    moved = [rid for rid, cid in links.items() if cid == other]
    store.undo_duplicate_links(moved, actor)
    linked = [other, *moved]
    store.add_duplicate_links(
        [(rid, canonical, None) for rid in linked], run_id=None, how="manual", actor=actor
    )
    return LinkChange(tuple(linked), tuple((rid, other) for rid in moved))


def undo_link(store: Store, change: LinkChange, actor: str) -> None:
    """Reverse a `link_pair`: the groups stand as they were before it."""
    store.undo_duplicate_links(change.linked, actor)
    store.add_duplicate_links(
        [(rid, canonical, None) for rid, canonical in change.moved_from],
        run_id=None,
        how="manual",
        actor=actor,
    )


def unmerge(store: Store, record_id: int, actor: str) -> list[int]:
    """Take a record out of its duplicate group (or dissolve the group it heads).

    Returns the ids set apart. The links are stamped undone, never deleted, and the pairs are
    remembered as distinct so that a later dedupe run does not merge them again.
    """
    links = store.active_duplicate_links()
    if record_id in links:
        canonical = links[record_id]
        freed = [record_id]
    else:
        canonical = record_id
        freed = [rid for rid, cid in links.items() if cid == record_id]
    if not freed:
        raise ScreenerError(f"record {record_id} is not in a duplicate group")
    with store.transaction():
        store.undo_duplicate_links(freed, actor)
        for rid in freed:
            store.add_distinct_pair(rid, canonical, actor, "unmerged")
        store.log(actor, "unmerge", {"record": record_id, "freed": freed})
    return freed


def group_members(store: Store) -> dict[int, list[int]]:
    """canonical id -> its members (canonical first), for every group of two or more."""
    groups: dict[int, list[int]] = defaultdict(list)
    for rid, cid in sorted(store.active_duplicate_links().items()):
        if not groups[cid]:
            groups[cid].append(cid)
        groups[cid].append(rid)
    return dict(groups)
