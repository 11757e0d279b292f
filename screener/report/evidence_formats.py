"""The evidence table's files, by suffix: CSV and Markdown here, HTML and xlsx beside.

`render(document, suffix)` returns the file's bytes; writing them (atomically) is the
review's job. An unknown suffix is a `UsageError` (exit 2) naming the ones we write.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from screener.errors import ScreenerError, UsageError
from screener.formats.csv_table import neutralised
from screener.report.evidence_sheets import Document, Sheet, Value

SUFFIXES = (".csv", ".md", ".html", ".xlsx")


def suffix_of(path: str) -> str:
    """The lower-case suffix of `path`, checked against the ones we write."""
    match = re.search(r"\.[^./\\]+$", path)
    suffix = match.group(0).lower() if match else ""
    if suffix == ".htm":
        suffix = ".html"
    if suffix not in SUFFIXES:
        given = f"'{suffix}'" if suffix else "no suffix"
        # The format is chosen on the command line: a usage error (exit 2).
        raise UsageError(
            f"cannot tell the format from {given}: use {', '.join(SUFFIXES)}", file=path
        )
    return suffix


def render(document: Document, suffix: str) -> bytes:
    """The bytes of `document` as a file with `suffix` (one of SUFFIXES)."""
    writers: dict[str, Callable[[Document], bytes]] = {
        ".csv": render_csv,
        ".md": render_markdown,
        ".html": _html,
        ".xlsx": _xlsx,
    }
    if suffix not in writers:
        raise ScreenerError(f"no evidence table format for '{suffix}': use {', '.join(SUFFIXES)}")
    return writers[suffix](document)


def _html(document: Document) -> bytes:
    from screener.report.evidence_html import render_html

    return render_html(document)


def _xlsx(document: Document) -> bytes:
    from screener.report.evidence_xlsx import render_xlsx

    return render_xlsx(document)


# -- CSV ------------------------------------------------------------------------------------


def render_csv(document: Document) -> bytes:
    """The document's flat sheet, one header line of field ids; cells a spreadsheet would
    run as a formula (= + - @) begin with an apostrophe."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    sheet = document.flat
    writer.writerow([neutralised(name) for name in sheet.names])
    writer.writerows([_csv_cell(value) for value in row] for row in sheet.rows)
    return stream.getvalue().encode("utf-8")


def _csv_cell(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    return value


# -- Markdown -------------------------------------------------------------------------------

# Characters Markdown would read as markup (or HTML) inside a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_cell(value: Value) -> str:
    """A value as one table cell's text: on one line, its markup characters escaped."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return "".join(_HTML_SPECIAL.get(char, char) for char in text)


def render_markdown(document: Document) -> bytes:
    lines = [f"# {markdown_cell(document.title)}", ""]
    for sheet in document.sheets:
        lines += _markdown_sheet(sheet, titled=len(document.sheets) > 1)
    return "\n".join(lines).encode("utf-8")


def _markdown_sheet(sheet: Sheet, *, titled: bool) -> list[str]:
    lines: list[str] = []
    if titled:
        lines += [f"## {markdown_cell(sheet.title)}", ""]
    if sheet.note:
        lines += [markdown_cell(sheet.note), ""]
    if not sheet.rows:
        return [*lines, "(none)", ""]
    lines.append("| " + " | ".join(markdown_cell(name) for name in sheet.header) + " |")
    lines.append("|" + "|".join(_rule(sheet, i) for i in range(len(sheet.header))) + "|")
    lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in sheet.rows]
    return [*lines, ""]


def _rule(sheet: Sheet, index: int) -> str:
    """A column of numbers aligns right, as a reader compares them by their last digits."""
    return "---:" if is_numeric_column(sheet, index) else "---"


def is_numeric_column(sheet: Sheet, index: int) -> bool:
    values = [row[index] for row in sheet.rows if row[index] not in (None, "")]
    return bool(values) and all(isinstance(v, (int, float)) for v in values)
