"""`screener dedupe` (in a review, or stateless over files) and `screener unmerge`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import JsonOption, err, open_review, print_json, progress_bar, say

ReviewDirOption = Annotated[
    Path | None,
    typer.Option(
        "--review-dir",
        help="The review folder (default: SCREENER_REVIEW, else screener.toml here or above).",
        file_okay=False,
    ),
]


def _stage_progress(update):
    labels = {"profile": 0, "compare": 1, "group": 2}

    def progress(stage: str, done: int, total: int) -> None:
        # One bar over three stages: profiling, comparing candidate pairs, grouping.
        step = labels.get(stage, 0)
        update(step * 1000 + (1000 * done // max(total, 1)), 3000)

    return progress


def dedupe(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Export files to deduplicate without a review (needs -o)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Merged records out (stateless mode). Existing files (-o, --groups, --pairs)"
            " are replaced atomically: all of them or none.",
        ),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="Output format: ris, bibtex, csv, json.")
    ] = None,
    groups: Annotated[
        Path | None,
        typer.Option("--groups", help="Write group,key rows for every duplicate group."),
    ] = None,
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="Write the uncertain pairs for a person.")
    ] = None,
    review_pairs: Annotated[
        bool,
        typer.Option("--review", help="Decide the uncertain pairs by keyboard."),
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="With --review: line prompts instead of full screen.")
    ] = False,
    review_dir: ReviewDirOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find duplicates: merge the sure ones, queue the uncertain; nothing is deleted.

    In a review: `screener dedupe`, then `screener dedupe --review` for the uncertain pairs.
    Without a review: `screener dedupe FILE... -o OUT [--groups G.csv] [--pairs P.csv]`.

    Example:  screener dedupe pubmed.nbib scopus.csv -o merged.ris --groups groups.csv
    """
    if files:
        _stateless(files, output, format, groups, pairs, json_output)
        return
    if output or groups or pairs:
        raise typer.BadParameter("-o, --groups and --pairs go with input FILEs (stateless mode)")
    with open_review(review_dir) as review:
        if review_pairs:
            from screener.cli.pair_review import review_pairs_interactively

            review_pairs_interactively(review, plain=plain)
            return
        from screener.review.dedupe import dedupe_review

        with progress_bar("Deduplicating", 3000, enabled=not json_output) as update:
            summary = dedupe_review(review.store, review.actor, _stage_progress(update))
    if json_output:
        print_json(summary.as_json())
        return
    err().print(
        f"{summary.records} records: {summary.merged} merged as duplicates in"
        f" {summary.groups} groups, {summary.possible} uncertain pairs queued"
        f" ({summary.seconds:.1f} s)."
        + (" Next: screener dedupe --review" if summary.possible else "")
    )


def _stateless(
    files: list[Path],
    output: Path | None,
    format: str | None,
    groups: Path | None,
    pairs: Path | None,
    json_output: bool,
) -> None:
    from screener.formats import EXPORT_FORMATS, export_format_for
    from screener.review.batch import BatchOutputs, dedupe_files, write_batch

    if output is None:
        raise typer.BadParameter("stateless dedupe needs -o OUT", param_hint="-o")
    format_name = format or export_format_for(output)
    if format_name not in EXPORT_FORMATS:
        raise typer.BadParameter("say --format (ris, bibtex, csv or json)", param_hint="--format")
    outputs = BatchOutputs(output, format_name, groups, pairs, inputs=tuple(files))
    # A bad output path is told before the dedupe runs, not after it.
    outputs.check()
    with progress_bar("Deduplicating", 3000, enabled=not json_output) as update:
        batch = dedupe_files(files, progress=_stage_progress(update))
    written = write_batch(batch, outputs)
    summary = batch.summary()
    if json_output:
        print_json(summary.as_json() | {"written": written, "issues": len(batch.issues)})
        return
    say(
        f"{summary.records} records -> {written} after merging {summary.merged} duplicates"
        f" in {summary.groups} groups; {summary.possible} uncertain pairs"
        f" ({summary.seconds:.1f} s)."
    )


def unmerge_record(
    record_id: Annotated[int, typer.Argument(help="A merged record, or the head of a group.")],
    review_dir: Annotated[
        Path | None, typer.Option("--review", help="The review folder.", file_okay=False)
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Undo a merge: the record (or every member of the group it heads) stands alone again.

    Example:  screener unmerge 42
    """
    from screener.review.dedupe import unmerge

    with open_review(review_dir) as review:
        freed = unmerge(review.store, record_id, review.actor)
    if json_output:
        print_json({"record": record_id, "unmerged": freed})
        return
    err().print(f"Unmerged {len(freed)} record(s): {', '.join(map(str, freed))}")


def register(app: typer.Typer) -> None:
    app.command("dedupe")(dedupe)
    app.command("unmerge")(unmerge_record)
