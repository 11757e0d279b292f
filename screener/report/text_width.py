"""How wide a line of text will be, estimated without a font, and wrapping by that estimate.

An SVG carries its text as text, so the reader's browser picks the font from a generic stack
("Helvetica, Arial, sans-serif"): the widths below are Helvetica's published advance widths
(Arial and Liberation Sans share them), and `SAFETY` leaves room for a wider fallback such as
DejaVu Sans. Characters outside the table count as an average Latin letter, East Asian wide
ones as a full em.
"""

from __future__ import annotations

import unicodedata

# Advance widths in em of Helvetica (Adobe's core font metrics), by character.
_WIDTHS: dict[str, float] = {
    " ": 0.278, "!": 0.278, '"': 0.355, "#": 0.556, "$": 0.556, "%": 0.889, "&": 0.667,
    "'": 0.191, "(": 0.333, ")": 0.333, "*": 0.389, "+": 0.584, ",": 0.278, "-": 0.333,
    ".": 0.278, "/": 0.278, ":": 0.278, ";": 0.278, "<": 0.584, "=": 0.584, ">": 0.584,
    "?": 0.556, "@": 1.015, "[": 0.278, "\\": 0.278, "]": 0.278, "^": 0.469, "_": 0.556,
    "`": 0.333, "{": 0.334, "|": 0.260, "}": 0.334, "~": 0.584,
    "A": 0.667, "B": 0.667, "C": 0.722, "D": 0.722, "E": 0.667, "F": 0.611, "G": 0.778,
    "H": 0.722, "I": 0.278, "J": 0.500, "K": 0.667, "L": 0.556, "M": 0.833, "N": 0.722,
    "O": 0.778, "P": 0.667, "Q": 0.778, "R": 0.722, "S": 0.667, "T": 0.611, "U": 0.722,
    "V": 0.667, "W": 0.944, "X": 0.667, "Y": 0.667, "Z": 0.611,
    "a": 0.556, "b": 0.556, "c": 0.500, "d": 0.556, "e": 0.556, "f": 0.278, "g": 0.556,
    "h": 0.556, "i": 0.222, "j": 0.222, "k": 0.500, "l": 0.222, "m": 0.833, "n": 0.556,
    "o": 0.556, "p": 0.556, "q": 0.556, "r": 0.333, "s": 0.500, "t": 0.278, "u": 0.556,
    "v": 0.500, "w": 0.722, "x": 0.500, "y": 0.500, "z": 0.500,
    "–": 0.556, "—": 1.000, "…": 1.000, "’": 0.222, "‘": 0.222, "“": 0.333, "”": 0.333,
}  # fmt: skip
_DIGIT = 0.556
_OTHER = 0.6  # an accented or non-Latin letter: about an average capital
_WIDE = 1.0  # CJK and other East Asian wide characters fill the em square
# The fallback fonts a browser may pick (DejaVu Sans above all) run up to ~10% wider.
SAFETY = 1.1


def text_width(text: str, size: float) -> float:
    """The estimated width of `text` at font size `size`, in the same units, with SAFETY."""
    return sum(_char_width(char) for char in text) * size * SAFETY


def _char_width(char: str) -> float:
    known = _WIDTHS.get(char)
    if known is not None:
        return known
    if char.isdigit():
        return _DIGIT
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE
    base = unicodedata.normalize("NFD", char)[:1]  # é is as wide as e
    return _WIDTHS.get(base, _OTHER)


def wrap(text: str, width: float, size: float, *, first_width: float | None = None) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (the first line no wider than
    `first_width` when given); a word longer than a whole line is cut where it must be."""
    lines: list[str] = []
    current = ""
    limit = width if first_width is None else first_width
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
            limit = width
        current = word
        while text_width(current, size) > limit:
            head, current = _cut(current, limit, size)
            lines.append(head)
            limit = width
    if current or not lines:
        lines.append(current)
    return lines


def _cut(word: str, limit: float, size: float) -> tuple[str, str]:
    """The longest head of `word` (at least one character) that fits in `limit`, and the rest."""
    end = 1
    while end < len(word) and text_width(word[: end + 1], size) <= limit:
        end += 1
    return word[:end], word[end:]
