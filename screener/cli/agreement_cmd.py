"""`screener agreement`: how far the reviewers' verdicts agree at a stage."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, choice, open_review, out, print_json, say
from screener.model import STAGES, Stage

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from screener.screening.agreement import AgreementFigures


def agreement(
    stage: Annotated[
        str, typer.Option("--stage", help="The stage whose verdicts are compared.")
    ] = Stage.TITLE_ABSTRACT.value,
    reviewers: Annotated[
        str | None,
        typer.Option(
            "--reviewers",
            help="Compare only these reviewers, comma-separated (default: everyone who"
            " decided records at the stage).",
            show_default=False,
        ),
    ] = None,
    maybe_as: Annotated[
        str | None,
        typer.Option(
            "--maybe-as",
            help="Count 'maybe' as include or exclude (default: a category of its own).",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Agreement between reviewers over the records every compared reviewer decided:
    percent agreement, Cohen's kappa with its 95% confidence interval, PABAK and Gwet's AC1;
    with three or more reviewers Fleiss' kappa, Krippendorff's alpha (nominal) and a table
    of every pair (each pair over the records both decided).

    The 95% interval is kappa +/- 1.96 times the large-sample standard error
    of Fleiss, Cohen & Everitt (1969), clipped to [-1, 1]. Percent agreement
    is the share of records on which all compared reviewers gave one verdict;
    PABAK is (q * p - 1) / (q - 1), q the number of verdicts given (at least
    two), p the mean pairwise agreement. 'maybe' is a verdict of its own.

    Pilot decisions are compared with --stage pilot; an adjudicator's
    resolutions never count. Where a figure is undefined (every verdict the
    same: kappa is 0/0) a note on stderr says why. Exits 1 when no figure can
    be computed (fewer than two reviewers, no record in common).

    Example:  screener agreement --reviewers ana,ben --maybe-as include --json
    """
    from screener.screening.agreement import FOLDS

    choice(stage, STAGES, "--stage")
    if maybe_as is not None:
        choice(maybe_as, FOLDS, "--maybe-as")
    names = [name.strip() for name in reviewers.split(",")] if reviewers is not None else None
    if names is not None and not any(names):
        raise typer.BadParameter("name at least one reviewer", param_hint="--reviewers")
    with open_review(review_dir) as review:
        figures = review.agreement(stage, names, maybe_as)
    measured = figures.percent is not None
    if json_output:
        print_json(figures.as_json())
    elif measured:
        _print_figures(figures, stage)
    for note in figures.notes:
        say(note)
    if not measured:
        raise typer.Exit(1)


def _print_figures(figures: AgreementFigures, stage: str) -> None:
    console = out()
    title = f"Agreement at {stage}: {', '.join(figures.reviewers)} on {figures.records:,} records"
    console.print(_summary(figures, title))
    if figures.pairs and console.width >= _PAIRS_TABLE_WIDTH:
        console.print(_pairs(figures.pairs))
    elif figures.pairs:  # a narrow terminal: one line per pair, wrapped whole
        console.print("Pairs")
        for pair in figures.pairs:
            _print_pair_line(console, pair)
    sys.stdout.flush()


# The pairs table needs this many columns to show every figure unwrapped.
_PAIRS_TABLE_WIDTH = 80


def _print_pair_line(console: Console, pair: AgreementFigures) -> None:
    from rich.text import Text

    from screener.screening.ui.printable import shown

    line = (
        f"  {shown(' / '.join(pair.reviewers))}: {pair.records:,} records,"
        f" {_percent(pair.percent)} agree, kappa {_number(pair.cohen_kappa)}"
        f" (95% CI {_interval(pair.kappa_ci)}), PABAK {_number(pair.pabak)},"
        f" AC1 {_number(pair.gwet_ac1)}"
    )
    console.print(Text(line))


def _summary(figures: AgreementFigures, title: str) -> Table:
    from rich.table import Table

    from screener.screening.ui.printable import shown

    table = Table(title=shown(title), title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("percent agreement", _percent(figures.percent))
    table.add_row("disagreements", f"{figures.conflicts:,}")
    if len(figures.reviewers) == 2:
        table.add_row("Cohen's kappa", _number(figures.cohen_kappa))
        table.add_row("  95% CI", _interval(figures.kappa_ci))
    table.add_row("PABAK", _number(figures.pabak))
    table.add_row("Gwet's AC1", _number(figures.gwet_ac1))
    if len(figures.reviewers) > 2:
        table.add_row("Fleiss' kappa", _number(figures.fleiss_kappa))
        table.add_row("Krippendorff's alpha", _number(figures.krippendorff_alpha))
    return table


def _pairs(pairs: tuple[AgreementFigures, ...]) -> Table:
    from rich.table import Table

    from screener.screening.ui.printable import shown

    table = Table(title="Pairs", title_justify="left")
    for column in ("pair", "records", "agree", "kappa", "95% CI", "PABAK", "AC1"):
        table.add_column(column, justify="left" if column == "pair" else "right")
    for pair in pairs:
        table.add_row(
            shown(" / ".join(pair.reviewers)),
            f"{pair.records:,}",
            _percent(pair.percent),
            _number(pair.cohen_kappa),
            _interval(pair.kappa_ci),
            _number(pair.pabak),
            _number(pair.gwet_ac1),
        )
    return table


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _number(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _interval(value: tuple[float, float] | None) -> str:
    return "-" if value is None else f"{value[0]:.3f} to {value[1]:.3f}"


def register(app: typer.Typer) -> None:
    app.command("agreement")(agreement)
