"""`screener duplicates review|merge|unmerge`: a person's say over the duplicate groups."""

from __future__ import annotations

from typing import Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, plural, print_json, say

duplicates_app = typer.Typer(
    help="Duplicate groups in a review: decide uncertain pairs, merge, unmerge.",
    no_args_is_help=True,
)

RecordArgument = Annotated[int, typer.Argument(help="A record id.", show_default=False)]


def review_pairs(
    plain: Annotated[
        bool, typer.Option("--plain", help="One key per line from stdin instead of single keys.")
    ] = False,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Decide the uncertain pairs dedupe queued, one key each; every key is saved at once.

    Keys: d duplicate, n not a duplicate, s skip, u undo, q quit.

    Example:  screener duplicates review
    """
    from screener.cli.pair_review import review_pairs_interactively
    from screener.review.pairs import PairSummary

    with open_review(review_dir) as review:
        summary = review_pairs_interactively(review, plain=plain, pairs_on_stderr=json_output)
    if summary is None:
        if json_output:
            print_json(PairSummary(0, 0, 0, 0).as_json())
        else:
            say("No uncertain pairs are waiting for a person ('screener dedupe' queues them).")
        return
    if json_output:
        print_json(summary.as_json())
        return
    say(
        f"{summary.duplicate} marked duplicate, {summary.distinct} not duplicate,"
        f" {summary.skipped} skipped; {plural(summary.still_open, 'pair')} still open."
    )


def merge(
    first: RecordArgument,
    second: RecordArgument,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Merge two records (and the groups they belong to) as one study.

    Example:  screener duplicates merge 12 40
    """
    from screener.review.views import merge_json

    with open_review(review_dir) as review:
        change = review.merge(first, second)
    linked = list(change.linked)
    if json_output:
        print_json(merge_json(first, second, change.linked))
        return
    if not linked:
        say(f"Records {first} and {second} are already in one group.")
        return
    say(f"Merged {plural(len(linked), 'record')} into one group: {', '.join(map(str, linked))}")


def unmerge(
    record_id: Annotated[
        int, typer.Argument(help="A merged record, or the head of a group.", show_default=False)
    ],
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Undo a merge: the record (or every member of the group it heads) stands alone again.

    Example:  screener duplicates unmerge 42
    """
    from screener.review.views import unmerge_json

    with open_review(review_dir) as review:
        freed = review.unmerge(record_id)
    if json_output:
        print_json(unmerge_json(record_id, freed))
        return
    say(f"Unmerged {plural(len(freed), 'record')}: {', '.join(map(str, freed))}")


def register(app: typer.Typer) -> None:
    duplicates_app.command("review")(review_pairs)
    duplicates_app.command("merge")(merge)
    duplicates_app.command("unmerge")(unmerge)
    app.add_typer(duplicates_app, name="duplicates")
