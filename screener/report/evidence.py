"""The evidence table: one row per included study, its citation and every coded field.

Pure: the review hands over a built `EvidenceTable` (review/evidence.py reads the frame and
the coded values); this module answers what a reader asks of it (the JSON objects, counts
per option, the studies that address a question) and the writers (evidence_formats.py,
evidence_html.py, evidence_xlsx.py) lay it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from screener.synthesis.values import Quote

# Kinds of field whose values are picked from a list: they are counted per option.
CHOICE_KINDS = ("one_of", "many_of", "yes_no", "appraisal")


class CellState(Enum):
    """Where a study's value for one field stands."""

    SETTLED = "settled"  # the one coder's value, or every coder gave the same
    DISAGREEMENT = "disagreement"  # the coders gave different values
    PENDING = "pending"  # some coders have coded, others not yet (their values stay blind)
    UNCODED = "uncoded"  # nobody has coded it


# What a table shows in a cell that holds no settled value.
STATE_TEXT = {
    CellState.DISAGREEMENT: "disagreement",
    CellState.PENDING: "pending",
    CellState.UNCODED: "",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One study's value for one field.

    `value` is the settled value as JSON would carry it, `text` how a table reads it,
    `picked` the options it names (counted in the summary), `quote` the words a long-text
    field holds, and `number` the figure of a number field (sorting, spreadsheets).
    """

    state: CellState
    value: object = None
    text: str = ""
    picked: tuple[str, ...] = ()
    quote: Quote | None = None
    number: float | None = None

    @property
    def shown(self) -> str:
        return self.text if self.state is CellState.SETTLED else STATE_TEXT[self.state]

    @property
    def json_value(self) -> object:
        if self.state is CellState.SETTLED:
            return self.value
        if self.state is CellState.DISAGREEMENT:
            return STATE_TEXT[self.state]
        return None


UNCODED = Cell(CellState.UNCODED)


@dataclass(frozen=True, slots=True)
class Column:
    """A field of the coding frame, as a column of the table."""

    id: str
    label: str
    questions: tuple[str, ...]  # the ids of the questions the field helps answer
    kind: str
    options: tuple[str, ...] = ()
    unit: str = ""

    @property
    def heading(self) -> str:
        """The label, with the unit a number field's values are in."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def counted(self) -> bool:
        """A field whose values are options gets counts per option in the summary."""
        return self.kind in CHOICE_KINDS and bool(self.options)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Citation:
    record_id: int
    key: str
    authors: tuple[str, ...]
    year: int | None
    title: str
    journal: str
    doi: str

    @property
    def author_text(self) -> str:
        return "; ".join(self.authors)

    @property
    def short(self) -> str:
        """'Family et al. (2021)': how a synthesis names a study in running text."""
        first = self.authors[0].split(",")[0].strip() if self.authors else "Anonymous"
        who = first if len(self.authors) == 1 else f"{first} et al."
        if len(self.authors) == 2:
            who = f"{first} and {self.authors[1].split(',')[0].strip()}"
        return f"{who} ({self.year if self.year is not None else 'n.d.'})"

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "authors": list(self.authors),
            "year": self.year,
            "title": self.title,
            "journal": self.journal,
            "doi": self.doi,
        }


@dataclass(frozen=True, slots=True)
class Study:
    """An included study: its citation and one cell per column, in column order."""

    citation: Citation
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class EvidenceTable:
    title: str
    questions: tuple[Question, ...]
    columns: tuple[Column, ...]
    studies: tuple[Study, ...]
    coders_per_record: int = 1

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def disagreements(self) -> int:
        return sum(
            cell.state is CellState.DISAGREEMENT for study in self.studies for cell in study.cells
        )


# -- the JSON objects -----------------------------------------------------------------------


def study_objects(table: EvidenceTable) -> Iterator[dict[str, object]]:
    """One object per study: `record`, `citation`, and each field's id as a key (its settled
    value, "disagreement", or null while it waits for a coder)."""
    for study in table.studies:
        item: dict[str, object] = {
            "record": study.citation.record_id,
            "citation": study.citation.as_json(),
        }
        for column, cell in zip(table.columns, study.cells, strict=True):
            item.setdefault(column.id, cell.json_value)
        yield item


# -- counts per option ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptionCount:
    field: str
    label: str
    option: str
    studies: int

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "option": self.option, "studies": self.studies}


# How the summary names studies whose value is not settled.
DISAGREEMENT_ROW = "(disagreement)"
PENDING_ROW = "(not coded yet)"


def option_counts(table: EvidenceTable) -> list[OptionCount]:
    """Studies per option of every field with options, in the frame's order: a many-of
    field counts a study once under each option it picks; then the studies in
    disagreement and those not coded yet, when there are any."""
    counts: list[OptionCount] = []
    for index, column in enumerate(table.columns):
        if not column.counted:
            continue
        tally = dict.fromkeys(column.options, 0)
        disagreeing = waiting = 0
        for study in table.studies:
            cell = study.cells[index]
            if cell.state is CellState.DISAGREEMENT:
                disagreeing += 1
            elif cell.state is not CellState.SETTLED:
                waiting += 1
            for option in cell.picked if cell.state is CellState.SETTLED else ():
                # an option since removed from the frame is still a value someone coded
                tally[option] = tally.get(option, 0) + 1
        counts += [OptionCount(column.id, column.label, o, n) for o, n in tally.items()]
        if disagreeing:
            counts.append(OptionCount(column.id, column.label, DISAGREEMENT_ROW, disagreeing))
        if waiting:
            counts.append(OptionCount(column.id, column.label, PENDING_ROW, waiting))
    return counts


# -- per question ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """What one study says on one field of a question."""

    column: Column
    cell: Cell


@dataclass(frozen=True, slots=True)
class StudyOnQuestion:
    citation: Citation
    findings: tuple[Finding, ...]

    @property
    def quotes(self) -> tuple[tuple[Column, Quote], ...]:
        return tuple(
            (finding.column, finding.cell.quote)
            for finding in self.findings
            if finding.cell.quote is not None
        )


@dataclass(frozen=True, slots=True)
class QuestionEvidence:
    question: Question
    studies: tuple[StudyOnQuestion, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question.id,
            "text": self.question.text,
            "studies": [
                {
                    "record": study.citation.record_id,
                    "citation": study.citation.as_json(),
                    "values": {f.column.id: f.cell.value for f in study.findings},
                    "quotes": [
                        {"field": column.id, "quote": quote.text, "page": quote.page}
                        for column, quote in study.quotes
                    ],
                }
                for study in self.studies
            ],
        }


def says_something(cell: Cell) -> bool:
    """A settled value that says the study has something on the field: not a 'no', not an
    empty pick or text."""
    if cell.state is not CellState.SETTLED:
        return False
    if cell.picked:
        return cell.picked != ("no",)
    return bool(cell.text.strip()) or cell.quote is not None or cell.number is not None


def by_question(table: EvidenceTable, question_id: str | None = None) -> list[QuestionEvidence]:
    """Per question (or the one named), the studies that address it: those with a settled
    value that says something on one of its fields, with those values and their quotes."""
    questions = table.questions if question_id is None else (table.question(question_id),)
    result: list[QuestionEvidence] = []
    for question in questions:
        indexes = [i for i, c in enumerate(table.columns) if question.id in c.questions]
        studies: list[StudyOnQuestion] = []
        for study in table.studies:
            findings = tuple(
                Finding(table.columns[i], study.cells[i])
                for i in indexes
                if says_something(study.cells[i])
            )
            if findings:
                studies.append(StudyOnQuestion(study.citation, findings))
        result.append(QuestionEvidence(question, tuple(studies)))
    return result
