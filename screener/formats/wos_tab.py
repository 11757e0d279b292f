"""Web of Science tab-delimited reader ("Tab-delimited (Win/Mac, UTF-8)" export).

The first line names the columns with the plain-text export's two-character tags
(`PT\tAU\tBA\t...\tUT\tPM`); each further line is one record, with the several values of
a field separated by "; ". Rows are mapped through the plain-text reader's tables and
`record_from_fields`, so both WoS exports give the same records.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Protocol, TextIO

from screener.errors import FormatError, ParseIssue
from screener.formats.wos import LINE_ITEM_TAGS, SEMICOLON_TAGS, record_from_fields
from screener.model import Record

_TAG = re.compile(r"[A-Z][A-Z0-9]")
# "; " between values, but not inside the bracketed author list that opens a C1 address:
# "[Smith, J; Lee, K] Univ A, City; [Chan, M] Univ B, City".
_ITEM_SEPARATOR = re.compile(r";(?![^\[]*\])")


def read(stream: TextIO, name: str) -> Iterator[Record | ParseIssue]:
    """Records and parse issues from a WoS tab-delimited stream, one row at a time.

    Each record has `key` = its UT accession (else `name#N`, N counting rows from 1),
    `line` = its line and `raw` = the row as read. A trailing tab is ignored; a row cut in
    two by a line break inside a cell is joined again (a warning); a row with fewer or more
    cells than the header is read as far as it goes (a warning); a row with neither UT nor
    title is an error. Raises FormatError when the first line is not a header of WoS tags.
    """
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = _header(next(reader, []), name)
    count = 0
    for line, cells, issues in _rows(reader, len(header), name):
        yield from issues
        if not cells:
            continue
        count += 1
        raw = "\t".join(cells)
        if len(cells) < len(header):
            message = (
                f"row has {len(cells)} cells, the header {len(header)}; the rest read as empty"
            )
            yield ParseIssue(line, message, raw, "warning", name)
        elif len(cells) > len(header):
            message = f"row has {len(cells)} cells, the header {len(header)}; the last ignored"
            yield ParseIssue(line, message, raw, "warning", name)
        fields: dict[str, list[str]] = {}
        for tag, cell in zip(header, cells, strict=False):  # short rows: the rest is empty
            cell = cell.strip()
            if cell:
                fields.setdefault(tag, []).extend(_values(tag, cell))
        if "UT" in fields or "TI" in fields:
            yield record_from_fields(fields, raw=raw, line=line, fallback_key=f"{name}#{count}")
        else:
            yield ParseIssue(line, "row has neither UT nor title; skipped", raw, file=name)


def _header(cells: list[str], name: str) -> list[str]:
    tags = [cell.strip().lstrip("\ufeff") for cell in cells]
    while tags and not tags[-1]:
        tags.pop()
    if not tags or not all(_TAG.fullmatch(tag) for tag in tags) or not {"TI", "UT"} & set(tags):
        message = "not a Web of Science tab-delimited export: no header of field tags"
        raise FormatError(message, file=name, line=1)
    return tags


class _CsvReader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...


def _rows(
    reader: _CsvReader, width: int, name: str
) -> Iterator[tuple[int, list[str], list[ParseIssue]]]:
    """(line, cells, issues) of each non-blank row; a row cut by a line break joined again.

    A row the csv module refuses comes as (line, [], [the error]).
    """
    held: tuple[int, list[str], list[ParseIssue]] | None = None
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:  # a cell beyond the csv module's size limit
            if held is not None:
                yield held
                held = None
            yield reader.line_num, [], [ParseIssue(reader.line_num, str(error), file=name)]
            continue
        if cells is not None:
            while len(cells) > width and not cells[-1]:  # the trailing tab of every row
                cells.pop()
            if not any(cell.strip() for cell in cells):
                continue
        if held is not None:
            _, start, issues = held
            if cells is not None and len(start) + len(cells) - 1 <= width:
                message = "line break inside a cell; the row's lines joined"
                raw = "\t".join(cells)
                issues.append(ParseIssue(reader.line_num, message, raw, "warning", name))
                start[-1] = f"{start[-1]} {cells[0]}"
                start.extend(cells[1:])
                continue
            yield held
            held = None
        if cells is None:
            return
        if len(cells) < width:
            held = (reader.line_num, cells, [])
        else:
            yield reader.line_num, cells, []


def _values(tag: str, cell: str) -> list[str]:
    if tag == "C1":
        parts = _ITEM_SEPARATOR.split(cell)
    elif tag in LINE_ITEM_TAGS or tag in SEMICOLON_TAGS:
        parts = cell.split(";")
    else:
        return [cell]
    return [part.strip() for part in parts if part.strip()]
