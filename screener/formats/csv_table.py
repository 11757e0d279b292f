"""CSV / TSV tables: vendor layouts recognised by their header, streamed row by row.

The delimiter (comma, semicolon or tab) is sniffed on the header line; the layout tables
live in `csv_layouts`. The writer produces screener's export layout, with cells that a
spreadsheet would run as formulas neutralised; the reader recognises that layout and
undoes the neutralisation, so write -> read gives the same records back.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from screener.errors import FormatError, ParseIssue
from screener.formats.csv_layouts import (
    AUTHOR_FULL_NAMES,
    CITATION,
    EMBASE_SOURCE,
    EXPORT_COLUMNS,
    MAPPABLE_FIELDS,
    OPEN_URL,
    PAGE_END,
    PAGE_START,
    PUBMED_LIST,
    RUN_TOGETHER,
    Layout,
    choose_layout,
)
from screener.formats.csv_rows import rows_of
from screener.formats.csv_vendors import (
    fill_from_open_url,
    fill_from_pubmed_citation,
    pubmed_type,
    split_pubmed_authors,
    split_run_together,
)
from screener.formats.embase_source import fill_from_source
from screener.formats.export_context import WriteContext
from screener.model import Record, RecordFields, TextTarget, is_text_target
from screener.normalize import read_year, split_authors

# Cells a spreadsheet would run as a formula get a leading apostrophe; so does a cell that
# already begins with an apostrophe before one of these, so that the reader can undo it.
_FORMULA_STARTS = ("=", "+", "-", "@")
_AFTER_APOSTROPHE = (*_FORMULA_STARTS, "'")
_RISKY_FIRST = frozenset(_AFTER_APOSTROPHE)

_SCOPUS_ID = re.compile(r"\s*\(\d+\)")
# Composite cells read only in part (the date of a citation, the rest of a link): each is
# also kept whole in `extra`.
_KEPT = frozenset({EMBASE_SOURCE, OPEN_URL})
_TORN = "a quote opened here is not closed on this line; read as a row of its own"
# Scopus "References" cells can outgrow the csv module's default of 131,072 characters.
_FIELD_SIZE_LIMIT = 1 << 24


@dataclass(frozen=True, slots=True)
class _Plan:
    """Where each column of one table goes, resolved once from its header."""

    layout: Layout
    width: int
    fields: tuple[tuple[int, TextTarget], ...]
    years: tuple[int, ...]
    authors: tuple[int, ...]
    full_names: tuple[int, ...]
    keywords: tuple[int, ...]
    page_start: int | None
    page_end: int | None
    citation: int | None
    source: int | None
    open_url: int | None
    extra: tuple[tuple[int, str], ...]


def read(
    stream: TextIO, name: str, *, mapping: dict[str, str] | None = None, **options: Any
) -> Generator[Record | ParseIssue, None, int]:
    """Records in row order; a row whose cell count differs from the header's is skipped
    as an error issue at its line; a line whose stray quote would merge the lines after it
    into one cell is read as a row of its own, with a warning. Returns how many `name#N`
    ordinals it used.

    `mapping` (Record field -> column name) overrides the layout's choice for those fields.
    Raises FormatError for a table without a title column, or a mapping naming an unknown
    field or a column the header lacks.
    """
    first = stream.readline()
    if not first.strip():
        raise FormatError("no header line", file=name, line=1)
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_SIZE_LIMIT))
    rows = rows_of(itertools.chain((first,), stream), _sniff_delimiter(first))
    header, _, previous, _ = next(rows)
    header[0] = header[0].lstrip("\ufeff")
    plan = _plan(header, mapping, name)
    build = _builder(plan, name)
    width = plan.width
    ordinal = 0
    try:
        for row, raw, spanned, torn in rows:
            line = previous + 1
            previous += spanned
            if not row:
                continue
            ordinal += 1
            if torn:
                yield ParseIssue(line, _TORN, raw, "warning", name)
            # Surplus empty cells (a trailing delimiter) carry nothing to lose.
            if len(row) != width and (len(row) < width or any(row[width:])):
                message = f"{len(row)} cells where the header has {width}; row skipped"
                yield ParseIssue(line, message, raw, "error", name)
                continue
            yield build(row, ordinal, line, raw)
    except csv.Error as error:
        raise FormatError(f"not a readable table: {error}", file=name, line=previous) from None
    return ordinal


NOTICES_COLUMN = "notices"  # the notice links of a record, as `WriteContext.notes` gives them


def write(
    records: Iterable[Record],
    stream: TextIO,
    *,
    status_of: Callable[[Record], str] | None = None,
    context: WriteContext | None = None,
    columns: Mapping[str, Callable[[Record], str]] | None = None,
    trailing: Mapping[str, Callable[[Record], str]] | None = None,
) -> int:
    """screener's CSV export: the columns of `csv_layouts.EXPORT_COLUMNS`, then `columns`
    (name -> the cell of a record), given a `context` its notes in a `notices` column, then
    `trailing` (as `columns`); authors, keywords and notes joined by "; ", formula-like
    cells neutralised. Returns the records written. Fields outside these columns are not
    written (a table has its columns)."""
    added = dict(columns or {})
    if context is not None:
        notes_of = context.notes_of
        added[NOTICES_COLUMN] = lambda record: "; ".join(notes_of(record))
    added.update(trailing or {})
    writerow = table_writer(stream)
    writerow((*EXPORT_COLUMNS, *added))
    cells = tuple(added.values())
    count = 0
    for record in records:
        count += 1
        row = (
            "" if record.id is None else str(record.id),
            record.key,
            status_of(record) if status_of else "",
            record.title,
            "; ".join(record.authors),
            "" if record.year is None else str(record.year),
            record.journal,
            record.volume,
            record.issue,
            record.pages,
            record.doi,
            record.pmid,
            record.abstract,
            record.database,
            record.issn,
            record.isbn,
            record.language,
            record.pub_type,
            "; ".join(record.keywords),
            record.url,
            record.accession,
            *(cell(record) for cell in cells),
        )
        writerow(row)
    return count


def table_writer(
    stream: TextIO, *, lineterminator: str = "\n"
) -> Callable[[Iterable[object]], None]:
    """`writerow` of the one CSV writer for every table screener writes (exports, dedupe
    groups and pairs, reports): each cell as text, formula-like cells neutralised."""
    writer = csv.writer(stream, lineterminator=lineterminator)
    first = _RISKY_FIRST

    def writerow(row: Iterable[object]) -> None:
        # The first character alone clears nearly every cell: `neutralised` is called only
        # for the few that begin like a formula (a tenth of a 50,000-record export's time).
        cells = [cell if type(cell) is str else str(cell) for cell in row]
        writer.writerow([neutralised(cell) if cell[:1] in first else cell for cell in cells])

    return writerow


def neutralised(cell: str) -> str:
    """The cell with a leading apostrophe where a spreadsheet would run it as a formula (or
    where one already stands before such a start, so that the reader can undo it)."""
    return "'" + cell if _is_risky(cell) else cell


def _is_risky(cell: str) -> bool:
    return cell.startswith(_FORMULA_STARTS) or (
        cell.startswith("'") and cell[1:2] in _AFTER_APOSTROPHE
    )


def _sniff_delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in ("\t", ";", ",")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def _plan(header: list[str], mapping: dict[str, str] | None, name: str) -> _Plan:
    layout = choose_layout(header)
    targets: list[str | None] = [layout.columns.get(column.strip().lower()) for column in header]
    for field, column in (mapping or {}).items():
        if field not in MAPPABLE_FIELDS:
            known = ", ".join(MAPPABLE_FIELDS)
            raise FormatError(f"unknown record field {field!r} in the mapping (known: {known})")
        index = _column_index(header, column, name)
        for other, target in enumerate(targets):
            if target is not None and _fills(target, field):
                targets[other] = None
        targets[index] = field
    if "title" not in targets:
        raise FormatError("no title column; use --map title=COLUMN", file=name, line=1)

    def indexes(target: str) -> tuple[int, ...]:
        return tuple(i for i, t in enumerate(targets) if t == target)

    return _Plan(
        layout=layout,
        width=len(header),
        fields=tuple((i, t) for i, t in enumerate(targets) if is_text_target(t)),
        years=indexes("year"),
        authors=indexes("authors"),
        full_names=indexes(AUTHOR_FULL_NAMES),
        keywords=indexes("keywords"),
        page_start=next(iter(indexes(PAGE_START)), None),
        page_end=next(iter(indexes(PAGE_END)), None),
        citation=next(iter(indexes(CITATION)), None),
        source=next(iter(indexes(EMBASE_SOURCE)), None),
        open_url=next(iter(indexes(OPEN_URL)), None),
        extra=tuple(
            (i, header[i]) for i, t in enumerate(targets) if (t is None or t in _KEPT) and header[i]
        ),
    )


def _fills(target: str, field: str) -> bool:
    """Whether a column with this target would also fill `field`."""
    if target == field:
        return True
    return (
        (field == "pages" and target in (PAGE_START, PAGE_END))
        or (field == "authors" and target == AUTHOR_FULL_NAMES)
        or (field == "doi" and target == OPEN_URL)
    )


def _column_index(header: list[str], column: str, name: str) -> int:
    stripped = [cell.strip() for cell in header]
    if column in stripped:
        return stripped.index(column)
    lowered = [cell.lower() for cell in stripped]
    if column.strip().lower() in lowered:
        return lowered.index(column.strip().lower())
    columns = ", ".join(stripped)
    raise FormatError(f"no column {column!r} in the header (columns: {columns})", file=name)


# Placeholders vendors write where a record has no abstract (Scopus, Embase).
_NO_ABSTRACT = frozenset({"[no abstract available]", "no abstract available"})
# Case folding never shortens text, so a longer abstract cannot be a placeholder and is
# not worth folding.
_NO_ABSTRACT_LENGTH = max(map(len, _NO_ABSTRACT))

_Builder = Callable[[list[str], int, int, str], Record]


def _builder(plan: _Plan, name: str) -> _Builder:
    """The Record of one row (cells, ordinal, line, raw), with every decision that depends
    only on the header taken here, once per table rather than once per row."""
    layout = plan.layout
    # Reversed, so that where several columns fill a field the first non-empty one wins.
    fields = plan.fields[::-1]
    years = plan.years
    key_from = layout.key_from
    database = layout.database
    exported = layout.exported
    authors_of = _authors_reader(plan)
    keywords_of = _keywords_reader(plan)
    has_pages = plan.page_start is not None
    citation = plan.citation
    source = plan.source
    open_url = plan.open_url
    default_type = layout.pub_type
    type_names = layout.type_names
    extra_columns = plan.extra

    def build(row: list[str], ordinal: int, line: int, raw: str) -> Record:
        if exported:
            row = _undo_neutralising(row)
        values: RecordFields = {}
        for index, target in fields:
            if cell := row[index].strip():
                values[target] = cell
        abstract = values.get("abstract")
        if (
            abstract is not None
            and len(abstract) <= _NO_ABSTRACT_LENGTH
            and abstract.casefold() in _NO_ABSTRACT
        ):
            del values["abstract"]
        if "key" not in values:
            values["key"] = (values.get(key_from, "") if key_from else "") or f"{name}#{ordinal}"
        year_text = next((cell for index in years if (cell := row[index].strip())), "")
        values["year"] = read_year(year_text)
        if has_pages and "pages" not in values:
            _fill_pages(row, plan, values)
        if citation is not None and row[citation]:
            fill_from_pubmed_citation(row[citation], values)
        if source is not None and row[source]:
            fill_from_source(row[source], values)
        if open_url is not None and row[open_url]:
            fill_from_open_url(row[open_url], values)
        if type_names and "pub_type" in values:
            values["pub_type"] = type_names.get(values["pub_type"].lower(), values["pub_type"])
        elif default_type:
            # A citation (PubMed's) may name a book or chapter in place of the default.
            values["pub_type"] = (
                pubmed_type(row[citation]) if citation is not None else default_type
            )
        if database and "database" not in values:
            values["database"] = database
        values["authors"] = authors_of(row)
        values["keywords"] = keywords_of(row)
        values["extra"] = {column: [row[index]] for index, column in extra_columns if row[index]}
        values["raw"] = raw
        values["line"] = line
        return Record(**values)

    return build


def _undo_neutralising(row: list[str]) -> list[str]:
    return [
        cell[1:] if cell.startswith("'") and cell[1:2] in _AFTER_APOSTROPHE else cell
        for cell in row
    ]


def _fill_pages(row: list[str], plan: _Plan, values: RecordFields) -> None:
    start = row[plan.page_start] if plan.page_start is not None else ""
    if start:
        end = row[plan.page_end].strip() if plan.page_end is not None else ""
        values["pages"] = f"{start.strip()}-{end}" if end else start


def _authors_reader(plan: _Plan) -> Callable[[list[str]], tuple[str, ...]]:
    """How a row's authors are read; the general rule only for tables that need it."""
    if plan.full_names or plan.layout.exported or len(plan.authors) > 1:
        return lambda row: _authors(row, plan)
    if not plan.authors:
        return lambda row: ()
    (index,) = plan.authors
    split = _AUTHOR_SPLITTERS.get(plan.layout.authors, split_authors)
    return lambda row: tuple(split(row[index])) if row[index] else ()


# How a layout's authors cell splits into names, by Layout.authors.
_AUTHOR_SPLITTERS: dict[str, Callable[[str], list[str]]] = {
    PUBMED_LIST: split_pubmed_authors,
    RUN_TOGETHER: split_run_together,
}


def _keywords_reader(plan: _Plan) -> Callable[[list[str]], tuple[str, ...]]:
    if not plan.keywords:
        return lambda row: ()
    return lambda row: _keywords(row, plan)


def _authors(row: list[str], plan: _Plan) -> tuple[str, ...]:
    for index in plan.full_names:
        if row[index]:
            return tuple(_split_list(_SCOPUS_ID.sub("", row[index]), ";"))
    for index in plan.authors:
        if row[index]:
            if plan.layout.exported:
                return tuple(_split_list(row[index], ";"))
            return tuple(split_authors(row[index]))
    return ()


def _keywords(row: list[str], plan: _Plan) -> tuple[str, ...]:
    keywords: list[str] = []
    for index in plan.keywords:
        text = row[index]
        if text:
            separator = ";" if plan.layout.exported or ";" in text else ","
            keywords.extend(_split_list(text, separator))
    return tuple(keywords)


def _split_list(text: str, separator: str) -> list[str]:
    return [item for part in text.split(separator) if (item := part.strip())]
