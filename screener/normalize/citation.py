"""A full citation written into the journal field, as Ovid's Embase and MEDLINE sources are
when they pass through a reference manager:

    Biological Psychiatry.61 (4) ()(pp 410-418) 2007.Date of Publication: 15 Feb 2007.

The grammar, after Ovid's Source field: the journal's name; for a meeting abstract
`.Conference: NAME.` with its dates and publication note; then the locator
`VOLUME (ISSUE) (SUPPLEMENT)(pp PAGES)` (each part may be missing or empty, and
`(no pagination)` stands for the pages), the year, `.Article Number: N.` and
`.Date of Publication: DATE.`. The journal is the leading name, so a name with dots of its
own ("J. Clin. Psychol.", "S.KARGER BASEL") is cut only where a locator follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CITATION = re.compile(
    r"""
    (?P<journal>.*?)
    (?:
      \.\s*Conference:\s*(?P<conference>.*?)\.\s*
      (?:Conference\s+Start:[^.]*?(?:Conference\s+End:[^.]*?)?\.\s*)?
      (?:Conference\s+Publication:\s*(?:\([^()]*\))?\s*)?
    )?
    (?:\.\s*|,\s*|\s+|(?=\()|^)
    (?P<volume>(?=[^\s().,]*\d)[^\s().,]+)?
    \s*(?:\((?!pp\b|no\s+pagination\))(?P<issue>[^()]*)\))?
    \s*(?:\((?!pp\b|no\s+pagination\))(?P<supplement>[^()]*)\))?
    \s*(?:\(pp\.?\s*(?P<pages>[^()]*)\)|(?P<unpaged>\(no\s+pagination\)))?
    ,?\s*(?P<year>(?:1[5-9]|20)\d\d)\.?
    (?:\s*Article\s+Number:\s*(?P<article>[^.]*?)\s*\.)?
    (?:\s*Date\s+of\s+Publication:\s*(?P<published>[^.]*)\.?)?
    \s*
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Ovid's citations run to a few hundred characters; a longer field is read as a name, as
# the grammar's time grows with the square of its length.
MAX_CITATION = 1000
# What pages in a citation look like: "410-418", "S112", "e1234", "iii-xii".
_PAGES = re.compile(
    r"[A-Za-z]{0,3}\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]{0,3}\d+[A-Za-z]?)?|[ivxlc]+-[ivxlc]+"
)


@dataclass(frozen=True, slots=True)
class Citation:
    """The parts of a citation; "" (or None for the year) where it gives none."""

    journal: str
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: int | None = None
    article_number: str = ""
    conference: str = ""


def might_be_citation(journal: str) -> bool:
    """Whether a journal field may hold a citation: the one cheap test a plain name passes
    through (every citation has its pages, "(no pagination)" or a date of publication)."""
    return "(pp" in journal or "Publication:" in journal or "pagination)" in journal


def parse_citation(text: str) -> Citation | None:
    """The citation in a journal field, or None when the field is not one."""
    if len(text) > MAX_CITATION:
        return None
    # One space for any run: the grammar's spaces are optional in many places in a row, and
    # a long run of them would be split among those places in every way before a miss.
    match = _CITATION.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    if match["pages"] is None and match["unpaged"] is None and match["published"] is None:
        return None  # a name that merely ends in a year or a bracket
    issue = " ".join(part.strip() for part in (match["issue"], match["supplement"]) if part)
    pages = (match["pages"] or "").strip()
    return Citation(
        journal=match["journal"].strip(),
        volume=match["volume"] or "",
        issue=issue.strip(),
        pages=pages if _PAGES.fullmatch(pages) else "",
        year=int(match["year"]),
        article_number=(match["article"] or "").strip(),
        conference=(match["conference"] or "").strip(),
    )
