"""`screener status`, `screener sources` and `screener records show`: looking at a review."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, out, print_json
from screener.screening.ui.printable import shown

records_app = typer.Typer(help="Look at single records.", no_args_is_help=True)


def status(review_dir: ReviewOption = None, json_output: JsonOption = False) -> None:
    """Counts of records per status, in PRISMA order; then, per stage, each reviewer's
    verdicts out of the records that reached it, the conflicts and the records awaiting
    another reviewer; then whether title-abstract screening may stop, by the method of
    \\[stopping] in screener.toml: buscar's recall so far and p-value (given only when every
    screened record was decided in the relevance order, here or on a copy that synced), or
    the target method's random sample and how much of its target set the relevance order
    has come to (`screener stopping sample`). --json: "stopping", with "target" for the
    target method's figures.

    Example:  screener status --json
    """
    from rich.table import Table

    with open_review(review_dir) as review:
        report = review.status()
    if json_output:
        print_json(report.as_json())
        return
    table = Table(
        title=shown(f"{report.title}: {report.records} records from {report.sources} sources"),
        title_justify="left",
    )
    table.add_column("status")
    table.add_column("records", justify="right")
    for name, count in report.by_status.items():
        table.add_row(name, str(count))
    console = out()
    console.print(table)
    for stage in report.screening:
        console.print(shown(stage.text()))
    if report.stopping is not None:
        console.print(shown(report.stopping.text()))


def sources(review_dir: ReviewOption = None, json_output: JsonOption = False) -> None:
    """The imported files with their database, search date, query and counts.

    Example:  screener sources --json
    """
    from rich.table import Table

    from screener.review.views import shown_path, source_json

    with open_review(review_dir) as review:
        found = review.sources()
        root = review.root
    if json_output:
        print_json([source_json(s) for s in found])
        return
    table = Table(title="Sources", title_justify="left")
    columns = ("id", "file", "format", "database", "method", "searched on", "records", "skipped")
    for column in columns:
        table.add_column(column, overflow="fold")
    for s in found:
        table.add_row(
            str(s.id),
            shown(shown_path(s.path, root)),
            s.format,
            shown(s.database or "-"),
            s.method,
            shown(s.searched_on or "-"),
            str(s.record_count),
            str(s.skipped),
        )
    out().print(table)


def show(
    record_id: Annotated[int, typer.Argument(help="The record's id.")],
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Print the record's text exactly as read from its export.")
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Fields over 100,000 characters in full, not cut."),
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="Whose view (default: SCREENER_REVIEWER, else the login name): screening"
            " blind, others' verdicts show once every verdict is in.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Every field of one record, with its source and status; then "duplicate of record N"
    on a merged record, its group on a group's canonical record, and each notice link
    ("erratum of record 42", "IS RETRACTED: record 57").

    --json adds "duplicate_of" (id or null), "group" (ids, canonical first), "notices"
    ([{"kind", "notice", "article", "text"}]) and "screening" ([{"stage", "state",
    "required", "verdicts", "decisions", "hidden"}]: the decisions you may see) to the fields.

    Example:  screener records show 42
    """
    from rich.table import Table

    from screener.screening.ui.printable import caret_notation, cut, printable

    with open_review(review_dir, reviewer) as review:
        if raw:
            text = review.raw_text(record_id)
            # Exactly as read into a file or a pipe; on a terminal, control characters are
            # shown, not obeyed (an escape sequence in an export must not drive the terminal).
            typer.echo(caret_notation(text) if sys.stdout.isatty() else text, nl=False)
            return
        view = review.record_view_for(record_id)
    if json_output:
        print_json(view.as_json())
        return
    lines: dict[str, str] = {}
    for name, value in view.fields.items():
        if value in ("", None, [], {}):
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = "\n".join(f"{k}: {' | '.join(v)}" for k, v in value.items())
        lines[name] = str(value) if full else cut(str(value))
    if full:
        # Laying a table out around megabytes of text takes minutes: plain lines take none.
        for name, value in lines.items():
            sys.stdout.write(f"{name}: {printable(value)}\n")
        for line in view.duplicate_lines():
            sys.stdout.write(f"{line}\n")
        return
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name, value in lines.items():
        table.add_row(name, shown(value))
    console = out()
    console.print(table)
    for line in view.duplicate_lines():
        console.print(line, style="bold red" if line.startswith("IS RETRACTED") else "",
                      markup=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("status")(status)
    app.command("sources")(sources)
    records_app.command("show")(show)
    app.add_typer(records_app, name="records")
