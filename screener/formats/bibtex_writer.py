"""BibTeX writing: one plain BibTeX entry per Record, which the reader gives back field
for field (LaTeX escaped exactly as `latex.decode_latex` decodes it).

Only BibTeX fields are written: the record's own, and the unmapped fields of a BibTeX
source that are standard or widely read (`BIBTEX_FIELDS`). Every other field is left out
and named in the `WriteContext`, which the caller reports once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from screener.formats.export_context import WriteContext
from screener.formats.latex import VERBATIM_FIELDS, encode_latex
from screener.model import Record

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
# The entry types of BibTeX; a pub_type naming one passes as is, any other is `misc`.
STANDARD_TYPES = frozenset(
    {
        *("article", "book", "booklet", "conference", "inbook", "incollection"),
        *("inproceedings", "manual", "mastersthesis", "misc", "phdthesis", "proceedings"),
        *("techreport", "unpublished"),
    }
)
# Fields of BibTeX (and of biblatex) that reference managers read, lower case.
BIBTEX_FIELDS = frozenset(
    {
        *("address", "annote", "author", "booktitle", "chapter", "crossref", "edition"),
        *("editor", "howpublished", "institution", "journal", "key", "month", "note"),
        *("number", "organization", "pages", "publisher", "school", "series", "title"),
        *("type", "volume", "year"),
        # widely used beyond the standard fields
        *("abstract", "doi", "issn", "isbn", "url", "urldate", "keywords", "language"),
        *("pmid", "pmcid", "eprint", "eprinttype", "eprintclass", "archiveprefix"),
        *("primaryclass", "date", "subtitle", "translator", "location", "copyright"),
    }
)
# Format -> its fields that BibTeX has a field for (a name matched as written or in lower
# case): the publisher and its place.
FOREIGN_FIELDS: dict[str, dict[str, str]] = {
    "ris": {"PB": "publisher", "CY": "address"},
    "medline": {"PB": "publisher", "PL": "address"},
    "wos": {"PU": "publisher", "PI": "address"},
    "wos-tab": {"PU": "publisher", "PI": "address"},
    "csv": {"publisher": "publisher"},
}
NOTE_FIELD = "note"
# Entry types whose container is a book or proceedings, written as `booktitle`.
BOOKTITLE_TYPES = frozenset({"inproceedings", "incollection", "inbook", "conference"})

# Separates names in `author`; a name holding the word "and" must be braced.
AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:.+-]*")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.+/-]")
_PAGE_RANGE = re.compile(r"(\w+)-(\w+)")


def write(records: Iterable[Record], stream: TextIO, *, context: WriteContext | None = None) -> int:
    """BibTeX entries, one per record, that `read` gives back field for field.

    Keys come from Record.key, reduced to BibTeX key characters and made unique; an `extra`
    field read from BibTeX is written back when it is a BibTeX field (`BIBTEX_FIELDS`); the
    names of the others are added to `context.left_out`.
    """
    context = context or WriteContext()
    keys = UniqueKeys()
    count = 0
    for count, record in enumerate(records, 1):
        key = keys.take(_KEY_UNSAFE.sub("_", record.key) or f"record{count}")
        stream.write(_entry(record, key, context))
    return count


class UniqueKeys:
    """Citation keys given out so far, and the next free `key-N` of each: a key repeated
    thousands of times costs no more than thousands of keys."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._suffix: dict[str, int] = {}  # the last N tried for a key

    def add(self, key: str) -> None:
        """Mark `key` as given out."""
        self._used.add(key)

    def take(self, key: str) -> str:
        """`key`, or `key-2`, `key-3`... if taken; the one returned is marked as used."""
        candidate = key
        if candidate in self._used:
            suffix = self._suffix.get(key, 1)
            while candidate in self._used:
                suffix += 1
                candidate = f"{key}-{suffix}"
            self._suffix[key] = suffix
        self._used.add(candidate)
        return candidate


def _entry(record: Record, key: str, context: WriteContext) -> str:
    pub_type = record.pub_type.lower()
    entry_type = ENTRY_TYPES.get(pub_type) or (pub_type if pub_type in STANDARD_TYPES else "misc")
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
    native = context.extras_from(record, "bibtex")
    notes = list(context.notes_of(record))
    carried: set[tuple[str, str]] = set()  # (origin, extra name) written
    for field_name, values in native.items():
        lower = field_name.lower()
        if lower not in BIBTEX_FIELDS or (lower in written and lower != "date"):
            continue
        if not _FIELD_NAME.fullmatch(field_name):
            continue
        written.add(lower)
        carried.add(("bibtex", field_name))
        value = "; ".join([*values, *notes] if lower == NOTE_FIELD else values)
        notes = [] if lower == NOTE_FIELD else notes
        if value:
            lines.append(f"  {field_name} = {{{_value(lower, value)}}},")
    if notes and NOTE_FIELD not in written:
        lines.append(f"  {NOTE_FIELD} = {{{_value(NOTE_FIELD, '; '.join(notes))}}},")
    for origin, names in FOREIGN_FIELDS.items():
        for name, values in context.extras_from(record, origin).items():
            target = names.get(name) or names.get(name.lower())
            if target is None or not values:
                continue
            if target not in written and values[0]:
                written.add(target)
                lines.append(f"  {target} = {{{_value(target, values[0])}}},")
            if target in written:
                carried.add((origin, name))
    context.leave_out_rest(record, lambda origin, name: (origin, name) in carried)
    lines.append("}\n\n")
    return "\n".join(lines)


def _author_value(name: str) -> str:
    text = encode_latex(name)
    # Braces keep a name holding the word "and" in one piece.
    return f"{{{text}}}" if AND.search(f" {name} ") else text


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
