"""Search terms and phrases, compiled for both fast lookup and locating matches.

A term is what a query or a highlight list names: `child`, `child*`, `organi?ation`,
`self-generated`, or a phrase `"social media"`. It is folded like text (see `tokens`) and
split into words. Wildcards: `*` ends a word and stands for any letters or digits (`child*`:
child, children, childhood); `?` stands for exactly one (`organi?ation`). A term written with
hyphens or other punctuation is a phrase of its words, and also matches the words written
together: `self-generated` matches "self-generated", "self generated" and "selfgenerated"
(but `selfgenerated` matches only the joined form). In a phrase, punctuation between words
does not matter ("social, media" matches "social media").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from screener.criteria.tokens import TokenSeq, fold_word

WILDCARDS = "*?"
_SPLIT = re.compile(r"[^\w*?]+|_+")


class TermError(ValueError):
    """A term that cannot be searched for, such as `*` alone or `ch*ild`."""


@dataclass(frozen=True, slots=True)
class Word:
    """One folded word of a term, possibly with wildcards."""

    text: str

    @property
    def is_exact(self) -> bool:
        return not any(c in self.text for c in WILDCARDS)

    @property
    def is_prefix(self) -> bool:
        return self.text.endswith("*") and not any(c in self.text[:-1] for c in WILDCARDS)

    def regex(self, gap: str) -> str:
        """A regular expression for the word; `gap` is what a wildcard may not cross."""
        parts = []
        for char in self.text:
            if char == "*":
                parts.append(f"[^{gap}]*")
            elif char == "?":
                parts.append(f"[^{gap}]")
            else:
                parts.append(re.escape(char))
        return "".join(parts)


def _words(chunk: str) -> list[str]:
    folded = fold_word(chunk.replace("*", "\0").replace("?", "\1"))
    folded = folded.replace("\0", "*").replace("\1", "?")
    return [w for w in _SPLIT.split(folded) if w]


def _check_word(word: str, written: str) -> None:
    if not any(c.isalnum() for c in word):
        raise TermError(f"'{written}' has no letters or digits to search for")
    if "*" in word[:-1]:
        raise TermError(f"'*' may only end a word, as in 'child*' (in '{written}')")


def _contains(sub: str) -> Callable[[str], bool]:
    return lambda norm: sub in norm


def _any_of(tests: list[Callable[[str], bool]]) -> Callable[[str], bool]:
    return lambda norm: any(test(norm) for test in tests)


class SearchTerm:
    """A term or phrase as alternative sequences of words (see the module docstring).

    `search(norm)` tells whether it occurs in a string made by `tokens.normalize`;
    `ranges(seq)` lists the (first, last) word slots of every occurrence in a `TokenSeq`.
    """

    __slots__ = ("_positional", "alternatives", "search", "substrings", "text")

    def __init__(self, text: str, *, phrase: bool = False) -> None:
        self.text = text
        chunks = text.split() if phrase else [text]
        if not chunks:
            raise TermError("empty phrase")
        options: list[list[tuple[str, ...]]] = []
        for chunk in chunks:
            words = _words(chunk)
            if not words:
                raise TermError(f"'{chunk}' has no letters or digits to search for")
            for word in words:
                _check_word(word, chunk)
            chunk_options = [tuple(words)]
            joined = "".join(words)
            if len(words) > 1 and "*" not in joined[:-1]:
                chunk_options.append((joined,))
            options.append(chunk_options)
        self.alternatives: tuple[tuple[Word, ...], ...] = tuple(
            tuple(Word(w) for w in itertools.chain.from_iterable(combo))
            for combo in itertools.product(*options)
        )
        self._positional: re.Pattern[str] | None = None  # compiled on first use
        # Plain words and prefixes are found by substring search; the rest by regex.
        substrings: list[str] = []
        tests: list[Callable[[str], bool]] = []
        for alt in self.alternatives:
            if len(alt) == 1 and alt[0].is_exact:
                substrings.append(f" {alt[0].text} ")
            elif len(alt) == 1 and alt[0].is_prefix:
                substrings.append(f" {alt[0].text[:-1]}")
            else:
                pattern = " " + " +".join(w.regex(gap=r"\s") for w in alt) + " "
                tests.append(re.compile(pattern).search)  # type: ignore[arg-type]
        self.substrings: tuple[str, ...] | None = tuple(substrings) if not tests else None
        tests = [*(_contains(sub) for sub in substrings), *tests]
        self.search: Callable[[str], bool] = tests[0] if len(tests) == 1 else _any_of(tests)

    def occurrences(self, seq: TokenSeq) -> list[tuple[int, int, int]]:
        """(first word slot, last word slot, segment) of each occurrence in `seq`."""
        found = []
        text = seq.text
        segmented = "\n" in text
        if self._positional is None:
            # The trailing space is only looked at, so that adjacent occurrences are found.
            words = (" ".join(w.regex(gap=r"\s") for w in alt) for alt in self.alternatives)
            self._positional = re.compile(f" (?:{'|'.join(words)})(?=\\s)")
        for m in self._positional.finditer(text):
            at = m.start()
            first = text.count(" ", 0, at)
            segment = text.count("\n", 0, at) if segmented else 0
            found.append((first, first + m.group().count(" ") - 1, segment))
        return found

    def ranges(self, seq: TokenSeq) -> list[tuple[int, int]]:
        """(first, last) word slots of each occurrence in `seq`, in text order."""
        return [(first, last) for first, last, _ in self.occurrences(seq)]

    def __repr__(self) -> str:
        return f"SearchTerm({self.text!r})"
