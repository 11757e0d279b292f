"""Meetings named where a journal would be (a BibTeX `booktitle`): the series a paper was
presented at, whatever form its proceedings' name takes.

One meeting's proceedings are named many ways: by ordinal and year ("25th Americas Conference
on Information Systems"), by acronym and the year's theme ("ICIS: Transforming Society with
Digital Innovation"), as "Proceedings of the ...", with the place after a comma, the acronym in
brackets. What survives every form is the series: its name or its acronym. Ordinals and
years are kept apart from the name, so that two meetings of one series are still told apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from screener.dedupe.text import NUMBER_WORDS, fold, plain, roman_value
from screener.dedupe.venues import JOURNAL_CACHE, JOURNAL_STOPWORDS, journals_match

# Words that name no series: what every proceedings' name may add or leave out.
FILLER_WORDS: frozenset[str] = frozenset(["proceedings", "proc", "annual", "yearly", "edition"])
# A name made only of these words names no series ("Conference", "International Meeting").
GENERIC_WORDS: frozenset[str] = frozenset(
    ["conference", "meeting", "symposium", "congress", "workshop", "international", "papers"]
)
# An acronym takes at most this many letters from the start of each word ("AMCIS": "Am").
ACRONYM_LETTERS = 3
MIN_ACRONYM = 3
_TEENS = "eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
ORDINAL_WORDS: dict[str, int] = {
    **{w: int(n) for w, n in NUMBER_WORDS.items() if w.endswith(("st", "nd", "rd", "th"))},
    **{word: n for n, word in enumerate([*_TEENS.split(), "nineteenth"], 11)},
    **{f"{tens}ieth": 10 * n for n, tens in enumerate(["twent", "thirt", "fort", "fift"], 2)},
}
# "Twenty-fifth": the tens before an ordinal word.
TENS_WORDS: dict[str, int] = {
    tens: 10 * n for n, tens in enumerate(["twenty", "thirty", "forty", "fifty"], 2)
}
_YEAR = re.compile(r"(?:19|20)\d\d")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# Where a series name ends and a theme or other title information begins.
_PARTS = re.compile(r"\s*[:;]\s+|\s+[-\u2013\u2014]\s+|\s*/\s+")


@dataclass(frozen=True, slots=True)
class Meeting:
    """The series a meeting's name names, in every form found, and which meeting of it."""

    names: tuple[tuple[str, ...], ...]  # series names (journal-style keys) and acronyms
    year: int | None  # the year the name gives ("ICIS 2019")
    number: str  # the ordinal the name gives ("25th": "25"), else ""


def _numbers(words: list[str]) -> tuple[int | None, str]:
    """The year and the ordinal among a name's words."""
    year, number = None, ""
    for index, word in enumerate(words):
        if _YEAR.fullmatch(word):
            year = int(word)
        elif (ordinal := _ORDINAL.fullmatch(word)) is not None:
            number = ordinal.group(1)
        elif word in ORDINAL_WORDS:  # "first", "third", "twenty fifth"
            tens = TENS_WORDS.get(words[index - 1], 0) if index else 0
            number = str(tens + ORDINAL_WORDS[word])
        elif len(word) >= 2 and (value := roman_value(word)):
            number = str(value)  # "XXV Congress"
    return year, number


def _series(words: list[str]) -> tuple[str, ...]:
    """The words that name the series: no numbers, filler or stop words."""
    kept = tuple(
        w
        for w in words
        if not any(ch.isdigit() for ch in w)
        and w not in FILLER_WORDS
        and w not in ORDINAL_WORDS
        and w not in TENS_WORDS
        and w not in JOURNAL_STOPWORDS
        and not (len(w) >= 2 and roman_value(w))
    )
    return () if GENERIC_WORDS.issuperset(kept) else kept


@lru_cache(maxsize=JOURNAL_CACHE)
def meeting(name: str) -> Meeting:
    """The series, year and ordinal a meeting's name gives."""
    text = plain(name)
    bracketed = [a or b for a, b in _BRACKETED.findall(text)]
    parts = [*_PARTS.split(_BRACKETED.sub(" ", text)), *bracketed]
    names: list[tuple[str, ...]] = []
    year, number = None, ""
    for part in parts:
        # The place follows a comma: "ECIS 2019, Stockholm, Sweden".
        words = fold(part.split(",")[0]).split()
        found_year, found_number = _numbers(fold(part).split())
        year, number = year or found_year, number or found_number
        if (series := _series(words)) and series not in names:
            names.append(series)
    return Meeting(tuple(names), year, number)


def _acronym_of(acronym: str, words: tuple[str, ...]) -> bool:
    """Whether `acronym` is the opening letters of every word in order ("amcis": Americas
    Conference Information Systems), each word giving one to ACRONYM_LETTERS letters."""
    if not words:
        return not acronym
    word = words[0]
    for take in range(1, min(len(word), len(acronym), ACRONYM_LETTERS) + 1):
        if acronym[:take] != word[:take]:
            return False
        if _acronym_of(acronym[take:], words[1:]):
            return True
    return False


def _names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if journals_match(a, b):
        return True
    return any(
        len(short) == 1
        and len(short[0]) >= MIN_ACRONYM
        and len(long) >= 2
        and _acronym_of(short[0], long)
        for short, long in ((a, b), (b, a))
    )


def other_meetings(a: Meeting, b: Meeting) -> bool:
    """Whether the names tell two meetings apart: another year or ordinal named on both sides."""
    years = a.year is not None and b.year is not None and a.year != b.year
    return years or bool(a.number and b.number and a.number != b.number)


def one_series(a: Meeting, b: Meeting) -> bool:
    """Whether two meetings' names name one series and nothing in them tells the meetings
    apart."""
    if other_meetings(a, b):
        return False
    return any(_names_match(x, y) for x in a.names for y in b.names)
