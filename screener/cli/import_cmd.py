"""`screener import`: add search exports to the review, one source per file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperOption

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    choice,
    err,
    open_review,
    plural,
    print_json,
    progress_bar,
)
from screener.errors import Interrupted, ParseIssue, ScreenerError
from screener.screening.ui.printable import shown

if TYPE_CHECKING:
    from screener.review.importing import ImportReport

# The --format help names the formats, but the format registry is too slow to import for
# every command: _ImportCommand fills the names in only when the help is shown.
_FORMAT_HELP = "Skip detection: one of {names}."


def _format_names() -> str:
    from screener.formats import FORMATS

    return ", ".join(FORMATS)


class _ImportCommand(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            if isinstance(param, TyperOption) and param.help == _FORMAT_HELP:
                param.help = _FORMAT_HELP.format(names=_format_names())
        super().format_help(ctx, formatter)


def _parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {pair!r}", param_hint="--map")
        mapping[field.strip()] = column.strip()
    return mapping


def _check_date(text: str | None) -> str:
    if not text:
        return ""
    try:
        searched = date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2026-11-01", param_hint="--searched-on"
        ) from None
    if searched > date.today():
        raise typer.BadParameter(
            f"{text} is in the future; give the day the search was run", param_hint="--searched-on"
        )
    return searched.isoformat()


def import_files(
    files: Annotated[
        list[Path], typer.Argument(help="Export files (RIS, MEDLINE, WoS, BibTeX, CSV, XML).")
    ],
    format: Annotated[str | None, typer.Option("--format", help=_FORMAT_HELP)] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="Database searched, e.g. PubMed.")
    ] = None,
    searched_on: Annotated[
        str | None, typer.Option("--searched-on", help="Date of the search, YYYY-MM-DD.")
    ] = None,
    query: Annotated[str | None, typer.Option("--query", help="The search string used.")] = None,
    query_file: Annotated[
        Path | None,
        typer.Option("--query-file", help="File holding the search string.", dir_okay=False),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="CSV column for a field: --map title=Article_Title."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole file if any record is malformed.")
    ] = False,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="How the records were found, for the PRISMA flow: database (the default),"
            " register, website, organisation, citation, other, or previous (the studies of"
            " the review this one updates).",
        ),
    ] = "database",
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import search exports, one source per file, each file in one transaction.

    Example:  screener import pubmed.nbib --database PubMed --searched-on 2026-11-01

    Example:  screener import reference-lists.ris --method citation
    """
    from rich.table import Table

    from screener.formats import FORMATS
    from screener.model import SOURCE_METHODS
    from screener.review.importing import ImportOptions
    from screener.review.views import ImportFailure, shown_path

    if query and query_file:
        raise typer.BadParameter("give --query or --query-file, not both")
    if format is not None:
        choice(format, list(FORMATS), "--format")
    choice(method, list(SOURCE_METHODS), "--method")
    query_text = query or ""
    if query_file is not None:
        try:
            query_text = query_file.read_text(encoding="utf-8-sig").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ScreenerError(
                f"cannot read the query file: {error}", file=str(query_file)
            ) from None
    options = ImportOptions(
        format=format,
        database=database or "",
        searched_on=_check_date(searched_on),
        query=query_text,
        strict=strict,
        mapping=_parse_mapping(mapping or []),
        method=method,
    )
    reports: list[ImportReport] = []
    console = err()
    failures: list[ImportFailure] = []
    with open_review(review_dir) as review:
        root = review.root
        for path in files:
            # Each file lands whole or not at all; one refused file does not stop the others.
            try:
                with progress_bar(
                    f"Importing {path.name}", None, enabled=not json_output, unit="records"
                ) as update:
                    report = review.import_file(
                        path,
                        options,
                        progress=lambda done, size, records: update(done, size, count=records),
                    )
            except Interrupted:
                raise  # a stop signal stops the whole command, not just this file
            except ScreenerError as error:
                failures.append(ImportFailure(str(path), error))
                if not json_output:
                    console.print(shown(f"screener: {error}"))
                continue
            reports.append(report)
            if not json_output:
                lines, told = issue_lines(path, report.issues)
                for line in lines:
                    console.print(shown(line))
                hidden = report.skipped + report.warnings - told
                if hidden > 0:
                    console.print(f"  ... and {hidden} more (see --json)")
    if json_output:
        print_json([r.as_json() for r in reports] + [f.as_json() for f in failures])
        if failures:
            raise typer.Exit(1)
        return
    table = Table(title="Imported", title_justify="left")
    for column in ("file", "format", "database", "records", "skipped", "warnings"):
        numeric = column in {"records", "skipped", "warnings"}
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for r in reports:
        table.add_row(
            shown(shown_path(r.path, root)),
            r.format,
            shown(r.database or "-"),
            str(r.records),
            str(r.skipped),
            str(r.warnings),
        )
    if reports:
        console.print(table)
    if failures and reports:
        console.print(
            shown(
                f"{plural(len(reports), 'file')} imported, {len(failures)} refused"
                " (each said above); a refused file changed nothing."
            )
        )
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("import", cls=_ImportCommand)(import_files)


ISSUE_KINDS_SHOWN = 20
LINES_NAMED = 3


def issue_lines(path: Path, issues: Sequence[ParseIssue]) -> tuple[list[str], int]:
    """One line per kind of issue (severity and message), naming the first lines where it
    occurs, for at most ISSUE_KINDS_SHOWN kinds; and how many issues those lines tell of.
    A file with 23 stray tagged lines reads as one line, not 20 and "3 more"."""
    kinds: dict[tuple[str, str], list[int]] = {}
    for issue in issues:
        kinds.setdefault((issue.severity, issue.message), []).append(issue.line)
    shown_kinds = list(kinds.items())[:ISSUE_KINDS_SHOWN]
    lines = []
    for (severity, message), at in shown_kinds:
        if len(at) == 1:
            lines.append(f"  {severity}: {path}:{at[0]}: {message}")
            continue
        first = ", ".join(map(str, at[:LINES_NAMED]))
        more = f" and {len(at) - LINES_NAMED} more" if len(at) > LINES_NAMED else ""
        lines.append(f"  {severity}: {path}: {len(at)} times (lines {first}{more}): {message}")
    return lines, sum(len(at) for _, at in shown_kinds)
