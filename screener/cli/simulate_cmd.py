"""`screener simulate`: replay a labelled set through prioritised screening."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
