"""The canonical record of a duplicate group: the most complete value of every field."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

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
# Nine digits at most: int() refuses more than 4,300, and no work has that many versions.
_VERSION_NUMBER = re.compile(r"\.pub(\d{1,9})$|(?<=\d)v(\d{1,9})$")


def _filled(record: Record) -> int:
    return sum(bool(getattr(record, f)) for f in TEXT_FIELDS) + bool(record.authors)


def _accents_first(text: str) -> tuple[str, int]:
    """A tie-break that puts values equal once accents are folded side by side, the one
    with the most accents first: "Müller" before "Muller", as a database that strips
    accents (Web of Science) loses what another export kept."""
    decomposed = unicodedata.normalize("NFD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded, len(folded) - len(decomposed)


def _longest(values: list[str]) -> str:
    values = [v for v in values if v.strip()]
    return min(values, key=lambda v: (-len(v.strip()), _accents_first(v), v)) if values else ""


def _commonest(values: list[str], prefer: str = "") -> str:
    """The commonest value; a tie goes to `prefer` (the most complete member's), then to
    the first in order, so a book merged with one article record stays a book when the book
    is the fuller record."""
    counts = Counter(v for v in values if v.strip())
    return min(counts, key=lambda v: (-counts[v], v != prefer, v)) if counts else ""


def _longest_authors(records: Sequence[Record]) -> tuple[str, ...]:
    return min(
        (r.authors for r in records),
        key=lambda a: (-len(a), -sum(map(len, a)), [_accents_first(name) for name in a], a),
    )


def _doi_version(doi: str) -> int:
    """A DOI's version number: 3 for ".pub3" or "v3", 1 for the first version (no suffix)."""
    match = _VERSION_NUMBER.search(doi)
    return int(match.group(1) or match.group(2)) if match else 1


def latest_version(records: Sequence[Record]) -> list[Record]:
    """The members of the latest version when the group holds versions of one work; else all.
    With DOIs that differ by a version suffix (".pub2", ".pub3"), or one DOI, the latest is the
    highest suffix, with the members without a DOI from the same year (the same version
    exported by a database that gives no DOI); a later database year does not make a later
    version. Without them, years VERSION_YEARS apart mark versions (an updated review), and
    the latest year wins."""
    keyed = [(r, doi_key(r.doi), record_year(r)) for r in records]
    dois = {d for _, d, _ in keyed if d}
    years_seen = [y for _, _, y in keyed if y is not None]
    # One DOI is one version, whatever years its records give (online and print, a year
    # mistyped); only a member without it may be a later version.
    if len(dois) == 1 or len({doi_stem(d) for d in dois}) < len(dois):
        top = max(_doi_version(d) for d in dois)
        anchors = [r for r, d, _ in keyed if d and _doi_version(d) == top]
        years = {y for _, d, y in keyed if d and _doi_version(d) == top and y is not None}
        undoied = [(r, y) for r, d, y in keyed if not d]
        later = [y for _, y in undoied if y is not None]
        # A member without a DOI years after the highest DOI is a later version still.
        if not (years and later and max(later) >= max(years) + VERSION_YEARS):
            return anchors + [r for r, y in undoied if y in years]
        return [r for r, y in undoied if y == max(later)]
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
    versioned = len(latest) < len(records)
    base = min(latest, key=lambda r: (-_filled(r), r.key, r.title, r.id or 0))

    def pick(name: str, choose: Callable[[list[str]], str]) -> str:
        # Where a version was published is its own: an earlier version's DOI or pages would
        # point a reader to the wrong version.
        value = choose([getattr(r, name) for r in latest])
        if value or (versioned and name in VERSION_FIELDS):
            return value
        return choose([getattr(r, name) for r in records])

    # Field name to value, each of its field's type (which mypy cannot follow through **).
    values: dict[str, Any] = {f: pick(f, _longest) for f in LONGEST_FIELDS}
    values.update(
        {f: pick(f, partial(_commonest, prefer=getattr(base, f))) for f in COMMONEST_FIELDS}
    )
    values["authors"] = _longest_authors(latest) or _longest_authors(records)
    # A year that is a misplaced issue number or page (dedupe.profile) votes only when no
    # member has a real one; an earlier version's year is not the latest's.
    voters = latest if versioned else records
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
