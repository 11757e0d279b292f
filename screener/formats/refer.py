"""EndNote tagged (Refer) export: `%0 Journal Article`, `%T Title`, `%A Author`, ... (read only).

A record is a run of `%X value` lines ended by a blank line (or by a second `%0`); an
untagged line continues the field above it. Some exports put `%0` after `%T`, so the
reference type may come anywhere in the record; others (AIS eLibrary) leave it out, and such
a record is read as EndNote's default type, a journal article, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from screener.errors import ParseIssue
from screener.formats.tagged import is_isbn, take, take_year
from screener.model import Record, RecordFields, TextTarget

# Record field <- Refer tags, in order of preference. The first non-empty value wins and
# leaves; every other value stays in `extra` under its tag ("%8", "%I", "%E", ...).
FIELD_TAGS: dict[TextTarget, tuple[str, ...]] = {
    "key": ("%F",),  # the label
    "pub_type": ("%0",),  # "Journal Article", raw; normalisation maps it
    "title": ("%T",),
    "journal": ("%J", "%B"),  # %B is the secondary title: a journal's name in EndNote
    "volume": ("%V",),
    "issue": ("%N",),
    "pages": ("%P",),
    "abstract": ("%X",),
    "doi": ("%R",),
    "url": ("%U",),
    "language": ("%G",),
    "accession": ("%M",),
}
TYPE_TAG = "%0"
DEFAULT_TYPE = "Journal Article"  # EndNote's default reference type
TITLE_TAG = "%T"
AUTHOR_TAG = "%A"  # %E (editors), %Y (tertiary authors) stay in extra
KEYWORD_TAG = "%K"  # one keyword per line, or several separated by ";"
YEAR_TAGS = ("%D", "%8")  # a year value leaves only when it is the bare year
SERIAL_TAG = "%@"  # ISBN when shaped like one, else ISSN
DATABASE_TAGS = ("%~", "%W")  # name of database, database provider; all stay in extra


def read(stream: TextIO, name: str) -> Iterator[Record | ParseIssue]:
    """Records and issues from an EndNote tagged stream, in file order, one record at a time.

    Values are raw; unmapped tags are kept in `extra` under their tag. A record with no
    `%0` is read as a journal article with a "warning" issue, unless it has no title
    either (an "error" issue: skipped); a line starting with `%` that is not a tag line is
    a "warning" issue.
    """
    ordinal = 0
    block: _Block | None = None
    for number, line in enumerate(stream, 1):
        text = line.rstrip().lstrip("\ufeff") if number == 1 else line.rstrip()
        if not text:
            if block is not None:
                item = block.finish(name, ordinal + 1)
                ordinal += isinstance(item, Record)
                yield item
                yield from block.issues
                block = None
            continue
        if text[0] == "%" and (len(text) == 2 or text[2:3] == " ") and text[1] != " ":
            tag, value = text[:2], text[3:].strip()
            if tag == TYPE_TAG and block is not None and TYPE_TAG in block.fields:
                item = block.finish(name, ordinal + 1)
                ordinal += isinstance(item, Record)
                yield item
                yield from block.issues
                block = None
            if block is None:
                block = _Block(number, name)
            block.add(tag, value, line)
        elif block is None:
            continue  # text before any record: a header, not data
        elif text[0] == "%":
            block.issues.append(ParseIssue(number, "malformed tag line", text, "warning", name))
            block.raw.append(line)
        else:
            block.extend(text.strip(), line, number)
    if block is not None:
        item = block.finish(name, ordinal + 1)
        yield item
        yield from block.issues


class _Block:
    """The tag values of one record as read, before mapping."""

    def __init__(self, line: int, name: str) -> None:
        self.line = line
        self.name = name
        self.fields: dict[str, list[str]] = {}
        self.raw: list[str] = []
        self.issues: list[ParseIssue] = []
        self.target: list[str] | None = None
        self.tag = ""

    def add(self, tag: str, value: str, line: str) -> None:
        self.raw.append(line)
        target = self.fields.setdefault(tag, [])
        if tag == KEYWORD_TAG:
            target.extend(_keywords(value))
        elif value:
            target.append(value)
        self.target, self.tag = target, tag

    def extend(self, text: str, line: str, number: int) -> None:
        self.raw.append(line)
        if self.target is None:
            message = "untagged line with no field to continue"
            self.issues.append(ParseIssue(number, message, text, "warning", self.name))
        elif self.tag == KEYWORD_TAG:
            self.target.extend(_keywords(text))
        elif self.target:
            self.target[-1] += "\n" + text
        else:
            self.target.append(text)

    def finish(self, name: str, ordinal: int) -> Record | ParseIssue:
        raw = "".join(self.raw)
        if not self.fields.get(TYPE_TAG):
            if not self.fields.get(TITLE_TAG):
                message = "record with neither reference type (%0) nor title (%T): skipped"
                return ParseIssue(self.line, message, raw, "error", name)
            message = f"record with no reference type (%0): read as {DEFAULT_TYPE.lower()}"
            self.issues.insert(0, ParseIssue(self.line, message, raw, "warning", name))
            self.fields[TYPE_TAG] = [DEFAULT_TYPE]
        return _to_record(self.fields, raw, self.line, f"{name}#{ordinal}")


def _keywords(text: str) -> list[str]:
    return [keyword.strip() for keyword in text.split(";") if keyword.strip()]


def _to_record(fields: dict[str, list[str]], raw: str, line: int, fallback_key: str) -> Record:
    text: RecordFields = {}
    for name, tags in FIELD_TAGS.items():
        text[name] = take(fields, tags)
    database = next((values[0] for tag in DATABASE_TAGS if (values := fields.get(tag))), "")
    # In this order: each value taken leaves `fields`, and what remains is extra.
    record_fields: RecordFields = {
        **text,
        "key": text["key"] or fallback_key,
        "authors": tuple(fields.pop(AUTHOR_TAG, ())),
        "year": take_year(fields, YEAR_TAGS),
        "isbn": take(fields, (SERIAL_TAG,), is_isbn),
        "issn": take(fields, (SERIAL_TAG,), lambda value: not is_isbn(value)),
        "keywords": tuple(fields.pop(KEYWORD_TAG, ())),
        "database": database,
        "extra": {tag: values for tag, values in fields.items() if values},
        "raw": raw,
        "line": line,
    }
    return Record(**record_fields)
