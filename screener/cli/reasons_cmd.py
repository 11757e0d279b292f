"""`screener report reasons`: exclusion reasons per stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    choice,
    open_review,
    out,
    print_json,
    say,
)

if TYPE_CHECKING:
    from screener.report.reasons import Reason, ReasonsReport


def reasons(
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="Only this stage: automatic (criteria rules), title-abstract or full-text.",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Why records were excluded, per stage: automatic exclusions per criteria rule (with
    its reason), the reviewers' exclusions per reason of criteria.toml's \\[reasons], their
    own "other" reasons grouped whatever their case and spacing, and "no reason given".

    Each excluded record counts once, under the reason of the decisions that settled it: an
    adjudicator's resolution (or, when it gave none, the reviewers' exclusions); when the
    reviewers who agreed gave different reasons, the one most of them gave, on a tie the
    first given. The full-text reasons are the PRISMA flow's "reports excluded".

    --json: {"stages": [{"stage", "excluded", "reasons": [{"kind": "rule" | "reason" |
    "other" | "none", "key", "reason", "n"}]}]}.

    Example:  screener report reasons --stage full-text --json
    """
    from screener.report.reasons import REASON_STAGES

    if stage is not None:
        choice(stage, REASON_STAGES, "--stage")
    with open_review(review_dir) as review:
        report = review.exclusion_reasons(stage)
    for warning in report.warnings:
        say(f"warning: {warning}")
    if json_output:
        print_json(report.as_json())
    else:
        _print_table(report)


def _print_table(report: ReasonsReport) -> None:
    import textwrap

    from rich.table import Table
    from rich.text import Text

    from screener.screening.ui.printable import printable, shown

    console = out()
    counts = [f"{count.n:,}" for stage in report.stages for count in stage.counts]
    # A long reason (a reviewer's own words) wraps under itself, indented, not under the
    # stage's heading: the room left of the counts, less the space between the columns.
    room = max(console.width - max(map(len, counts), default=1) - 1, 20)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("reason", overflow="fold")
    table.add_column("n", justify="right")
    for stage in report.stages:
        table.add_row(shown(f"{stage.stage}: {stage.excluded:,} excluded"), "", style="bold")
        for count in stage.counts:
            lines = textwrap.wrap(
                printable(_label(count.reason)),
                room,
                initial_indent="  ",
                subsequent_indent="    ",
            )
            table.add_row(Text("\n".join(lines)), f"{count.n:,}")
    console.print(table)


def _label(reason: Reason) -> str:
    """A reason as the table shows it: a rule with its id, a reviewer's own words after
    "other: "."""
    from screener.report.reasons import ReasonKind

    if reason.kind is ReasonKind.RULE and reason.key != reason.label:
        return f"{reason.key}: {reason.label}"
    if reason.kind is ReasonKind.OTHER:
        return f"other: {reason.label}"
    return reason.label


def register(app: typer.Typer) -> None:
    app.command("reasons")(reasons)
