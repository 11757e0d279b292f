"""The evidence table of a review: its included studies, their citations and the value
that stands for each field of the coding frame (report/evidence.py lays it out).

Functions over a `Review` rather than a mixin: they read only what Review offers
(records, the frame, the coders' outcomes) and write through the atomic writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError, suggest
from screener.report.evidence import (
    UNCODED,
    Cell,
    CellState,
    Citation,
    Column,
    EvidenceTable,
    Question,
    Study,
)
from screener.synthesis.settle import Settlement
from screener.synthesis.values import Appraisal, Quote, cell_text, value_json

if TYPE_CHECKING:
    from screener.model import Record
    from screener.review import Review
    from screener.synthesis.frame import CodingField
    from screener.synthesis.settle import FieldOutcome

# `--by question`: every question; any other word names one question by its id.
EVERY_QUESTION = "question"


def evidence_table(review: Review) -> EvidenceTable:
    """The included studies with every field of the coding frame. A review without a
    coding frame, or without included studies, is a ScreenerError (one line)."""
    if not review.coding_path.exists():
        raise ScreenerError(
            "no coding frame: the review has no coding.toml (copy one from a template with"
            " 'screener init --template rea', then 'screener code validate')",
            file=str(review.coding_path),
        )
    frame = review.coding_frame()
    records = review.records_to_code()
    if not records:
        raise ScreenerError("no included studies yet: the evidence table lists included ones")
    # every record's outcomes in one pass (cheaper than naming 2,000 ids); only the
    # included records' are read
    outcomes = review.coding_outcomes()
    columns = tuple(_column(field) for field in frame.fields)
    cells = _Cells()
    studies = tuple(
        Study(
            _citation(record),
            tuple(cells.of(field, outcomes.get((_id(record), field.id))) for field in frame.fields),
        )
        for record in records
    )
    return EvidenceTable(
        title=review.settings.title,
        questions=tuple(Question(q.id, q.text) for q in frame.questions),
        columns=columns,
        studies=studies,
        coders_per_record=review.coders_per_record,
    )


def question_choice(table: EvidenceTable, by: str) -> str | None:
    """The question `--by` names (None: every question); UsageError for an unknown id."""
    if by == EVERY_QUESTION:
        return None
    known = [question.id for question in table.questions]
    if by in known:
        return by
    if not known:
        raise ScreenerError("the coding frame has no [[question]] tables to report by")
    hint = suggest(by, [*known, EVERY_QUESTION]) or (
        f" (questions: {', '.join(known)}, or '{EVERY_QUESTION}' for all)"
    )
    raise UsageError(f"no question '{by}' in the coding frame{hint}")


def write_evidence(review: Review, output: Path | str, data: bytes) -> None:
    """Write a rendered file atomically; the review's own files are refused."""
    from screener.formats.output import OutputSet
    from screener.review.export import protected_files

    refuse = protected_files(review.root, review.sources())
    with OutputSet(refuse=refuse) as files, files.open(output) as stream:
        # the writer's streams are text; a workbook is bytes, written beneath the text layer
        stream.flush()
        stream.buffer.write(data)


def check_output(review: Review, output: Path | str) -> None:
    """Raise the error writing `output` would meet, before the table is built."""
    from screener.formats.output import OutputSet
    from screener.review.export import protected_files

    OutputSet(refuse=protected_files(review.root, review.sources())).check([output])


# -- from the review's values to the table's cells -------------------------------------------


def _id(record: Record) -> int:
    assert record.id is not None  # a stored record has its id
    return record.id


def _citation(record: Record) -> Citation:
    return Citation(
        record_id=_id(record),
        key=record.key or "",
        authors=tuple(record.authors),
        year=record.year,
        title=record.title or "",
        journal=record.journal or "",
        doi=record.doi or "",
    )


def _column(field: CodingField) -> Column:
    return Column(
        id=field.id,
        label=field.label,
        questions=field.questions,
        kind=field.kind.value,
        options=field.choices,
        unit=field.unit,
    )


class _Cells:
    """`_cell`, made once per field and value: 2,000 studies share a few dozen options."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, Settlement, object], Cell] = {}

    def of(self, field: CodingField, outcome: FieldOutcome | None) -> Cell:
        if outcome is None:
            return UNCODED
        key = (field.id, outcome.state, outcome.value)
        cell = self._made.get(key)
        if cell is None:
            cell = self._made[key] = _cell(field, outcome)
        return cell


def _cell(field: CodingField, outcome: FieldOutcome | None) -> Cell:
    if outcome is None:
        return UNCODED
    if outcome.state is Settlement.AWAITING:
        return Cell(CellState.PENDING)
    if outcome.state is Settlement.DISAGREE or outcome.value is None:
        return Cell(CellState.DISAGREEMENT)
    value = outcome.value
    picked: tuple[str, ...] = ()
    if field.categorical:
        if isinstance(value, Appraisal):
            picked = (value.rating,)
        elif isinstance(value, tuple):
            picked = value
        elif isinstance(value, str):
            picked = (value,)
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return Cell(
        CellState.SETTLED,
        value=value_json(value),
        text=cell_text(value),
        picked=picked,
        quote=value if isinstance(value, Quote) else None,
        number=number,
    )
