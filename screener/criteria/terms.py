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
from collections.abc import Callable, Iterable
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

    def needle(self) -> str | None:
        """A needle (see `SearchTerm.needles`) that occurs wherever the word does: the
        prefix up to any wildcard, even of a whole word, as one that ends in a space makes
        `in` stop at every space and scan markedly slower."""
        literal = re.split(r"[*?]", self.text, maxsplit=1)[0]
        return f" {literal}" if literal else None

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


def _first_word_needles(alternatives: tuple[tuple[Word, ...], ...]) -> tuple[str, ...] | None:
    # Every occurrence of an alternative starts with its first word.
    needles = [alt[0].needle() for alt in alternatives]
    if None in needles:
        return None
    return tuple(dict.fromkeys(n for n in needles if n is not None))


def needle_spans(norm: str, needles: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(start, end, segment) of each word of `norm` (made by `tokens.normalize`) that one of
    the needles stands for (see `SearchTerm`), in text order; see `SearchTerm.spans_in`."""
    return _segmented(norm, _word_spans(norm, needles))


def _word_spans(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` that a needle stands for, in order: from the
    space before the word to its end. Words end at " " or "\n", as in normalised text."""
    spans: dict[int, int] = {}
    segmented = "\n" in text
    for needle in needles:
        whole = needle.endswith(" ")
        # The space after a whole word is only looked at, so adjacent words are both found.
        head = needle[:-1] if whole else needle
        at = text.find(head)
        while at >= 0:
            end = at + len(head)
            if not whole:
                end = _word_end(text, end, segmented)
            elif end < len(text) and not text[end].isspace():
                end = -1
            if end >= 0:
                spans.setdefault(at, end)
            at = text.find(head, at + len(head))
    return sorted(spans.items()) if len(needles) > 1 else list(spans.items())


def _word_end(text: str, at: int, segmented: bool) -> int:
    """Where the word going on at `at` ends; -1 when no space follows it."""
    end = text.find(" ", at)
    if not segmented:
        return end
    newline = text.find("\n", at, len(text) if end < 0 else end)
    return newline if newline >= 0 else end


def _segmented(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, segment) for (start, end) in order; segments are counted from one
    occurrence to the next, so that the text is read once."""
    if "\n" not in text:
        return [(start, end, 0) for start, end in spans]
    found = []
    segment = previous = 0
    for start, end in spans:
        segment += text.count("\n", previous, start)
        previous = start
        found.append((start, end, segment))
    return found


class SearchTerm:
    """A term or phrase as alternative sequences of words (see the module docstring).

    `search(norm)` tells whether it occurs in a string made by `tokens.normalize`, and
    `spans_in(norm)` where; `ranges(seq)` lists the (first, last) word slots of every
    occurrence in a `TokenSeq`.

    Needles are substrings of normalised text that stand for a whole word (" child ") or a
    word prefix (" child"). `substrings` are needles whose presence is the term's presence,
    when it is made of plain words and prefixes alone (else None); `needles` are needles one
    of which is present wherever the term is (None when there are none to offer, as for
    `?rgan`), so that a scan for them can rule a term out before its regex runs.
    """

    __slots__ = (
        "_positional",
        "_spaced",
        "alternatives",
        "needles",
        "search",
        "substrings",
        "text",
    )

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
        # Compiled on first use: for TokenSeq words, and for words of normalised text.
        self._positional: re.Pattern[str] | None = None
        self._spaced: re.Pattern[str] | None = None
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
        self.needles: tuple[str, ...] | None = self.substrings or _first_word_needles(
            self.alternatives
        )
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
        # Spaces and newlines are counted on from the previous match, not from the start:
        # counting from the start for each match is quadratic on a long abstract.
        first = segment = counted_to = 0
        for m in self._positional.finditer(text):
            at = m.start()
            first += text.count(" ", counted_to, at)
            if segmented:
                segment += text.count("\n", counted_to, at)
            counted_to = at
            found.append((first, first + m.group().count(" ") - 1, segment))
        return found

    def spans_in(self, norm: str) -> list[tuple[int, int, int]]:
        """(start, end, segment) of each occurrence in `norm`, made by `tokens.normalize`:
        from the space before its first word to the end of its last, in text order."""
        if self.substrings is not None:
            return needle_spans(norm, self.substrings)
        if self._spaced is None:
            # As `_positional`, but punctuation leaves several spaces between words.
            words = (" +".join(w.regex(gap=r"\s") for w in alt) for alt in self.alternatives)
            self._spaced = re.compile(f" (?:{'|'.join(words)})(?=\\s)")
        return _segmented(norm, (m.span() for m in self._spaced.finditer(norm)))

    def ranges(self, seq: TokenSeq) -> list[tuple[int, int]]:
        """(first, last) word slots of each occurrence in `seq`, in text order."""
        return [(first, last) for first, last, _ in self.occurrences(seq)]

    def __repr__(self) -> str:
        return f"SearchTerm({self.text!r})"
