"""Writing a review's records out in an export format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from screener.errors import ScreenerError
from screener.formats import EXPORT_FORMATS, get_format
from screener.model import Record


def write_records(items: Iterable[tuple[Record, str]], stream: TextIO, format_name: str) -> int:
    """Write (record, status) pairs to `stream`; CSV carries the status column."""
    if format_name not in EXPORT_FORMATS:
        raise ScreenerError(
            f"cannot export as {format_name!r} (choose one of {', '.join(EXPORT_FORMATS)})"
        )
    writer = get_format(format_name).writer()
    if format_name == "csv":
        statuses: dict[int | None, str] = {}

        def records() -> Iterable[Record]:
            for record, status in items:
                statuses[record.id] = status
                yield record

        return writer(records(), stream, status_of=lambda r: statuses.get(r.id, ""))
    return writer((record for record, _ in items), stream)
