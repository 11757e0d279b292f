"""`screener report progress`: decided and remaining per stage and reviewer, pace."""

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
    print_json,
    say,
)
from screener.cli.output_path import output_path
from screener.screening.ui.printable import shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from screener.report.progress import Figures, ProgressReport

# What a figure that cannot be worked out (no verdict, no pace yet) shows in the table.
NONE = "-"


def progress(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=output_path,
            help="Also write the chart of records decided and included per day, cumulative,"
            " as an SVG here (replaced whole or not at all).",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="Who is asking: screening blind, another reviewer's inclusions count only"
            " on records whose verdicts are all in (default: SCREENER_REVIEWER, else the"
            " login name).",
            show_default=False,
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Screening progress per stage and per reviewer: decided and remaining, decisions per
    day, median seconds per record, days left at the current pace, and the inclusion rate.

    For a stage, decided are its records settled (agreed or resolved) and
    remaining those still waiting there (conflicts too); for a reviewer,
    their current verdicts and the records their queue still holds under the
    review's policy, as `status` and `screen` count them. Undone verdicts do
    not count; an adjudicator's resolution settles a record but is no
    reviewer's pace. Per day: over the days with decisions (local time).
    Seconds per record: the median gap between a reviewer's consecutive
    verdicts, gaps over 10 minutes (title-abstract) or 60 minutes (full-
    text) left out as breaks. Days left: remaining / the mean of the last 5
    days with decisions. Screening blind (two reviewers per record),
    another reviewer's inclusions and inclusion rate count only their
    verdicts on records whose verdicts are all in. The pilot is left out
    (see `screener pilot report`). Exits 1 when the review has no
    decisions yet. With `-o -` the chart alone is on stdout and the table on stderr;
    `--json` with `-o -` is refused (one stream, two documents).

    Example:  screener report progress -o progress.svg
    """
    charted_to_stdout = output is not None and str(output) == "-"
    if output is not None and not charted_to_stdout and output.suffix.lower() != ".svg":
        raise typer.BadParameter("the chart is an SVG: name the file *.svg", param_hint="-o")
    if charted_to_stdout and json_output:
        # Two documents on one stream would parse as neither.
        raise typer.BadParameter(
            "stdout holds the chart: give --json or -o -, not both", param_hint="-o"
        )
    with open_review(review_dir, reviewer) as review:
        report = review.progress() if output is None else review.progress_chart(output)
    if json_output:
        print_json(report.as_json())
    else:
        # With the chart on stdout, the table is a message beside it, on stderr.
        _print_table(report, err() if charted_to_stdout else out())
    if output is not None:
        say(f"Wrote the progress chart to {output}")


def _print_table(report: ProgressReport, console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from screener.report.plain import without_bidi_controls
    from screener.report.progress import PACE_DAYS

    table = Table(
        title="Screening progress",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 0),  # the box's column separator is the space between columns
    )
    table.add_column("", overflow="fold", min_width=8)
    # Headings on two lines and figures that never wrap: the table fits 60 columns.
    for heading in (
        "decided",
        "remaining",
        "per\nday",
        "s per\nrecord",
        "days\nleft",
        "incl.\nrate",
    ):
        table.add_column(heading, justify="right", no_wrap=True)
    for number, stage in enumerate(report.stages):
        if number:
            table.add_section()
        table.add_row(*_cells(stage.stage, stage.figures), style="bold")
        for reviewer in stage.reviewers:
            # Text, not str: a reviewer's name is never read as markup.
            name = shown(without_bidi_controls(reviewer.name))
            table.add_row(*_cells(Text("  ").append_text(name), reviewer))
    console.print(table)
    for stage in report.stages:
        console.print(f"{stage.stage}: {stage.records:,} records reached the stage")
    console.print("A stage counts records, a reviewer verdicts.")
    console.print(f"Days left: at the mean of the last {PACE_DAYS} days with decisions.")


def _cells(name: str | Text, figures: Figures) -> list[str | Text]:
    pace = figures.pace
    rate = figures.inclusion_rate
    return [
        name,
        f"{figures.decided:,}",
        f"{figures.remaining:,}",
        _amount(pace.per_day),
        NONE if pace.median_seconds is None else f"{pace.median_seconds:,.0f}",
        _amount(figures.days_left),
        NONE if rate is None else f"{rate:.1%}",
    ]


def _amount(value: float | None) -> str:
    """A rate or a number of days: one decimal where it matters, none past 100."""
    if value is None:
        return NONE
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def register(app: typer.Typer) -> None:
    app.command("progress")(progress)
