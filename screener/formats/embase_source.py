"""The `Source` cell of an Embase.com table: a whole citation in one string.

    Journal of Hepatology (2016) 64:2 (310-318). Date of Publication: 1 Feb 2016
    <journal> (<year>) <volume>:<issue> (<pages>) Article Number: <n>. Date of Publication: <date>

Every part after the journal's name may be missing: a record in press has no volume, a
letter no issue, an online journal an article number in place of pages, a supplement an
issue such as `SUPPL. 1`. The journal is the text before the last `(year)` that the rest
of the grammar can follow, so a journal's own brackets (`Lancet (London)`) stay in its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screener.model import RecordFields
from screener.normalize import read_year

_SOURCE = re.compile(
    r"\s*(?P<journal>.+?)\s*\((?P<year>\d{4})\)"
    r"(?:\s+(?!Article\s+Number|Date\s+of)(?P<volume>[^\s:()]+)"
    r"(?:\s+(?!Article\s+Number|Date\s+of)(?P<supplement>[^\s:()][^:()]*?))?(?:\s*:\s*(?P<issue>[^()]*?))?)?"
    r"(?:\s*\((?P<pages>[^()]*)\))?"
    r"(?:\s*Article\s+Number:?\s*(?P<article>[^.\s]+(?:\s+[^.\s]+)*?))?"
    r"\s*\.?"
    r"(?:\s*Date\s+of\s+Publication:?\s*(?P<date>.*?))?\s*\.?\s*",
    re.IGNORECASE,
)
# Pages Embase writes where there are none.
_NO_PAGES = frozenset({"", "no pagination", "no page numbers"})


@dataclass(frozen=True, slots=True)
class SourceCitation:
    """The parts of one Source cell, "" where the cell has none."""

    journal: str
    year: str
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    date: str = ""


def parse_source(text: str) -> SourceCitation | None:
    """The parts of an Embase Source cell; None when it does not follow the grammar."""
    match = _SOURCE.fullmatch(" ".join(text.split()))  # a run of spaces, split every way
    if match is None:
        return None
    pages = (match["pages"] or "").strip()
    volume = match["volume"] or ""
    issue = (match["issue"] or "").strip()
    supplement = match["supplement"] or ""
    # "69 Supplement 2": a supplement in place of an issue; beside an issue, part of the volume.
    if supplement and not issue:
        issue = supplement
    elif supplement:
        volume = f"{volume} {supplement}"
    return SourceCitation(
        journal=match["journal"],
        year=match["year"],
        volume=volume,
        issue=issue,
        pages="" if pages.lower() in _NO_PAGES else pages,
        article_number=(match["article"] or "").strip(),
        date=(match["date"] or "").strip(),
    )


def fill_from_source(text: str, values: RecordFields) -> bool:
    """Fill the fields of `values` that are still empty from a Source cell; False when
    the cell does not follow the grammar (it then fills nothing)."""
    citation = parse_source(text)
    if citation is None:
        return False
    parts: tuple[tuple[str, str], ...] = (
        ("journal", citation.journal),
        ("volume", citation.volume),
        ("issue", citation.issue),
        ("pages", citation.pages or citation.article_number),
    )
    for field, value in parts:
        if value and not values.get(field):
            values[field] = value  # type: ignore[literal-required]
    if values.get("year") is None:
        values["year"] = read_year(citation.year) or read_year(citation.date)
    return True
