"""`screener status`, `screener sources` and `screener records show`: looking at a review."""

from __future__ import annotations

from typing import Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, out, print_json
from screener.model import TEXT_FIELDS

records_app = typer.Typer(help="Look at single records.", no_args_is_help=True)


def status(review_dir: ReviewOption = None, json_output: JsonOption = False) -> None:
    """Counts of records per status, in PRISMA order.

    Example:  screener status --json
    """
    from rich.table import Table

    with open_review(review_dir) as review:
        report = review.status()
    if json_output:
        print_json(report.as_json())
        return
    table = Table(
        title=f"{report.title}: {report.records} records from {report.sources} sources",
        title_justify="left",
    )
    table.add_column("status")
    table.add_column("records", justify="right")
    for name, count in report.by_status.items():
        table.add_row(name, str(count))
    out().print(table)


def sources(review_dir: ReviewOption = None, json_output: JsonOption = False) -> None:
    """The imported files with their database, search date, query and counts.

    Example:  screener sources --json
    """
    from rich.table import Table

    with open_review(review_dir) as review:
        found = review.sources()
    if json_output:
        print_json(
            [
                {
                    "id": s.id,
                    "path": s.path,
                    "sha256": s.sha256,
                    "format": s.format,
                    "database": s.database,
                    "searched_on": s.searched_on,
                    "query": s.query,
                    "imported_at": s.imported_at,
                    "records": s.record_count,
                    "skipped": s.skipped,
                    "warnings": s.warnings,
                }
                for s in found
            ]
        )
        return
    table = Table(title="Sources", title_justify="left")
    for column in ("id", "file", "format", "database", "searched on", "records", "skipped"):
        table.add_column(column)
    for s in found:
        table.add_row(
            str(s.id),
            s.path,
            s.format,
            s.database or "-",
            s.searched_on or "-",
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
) -> None:
    """Every field of one record, with its source and status.

    Example:  screener records show 42
    """
    from rich.table import Table

    with open_review(review_dir) as review:
        record = review.record(record_id)
        if raw:
            typer.echo(review.raw_text(record_id), nl=False)
            return
        current = review.status_of(record_id)
        source = next((s for s in review.sources() if s.id == record.source_id), None)
    fields: dict[str, object] = {"id": record.id, "key": record.key, "status": current}
    fields["source"] = source.path if source else record.source_id
    fields["authors"] = list(record.authors)
    fields["year"] = record.year
    fields.update({name: getattr(record, name) for name in TEXT_FIELDS})
    fields["keywords"] = list(record.keywords)
    fields["extra"] = record.extra
    if json_output:
        print_json(fields)
        return
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name, value in fields.items():
        if value in ("", None, [], {}):
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = "\n".join(f"{k}: {' | '.join(v)}" for k, v in value.items())
        table.add_row(name, str(value))
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
    app.command("sources")(sources)
    records_app.command("show")(show)
    app.add_typer(records_app, name="records")
