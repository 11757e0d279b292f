"""CSL-JSON: the array of items citation processors and Zotero read and write.

Record fields CSL has no variable for (database aside) and unmapped fields from other
formats travel in the item's `custom` object (CSL-JSON 1.0.2), so write -> read loses none.
An item with the keys of Publish or Perish's JSON (`authors`, `cites`, ...) rather than CSL's
is read as that export (`scholar_json`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TextIO

from screener.errors import FormatError, ParseIssue
from screener.formats.export_context import WriteContext
from screener.formats.scholar_json import is_scholar_item, scholar_record
from screener.model import PUB_TYPES, Record, RecordFields, TextTarget
from screener.normalize import parse_year, split_authors

# Record text field -> CSL variable, in the order items are written.
VARIABLES: dict[TextTarget, str] = {
    "title": "title",
    "journal": "container-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "issn": "ISSN",
    "isbn": "ISBN",
    "abstract": "abstract",
    "url": "URL",
    "language": "language",
    "database": "source",
}
FIELDS_BY_VARIABLE: dict[str, TextTarget] = {
    variable: field for field, variable in VARIABLES.items()
}

NOTE_VARIABLE = "note"  # where the notice links of a record are written
ANNOTATIONS = "screener"  # the `custom` member holding what a review's export adds

# Record.pub_type -> CSL item type. The ones CSL cannot say also go in `genre`.
CSL_TYPES: dict[str, str] = {
    "article": "article-journal",
    "review": "article-journal",
    "editorial": "article-journal",
    "letter": "article-journal",
    "erratum": "article-journal",
    "conference": "paper-conference",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "preprint": "article",  # CSL's "article" is a preprint or working paper
    "other": "document",
}
PUB_TYPES_BY_CSL: dict[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "conference",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "article": "preprint",
}
# Types CSL has no item type for travel in `genre`; an item typed "document" with no genre
# says nothing about its type.
_GENRE_TYPES = frozenset({"review", "editorial", "letter", "erratum", "other"})

# CSL variables whose values are not strings: kept in `extra` as JSON text.
STRUCTURED_VARIABLES = frozenset(
    {
        "accessed",
        "available-date",
        "event-date",
        "original-date",
        "submitted",
        "editor",
        "translator",
        "container-author",
        "collection-editor",
        "director",
        "interviewer",
        "recipient",
        "reviewed-author",
    }
)
# Further standard CSL variables an `extra` field may be written back as.
OTHER_VARIABLES = frozenset(
    {
        "publisher",
        "publisher-place",
        "edition",
        "collection-title",
        "collection-number",
        "container-title-short",
        "journalAbbreviation",
        "title-short",
        "number",
        "number-of-pages",
        "note",
        "annote",
        "event",
        "event-place",
        "medium",
        "status",
        "version",
        "PMCID",
        "archive",
        "archive_location",
        "call-number",
        "genre",
        "original-title",
    }
)


def read(stream: TextIO, name: str, **options: Any) -> Iterator[Record | ParseIssue]:
    """Records from a JSON array of CSL items (or one item), in order; items with Publish or
    Perish's keys are read as such. An array element that is not an object is an error
    issue, an `author` that is not a list of names a warning (a string is read as names).
    Raises FormatError with the line for bad JSON."""
    text = stream.read()
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if text.startswith("{", position):
        item, _ = _decode(decoder, text, position, name)
        line = 1 + text.count("\n", 0, position)
        yield from _item_record(item, f"{name}#1", line, text, name)
        return
    if not text.startswith("[", position):
        raise _error("a CSL-JSON file holds an array of items", text, position, name)
    position = _skip_space(text, position + 1)
    line, counted, ordinal = 1, 0, 0
    while not text.startswith("]", position):
        item, end = _decode(decoder, text, position, name)
        line += text.count("\n", counted, position)
        counted = position
        ordinal += 1
        if isinstance(item, dict):
            yield from _item_record(item, f"{name}#{ordinal}", line, text[position:end], name)
        else:
            yield ParseIssue(line, "not a CSL item (a JSON object)", text[position:end], file=name)
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            raise _error("expected ',' or ']' after an item", text, position, name)
    if _skip_space(text, position + 1) != len(text):
        raise _error("text after the array of items", text, position + 1, name)


def write(
    records: Iterable[Record],
    stream: TextIO,
    *,
    context: WriteContext | None = None,
    annotations: Callable[[Record], Mapping[str, str]] | None = None,
) -> int:
    """A JSON array of CSL items, one per record, that `read` gives back field for field.

    An unmapped field read from CSL-JSON that is a CSL variable is written as that variable;
    every other one travels in the item's `custom` object, so nothing is left out. The
    context's notes (notice links) are added to the `note` variable, one per line.
    `annotations` (a review's export: the record's id, status, decisions ...) go in
    `custom.screener`, which `read` leaves out: they describe the review, not the record.
    """
    context = context or WriteContext()
    used: set[str] = set()
    count = 0
    stream.write("[")
    for record in records:
        count += 1
        item = _record_item(record, count, used, context)
        if annotations is not None:
            item.setdefault("custom", {})[ANNOTATIONS] = dict(annotations(record))
        stream.write(",\n" if count > 1 else "\n")
        stream.write(json.dumps(item, ensure_ascii=False, indent=2))
    stream.write("\n]\n" if count else "]\n")
    return count


def _record_item(
    record: Record, ordinal: int, used: set[str], context: WriteContext
) -> dict[str, Any]:
    key = record.key or f"record{ordinal}"
    item_id, suffix = key, 1
    while item_id in used:
        suffix += 1
        item_id = f"{key}-{suffix}"
    used.add(item_id)
    item: dict[str, Any] = {"id": item_id, "type": CSL_TYPES.get(record.pub_type, "document")}
    if record.pub_type and (record.pub_type in _GENRE_TYPES or record.pub_type not in CSL_TYPES):
        item["genre"] = record.pub_type
    if record.authors:
        item["author"] = [_name(author) for author in record.authors]
    if record.year is not None:
        item["issued"] = {"date-parts": [[record.year]]}
    for field, variable in VARIABLES.items():
        value = getattr(record, field)
        if value:
            item[variable] = value
    if record.keywords:
        keyword = "; ".join(record.keywords)
        # A lone keyword holding a comma must not be split on commas when read back.
        item["keyword"] = keyword + ";" if len(record.keywords) == 1 and "," in keyword else keyword
    custom: dict[str, Any] = {}
    if key != item_id:
        custom["key"] = key
    if record.accession:
        custom["accession"] = record.accession
    native = context.extras_from(record, "json")
    for name, values in record.extra.items():
        own = native.get(name) == values
        if name in item or not own:
            custom[name] = values
        elif name in STRUCTURED_VARIABLES and len(values) == 1:
            item[name] = _json_or_text(values[0])
        elif name in OTHER_VARIABLES and len(values) == 1:
            item[name] = values[0]
        else:
            custom[name] = values
    notes = context.notes_of(record)
    if notes:
        earlier = item.get(NOTE_VARIABLE)
        item[NOTE_VARIABLE] = "\n".join([earlier, *notes] if earlier else notes)
    if custom:
        item["custom"] = custom
    return item


def _item_record(
    item: dict[str, Any], default_key: str, line: int, raw: str, name: str
) -> Iterator[Record | ParseIssue]:
    """The item's record, then a warning when its `author` is not a list of names."""
    if is_scholar_item(item):
        yield scholar_record(item, default_key, line, raw)
        return
    authors, problem = _authors(item.get("author"))
    values: RecordFields = {}
    extra: dict[str, list[str]] = {}
    custom = item.get("custom")
    if isinstance(custom, dict):
        values["accession"] = _text(custom.get("accession", ""))
        for field, value in custom.items():
            if field not in ("accession", "key", ANNOTATIONS):
                extra[field] = (
                    [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
                )
    for variable, value in item.items():
        field = FIELDS_BY_VARIABLE.get(variable)
        if field is not None:
            values[field] = _text(value)
        elif variable not in ("id", "type", "genre", "author", "issued", "keyword", "custom"):
            extra[variable] = [_text(value)]
    genre = _text(item.get("genre", "")).lower()
    csl_type = _text(item.get("type", ""))
    if genre in PUB_TYPES:
        values["pub_type"] = genre
    elif csl_type == "document":
        values["pub_type"] = _text(item.get("genre", ""))
    else:
        values["pub_type"] = PUB_TYPES_BY_CSL.get(csl_type, csl_type)
        if genre:
            extra["genre"] = [_text(item["genre"])]
    key = _text(custom.get("key", "")) if isinstance(custom, dict) else ""
    record_fields: RecordFields = {
        **values,
        "authors": authors,
        "year": _year(item.get("issued")),
        "keywords": _keywords(item.get("keyword", "")),
        "key": key or _text(item.get("id", "")) or default_key,
        "extra": extra,
        "raw": raw,
        "line": line,
    }
    yield Record(**record_fields)
    if problem:
        yield ParseIssue(line, problem, raw, "warning", name)


def _authors(value: Any) -> tuple[tuple[str, ...], str]:
    """The names of an item's `author` value, and what was wrong with it ("" when it is a
    list of names, as CSL has it, or absent)."""
    if value is None or value == []:
        return (), ""
    if isinstance(value, list):
        return tuple(_author(person) for person in value), ""
    if isinstance(value, str):
        names = tuple(split_authors(value))
        return names, f"author is a string, not a list of names; read as {len(names)} name(s)"
    if isinstance(value, dict):
        return (_author(value),), "author is one name, not a list of names; read as one"
    return (), f"author is {type(value).__name__}, not a list of names; ignored"


def _name(author: str) -> dict[str, str]:
    family, comma, given = author.partition(",")
    if not comma:
        return {"literal": author}
    return {"family": family.strip(), "given": given.strip()}


def _author(person: Any) -> str:
    if not isinstance(person, dict):
        return _text(person)
    if person.get("literal"):
        return _text(person["literal"])
    family = " ".join(
        _text(part) for part in (person.get("non-dropping-particle"), person.get("family")) if part
    )
    given = " ".join(
        _text(part) for part in (person.get("given"), person.get("dropping-particle")) if part
    )
    name = f"{family}, {given}" if given else family
    return f"{name}, {_text(person['suffix'])}" if person.get("suffix") else name


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool) and 0 < year < 10_000:
                return year
            return parse_year(_text(year))
        return parse_year(_text(issued.get("raw") or issued.get("literal") or ""))
    return parse_year(_text(issued)) if issued else None


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_text(word).strip() for word in value if _text(word).strip())
    text = _text(value)
    separator = ";" if ";" in text else ","
    return tuple(word.strip() for word in text.split(separator) if word.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_or_text(value: str) -> Any:
    if value.startswith(("{", "[")):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _decode(decoder: json.JSONDecoder, text: str, position: int, name: str) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, position)
    except json.JSONDecodeError as error:
        message = f"malformed JSON: {error.msg}"
        raise FormatError(message, file=name, line=error.lineno, column=error.colno) from None
    except RecursionError:
        message = "malformed JSON: arrays or objects nested too deeply"
        raise _error(message, text, position, name) from None


def _error(message: str, text: str, position: int, name: str) -> FormatError:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return FormatError(message, file=name, line=line, column=column)
