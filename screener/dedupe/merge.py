"""The canonical record of a duplicate group: the most complete value of every field."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from screener.dedupe.profile import record_year
from screener.dedupe.venues import doi_key, doi_stem
from screener.model import TEXT_FIELDS, Record

# Fields where the longest value is the most complete one (full journal name, whole abstract,
# "482-491" rather than "482-91"). Identifiers take the most frequent value instead: the longest
# DOI is not the better one.
LONGEST_FIELDS: tuple[str, ...] = tuple(
    f for f in TEXT_FIELDS if f not in ("doi", "pmid", "issn", "isbn", "language", "pub_type")
)
COMMONEST_FIELDS: tuple[str, ...] = ("doi", "pmid", "issn", "isbn", "language", "pub_type")
# Years this far apart in one group mark versions of one work (an updated review; the engine
# merges other records so far apart only on one DOI, volume and page): the canonical record
# is the latest version. One year apart is as likely a database's later year for the same
# version, so such a group is merged field by field.
VERSION_YEARS = 2
# Fields that name one version's place: taken from the latest version only.
VERSION_FIELDS: tuple[str, ...] = ("doi", "pmid", "volume", "issue", "pages")
_VERSION_NUMBER = re.compile(r"\.pub(\d+)$|(?<=\d)v(\d+)$")


def _filled(record: Record) -> int:
    return sum(bool(getattr(record, f)) for f in TEXT_FIELDS) + bool(record.authors)


def _longest(values: list[str]) -> str:
    values = [v for v in values if v.strip()]
    return min(values, key=lambda v: (-len(v.strip()), v)) if values else ""


def _commonest(values: list[str]) -> str:
    counts = Counter(v for v in values if v.strip())
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _doi_version(doi: str) -> int:
    """A DOI's version number: 3 for ".pub3" or "v3", 1 for the first version (no suffix)."""
    match = _VERSION_NUMBER.search(doi)
    return int(match.group(1) or match.group(2)) if match else 1


def latest_version(records: Sequence[Record]) -> list[Record]:
    """The members of the latest version when the group holds versions of one work; else all.
    With DOIs that differ by a version suffix (".pub2", ".pub3"), the latest is the highest
    suffix, with the members without a DOI from the same year (the same version exported by a
    database that gives no DOI); a later database year does not make a later version. Without
    them, years VERSION_YEARS apart mark versions (an updated review), and the latest year
    wins."""
    dois = {d for r in records if (d := doi_key(r.doi))}
    years_seen = [y for r in records if (y := record_year(r)) is not None]
    if len({doi_stem(d) for d in dois}) < len(dois):
        top = max(_doi_version(d) for d in dois)
        anchors = [r for r in records if (d := doi_key(r.doi)) and _doi_version(d) == top]
        years = {record_year(r) for r in anchors} - {None}
        undoied = [y for r in records if not doi_key(r.doi) and (y := record_year(r)) is not None]
        # A member without a DOI years after the highest DOI is a later version still.
        if not (years and undoied and max(undoied) >= max(years) + VERSION_YEARS):
            same = [r for r in records if not doi_key(r.doi) and record_year(r) in years]
            return anchors + same
        return [r for r in records if not doi_key(r.doi) and record_year(r) == max(undoied)]
    if not years_seen or max(years_seen) - min(years_seen) < VERSION_YEARS:
        return list(records)
    return [r for r in records if record_year(r) == max(years_seen)]


def merge_group(records: Sequence[Record]) -> Record:
    """One record holding, per field, the most complete value found in the group: the longest
    title, abstract and journal name, the longest author list, the commonest DOI and year,
    the union of keywords and of unmapped fields. A group holding versions of one work (an
    updated review) takes these from its latest version, and from the others only the fields
    the latest lacks, except where it was published (VERSION_FIELDS). The result does not
    depend on the order of `records`; its key, id and source are those of the most complete
    member it is drawn from. Nothing is lost: callers keep the members and link them to the
    canonical record."""
    if not records:
        raise ValueError("merge_group needs at least one record")
    latest = latest_version(records)
    base = min(latest, key=lambda r: (-_filled(r), r.key, r.title, r.id or 0))
    values: dict[str, object] = {
        f: _longest([getattr(r, f) for r in latest]) or _longest([getattr(r, f) for r in records])
        for f in LONGEST_FIELDS
    }
    values.update(
        {
            f: _commonest([getattr(r, f) for r in latest])
            or _commonest([getattr(r, f) for r in records])
            for f in COMMONEST_FIELDS
        }
    )
    if len(latest) < len(records):
        # Where a version was published is its own: an earlier version's DOI or pages would
        # point a reader to the wrong version.
        for f in VERSION_FIELDS:
            values[f] = (_commonest if f in COMMONEST_FIELDS else _longest)(
                [getattr(r, f) for r in latest]
            )
    values["authors"] = min(
        (r.authors for r in latest),
        key=lambda a: (-len(a), -sum(map(len, a)), a),
    ) or min((r.authors for r in records), key=lambda a: (-len(a), -sum(map(len, a)), a))
    # A year that is a misplaced issue number or page (dedupe.profile) votes only when no
    # member has a real one.
    # An earlier version's year is not the latest's: a versioned group without one has none.
    voters = latest if len(latest) < len(records) else records
    years = Counter(y for r in voters if (y := record_year(r)) is not None) or Counter(
        r.year for r in voters if r.year is not None
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
