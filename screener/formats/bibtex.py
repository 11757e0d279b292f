"""BibTeX / BibLaTeX: read through bibtexparser 2's splitter, write plain BibTeX text.

The reader decodes LaTeX accents and escapes and strips protective braces; the writer escapes
exactly what the reader decodes, so that write -> read gives the same text back.

The reader calls bibtexparser's `Splitter` rather than `parse_string`: the default parse
stack (string references, then enclosing removal) walks every field of every entry again
and rebuilds the library, a sixth of `parse_string`'s time. The reader takes the same two
steps per field while mapping it, with a fast path for the plainly braced values that make
up nearly all of a real export.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
    ParsingFailedBlock,
)
from bibtexparser.splitter import Splitter

from screener.errors import ParseIssue
from screener.formats.bibtex_checks import Crossrefs, looks_like_data, value_parts
from screener.formats.bibtex_writer import AND, UniqueKeys, write
from screener.formats.latex import VERBATIM_FIELDS, decode_entities, decode_latex, encode_latex
from screener.formats.pieces import mentions_crossref
from screener.model import Record, RecordFields, TextTarget
from screener.normalize import read_year

# The writer and the LaTeX codec live in modules of their own; callers know them from here.
__all__ = [
    "FIELD_MAP",
    "KEYWORD_FIELDS",
    "VERBATIM_FIELDS",
    "decode_latex",
    "encode_latex",
    "read",
    "write",
]

# BibTeX field (lower case) -> Record text field. The first field in an entry to fill a
# Record field wins; a later one for the same Record field stays in `extra`.
FIELD_MAP: dict[str, TextTarget] = {
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
# A vendor's own document type ("Conference Paper", "Review", "Book Chapter": Scopus),
# which sets the publication type over the entry type.
DOCUMENT_TYPE_FIELD = "document_type"
# Fields holding keyword lists: Scopus writes author and index keywords separately.
KEYWORD_FIELDS = frozenset({"keywords", "author_keywords"})

# bibtexparser's own rule for when delimiters enclose a whole value (`{a} # {b}` is not
# enclosed), so that values read exactly as through its parse stack.
_strip_enclosing = RemoveEnclosingMiddleware._strip_enclosing

# bibtexparser logs every failed block; we report them as ParseIssues instead, so stop
# Python's last-resort handler from printing them on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def read(stream: TextIO, name: str, **options: Any) -> Generator[Record | ParseIssue, None, int]:
    """Records and issues in file order. A block that fails to parse becomes an error issue
    at its line; an entry repeating an earlier key is read with a made-unique key and a
    warning issue. A value BibTeX would not read as written (text after it, an undefined
    @string), a crossref naming no entry, and text outside entries that looks like data are
    warnings at their lines; an entry with a crossref inherits the fields it lacks. Every
    entry has its own key: no `name#N` ordinal is used (returns 0)."""
    text = stream.read()
    has_crossrefs = mentions_crossref(text)
    with _collector_paused():
        library = Splitter(text).split()
    del text  # entries hold copies: the file need not stay in memory while they are read
    blocks = library.blocks
    # bibtexparser resolves a bare reference to the string's value as written, enclosing
    # and all; `a # b` concatenations, which it leaves alone, take the unenclosed value.
    references = {key.lower(): string.value for key, string in library.strings_dict.items()}
    macros = {key: _strip_enclosing(value)[0] for key, value in references.items()}
    first_line = {key: entry.start_line or 0 for key, entry in library.entries_dict.items()}

    def resolve(field: Field, problems: list[tuple[int, str]]) -> str:
        return _field_value(field, references, macros, problems)

    crossrefs = None
    if has_crossrefs:
        crossrefs = Crossrefs(
            library.entries, lambda entry: [(f.key, resolve(f, [])) for f in entry.fields]
        )
    del library  # entries are freed as they are mapped, once the caller drops them
    seen = UniqueKeys()
    previous = None
    for index, block in enumerate(blocks):
        blocks[index] = None  # type: ignore[call-overload]
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            seen.add(block.key)
            if crossrefs is None or not crossrefs.only_a_container(block):
                yield from _entry_items(block, block.key, line, resolve, crossrefs, name)
        elif isinstance(block, DuplicateFieldKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            # A vendor repeating a field (Scopus: one `funding_details` per funder): the
            # entry is read with every value, the repeats kept side by side.
            entry = block.ignore_error_block
            yield from _entry_items(entry, seen.take(entry.key), line, resolve, crossrefs, name)
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            yield from _duplicate(block, block.ignore_error_block, line, first_line, seen, name)
        elif isinstance(block, ParsingFailedBlock):
            yield ParseIssue(line, _failure(block), block.raw or "", "error", name)
        elif (
            isinstance(block, ImplicitComment)
            # The rest of a block that failed to parse: its error says so already.
            and not isinstance(previous, ParsingFailedBlock)
            and looks_like_data(block.comment)
        ):
            message = "text outside any entry ignored"
            yield ParseIssue(line, message, block.comment, "warning", name)
        previous = block
    return 0


def _entry_items(
    entry: Entry,
    key: str,
    line: int,
    resolve: Callable[[Field, list[tuple[int, str]]], str],
    crossrefs: Crossrefs | None,
    name: str,
) -> Iterator[Record | ParseIssue]:
    """The record of one entry, then the warnings about its values."""
    problems: list[tuple[int, str]] = []
    fields = [(field.key, resolve(field, problems)) for field in entry.fields]
    if crossrefs is not None:
        at, problem = crossrefs.inherit(entry, fields)
        if problem:
            problems.append((at, problem))
    yield _record(entry, fields, key, line)
    for at, problem in problems:
        yield ParseIssue(at, problem, entry.raw or "", "warning", name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a stretch that makes no cycles.

    Splitting allocates millions of objects that all stay alive, and every one of the
    collector's full passes over that growing heap finds nothing to free: a sixth of the
    split's time. Reference counting still frees whatever is dropped meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _duplicate(
    block: DuplicateBlockKeyBlock,
    entry: Entry,
    line: int,
    first_line: dict[str, int],
    seen: UniqueKeys,
    name: str,
) -> Iterator[Record | ParseIssue]:
    key = seen.take(entry.key)
    first = first_line.get(entry.key, -1) + 1
    yield ParseIssue(
        line,
        f"duplicate citation key {entry.key!r} (first at line {first}); read as {key!r}",
        block.raw or "",
        "warning",
        name,
    )
    # bibtexparser's parse stack skips failed blocks, duplicates among them: their values
    # were only ever unenclosed, never resolved against @string macros or concatenated.
    fields = [(field.key, _unenclose(field.value)) for field in entry.fields]
    yield _record(entry, fields, key, line)


def _field_value(
    field: Field,
    references: dict[str, str],
    macros: dict[str, str],
    problems: list[tuple[int, str]],
) -> str:
    """The value bibtexparser's default parse stack gives, with concatenations joined; a
    part BibTeX would not read as written adds (line, problem) to `problems`, and text after
    an enclosed value is dropped."""
    value = field.value
    opening, closing = value[:1], value[-1:]
    if opening == "{" and closing == "}":
        inner = value[1:-1]
        if "{" not in inner and "}" not in inner and inner[-1:] != "\\":
            return inner  # plainly braced: nothing inside can change where it ends
    elif not (opening == closing == '"'):
        value = references.get(value.lower(), value)
    value, enclosing = _strip_enclosing(value)
    if enclosing != "no-enclosing":
        return value
    concatenated = "#" in value
    parts, found = value_parts(_concatenated_parts(value) if concatenated else [value], macros)
    if found:
        line = (field.start_line or 0) + 1
        problems.extend((line, f"{field.key}: {problem}") for problem in found)
        if not concatenated:
            return _strip_enclosing(parts[0])[0]
        return _joined(parts, macros)
    return _concatenate(value, macros) if concatenated else value


def _record(entry: Entry, fields: list[tuple[str, str]], key: str, line: int) -> Record:
    values: RecordFields = {}
    extra: dict[str, list[str]] = {}
    keywords: list[str] = []
    authors: tuple[str, ...] = ()
    year_text = date_text = document_type = ""
    for field_name, value in fields:
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
            elif lower == DOCUMENT_TYPE_FIELD and not document_type:
                document_type = text
            extra.setdefault(field_name, []).append(text)
    if "pages" in values:
        values["pages"] = values["pages"].replace("--", "-")
    year = read_year(year_text or date_text)
    record_fields: RecordFields = {
        **values,
        "authors": authors,
        "year": year,
        "keywords": tuple(keywords),
        # The vendor's document type says more than the entry type it chose
        # (Scopus writes a review or a book chapter as @ARTICLE or @BOOK).
        "pub_type": document_type or entry.entry_type.lower(),
        "key": key,
        "extra": extra,
        "raw": entry.raw or "",
        "line": line,
    }
    return Record(**record_fields)


def _concatenate(value: str, macros: dict[str, str]) -> str:
    """The text of a `a # {b}` value, which bibtexparser leaves as written."""
    return _joined(_concatenated_parts(value), macros)


def _joined(parts: list[str], macros: dict[str, str]) -> str:
    return "".join(
        part[1:-1] if part[:1] in ('"', "{") else macros.get(part.lower(), part) for part in parts
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
    if "&" in value:
        value = decode_entities(value)
    if "\\" in value or "$" in value or "~" in value:
        value = decode_latex(value)
    elif "{" in value or "}" in value:
        # Protective braces only (`{DNA}`): the common case, without the regex.
        value = value.replace("{", "").replace("}", "")
    return value.strip()


def _split_names(value: str) -> tuple[str, ...]:
    """Authors split on ` and ` outside braces (`{Barnes and Noble}` is one name)."""
    names = _split_outside_braces(value) if "{" in value else AND.split(value)
    if _is_plain(value):
        names = [name.strip() for name in names]  # all that cleaning would do
    else:
        names = [_clean("author", name) for name in names]
    return tuple(name for name in names if name and name.lower() != "others")


def _split_outside_braces(value: str) -> list[str]:
    names = []
    start = 0
    for match in AND.finditer(value):
        position = match.start()
        if value.count("{", start, position) == value.count("}", start, position):
            names.append(value[start:position])
            start = match.end()
    names.append(value[start:])
    return names


def _is_plain(value: str) -> bool:
    """No LaTeX, braces, entities or line breaks: the common case, worth a fast path."""
    return not (
        "\\" in value
        or "{" in value
        or "}" in value
        or "$" in value
        or "~" in value
        or "&" in value
        or "\n" in value
        or "\t" in value
    )


def _split_keywords(text: str) -> list[str]:
    separator = ";" if ";" in text else ","
    return [word.strip() for word in text.split(separator) if word.strip()]


def _unenclose(value: str) -> str:
    # Looser than bibtexparser's rule: `{a} # {b}` loses its outer braces. Kept for
    # duplicate-key entries, which have always been read this way.
    text = value.strip()
    if len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ('"', '"')):
        return text[1:-1]
    return text


def _failure(block: ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    return f"BibTeX block not read: {reason}" if reason else "BibTeX block not read"
