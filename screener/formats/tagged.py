"""Helpers shared by the tagged formats (RIS, Refer): taking values out of a tag table."""

from __future__ import annotations

import re
from collections.abc import Callable

from screener.normalize import parse_year

# A compact date inside other text: "Start date: 20170812" (TRID).
_COMPACT_DATE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)[01]\d[0-3]\d(?!\d)")
_ISBN = re.compile(r"(?:\d[- ]?){9}[\dXx]$|(?:\d[- ]?){12}\d$")
_ISBN_HEAD = re.compile(r"[\dXx][\dXx -]*")


def take(
    fields: dict[str, list[str]], tags: tuple[str, ...], accept: Callable[[str], bool] | None = None
) -> str:
    """Remove and return the first value under `tags` (in order) that `accept` allows."""
    for tag in tags:
        values = fields.get(tag)
        if values:
            for index, value in enumerate(values):
                if accept is None or accept(value):
                    del values[index]
                    return value
    return ""


def take_year(fields: dict[str, list[str]], tags: tuple[str, ...]) -> int | None:
    """The first year found under `tags`; the value leaves the table only when it is the bare
    year, so a fuller date stays in `extra`."""
    for tag in tags:
        values = fields.get(tag)
        for index, value in enumerate(values or ()):
            year = parse_year(value)
            if year is None and (compact := _COMPACT_DATE.search(value)):
                year = int(compact[1])
            if year is not None:
                if value == str(year):
                    del values[index]  # type: ignore[union-attr]
                return year
    return None


def is_isbn(value: str) -> bool:
    head = _ISBN_HEAD.match(value)
    return bool(head and _ISBN.match(head[0].strip()))
