"""`screener export`: canonical records out, in RIS, BibTeX, CSV or CSL-JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import ReviewOption, choice, open_review, plural, say
from screener.cli.output_path import output_path
from screener.model import SCREENING_STAGES, Status

_STATUSES = ", ".join(s.value for s in Status)


def export(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            parser=output_path,
            help="File to write ('-' for stdout). An existing file is replaced atomically;"
            " a FIFO or device is written as a stream.",
        ),
    ],
    all_records: Annotated[
        bool, typer.Option("--all", help="Every canonical record (the default).")
    ] = False,
    included: Annotated[bool, typer.Option("--included", help="Included records only.")] = False,
    status: Annotated[
        str | None, typer.Option("--status", help=f"Records with this status: {_STATUSES}.")
    ] = None,
    format: Annotated[
        str | None,
        typer.Option("--format", help="ris, bibtex, csv or json (default: from the suffix)."),
    ] = None,
    groups: Annotated[
        Path | None,
        typer.Option(
            "--groups",
            parser=output_path,
            help="Also write the duplicate groups here: `group,key` rows, one per record in a"
            " group of two or more (as `screener dedupe FILE... --groups` writes them).",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="Whose decisions CSV and JSON carry: title-abstract or full-text (default:"
            " each record's latest stage with a decision, named in the `stage` column).",
        ),
    ] = None,
    review_dir: ReviewOption = None,
) -> None:
    """Export canonical records (one per duplicate group) with their status.

    Each format carries the fields it has a place for; the source fields it cannot carry,
    and whose content is written nowhere else, are listed once on stderr by source. Notice
    links (an erratum, a retraction) go in a note naming the other record.

    CSV adds the decisions of one stage (--stage; by default each record's
    latest stage with a decision): stage, reason (the settled exclusion
    reason), reviewers, verdicts, notes, then criteria_rules (the rules that
    excluded or flagged the record) and duplicate_of_key; JSON the same in
    each item's custom.screener. While a record awaits another reviewer's
    verdict (blind dual screening), its verdicts stay out. RIS and BibTeX
    carry none of them.

    Example:  screener export --included --format ris -o included.ris

    Example:  screener export --status duplicate --groups groups.csv -o merged.csv
    """
    from screener.formats import EXPORT_FORMATS, export_format_for

    if sum([all_records, included, status is not None]) > 1:
        raise typer.BadParameter("choose one of --all, --included, --status")
    if status is not None:
        choice(status, [s.value for s in Status], "--status")
    selected = Status.INCLUDED.value if included else status
    format_name = format or export_format_for(output)
    if format_name is None:
        raise typer.BadParameter("say --format (ris, bibtex, csv or json)", param_hint="--format")
    choice(format_name, EXPORT_FORMATS, "--format")
    if stage is not None:
        choice(stage, SCREENING_STAGES, "--stage")
    with open_review(review_dir) as review:
        report = review.export_file(output, format_name, selected, groups=groups, stage=stage)
    say(f"Exported {plural(report.records, 'record')} to {output} ({format_name})")
    if report.groups is not None:
        say(f"Wrote {plural(report.groups, 'row')} of duplicate groups to {groups}")
    left_out = report.left_out_line()
    if left_out:
        say(left_out)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
