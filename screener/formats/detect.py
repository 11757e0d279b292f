"""Telling an export's format from its content, with the extension only as a tie-breaker.

Exports are often renamed (`.txt` for RIS, MEDLINE and WoS alike), so the first lines decide.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from screener.errors import FormatError
from screener.formats.text import peek_text

_RIS_TY = re.compile(r"^\s*TY {1,2}- ?", re.MULTILINE)
_MEDLINE_PMID = re.compile(r"^PMID- ?\d", re.MULTILINE)
_MEDLINE_TAG = re.compile(r"^[A-Z]{2,4} *- ", re.MULTILINE)
_WOS_HEADER = re.compile(r"^\s*FN (?:Clarivate|Thomson|ISI)", re.IGNORECASE)
_WOS_RECORD = re.compile(r"^PT [A-Z]\s*$", re.MULTILINE)
_BIBTEX_ENTRY = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_REFER_TAG = re.compile(r"^%0 ", re.MULTILINE)
_XML_RECORDS = re.compile(r"<records?\b|<xml\b", re.IGNORECASE)
_CSL_JSON = re.compile(r'^\s*\[\s*(?:\{|\])|^\s*\{\s*"(?:id|type|title)"', re.DOTALL)

# WoS tab-delimited headers begin with these two-letter tags.
_WOS_TAB_HEADER = ("PT\tAU\t", "FN\t", "PT\tAF\t")


def detect_format(path: Path, encoding: str | None = None) -> str:
    """The registry name of the format of `path`, judged from its first 16 KB of text."""
    head = peek_text(path, encoding=encoding).lstrip("\ufeff")
    name = detect_text(head)
    if name is None:
        raise FormatError(
            "unknown format: not RIS, MEDLINE, Web of Science, BibTeX, CSV, EndNote XML"
            " or CSL-JSON (use --format to say which)",
            file=str(path),
        )
    return name


def detect_text(head: str) -> str | None:
    """The format name for the start of an export's text, or None when nothing fits."""
    stripped = head.lstrip()
    if stripped.startswith("<"):
        return "endnote-xml" if _XML_RECORDS.search(head) else None
    if _CSL_JSON.match(head):
        return "json"
    if stripped.startswith(_WOS_TAB_HEADER):
        return "wos-tab"
    if _WOS_HEADER.match(head) or (_WOS_RECORD.search(head) and "\nER" in head):
        return "wos"
    if _MEDLINE_PMID.search(head):
        return "medline"
    if _RIS_TY.search(head):
        return "ris"
    if _REFER_TAG.search(head):
        return "refer"
    if _BIBTEX_ENTRY.search(head):
        return "bibtex"
    if _MEDLINE_TAG.search(head) and "TI  - " in head:
        return "medline"
    if _looks_tabular(head):
        return "csv"
    return None


def _looks_tabular(head: str) -> bool:
    """A header row of short cells over at least one data row with as many cells."""
    lines = [line for line in head.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff(lines[0] + "\n", delimiters=",;\t")
    except csv.Error:
        return False
    header = next(csv.reader([lines[0]], dialect))
    if len(header) < 2 or any(len(cell) > 60 for cell in header):
        return False
    first_row = next(csv.reader(lines[1:2], dialect), [])
    # A quoted cell may span lines, so a short first row is not proof against a table.
    return len(first_row) >= 2
