"""Where a work appeared, for matching: journal names, volumes, pages, DOIs and ISSNs."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import unquote

from screener.dedupe.agreement import AGREE, CONFLICT, UNKNOWN, Agreement
from screener.dedupe.text import fold

# Words that abbreviated journal titles drop (ISO 4 drops articles, prepositions and
# conjunctions in every language): "Zeitschrift fur ...", "Archivos ... del Uruguay",
# "Giornale ... di ...", "Tijdschrift voor ...", "... d'anesthesie".
JOURNAL_STOPWORDS: frozenset[str] = frozenset(
    "the of and for in on an la de der und et des "  # noqa: SIM905
    "fur fuer del della delle dei di du d l le les el los las y voor en do da dos das".split()
)
# Journal names repeat across a search export: each distinct one is keyed once.
JOURNAL_CACHE = 65536
# Spreadsheet programs turn page ranges like "8-11" into dates ("08-Nov", "Apr-13").
MONTHS: dict[str, str] = {
    "jan": "1",
    "feb": "2",
    "mar": "3",
    "apr": "4",
    "may": "5",
    "jun": "6",
    "jul": "7",
    "aug": "8",
    "sep": "9",
    "oct": "10",
    "nov": "11",
    "dec": "12",
}
# Longer page "numbers" are spreadsheet-mangled article numbers (2.05031E+15), not pages.
MAX_PAGE_DIGITS = 8
# Numbers in this range in a volume field are years, put there by some databases.
MIN_YEAR, MAX_YEAR = 1800, 2100

# A journal's supplement series is the journal: "Atherosclerosis Supplements", "Atheroscler Suppl".
SUPPLEMENT_WORDS: frozenset[str] = frozenset(["supplement", "supplements", "suppl", "supplementum"])
# "Circulation. Conference: American Heart Association ..." appeared in "Circulation".
_MEETING = re.compile(r"\.\s*(?:conference|meeting|congress|symposium)\b.*$", re.IGNORECASE)
# A full stop before a capital, as in "...Nice France.Conference Start: 20130406".
_NEXT_SENTENCE = re.compile(r"\.(?=\s*[A-Z])")
_PARENTHETICAL = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# British and American spellings name one journal: "Can J Anaesth" is "Canadian Journal of
# Anesthesia", "Paediatr" abbreviates "Pediatrics" ("ae" and "oe" read as "e" in words of this
# many letters or more, not in acronyms such as "JOEM").
_DIGRAPH = re.compile(r"[ao]e")
MIN_DIGRAPH_WORD = 5
# Where a journal's title proper ends and other title information begins: NLM's " : "
# ("Thyroid : official journal of the American Thyroid Association"), a spaced dash
# ("Nephron - Clinical Practice") and Web of Science's hyphen between capitals
# ("DATABASE-THE JOURNAL OF BIOLOGICAL DATABASES AND CURATION").
# Words of a subtitle that describes the journal rather than naming a section or a sister
# journal: "official journal of the American Thyroid Association", "the journal of biological
# databases and curation", "revue canadienne de psychiatrie".
DESCRIPTIVE_SUBTITLE_WORDS: frozenset[str] = frozenset(
    [
        "official",
        "journal",
        "revue",
        "zeitschrift",
        "society",
        "association",
        "publication",
        "organ",
        "bulletin",
        "the",
    ]
)
_SUBTITLE = re.compile(r"\s*:\s|\s+[-\u2013]\s+")
_CAPITALS_SUBTITLE = re.compile(r"(?<=[A-Z])-(?=[A-Z])")
_PAGE_TOKEN = re.compile(r"[a-z]*\d+[a-z]*|[a-z]+")
_DIGITS = re.compile(r"\d+")
_PAGE_LABEL = re.compile(r"^\s*(?:pp?|pages?)\b\.?\s*")
# The first number that is not a part, supplement or issue number.
_VOLUME = re.compile(r"(?<![\w.])(?<!part )(?<!pt )(?<!suppl )(?<!no )(\d+)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*)", re.IGNORECASE)
# Version suffixes: Cochrane ".pub3", preprint servers "v2".
_DOI_VERSION = re.compile(r"(?:\.pub\d+|(?<=\d)v\d+)$")
# "10.10.1164/rccm..." : the directory indicator typed twice (registrants have 4+ digits).
_DOUBLED_DOI_PREFIX = re.compile(r"^10\.(?=10\.\d{4,}/)")
_DOI_TAIL = re.compile(r"[\s.,;)\]]+$")


def names_its_meeting(journal: str) -> bool:
    """Whether a journal's name goes on to name a meeting ("Stroke. Conference: ...")."""
    return _MEETING.search(journal) is not None


def meeting_name(venue: str) -> str:
    """The meeting a venue names: what follows a journal's ". Conference:" up to the next
    sentence, else the whole venue (proceedings named after their meeting)."""
    found = _MEETING.search(venue)
    if found is None:
        return venue
    return _NEXT_SENTENCE.split(found.group()[1:], maxsplit=1)[0]


@lru_cache(maxsize=JOURNAL_CACHE)
def journal_key(journal: str) -> tuple[str, ...]:
    """Folded journal words without stop words, parenthesised places or a translated title
    after " / " ("Obesity (Silver Spring)" -> ("obesity",))."""
    journal = _MEETING.sub("", journal.split(" / ")[0].split(" = ")[0])
    journal = _PARENTHETICAL.sub(" ", journal)
    words = tuple(w for w in fold(journal).split() if w not in JOURNAL_STOPWORDS)
    if len(words) > 1 and words[-1] in SUPPLEMENT_WORDS:
        return words[:-1]
    return words


@lru_cache(maxsize=JOURNAL_CACHE)
def journal_title_key(journal: str) -> tuple[str, ...]:
    """The key of a journal's title proper when the name carries a subtitle after it, else ()
    ("Thyroid : official journal of the American Thyroid Association" -> ("thyroid",))."""
    parts = _SUBTITLE.split(journal, maxsplit=1)
    if len(parts) == 1 and journal.isupper():
        parts = _CAPITALS_SUBTITLE.split(journal, maxsplit=1)
        if len(parts) == 2 and " " not in parts[1].strip():
            return ()  # a hyphenated word: "NEURO-ONCOLOGY", "BRAIN RESEARCH-REVIEWS"
    if len(parts) == 1 or not parts[1].strip():
        return ()
    title = journal_key(parts[0])
    subtitle = fold(parts[1]).split()
    acronym = "".join(w[0] for w in title)
    # Only other title information names the same journal: "Circulation: Heart Failure" and
    # "European Heart Journal - Cardiovascular Imaging" are sister journals.
    if not (DESCRIPTIVE_SUBTITLE_WORDS.intersection(subtitle) or subtitle == [acronym]):
        return ()
    return title


def _abbreviates(short: str, full: str) -> bool:
    """ "neurol" abbreviates "neurology", "natl" abbreviates "national": same first letter and
    the short form's letters appear in order in the full word."""
    if short == full:
        return True
    if not short or not full or short[0] != full[0] or len(short) >= len(full):
        return False
    position = 0
    for ch in short:
        position = full.find(ch, position) + 1
        if position == 0:
            return False
    return True


def _aligned(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Every word of one title pairs, in order, with a word of the other that it abbreviates or
    that abbreviates it; a word may also stand for a run of words joined ("neuroimage")."""
    if not a or not b:
        return not a and not b
    x, y = a[0], b[0]
    if (_abbreviates(x, y) or _abbreviates(y, x)) and _aligned(a[1:], b[1:]):
        return True
    # "Neuroimage" vs "Neuro Image", "Healthcare" vs "Health Care".
    if len(b) > 1 and x.startswith(y) and x != y and _aligned((x[len(y) :], *a[1:]), b[1:]):
        return True
    return len(a) > 1 and y.startswith(x) and x != y and _aligned(a[1:], (y[len(x) :], *b[1:]))


def titled_journals_match(
    a: tuple[str, ...], a_title: tuple[str, ...], b: tuple[str, ...], b_title: tuple[str, ...]
) -> bool:
    """Whether two journals match, by their whole names or, where only one name carries a
    subtitle, by its title proper against the other's whole name. Two subtitled names are
    compared whole: "Biochimica et Biophysica Acta: Bioenergetics" is not "...: Biomembranes"."""
    if journals_match(a, b):
        return True
    if b_title and not a_title:
        a, a_title, b, b_title = b, b_title, a, a_title
    if not a_title or b_title:
        return False
    # A one-word title proper must be spelt out: "NEURO-" does not abbreviate "Neurology".
    return a_title == b if len(a_title) == 1 else journals_match(a_title, b)


def journals_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two journal keys name the same journal (full name, ISO or MEDLINE abbreviation,
    or an acronym of the full name such as "bmj"), in British or American spelling."""
    if _names_match(a, b):
        return True
    us_a, us_b = _american(a), _american(b)
    return (us_a != a or us_b != b) and _names_match(us_a, us_b)


@lru_cache(maxsize=JOURNAL_CACHE)
def _american(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_DIGRAPH.sub("e", w) if len(w) >= MIN_DIGRAPH_WORD else w for w in key)


def _names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return bool(a)
    if not a or not b:
        return False
    if len(a) == 1 and len(b) > 2 and a[0] == "".join(w[0] for w in b):
        return True
    if len(b) == 1 and len(a) > 2 and b[0] == "".join(w[0] for w in a):
        return True
    return _aligned(a, b)


def page_range(pages: str) -> tuple[str, str]:
    """First and last page as comparable strings: "482-91" -> ("482", "491"), "08-Nov" ->
    ("8", "11"), "e123" -> ("e123", ""); ("", "") when absent or mangled beyond use."""
    tokens = _PAGE_TOKEN.findall(_PAGE_LABEL.sub("", pages.lower()))
    if not any(_DIGITS.search(t) for t in tokens):
        return "", ""  # "Jan-Feb" is an issue date, not pages
    tokens = [MONTHS.get(t[:3], t) if t.isalpha() and len(t) >= 3 else t for t in tokens]
    # A first token without digits ("Suppl-29", "t-20") is a mangled field, not a page.
    if not tokens or not _DIGITS.search(tokens[0]) or len(tokens[0]) > MAX_PAGE_DIGITS:
        return "", ""
    tokens = [t.lstrip("0") or "0" for t in tokens if _DIGITS.search(t)]
    first = tokens[0]
    last = tokens[1] if len(tokens) > 1 else ""
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # "482-91": the omitted leading digits
    return first, last


def page_style(page: str) -> str:
    """The letters around a page number: "" for print pages, "e" for "e123", "s" for "S60".
    Pages of different styles are not comparable: one database gives the print pages, another
    the electronic article number."""
    return _DIGITS.sub("#", page)


def pages_agree(a: str, b: str) -> Agreement:
    """Whether two pages agree; UNKNOWN when either is missing or their styles differ."""
    if not a or not b:
        return UNKNOWN
    if a == b:
        return AGREE
    if page_style(a) != page_style(b):
        return UNKNOWN
    return CONFLICT


def _is_year(digits: str) -> bool:
    # Four digits at most before int(), which refuses more than 4,300.
    return len(digits.lstrip("0")) <= 4 and MIN_YEAR <= int(digits) <= MAX_YEAR


def volume_key(volume: str) -> str:
    """The volume number ("24 Suppl 1" -> "24", "Part 3. 275" -> "275"); "" when none."""
    if volume.count("(") != volume.count(")"):
        return ""  # a cut field ("1)" from "58 (Suppl 1)") names no volume
    match = _VOLUME.search(volume)
    if match is None or _is_year(match.group(1)):
        return ""  # a year in the volume field ("2019 (11)") is not comparable with volumes
    return match.group(1).lstrip("0")


def doi_key(doi: str) -> str:
    """A DOI compared as an identifier: lower case, no resolver prefix, no trailing punctuation."""
    doi = _DOI_PREFIX.sub("", html.unescape(unquote(doi.strip()))).lower()
    doi = _DOUBLED_DOI_PREFIX.sub("", doi)
    return _DOI_TAIL.sub("", doi) if doi.startswith("10.") else ""


def doi_stem(doi: str) -> str:
    """A DOI without its version suffix: "10.1002/14651858.cd009622.pub4" -> "...cd009622"."""
    return _DOI_VERSION.sub("", doi)


def issn_key(issn: str) -> frozenset[str]:
    """Every ISSN in the field, as eight characters without the hyphen."""
    return frozenset(m.replace("-", "") for m in re.findall(r"\d{4}-?\d{3}[\dxX]", issn.upper()))
