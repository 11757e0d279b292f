"""How a dedupe run joins the review's groups: the canonical record of a group is its first
record in the portable order (its file's sha256, then its line there: the same in every copy
that imported the same files, whatever the order of the imports), a group joining another
brings its members along, and no group joins one a person declared distinct from it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from screener.dedupe import PairScore
from screener.review.dedupe import ordered_pair
from screener.store.duplicates import DuplicateLink, NewLink

if TYPE_CHECKING:
    from screener.store import Store

Evidence = dict[tuple[int, int], PairScore]  # (smaller id, larger id) -> the engine's pair


def portable_order(store: Store) -> dict[int, int]:
    """record id -> its place in the portable order: by its file's sha256, then its line
    and key there. Copies built from the same files in any order agree on it, so they
    agree on each group's canonical record, and a decision on it needs no translation."""
    return {place.id: n for n, place in enumerate(store.record_places())}


class Joiner:
    """The review's groups while a dedupe run joins them, and the links the run writes:
    `new_links`, replacing the standing links of the records in `relinked`."""

    def __init__(
        self,
        standing: dict[int, DuplicateLink],
        distinct: set[tuple[int, int]],
        order: Mapping[int, int] | None = None,
    ):
        self.standing = standing
        # The portable order of the records (None: their ids', as in a test of the joins).
        self.order = order
        self.links = {rid: link.canonical_id for rid, link in standing.items()}
        self.members: dict[int, set[int]] = defaultdict(set)
        for rid, cid in self.links.items():
            self.members[cid].add(rid)
        self.distinct = distinct
        self.apart: dict[int, set[int]] = defaultdict(set)
        for a, b in distinct:
            self.apart[a].add(b)
            self.apart[b].add(a)
        self._new: dict[int, NewLink] = {}
        self.relinked: list[int] = []

    @property
    def new_links(self) -> list[NewLink]:
        return list(self._new.values())

    def canonical(self, record_id: int) -> int:
        return self.links.get(record_id, record_id)

    def first(self, record_id: int) -> tuple[int, int]:
        """Sort key: the record's place in the portable order, its id only to break a tie."""
        return (record_id if self.order is None else self.order.get(record_id, -1), record_id)

    def group(self, head: int) -> set[int]:
        return {head, *self.members.get(head, ())}

    def declared_distinct(self, head: int, into: int) -> bool:
        """Whether a person said a record of one group is not a record of the other."""
        other = self.group(into)
        return any(self.apart.get(rid, set()) & other for rid in self.group(head))

    def join_all(self, found: list[int], evidence: Evidence, run_id: int) -> None:
        """Join the groups of the records `found` together (a group of the engine), each
        by the engine's pair that ties it to those joined so far."""
        heads = sorted({self.canonical(m) for m in found}, key=self.first)
        into, pending = heads[0], heads[1:]
        while pending:
            joined = False
            for head in list(pending):
                pair = self._best_pair(head, into, found, evidence)
                if pair is None:
                    continue
                pending.remove(head)
                joined = True
                if not self.declared_distinct(head, into):
                    self._join(head, into, pair, run_id)
            if not joined:
                break

    def _join(self, head: int, into: int, pair: tuple[int, PairScore], run_id: int) -> None:
        """`head` and its members join the group of `into`; the members keep the evidence
        that linked them, only their canonical record changes."""
        matched, score = pair
        self._new[head] = NewLink(
            head, into, "auto", run_id, score.score, score.reasons, matched_id=matched
        )
        for rid in sorted(self.members.pop(head, ())):
            self._new[rid] = self._moved(rid, into)
            self.links[rid] = into
            self.members[into].add(rid)
        self.links[head] = into
        self.members[into].add(head)

    def _moved(self, record_id: int, into: int) -> NewLink:
        """The link of `record_id` with a new canonical record and its evidence as it was."""
        made = self._new.get(record_id)
        if made is not None:  # linked earlier in this run
            return replace(made, canonical_id=into)
        self.relinked.append(record_id)
        return replace(self.standing[record_id].as_new(), canonical_id=into)

    def _best_pair(
        self, head: int, into: int, found: list[int], evidence: Evidence
    ) -> tuple[int, PairScore] | None:
        """The engine's evidence for joining `head`'s group to `into`'s: the pair of the
        two records themselves, else the strongest pair between members of the two groups;
        as (the record on `into`'s side, the pair)."""
        direct = evidence.get(ordered_pair(head, into))
        if direct is not None:
            return into, direct
        ours = [m for m in found if self.canonical(m) == head]
        theirs = [m for m in found if self.canonical(m) == into]
        best: tuple[float, int, PairScore] | None = None
        for mine in ours:
            for other in theirs:
                pair = evidence.get(ordered_pair(mine, other))
                if pair is not None and (best is None or pair.score > best[0]):
                    best = (pair.score, other, pair)
        return None if best is None else (best[1], best[2])
