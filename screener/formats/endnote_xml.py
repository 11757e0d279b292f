"""EndNote XML (`<xml><records><record>...`), streamed record by record.

Parsed with expat directly rather than ElementTree so that each record knows its line, and
so that an entity declaration is refused the moment the parser meets it: no entity is ever
expanded and no external entity or DTD is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TextIO
from xml.parsers import expat

from screener.errors import FormatError, ParseIssue
from screener.model import Record, RecordFields, TextTarget
from screener.normalize import read_year

# Element path inside <record> (without the <style> runs) -> Record text field.
# The first path to fill a field wins; later ones stay in `extra`.
FIELD_PATHS: dict[str, TextTarget] = {
    "titles/title": "title",
    "titles/secondary-title": "journal",
    "periodical/full-title": "journal",
    "volume": "volume",
    "number": "issue",
    "pages": "pages",
    "abstract": "abstract",
    "electronic-resource-num": "doi",
    "accession-num": "accession",
    "urls/related-urls/url": "url",
    "language": "language",
    "remote-database-name": "database",
    "rec-number": "key",
}
AUTHOR_PATH = "contributors/authors/author"
KEYWORD_PATH = "keywords/keyword"
YEAR_PATH = "dates/year"
ISBN_PATH = "isbn"  # EndNote keeps ISSNs and ISBNs in one field; told apart by shape
# Text whose line breaks mean something to a reader.
KEEP_LINES = frozenset({"abstract", "notes"})

# <ref-type> numbers of EndNote's reference types, for exports without the name attribute.
REF_TYPES: dict[str, str] = {
    "0": "Generic",
    "5": "Book Section",
    "6": "Book",
    "10": "Conference Proceedings",
    "12": "Web Page",
    "13": "Generic",
    "17": "Journal Article",
    "27": "Report",
    "32": "Thesis",
    "47": "Conference Paper",
}

_ISSN = re.compile(r"\d{4}-?\d{3}[\dXx]")
_CHUNK = 1 << 16


class _Records:
    """expat handlers that gather each <record> into (path, text) pairs, in document order."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.depth = 0  # elements open inside the current record; -1 outside records
        self.path: list[str] = []
        self.texts: list[list[str]] = []  # text directly in each open element
        self.styled: list[list[str] | None] = []  # text of its <style> runs, if it has any
        self.parents: list[bool] = []  # whether each open element has child elements
        self.styles = 0
        self.fields: list[tuple[str, str]] = []
        self.ref_type = ""
        self.line = 0
        self.start = 0
        self.finished: list[tuple[list[tuple[str, str]], str, int, int, int]] = []
        self.in_record = False

    def start_element(self, name: str, attributes: dict[str, str]) -> None:
        if name == "record" and not self.in_record:
            self.in_record = True
            self.fields, self.ref_type = [], ""
            self.line = self.parser.CurrentLineNumber
            self.start = self.parser.CurrentByteIndex
            return
        if not self.in_record:
            return
        if name == "style":
            self.styles += 1
            if self.styled and self.styled[-1] is None:
                self.styled[-1] = []
            return
        if self.parents:
            self.parents[-1] = True
        self.path.append(name)
        self.texts.append([])
        self.styled.append(None)
        self.parents.append(False)
        if name == "ref-type" and len(self.path) == 1:
            self.ref_type = attributes.get("name", "")

    def end_element(self, name: str) -> None:
        if not self.in_record:
            return
        if name == "style":
            self.styles -= 1
            return
        if not self.path:  # </record>
            self.in_record = False
            end = self.parser.CurrentByteIndex
            self.finished.append((self.fields, self.ref_type, self.line, self.start, end))
            return
        path = "/".join(self.path)
        self.path.pop()
        direct, styled, parent = self.texts.pop(), self.styled.pop(), self.parents.pop()
        if parent:
            return  # only indentation between its children
        text = "".join(styled if styled is not None else direct)
        if name in KEEP_LINES:
            # EndNote writes paragraph breaks as carriage returns (&#xD;).
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        else:
            text = " ".join(text.split())
        if text:
            self.fields.append((path, text))

    def characters(self, data: str) -> None:
        if not self.texts:
            return
        if self.styles:
            styled = self.styled[-1]
            if styled is not None:
                styled.append(data)
        else:
            self.texts[-1].append(data)


def read(stream: TextIO, name: str, **options: Any) -> Iterator[Record | ParseIssue]:
    """Records in document order. Raises FormatError for malformed XML (with its line) and
    for any entity declaration."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    records = _Records(parser)
    parser.StartElementHandler = records.start_element
    parser.EndElementHandler = records.end_element
    parser.CharacterDataHandler = records.characters
    parser.buffer_text = True

    def refuse_entity(*_: object) -> None:
        line = parser.CurrentLineNumber
        raise FormatError("XML entity declarations are not allowed", file=name, line=line)

    parser.EntityDeclHandler = refuse_entity
    # Bytes fed so far, from `base` on, kept to cut out each record's raw text.
    fed = bytearray()
    base = 0
    ordinal = 0
    final = False
    while not final:
        chunk = stream.read(_CHUNK)
        final = not chunk
        fed += chunk.encode("utf-8")
        try:
            parser.Parse(chunk, final)
        except expat.ExpatError as error:
            message = f"malformed XML: {expat.ErrorString(error.code)}"
            raise FormatError(
                message, file=name, line=error.lineno, column=error.offset + 1
            ) from None
        for fields, ref_type, line, start, end in records.finished:
            ordinal += 1
            raw = bytes(fed[start - base : end - base]).decode("utf-8") + "</record>"
            yield _record(fields, ref_type, f"{name}#{ordinal}", line, raw)
        if records.finished:
            # Nothing before the end of the last finished record is needed again.
            cut = records.finished[-1][4]
            del fed[: cut - base]
            base = cut
            records.finished.clear()


def _record(
    fields: list[tuple[str, str]], ref_type: str, default_key: str, line: int, raw: str
) -> Record:
    values: RecordFields = {}
    extra: dict[str, list[str]] = {}
    authors: list[str] = []
    keywords: list[str] = []
    year_text = ""
    for path, text in fields:
        target = FIELD_PATHS.get(path)
        if target is not None and target not in values:
            values[target] = text
        elif path == AUTHOR_PATH:
            authors.append(text)
        elif path == KEYWORD_PATH:
            keywords.append(text)
        elif path == "ref-type":
            ref_type = ref_type or REF_TYPES.get(text, text)
        elif path == YEAR_PATH and not year_text:
            year_text = text
        elif path == ISBN_PATH and not ({"issn", "isbn"} & values.keys()):
            values["issn" if _ISSN.match(text) else "isbn"] = text
        else:
            extra.setdefault(path, []).append(text)
    record_fields: RecordFields = {
        **values,
        "authors": tuple(authors),
        "year": read_year(year_text),
        "keywords": tuple(keywords),
        "pub_type": ref_type,
        "key": values.get("key", default_key),
        "extra": extra,
        "raw": raw,
        "line": line,
    }
    return Record(**record_fields)
