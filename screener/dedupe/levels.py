"""The outcome the agreements of a pair give before any veto: duplicate, possible or distinct.

LEVELS is a table of small predicates on one pair's facts, each with the outcome it gives; the
first that applies decides (later rules may assume the earlier ones did not apply).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from screener.dedupe.agreement import AGREE, CONFLICT
from screener.dedupe.evidence import page_span
from screener.dedupe.facts import IDENTIFIED_VERSIONS, PairFacts
from screener.dedupe.profile import Profile

# Title similarity bands (Indel similarity of the compact title keys).
SAME_TITLE = 0.9
SIMILAR_TITLE = 0.75
EXACT_TITLE = 0.98
# Titles of one article in two translations still share this much.
TRANSLATED_TITLE = 0.55
# Below this title similarity no rule can find a pair duplicate or possible (without a shared
# DOI or PMID): the pair is not scored in full.
UNLIKE_TITLE = 0.5
LONG_TITLE = 50
# Pages an article's range must run to identify it with its title alone (_long_range).
LONG_RANGE = 3
# Titles shorter than this (compact characters) are generic ("Editorial", "Stroke") and need
# the venue to confirm them.
SHORT_TITLE = 30
AUTHORS_ALL = 0.8


class Outcome(str, enum.Enum):
    """What becomes of a pair: merged automatically, decided by a person, or kept apart."""

    DUPLICATE = "duplicate"
    POSSIBLE = "possible"
    DISTINCT = "distinct"


Rule = Callable[[PairFacts], bool]


def version_family(f: PairFacts) -> bool:
    """Versions of one work that merge without a person: their own years, DOIs and authors."""
    return f.family


# Author lists that disagree.


def other_authors_outweighed(f: PairFacts) -> bool:
    """Other authors, outweighed by one identifier, title and place, or one title in one issue."""
    if f.authors is not CONFLICT:
        return False
    # Garbled author strings (given and family names swapped) are common; an identifier, the
    # title and the location together outweigh them.
    e = f.e
    title = e.title or 0
    vouched = f.same_id and title >= SAME_TITLE and f.venue + f.abstract >= 2
    # Or one title, in one issue at one place: a group author, or an author list in another
    # order of given and family names. A whole page range shared allows the title a typo.
    ranged = e.last_page is AGREE and (_long_range(f.p) or _long_range(f.q))
    placed = (
        e.year_gap == 0
        and f.venue == 3
        and (title >= EXACT_TITLE or (ranged and title >= SAME_TITLE))
    )
    return vouched or placed


def other_authors_one_id_or_title(f: PairFacts) -> bool:
    """Other authors under one identifier or one title: a person decides."""
    return f.authors is CONFLICT and (f.same_id or (f.e.title or 0) >= SAME_TITLE)


def other_authors(f: PairFacts) -> bool:
    """Other authors, and nothing else to go on."""
    return f.authors is CONFLICT


# One full page range in one volume of one journal, by the same authors in the same year.


def one_place_any_title(f: PairFacts) -> bool:
    """One place by one team in one year is one article under a translated or relabelled title."""
    title = _title_in_one_place(f)
    if title is None:
        return False
    p, q, e = f.p, f.q, f.e
    # A shared DOI outweighs the title too. (Not for meeting abstracts: a supplement's
    # abstracts may share its DOI and range.)
    translated = e.doi is AGREE and title >= UNLIKE_TITLE and "conference" not in (p.form, q.form)
    return title >= TRANSLATED_TITLE or translated or (e.team and series_label(p, q))


def one_place_unlike_title(f: PairFacts) -> bool:
    """One place by one team in one year under a title only somewhat alike: a person decides."""
    title = _title_in_one_place(f)
    return title is not None and title >= UNLIKE_TITLE


def one_place(f: PairFacts) -> bool:
    """One place by one team in one year under another title."""
    return _title_in_one_place(f) is not None


# No title to compare.


def untitled_one_id_or_place(f: PairFacts) -> bool:
    """No title to compare, but one identifier, or one volume and page by one team in one year."""
    e = f.e
    located = e.volume is AGREE and e.pages is AGREE and f.authors is AGREE and e.year_gap == 0
    return e.title is None and (f.same_id or located)


def untitled(f: PairFacts) -> bool:
    """No title to compare, and nothing else to go on."""
    return f.e.title is None


# Titles that are the same or similar (the pair's authors do not conflict from here on).


def same_title_confirmed(f: PairFacts) -> bool:
    """The same title, confirmed by an identifier, the place or abstract, or a long exact title."""
    p, q, e = f.p, f.q, f.e
    if e.title is None or e.title < SAME_TITLE:
        return False
    # A long title spelt the same, by the same several people, in the same year, is one work
    # even where the venue names cannot be compared ("AMCIS 2017 Proceedings").
    specific = (
        e.title >= EXACT_TITLE
        and min(len(p.title.compact), len(q.title.compact)) >= LONG_TITLE
        and e.year_gap == 0
        and (e.author_overlap or 0) >= AUTHORS_ALL
        and min(len(p.authors.names), len(q.authors.names)) >= 2
    )
    short = min(len(p.title.compact), len(q.title.compact)) < SHORT_TITLE
    return f.same_id or specific or (f.venue + f.abstract >= (2 if short else 1))


def same_title(f: PairFacts) -> bool:
    """The same title alone: a person decides."""
    return f.e.title is not None and f.e.title >= SAME_TITLE


def similar_title_one_id(f: PairFacts) -> bool:
    """A similar title under one identifier."""
    return f.same_id and f.e.title is not None and f.e.title >= SIMILAR_TITLE


def similar_title_in_one_place(f: PairFacts) -> bool:
    """A similar title by the same authors, in the same year, journal, volume and pages."""
    e = f.e
    similar = e.title is not None and e.title >= SIMILAR_TITLE
    return similar and f.authors is AGREE and e.year_gap == 0 and f.venue == 3


def similar_title_supported(f: PairFacts) -> bool:
    """A similar title with the same authors, two fields of the place, or one identifier."""
    similar = f.e.title is not None and f.e.title >= SIMILAR_TITLE
    return similar and (f.authors is AGREE or f.venue >= 2 or f.same_id)


def retitled_identified_version(f: PairFacts) -> bool:
    """Versions linked by an identifier under a reworded title and a changed team."""
    # The review may have changed its question: a person decides.
    e = f.e
    reworded = e.title is not None and e.title >= UNLIKE_TITLE
    return e.version in IDENTIFIED_VERSIONS and e.journal is AGREE and reworded


LEVELS: tuple[tuple[Outcome, Rule], ...] = (
    (Outcome.DUPLICATE, version_family),
    (Outcome.DUPLICATE, other_authors_outweighed),
    (Outcome.POSSIBLE, other_authors_one_id_or_title),
    (Outcome.DISTINCT, other_authors),
    (Outcome.DUPLICATE, one_place_any_title),
    (Outcome.POSSIBLE, one_place_unlike_title),
    (Outcome.DISTINCT, one_place),
    (Outcome.POSSIBLE, untitled_one_id_or_place),
    (Outcome.DISTINCT, untitled),
    (Outcome.DUPLICATE, same_title_confirmed),
    (Outcome.POSSIBLE, same_title),
    (Outcome.DUPLICATE, similar_title_one_id),
    (Outcome.DUPLICATE, similar_title_in_one_place),
    (Outcome.POSSIBLE, similar_title_supported),
    (Outcome.POSSIBLE, retitled_identified_version),
)
UNMATCHED = Outcome.DISTINCT  # no rule applies


def level(f: PairFacts) -> Outcome:
    """The outcome the agreements alone give, before vetoes: the first of LEVELS that applies."""
    for outcome, rule in LEVELS:
        if rule(f):
            return outcome
    return UNMATCHED


def series_label(p: Profile, q: Profile) -> bool:
    """Whether one title is only the opening words of the other: a series label."""
    a, b = sorted((p.title.text, q.title.text), key=len)
    return bool(a) and b.startswith(a + " ")


def _title_in_one_place(f: PairFacts) -> float | None:
    """The title similarity of a pair in one page range of one journal by one team, else None."""
    e = f.e
    placed = e.pages is AGREE and e.last_page is AGREE and e.volume is AGREE
    if placed and e.journal is AGREE and f.authors is AGREE and e.year_gap == 0:
        return e.title
    return None


def _long_range(x: Profile) -> bool:
    """Whether the record runs over LONG_RANGE pages or more: an article, not a letter."""
    # A one- or two-page letter or abstract may share its range with a neighbour.
    span = page_span(x)
    return span is not None and span + 1 >= LONG_RANGE
