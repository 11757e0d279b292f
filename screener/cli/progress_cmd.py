"""`screener report progress`: decided and remaining per stage and reviewer, pace."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
