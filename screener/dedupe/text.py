"""Text folding shared by every matching key: one spelling per word, whatever the export did."""

from __future__ import annotations

import html
import re
import unicodedata

# Letters that NFKD does not decompose into a base letter and a mark.
SPECIAL_LETTERS: dict[str, str] = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}

# Mojibake: UTF-8 bytes decoded as Latin-1 / Windows-1252 leave these lead characters behind.
MOJIBAKE_HINTS: tuple[str, ...] = ("Ã", "Â", "â€", "Å", "Ä")

NUMBER_WORDS: dict[str, str] = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
}

# Roman numerals of two letters or more are unambiguous in titles; a lone "i", "v" or "x" is
# read as a numeral only after a word that numbers things ("part I", "type V").
ROMAN_VALUES: dict[str, int] = {"i": 1, "v": 5, "x": 10}
NUMBERING_WORDS: frozenset[str] = frozenset(
    [
        "part",
        "phase",
        "type",
        "stage",
        "grade",
        "class",
        "section",
        "study",
        "trial",
        "series",
        "volume",
        "chapter",
        "no",
        "number",
        "report",
        "paper",
        "experiment",
    ]
)

_TAG = re.compile(r"<[^>]{0,40}>")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_LETTERS = frozenset("ivx")
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("KÃ¶nig" -> "König"); other text comes back unchanged."""
    if text.isascii() or not any(hint in text for hint in MOJIBAKE_HINTS):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def plain(text: str) -> str:
    """The text with mojibake repaired, entities and markup resolved and accents removed, case
    and punctuation kept ("KÃ¶nig, J.&amp;" -> "Konig, J. and ")."""
    text = repair_mojibake(text)
    if "&" in text:
        # "&amp;" and "&" are spelt "and" elsewhere: "Smoking & bone", "Smoking and bone".
        text = html.unescape(html.unescape(text)).replace("&", " and ")
    if "<" in text:
        text = _TAG.sub("", text)
    if not text.isascii():
        text = "".join(SPECIAL_LETTERS.get(ch.lower(), ch) for ch in text)
        # Accents go; other non-ASCII characters (dashes, Greek letters) separate words.
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces: accents, markup, entities and
    punctuation removed, so that exports of one record from different databases agree."""
    return _NON_WORD.sub(" ", plain(text).lower()).strip()


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral up to 39 ("xiv" -> 14), else None."""
    if not word or not _ROMAN_LETTERS.issuperset(word) or not _ROMAN.match(word):
        return None
    total, previous = 0, 0
    for ch in reversed(word):
        value = ROMAN_VALUES[ch]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def canonical_numbers(words: list[str]) -> list[str]:
    """Number words, ordinals and Roman numerals as digits: "part two" / "part II" -> "part 2"."""
    out: list[str] = []
    for index, word in enumerate(words):
        if word in NUMBER_WORDS:
            word = NUMBER_WORDS[word]
        elif word[-1] in "dht" and (ordinal := _ORDINAL.match(word)) is not None:
            word = ordinal.group(1)
        elif (len(word) >= 2 or (index and words[index - 1] in NUMBERING_WORDS)) and (
            value := roman_value(word)
        ):
            word = str(value)
        out.append(word)
    return out
