"""A labelled set for simulation: any readable export whose records carry a 0/1 column.

The project's readers do the reading (a CSV with `title, abstract, label_included`, or any
format with the label kept in a record's `extra`); this module checks what a simulation
needs and says in one line, with the file and line, what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screener.errors import ScreenerError, did_you_mean
from screener.formats import read_file
from screener.model import Record
from screener.ranking.features import record_text

# What a label cell may hold, and what it means.
LABEL_VALUES = {"1": True, "0": False}


@dataclass(frozen=True)
class LabelledSet:
    """The texts and labels of one file, in file order, and what a reader should know."""

    name: str
    texts: tuple[str, ...]
    labels: tuple[bool, ...]
    warnings: tuple[str, ...]

    @property
    def records(self) -> int:
        return len(self.labels)

    @property
    def relevant(self) -> int:
        return sum(self.labels)


def read_labelled(path: Path, column: str) -> LabelledSet:
    """The records of `path` with their label in `column` (0 or 1, 1 = relevant).

    Raises ScreenerError when the column is missing, a value is not 0 or 1, or every
    record carries the same label; skipped records and a set without abstracts are warnings.
    """
    texts: list[str] = []
    labels: list[bool] = []
    skipped = 0
    with_abstract = 0
    columns: set[str] = set()
    for item in read_file(path):
        if not isinstance(item, Record):
            skipped += item.severity == "error"
            continue
        columns.update(item.extra)
        label = _label(item, column, path, columns)
        texts.append(record_text(item.title, item.abstract, item.keywords))
        labels.append(label)
        with_abstract += bool(item.abstract)
    if not labels:
        raise ScreenerError("no records to simulate", file=str(path))
    if len(set(labels)) == 1:
        value = "1 (relevant)" if labels[0] else "0 (irrelevant)"
        raise ScreenerError(
            f"every record has {column} = {value}: a simulation needs both labels",
            file=str(path),
        )
    if not any(texts):
        raise ScreenerError(
            "no record has a title, abstract or keywords: nothing to learn from", file=str(path)
        )
    warnings = []
    if skipped:
        warnings.append(f"{skipped} records could not be read and are left out")
    if not with_abstract:
        warnings.append("no record has an abstract: the model learns from titles alone")
    return LabelledSet(path.name, tuple(texts), tuple(labels), tuple(warnings))


def _label(record: Record, column: str, path: Path, columns: set[str]) -> bool:
    values = record.extra.get(column)
    if values is None and column not in columns:
        raise ScreenerError(
            f"no column {column!r}{did_you_mean(column, sorted(columns))}",
            file=str(path),
        )
    if not values:
        raise ScreenerError(f"no {column} value (0 or 1)", file=str(path), line=record.line)
    value = values[0].strip()
    if value not in LABEL_VALUES:
        raise ScreenerError(
            f"{column} is {value!r}: labels are 0 (irrelevant) or 1 (relevant)",
            file=str(path),
            line=record.line,
        )
    return LABEL_VALUES[value]
