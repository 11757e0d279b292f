"""`screener report ...`: the review reported (PRISMA flow, reasons, progress, evidence)."""

from __future__ import annotations

import typer

from screener.cli import evidence_cmd, prisma_cmd, progress_cmd, reasons_cmd

report_app = typer.Typer(
    help="Report the review: the PRISMA 2020 flow, exclusion reasons, progress, the evidence"
    " table.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    prisma_cmd.register(report_app)
    reasons_cmd.register(report_app)
    progress_cmd.register(report_app)
    evidence_cmd.register(report_app)
    app.add_typer(report_app, name="report")
