"""Writing a review's records out in an export format, and what an export must not overwrite."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from screener.errors import ScreenerError
from screener.formats import EXPORT_FORMATS, get_format
from screener.model import Record, Source
from screener.review.settings import CRITERIA_FILE, SETTINGS_FILE, STORE_FILE, enclosing_review

# What an export must never write over: the store (with SQLite's companions), the settings,
# the criteria, the coding sheet.
OWN_FILES = (
    STORE_FILE,
    f"{STORE_FILE}-wal",
    f"{STORE_FILE}-shm",
    SETTINGS_FILE,
    CRITERIA_FILE,
    "coding.toml",
)


def write_records(items: Iterable[tuple[Record, str]], stream: TextIO, format_name: str) -> int:
    """Write (record, status) pairs to `stream`; CSV carries the status column."""
    if format_name not in EXPORT_FORMATS:
        raise ScreenerError(
            f"cannot export as {format_name!r} (choose one of {', '.join(EXPORT_FORMATS)})"
        )
    if format_name == "csv":
        from screener.formats.csv_table import write as write_csv

        statuses: dict[int | None, str] = {}

        def records() -> Iterable[Record]:
            for record, status in items:
                statuses[record.id] = status
                yield record

        return write_csv(records(), stream, status_of=lambda r: statuses.get(r.id, ""))
    writer = get_format(format_name).writer()
    return writer((record for record, _ in items), stream)


def protected_files(root: Path, sources: Iterable[Source]) -> dict[Path, str]:
    """The review's own files and its imported sources, each with why it is not an output.

    A source's path is kept as it was typed at import; a relative one is taken both from the
    working directory and from the review folder, since either may have been meant.
    """
    protected = {root / name: "is one of the review's own files" for name in OWN_FILES}
    for source in sources:
        path = Path(source.path)
        for candidate in (path,) if path.is_absolute() else (Path(os.getcwd(), path), root / path):
            protected.setdefault(candidate, "is an imported source file")
    return protected


def enclosing_reviews_files(paths: Iterable[Path]) -> dict[Path, str]:
    """`protected_files` of every review folder that holds one of `paths` (at any depth):
    a stateless command run inside a review must not write over the review either."""
    found = (enclosing_review(Path(os.path.abspath(path)).parent) for path in paths)
    roots = {root for root in found if root is not None}
    protected: dict[Path, str] = {}
    for root in roots:
        try:
            from screener.review.api import Review

            with Review.open(root) as review:
                sources = review.sources()
        except ScreenerError:
            sources = []  # a store that cannot be read still has its own files protected
        protected.update(protected_files(root, sources))
    return protected
