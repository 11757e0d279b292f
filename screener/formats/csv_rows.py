"""Splitting CSV text into records: each record's cells exactly as csv.reader reads them,
with its text as read and the physical lines it spans (for raw text and line numbers).

A quote opened in a line and closed only on a later line (or never) makes one cell of
everything between, rows and all. When the line it opens in and the line after it each
hold a whole row on their own, the quote is a stray one, not a cell spanning lines: that
line is read as a row of its own, marked `torn`, and the lines after it are read again.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator


class _Tap:
    """Lines for the csv module, starting with one `_rows` already read, each kept so that
    a record the module reads over several lines keeps its text as read."""

    __slots__ = ("lines", "pending", "taken")

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pending: str | None = None
        self.taken: list[str] = []

    def start(self, line: str) -> None:
        self.pending = line
        self.taken = []

    def __iter__(self) -> _Tap:
        return self

    def __next__(self) -> str:
        line = self.pending
        if line is None:
            line = next(self.lines)
        self.pending = None
        self.taken.append(line)
        return line


def rows_of(lines: Iterator[str], delimiter: str) -> Iterator[tuple[list[str], str, int, bool]]:
    """Each record's cells exactly as csv.reader gives them, its text as read (without the
    final newline), the number of physical lines it spans, and whether it is `torn`: a
    line read on its own, its stray quote not allowed to merge the lines after it.

    Splitting a one-line record with str methods costs a third of what the csv module
    does; records that need its state machine (a quoted cell spanning lines, doubled or
    stray quotes, carriage returns, a cell beyond the field size limit) go through it.
    """
    tap = _Tap(lines)
    reader = csv.reader(tap, delimiter=delimiter)
    limit = csv.field_size_limit()
    # The header's cells, once read: what a line must hold to be a row (a table of one column
    # has no cells to merge).
    width = 0
    while True:
        for line in lines:
            # A text stream ends a line at its first newline: no other newline hides inside.
            body = line.rstrip("\n")
            if len(body) <= limit and "\r" not in body:
                cells = _split_line(body, delimiter)
                if cells is not None:
                    width = width or len(cells)
                    yield cells, body, 1, False
                    continue
            tap.start(line)
            cells = next(reader, None)
            if cells is None:
                return
            taken = tap.taken
            if len(taken) > 1 and width > 1:
                alone = _torn(taken, delimiter, width)
                if alone is not None:
                    yield alone, taken[0].rstrip("\n"), 1, True
                    # The lines after it are read again, from the second.
                    lines = tap.lines = itertools.chain(taken[1:], tap.lines)
                    break
            width = width or len(cells)
            yield cells, "".join(taken).rstrip("\n"), len(taken), False
        else:
            return


def _torn(taken: list[str], delimiter: str, width: int) -> list[str] | None:
    """The cells of the first of `taken` on its own, when it and the line after it each
    hold `width` cells read on their own; else None (a quoted cell spanning lines). Lines
    holding a carriage return (never met in a text stream) are left to the csv module."""
    if any("\r" in line for line in taken):
        return None
    first = _cells_alone(taken[0], delimiter)
    if len(first) != width or len(_cells_alone(taken[1], delimiter)) != width:
        return None
    return first


def _cells_alone(line: str, delimiter: str) -> list[str]:
    """The cells of one line read on its own, a quote it leaves open taken as text; none
    when even that cannot read it (a carriage return in a bare cell)."""
    text = line.rstrip("\n")
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        pass
    try:
        # Read leniently, a quote left open runs to the end of the line, in the last cell.
        cells = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [*cells[:-1], *cells[-1].split(delimiter)] if cells else []


def _split_line(body: str, delimiter: str) -> list[str] | None:
    """The cells of one physical line as csv.reader reads them, or None when only the
    csv module can tell (an odd number of quotes, or quotes not wrapping whole cells)."""
    if '"' not in body:
        return body.split(delimiter) if body else []
    parts = body.split('"')
    if not len(parts) & 1:
        return None
    # Even parts lie outside quotes. Nothing before the first quoted cell, nothing after
    # the last and one delimiter between each pair: every cell is quoted, as Scopus writes.
    outside = parts[::2]
    if not outside[0] and not outside[-1] and outside.count(delimiter) == len(outside) - 2:
        return parts[1::2]
    if len(parts) == 3:
        head, quoted, tail = parts
        return _split_around_one(head, quoted, tail, delimiter)
    return _split_mixed(parts, delimiter)


def _split_around_one(head: str, quoted: str, tail: str, delimiter: str) -> list[str] | None:
    """Cells of a line with a single quoted cell (BibTeX-style tables quote the authors)."""
    if (head and head[-1] != delimiter) or (tail and tail[0] != delimiter):
        return None
    # The delimiters meeting the quotes leave an empty string at the split's inner end.
    return [*head.split(delimiter)[:-1], quoted, *tail.split(delimiter)[1:]]


def _split_mixed(parts: list[str], delimiter: str) -> list[str] | None:
    """Cells of a line split at its quotes, where the odd parts are quoted cells.

    The outside parts are joined back with a bare quote standing in for each quoted cell:
    when every stand-in ends up a cell of its own, each quoted cell met a delimiter or
    the line's edge on both sides, which is all the csv module asks to read it as one.
    """
    quoted = parts[1::2]
    cells = '"'.join(parts[::2]).split(delimiter)
    if cells.count('"') != len(quoted):
        return None
    fill = iter(quoted)
    return [next(fill) if cell == '"' else cell for cell in cells]
