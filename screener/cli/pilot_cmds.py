"""`screener pilot create|report`: a calibration sample every reviewer screens, and how far
they agreed on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    choice,
    open_review,
    out,
    plural,
    print_json,
    say,
)
from screener.errors import UsageError
from screener.screening.ui.printable import printable

if TYPE_CHECKING:
    from screener.review.pilot import PilotDraw, PilotReport
    from screener.screening.agreement import AgreementFigures

pilot_app = typer.Typer(
    help="Pilot rounds: a random sample every reviewer screens at stage pilot, then the"
    " agreement, the disagreements and the criteria versions each reviewer saw.",
    no_args_is_help=True,
)


def create(
    size: Annotated[int, typer.Option("--size", help="Records in the sample.", show_default=False)],
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Seed of the random draw (default: a new one, printed and kept).",
            show_default=False,
        ),
    ] = None,
    from_status: Annotated[
        str, typer.Option("--from-status", help="Draw from canonical records with this status.")
    ] = "title-abstract",
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Stratify: 'database' gives each database a share of the sample in"
            " proportion to its records, and at least one record where the size allows.",
            show_default=False,
        ),
    ] = None,
    round_number: Annotated[
        int | None,
        typer.Option(
            "--round",
            help="The round to draw (default: the next). A later round draws records no"
            " earlier round drew, unless too few are left.",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Draw a pilot sample: every reviewer then screens it with
    'screener screen --stage pilot' (or 'screener decide ID VERDICT --stage pilot').

    The draw is random and repeats exactly with the same --seed on the same records.
    Merged duplicates are never drawn. Pilot decisions never change a record's status.

    --json prints {"round", "size", "seed", "from_status", "by_database", "pool",
    "redrawn", "allocation": [{"database", "records", "drawn"}], "records"}.

    Example:  screener pilot create --size 50 --by database --seed 7
    """
    if by is not None:
        choice(by, ("database",), "--by")
    with open_review(review_dir) as review:
        draw = review.create_pilot(
            size,
            seed=seed,
            from_status=from_status,
            by_database=by == "database",
            round=round_number,
        )
    if json_output:
        print_json(draw.as_json())
    _say_draw(draw)


def _say_draw(draw: PilotDraw) -> None:
    sample = draw.sample
    how = " by database" if draw.by_database else ""
    say(
        f"Pilot round {draw.round}: {plural(len(sample.record_ids), 'record')} drawn{how} from"
        f" {plural(sample.pool, 'record')} at {draw.from_status} (seed {sample.seed}"
        + ("" if draw.seed_given else f"; --seed {sample.seed} draws it again")
        + ")."
    )
    for name, records, drawn in sample.allocation:
        say(f"  {name}: {drawn:,} of {records:,}")
    if sample.redrawn:
        say(
            f"Too few records left that no earlier round drew: {plural(sample.redrawn, 'record')}"
            " of earlier rounds drawn again."
        )
    say("Every reviewer screens it with: screener screen --stage pilot")


def report(
    round_number: Annotated[
        int | None,
        typer.Option(
            "--round", help="The round to report (default: the latest).", show_default=False
        ),
    ] = None,
    fail_under: Annotated[
        bool,
        typer.Option(
            "--fail-under",
            help="Exit 1 when κ is below screener.toml's \\[pilot] kappa_target (or undefined).",
        ),
    ] = False,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """How far the reviewers agreed on a pilot round, and where they did not.

    Shows the agreement figures (Cohen's κ for two reviewers, Fleiss' κ for more), who has
    screened how much of the sample, the criteria.toml version each reviewer's decisions
    were made under (a short sha256, and whether it is the file as it is now), every record
    the reviewers disagree on with each verdict and reason, and with two or more rounds
    each round's κ and % agreement side by side.

    --json prints {"round", "size", "seed", "from_status", "by_database", "created_at",
    "agreement" (the keys of 'screener agreement', or null with fewer than two reviewers),
    "kappa", "kappa_target", "below_target", "progress": [{"reviewer", "screened", "of"}],
    "criteria": {"current", "current_short", "reviewers": [{"reviewer", "versions":
    [{"sha256", "short", "current", "decisions"}]}]}, "disagreements": [{"record", "key",
    "title", "verdicts": [{"reviewer", "verdict", "reason", "note"}]}], "rounds":
    [{"round", "size", "reviewers", "records", "percent_agreement", "kappa"}]}.

    Example:  screener pilot report --fail-under
    """
    with open_review(review_dir) as review:
        if fail_under and review.settings.kappa_target is None:
            raise UsageError(
                "--fail-under needs a target: set kappa_target under [pilot] in screener.toml"
                " (for example kappa_target = 0.6)"
            )
        found = review.pilot_report(round_number)
    if json_output:
        print_json(found.as_json())
    else:
        _print_report(found)
    if fail_under and found.below_target:
        kappa = "undefined" if found.kappa is None else f"{found.kappa:.2f}"
        say(f"κ {kappa} is below the target {found.kappa_target:.2f} of screener.toml.")
        raise typer.Exit(1)


def _print_report(found: PilotReport) -> None:
    console = out()
    r = found.round
    how = ", by database" if r.by_database else ""
    console.print(
        f"Pilot round {r.round}: {plural(r.size, 'record')} from {r.from_status}{how}",
        markup=False,
    )
    console.print(f"  drawn {r.created_at[:10]} by {r.actor}, seed {r.seed}", markup=False)
    for line in _agreement_lines(found.figures, console.width):
        console.print(line, markup=False)
    if found.kappa_target is not None:
        verdict = "below it" if found.below_target else "met"
        console.print(f"  κ target {found.kappa_target:.2f}: {verdict}", markup=False)
    screened = ", ".join(f"{p.reviewer} {p.screened}/{p.of}" for p in found.progress)
    console.print(f"Progress: {screened or 'nobody has screened the sample yet'}", markup=False)
    _print_criteria(found)
    _print_disagreements(found, console.width)
    if found.rounds:
        console.print("Rounds:", markup=False)
        console.print(
            f"  {'round':>5}  {'records':>7}  {'% agreement':>11}  {'κ':>6}", markup=False
        )
        for f in found.rounds:
            percent = "-" if f.percent is None else f"{100 * f.percent:.1f}%"
            kappa = "-" if f.kappa is None else f"{f.kappa:.2f}"
            console.print(
                f"  {f.round:>5}  {f.records:>7}  {percent:>11}  {kappa:>6}", markup=False
            )


def _agreement_lines(figures: AgreementFigures | None, width: int) -> list[str]:
    """The agreement: who over how many records, then the figures wrapped to `width`."""
    import textwrap

    if figures is None:
        return ["Agreement: fewer than two reviewers have screened the sample"]
    head = f"Agreement of {', '.join(figures.reviewers)} over {plural(figures.records, 'record')}"
    parts = []
    if figures.percent is not None:
        parts.append(f"{100 * figures.percent:.1f}% agreement")
    if figures.cohen_kappa is not None:
        ci = (
            f" (95% CI {figures.kappa_ci[0]:.2f} to {figures.kappa_ci[1]:.2f})"
            if figures.kappa_ci
            else ""
        )
        parts.append(f"Cohen's κ {figures.cohen_kappa:.2f}{ci}")
    if figures.fleiss_kappa is not None:
        parts.append(f"Fleiss' κ {figures.fleiss_kappa:.2f}")
    if figures.krippendorff_alpha is not None:
        parts.append(f"Krippendorff's α {figures.krippendorff_alpha:.2f}")
    if figures.pabak is not None:
        parts.append(f"PABAK {figures.pabak:.2f}")
    if figures.gwet_ac1 is not None:
        parts.append(f"Gwet's AC1 {figures.gwet_ac1:.2f}")
    lines = [head + (":" if parts else "")]
    line = ""
    for part in parts:  # a figure is never split over two lines
        if line and len(line) + len(part) + 2 > width:
            lines.append(line + ",")
            line = ""
        line = f"{line}, {part}" if line else f"  {part}"
    if line:
        lines.append(line)
    for note in figures.notes:
        lines += textwrap.wrap(note, width, initial_indent="  ", subsequent_indent="    ")
    return lines


def _print_criteria(found: PilotReport) -> None:
    from screener.screening.pilot_report import short_hash

    console = out()
    current = found.current_criteria
    console.print(f"Criteria: criteria.toml is now {short_hash(current)}", markup=False)
    width = max((len(c.reviewer) for c in found.criteria), default=0)
    for seen in found.criteria:
        versions = ", then ".join(
            f"{short_hash(sha)} ({'current' if sha and sha == current else 'earlier'},"
            f" {plural(count, 'decision')})"
            for sha, count in seen.versions
        )
        spans = f"  (spans {len(seen.versions)} versions)" if seen.spans_versions else ""
        console.print(f"  {seen.reviewer:<{width}}  {versions}{spans}", markup=False)


def _print_disagreements(found: PilotReport, width: int) -> None:
    console = out()
    if not found.disagreements:
        console.print("Disagreements: none", markup=False)
        return
    console.print(f"Disagreements: {len(found.disagreements)}", markup=False)
    name_width = max(len(v.reviewer) for d in found.disagreements for v in d.verdicts)
    for item in found.disagreements:
        head = f"  #{item.record_id}  "
        title = printable(item.title) or "(no title)"
        room = max(width - len(head), 10)
        console.print(
            head + (title if len(title) <= room else title[: room - 1] + "…"), markup=False
        )
        for v in item.verdicts:
            why = f"  {v.reason}" if v.reason else ""
            note = f"  “{printable(v.note)}”" if v.note else ""
            console.print(f"      {v.reviewer:<{name_width}}  {v.verdict}{why}{note}", markup=False)


def register(app: typer.Typer) -> None:
    pilot_app.command("create")(create)
    pilot_app.command("report")(report)
    app.add_typer(pilot_app, name="pilot")
