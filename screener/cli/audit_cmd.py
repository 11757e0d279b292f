"""`screener audit`: every change to the review in time order."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
