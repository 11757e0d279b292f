"""Folding and tokenising text, the same way for rules, queries and highlights.

Text is compared folded: casefolded, decomposed (NFKD) and stripped of combining marks, so
"Émigré", "EMIGRE" and "emigre" are one word, and the ligature "ﬁ" is "fi".

Words are runs of letters and digits; every other character separates words. Two decisions
that reviewers notice:

- Hyphens separate: "self-generated" is the two words "self generated". (A query term written
  with a hyphen also matches the joined word "selfgenerated"; see `terms`.)
- Apostrophes join: a possessive "'s" is dropped ("offender's" is "offender", "offenders'" is
  "offenders") and any other apostrophe vanishes ("O'Brien" is "obrien"). Straight and curly
  apostrophes are the same.

Two views of a field come out of this module. `normalize` gives a padded string of folded
words (" online child abuse ") in which a word is found by substring search: the fast path of
rule evaluation, NEAR/n included (it counts the words between two offsets). `TokenSeq` lists
the words with their positions and their spans in the original text: for explanations and
highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

APOSTROPHES = "'\u2018\u2019\u02bc\u2032"  # ' ‘ ’ ʼ ′

_CURLY = str.maketrans({c: "'" for c in APOSTROPHES[1:]})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_POSSESSIVE = re.compile(r"'s\b")
_POSSESSIVE_ANY_CASE = re.compile(r"'[sS]\b")  # for ASCII text not yet lower-cased
# Every ASCII character that is not a letter or digit becomes a space, and capitals become
# small letters: lower-casing in the same pass saves one (bytes.translate is several times
# faster than str.translate, and most abstracts are ASCII).
_ASCII_TABLE = bytes(ord(chr(c).lower()) if chr(c).isalnum() else 0x20 for c in range(128)) + bytes(
    range(128, 256)
)
_ASCII_TABLE_NL = _ASCII_TABLE[:10] + b"\n" + _ASCII_TABLE[11:]
_MARKS = "\u0300-\u036f"
_WORD = rf"(?:[^\W_]|[{_MARKS}])+"
_TOKEN = re.compile(rf"{_WORD}(?:[{APOSTROPHES}]{_WORD})*")


class _Separators(dict[int, int]):
    """A str.translate table: any character that is not a letter or digit becomes a space."""

    def __init__(self, keep: str) -> None:
        super().__init__()
        self._keep = {ord(c) for c in keep}

    def __missing__(self, code: int) -> int:
        char = chr(code)
        value = code if char.isalnum() or code in self._keep else 0x20
        self[code] = value
        return value


_UNICODE_TABLE = _Separators(keep="")
_UNICODE_TABLE_NL = _Separators(keep="\n")


def fold(text: str) -> str:
    """`text` casefolded and without accents or other combining marks; punctuation kept."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text).translate(_CURLY)


def fold_word(token: str) -> str:
    """One word as it is compared: folded, possessive dropped, apostrophes removed."""
    word = fold(token)
    if "'" in word:
        word = _POSSESSIVE.sub("", word).replace("'", "")
    return word


def normalize(text: str, *, keep_newlines: bool = False) -> str:
    """The folded words of `text` between spaces, padded: " online child abuse ".

    Punctuation becomes spaces, so words may be separated by several spaces. A word `w` is
    in the text exactly when " w " is a substring. With `keep_newlines`, newlines stay and
    mark segment boundaries that phrases do not cross.
    """
    if not text:
        return ""
    if text.isascii():
        if "'" in text:
            text = _POSSESSIVE_ANY_CASE.sub("", text).replace("'", "")
        ascii_table = _ASCII_TABLE_NL if keep_newlines else _ASCII_TABLE
        return f" {text.encode('ascii').translate(ascii_table).decode('ascii')} "
    text = fold(text)
    if "'" in text:
        text = _POSSESSIVE.sub("", text).replace("'", "")
    table = _UNICODE_TABLE_NL if keep_newlines else _UNICODE_TABLE
    return " " + text.translate(table) + " "


def normalize_segments(values: Iterable[str]) -> str:
    """Several values (keywords) as one normalised string, one segment per value.

    A line break inside a value separates like two values do.
    """
    # Spaces around every break: words are found between spaces, a break included.
    return normalize(" \n ".join(values).replace("\n", " \n "), keep_newlines=True)


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, folded word), offsets into `text` itself."""
    if text.isascii():
        # ASCII lower-casing keeps every offset, so one pass over the whole text suffices.
        lowered = text.lower()
        spans = []
        for m in _TOKEN.finditer(lowered):
            word = m.group()
            if "'" in word:
                word = _POSSESSIVE.sub("", word).replace("'", "")
            spans.append((m.start(), m.end(), word))
        return spans
    spans = []
    for m in _TOKEN.finditer(text):
        # Folding can bring in separators ("½" -> "1⁄2"): split as `normalize` does.
        for word in fold_word(m.group()).translate(_UNICODE_TABLE).split():
            spans.append((m.start(), m.end(), word))
    return spans


class TokenSeq:
    """The words of one field as one string of single-spaced words: " w0 w1 \n w2 ".

    Segments (keywords) are separated by a "\n" that takes a word slot, so that neither a
    phrase nor NEAR/n joins words of two keywords. The slot of the word that follows the
    space at offset k is `text.count(" ", 0, k)`: positions come from C-speed string
    methods, with no Python loop over the words. `spans[slot]` is (start, end) in the
    original text when the sequence was built from it (None for a "\n" slot).
    """

    __slots__ = ("spans", "text")

    def __init__(self, text: str, spans: list[tuple[int, int] | None] | None = None) -> None:
        self.text = text
        self.spans = spans

    @classmethod
    def from_text(cls, segments: Sequence[tuple[int, str]]) -> TokenSeq:
        """Words of original texts; each segment is (offset of the text, text)."""
        words: list[str] = []
        spans: list[tuple[int, int] | None] = []
        for segment_no, (offset, text) in enumerate(segments):
            if segment_no:
                words.append("\n")
                spans.append(None)
            for start, end, word in token_spans(text):
                words.append(word)
                spans.append((offset + start, offset + end))
        return cls(" " + " ".join(words) + " ", spans)

    def slot(self, offset: int) -> int:
        """The word slot that follows the space at `offset`."""
        return self.text.count(" ", 0, offset)

    def segment(self, offset: int) -> int:
        """The segment (keyword) number at `offset`."""
        return self.text.count("\n", 0, offset)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """(start, end) in the original text of word slots first..last."""
        assert self.spans is not None, "built from normalised text, which has no spans"
        start, end = self.spans[first], self.spans[last]
        assert start is not None and end is not None
        return start[0], end[1]
