"""Scripted decisions from a CSV file: every row is checked, then all land in one transaction.

Columns `record, verdict, reviewer, stage` are required, `reason, note` optional. A bad row
stops the whole file, reported with its line number, before anything is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from screener.errors import ScreenerError
from screener.model import Decision
from screener.review import Review
from screener.screening.decisions import check_decision

REQUIRED_COLUMNS: tuple[str, ...] = ("record", "verdict", "reviewer", "stage")
OPTIONAL_COLUMNS: tuple[str, ...] = ("reason", "note")


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str


def read_decisions(review: Review, path: Path) -> list[Decision]:
    """The file's decisions, all checked; raises ScreenerError naming the first bad line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return _checked(review, path, csv.DictReader(stream))
    except OSError as error:
        raise ScreenerError(f"cannot read the file: {error.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise ScreenerError("not UTF-8 text", file=str(path)) from None
    except csv.Error as error:
        raise ScreenerError(f"not a readable CSV file: {error}", file=str(path)) from None


def _checked(review: Review, path: Path, reader: csv.DictReader) -> list[Decision]:
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ScreenerError(f"missing column(s): {', '.join(missing)}", file=str(path), line=1)
    reader.fieldnames = columns
    reasons = review.reasons()
    known_ids = set(review.store.record_ids())
    decisions: list[Decision] = []
    problems: list[RowProblem] = []
    for row in reader:
        line = reader.line_num
        try:
            decisions.append(_decision(row, reasons, known_ids))
        except ScreenerError as error:
            problems.append(RowProblem(line, error.message))
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
        raise ScreenerError(
            f"{first.message}{more}; nothing was written", file=str(path), line=first.line
        )
    if not decisions:
        raise ScreenerError("no decisions in the file", file=str(path))
    return decisions


def _decision(row: dict[str, str | None], reasons: dict[str, str], known: set[int]) -> Decision:
    values = {name: (row.get(name) or "").strip() for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    for name in ("record", "verdict", "reviewer", "stage"):
        if not values[name]:
            raise ScreenerError(f"empty {name}")
    if not values["record"].isdigit():
        raise ScreenerError(f"record must be a record id (a number), not {values['record']!r}")
    decision = Decision(
        int(values["record"]),
        values["stage"],
        values["reviewer"],
        values["verdict"].lower(),
        values["reason"],
        values["note"],
    )
    return check_decision(decision, reasons, record_exists=decision.record_id in known)


def write_decisions(review: Review, decisions: list[Decision], source: str) -> int:
    """Append all decisions in one transaction, with one audit entry; returns the count."""
    store = review.store
    with store.transaction():
        for decision in decisions:
            store.add_decision(decision)
        store.log(review.actor, "decide", {"file": source, "decisions": len(decisions)})
    return len(decisions)
