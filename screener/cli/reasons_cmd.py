"""`screener report reasons`: exclusion reasons per stage."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
