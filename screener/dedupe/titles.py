"""Titles for matching: the words that name the work, and the markers that say what it is.

Databases decorate one title differently: language tags ("[Chinese]", "(author's transl)"),
notes ("[33 refs]", "[erratum appears in ...]"), markup, translated titles in brackets. The
matching key drops the decoration; markers that change what the record *is* (an erratum, a
retraction notice, a comment or reply) are kept apart as the record's kinds so that a veto can
keep a notice away from the article it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screener.dedupe.text import canonical_numbers, fold

LANGUAGES: frozenset[str] = frozenset(
    [
        "afrikaans",
        "arabic",
        "bulgarian",
        "catalan",
        "chinese",
        "croatian",
        "czech",
        "danish",
        "dutch",
        "english",
        "estonian",
        "finnish",
        "french",
        "german",
        "greek",
        "hebrew",
        "hungarian",
        "icelandic",
        "indonesian",
        "italian",
        "japanese",
        "korean",
        "latvian",
        "lithuanian",
        "malay",
        "norwegian",
        "persian",
        "polish",
        "portuguese",
        "romanian",
        "russian",
        "serbian",
        "slovak",
        "slovene",
        "slovenian",
        "spanish",
        "swedish",
        "thai",
        "turkish",
        "ukrainian",
        "vietnamese",
    ]
)

# Words that may accompany a language name in a tag: "[Article in German]", "[German, English
# abstract]", "(author's transl)".
LANGUAGE_TAG_WORDS: frozenset[str] = frozenset(
    [
        "article",
        "in",
        "abstract",
        "abstracts",
        "text",
        "author",
        "s",
        "authors",
        "transl",
        "translation",
        "with",
        "and",
        "summary",
        "english",
    ]
)

# Bracketed notes that describe the record rather than name it (folded text, prefix match).
NOTE_PREFIXES: tuple[str, ...] = (
    "review",
    "erratum appears",
    "published erratum",
    "corrected",
    "see comment",
    "see editorial",
    "comment in",
    "retraction in",
    "retracted",
    "reprint",
    "editorial",
    "abstract",
    "letter",
    "case report",
    "meeting abstract",
    "conference abstract",
)
_REFS = re.compile(r"^\d+ refs?$")

# Leading markers that make a title the title of a notice about another work. A bare word
# ("Correction", "Reply") counts only when punctuation follows it, because "Correction of
# hypokalaemia ..." and "Response to rituximab ..." are titles of articles.
LINKED_MARKERS: dict[str, str] = {
    "notice of retraction": "retraction",
    "retraction note to": "retraction",
    "retraction notice to": "retraction",
    "expression of concern": "retraction",
    "erratum to": "erratum",
    "errata to": "erratum",
    "correction to": "erratum",
    "corrigendum to": "erratum",
    "author correction to": "erratum",
    "publisher correction to": "erratum",
    "comment on": "comment",
    "comments on": "comment",
    "commentary on": "comment",
    "reply to": "reply",
}
BARE_MARKERS: dict[str, str] = {
    "retraction note": "retraction",
    "retraction notice": "retraction",
    "retraction": "retraction",
    "withdrawn": "retraction",
    "author correction": "erratum",
    "publisher correction": "erratum",
    "correction": "erratum",
    "corrigendum": "erratum",
    "erratum": "erratum",
    "errata": "erratum",
    "comment": "comment",
    "commentary": "comment",
    "re": "comment",
    "authors reply": "reply",
    "author reply": "reply",
    "authors response": "reply",
    "author response": "reply",
    "in reply": "reply",
    "reply": "reply",
    "response": "reply",
    "response to": "reply",
    # eLife's peer-review documents, each with its own DOI.
    "decision letter": "comment",
    # "Retracted: <title>" is the retracted article itself: the marker is dropped, no kind.
    "retracted article": "",
    "retracted": "",
    # A section label, not a notice: "Review: Effects of substratum morphology on cells".
    "review": "",
}
# Trailing markers, "(Erratum)" / "(Reply)" style; "(Review)" only decorates.
KIND_SUFFIXES: dict[str, str] = {
    "erratum": "erratum",
    "correction": "erratum",
    "retraction": "retraction",
    "comment": "comment",
    "reply": "reply",
    "review": "",
}
# Pub types (model.PUB_TYPES and BibTeX entry types) that are notices, not works.
KIND_BY_PUB_TYPE: dict[str, str] = {"erratum": "erratum", "retraction": "retraction"}


def _alternatives(markers: dict[str, str]) -> str:
    return "|".join(re.escape(m).replace("\\ ", r"[\s']+") for m in sorted(markers, key=len)[::-1])


_LINKED = re.compile(rf"^\W*({_alternatives(LINKED_MARKERS)})\b\W*", re.IGNORECASE)
_BARE = re.compile(
    rf"^\W*({_alternatives(BARE_MARKERS)})\s*(?:[:.(\[]|\s[-–—]|$)\W*", re.IGNORECASE
)
# Trailing markers: "Title - Reply", "Title: author's reply"; the erratum notations of Web of
# Science "(vol 360, pg 542, 2009)" and Embase "(Journal (2009) 360 (542-544))".
TRAILING_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s[-–—:]\s*(?:authors?'?s?\s+)?(reply|response)\W*$", re.IGNORECASE), "reply"),
    # PubMed's "Title. Reply." (NEJM letters) and an unspaced dash: "Title—Reply".
    (
        re.compile(r"(?:\.\s+|[–—]\s*)(?:authors?'?s?\s+)?(reply|response)\W*$", re.IGNORECASE),
        "reply",
    ),
    (re.compile(r"\bauthors?'?s?\s+(?:reply|response)\W*$", re.IGNORECASE), "reply"),
    (re.compile(r"\beditorial\s+comment\W*$", re.IGNORECASE), "comment"),
    # The same section label at the end: "Effects of substratum morphology on cells - Review".
    (re.compile(r"\s[-–—]\s*review\W*$", re.IGNORECASE), ""),
    (re.compile(r"\(\s*vol\.?\s*\d+[^()]*\bpg\.?\s*\w+[^()]*\)\W*$", re.IGNORECASE), "erratum"),
    (re.compile(r"\([^()]*\(\d{4}\)\s*\d+\s*(?:\(\d+\))?\s*\([^()]*\d[^()]*\)\)\W*$"), "erratum"),
)
# "SMOKING & BONE. JAPANESE": a language named after the title, without brackets.
_TRAILING_LANGUAGE = re.compile(
    rf"[.:;]\s*(?:article\s+in\s+|in\s+)?(?:{'|'.join(sorted(LANGUAGES))})\W*$", re.IGNORECASE
)
_UNCLOSED = re.compile(r"[\[(]([^\[\]()]*)$")
_BRACKETED = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")
_SEQUENCE = re.compile(r"\b(part|phase|section|chapter|volume|paper|study|trial|experiment) (\d+)")


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title as the matcher sees it."""

    text: str  # canonical words joined by single spaces
    compact: str  # the same without spaces: "11 c" and "11c" agree
    numbers: tuple[str, ...]  # every number in the title, in order
    parts: tuple[str, ...]  # "part 2", "phase 3": which instalment of a series
    kinds: frozenset[str]  # erratum, retraction, comment, reply


def _is_decoration(inner: str) -> tuple[bool, str]:
    """Whether a bracketed segment is a tag or note to drop, and the kind it marks."""
    folded = fold(inner)
    if not folded:
        return True, ""
    words = folded.split()
    if any(w in LANGUAGES for w in words) and all(
        w in LANGUAGES or w in LANGUAGE_TAG_WORDS for w in words
    ):
        return True, ""
    if folded in ("author s transl", "authors transl"):
        return True, ""
    if folded in KIND_SUFFIXES:
        return True, KIND_SUFFIXES[folded]
    if _REFS.match(folded) or folded.startswith(NOTE_PREFIXES):
        return True, "comment" if folded == "comment" else ""
    return False, ""


def _strip_decorations(title: str) -> tuple[str, set[str]]:
    kinds: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        drop, kind = _is_decoration(inner)
        if kind:
            kinds.add(kind)
        # Kept brackets (translated titles, "[11C]") keep their words.
        return " " if drop else f" {inner} "

    previous = None
    while previous != title:  # inner brackets first: "[2-(4-[11C]...)]"
        previous, title = title, _BRACKETED.sub(replace, title)
    # A note cut off by a field limit: "... syndrome.[Erratum appears in J Pediatr. 2003 Jun".
    if (cut := _UNCLOSED.search(title)) is not None and _is_decoration(cut.group(1))[0]:
        title = title[: cut.start()]
    return title, kinds


def _leading_kind(title: str) -> tuple[str, str]:
    """The title without a leading notice marker, and the kind the marker names."""
    for pattern, markers in ((_LINKED, LINKED_MARKERS), (_BARE, BARE_MARKERS)):
        if (match := pattern.match(title)) is not None:
            marker = " ".join(fold(match.group(1)).split())
            kind = markers.get(marker, markers.get(marker.replace(" s ", "s "), ""))
            rest = title[match.end() :]
            if not kind and not any(ch.isalnum() for ch in rest):
                return title, ""  # a label alone is the title: "Review", "Retracted"
            return rest, kind
    return title, ""


def _trailing_kind(title: str) -> tuple[str, str]:
    """The title without a trailing notice marker ("... - Reply", "... (vol 360, pg 542,
    2009)"), and the kind it names."""
    for pattern, kind in TRAILING_MARKERS:
        if (match := pattern.search(title)) is not None:
            return title[: match.start()], kind
    return title, ""


def title_key(title: str, pub_type: str = "") -> TitleKey:
    """The matching key of a title: decoration dropped, numbers as digits, kinds recorded."""
    title, kind = _leading_kind(title.strip())
    title, tail = _trailing_kind(title)
    title = _TRAILING_LANGUAGE.sub("", title)
    kind = kind or tail
    stripped, kinds = _strip_decorations(title)
    if kind:
        kinds.add(kind)
    words = fold(stripped).split()
    if (pub_kind := KIND_BY_PUB_TYPE.get(pub_type.lower())) is not None:
        kinds.add(pub_kind)
    words = canonical_numbers(words)
    text = " ".join(words)
    numbers = tuple(re.findall(r"\d+", text))
    parts = tuple(f"{m.group(1)} {m.group(2)}" for m in _SEQUENCE.finditer(text))
    return TitleKey(text, text.replace(" ", ""), numbers, parts, frozenset(kinds))
