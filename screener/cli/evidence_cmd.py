"""`screener report evidence`: the evidence table of coded included studies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    open_review,
    out,
    plural,
    print_json,
    print_json_line,
    say,
)
from screener.cli.output_path import output_path

if TYPE_CHECKING:
    from rich.console import RenderableType

    from screener.report.evidence import EvidenceTable, OptionCount, QuestionEvidence
    from screener.review import Review


def evidence(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=output_path,
            help="Write the table to a file: .csv, .md, .html (one page, sortable) or .xlsx"
            " (the optional extra 'xlsx'). An existing file is replaced atomically.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="'question': per question of the coding frame, the studies that address"
            " it with their values and quotes; or one question's id.",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """The evidence table: one row per included study, its citation and every coded field.

    A field shows the value that stands: the coder's, or with two coders the one they
    agree on (or a resolution); "disagreement" while they differ, "pending" while a coder
    is still to code it. The summary counts studies per option of each field with options.

    --json prints one object per line and study: {"record", "citation", and each field's id}
    (with --by, one per question: {"question", "text", "studies"}).

    Example:  screener report evidence -o evidence.html

    Example:  screener report evidence --by question -o by-question.md
    """
    from screener.report.evidence import by_question
    from screener.report.evidence_formats import suffix_of
    from screener.review.evidence import check_output, evidence_table, question_choice

    with open_review(review_dir) as review:
        suffix = None
        if output is not None:
            # A path never to be written (the review's own store) is refused as such (exit
            # 1) before its suffix is judged (exit 2), as `report prisma` does.
            check_output(review, output)
            suffix = suffix_of(str(output))
            if suffix == ".xlsx":
                from screener.report.evidence_xlsx import require_xlsx

                require_xlsx()
        table = evidence_table(review)
        questions = None if by is None else by_question(table, question_choice(table, by))
        if output is not None and suffix is not None:
            _write(review, table, questions, output, suffix, json_output=json_output)
            return
    if json_output:
        _print_json(table, questions)
    elif questions is not None:
        _show_questions(questions)
    else:
        _show_table(table)


def _write(
    review: Review,
    table: EvidenceTable,
    questions: list[QuestionEvidence] | None,
    output: Path,
    suffix: str,
    *,
    json_output: bool,
) -> None:
    from screener.report.evidence_formats import render
    from screener.report.evidence_sheets import by_question_document, table_document
    from screener.review.evidence import write_evidence

    if questions is None:
        document = table_document(table)
    else:
        document = by_question_document(table.title, questions)
    write_evidence(review, output, render(document, suffix))
    studies = len(table.studies)
    if json_output:
        print_json(
            {
                "output": str(output),
                "format": suffix.lstrip("."),
                "studies": studies,
                "fields": len(table.columns),
                "disagreements": table.disagreements(),
            }
        )
    say(f"Wrote the evidence table of {plural(studies, 'study', 'studies')} to {output}.")


def _print_json(table: EvidenceTable, questions: list[QuestionEvidence] | None) -> None:
    from screener.report.evidence import study_objects

    items = (
        (question.as_json() for question in questions)
        if questions is not None
        else study_objects(table)
    )
    for item in items:
        print_json_line(item)
    sys.stdout.flush()


def _show_table(table: EvidenceTable) -> None:
    """The summary on a terminal: how many studies, the counts per option and where the
    coders disagree; the full table is for -o or --json (30 fields do not fit in 80
    columns)."""
    from screener.report.evidence import option_counts

    console = out()
    disagreements = table.disagreements()
    console.print(
        _shown(
            f"{plural(len(table.studies), 'included study', 'included studies')},"
            f" {plural(len(table.columns), 'field')} in the coding frame;"
            f" {plural(disagreements, 'value')} in disagreement."
        )
    )
    counts = option_counts(table)
    if counts:
        console.print(_counts_table(counts))
    console.print(_shown("The whole table: -o evidence.html (or .csv, .md, .xlsx), or --json."))


def _counts_table(counts: list[OptionCount]) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("field", overflow="fold")
    table.add_column("option", overflow="fold")
    table.add_column("studies", justify="right", no_wrap=True)
    last = None
    for count in counts:
        table.add_row(_shown(count.label if count.field != last else ""), _shown(count.option),
                      str(count.studies))  # fmt: skip
        last = count.field
    return table


def _show_questions(questions: list[QuestionEvidence]) -> None:
    console = out()
    for evidence in questions:
        console.print(_shown(f"{evidence.question.id}: {evidence.question.text}"), style="bold")
        if not evidence.studies:
            console.print(_shown("  (no study addresses it yet)"))
        for study in evidence.studies:
            console.print(_shown(f"  {study.citation.short}  {study.citation.title}"))
            for finding in study.findings:
                console.print(_shown(f"    {finding.column.label}: {finding.cell.text}"))
        console.print()


def _shown(text: str) -> RenderableType:
    from screener.screening.ui.printable import shown

    return shown(text)


def register(app: typer.Typer) -> None:
    app.command("evidence")(evidence)
