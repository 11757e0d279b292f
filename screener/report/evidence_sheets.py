"""The evidence table laid out as sheets of rows, the shape every file format writes.

A `Document` is a title and its sheets: the table itself and the counts per option, or one
sheet per question for `--by`. A CSV file holds one sheet (`Document.flat`); Markdown and
HTML put the sheets one under another; a workbook gives each its own worksheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from screener.report.evidence import (
    Cell,
    CellState,
    EvidenceTable,
    QuestionEvidence,
    option_counts,
)

Value = str | int | float | None

CITATION_HEADER = ("record", "key", "authors", "year", "title", "journal", "doi")


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    # The column names a script reads (CSV): the frame's field ids rather than its labels.
    keys: tuple[str, ...] = ()
    note: str = ""  # a line shown above the rows (the question's text)

    @property
    def names(self) -> tuple[str, ...]:
        return self.keys or self.header


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    sheets: tuple[Sheet, ...]
    flat: Sheet  # what a CSV file holds


def table_document(table: EvidenceTable) -> Document:
    """The evidence table and the counts per option."""
    header = (*CITATION_HEADER, *(column.heading for column in table.columns))
    keys = (*CITATION_HEADER, *(column.id for column in table.columns))
    rows = tuple(
        (
            study.citation.record_id,
            study.citation.key,
            study.citation.author_text,
            study.citation.year,
            study.citation.title,
            study.citation.journal,
            study.citation.doi,
            *(_cell_value(cell) for cell in study.cells),
        )
        for study in table.studies
    )
    evidence = Sheet("Evidence", header, rows, keys=keys)
    counts = option_counts(table)
    summary = Sheet(
        "Summary",
        ("field", "option", "studies"),
        tuple((count.label, count.option, count.studies) for count in counts),
        keys=("field", "option", "studies"),
        note="Studies per option (a many-of field counts a study under each option it picks).",
    )
    sheets = (evidence, summary) if counts else (evidence,)
    return Document(f"{table.title}: evidence table", sheets, evidence)


def _cell_value(cell: Cell) -> Value:
    """A number stays a number (a spreadsheet sorts and sums it; its unit is in the
    header); anything else is the cell's text."""
    if cell.state is CellState.SETTLED and cell.number is not None:
        return _plain_number(cell.number)
    return cell.shown


def _plain_number(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


QUESTION_HEADER = ("record", "study", "field", "value", "quote", "page")


def by_question_document(title: str, questions: list[QuestionEvidence]) -> Document:
    """Per question, a row per finding: the study, the field, its value, and the quote."""
    sheets: list[Sheet] = []
    flat_rows: list[tuple[Value, ...]] = []
    for evidence in questions:
        rows: list[tuple[Value, ...]] = []
        for study in evidence.studies:
            for finding in study.findings:
                quote = finding.cell.quote
                rows.append(
                    (
                        study.citation.record_id,
                        study.citation.short,
                        finding.column.label,
                        "" if quote is not None else finding.cell.text,
                        quote.text if quote is not None else "",
                        quote.page if quote is not None else "",
                    )
                )
        sheets.append(
            Sheet(
                evidence.question.id,
                QUESTION_HEADER,
                tuple(rows),
                note=f"{evidence.question.text} ({_studies(len(evidence.studies))})",
            )
        )
        flat_rows += [(evidence.question.id, *row) for row in rows]
    flat = Sheet("Questions", ("question", *QUESTION_HEADER), tuple(flat_rows))
    return Document(f"{title}: evidence by question", tuple(sheets), flat)


def _studies(count: int) -> str:
    return f"{count} study" if count == 1 else f"{count} studies"
