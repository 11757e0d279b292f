"""`screener code ...`: the synthesis stage, coding included studies against coding.toml."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    err,
    open_review,
    out,
    plural,
    print_json,
    say,
)
from screener.errors import ScreenerError
from screener.screening.ui.printable import shown

if TYPE_CHECKING:
    from screener.synthesis.agreement import CodingAgreement
    from screener.synthesis.progress import CodingStatus

CoderOption = Annotated[
    str | None,
    typer.Option(
        "--coder",
        "--reviewer",
        help="Who is coding (default: SCREENER_REVIEWER, else the login name).",
        show_default=False,
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="Code records at full text as well as included ones: --status full-text.",
        show_default=False,
    ),
]

code_app = typer.Typer(
    help="The synthesis stage: code included studies against the coding frame (coding.toml)."
    "\n\nExample:  screener code --coder ana",
    invoke_without_command=True,
)


@code_app.callback()
def _code(
    ctx: typer.Context,
    coder: CoderOption = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Line prompts on stdin/stdout (pipes, screen readers).")
    ] = False,
    status: StatusOption = None,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="CSV with columns record, field, value (and coder, page, reason): every row"
            " checked first, then all in one transaction; a bad row writes nothing.",
            dir_okay=False,
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Code the included studies in the terminal, field by field; or, with --from, a CSV.

    Values in a CSV are written as `code set` takes them (see `screener code set --help`).

    Example:  screener code --from coded.csv --coder ana
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_review(review_dir, coder) as review:
        if from_csv is not None:
            count = review.code_from_csv(from_csv, coder=coder, status=status)
            say(f"{plural(count, 'value')} coded from {from_csv}.")
            return
        import importlib

        try:
            # synthesis-ui's package; imported by name, as a build may be without it.
            ui = importlib.import_module("screener.synthesis.ui")
        except ImportError:
            raise ScreenerError(
                "the coding screen is not part of this build; use 'screener code set' or"
                " 'screener code --from F.csv'"
            ) from None
        ui.run_coding(review, coder=coder or review.actor, plain=plain, status=status)


@code_app.command("validate")
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(help="A coding frame (default: the review's coding.toml).", dir_okay=False),
    ] = None,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Check a coding frame: kinds, ids, options, keys and questions, with lines and hints.

    In a review, also lists the values the frame no longer fits (a field removed, an option
    renamed or removed): they are kept, and listed as notes; only problems of the file
    itself exit 1.

    Example:  screener code validate coding.toml
    """
    from screener.synthesis.loader import validate_frame

    flags: list[str] = []
    if file is None:
        with open_review(review_dir) as review:
            file = review.coding_path
            problems = validate_frame(file)
            if not problems:
                flags = list(review.coding_status().flags)
    else:
        problems = validate_frame(file)
    if json_output:
        print_json({"problems": [p.as_json() for p in problems], "flags": flags})
    else:
        console = err()
        for problem in problems:
            # a frame that cannot be read at all has no line to name
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            console.print(shown(f"{where}: {problem.message}"), markup=False)
        for flag in flags:
            console.print(shown(f"note: {flag}"), markup=False)
        if not problems:
            console.print(shown(f"{file}: valid"), markup=False)
    if problems:
        raise typer.Exit(1)


@code_app.command("set")
def set_value(
    record: Annotated[int, typer.Argument(help="Record id.", show_default=False)],
    field: Annotated[str, typer.Argument(help="Field id from coding.toml.", show_default=False)],
    value: Annotated[
        str, typer.Argument(help="The value, as text (see above).", show_default=False)
    ],
    coder: CoderOption = None,
    page: Annotated[
        str | None, typer.Option("--page", help="The page of a quote (quote fields).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="The reason for a rating (appraisal fields).")
    ] = None,
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve",
            help="Settle a disagreement between two coders: this value stands over theirs.",
        ),
    ] = False,
    status: StatusOption = None,
    review_dir: ReviewOption = None,
) -> None:
    """Code one field of one included study (append-only: `code undo` takes it back).

    VALUE by kind: one_of an option's name (any case); many_of options separated by ';'
    ("social media; messaging apps"); yes_no yes, no or unclear; number digits with '.'
    for decimals (no '1_000', '1,000' or '1e3'); text the text; quote the passage, with
    --page; appraisal the rating, with --reason. A value that does not fit (not an option,
    not a number) exits 1, nothing saved. Only included studies are coded (and those at
    full text with --status full-text): for an excluded record, set says so and exits 1.

    Example:  screener code set 42 design survey --coder ana
    """
    with open_review(review_dir, coder) as review:
        saved = review.code_text(
            record,
            field,
            value,
            page=page,
            reason=reason,
            coder=coder,
            status=status,
            resolve=resolve,
        )
    from screener.synthesis.values import cell_text

    say(f"Record {saved.record_id}: {saved.field} = {cell_text(saved.value)} ({saved.coder}).")


@code_app.command("undo")
def undo(
    coder: CoderOption = None,
    resolve: Annotated[
        bool, typer.Option("--resolve", help="Take back your newest resolution instead.")
    ] = False,
    review_dir: ReviewOption = None,
) -> None:
    """Take back the coder's newest value: the field goes back to what it held before.

    Repeat to go back further; nothing is deleted (an undo is a row of its own).

    Example:  screener code undo --coder ana
    """
    from screener.synthesis.values import cell_text

    with open_review(review_dir, coder) as review:
        undone = review.undo_coding(coder, resolve=resolve)
    if undone is None:
        say("Nothing to undo.")
        return
    now = cell_text(undone.value) if undone.value is not None else "(no value)"
    say(f"Undone: record {undone.record_id}, {undone.field} is now {now} ({undone.coder}).")


@code_app.command("status")
def status_command(
    status: StatusOption = None,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Coding progress per field (coded, disagreements, to code), and the flags.

    Flags: values an edited frame no longer fits (a field removed, an option renamed or
    removed), each kept and listed.

    Example:  screener code status --json
    """
    with open_review(review_dir) as review:
        report = review.coding_status(status)
    if json_output:
        print_json(report.as_json())
        return
    _print_status(report)


def _print_status(report: CodingStatus) -> None:
    from rich.table import Table

    console = out()
    coders = "" if report.coders_per_record == 1 else ", two coders per study"
    console.print(f"{plural(report.records, 'study', 'studies')} to code{coders}", markup=False)
    if report.fields:
        table = Table()
        for column in ("field", "coded", "disagree", "to code"):
            table.add_column(column, justify="left" if column == "field" else "right")
        for row in report.fields:
            table.add_row(
                shown(row.field), str(row.coded), str(row.disagreements), str(row.to_code)
            )
        console.print(table)
    else:
        console.print("The coding frame has no fields yet (coding.toml).")
    for flag in report.flags:
        console.print(shown(f"flag: {flag}"), markup=False)


@code_app.command("agreement")
def agreement(
    status: StatusOption = None,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Agreement between coders per field, and the disagreements.

    Categorical fields: percent agreement and Cohen's kappa; numbers: exact agreement;
    text and quotes: only how many studies both coders coded. Settle a disagreement with
    `screener code set ID FIELD VALUE --resolve`.

    Example:  screener code agreement --json
    """
    with open_review(review_dir) as review:
        report = review.coding_agreement(status)
    if json_output:
        print_json(report.as_json())
        return
    _print_agreement(report)


def _figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.0%}" if percent else f"{value:.2f}"


def _print_agreement(report: CodingAgreement) -> None:
    from rich.table import Table

    console = out()
    console.print(f"Coders: {', '.join(report.coders) or '(none yet)'}", markup=False)
    table = Table()
    for column in ("field", "measure", "both coded", "agreement", "kappa", "disagree"):
        table.add_column(column, justify="left" if column in ("field", "measure") else "right")
    for row in report.fields:
        table.add_row(
            shown(row.field),
            row.measure.value,
            str(row.records),
            _figure(row.percent, percent=True),
            _figure(row.kappa),
            str(len(row.disagreements)),
        )
    console.print(table)
    for row in report.fields:
        for note in row.notes if row.records else ():
            console.print(shown(f"{row.field}: {note}"), markup=False)
        for item in row.disagreements:
            values = "; ".join(f"{coder}: {text}" for coder, text in item.values)
            mark = " (resolved)" if item.resolved else ""
            console.print(
                shown(f"record {item.record_id}, {row.field}: {values}{mark}"), markup=False
            )


def register(app: typer.Typer) -> None:
    app.add_typer(code_app, name="code")
