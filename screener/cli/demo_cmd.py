"""`screener demo`: a demo review built from the shipped examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import JsonOption, err, out, print_json
from screener.screening.ui.printable import shown


def demo(
    folder: Annotated[
        Path, typer.Argument(help="Folder for the demo review.", file_okay=False)
    ] = Path("screener-demo"),
    json_output: JsonOption = False,
) -> None:
    """Build a demo review from synthetic exports (PubMed, Scopus, PsycInfo, WoS) and run it.

    Example:  screener demo /tmp/demo && cd /tmp/demo && screener status
    """
    from rich.table import Table

    from screener.review.demo import build_demo

    console = err()
    run = build_demo(folder, on_step=lambda step: None if json_output else console.print(step))
    with run.review as review:
        if json_output:
            print_json(run.as_json())
            return
        report = review.status()
        root = review.root
    table = Table(title=shown(f"Demo review in {root}"), title_justify="left")
    table.add_column("source")
    table.add_column("records", justify="right")
    for r in run.imports:
        table.add_row(shown(f"{Path(r.path).name} ({r.database})"), str(r.records))
    table.add_row("[bold]imported[/]", f"[bold]{report.records}[/]")
    table.add_row("duplicates merged", str(run.dedupe.merged))
    table.add_row("uncertain pairs queued", str(run.dedupe.possible))
    table.add_row("excluded by criteria", str(run.criteria.excluded))
    table.add_row("flagged by criteria", str(run.criteria.flagged))
    table.add_row("included and coded (coding.csv)", str(run.coded_studies))
    table.add_row("[bold]to screen[/]", f"[bold]{report.by_status['title-abstract']}[/]")
    out().print(table)
    console.print(shown(f"Next: cd {folder} && screener screen   (or: screener duplicates review)"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
