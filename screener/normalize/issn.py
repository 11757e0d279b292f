"""ISSNs where an ISBN belongs."""

from __future__ import annotations

import re

_ISSN = re.compile(r"\s*(\d{4})-?(\d{3}[\dXx])\s*")


def as_issn(text: str) -> str | None:
    """The ISSN `text` is ("1234567x" -> "1234-567X"), or None when it is shaped otherwise
    (an ISBN has 10 or 13 digits, an ISSN 8)."""
    match = _ISSN.fullmatch(text)
    return f"{match[1]}-{match[2].upper()}" if match else None
