"""`screener sync DIR` and `screener decisions export|import FILE`: decisions that travel
between the copies of one review. `screener decisions` alone still lists the current
decisions (screen_cmds.decisions)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, plural, print_json, say
from screener.cli.screen_cmds import AllReviewersOption, ReviewerFilter, StageFilter

if TYPE_CHECKING:
    from screener.review.sync import SyncReport

JoinOption = Annotated[
    bool,
    typer.Option(
        "--join",
        help="Make this copy part of the review the files come from (adopt its review id),"
        " though it holds decisions of its own.",
    ),
]

decisions_app = typer.Typer(
    help="The current decisions (undone ones left out); export and import them as a file."
    "\n\nExample:  screener decisions --json;  screener decisions export ana.jsonl",
    invoke_without_command=True,
)


@decisions_app.callback()
def _decisions(
    ctx: typer.Context,
    stage: StageFilter = None,
    reviewer: ReviewerFilter = None,
    all_reviewers: AllReviewersOption = False,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """The current decisions (undone ones left out): one JSON object per line with --json;
    `decisions export FILE` / `decisions import FILE` carry them to another copy.

    With two or more reviewers per record (and at the pilot) screening is blind: you see
    your own decisions, and with --all-reviewers the others' once every verdict a record
    needs is in. Each object: {"record", "key", "stage", "reviewer", "verdict", "reason",
    "note", "time", "kind"} (kind "resolution" for an adjudicator's).

    Example:  screener decisions --stage title-abstract --json
    """
    if ctx.invoked_subcommand is None:
        from screener.cli.screen_cmds import decisions

        decisions(stage, reviewer, all_reviewers, json_output, review_dir)


@decisions_app.command("export")
def export_decisions(
    file: Annotated[Path, typer.Argument(help="The file to write (JSON lines).")],
    review_dir: ReviewOption = None,
) -> None:
    """Write this copy's decisions, resolutions and pair verdicts to one file.

    For another copy of the review to import (mail, a USB stick).

    Example:  screener decisions export ana-decisions.jsonl
    """
    with open_review(review_dir) as review:
        count = review.export_decisions(file)
    say(f"Wrote {plural(count, 'line')} to {file}.")


@decisions_app.command("import")
def import_decisions(
    file: Annotated[Path, typer.Argument(help="A file from 'decisions export' or 'sync'.")],
    join: JoinOption = False,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Read the decisions of one file from another copy of this review.

    Each is applied once (by its UUID); those for records this copy lacks are kept aside
    for a later import.

    Example:  screener decisions import ben-decisions.jsonl
    """
    with open_review(review_dir) as review:
        report = review.import_decisions(file, join=join)
    _show(report, json_output)


def sync(
    folder: Annotated[
        Path, typer.Argument(help="The shared folder (or git working copy) of sync files.")
    ],
    join: JoinOption = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="Who is syncing: their file is made even before they have decided anything"
            " (default: SCREENER_REVIEWER, else the login name).",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    review_dir: ReviewOption = None,
) -> None:
    """Exchange decisions with the other reviewers through a shared folder.

    Reads every DIR/*.jsonl, then appends what this copy holds that the folder lacks to
    DIR/<reviewer>.jsonl.

    Records are matched by their file's sha256 and their key in it; reading twice adds
    nothing. A copy with no decisions of its own joins the review of the folder's files;
    a file of another review is refused.

    Example:  screener sync ../team-folder
    """
    with open_review(review_dir, reviewer) as review:
        report = review.sync(folder, join=join)
    _show(report, json_output)


def _show(report: SyncReport, json_output: bool) -> None:
    """The report on stderr (or as JSON). A conflict of identity is told on every sync
    while it stands, but is no failure of the sync: everything else was applied."""
    for conflict in report.identity:
        say(f"conflict of identity: {conflict.describe()}")
    if json_output:
        print_json(report.as_json())
    else:
        _say_report(report)
    if report.identity:
        say(
            f"{plural(len(report.identity), 'decision')} kept aside: two people decided under"
            " one name; each should screen under a name of their own (--reviewer or"
            " SCREENER_REVIEWER) and decide those records again."
        )


def _say_report(report: SyncReport) -> None:
    if report.joined:
        say(f"This copy joined review {report.joined}.")
    parts = [f"read {plural(len(report.files), 'file')}",
             f"added {plural(report.added, 'decision')}"]  # fmt: skip
    if report.pairs:
        parts.append(f"{plural(report.pairs, 'pair verdict')} applied")
    if report.from_pending:
        parts.append(f"{report.from_pending} of them kept aside before")
    written = sum(report.written.values())
    if written:
        names = ", ".join(name for name, lines in report.written.items() if lines)
        parts.append(f"wrote {plural(written, 'line')} to {names}")
    say("Sync: " + "; ".join(parts) + ".")
    lacking = report.pending - len(report.identity)
    if lacking > 0:
        say(
            f"{plural(lacking, 'decision')} for records this copy lacks kept aside: applied"
            " once the records are imported."
        )


def register(app: typer.Typer) -> None:
    app.command("sync")(sync)
    app.add_typer(decisions_app, name="decisions")


__all__ = ["register"]
