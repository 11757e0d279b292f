"""`screener screen`, `screener decide` and `screener decisions`: screening records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    choice,
    err,
    open_review,
    out,
    plural,
    print_json_line,
    say,
)
from screener.model import STAGES, VERDICTS, Stage
from screener.screening.queue import ORDERS
from screener.screening.ui.printable import shown

if TYPE_CHECKING:
    from rich.table import Table

StageOption = Annotated[
    str,
    typer.Option("--stage", help="title-abstract, full-text or pilot."),
]
ReviewerOption = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Who is deciding (default: SCREENER_REVIEWER, else the login name).",
        show_default=False,
    ),
]


def screen(
    stage: StageOption = Stage.TITLE_ABSTRACT.value,
    reviewer: ReviewerOption = None,
    order: Annotated[
        str,
        typer.Option(
            "--order",
            help=f"Screening order: {', '.join(ORDERS)}. relevance: a model that learns from"
            " the decisions (retrained as you screen), by the criteria's highlight terms and"
            " then at random until an include and an exclude exist; highlights: the count of"
            " highlight terms only (what relevance meant before the model).",
        ),
    ] = "relevance",
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for --order random.")] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Line prompts on stdin/stdout (pipes, screen readers)."),
    ] = False,
    pdf_dir: Annotated[
        Path | None,
        typer.Option(
            "--pdf-dir",
            help="Folder of reports named <doi with / as _>.pdf, <pmid>.pdf or <key>.pdf.",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    conflicts: Annotated[
        bool,
        typer.Option(
            "--conflicts",
            help="Walk the conflicts of the stage with every reviewer's verdict shown; a key"
            " records your resolution (screener resolve, one key at a time).",
        ),
    ] = False,
    review_dir: ReviewOption = None,
) -> None:
    """Screen records one at a time, one key per decision; each is saved at once.

    Keys: i include, e exclude, m maybe, s skip, n note, u undo, / jump, ? help, q quit;
    at the full-text stage also r (not retrieved) and a (attach the report). Without a
    terminal, or with --plain, screening reads one command per line from stdin.

    With two or more reviewers per record screening is blind: your queue holds the records
    that still need your verdict, and no one else's verdict is shown. At --stage pilot the
    queue is the latest pilot round's sample, which every reviewer screens.

    Example:  screener screen --reviewer ana --stage title-abstract
    """
    from screener.screening.ui.conflicts import ConflictSession
    from screener.screening.ui.session import ScreeningSession

    choice(order, ORDERS, "--order")
    choice(stage, STAGES, "--stage")
    if conflicts and stage == Stage.PILOT.value:
        raise typer.BadParameter("pilot verdicts are compared by `screener pilot report`",
                                 param_hint="--conflicts")  # fmt: skip
    kind = ConflictSession if conflicts else ScreeningSession
    what = "conflicts" if conflicts else "queue"
    with open_review(review_dir, reviewer) as review:
        with err().status(f"Preparing the {stage} {what} ({order} order)...") as status:

            def preparing(step: str) -> None:
                status.update(f"{step}...")

            session = kind(review, stage=stage, reviewer=reviewer, order=order, seed=seed,
                           pdf_dir=pdf_dir, progress=preparing)  # fmt: skip
        before = session.progress().done
        if plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
            from screener.screening.ui.plain import run_plain

            run_plain(session, sys.stdin, sys.stdout)
        else:
            from screener.screening.ui.app import ScreeningApp

            try:
                ScreeningApp(session).run()
            finally:
                session.close()
        progress = session.progress()
    if conflicts:
        say(
            f"{plural(progress.session_decisions, 'resolution')} saved this session;"
            f" {progress.done} of {progress.total} conflicts resolved at {stage}."
        )
        return
    say(
        f"{plural(progress.session_decisions, 'decision')} saved this session;"
        f" {progress.done} of {progress.total} screened at {stage}"
        f" ({progress.done - before:+d})."
    )


def decide(
    record: Annotated[int | None, typer.Argument(help="Record id.", show_default=False)] = None,
    verdict: Annotated[
        str | None,
        typer.Argument(help="include, exclude, maybe or not-retrieved.", show_default=False),
    ] = None,
    stage_given: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="title-abstract (the default), full-text or pilot; with --from, the stage"
            " of rows that name none (a CSV without a stage column needs it).",
            show_default=False,
        ),
    ] = None,
    reviewer: ReviewerOption = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Exclusion reason key from criteria.toml \\[reasons].")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with the decision.")] = "",
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="CSV with record, verdict, reviewer, stage (and reason, note): all or nothing;"
            " --reviewer and --stage fill columns the file lacks.",
            dir_okay=False,
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Record decisions without the screening UI: one, or a whole CSV file at once.

    A CSV file is checked row by row first; a bad row is reported with its line and then
    nothing is written. Otherwise all its decisions land in one transaction.

    Example:  screener decide 42 exclude --reason population --reviewer ana
    """
    if from_csv is not None:
        if record is not None or verdict is not None:
            raise typer.BadParameter("give either ID VERDICT or --from F.csv, not both")
        with open_review(review_dir, reviewer) as review:
            count = review.decide_from_csv(from_csv, reviewer=reviewer, stage=stage_given)
        say(f"{plural(count, 'decision')} recorded from {from_csv}.")
        return
    if record is None or verdict is None:
        raise typer.BadParameter("give ID VERDICT, or --from F.csv")
    choice(verdict, VERDICTS, "VERDICT")
    stage = stage_given or Stage.TITLE_ABSTRACT.value
    choice(stage, STAGES, "--stage")
    with open_review(review_dir, reviewer) as review:
        decision = review.decide(
            record, verdict, stage=stage, reviewer=reviewer, reason=reason, note=note
        )
    why = f" ({decision.reason})" if decision.reason else ""
    say(
        f"Record {decision.record_id}: {decision.verdict}{why} at {decision.stage}"
        f" by {decision.reviewer}."
    )


# The options of `screener decisions`, whose command is the decisions group's callback
# (cli/sync_cmds.py) calling `decisions` below.
StageFilter = Annotated[
    str | None, typer.Option("--stage", help="Only this stage.", show_default=False)
]
ReviewerFilter = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Only this reviewer's; screening blind, the reviewer asking (default:"
        " SCREENER_REVIEWER, else the login name).",
        show_default=False,
    ),
]
AllReviewersOption = Annotated[
    bool,
    typer.Option(
        "--all-reviewers",
        help="Screening blind: every reviewer's decisions on records whose verdicts"
        " are all in (others' stay hidden until then).",
    ),
]


def decisions(
    stage: StageFilter = None,
    reviewer: ReviewerFilter = None,
    all_reviewers: AllReviewersOption = False,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """The current decisions (undone ones left out): one JSON object per line with --json.

    With two or more reviewers per record (and at the pilot) screening is blind: you see
    your own decisions, and with --all-reviewers the others' once every verdict a record
    needs is in. Each object: {"record", "key", "stage", "reviewer", "verdict", "reason",
    "note", "time", "kind"} (kind "resolution" for an adjudicator's).

    Example:  screener decisions --stage title-abstract --json
    """
    if stage is not None:
        choice(stage, STAGES, "--stage")
    with open_review(review_dir, reviewer) as review:
        rows = review.visible_decision_rows(stage, reviewer, all_reviewers=all_reviewers)
    if json_output:
        for row in rows:
            print_json_line(row.as_json())
        sys.stdout.flush()
        return
    if not rows:
        say("No decisions match." if stage or reviewer else "No decisions yet.")
        return
    out().print(_decisions_table([row.as_json() for row in rows]))


# Columns of the decisions table, most useful first: a narrow terminal drops from the end.
_DECISION_COLUMNS = ("record", "verdict", "reviewer", "reason", "stage", "key", "note")


def _decisions_table(rows: list[dict[str, object]]) -> Table:
    """The decisions as a table that fits the terminal: columns that do not fit are left
    out (--json has them all), the note wraps, and no value is cut short."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    width = out().width
    widths = {
        name: max(len(name), *(len(str(row[name])) for row in rows)) for name in _DECISION_COLUMNS
    }
    columns: list[str] = []
    used = 0
    for name in _DECISION_COLUMNS[:-1]:
        # two spaces between columns; the note needs room to wrap into
        if used + widths[name] + 2 > width - (12 if name != "record" else 0):
            break
        columns.append(name)
        used += widths[name] + 2
    left_out = [name for name in _DECISION_COLUMNS[:-1] if name not in columns]
    title = f"{plural(len(rows), 'current decision')}"
    if left_out:
        title += f" ({', '.join(left_out)}: see --json)"
    table = Table(
        title=Text(title), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
        pad_edge=False,
    )  # fmt: skip
    for name in columns:
        table.add_column(name, no_wrap=True, min_width=widths[name])
    table.add_column("note", ratio=1, overflow="fold")
    for row in rows:
        table.add_row(*(shown(row[name]) for name in [*columns, "note"]))
    return table


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("decide")(decide)
    # `screener decisions` itself is the `decisions` group's callback (cli/sync_cmds.py),
    # which lists through `decisions` here; the group adds `export` and `import`.
