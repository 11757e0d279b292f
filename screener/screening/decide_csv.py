"""Scripted decisions from a CSV file: every row is checked, then all land in one transaction.

Columns `record, verdict, reviewer, stage` are required, `reason, note` optional; the caller
may give a reviewer and a stage for files without those columns. A bad row stops the whole
file, reported with its line number, before anything is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from screener.errors import ScreenerError
from screener.model import Decision
from screener.screening.decisions import check_decision

REQUIRED_COLUMNS: tuple[str, ...] = ("record", "verdict", "reviewer", "stage")
OPTIONAL_COLUMNS: tuple[str, ...] = ("reason", "note")


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str


def read_decisions(
    path: Path,
    *,
    reasons: dict[str, str],
    known_ids: set[int],
    reviewer: str | None = None,
    stage: str | None = None,
) -> list[Decision]:
    """The file's decisions, all checked; raises ScreenerError naming the first bad line.

    `reviewer` and `stage` fill those columns when the file has none (or a row leaves its
    cell empty).
    """
    defaults = {"reviewer": reviewer or "", "stage": stage or ""}
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return _checked(path, csv.DictReader(stream), reasons, known_ids, defaults)
    except OSError as error:
        raise ScreenerError(f"cannot read the file: {error.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise ScreenerError("not UTF-8 text", file=str(path)) from None
    except csv.Error as error:
        raise ScreenerError(f"not a readable CSV file: {error}", file=str(path)) from None


def _checked(
    path: Path,
    reader: csv.DictReader[str],
    reasons: dict[str, str],
    known_ids: set[int],
    defaults: dict[str, str],
) -> list[Decision]:
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns and not defaults.get(name)]
    if missing:
        given = " or ".join(f"--{name}" for name in missing if name in defaults)
        hint = f" (or give {given})" if given else ""
        raise ScreenerError(
            f"missing column(s): {', '.join(missing)}{hint}", file=str(path), line=1
        )
    reader.fieldnames = columns
    decisions: list[Decision] = []
    problems: list[RowProblem] = []
    for row in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a spreadsheet's empty row (",,,"), like a blank line
        try:
            decisions.append(_decision(row, reasons, known_ids, defaults))
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


def _decision(
    row: dict[str, str | None],
    reasons: dict[str, str],
    known: set[int],
    defaults: dict[str, str],
) -> Decision:
    values = {
        name: (row.get(name) or defaults.get(name) or "").strip()
        for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    }
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
