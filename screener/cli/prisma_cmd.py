"""`screener report prisma`: the PRISMA 2020 flow counts and diagram."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, out, print_json, say
from screener.cli.output_path import output_path

if TYPE_CHECKING:
    from screener.report.flow import PrismaFlow


def prisma(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=output_path,
            help="Write the flow to this file, by its suffix: .svg (the diagram), .png, .csv"
            " (the PRISMA2020 Shiny app's layout) or .md (a table). Replaced atomically.",
            show_default=False,
        ),
    ] = None,
    allow_pending: Annotated[
        bool,
        typer.Option(
            "--allow-pending",
            help="Report a review in progress, with 'awaiting decision' boxes for the records"
            " and reports still without an outcome.",
        ),
    ] = False,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """The PRISMA 2020 flow of the review: records identified per database and register,
    duplicates and records excluded by criteria rules removed, records screened and
    excluded, reports sought, not retrieved, assessed and excluded (by reason), studies and
    reports included; the "other methods" column (websites, organisations, citation
    searching: 'import --method') and the previous review's studies when there are any.

    Every count comes from the review's records, duplicate links, criteria run and current
    decisions, and the columns are checked to add up before anything is printed or written.
    A review in progress (records or reports without an outcome: undecided, awaiting another
    reviewer, in conflict, marked maybe) says what is pending and exits 1, writing nothing,
    unless --allow-pending is given. --json prints every count under the PRISMA2020
    package's field names, with "pending" and "complete" (printed, exit 1, when pending).
    A reviewer who excludes a record found as an erratum of an included article adds a
    report, not a study.

    Example:  screener report prisma -o prisma.svg
    """
    if output is not None and str(output) == "-" and json_output:
        # Two documents on one stream would parse as neither.
        raise typer.BadParameter(
            "stdout holds the flow: give --json or -o -, not both", param_hint="-o"
        )
    with open_review(review_dir) as review:
        report = review.prisma_report()
        for warning in report.warnings:
            say(f"warning: {warning}")
        flow = report.flow
        pending = report.pending_text()
        if pending and not allow_pending:
            if json_output:
                print_json(flow.as_json())
            say(f"{pending}; finish screening, or pass --allow-pending")
            raise typer.Exit(1)
        if output is not None:
            review.write_prisma(output, report)
    if json_output:
        print_json(flow.as_json())
    elif output is None:
        _print_table(flow)
    if output is not None:
        say(f"Wrote the PRISMA flow to {output}" + (" (in progress)" if pending else ""))
    if pending:
        say(pending)


def _print_table(flow: PrismaFlow) -> None:
    from rich.table import Table

    from screener.report.prisma_table import flow_rows
    from screener.screening.ui.printable import shown

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("box", overflow="fold")
    table.add_column("n", justify="right")
    for row in flow_rows(flow):
        if row.n is None:
            table.add_row(shown(row.label), "", style="bold")
        else:
            table.add_row(shown("  " * (row.depth + 1) + row.label), f"{row.n:,}")
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command("prisma")(prisma)
