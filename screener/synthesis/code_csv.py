"""Scripted coding from a CSV file: every row is checked, then all land in one transaction.

Columns `record, field, value` are required; `coder, page, reason` optional (`page` for
quotes, `reason` for appraisals; the caller's coder fills an empty or missing coder). The
value is written as `code set` takes it (see values.py). A bad row (an unknown field, a
value that is not one of the options, ...) stops the whole file: it is reported with its
line and nothing is written.
"""

from __future__ import annotations

import csv
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
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return _checked(path, csv.DictReader(stream), frame, coder)
    except OSError as error:
        raise ScreenerError(f"cannot read the file: {error.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise ScreenerError("not UTF-8 text", file=str(path)) from None
    except csv.Error as error:
        raise ScreenerError(f"not a readable CSV file: {error}", file=str(path)) from None


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
    rows: list[CodingEntry] = []
    problems: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        if not any(cells.values()):
            continue  # a spreadsheet's empty row (",,,"), like a blank line
        try:
            rows.append(_value(line, cells, frame, coder))
        except ScreenerError as error:
            problems.append((line, error.message))
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
        raise ScreenerError(f"{message}{more}; nothing was written", file=str(path), line=line)
    if not rows:
        raise ScreenerError("no values in the file", file=str(path))
    return rows


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
