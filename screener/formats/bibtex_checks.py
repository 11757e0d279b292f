"""What the BibTeX splitter leaves to the reader: values that are not BibTeX values, text
outside entries, and fields an entry inherits through `crossref`.

The splitter takes a field's value as the text up to the next comma, whatever it holds;
`title = {T} junk` gives "{T} junk", and `journal = jama` with no `@string{jama = ...}` gives
"jama". `value_parts` reads the parts of a value (`a # {b}`) as BibTeX would, and says what
it could not read. `Crossrefs` gives an entry the fields of the entry its `crossref` names,
as BibTeX does, where the entry lacks them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bibtexparser.model import Entry

# A macro name: no leading digit, none of BibTeX's special characters.
_MACRO_NAME = re.compile(r"[^\d\s\"#%'(),={}][^\s\"#%'(),={}]*")
# Macros every BibTeX style defines; read as written (a month name), never "undefined".
PREDEFINED_MACROS = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)

# Fields an entry inherits from the entry its crossref names, when it lacks them (the
# container's details); never its identity (title, authors, DOI, pages, abstract).
INHERITED_FIELDS = frozenset(
    {
        "booktitle",
        "booksubtitle",
        "journal",
        "journaltitle",
        "year",
        "date",
        "month",
        "publisher",
        "address",
        "location",
        "editor",
        "series",
        "volume",
        "number",
        "isbn",
        "issn",
        "organization",
        "institution",
        "school",
        "edition",
        "eventtitle",
        "eventdate",
        "venue",
        "language",
    }
)
# Entry types that hold the works of others: named by a crossref and without authors of
# their own, such an entry is the container of the entries naming it, not a record.
CONTAINER_TYPES = frozenset(
    {
        "proceedings",
        "mvproceedings",
        "collection",
        "mvcollection",
        "book",
        "mvbook",
        "reference",
        "mvreference",
        "periodical",
    }
)
# A parent's title is the title of the book or proceedings the child is in.
_TITLE_AS = "booktitle"


def value_parts(parts: list[str], macros: dict[str, str]) -> tuple[list[str], list[str]]:
    """The parts of a value as they should be read, and a problem for each part BibTeX
    would not read: text after an enclosed value (dropped), an undefined @string (read as
    its name), a bare word that is neither (read as written)."""
    read: list[str] = []
    problems: list[str] = []
    for part in parts:
        if not part or (part.isdigit() and part.isascii()):
            read.append(part)
        elif part[0] in '{"':
            end = _enclosed_end(part)
            if 0 < end < len(part):
                problems.append(f"text after the value ignored: {part[end:].strip()!r}")
                part = part[:end]
            read.append(part)
        elif _MACRO_NAME.fullmatch(part):
            folded = part.lower()
            if folded not in macros and folded not in PREDEFINED_MACROS:
                problems.append(f"@string {part!r} is not defined; read as its name")
            read.append(part)
        else:
            problems.append(f"not a BibTeX value: {part!r}; read as written")
            read.append(part)
    return read, problems


def _enclosed_end(part: str) -> int:
    """The index just past the braced or quoted value `part` starts with; 0 if unclosed."""
    depth = 0
    if part[0] == "{":
        for position, char in enumerate(part):
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return position + 1
        return 0
    for position in range(1, len(part)):  # quoted: up to the next quote outside braces
        char = part[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return position + 1
    return 0


def looks_like_data(comment: str) -> bool:
    """Whether text outside any entry holds what entries are made of (braces, `=`): a
    broken entry, or junk after one, rather than a comment (`%` lines aside)."""
    lines = (line for line in comment.splitlines() if not line.lstrip().startswith("%"))
    return any(char in line for line in lines for char in "{}=")


class Crossrefs:
    """The entries that `crossref` fields name, found before any entry is read (a
    proceedings entry usually comes after the papers in it)."""

    def __init__(
        self, entries: Iterable[Entry], read_fields: Callable[[Entry], list[tuple[str, str]]]
    ) -> None:
        entries = list(entries)
        by_key = {entry.key: entry for entry in entries}
        by_folded_key = {entry.key.lower(): entry for entry in reversed(entries)}
        self._parents: dict[str, Entry] = {}
        for entry in entries:
            for field in entry.fields:
                if field.key.lower() != "crossref":
                    continue
                key = _key(field.value)
                parent = by_key.get(key) or by_folded_key.get(key.lower())
                # An entry naming itself is no container (else it would vanish as one).
                if parent is not None and parent is not entry:
                    self._parents[key] = parent
        self._parent_ids = {id(parent) for parent in self._parents.values()}
        self._read_fields = read_fields
        self._inherited: dict[str, list[tuple[str, str]]] = {}

    def only_a_container(self, entry: Entry) -> bool:
        """Whether `entry` serves only as the container its children name by crossref (a
        proceedings volume), so that it is no record of its own."""
        return (
            entry.entry_type.lower() in CONTAINER_TYPES
            and id(entry) in self._parent_ids
            and not any(field.key.lower() == "author" for field in entry.fields)
        )

    def inherit(self, entry: Entry, fields: list[tuple[str, str]]) -> tuple[int, str]:
        """Add to `fields` (the entry's, as read) what the entry inherits; (line, problem)
        when its crossref names no entry, else (0, "")."""
        field = next((f for f in entry.fields if f.key.lower() == "crossref"), None)
        if field is None:
            return 0, ""
        key = _key(field.value)
        parent = self._parents.get(key)
        if parent is None or parent is entry:
            line = (field.start_line or 0) + 1
            return line, f"crossref {key!r} names no other entry in the file; nothing inherited"
        has = {name.lower() for name, _ in fields}
        for name, value in self._parent_fields(key, parent):
            lower = name.lower()
            if lower == "title":
                name = lower = _TITLE_AS
            if lower in INHERITED_FIELDS and lower not in has and value:
                fields.append((name, value))
                has.add(lower)
        return 0, ""

    def _parent_fields(self, key: str, parent: Entry) -> list[tuple[str, str]]:
        fields = self._inherited.get(key)
        if fields is None:
            fields = self._inherited[key] = self._read_fields(parent)
        return fields


def _key(value: str) -> str:
    text = value.strip()
    if len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ('"', '"')):
        text = text[1:-1]
    return text.strip()
