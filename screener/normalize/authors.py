"""Person names: splitting joined author strings and writing each name as "Family, Given".

`screener.normalize` re-exports `split_authors` and `normalize_author`.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Lower-case words that start a family name ("van der Berg", "de la Cruz").
_PARTICLE_WORDS = "da das de del della den der des di do dos du el la le lo ten ter van von zu y"
PARTICLES: frozenset[str] = frozenset(_PARTICLE_WORDS.split(" "))

# Always a suffix; "II" and "IV" only after a full given name ("IV" is also two initials).
_SUFFIXES: dict[str, str] = {
    "jr": "Jr.",
    "jr.": "Jr.",
    "sr": "Sr.",
    "sr.": "Sr.",
    "iii": "III",
    "2nd": "2nd",
    "3rd": "3rd",
    "4th": "4th",
}
_ROMAN_SUFFIXES = frozenset({"ii", "iv"})

# Transliterated initials written with two letters (Russian Kh., Zh., Sh., ...).
_DIGRAPH_INITIALS = frozenset({"Ch", "Kh", "Sh", "Th", "Zh"})

# Words that mark an organisation, left as written.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:organi[sz]ation|group|society|association|committee|council|institute|"
    r"university|universit[äé]|collaborat\w*|consortium|investigators|network|agency|"
    r"department|ministry|cent(?:er|re)|foundation|trust|board|commission|federation|"
    r"academy|college|team|program(?:me)?|initiative|panel|office|service|working|"
    r"alliance|corporation|inc|ltd|gmbh|writing|authors|study)\b",
    re.IGNORECASE,
)

_VOWELS = frozenset("AEIOUYaeiouy")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9]")
_STRAY_MARKS = re.compile(r"(?<![^ ,])[^\w\s,{}]+(?=[ ,]|$)")
# ";", a newline, or the word "and" standing alone (BibTeX).
_LIST_SEPARATOR = re.compile(r"\s*(?:[;\n]|(?<!\S)and(?!\S))\s*")
# Author lists glued without a space: "Adeli K.Lewis G. F." (Embase via Ovid CSV).
# A period after an initial, then a letter that starts a word (or a name particle).
_GLUED = re.compile(
    r"(?:(?<=\b[^\W\d_]\.)|(?<=\b[A-Z]h\.))"
    r"(?=[^\W\d_][^.\s,;]|(?:" + "|".join(sorted(PARTICLES)) + r") )"
)
# "Family, Given" already in normal form, the fast path of normalize_author: family words
# in name case (after particles), given names in name case or "J." initials.
# Latin, Greek and Cyrillic letters: names in other scripts take the slow path. Each class
# spelt out costs compile time in every process, so the range stays no wider than needed.
_UPPER = re.escape("".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper()))
_LOWER = re.escape("".join(c for c in map(chr, range(0x61, 0x530)) if c.islower()))
_CAP_WORD = (
    rf"(?!(?:Jr|Sr|Ch|Kh|Sh|Th|Zh)\b)(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}][^\W\d_]*"
    rf"(?:-(?:[{_UPPER}]['’])?[^\W\d_]+)*"
)
_PARTICLE = _PARTICLE_WORDS.replace(" ", "|")
_LONE_PARTICLE = "|".join(w for p in PARTICLES for w in (p, p.capitalize()))  # "Van, Gelder T."
_FAMILY = rf"(?!(?:{_LONE_PARTICLE}),)(?:(?:{_PARTICLE}) )*{_CAP_WORD}(?: {_CAP_WORD})*"
_GIVEN_WORD = rf"(?:[{_UPPER}]\.(?:-[{_UPPER}]\.)?|{_CAP_WORD})"
CLEAN_NAME = rf"{_FAMILY}, {_GIVEN_WORD}(?: {_GIVEN_WORD})*"
# One name, or several joined by newlines: one pattern for both, as it takes ~10 ms to compile.
CLEAN_NAMES = re.compile(rf"(?:{CLEAN_NAME}(?:\n(?!\Z)|\Z))+")
_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_][a-z]?\.-?)+[^\W\d_]?")


def split_authors(text: str) -> list[str]:
    """One author string per person, in order, from any joined form found in exports.

    Reads "A, B. and C, D." (BibTeX), "A B; C D" (MEDLINE, Scopus), "A B., C D." and
    "A, B., C, D." (comma lists), and lists glued without a space ("Adeli K.Lewis G. F.").
    Names are returned as written, trimmed; nothing but separators is dropped.
    """
    text = text.strip()
    if not text:
        return []
    if ";" in text or "\n" in text or ("and" in text and _LIST_SEPARATOR.search(text)):
        parts = _split_outside_braces(text)
    elif text.count(",") >= 2 or (text.count(",") == 1 and _is_full_name(text.split(",")[0])):
        parts = _split_comma_list(text)
    else:
        parts = [text]
    names: list[str] = []
    for part in parts:
        part = part.strip(" ,")
        # A glued list splits only right after a period: without one, no regex scan.
        names.extend(_GLUED.split(part) if "." in part else (part,))
    return [name.strip(" ,") for name in names if name.strip(" ,")]


def _split_outside_braces(text: str) -> list[str]:
    """Split at ";", newlines and " and ", except inside BibTeX braces ("{Smith and Sons}")."""
    if "{" not in text:
        return _LIST_SEPARATOR.split(text)
    parts: list[str] = []
    start = 0
    for match in _LIST_SEPARATOR.finditer(text):
        before = text[: match.start()]
        if before.count("{") == before.count("}"):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _split_comma_list(text: str) -> list[str]:
    chunks = [c.strip() for c in text.split(",")]
    if _is_full_name(chunks[0]) or all(len(c.split()) >= 2 for c in chunks if c):
        pairs = False  # "Smith J., Jones K.L." or "John Smith, Kate Jones, ..."
    else:
        pairs = True  # "Smith, J., Jones, K."
    names: list[str] = []
    wants_given = False  # the last name is a family name still waiting for its given part
    for chunk in chunks:
        if not chunk:
            continue
        if chunk.lower() in _SUFFIXES and names:
            names[-1] += ", " + chunk
        elif wants_given:
            names[-1] += ", " + chunk
            wants_given = False
        else:
            names.append(chunk)
            wants_given = pairs
    return names


def _is_full_name(chunk: str) -> bool:
    """Whether a comma-free chunk is a whole person: a family name and initials."""
    words = chunk.split()
    return len(words) >= 2 and _is_initials(words[-1], False) and not _is_initials(words[0], False)


def _is_initials(word: str, all_caps: bool) -> bool:
    """Whether one word is initials: "J.", "J.K.", "H.-M.", "JK" (upper case), "Kh"."""
    if "." in word:
        return (
            _DOTTED_INITIALS.fullmatch(word) is not None
            and word[0].isupper()
            and word.lower() not in _SUFFIXES
        )
    if word in _DIGRAPH_INITIALS:
        return True
    if not word.isalpha() or not word.isupper():
        return False
    if all_caps:  # "SMITH JK" vs "WANG LEI": short, or without a vowel
        return len(word) <= 2 or (len(word) == 3 and not _VOWELS.intersection(word))
    return len(word) <= 3


def _format_initials(word: str) -> str:
    """ "J.K." -> "J. K.", "JK" -> "J. K.", "h.-m." kept as "H.-M.", "Kh" -> "Kh."."""
    if word in _DIGRAPH_INITIALS:
        return word + "."
    if "-" in word:
        return "-".join(_format_initials(part).replace(" ", "") for part in word.split("-"))
    letters = word.replace(".", "")
    if "." in word and len(letters) > 1 and not letters.isupper():  # "Ch.", "Th."
        return word if word.endswith(".") else word + "."
    return " ".join(letter.upper() + "." for letter in letters)


def _fix_case(word: str) -> str:
    """An all-caps word in name case: "O'NEIL" -> "O'Neil", "MCDONALD" -> "McDonald"."""
    if word.lower() in PARTICLES:
        return word.lower()
    out = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def _given(words: list[str], all_caps: bool) -> tuple[str, str]:
    """Given names with initials normalised, and any suffix found among them."""
    given: list[str] = []
    suffix = ""
    for word in words:
        key = word.lower()
        if key in _SUFFIXES:
            suffix = _SUFFIXES[key]
        elif key in _ROMAN_SUFFIXES and given and not _is_initials(given[-1], all_caps):
            suffix = word.upper()
        elif _is_initials(word, all_caps):
            given.append(_format_initials(word))
        elif all_caps:
            given.append(_fix_case(word))
        else:
            given.append(word)
    return " ".join(given), suffix


def _family(text: str, all_caps: bool) -> str:
    if all_caps or (text.isupper() and len(text.replace(" ", "")) > 1):
        return " ".join(_fix_case(word) for word in text.split())
    return text


def _join(family: str, given: str, suffix: str) -> str:
    name = f"{family}, {given}" if given and family else family or given
    return f"{name}, {suffix}" if suffix else name


def normalize_author(name: str) -> str:
    """One person's name as "Family, Given" (with ", Jr." and the like after it).

    Reads "Family, Given", "Family G.", "Family GH", "Given Family", "G. Family",
    keeps particles with the family name ("van der Berg, J."), writes initials as
    "J. K.", and puts all-caps names in name case. Organisation names and single words
    come back as written (whitespace collapsed).
    """
    if "\n" not in name and CLEAN_NAMES.fullmatch(name):
        return name
    return _normalize_messy(name)


# Exports repeat the same messy spellings ("Smith J") across records: remember them.
@lru_cache(maxsize=16384)
def _normalize_messy(name: str) -> str:
    # A semicolon separates people; in one person's name it is noise.
    name = _SPACES.sub(" ", name.replace(";", " ")).replace(" ,", ",").strip(" ,")
    if _STRAY_MARKS.search(name):  # "Smith ; J", "Smith - John": marks that are no name
        name = _SPACES.sub(" ", _STRAY_MARKS.sub("", name)).strip(" ,")
    if not name or _is_literal(name):
        return name
    all_caps = name.isupper()
    if "," in name:
        return _from_comma_form(name, all_caps)
    words = name.split()
    if len(words) == 1:
        return _family(name, all_caps)
    if len(words) > 5:  # more words than a person's name: leave it alone
        return name
    suffix = ""
    # "Assumpção Jr F. B.": a suffix may stand anywhere after the first word.
    suffixes = [_SUFFIXES[w.lower()] for w in words[1:] if w.lower() in _SUFFIXES]
    if suffixes:
        suffix = suffixes[-1]
        words = words[:1] + [w for w in words[1:] if w.lower() not in _SUFFIXES]
    else:
        if (
            words[-1].lower() in _ROMAN_SUFFIXES
            and len(words) > 2
            and not _is_initials(words[-2], all_caps)
        ):
            suffix = words.pop().upper()
    # "Smith J K" / "Tejedor Jorge A.": trailing initials follow the family name.
    cut = len(words)
    while cut > 1 and _is_initials(words[cut - 1], all_caps):
        cut -= 1
    if cut < len(words):
        given, more = _given(words[cut:], all_caps)
        return _join(_family(" ".join(words[:cut]), all_caps), given, suffix or more)
    # "J. K. Smith" / "John van der Berg": the family name is the last word and its particles.
    if words[-1].lower() in PARTICLES:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    given, more = _given(words[:start], all_caps)
    return _join(_family(" ".join(words[start:]), all_caps), given, suffix or more)


def _is_literal(name: str) -> bool:
    """Whether a name is to be kept as written: an organisation, or a BibTeX {literal}."""
    if name[0] == "{" and name[-1] == "}":
        return True
    if _ORGANISATION_WORDS.search(name):
        return True
    return any(_DIGIT.search(word) and word.lower() not in _SUFFIXES for word in name.split())


def _from_comma_form(name: str, all_caps: bool) -> str:
    parts = [p.strip() for p in name.split(",")]
    family, rest = parts[0], [p for p in parts[1:] if p]
    suffix = ""
    family_words = family.split(" ")
    while len(family_words) > 1 and family_words[-1].lower() in _SUFFIXES:  # "Wright Jr., T C"
        last = _SUFFIXES[family_words.pop().lower()]
        suffix = suffix or last
    family = " ".join(family_words)
    # BibTeX "von Last, Jr, First" and RIS "Last, First, Suffix".
    for i, part in enumerate(rest):
        key = part.lower()
        if key in _SUFFIXES or (key in _ROMAN_SUFFIXES and len(rest) > 1):
            suffix = _SUFFIXES.get(key, part.upper())
            del rest[i]
            break
    words = []
    for word in " ".join(rest).split():
        if word.lower() in _SUFFIXES:
            suffix = suffix or _SUFFIXES[word.lower()]
        else:
            words.append(word)
    # Embase splits a particle off its family name: "Van, Gelder T." -> "Van Gelder, T.".
    if family.lower() in PARTICLES and len(words) >= 2 and _is_initials(words[-1], all_caps):
        while len(words) > 1 and not _is_initials(words[0], all_caps):
            family += " " + words.pop(0)
    given, more = _given(words, all_caps)
    return _join(_family(family, all_caps), given, suffix or more)
