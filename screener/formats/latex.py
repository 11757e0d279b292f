"""LaTeX in BibTeX values: decoding accents, escapes and symbols to Unicode, and escaping
text so that decoding gives it back.

`encode_latex` escapes exactly the characters `decode_latex` would otherwise consume, so
that BibTeX written by screener reads back unchanged.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata

# BibTeX fields holding no LaTeX (addresses, identifiers): neither decoded nor escaped.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw"})

# LaTeX accent commands -> Unicode combining marks.
ACCENTS: dict[str, str] = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
    "t": "\u0361",
}
# LaTeX commands that stand for one character; unknown commands are dropped, their argument kept.
SYMBOLS: dict[str, str] = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textendash": "–",
    "textemdash": "—",
    "textregistered": "®",
    "texttrademark": "™",
    "copyright": "©",
    "textdegree": "°",
    "ldots": "…",
    "dots": "…",
    "pm": "±",
    "times": "×",
    "leq": "≤",
    "geq": "≥",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "tau": "τ",
    "chi": "χ",
    "omega": "ω",
    "Delta": "Δ",
    "Omega": "Ω",
}
# Characters the writer escapes; the reader's decoding undoes exactly these.
ESCAPES: dict[int, str] = {
    ord("\\"): r"\textbackslash{}",
    ord("{"): r"\textbraceleft{}",
    ord("}"): r"\textbraceright{}",
    ord("~"): r"\textasciitilde{}",
    ord("^"): r"\textasciicircum{}",
    ord("&"): r"\&",
    ord("%"): r"\%",
    ord("$"): r"\$",
    ord("#"): r"\#",
    ord("_"): r"\_",
}

_LATEX = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{([^{}\\]?|\\[ij])\}|([A-Za-z]|\\[ij](?![A-Za-z])))"
    r"|\\([uvHckrdbt])(?:\s*\{([^{}\\]?|\\[ij])\}|\s+([A-Za-z]))"
    r"|\\([A-Za-z]+)\s*"
    r"|\\(.)"
    r"|([{}~$])",
    re.DOTALL,
)


# An HTML entity as vendors leave them in BibTeX values ("&amp;", "&#169;", "&#x2013;"), not
# after a backslash: `\&` is LaTeX's ampersand, which the writer puts before every "&".
_ENTITY = re.compile(r"(?<!\\)&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """The text with its HTML entities as the characters they stand for."""
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    entity = match.group(0)
    # A name HTML does not know stays: unescape would read a known name at its start
    # ("&notation;" as "¬ation;"), as browsers read old pages written without the ";".
    if entity[1] != "#" and entity[1:] not in html.entities.html5:
        return entity
    return html.unescape(entity)


def decode_latex(text: str) -> str:
    """Plain Unicode text from a BibTeX value: accents, escapes and symbols decoded,
    protective braces and math dollars removed."""
    return _LATEX.sub(_decode_match, text)


def encode_latex(text: str) -> str:
    """Text escaped for a braced BibTeX value; `decode_latex` gives it back unchanged."""
    return text.translate(ESCAPES)


def _decode_match(match: re.Match[str]) -> str:
    (sym_accent, sym_braced, sym_bare, let_accent, let_braced, let_bare, command, escaped, char) = (
        match.groups()
    )
    if sym_accent is not None or let_accent is not None:
        accent = sym_accent or let_accent
        base = sym_braced if sym_braced is not None else sym_bare
        if base is None:
            base = let_braced if let_braced is not None else let_bare
        if base in (r"\i", r"\j"):
            base = base[1]
        if not base:
            # `\~{}` and `\^{}` are how LaTeX spells the bare characters.
            return accent if sym_accent else ""
        return unicodedata.normalize("NFC", base + ACCENTS[accent])
    if command is not None:
        return SYMBOLS.get(command, "")
    if escaped is not None:
        return " " if escaped in "\\,;! \n" else escaped
    return " " if char == "~" else ""
