"""Duplicate groups from duplicate pairs, without transitive false merges.

Union-find joins A with C when A~B and B~C, even when A and C are different works (an article,
its erratum and a record that resembles both). Groups are therefore built edge by edge, the
strongest pairs first, and an edge that would put two records a veto keeps apart in one group
is left out: the group splits on its weakest link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra


def connected_groups(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of two or more members, each sorted, ordered by first member."""
    sets = UnionFind(n)
    for a, b in pairs:
        sets.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for x in range(n):
        members[sets.find(x)].append(x)
    return sorted((m for m in members.values() if len(m) > 1), key=lambda m: m[0])


def guarded_groups(
    n: int,
    edges: Iterable[tuple[int, int, float]],
    kept_apart: Callable[[int, int], bool],
) -> list[list[int]]:
    """Groups from weighted duplicate edges (a, b, score) such that no group holds two records
    for which `kept_apart(a, b)` is true. Edges are taken strongest first (ties by index, so the
    result does not depend on input order); an edge that would join two groups holding a
    kept-apart pair is skipped."""
    sets = UnionFind(n)
    members: dict[int, list[int]] = {}
    for a, b, _score in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        ra, rb = sets.find(a), sets.find(b)
        if ra == rb:
            continue
        left, right = members.get(ra, [a]), members.get(rb, [b])
        if any(kept_apart(min(x, y), max(x, y)) for x in left for y in right):
            continue
        root = sets.union(a, b)
        members.pop(ra, None)
        members.pop(rb, None)
        members[root] = left + right
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
