"""Author surnames for matching, from every form the databases export.

The same list arrives as "Zhai, Q. J. and Yue, X. Y.", as one unseparated string
"Adeli K.Lewis G. F.", with full given names run together ("Lencz ToddSzeszko Philip R."), in
capitals, with particles ("de Cordoba, S. R.") and initials in any style. Matching needs only
two things that survive all of them: the first author's surname and the set of name words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from screener.dedupe.text import plain

# Particles and filler that are not a surname on their own.
PARTICLES: frozenset[str] = frozenset(
    "de del della der di da dos du la le van von den ten ter el al bin ibn st et and jr sr "  # noqa: SIM905
    "mc mac".split()
)
# One person's name recurs across the exports of a search (every duplicate repeats its list):
# each distinct author string and name is read once.
NAME_CACHE = 65536
# Below this overlap, look for surnames among the other list's given names too.
SWAPPED_CHECK = 0.5
# Separators between people inside one author string.
_PEOPLE = re.compile(r"\s+and\s+|\s*;\s*|\s*\|\s*", re.IGNORECASE)
# A period or an initial's end directly followed by the next surname: "K.Lewis", "R.Laplante".
_RUN_TOGETHER = re.compile(r"(?<=\.)(?=[A-Z][a-z])")
# A lower-case letter directly followed by a capitalised word: "ToddSzeszko", "McDonald", or
# a surname run into its initials: "LinC. H.", "RhodesC", or initials into the next surname:
# "Strohmenger LBrambilla E", "Greer JJAllan DW".
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z]{2})(?=[A-Z](?:\.|\s|$))|(?<=\b[A-Z])(?=[A-Z][a-z]{2})"
    # Two or three initials run into the next surname: "Greer JJAllan DWBabiuk RPLemke".
    r"|(?<=\b[A-Z]{2})(?=[A-Z][a-z]{2})|(?<=\b[A-Z]{3})(?=[A-Z][a-z]{2})"
)
_WORDS = re.compile(r"[a-z0-9]+")
# "et al." and "and others" stand for people a database left out, not for one more person.
_NOBODY = re.compile(r"^\W*(?:et\.?\s*al|others)\W*$", re.IGNORECASE)
# Initials: "J.", "JM", "J.-M.", "A.R.P.M." (upper case, at most three letters).
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")


@dataclass(frozen=True, slots=True)
class AuthorKey:
    """The parts of an author list the matcher compares."""

    first: str  # first author's surname word, folded ("" when unknown)
    names: frozenset[str]  # every surname word (and given-name word where inseparable)
    count: int  # people counted in the list
    # Every name word, given names included: lists exported with family and given names
    # swapped ("Ching-yi, Wu") still share these with a list in the right order.
    words: frozenset[str] = frozenset()


def _people(authors: tuple[str, ...]) -> list[str]:
    people: list[str] = []
    for raw in authors:
        people.extend(_split_people(raw))
    return people


@lru_cache(maxsize=NAME_CACHE)
def _split_people(raw: str) -> tuple[str, ...]:
    parts = (p for part in _PEOPLE.split(plain(raw)) for p in _RUN_TOGETHER.split(part))
    return tuple(p for p in parts if p.strip() and not _NOBODY.match(p))


@lru_cache(maxsize=NAME_CACHE)
def _name_words(person: str) -> tuple[str, ...]:
    """Folded surname words of one person, initials dropped, family part preferred."""
    shouting = person.isupper()
    family, comma, _given = person.partition(",")
    words = family.split()
    if not comma and len(words) > 1:
        # "Smith JM" / "SMITH J" / "Kohen Avramoglu R.": initials end the surname.
        kept = [words[0]]
        for word in words[1:]:
            if _INITIALS.match(word) or (shouting and len(word.strip(".")) <= 2):
                break
            kept.append(word)
        words = kept
    if len(words) > 1 and not shouting:
        words = [w for w in words if not _INITIALS.match(w)]
    words = _CAMEL.sub(" ", " ".join(words)).split()
    if len(words) > 1 and not shouting:
        # Initials a database ran into the next surname, once split off: "JJ" of "JJAllan".
        words = [w for w in words if not _INITIALS.match(w)]
    return tuple(w for w in _WORDS.findall(" ".join(words).lower()) if len(w) > 1)


def author_key(authors: tuple[str, ...]) -> AuthorKey:
    """First-author surname and surname words of an author list in any export form."""
    people = _people(authors)
    first = ""
    names: set[str] = set()
    for index, person in enumerate(people):
        words = _name_words(person)
        if index == 0:
            first = next((w for w in words if w not in PARTICLES), words[0] if words else "")
        names.update(w for w in words if w not in PARTICLES)
    every = {w for w in _WORDS.findall(_CAMEL.sub(" ", " ".join(people)).lower()) if len(w) > 1}
    return AuthorKey(first, frozenset(names), len(people), frozenset(every - PARTICLES))


def name_overlap(a: AuthorKey, b: AuthorKey) -> float | None:
    """Share of the shorter list's surname words found in the other list; None when either is
    empty. Containment, not Jaccard, because one database may truncate the list or keep given
    names that another reduces to initials."""
    if not a.names or not b.names:
        return None
    shared = len(a.names & b.names) / min(len(a.names), len(b.names))
    if shared >= SWAPPED_CHECK:
        return shared
    # Family names of each list found among all the name words of the other.
    swapped = max(len(a.names & b.words) / len(a.names), len(b.names & a.words) / len(b.names))
    return max(shared, swapped)
