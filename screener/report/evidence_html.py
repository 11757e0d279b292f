"""The evidence table as one self-contained HTML page a team opens and sorts.

Nothing is fetched: the style and the small sorting script are inline, and the page's
Content-Security-Policy allows exactly those two (by their sha256) and nothing else, so a
page passed around by e-mail runs no other script, whatever the records' titles hold.
Every value is escaped as text.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from screener.report.evidence_formats import is_numeric_column
from screener.report.evidence_sheets import Document, Sheet, Value

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
p.note { color: #555; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f1f3f5; cursor: pointer; position: sticky; top: 0; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
tbody tr:nth-child(even) { background: #fafafa; }
"""

# Click (or Enter on) a header to sort by that column; again to reverse. Numbers (cells
# with data-n) sort as numbers, text by the reader's locale; empty cells stay last.
SCRIPT = """
(function () {
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  function key(cell) {
    var n = cell.getAttribute("data-n");
    return n === null ? cell.textContent : parseFloat(n);
  }
  function compare(a, b) {
    if (a === "" || b === "") { return (a === "") - (b === ""); }
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    if (typeof a === "number") { return -1; }
    if (typeof b === "number") { return 1; }
    return collator.compare(a, b);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("th");
    headers.forEach(function (th, index) {
      function sort() {
        var body = table.tBodies[0];
        var up = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows).map(function (row) {
          return [key(row.cells[index]), row];
        });
        rows.sort(function (x, y) {
          var empty = (x[0] === "") - (y[0] === "");
          if (empty) { return empty; }
          return up ? compare(x[0], y[0]) : compare(y[0], x[0]);
        });
        rows.forEach(function (pair) { body.appendChild(pair[1]); });
      }
      th.tabIndex = 0;
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
})();
"""


def content_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


POLICY = f"default-src 'none'; script-src {content_hash(SCRIPT)}; style-src {content_hash(STYLE)}"


def render_html(document: Document) -> bytes:
    title = escape(document.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        '<p class="note">Click a column header to sort by it; click again to reverse.</p>',
    ]
    for sheet in document.sheets:
        parts += _sheet(sheet, titled=len(document.sheets) > 1)
    parts += [f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _sheet(sheet: Sheet, *, titled: bool) -> list[str]:
    parts: list[str] = []
    if titled:
        parts.append(f"<h2>{escape(sheet.title)}</h2>")
    if sheet.note:
        parts.append(f'<p class="note">{escape(sheet.note)}</p>')
    if not sheet.rows:
        return [*parts, "<p>(none)</p>"]
    numeric = [is_numeric_column(sheet, i) for i in range(len(sheet.header))]
    names = sheet.names
    head = "".join(
        f'<th scope="col" title="{escape(key)}">{escape(label)}</th>'
        for label, key in zip(sheet.header, names, strict=True)
    )
    parts += ['<table class="sortable">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    parts += [
        "<tr>" + "".join(_cell(v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in sheet.rows
    ]
    parts += ["</tbody>", "</table>"]
    return parts


def _cell(value: Value, numeric: bool) -> str:
    if value is None or value == "":
        return "<td></td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        css = ' class="n"' if numeric else ""
        return f'<td{css} data-n="{value!r}">{value}</td>'
    return f"<td>{escape(str(value))}</td>"
