"""Scripted coding from a CSV file: every row is checked, then all land in one transaction.

Columns `record, field, value` are required; `coder, page, reason` optional (`page` for
quotes, `reason` for appraisals; the caller's coder fills an empty or missing coder). The
value is written as `code set` takes it (see values.py). A bad row (an unknown field, a
value that is not one of the options, more cells than the header has columns, ...) stops
the whole file: it is reported with its line and nothing is written.

The file is decoded as the project's other readers decode (formats/text.py): UTF-8 with or
without a BOM, else Windows-1252 or Latin-1; a UTF-8 file with a stray bad byte is refused
at that byte's line rather than coded with a replacement character.

One record, field and coder takes one value per file: two rows giving it different values
are refused, naming both lines (which one was meant is the coder's call); two identical
rows are one value, written once (a file pasted twice over does no harm).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from screener.errors import ScreenerError, suggest
from screener.synthesis.frame import Frame
from screener.synthesis.settle import coder_name_problem
from screener.synthesis.values import CodingEntry, parse_value

REQUIRED_COLUMNS: tuple[str, ...] = ("record", "field", "value")
OPTIONAL_COLUMNS: tuple[str, ...] = ("coder", "page", "reason")


def read_coded_values(path: Path, frame: Frame, *, coder: str) -> list[CodingEntry]:
    """The file's values, all checked against `frame`; ScreenerError naming the first bad
    line (and how many more there are)."""
    stream = io.StringIO(_decoded(path), newline="")
    try:
        return _checked(path, csv.DictReader(stream), frame, coder)
    except csv.Error as error:
        raise ScreenerError(f"not a readable CSV file: {error}", file=str(path)) from None


def _decoded(path: Path) -> str:
    """The file's text, decoded as formats/text.py sniffs it (a coded-values file is small
    enough to hold whole)."""
    from screener.formats.bad_bytes import UTF8_WITH_BAD_BYTES
    from screener.formats.text import open_binary, sniff_encoding

    encoding = sniff_encoding(path)  # FormatError (file) for a folder, empty or binary file
    try:
        with open_binary(path) as handle:
            data = handle.read()
    except OSError as error:
        raise ScreenerError(f"cannot read the file: {error.strerror}", file=str(path)) from None
    if encoding == UTF8_WITH_BAD_BYTES:
        encoding = "utf-8-sig"  # strict: a value is not coded with a replacement character
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise ScreenerError(
            f"byte 0x{bad} is not UTF-8 text; nothing was written", file=str(path), line=line
        ) from None


def _checked(
    path: Path, reader: csv.DictReader[str], frame: Frame, coder: str
) -> list[CodingEntry]:
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ScreenerError(
            f"missing column(s): {', '.join(missing)} (the columns are record, field, value"
            " and optionally coder, page, reason)",
            file=str(path),
            line=1,
        )
    reader.fieldnames = columns
    rows: dict[tuple[int, str, str], CodingEntry] = {}
    problems: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        extra = [cell for cell in row.get(None) or () if cell.strip()]
        if not any(cells.values()) and not extra:
            continue  # a spreadsheet's empty row (",,,"), like a blank line
        try:
            if extra:
                raise ScreenerError(
                    f"{len(extra)} cell(s) beyond the {len(columns)} columns of the header"
                    f" ({', '.join(columns)})"
                )
            entry = _value(line, cells, frame, coder)
            _check_repeat(rows.get(_key(entry)), entry)
            rows.setdefault(_key(entry), entry)
        except ScreenerError as error:
            problems.append((line, error.message))
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
        raise ScreenerError(f"{message}{more}; nothing was written", file=str(path), line=line)
    if not rows:
        raise ScreenerError("no values in the file", file=str(path))
    return list(rows.values())


def _key(entry: CodingEntry) -> tuple[int, str, str]:
    return entry.record_id, entry.field, entry.coder


def _check_repeat(earlier: CodingEntry | None, entry: CodingEntry) -> None:
    """A second row for the same record, field and coder: the same value is harmless (kept
    once); another value is refused, naming the line of the first."""
    if earlier is not None and earlier.value != entry.value:
        raise ScreenerError(
            f"record {entry.record_id}, field '{entry.field}', coder '{entry.coder}' has"
            f" another value at line {earlier.line}: one value per field and coder in a file"
        )


def _value(line: int, cells: dict[str, str], frame: Frame, coder: str) -> CodingEntry:
    record = cells.get("record", "")
    if not record.isdigit():
        raise ScreenerError(f"record must be a record id (a number), not {record!r}")
    field_id = cells.get("field", "")
    if not frame.has_field(field_id):
        hint = suggest(field_id, frame.field_ids)
        raise ScreenerError(f"no field '{field_id}' in the coding frame{hint}")
    value = parse_value(
        frame.field(field_id),
        cells.get("value", ""),
        page=cells.get("page"),
        reason=cells.get("reason"),
    )
    name = cells.get("coder") or coder
    problem = coder_name_problem(name)
    if problem:
        raise ScreenerError(problem)
    return CodingEntry(int(record), field_id, name, value, line)
