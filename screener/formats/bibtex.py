"""BibTeX / BibLaTeX: read through bibtexparser 2, write plain BibTeX text.

The reader decodes LaTeX accents and escapes and strips protective braces; the writer escapes
exactly what the reader decodes, so that write -> read gives the same text back.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from screener.errors import ParseIssue
from screener.model import Record
from screener.normalize import parse_year

# BibTeX field (lower case) -> Record text field. The first field in an entry to fill a
# Record field wins; a later one for the same Record field stays in `extra`.
FIELD_MAP: dict[str, str] = {
    "title": "title",
    "abstract": "abstract",
    "journal": "journal",
    "journaltitle": "journal",
    "booktitle": "journal",
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
    "issn": "issn",
    "isbn": "isbn",
    "url": "url",
    "language": "language",
    "pmid": "pmid",
    "database": "database",
    "accession": "accession",
}
# Fields holding keyword lists: Scopus writes author and index keywords separately.
KEYWORD_FIELDS = frozenset({"keywords", "author_keywords"})
# Verbatim fields: no LaTeX in them, so neither decoded nor escaped.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw"})

# Record.pub_type -> entry type written; other pub_types that are valid entry types pass as is.
ENTRY_TYPES: dict[str, str] = {
    "article": "article",
    "review": "article",
    "editorial": "article",
    "letter": "article",
    "erratum": "article",
    "conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "preprint": "unpublished",
    "other": "misc",
}
# Entry types whose container is a book or proceedings, written as `booktitle`.
BOOKTITLE_TYPES = frozenset({"inproceedings", "incollection", "inbook", "conference"})

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
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:.+-]*")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.+/-]")
_PAGE_RANGE = re.compile(r"(\w+)-(\w+)")

# bibtexparser logs every failed block; we report them as ParseIssues instead, so stop
# Python's last-resort handler from printing them on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def read(stream: TextIO, name: str, **options: Any) -> Iterator[Record | ParseIssue]:
    """Records and issues in file order. A block that fails to parse becomes an error issue
    at its line; an entry repeating an earlier key is read with a made-unique key and a
    warning issue."""
    library = bibtexparser.parse_string(stream.read())
    blocks = library.blocks
    first_line = {entry.key: entry.start_line for entry in library.entries}
    macros = {key.lower(): string.value for key, string in library.strings_dict.items()}
    del library  # entries are freed as they are mapped, once the caller drops them
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        blocks[index] = None  # type: ignore[call-overload]
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            seen.add(block.key)
            yield _record(block, block.key, line, macros)
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entry = block.ignore_error_block
            key = _unique(entry.key, seen)
            first = first_line.get(entry.key, -1) + 1
            yield ParseIssue(
                line,
                f"duplicate citation key {entry.key!r} (first at line {first}); read as {key!r}",
                block.raw or "",
                "warning",
                name,
            )
            for field in entry.fields:
                field.value = _unenclose(field.value)
            yield _record(entry, key, line, macros)
        elif isinstance(block, ParsingFailedBlock):
            yield ParseIssue(line, _failure(block), block.raw or "", "error", name)


def write(records: Iterable[Record], stream: TextIO) -> int:
    """BibTeX entries, one per record, that `read` gives back field for field.

    Keys come from Record.key, reduced to BibTeX key characters and made unique; every
    `extra` field with a valid BibTeX field name is written back.
    """
    used: set[str] = set()
    count = 0
    for count, record in enumerate(records, 1):
        key = _unique(_KEY_UNSAFE.sub("_", record.key) or f"record{count}", used)
        stream.write(_entry(record, key))
    return count


def decode_latex(text: str) -> str:
    """Plain Unicode text from a BibTeX value: accents, escapes and symbols decoded,
    protective braces and math dollars removed."""
    return _LATEX.sub(_decode_match, text)


def encode_latex(text: str) -> str:
    """Text escaped for a braced BibTeX value; `decode_latex` gives it back unchanged."""
    return text.translate(ESCAPES)


def _record(entry: Entry, key: str, line: int, macros: dict[str, str]) -> Record:
    values: dict[str, Any] = {}
    extra: dict[str, list[str]] = {}
    keywords: list[str] = []
    authors: tuple[str, ...] = ()
    year_text = date_text = ""
    for field in entry.fields:
        field_name, value = field.key, field.value
        if "#" in value and field.enclosing == "no-enclosing":
            value = _concatenate(value, macros)
        lower = field_name.lower()
        if lower == "author" and not authors:
            authors = _split_names(value)
            continue
        text = _clean(lower, value)
        target = FIELD_MAP.get(lower)
        if target is not None and target not in values:
            values[target] = text
        elif lower in KEYWORD_FIELDS:
            keywords.extend(_split_keywords(text))
        elif lower == "year" and not year_text:
            year_text = text
        else:
            if lower == "date":
                date_text = text
            extra.setdefault(field_name, []).append(text)
    if "pages" in values:
        values["pages"] = values["pages"].replace("--", "-")
    year_text = year_text or date_text
    year = int(year_text) if year_text.isdigit() else parse_year(year_text)
    return Record(
        **values,
        authors=authors,
        year=year,
        keywords=tuple(keywords),
        pub_type=entry.entry_type.lower(),
        key=key,
        extra=extra,
        raw=entry.raw or "",
        line=line,
    )


def _concatenate(value: str, macros: dict[str, str]) -> str:
    """The text of a `a # {b}` value, which bibtexparser leaves as written."""
    return "".join(
        part[1:-1] if part[:1] in ('"', "{") else macros.get(part.lower(), part)
        for part in _concatenated_parts(value)
    )


def _concatenated_parts(value: str) -> list[str]:
    parts: list[str] = []
    start = depth = 0
    quoted = False
    for position, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:position].strip())
            start = position + 1
    parts.append(value[start:].strip())
    return parts


def _clean(field_name: str, value: str) -> str:
    if "\n" in value or "\t" in value:
        value = " ".join(value.split())
    if field_name in VERBATIM_FIELDS:
        return value.strip()
    if "\\" in value or "$" in value or "~" in value:
        value = _LATEX.sub(_decode_match, value)
    elif "{" in value or "}" in value:
        # Protective braces only (`{DNA}`): the common case, without the regex.
        value = value.replace("{", "").replace("}", "")
    return value.strip()


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


def _split_names(value: str) -> tuple[str, ...]:
    """Authors split on ` and ` outside braces (`{Barnes and Noble}` is one name)."""
    if "{" not in value:
        names = _AND.split(value)
    else:
        names = []
        start = 0
        for match in _AND.finditer(value):
            position = match.start()
            if value.count("{", start, position) == value.count("}", start, position):
                names.append(value[start:position])
                start = match.end()
        names.append(value[start:])
    decoded = (_clean("author", name) for name in names)
    return tuple(name for name in decoded if name and name.lower() != "others")


def _split_keywords(text: str) -> list[str]:
    separator = ";" if ";" in text else ","
    return [word.strip() for word in text.split(separator) if word.strip()]


def _unenclose(value: str) -> str:
    # Duplicate-key entries skip bibtexparser's middlewares, so their values keep delimiters.
    text = value.strip()
    if len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ('"', '"')):
        return text[1:-1]
    return text


def _failure(block: ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    return f"BibTeX block not read: {reason}" if reason else "BibTeX block not read"


def _unique(key: str, used: set[str]) -> str:
    candidate, suffix = key, 1
    while candidate in used:
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate)
    return candidate


def _entry(record: Record, key: str) -> str:
    pub_type = record.pub_type.lower()
    entry_type = ENTRY_TYPES.get(pub_type) or (pub_type if pub_type.isalpha() else "misc")
    container = "booktitle" if entry_type in BOOKTITLE_TYPES else "journal"
    keywords = "; ".join(record.keywords)
    if len(record.keywords) == 1 and "," in keywords:
        keywords += ";"  # a lone keyword with a comma must not be split on commas
    pages = record.pages
    if _PAGE_RANGE.fullmatch(pages):
        pages = pages.replace("-", "--")
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_author_value(name) for name in record.authors)),
        ("title", record.title),
        (container, record.journal),
        ("year", "" if record.year is None else str(record.year)),
        ("volume", record.volume),
        ("number", record.issue),
        ("pages", pages),
        ("doi", record.doi),
        ("issn", record.issn),
        ("isbn", record.isbn),
        ("pmid", record.pmid),
        ("url", record.url),
        ("language", record.language),
        ("keywords", keywords),
        ("abstract", record.abstract),
        ("database", record.database),
        ("accession", record.accession),
    ]
    written = {field_name for field_name, _ in fields} | {"year", "date"}
    lines = [f"@{entry_type}{{{key},"]
    for field_name, value in fields:
        if value:
            lines.append(f"  {field_name} = {{{_value(field_name, value)}}},")
    for field_name, values in record.extra.items():
        lower = field_name.lower()
        if lower == "date" or (lower not in written and _FIELD_NAME.fullmatch(field_name)):
            written.add(lower)
            value = "; ".join(values)
            if value:
                lines.append(f"  {field_name} = {{{_value(lower, value)}}},")
    lines.append("}\n\n")
    return "\n".join(lines)


def _author_value(name: str) -> str:
    text = encode_latex(name)
    # Braces keep a name holding the word "and" in one piece.
    return f"{{{text}}}" if _AND.search(f" {name} ") else text


def _value(field_name: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        value = " ".join(value.split())
    if field_name == "author":
        return value
    if field_name in VERBATIM_FIELDS:
        if value.count("{") != value.count("}") or "\\" in value:
            return value.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
        return value
    return encode_latex(value)
