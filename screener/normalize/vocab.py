"""Controlled vocabularies: languages onto ISO 639-1, vendor publication types onto PUB_TYPES.

The tables come first; `screener.normalize` re-exports the functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ISO 639-1 code -> "|"-separated spellings met in exports: English name, native name(s),
# ISO 639-2/B and /T codes (MEDLINE LA uses 639-2/B), and older vendor forms.
_LANGUAGE_NAMES: dict[str, str] = {
    "af": "afrikaans | afr",
    "ar": "arabic | ara | العربية",
    "bg": "bulgarian | bul | български",
    "bn": "bengali | bangla | ben",
    "bs": "bosnian | bos",
    "ca": "catalan | cat | català",
    "cs": "czech | cze | ces | čeština | cesky | český",
    "cy": "welsh | wel | cym",
    "da": "danish | dan | dansk",
    "de": "german | ger | deu | deutsch",
    "el": "greek | gre | ell | greek, modern | ελληνικά",
    "en": "english | eng | anglais | englisch | inglés | ingles",
    "eo": "esperanto | epo",
    "es": "spanish | spa | español | espanol | castellano | castilian",
    "et": "estonian | est | eesti",
    "eu": "basque | baq | eus | euskara",
    "fa": "persian | per | fas | farsi | فارسی",
    "fi": "finnish | fin | suomi",
    "fr": "french | fre | fra | français | francais | französisch",
    "ga": "irish | gle | gaeilge",
    "gl": "galician | glg | galego",
    "he": "hebrew | heb | עברית",
    "hi": "hindi | hin | हिन्दी",
    "hr": "croatian | hrv | scr | hrvatski",
    "hu": "hungarian | hun | magyar",
    "hy": "armenian | arm | hye",
    "id": "indonesian | ind | bahasa indonesia",
    "is": "icelandic | ice | isl | íslenska",
    "it": "italian | ita | italiano",
    "ja": "japanese | jpn | 日本語",
    "ka": "georgian | geo | kat",
    "kk": "kazakh | kaz",
    "ko": "korean | kor | 한국어",
    "la": "latin | lat | latina",
    "lt": "lithuanian | lit | lietuvių",
    "lv": "latvian | lav | latviešu",
    "mk": "macedonian | mac | mkd",
    "ms": "malay | may | msa | bahasa melayu",
    "mt": "maltese | mlt",
    "nl": "dutch | dut | nld | nederlands | flemish",
    "no": "norwegian | nor | norsk | nob | nno | bokmål | nynorsk",
    "pl": "polish | pol | polski",
    "pt": "portuguese | por | português | portugues",
    "ro": "romanian | rum | ron | română | romana | moldavian",
    "ru": "russian | rus | русский",
    "sk": "slovak | slo | slk | slovenčina | slovencina",
    "sl": "slovenian | slovene | slv | slovenščina",
    "sq": "albanian | alb | sqi | shqip",
    "sr": "serbian | srp | српски | srpski",
    "sv": "swedish | swe | svenska",
    "sw": "swahili | swa | kiswahili",
    "ta": "tamil | tam",
    "th": "thai | tha | ไทย",
    "tl": "tagalog | tgl | filipino | fil",
    "tr": "turkish | tur | türkçe | turkce",
    "uk": "ukrainian | ukr | українська",
    "ur": "urdu | urd",
    "vi": "vietnamese | vie | tiếng việt",
    "zh": "chinese | chi | zho | mandarin | 中文 | 汉语 | 漢語",
}

# Vendor publication-type spellings (RIS TY, MEDLINE PT, WoS DT, Scopus Document Type,
# BibTeX entry types, EndNote ref-type names, CSL types) by model.PUB_TYPES,
# lower case, "|"-separated.
_PUB_TYPE_NAMES: dict[str, str] = {
    "article": (
        "jour | jfull | ejour | abst | inpr | journal article | clinical trial | "
        "randomized controlled trial | controlled clinical trial | multicenter study | "
        "comparative study | evaluation study | observational study | validation study | "
        "twin study | case reports | clinical study | historical article | "
        "clinical trial protocol | clinical trial, phase i | clinical trial, phase ii | "
        "clinical trial, phase iii | clinical trial, phase iv | pragmatic clinical trial | "
        "equivalence trial | adaptive clinical trial | research support, non-u.s. gov't | "
        "research support, u.s. gov't, non-p.h.s. | research support, u.s. gov't, p.h.s. | "
        "research support, n.i.h., extramural | research support, n.i.h., intramural | "
        "research support, american recovery and reinvestment act | research support, u.s. gov't | "
        "retracted publication | duplicate publication | corrected and republished article | "
        "introductory journal article | classical article | autobiography | biography | portrait | "
        "article in press | early access | data paper | business article | electronic article | "
        "article-journal | journal | retracted"
    ),
    "review": (
        "review | systematic review | meta-analysis | scoping review | literature review | "
        "review article | short survey | mini review | mini-review | narrative review | "
        "umbrella review | rapid review | integrative review | critical review"
    ),
    "conference": (
        "conf | cpaper | congress | consensus development conference | "
        "consensus development conference, nih | proceedings paper | meeting abstract | "
        "conference paper | conference review | conference proceedings | conference proceeding | "
        "conference abstract | inproceedings | conference | proceedings | paper-conference | "
        "meeting | poster"
    ),
    "book": (
        "book | ebook | edbook | clswk | edited book | electronic book | booklet | monograph | "
        "collection | whole book"
    ),
    "chapter": (
        "chap | echap | book chapter | book section | electronic book section | incollection | "
        "inbook | chapter | book part"
    ),
    "thesis": (
        "thes | thesis | phdthesis | mastersthesis | dissertation | academic thesis | "
        "doctoral thesis | dissertation/thesis"
    ),
    "report": (
        "rprt | govdoc | stand | techreport | report | technical report | government document | "
        "guideline | practice guideline | standard | manual"
    ),
    "preprint": (
        "preprint | unpb | manscpt | unpublished | unpublished work | manuscript | working paper | "
        "posted-content"
    ),
    "editorial": "editorial | editorial material | introductory editorial",
    "letter": (
        "letter | comment | note | pcomm | personal communication | personal_communication | "
        "letter to the editor | reply | discussion"
    ),
    "erratum": (
        "erratum | published erratum | correction | corrigendum | retraction | "
        "retraction of publication | retraction notice | expression of concern"
    ),
    "other": (
        "gen | elec | news | mgzn | misc | generic | web page | webpage | online | "
        "magazine article | newspaper article | article-magazine | article-newspaper | news item | "
        "book review | review-book | dataset | data | software | patent | pat | interview | "
        "lecture | video-audio media | webcast | blog | post | post-weblog | ctlg | dict | encyc | "
        "entry-dictionary | entry-encyclopedia | entry | hear | bill | case | stat | legal_case | "
        "legislation | comp | dbase | mpct | slide | sound | video | icomm | map | music | art | "
        "advs | aggr | ancient | equa | figure | legal | ser | periodical | document | event | "
        "speech | bibliography | directory | item withdrawn"
    ),
}

# When a record carries several types, the most telling one wins (lower rank wins).
_PUB_TYPE_RANK: dict[str, int] = {
    "erratum": 0,
    "editorial": 1,
    "letter": 1,
    "review": 2,
    "preprint": 3,
    "conference": 4,
    "chapter": 5,
    "thesis": 5,
    "report": 5,
    "book": 6,
    "article": 7,
    "other": 8,
}

# A last resort for unlisted spellings: the first word found decides.
_PUB_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("erratum", "erratum"),
    ("correct", "erratum"),
    ("retraction", "erratum"),
    ("editorial", "editorial"),
    ("letter", "letter"),
    ("comment", "letter"),
    ("review", "review"),
    ("preprint", "preprint"),
    ("conference", "conference"),
    ("proceeding", "conference"),
    ("congress", "conference"),
    ("symposium", "conference"),
    ("meeting", "conference"),
    ("chapter", "chapter"),
    ("thesis", "thesis"),
    ("dissertation", "thesis"),
    ("report", "report"),
    ("book", "book"),
    ("article", "article"),
    ("journal", "article"),
)


def _invert(table: dict[str, str]) -> dict[str, str]:
    return {name.strip(): key for key, names in table.items() for name in names.split("|")}


_LANGUAGES: dict[str, str] = {code: code for code in _LANGUAGE_NAMES} | _invert(_LANGUAGE_NAMES)
_PUB_TYPES: dict[str, str] = _invert(_PUB_TYPE_NAMES)
_LIST_SEPARATORS = re.compile(r"\s*[;,/|]\s*|\s+and\s+")
_REGION_SUFFIX = re.compile(r"^([a-z]{2,3})[-_][a-z]{2,4}$")


def normalize_language(text: str) -> str:
    """ISO 639-1 code where known ("English", "eng", "EN", "Deutsch" -> "en"/"de").

    A list of languages ("English; French") gives the first; an unknown language gives
    its text lower-cased and trimmed; no text gives "".
    """
    key = text.strip().lower()
    code = _LANGUAGES.get(key)
    if code is not None:
        return code
    if not key:
        return ""
    first = next((part for part in _LIST_SEPARATORS.split(key) if part), "")
    code = _LANGUAGES.get(first)
    if code is not None:
        return code
    region = _REGION_SUFFIX.match(first)  # "en-US", "pt_BR"
    if region and region.group(1) in _LANGUAGES:
        return _LANGUAGES[region.group(1)]
    return first


def normalize_pub_type(text: str) -> str:
    """One of model.PUB_TYPES for one vendor publication type; "" when none is given.

    A joined list ("Article; Proceedings Paper") is read as several types (see
    `normalize_pub_types`); a type not recognised at all is "other".
    """
    key = " ".join(text.lower().split())
    kind = _PUB_TYPES.get(key)
    if kind is not None:
        return kind
    if not key:
        return ""
    if ";" in key:
        return normalize_pub_types(key.split(";"))
    for word, kind in _PUB_TYPE_WORDS:
        if word in key:
            return kind
    return "other"


def normalize_pub_types(values: Iterable[str]) -> str:
    """The most telling of several publication types, as one of model.PUB_TYPES.

    erratum/retraction > editorial/letter/comment > review > preprint > conference >
    chapter/thesis/report > book > article > other; "" when no value is given.
    """
    best = ""
    best_rank = len(_PUB_TYPE_RANK)
    for value in values:
        for part in value.split(";"):
            kind = normalize_pub_type(part)
            if kind and _PUB_TYPE_RANK[kind] < best_rank:
                best, best_rank = kind, _PUB_TYPE_RANK[kind]
    return best
