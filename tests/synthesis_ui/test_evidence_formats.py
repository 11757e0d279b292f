"""The evidence table's files: CSV safe in a spreadsheet, Markdown and HTML escaped, one
self-contained HTML page that sorts, a workbook whose text is never a formula."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from evidence_helpers import small_table

from screener.errors import ScreenerError
from screener.report.evidence import by_question
from screener.report.evidence_formats import render, suffix_of
from screener.report.evidence_sheets import by_question_document, table_document

TRICKY_TITLE = '=HYPERLINK("http://example.invalid") <b>bold</b> | pipe'


def test_csv_has_field_ids_for_columns_and_neutralises_formula_cells() -> None:
    text = render(table_document(small_table()), ".csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["record", "key", "authors", "year", "title", "journal", "doi",
                       "design", "platforms", "online", "sample", "finding"]  # fmt: skip
    assert rows[1][7:] == ["survey", "chat; forums", "no", "120", '"moved to private chat" (p. 12)']
    assert rows[2][4] == "'" + TRICKY_TITLE  # a spreadsheet shows it, never runs it
    assert rows[2][7] == "disagreement"
    assert rows[3][8] == "pending"
    assert rows[3][3] == "2021"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    from dataclasses import replace

    table = small_table()
    study = table.studies[0]
    tricky = replace(study, citation=replace(study.citation, journal=f"{start}1+2"))
    text = render(table_document(replace(table, studies=(tricky,))), ".csv").decode()
    assert f",'{start}1+2," in text


def test_markdown_escapes_pipes_and_markup_and_keeps_one_line_per_row() -> None:
    text = render(table_document(small_table()), ".md").decode("utf-8")
    assert "# Test review: evidence table" in text
    row = next(line for line in text.splitlines() if "HYPERLINK" in line)
    assert "\\| pipe" in row and "&lt;b&gt;bold&lt;/b&gt;" in row
    assert row.count(" | ") == 11  # 12 cells: the pipe in the title does not split one
    assert "| Sample size (participants) |" in text
    assert "## Summary" in text and "| Study design | survey | 2 |" in text


class _Page(HTMLParser):
    """What a browser would fetch or run: every tag and attribute, the scripts' text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_one_self_contained_page_with_every_value_escaped() -> None:
    page = _Page()
    text = render(table_document(small_table()), ".html").decode("utf-8")
    page.feed(text)
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in page.tags if "src" in a or "href" in a]  # nothing fetched
    assert len(page.scripts) == 1  # ours, inline; the title's <b> stayed text
    assert not [t for t, _ in page.tags if t == "b"]
    assert TRICKY_TITLE in page.cells
    policy = next(a["content"] for t, a in page.tags if a.get("http-equiv"))
    assert policy is not None and "default-src 'none'" in policy
    assert "Sample size (participants)" in page.cells
    assert 'data-n="120"' in text


def test_html_of_a_question_lists_its_quotes() -> None:
    table = small_table()
    text = render(by_question_document(table.title, by_question(table)), ".html").decode()
    assert "How are victims targeted?" in text
    assert "moved to private chat" in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium to run the page")
@pytest.mark.parametrize(
    ("column", "clicks", "order", "direction"),
    [
        (10, 1, ["2", "1", "3"], "ascending"),  # sample size as numbers (8.5 < 120), empty last
        (4, 2, ["3", "1", "2"], "descending"),  # titles, Z to A
    ],
)
def test_clicking_a_header_sorts_the_rows_by_it(
    tmp_path: Path, column: int, clicks: int, order: list[str], direction: str
) -> None:
    import base64
    import hashlib

    text = render(table_document(small_table()), ".html").decode("utf-8")
    # the page's policy runs only its own script: allow this test's clicks by their hash
    click = (
        f'var th = document.querySelector("table.sortable").querySelectorAll("th")[{column}];'
        + "th.click();" * clicks
    )
    digest = base64.b64encode(hashlib.sha256(click.encode()).digest()).decode()
    text = text.replace("script-src ", f"script-src 'sha256-{digest}' ")
    text = text.replace("</body>", f"<script>{click}</script></body>")
    page = tmp_path / "page.html"
    page.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0 or "<table" not in result.stdout:
        pytest.skip(f"chromium did not run here: {result.stderr[-200:]}")
    records = re.findall(r"<tr><td[^>]*>(\d+)</td>", result.stdout)
    assert records[:3] == order
    assert f'aria-sort="{direction}"' in result.stdout


def test_xlsx_keeps_numbers_as_numbers_and_text_as_text() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data = render(table_document(small_table()), ".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Evidence", "Summary"]
    sheet = book["Evidence"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][10] == "Sample size (participants)"
    assert rows[1][10] == 120 and rows[2][10] == 8.5
    tricky = sheet.cell(row=3, column=5)
    assert tricky.value == TRICKY_TITLE and tricky.data_type == "s"  # never a formula
    assert sheet.freeze_panes == "A2"


def test_xlsx_without_openpyxl_is_refused_in_one_line_naming_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    with pytest.raises(ScreenerError, match=r"optional extra 'xlsx'"):
        render(table_document(small_table()), ".xlsx")


def test_xlsx_sheet_names_are_cut_and_made_unique() -> None:
    from screener.report.evidence_xlsx import sheet_name

    used: set[str] = set()
    long = "a question id far longer than thirty-one characters"
    assert sheet_name(long, used) == long[:31]
    assert sheet_name(long, used) == long[:27] + " (2)"
    assert sheet_name("what/why?", used) == "what-why-"


@pytest.mark.parametrize("path", ["table.txt", "table", "table.csv.bak"])
def test_an_unknown_suffix_is_one_line_naming_the_ones_we_write(path: str) -> None:
    with pytest.raises(ScreenerError, match=r"\.csv, \.md, \.html, \.xlsx"):
        suffix_of(path)


def test_suffixes_are_read_in_any_case() -> None:
    assert suffix_of("Table.XLSX") == ".xlsx"
    assert suffix_of("table.htm") == ".html"
