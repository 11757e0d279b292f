"""Evidence tables built by hand, for the tests of the pure table and its writers."""

from __future__ import annotations

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
from screener.synthesis.values import Quote

COLUMNS = (
    Column("design", "Study design", ("tech",), "one_of", ("survey", "interviews", "other")),
    Column("platforms", "Platforms", ("tech",), "many_of", ("chat", "forums", "gaming")),
    Column("online", "Online only", ("target",), "yes_no", ("yes", "no", "unclear")),
    Column("sample", "Sample size", (), "number", unit="participants"),
    Column("finding", "Key finding", ("tech", "target"), "quote"),
)
QUESTIONS = (
    Question("tech", "How do perpetrators use technologies?"),
    Question("target", "How are victims targeted?"),
)


def settled(text: str, *, picked: tuple[str, ...] = (), value: object = None) -> Cell:
    return Cell(CellState.SETTLED, value=text if value is None else value, text=text,
                picked=picked)  # fmt: skip


def number(n: float) -> Cell:
    return Cell(CellState.SETTLED, value=n, text=str(n), number=n)


def quote(text: str, page: str) -> Cell:
    return Cell(
        CellState.SETTLED,
        value={"quote": text, "page": page},
        text=f'"{text}" (p. {page})',
        quote=Quote(text, page),
    )


def citation(n: int, title: str, year: int | None = 2020) -> Citation:
    return Citation(n, f"k{n}", (f"Family{n}, Given", "Other, Ann"), year, title,
                    "Journal of Tests", f"10.5555/{n}")  # fmt: skip


def small_table() -> EvidenceTable:
    studies = (
        Study(
            citation(1, "Grooming in chat rooms", 2019),
            (
                settled("survey", picked=("survey",)),
                settled("chat; forums", picked=("chat", "forums"), value=["chat", "forums"]),
                settled("no", picked=("no",)),
                number(120),
                quote("moved to private chat", "12"),
            ),
        ),
        Study(
            citation(2, '=HYPERLINK("http://example.invalid") <b>bold</b> | pipe', None),
            (
                Cell(CellState.DISAGREEMENT),
                settled("gaming", picked=("gaming",), value=["gaming"]),
                settled("yes", picked=("yes",)),
                number(8.5),
                UNCODED,
            ),
        ),
        Study(
            citation(3, "Offending pathways", 2021),
            (settled("survey", picked=("survey",)), Cell(CellState.PENDING), *[UNCODED] * 3),
        ),
    )
    return EvidenceTable("Test review", QUESTIONS, COLUMNS, studies, coders_per_record=2)
