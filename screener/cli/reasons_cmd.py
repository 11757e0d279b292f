"""`screener report reasons`: exclusion reasons per stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, choice, open_review, out, print_json

if TYPE_CHECKING:
    from screener.report.reasons import ReasonsReport


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
    if json_output:
        print_json(report.as_json())
    else:
        _print_table(report)


def _print_table(report: ReasonsReport) -> None:
    from rich.table import Table

    from screener.screening.ui.printable import shown

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("reason", overflow="fold")
    table.add_column("n", justify="right")
    for stage in report.stages:
        table.add_row(shown(f"{stage.stage}: {stage.excluded:,} excluded"), "", style="bold")
        for count in stage.counts:
            reason = count.reason
            label = reason.label
            if reason.kind.value == "rule" and reason.key != label:
                label = f"{reason.key}: {label}"
            elif reason.kind.value == "other":
                label = f"other: {label}"
            table.add_row(shown("  " + label), f"{count.n:,}")
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command("reasons")(reasons)
