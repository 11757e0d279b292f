"""A person's merge and unmerge of duplicate groups, each the inverse of the other.

A merge joins the group of one record to the group of another: the group whose canonical
record comes later in the portable order (joining.portable_order) moves, every moved link
remembers the link it replaced, and the merge itself is a row naming both records. An
unmerge undoes the newest merge still in force that named the record: the records it moved
stand exactly as they stood before. A record no person merged leaves its group alone (the
canonical record too: the others stay one group). Either way each record set apart is
remembered as distinct from each record of the group it left, so that a dedupe re-run does
not join them again; a later merge by a person replaces that.
Nothing is deleted: links are stamped undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from screener.errors import ScreenerError
from screener.store import Store
from screener.store.duplicates import DuplicateLink, Merge, NewLink

UNMERGED = "unmerged"  # the reason kept with the "distinct" an unmerge leaves


@dataclass(frozen=True, slots=True)
class LinkChange:
    """What one person's merge changed, so that it can be undone exactly."""

    merge_id: int | None
    linked: tuple[int, ...]  # the records that joined the group
    withdrawn: tuple[int, ...] = ()  # pair reviews whose "distinct" the merge replaced
    settled: tuple[int, ...] = ()  # queued pairs between the two groups, now duplicates


@dataclass(frozen=True, slots=True)
class Unmerged:
    """What an unmerge set apart: `freed` left the group headed by `group`; `merge` is the
    person's merge undone, when that is what happened."""

    record: int
    freed: tuple[int, ...]
    group: int
    merge: Merge | None = None


def _groups(standing: dict[int, DuplicateLink]) -> tuple[dict[int, int], dict[int, list[int]]]:
    links = {rid: link.canonical_id for rid, link in standing.items()}
    members: dict[int, list[int]] = {}
    for rid, cid in sorted(links.items()):
        members.setdefault(cid, []).append(rid)
    return links, members


def merge_groups(store: Store, a_id: int, b_id: int, actor: str, reason: str = "") -> LinkChange:
    """Join the groups of two records (a person's word), inside the caller's transaction."""
    standing = store.standing_links()
    links, members = _groups(standing)
    first, second = links.get(a_id, a_id), links.get(b_id, b_id)
    if first == second:
        return LinkChange(None, ())
    into, moved = sorted((first, second), key=_first_in(store, (first, second)))
    moving = {moved, *members.get(moved, ())}
    staying = {into, *members.get(into, ())}

    def spans(x: int, y: int) -> bool:
        return (x in moving and y in staying) or (y in moving and x in staying)

    withdrawn = tuple(
        pair_id for pair_id, (x, y) in sorted(store.distinct_pair_rows().items()) if spans(x, y)
    )
    settled = tuple(p.id for p in store.pair_reviews(open_only=True) if spans(p.a_id, p.b_id))
    store.set_pair_verdicts((*withdrawn, *settled), "duplicate", actor)
    merge_id = store.add_merge(a_id, b_id, moved_id=moved, into_id=into, reason=reason, actor=actor)
    named = a_id if first == into else b_id
    new = [NewLink(moved, into, "manual", matched_id=named, merge_id=merge_id, reasons=())]
    for rid in members.get(moved, ()):
        old = standing[rid]
        new.append(replace(old.as_new(), canonical_id=into, merge_id=merge_id, replaces=old.id))
    store.undo_duplicate_links(members.get(moved, ()), actor)
    store.add_duplicate_links(new, actor)
    return LinkChange(merge_id, tuple(link.record_id for link in new), withdrawn, settled)


def undo_merge(store: Store, merge_id: int, actor: str) -> tuple[int, ...]:
    """Set apart the records a person's merge moved, each back on the link it replaced,
    inside the caller's transaction; returns their ids."""
    moved = store.links_of_merge(merge_id)
    store.undo_duplicate_links((link.record_id for link in moved), actor)
    replaced = (store.duplicate_link(link.replaces) for link in moved if link.replaces)
    restored = [old.as_new() for old in replaced if old is not None]
    store.add_duplicate_links(restored, actor)
    return tuple(link.record_id for link in moved)


def take_back(store: Store, change: LinkChange, actor: str) -> None:
    """Reverse a `merge_groups` exactly, "distinct" verdicts it replaced included (an undo
    key), inside the caller's transaction."""
    if change.merge_id is not None:
        undo_merge(store, change.merge_id, actor)
    store.set_pair_verdicts(change.withdrawn, "distinct", actor)
    for pair_id in change.settled:
        store.decide_pair(pair_id, None, actor)


def _first_in(store: Store, ids: Iterable[int]) -> Callable[[int], tuple[str, int, str, int]]:
    """Sort key of the records `ids` by the portable order (joining.portable_order), so
    that every copy heads a group alike."""
    places = store.portable_places(ids)
    return lambda record_id: places.get(record_id, ("", -1, "", record_id))


def _merged_into(store: Store, merge: Merge, group: int) -> bool:
    """Whether the links `merge` put in place are links into `group` (a record named in
    it may have left that group and joined another since)."""
    return any(link.canonical_id == group for link in store.links_of_merge(merge.id))


def _behead(store: Store, standing: dict[int, DuplicateLink], rest: list[int], actor: str) -> int:
    """The group without its canonical record: the others stay one group under the
    first of them in the portable order, each keeping its evidence; returns its id.

    A person's merge that moved the new canonical record in can no longer be undone as it
    was (its two sides are no longer told apart by their canonical records): its links
    stay, as links no merge put in place."""
    ordered = sorted(rest, key=_first_in(store, rest))
    head, others = ordered[0], ordered[1:]
    lost = standing[head].merge_id
    kept = []
    for rid in others:
        link = replace(standing[rid].as_new(), canonical_id=head)
        if lost is not None and link.merge_id == lost:
            link = replace(link, merge_id=None, replaces=None)
        kept.append(link)
    store.undo_duplicate_links(rest, actor)
    store.add_duplicate_links(kept, actor)
    return head


def unmerge(store: Store, record_id: int, actor: str) -> Unmerged:
    """Set a record (and what came into its group with it) apart, in one transaction."""
    # The groups are read under the write lock: read before it, they may be another
    # process's merge out of date, and the wrong links would be undone.
    with store.transaction():
        standing = store.standing_links()
        links, members = _groups(standing)
        group = links.get(record_id, record_id)
        if group not in members:
            raise ScreenerError(f"record {record_id} is not in a duplicate group")
        before = {group, *members[group]}
        merge = next(
            (
                merge
                for merge in store.standing_merges_of(record_id)
                if _merged_into(store, merge, group)
            ),
            None,
        )
        if merge is not None:
            freed = undo_merge(store, merge.id, actor)
        elif record_id == group:
            freed = (record_id,)
            group = _behead(store, standing, members[group], actor)
        else:
            freed = (record_id,)
            store.undo_duplicate_links(freed, actor)
        left = before - set(freed)
        # A person's word on the group as it was, not only on its canonical record: should
        # the group later come apart, no piece of it joins what was set apart.
        for rid in freed:
            for other in sorted(left):
                store.add_distinct_pair(rid, other, actor, UNMERGED)
        store.log(
            actor,
            "unmerge",
            {"record": record_id, "freed": list(freed), "group": group,
             "merge": merge.id if merge else None},
        )  # fmt: skip
    return Unmerged(record_id, freed, group, merge)
