"""What every command shares: review lookup, output consoles, JSON, progress, errors.

Start-up matters (every command pays for it): this module and the command modules import
the library (review, formats, criteria, dedupe ...) and rich's heavier parts only inside the
functions that use them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from screener.errors import ScreenerError

if TYPE_CHECKING:
    from rich.console import Console

    from screener.review import Review

ReviewOption = Annotated[
    Path | None,
    typer.Option(
        "--review",
        help="The review folder (default: SCREENER_REVIEW, else the folder holding"
        " screener.toml here or above).",
        file_okay=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def out() -> Console:
    """Console for results (stdout); colour only on a terminal, never with NO_COLOR."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def err() -> Console:
    """Console for messages and progress (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """A one-line message without markup on stderr: through rich on a terminal, as plain text
    otherwise (a script's log needs no styling, nor the import of rich's console)."""
    if sys.stderr.isatty():
        err().print(message)
    else:
        print(message, file=sys.stderr)


def open_review(path: Path | None, reviewer: str | None = None) -> Review:
    from screener.review import Review

    return Review.open(path, actor=reviewer)


def print_json(data: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def print_json_line(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


@contextmanager
def progress_bar(description: str, total: int | None, *, enabled: bool = True) -> Iterator[Any]:
    """A rich progress bar on stderr when it is a terminal; a no-op updater otherwise.

    Yields `update(done, total=None)`.
    """
    # Without a terminal (a script, a pipe) the bar is never drawn, and rich is not loaded.
    forced = "FORCE_TERMINAL" in os.environ or "TTY_COMPATIBLE" in os.environ
    console = err() if enabled and (forced or sys.stderr.isatty()) else None
    if console is None or not console.is_terminal:
        yield lambda done, total=None: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        # Redrawn from `update`, not by a refresh thread: a process without other threads
        # can fork its import workers (see review.parallel).
        auto_refresh=False,
    )
    with progress:
        task = progress.add_task(description, total=total)
        drawn = 0.0

        def update(done: int, new_total: int | None = None) -> None:
            nonlocal drawn
            if new_total is not None:
                progress.update(task, total=new_total)
            progress.update(task, completed=done)
            now = time.monotonic()
            if now - drawn >= 0.1:
                progress.refresh()
                drawn = now

        yield update


class ScreenerGroup(TyperGroup):
    """Turns ScreenerError into one line on stderr and exit 1 (the traceback with --debug)."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScreenerError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            typer.echo(f"screener: {error}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("screener: interrupted; nothing half-written was kept", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
