"""`screener code ...`: the synthesis stage, coding included studies."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
