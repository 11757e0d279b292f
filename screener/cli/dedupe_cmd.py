"""`screener dedupe`: in a review, or stateless over files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    Updater,
    choice,
    open_review,
    plural,
    print_json,
    progress_bar,
    say,
)

# What each stage of the matching counts, as the bar names it.
_STAGES = {
    "profile": ("Reading records", "records"),
    "compare": ("Comparing likely pairs", "pairs"),
    "group": ("Grouping duplicates", "groups"),
}


def _stage_progress(update: Updater) -> Callable[[str, int, int], None]:
    def progress(stage: str, done: int, total: int) -> None:
        description, unit = _STAGES.get(stage, ("Deduplicating", ""))
        update(done, total, description=description, unit=unit)

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
            help="Merged records out (stateless mode). Existing files (-o, --groups, --pairs,"
            " --notices) are replaced atomically: all of them or none.",
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
    notices: Annotated[
        Path | None,
        typer.Option(
            "--notices",
            help="Write the errata, retractions, comments and replies linked to their"
            " articles (never merged).",
        ),
    ] = None,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find duplicates: merge the sure ones, queue the uncertain; nothing is deleted.

    In a review: `screener dedupe`, then `screener duplicates review` for the uncertain pairs.
    Without a review: `screener dedupe FILE... -o OUT [--groups G.csv] [--pairs P.csv]
    [--notices N.csv]`.

    Example:  screener dedupe pubmed.nbib scopus.csv -o merged.ris --groups groups.csv
    """
    if files:
        if review_dir is not None:
            raise typer.BadParameter(
                "give a review (--review) or input FILEs, not both", param_hint="--review"
            )
        _stateless(files, output, format, (groups, pairs, notices), json_output)
        return
    if output or groups or pairs or notices or format:
        raise typer.BadParameter(
            "-o, --format, --groups, --pairs and --notices go with input FILEs (stateless mode)"
        )
    with (
        open_review(review_dir) as review,
        progress_bar("Deduplicating", None, enabled=not json_output) as update,
    ):
        summary = review.dedupe(_stage_progress(update))
    if json_output:
        print_json(summary.as_json())
        return
    linked = (
        f", {plural(summary.notices_total, 'notice')} (erratum, retraction, comment or reply)"
        f" linked to {'its article' if summary.notices_total == 1 else 'their articles'}"
        if summary.notices_total
        else ""
    )
    say(
        f"{plural(summary.records, 'record')}: {summary.merged_total:,} merged as duplicates"
        f" in {plural(summary.groups_total, 'group')} ({summary.merged:,} new),"
        f" {plural(summary.open_pairs, 'uncertain pair')} open ({summary.possible:,} new)"
        f"{linked} ({summary.seconds:.1f} s)."
        + (" Next: screener duplicates review" if summary.open_pairs else "")
    )


def _stateless(
    files: list[Path],
    output: Path | None,
    format: str | None,
    reports: tuple[Path | None, Path | None, Path | None],
    json_output: bool,
) -> None:
    from screener.formats import EXPORT_FORMATS, export_format_for
    from screener.review.batch import BatchOutputs, dedupe_files, write_batch

    if output is None:
        raise typer.BadParameter("stateless dedupe needs -o OUT", param_hint="-o")
    format_name = format or export_format_for(output)
    if format_name is None:
        raise typer.BadParameter("say --format (ris, bibtex, csv or json)", param_hint="--format")
    choice(format_name, EXPORT_FORMATS, "--format")
    groups, pairs, notices = reports
    outputs = BatchOutputs(output, format_name, groups, pairs, tuple(files), notices)
    # A bad output path is told before the dedupe runs, not after it.
    outputs.check()
    with progress_bar("Deduplicating", None, enabled=not json_output) as update:
        batch = dedupe_files(files, progress=_stage_progress(update))
    written = write_batch(batch, outputs)
    if json_output:
        print_json(batch.as_json(written))
        return
    summary = batch.summary()
    say(
        f"{plural(summary.records, 'record')} -> {written} after merging"
        f" {plural(summary.merged, 'duplicate')} in {plural(summary.groups, 'group')};"
        f" {plural(summary.possible, 'uncertain pair')} ({summary.seconds:.1f} s)."
    )


def register(app: typer.Typer) -> None:
    from screener.cli.duplicates_cmds import unmerge

    app.command("dedupe")(dedupe)
    # `screener unmerge ID` stays as the short form of `screener duplicates unmerge ID`.
    app.command("unmerge", help=unmerge.__doc__)(unmerge)
