"""`screener report evidence`: the evidence table of coded included studies."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
