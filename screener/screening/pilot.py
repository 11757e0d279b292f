"""Drawing a pilot sample: a seeded random sample of records, stratified when asked.

Pure: it takes record ids (with their database when stratifying) and returns ids.

Stratified by database, the sample is split by proportional allocation: each database gets
`size * its records / all records` places, rounded down, and every database gets at least
one place as long as the sample holds as many places as there are databases. The places
still free go one at a time to the databases whose share was cut the most by rounding
(largest remainder), the places one too many are taken back from those given the most over
their share; no database gets more places than it has records. Ties go by database name,
so that a seed draws the same sample every time.

A later round draws from the records no earlier round drew. Only when those are fewer than
the sample's size are records of earlier rounds drawn again, and the sample says how many.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from screener.errors import ScreenerError, UsageError

# The stratum of records that name no database.
NO_DATABASE = "(no database)"


@dataclass(frozen=True, slots=True)
class Sample:
    """The records a pilot round drew, in screening order, and how they were drawn."""

    record_ids: tuple[int, ...]
    seed: int
    pool: int  # records the sample was drawn from
    redrawn: int = 0  # records of earlier rounds drawn again because the pool ran short
    allocation: tuple[tuple[str, int, int], ...] = ()  # (database, records, drawn)


def new_seed() -> int:
    """A seed for a draw the user gave none for (recorded, so the draw can be repeated)."""
    return secrets.randbelow(2**31)


def allocate(strata: Mapping[str, int], size: int) -> dict[str, int]:
    """How many of `size` places each stratum gets (stratum -> its number of records):
    proportional, at least one each where the size allows, largest remainder."""
    total = sum(strata.values())
    size = min(size, total)
    names = sorted(name for name, count in strata.items() if count > 0)
    share = {name: size * strata[name] / total for name in names}
    places = {name: int(share[name]) for name in names}
    if size >= len(names):
        for name in names:
            places[name] = max(places[name], 1)
    while sum(places.values()) > size:
        # the stratum given most over its share, among those that keep one after
        over = max(
            (name for name in names if places[name] > 1),
            key=lambda name: (places[name] - share[name], _reverse(name)),
        )
        places[over] -= 1
    while sum(places.values()) < size:
        under = max(
            (name for name in names if places[name] < strata[name]),
            key=lambda name: (share[name] - places[name], strata[name], _reverse(name)),
        )
        places[under] += 1
    return places


def _reverse(name: str) -> tuple[int, ...]:
    """A key under which `max` prefers the alphabetically first name."""
    return tuple(-ord(c) for c in name)


def draw_sample(
    pool: Mapping[int, str],
    size: int,
    *,
    seed: int,
    by_database: bool = False,
    drawn_before: Collection[int] = (),
) -> Sample:
    """`size` records of `pool` (record id -> its database) drawn at random with `seed`,
    stratified by database when `by_database`, preferring records no earlier round drew."""
    if size < 1:
        raise UsageError(f"a pilot sample needs at least 1 record, not {size}")
    if size > len(pool):
        raise ScreenerError(
            f"a pilot sample of {size:,} records is larger than the {len(pool):,} records"
            " it is drawn from"
        )
    rng = random.Random(seed)
    fresh = {rid: db for rid, db in pool.items() if rid not in drawn_before}
    if len(fresh) >= size:
        chosen, allocation = _draw(fresh, size, rng, by_database)
        redrawn = 0
    else:
        again = {rid: db for rid, db in pool.items() if rid in drawn_before}
        extra, _ = _draw(again, size - len(fresh), rng, by_database)
        chosen = sorted(fresh) + extra
        redrawn = len(extra)
        allocation = _counts(pool, chosen) if by_database else ()
    rng.shuffle(chosen)  # reviewers see no database in blocks, nor records in import order
    return Sample(tuple(chosen), seed, len(pool), redrawn, allocation)


def _draw(
    pool: Mapping[int, str], size: int, rng: random.Random, by_database: bool
) -> tuple[list[int], tuple[tuple[str, int, int], ...]]:
    if not by_database:
        return rng.sample(sorted(pool), size), ()
    strata: dict[str, list[int]] = defaultdict(list)
    for rid in sorted(pool):
        strata[pool[rid] or NO_DATABASE].append(rid)
    places = allocate({name: len(ids) for name, ids in strata.items()}, size)
    chosen: list[int] = []
    for name in sorted(strata):
        chosen += rng.sample(strata[name], places.get(name, 0))
    allocation = tuple((name, len(strata[name]), places.get(name, 0)) for name in sorted(strata))
    return chosen, allocation


def _counts(pool: Mapping[int, str], chosen: list[int]) -> tuple[tuple[str, int, int], ...]:
    records: dict[str, int] = defaultdict(int)
    drawn: dict[str, int] = defaultdict(int)
    for db in pool.values():
        records[db or NO_DATABASE] += 1
    for rid in chosen:
        drawn[pool[rid] or NO_DATABASE] += 1
    return tuple((name, records[name], drawn[name]) for name in sorted(records))
