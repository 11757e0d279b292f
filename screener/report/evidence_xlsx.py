"""The evidence table as an Excel workbook (openpyxl, the optional extra `xlsx`).

One worksheet per sheet of the document, a bold frozen header row with filters, numbers
as numbers, and every text cell stored as text: a title that begins with "=" is never read
as a formula.
"""

from __future__ import annotations

import io
import re
from typing import Any

from screener.errors import ScreenerError
from screener.report.evidence_sheets import Document, Sheet, Value

MISSING_EXTRA = (
    "writing .xlsx needs the optional extra 'xlsx' (openpyxl): pip install 'screener[xlsx]'"
)

# Excel refuses these in a worksheet's name, and names longer than 31 characters.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31
# Control characters XML 1.0 cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Columns are made as wide as their values up to this many characters (then text wraps).
_WIDEST = 60


def xlsx_available() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


def require_xlsx() -> None:
    """Refuse in one line, before any work, when openpyxl is not installed."""
    if not xlsx_available():
        raise ScreenerError(MISSING_EXTRA)


def render_xlsx(document: Document) -> bytes:
    require_xlsx()
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in document.sheets:
        _write_sheet(book, sheet, sheet_name(sheet.title, used))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts, unique in the workbook (compared case-blind)."""
    base = _NOT_IN_SHEET_NAMES.sub("-", title).strip("'") or "Sheet"
    name = base[:_SHEET_NAME_LENGTH]
    number = 2
    while name.lower() in used:
        tail = f" ({number})"
        name = base[: _SHEET_NAME_LENGTH - len(tail)] + tail
        number += 1
    used.add(name.lower())
    return name


def _write_sheet(book: Any, sheet: Sheet, name: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    worksheet = book.create_sheet(name)
    widths = [min(_WIDEST, max(len(label), 4)) for label in sheet.header]
    for row in sheet.rows[:200]:  # a sample is enough to size the columns
        for index, value in enumerate(row):
            widths[index] = min(_WIDEST, max(widths[index], len(str(value or ""))))
    for index, width in enumerate(widths):
        worksheet.column_dimensions[_letter(index)].width = width + 2
    # A write-only worksheet takes its view and filter before its first row.
    first_row = 2 if sheet.note else 1
    worksheet.freeze_panes = f"A{first_row + 1}"
    if sheet.rows:
        last = _letter(len(sheet.header) - 1)
        worksheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(sheet.rows)}"
    if sheet.note:
        worksheet.append([_text_cell(worksheet, WriteOnlyCell, sheet.note)])
    bold = Font(bold=True)
    header = []
    for label in sheet.header:
        cell = _text_cell(worksheet, WriteOnlyCell, label)
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for row in sheet.rows:
        worksheet.append([_value(worksheet, WriteOnlyCell, value) for value in row])


def _value(worksheet: Any, make: Any, value: Value) -> Any:
    """A plain value where openpyxl stores it as it is (the fast path); a cell made text
    where it would read the value as a formula."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if value.startswith("=") or _ILLEGAL.search(value):
            return _text_cell(worksheet, make, value)
        return value
    return value


def _text_cell(worksheet: Any, make: Any, text: str) -> Any:
    cell = make(worksheet, _ILLEGAL.sub("", text))
    cell.data_type = "s"  # text, even when it begins with "=": never a formula
    return cell


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
