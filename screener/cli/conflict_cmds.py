"""`screener conflicts` and `screener resolve`: records on which reviewers disagree, and the
adjudicator's decision that settles them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    choice,
    open_review,
    plural,
    print_json,
    say,
)
from screener.model import SCREENING_STAGES, VERDICTS, Stage
from screener.screening.ui.printable import printable


def conflicts(
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage", help="title-abstract or full-text (default: both).", show_default=False
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Records whose reviewers' verdicts disagree, each verdict with its reason and note.

    --json prints a list of {"record", "key", "title", "stage", "verdicts": [{"reviewer",
    "verdict", "reason", "note", "time", "kind"}]}. Settle one with `screener resolve`, or
    walk them all with `screener screen --conflicts`.

    Example:  screener conflicts --stage title-abstract
    """  # fmt: skip
    if stage is not None:
        choice(stage, SCREENING_STAGES, "--stage")
    with open_review(review_dir) as review:
        found = review.conflicts(stage)
    if json_output:
        print_json([conflict.as_json() for conflict in found])
        return
    if not found:
        say("No conflicts.")
        return
    # Plain lines, not a table: laying out a table of thousands of conflicts takes seconds.
    lines = [f"{plural(len(found), 'conflict')}:"]
    for conflict in found:
        lines.append(f"record {conflict.record_id} at {conflict.stage}: {conflict.title}")
        for d in conflict.verdicts:
            why = f" ({d.reason})" if d.reason else ""
            note = f" - {d.note}" if d.note else ""
            lines.append(f"  {d.reviewer}: {d.verdict}{why}{note}")
    sys.stdout.write("\n".join(printable(line) for line in lines) + "\n")


def resolve(
    record: Annotated[int, typer.Argument(help="Record id.", show_default=False)],
    verdict: Annotated[
        str,
        typer.Argument(
            help="include, exclude (or not-retrieved at full-text).", show_default=False
        ),
    ],
    stage: Annotated[
        str, typer.Option("--stage", help="title-abstract or full-text.")
    ] = Stage.TITLE_ABSTRACT.value,
    reason: Annotated[
        str, typer.Option("--reason", help="Exclusion reason key from criteria.toml \\[reasons].")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with the resolution.")] = "",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Settle a record that is no conflict (awaiting a"
            " reviewer, agreed on maybe, resolved already).",
        ),
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="The adjudicator (default: SCREENER_REVIEWER, else the login name).",
            show_default=False,
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Settle a conflict: the adjudicator's verdict, kept beside the reviewers' in the audit.

    A record whose verdicts do not disagree is refused unless --force.

    Example:  screener resolve 42 exclude --reason population --note "agreed in meeting"
    """  # fmt: skip
    choice(verdict, VERDICTS, "VERDICT")
    choice(stage, SCREENING_STAGES, "--stage")
    with open_review(review_dir, reviewer) as review:
        decision = review.resolve(
            record, verdict, stage=stage, reason=reason, note=note, force=force
        )
        status = review.status_of(record)
    why = f" ({decision.reason})" if decision.reason else ""
    say(
        f"Record {record}: resolved as {decision.verdict}{why} at {stage} by"
        f" {decision.reviewer}; now {status}."
    )


def register(app: typer.Typer) -> None:
    app.command("conflicts")(conflicts)
    app.command("resolve")(resolve)
