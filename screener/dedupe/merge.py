"""The canonical record of a duplicate group: the most complete value of every field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from screener.dedupe.profile import record_year
from screener.model import TEXT_FIELDS, Record

# Fields where the longest value is the most complete one (full journal name, whole abstract,
# "482-491" rather than "482-91"). Identifiers take the most frequent value instead: the longest
# DOI is not the better one.
LONGEST_FIELDS: tuple[str, ...] = tuple(
    f for f in TEXT_FIELDS if f not in ("doi", "pmid", "issn", "isbn", "language", "pub_type")
)
COMMONEST_FIELDS: tuple[str, ...] = ("doi", "pmid", "issn", "isbn", "language", "pub_type")


def _filled(record: Record) -> int:
    return sum(bool(getattr(record, f)) for f in TEXT_FIELDS) + bool(record.authors)


def _longest(values: list[str]) -> str:
    values = [v for v in values if v.strip()]
    return min(values, key=lambda v: (-len(v.strip()), v)) if values else ""


def _commonest(values: list[str]) -> str:
    counts = Counter(v for v in values if v.strip())
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def merge_group(records: Sequence[Record]) -> Record:
    """One record holding, per field, the most complete value found in the group: the longest
    title, abstract and journal name, the longest author list, the commonest DOI and year,
    the union of keywords and of unmapped fields. The result does not depend on the order of
    `records`; its key, id and source are those of the most complete member. Nothing is lost:
    callers keep the members and link them to the canonical record."""
    if not records:
        raise ValueError("merge_group needs at least one record")
    base = min(records, key=lambda r: (-_filled(r), r.key, r.title, r.id or 0))
    values: dict[str, object] = {
        f: _longest([getattr(r, f) for r in records]) for f in LONGEST_FIELDS
    }
    values.update({f: _commonest([getattr(r, f) for r in records]) for f in COMMONEST_FIELDS})
    values["authors"] = min(
        (r.authors for r in records),
        key=lambda a: (-len(a), -sum(map(len, a)), a),
    )
    # A year that is a misplaced issue number or page (dedupe.profile) votes only when no
    # member has a real one.
    years = Counter(y for r in records if (y := record_year(r)) is not None) or Counter(
        r.year for r in records if r.year is not None
    )
    values["year"] = min(years, key=lambda y: (-years[y], y)) if years else None
    values["keywords"] = tuple(sorted({k for r in records for k in r.keywords}, key=str.lower))
    extra: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.key, r.title)):
        for name, items in record.extra.items():
            kept = extra.setdefault(name, [])
            kept.extend(v for v in items if v not in kept)
    values["extra"] = extra
    return replace(base, **values)
