"""`screener report prisma`: the PRISMA 2020 flow counts and diagram."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Not built yet: registers nothing."""
