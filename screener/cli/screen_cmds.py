"""`screener screen`, `screener decide` and `screener decisions`: screening records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, err, open_review, out, print_json_line
from screener.model import Stage
from screener.screening.queue import ORDERS

StageOption = Annotated[
    str,
    typer.Option(
        "--stage", help="title-abstract, full-text, or any other stage name (e.g. pilot)."
    ),
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
        str, typer.Option("--order", help=f"Screening order: {', '.join(ORDERS)}.")
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
    review_dir: ReviewOption = None,
) -> None:
    """Screen records one at a time, one key per decision; each is saved at once.

    Keys: i include, e exclude, m maybe, s skip, n note, u undo, / jump, ? help, q quit;
    at the full-text stage also r (not retrieved) and a (attach the report). Without a
    terminal, or with --plain, screening reads one command per line from stdin.

    Example:  screener screen --reviewer ana --stage title-abstract
    """
    from screener.screening.ui.session import ScreeningSession

    if order not in ORDERS:
        raise typer.BadParameter(f"one of {', '.join(ORDERS)}", param_hint="--order")
    with open_review(review_dir, reviewer) as review:
        with err().status(f"Preparing the {stage} queue ({order} order)..."):
            session = ScreeningSession(
                review, stage=stage, reviewer=reviewer, order=order, seed=seed, pdf_dir=pdf_dir
            )
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
    err().print(
        f"{progress.session_decisions} decision(s) saved this session;"
        f" {progress.done} of {progress.total} screened at {stage}"
        f" ({progress.done - before:+d})."
    )


def decide(
    record: Annotated[int | None, typer.Argument(help="Record id.", show_default=False)] = None,
    verdict: Annotated[
        str | None,
        typer.Argument(help="include, exclude, maybe or not-retrieved.", show_default=False),
    ] = None,
    stage: StageOption = Stage.TITLE_ABSTRACT.value,
    reviewer: ReviewerOption = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Exclusion reason key from criteria.toml [reasons].")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with the decision.")] = "",
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="CSV with record, verdict, reviewer, stage (and reason, note): all or nothing.",
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
        from screener.screening.decide_csv import read_decisions, write_decisions

        with open_review(review_dir, reviewer) as review:
            count = write_decisions(review, read_decisions(review, from_csv), str(from_csv))
        err().print(f"{count} decision(s) recorded from {from_csv}.")
        return
    if record is None or verdict is None:
        raise typer.BadParameter("give ID VERDICT, or --from F.csv")
    with open_review(review_dir, reviewer) as review:
        decision = review.decide(
            record, verdict, stage=stage, reviewer=reviewer, reason=reason, note=note
        )
    why = f" ({decision.reason})" if decision.reason else ""
    err().print(
        f"Record {decision.record_id}: {decision.verdict}{why} at {decision.stage}"
        f" by {decision.reviewer}."
    )


def decisions(
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only this stage.", show_default=False)
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Only this reviewer.", show_default=False)
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """The current decisions (undone ones left out): one JSON object per line with --json.

    Example:  screener decisions --stage title-abstract --json
    """
    with open_review(review_dir) as review:
        found = review.decisions(stage, reviewer)
        keys = {r.id: r.key for r in review.store.records(sorted({d.record_id for d in found}))}
    rows = [
        {
            "record": d.record_id,
            "key": keys.get(d.record_id, ""),
            "stage": d.stage,
            "reviewer": d.reviewer,
            "verdict": d.verdict,
            "reason": d.reason,
            "note": d.note,
            "time": d.time,
        }
        for d in found
    ]
    if json_output:
        for row in rows:
            print_json_line(row)
        sys.stdout.flush()
        return
    if not rows:
        err().print("No decisions yet.")
        return
    from rich import box
    from rich.table import Table

    # --json carries the times; the table keeps to what fits a narrow terminal
    table = Table(
        title=f"{len(rows)} current decision(s)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for column in ("record", "key", "stage", "reviewer", "verdict", "reason"):
        table.add_column(column, no_wrap=True)
    table.add_column("note", ratio=1, overflow="fold")
    for row in rows:
        names = ("record", "key", "stage", "reviewer", "verdict", "reason", "note")
        table.add_row(*(str(row[name]) for name in names))
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("decide")(decide)
    app.command("decisions")(decisions)
