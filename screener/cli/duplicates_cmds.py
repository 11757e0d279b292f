"""`screener duplicates list|show|review|merge|unmerge`: a person's view of and say over the
duplicate groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, ReviewOption, open_review, out, plural, print_json, say

if TYPE_CHECKING:
    from rich.console import Console

    from screener.review.views import GroupView

duplicates_app = typer.Typer(
    help="Duplicate groups in a review: list and show them with the evidence of every link,"
    " decide uncertain pairs, merge, unmerge.",
    no_args_is_help=True,
)

RecordArgument = Annotated[int, typer.Argument(help="A record id.", show_default=False)]


def list_groups(review_dir: ReviewOption = None, json_output: JsonOption = False) -> None:
    """Every duplicate group: its canonical record, its members and why each was linked.

    Each member is shown as id, first author, year, title (cut to the terminal) and the
    file and database it came from, then how its link was made: by dedupe run N with the
    engine's score and reasons, or by a person's merge (who, when, their reason).

    --json prints a list of groups: {"canonical", "size", "members": [{"id", "key",
    "first_author", "year", "title", "source", "database", "link"}]}; "link" is null on the
    canonical record, else {"how": "auto"|"manual", "run", "score", "reasons", "matched",
    "by", "time", "merge": null | {"id", "records", "reason", "by", "time"}}.

    Example:  screener duplicates list --json
    """
    with open_review(review_dir) as review:
        groups = review.group_views()
    if json_output:
        print_json([group.as_json() for group in groups])
        return
    if not groups:
        say("No duplicate groups ('screener dedupe' finds them; 'duplicates merge' makes one).")
        return
    console = out()
    for group in groups:
        _print_group(console, group)
    members = sum(len(group.members) - 1 for group in groups)
    say(f"{plural(len(groups), 'group')}, {plural(members, 'record')} merged into another.")


def show_group(
    record_id: Annotated[int, typer.Argument(help="Any record of the group.", show_default=False)],
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """One duplicate group, found by any of its records, with the evidence of every link.

    --json prints the group as one element of `duplicates list --json`. A record in no
    group says so in one line (exit 1).

    Example:  screener duplicates show 40
    """
    from screener.errors import ScreenerError

    with open_review(review_dir) as review:
        group = review.group_view(record_id)
    if group is None:
        raise ScreenerError(f"record {record_id} is in no duplicate group")
    if json_output:
        print_json(group.as_json())
        return
    _print_group(out(), group)


# A title is never cut shorter than this: a narrow terminal wraps the line instead.
_SHORTEST_TITLE = 30


def _print_group(console: Console, group: GroupView) -> None:
    """The group's heading, one line per member (id, first author and year, title cut to
    the terminal, file and database), and under each member the evidence of its link."""
    import textwrap

    from rich.text import Text

    from screener.screening.ui.printable import printable

    console.print(f"Group of {len(group.members)}: canonical record {group.canonical}")
    width = max(len(str(member.record.id)) for member in group.members)
    for member in group.members:
        head = f"  {member.record.id:>{width}}  {member.citation()}  "
        where = f"  [{member.where(file_name_only=True)}]" if member.where() else ""
        room = max(console.width - len(head) - len(where), _SHORTEST_TITLE)
        title = " ".join((member.record.title or "(no title)").split())
        if len(title) > room:
            title = title[: room - 1] + "…"
        console.print(Text(printable(head + title + where)), soft_wrap=True)
        if member.link is None:
            continue
        indent = " " * (width + 4)
        for line in member.link.lines():
            wrapped = textwrap.wrap(
                printable(line),
                width=max(console.width, 40),
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
            )
            for part in wrapped:
                console.print(Text(part, style="dim"), soft_wrap=True)


def review_pairs(
    plain: Annotated[
        bool, typer.Option("--plain", help="One key per line from stdin instead of single keys.")
    ] = False,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Decide the uncertain pairs dedupe queued, one key each; every key is saved at once.

    Keys: d duplicate, n not a duplicate, s skip, u undo, q quit. A record merged into
    another since is shown as its group's canonical record.

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
    reason: Annotated[
        str, typer.Option("--reason", help="Why they are one study, kept with the merge.")
    ] = "",
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Merge two records (and the groups they belong to) as one study.

    A person's merge stands against any dedupe re-run and replaces an earlier "not a
    duplicate" between the two groups; `duplicates unmerge` of either record undoes it.
    --json: {"records": [A, B], "linked": \\[ids that joined], "merge": id or null}.

    Example:  screener duplicates merge 12 40 --reason "same trial, conference and article"
    """
    from screener.review.views import merge_json

    with open_review(review_dir) as review:
        change = review.merge(first, second, reason=reason)
    if json_output:
        print_json(merge_json(first, second, change))
        return
    if not change.linked:
        say(f"Records {first} and {second} are already in one group.")
        return
    linked = ", ".join(map(str, change.linked))
    say(f"Merged {plural(len(change.linked), 'record')} into one group: {linked}")


def unmerge(
    record_id: Annotated[
        int, typer.Argument(help="A record of a duplicate group.", show_default=False)
    ],
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Undo a merge: a person's merge that named the record is undone exactly (the records it
    moved stand as before); else the record leaves its group alone (a group's canonical
    record too: the others stay one group). A dedupe re-run does not merge them again;
    `duplicates merge` can.
    --json: {"record", "unmerged": \\[ids], "group": the canonical record they left,
    "merge_undone": null | {"id", "records", "reason", "by", "time"}}.

    Example:  screener duplicates unmerge 42
    """
    from screener.review.views import unmerge_json

    with open_review(review_dir) as review:
        result = review.unmerge(record_id)
    if json_output:
        print_json(unmerge_json(result))
        return
    freed = ", ".join(map(str, result.freed))
    how = ""
    if result.merge is not None:
        how = f" (undoing the merge of {result.merge.a_id} and {result.merge.b_id})"
    say(
        f"Unmerged {plural(len(result.freed), 'record')} from the group of record"
        f" {result.group}: {freed}{how}"
    )


def register(app: typer.Typer) -> None:
    duplicates_app.command("list")(list_groups)
    duplicates_app.command("show")(show_group)
    duplicates_app.command("review")(review_pairs)
    duplicates_app.command("merge")(merge)
    duplicates_app.command("unmerge")(unmerge)
    app.add_typer(duplicates_app, name="duplicates")
