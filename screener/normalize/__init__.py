"""Normalisation of record fields: DOI, authors, year, pages, language, publication type.

Every reader's records pass through `normalize_record`, so each function takes a fast path
when its field is already clean. Names live in `normalize.authors`, vocabularies (language,
publication type) in `normalize.vocab`, pages in `normalize.locators`; export forms that put
a value in the wrong field (a citation in the journal field, a date in the pages, an ISSN in
the ISBN field) are put right by the rules of `normalize.forms`. This package is the public
face of them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from screener.model import PUB_TYPES, Record, RecordFields, TextTarget
from screener.normalize.authors import CLEAN_NAMES, normalize_author, split_authors
from screener.normalize.forms import needs_repair, repair_forms
from screener.normalize.locators import normalize_pages
from screener.normalize.vocab import normalize_language, normalize_pub_type, normalize_pub_types

__all__ = [
    "normalize_abstract",
    "normalize_author",
    "normalize_authors",
    "normalize_doi",
    "normalize_keywords",
    "normalize_language",
    "normalize_pages",
    "normalize_pub_type",
    "normalize_pub_types",
    "normalize_record",
    "normalize_record_reporting",
    "normalize_title",
    "parse_year",
    "read_year",
    "split_authors",
]

# "10." + registrant (dotted digits) + "/" + suffix; the suffix runs to whitespace.
_DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
_CLEAN_DOI = re.compile(r"10\.\d+(?:\.\d+)*/[^\sA-Z%]*[^\sA-Z%.,;:)\]}<>'\"]")
# Punctuation that ends a sentence or a bracket around a DOI rather than the DOI itself.
_DOI_TRAILING = ".,;:'\""
_DOI_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
_COMPACT_DATE = re.compile(r"\s*(1[5-9]\d\d|20\d\d)[01]\d[0-3]\d\s*")  # "20190305"

_SPACE_RUNS = re.compile(r"[^\S\n]+")
# Whitespace other than a space or a newline (tabs, CR, no-break and wide spaces), spelt
# out: a positive class scans a long abstract many times faster than [^\S \n].
_ASCII_ODD_SPACES = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
_ODD_SPACE = re.compile(
    "[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_LINE_EDGES = re.compile(r"[^\S\n]*\n[^\S\n]*")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
# An author string that holds several people: a separator, or a list glued without spaces.
_JOINED_AUTHORS = re.compile(r";|\n| and |,.*,|\b[^\W\d_]\.[^\W\d_]{2}")
# A whole author list already in normal form, joined by newlines: one match, no work.
_CLEAN_AUTHORS = CLEAN_NAMES


def normalize_doi(text: str) -> str:
    """The DOI in `text`, lower case, without resolver or `doi:` prefix, URL-decoded.

    Finds a DOI inside a URL or a note ("10.1/xyz [doi]") and drops punctuation that
    closes the sentence around it; "" when the text holds no DOI.
    """
    if _CLEAN_DOI.fullmatch(text) and text == text.lower():
        return text
    if "%" in text:
        text = unquote(text)
    match = _DOI.search(text)
    if match is None:
        return ""
    doi = match.group(0)
    while doi:
        last = doi[-1]
        unbalanced = last in _DOI_CLOSERS and doi.count(_DOI_CLOSERS[last]) < doi.count(last)
        if last not in _DOI_TRAILING and not unbalanced:
            break
        doi = doi[:-1]
    return doi.lower() if "/" in doi[:-1] else ""


def parse_year(text: str) -> int | None:
    """The publication year in any date form ("2019 Mar 5", "03/05/2019", "c2016", ...).

    The first four-digit year in 1500–2100 wins ("2019-2020" -> 2019); None when none.
    """
    match = _YEAR.search(text) or _COMPACT_DATE.fullmatch(text)
    return int(match.group(1)) if match else None


def read_year(text: str) -> int | None:
    """The year a year field holds: its number when it is up to four ASCII digits (the
    common case, read fast), else what `parse_year` finds in it; None for "".

    Never int() of any digit string: "²" is a digit int() refuses, and a 20-digit number
    does not fit the store's integers.
    """
    if len(text) <= 4 and text.isdigit() and text.isascii():
        return int(text)
    return parse_year(text) if text else None


def normalize_title(text: str) -> str:
    """The title on one line, with runs of whitespace collapsed to one space."""
    return " ".join(text.split())


def normalize_abstract(text: str) -> str:
    """The abstract with runs of spaces collapsed; paragraph breaks ("\\n") kept."""
    if _abstract_is_clean(text):
        return text
    text = _SPACE_RUNS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _LINE_EDGES.sub("\n", text)
    return _EXTRA_BLANK_LINES.sub("\n\n", text).strip()


def _abstract_is_clean(text: str) -> bool:
    # Abstracts run to thousands of characters and are mostly clean: one-character
    # searches (memchr) are fast, so newlines are visited one by one rather than searching
    # for " \n", "\n " and "\n\n\n" across the whole text.
    if text != text.strip() or "  " in text:
        return False
    at = text.find("\n")
    while at != -1:
        if text[at - 1] == " " or text[at + 1] == " " or text[at + 1 : at + 3] == "\n\n":
            return False
        at = text.find("\n", at + 1)
    if text.isascii():
        return not any(space in text for space in _ASCII_ODD_SPACES)
    return not _ODD_SPACE.search(text)


def normalize_authors(authors: tuple[str, ...]) -> tuple[str, ...]:
    """Each author as "Family, Given"; an entry holding several people is split first."""
    if _CLEAN_AUTHORS.fullmatch("\n".join(authors)):
        return authors
    names: list[str] = []
    for entry in authors:
        joined = len(authors) == 1 or _JOINED_AUTHORS.search(entry)
        parts = split_authors(entry) if joined else (entry,)
        for part in parts:
            name = normalize_author(part)
            if name:
                names.append(name)
    return tuple(names)


def normalize_keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """Keywords trimmed, empty ones dropped, repeats (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    kept: list[str] = []
    for keyword in keywords:
        keyword = " ".join(keyword.split())
        folded = keyword.casefold()
        if keyword and folded not in seen:
            seen.add(folded)
            kept.append(keyword)
    return tuple(kept)


# Plain text fields whose normaliser is a str -> str function, in record order.
_TEXT_FIELDS: tuple[tuple[TextTarget, Callable[[str], str]], ...] = (
    ("pages", normalize_pages),
    ("doi", normalize_doi),
    ("language", normalize_language),
)


def normalize_record(record: Record) -> Record:
    """The record with every field in normal form; the same object when nothing changed.

    DOI, authors, pages, language, publication type, title and abstract whitespace, and
    keywords are normalised; export forms that put a citation, a date, pages or an ISSN in
    the wrong field are put right (`normalize.forms`); other fields are kept as read.
    """
    return normalize_record_reporting(record)[0]


def normalize_record_reporting(record: Record) -> tuple[Record, tuple[str, ...]]:
    """`normalize_record`, and the warnings for its import: each a line saying what it
    could not settle (a citation in the journal field that disagrees with the record)."""
    warnings: tuple[str, ...] = ()
    if needs_repair(record):
        record, warnings = repair_forms(record)
    return _normalized(record), warnings


def _normalized(record: Record) -> Record:
    changes: RecordFields = {}
    if record.title:
        title = normalize_title(record.title)
        if title != record.title:
            changes["title"] = title
    if record.abstract:
        abstract = normalize_abstract(record.abstract)
        if abstract != record.abstract:
            changes["abstract"] = abstract
    if record.authors:
        authors = normalize_authors(record.authors)
        if authors != record.authors:
            changes["authors"] = authors
    for name, normalize in _TEXT_FIELDS:
        value = getattr(record, name)
        if value:
            new = normalize(value)
            if new != value:
                changes[name] = new
    if record.pub_type and record.pub_type not in PUB_TYPES:
        changes["pub_type"] = normalize_pub_type(record.pub_type)
    if record.keywords:
        keywords = normalize_keywords(record.keywords)
        if keywords != record.keywords:
            changes["keywords"] = keywords
    return _with(record, changes) if changes else record


def _with(record: Record, changes: RecordFields) -> Record:
    """`dataclasses.replace` for the fields above, at half its cost (it runs per record)."""
    return Record(
        changes.get("title", record.title),
        changes.get("abstract", record.abstract),
        changes.get("authors", record.authors),
        record.year,
        record.journal,
        record.volume,
        record.issue,
        changes.get("pages", record.pages),
        changes.get("doi", record.doi),
        record.pmid,
        record.issn,
        record.isbn,
        changes.get("language", record.language),
        changes.get("pub_type", record.pub_type),
        changes.get("keywords", record.keywords),
        record.url,
        record.database,
        record.accession,
        record.key,
        record.extra,
        record.raw,
        record.line,
        record.id,
        record.source_id,
    )
