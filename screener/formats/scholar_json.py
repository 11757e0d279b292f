"""JSON that is not CSL-JSON: Publish or Perish's export of Google Scholar (and other)
searches, an array of objects told apart from CSL items by their keys.

    {"authors": "AB Smith, C Jones", "title": "...", "year": 2019, "source": "Journal",
     "publisher": "...", "article_url": "...", "cites": 12, "volume": 0, "startpage": 0, ...}

Authors are one string of "Initials Family" names; the year is a number; the venue is in
`source` (in CSL-JSON `source` names the database); a 0 volume, issue or page means none.
"""

from __future__ import annotations

import json
from typing import Any

from screener.model import Record, RecordFields, TextTarget
from screener.normalize import parse_year

# Keys only these exports use; CSL items say `author`, `issued` and `type` instead.
_SCHOLAR_KEYS = frozenset(
    {"authors", "cites", "article_url", "cites_url", "startpage", "endpage", "gsrank", "ecc"}
)
_CSL_KEYS = frozenset({"author", "issued", "container-title"})

# Keys that give a Record field its text directly.
FIELDS: dict[str, TextTarget] = {
    "title": "title",
    "source": "journal",
    "volume": "volume",
    "issue": "issue",
    "doi": "doi",
    "issn": "issn",
    "abstract": "abstract",
    "article_url": "url",
    "uid": "key",
}
# Read in `scholar_record` as well: authors, year, pages (startpage-endpage), type.
_READ = frozenset({*FIELDS, "authors", "year", "startpage", "endpage", "type"})
# Names Google Scholar cuts a long author list off with.
_ELLIPSES = frozenset({"…", "...", "et al", "et al."})


def is_scholar_item(item: dict[str, Any]) -> bool:
    """Whether a JSON object is a Publish or Perish item rather than a CSL item."""
    return not _CSL_KEYS.intersection(item) and not _SCHOLAR_KEYS.isdisjoint(item)


def scholar_record(item: dict[str, Any], default_key: str, line: int, raw: str) -> Record:
    """The Record of one Publish or Perish item; keys it does not map stay in `extra`."""
    values: RecordFields = {}
    for key, field in FIELDS.items():
        if text := _text(item.get(key)):
            values[field] = text
    first, last = _text(item.get("startpage")), _text(item.get("endpage"))
    pages = f"{first}-{last}" if first and last and first != last else first
    if pages:
        values["pages"] = pages
    if _text(item.get("type")).upper() == "BOOK":
        values["pub_type"] = "book"
    record_fields: RecordFields = {
        **values,
        "authors": _authors(item.get("authors")),
        "year": parse_year(_text(item.get("year"))),
        "key": values.get("key") or default_key,
        "extra": {key: [_text(value)] for key, value in item.items() if key not in _READ},
        "raw": raw,
        "line": line,
    }
    return Record(**record_fields)


def _authors(value: Any) -> tuple[str, ...]:
    """Names from "AB Smith, C Jones" (or a list of such names)."""
    parts = value if isinstance(value, list) else _text(value).split(",")
    names = (_text(part).strip() for part in parts)
    return tuple(name for name in names if name and name not in _ELLIPSES)


def _text(value: Any) -> str:
    """A value as text; a 0 (no volume, no page) and null as nothing."""
    if value is None or value == 0 or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
