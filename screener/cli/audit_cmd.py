"""`screener audit`: every change to the review in time order."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import ReviewOption, open_review, plural, say
from screener.cli.output_path import output_path

if TYPE_CHECKING:
    from screener.report.audit import AuditEvent


def audit(
    json_output: Annotated[
        bool,
        typer.Option("--json", help="One JSON object per change and per line (JSON lines)."),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only changes from this date (YYYY-MM-DD, from its start in UTC) or ISO time.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=output_path,
            help="Write to this file (whole or not at all) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="Who is asking: screening blind, the others' verdicts on a record stay"
            " hidden until every verdict is in (default: SCREENER_REVIEWER, else the login"
            " name).",
            show_default=False,
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Every change to the review, oldest first: init, imports, dedupe
    runs, duplicate links made and undone, merges and unmerges, criteria
    runs (with the criteria file's sha256), pilot rounds, decisions, undos,
    resolutions, pair-review sessions, syncs and notes kept; each with its
    time (UTC), who and what.

    The text view gives one line per change (the links one command made:
    one line). With --json each change is one line {"time", "actor",
    "event", "details"} in full: an import names its record ids, a
    criteria run the records each rule excluded, a decision its verdict,
    reason, note and UUID. Replaying them rebuilds every record's status
    (screener.report.audit.replay). The audit is read from the review's
    append-only tables: a later command adds changes, alters none.

    Screening blind (two reviewers per record, and at the pilot), another
    reviewer's verdict, reason and note on a record still awaiting a
    verdict are hidden ("hidden": true) until every verdict is in.

    Example:  screener audit --json --since 2026-05-01 -o audit.jsonl
    """
    from screener.report.audit import since_bound

    bound = ""
    if since is not None:
        try:
            bound = since_bound(since)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--since") from None
    with open_review(review_dir, reviewer) as review:
        if output is not None:
            count = review.write_audit(output, since=bound, as_json=json_output)
            say(f"{plural(count, 'change')} written to {output}")
            return
        # Closed here, with the review open: a reader that stops early (`| head`) ends
        # the store's read before the review closes.
        with closing(review.audit_events(bound)) as events:
            printed = _print(events, json_output)
    if not printed:
        # An empty stdout is the answer a script wants; a person is told it is one.
        say(f"no changes since {since}" if since is not None else "no changes")


def _print(events: Iterable[AuditEvent], json_output: bool) -> int:
    """Stream the lines (a review's 100,000 decisions are never held as text at once);
    how many were printed."""
    from screener.report.audit import json_lines
    from screener.report.audit_text import text_lines

    lines = json_lines(events) if json_output else text_lines(events)
    write = sys.stdout.write
    count = 0
    for line in lines:
        write(line + "\n")
        count += 1
    return count


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
