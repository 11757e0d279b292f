"""What every command shares: review lookup, output consoles, JSON, progress, errors.

Start-up matters (every command pays for it): this module and the command modules import
the library (review, formats, criteria, dedupe ...) and rich's heavier parts only inside the
functions that use them.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from screener.errors import Interrupted, ScreenerError, UsageError, did_you_mean
from screener.screening.ui.printable import printable

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
    """A one-line message on stderr, shown as data (no markup, no control characters):
    through rich on a terminal, as plain text otherwise (a script's log needs no styling,
    nor the import of rich's console)."""
    message = printable(message)
    if sys.stderr.isatty():
        err().print(message, markup=False)
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


Updater = Callable[..., None]


@contextmanager
def progress_bar(
    description: str, total: int | None, *, enabled: bool = True, unit: str = ""
) -> Iterator[Updater]:
    """A rich progress bar on stderr when it is a terminal; a no-op updater otherwise.

    Yields `update(done, total=None, *, count=None, description=None, unit=None)`: the bar
    fills by `done` of `total`, and its counter reads "done/total unit", or "count unit"
    when what fills the bar (bytes read) is not what a person counts (records read).
    """
    # Without a terminal (a script, a pipe) the bar is never drawn, and rich is not loaded.
    forced = "FORCE_TERMINAL" in os.environ or "TTY_COMPATIBLE" in os.environ
    console = err() if enabled and (forced or sys.stderr.isatty()) else None
    if console is None or not console.is_terminal:
        yield lambda *args, **kwargs: None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[counter]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        # Redrawn from `update`, not by a refresh thread: a process without other threads
        # can fork its import workers (see review.parallel).
        auto_refresh=False,
    )
    with progress:
        task = progress.add_task(description, total=total, counter="")
        drawn = 0.0
        counted = unit

        def update(
            done: int,
            new_total: int | None = None,
            *,
            count: int | None = None,
            description: str | None = None,
            unit: str | None = None,
        ) -> None:
            nonlocal drawn, counted
            counted = unit if unit is not None else counted
            if new_total is not None:
                progress.update(task, total=new_total)
            whole = progress.tasks[0].total
            if count is not None:
                counter = f"{count:,} {counted}"
            elif whole:
                counter = f"{done:,}/{int(whole):,} {counted}"
            else:
                counter = f"{done:,} {counted}"
            fields: dict[str, Any] = {"completed": done, "counter": counter.strip()}
            if description is not None:
                fields["description"] = description
            progress.update(task, **fields)
            now = time.monotonic()
            if now - drawn >= 0.1:
                progress.refresh()
                drawn = now

        yield update


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 record', '2 records', '1 uncertain pair': counts read as words do."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def choice(value: str, known: Sequence[str], option: str) -> str:
    """`value` when it is one of `known`, else a usage error with the likely meant one."""
    if value not in known:
        raise typer.BadParameter(
            f"unknown value {value!r}{did_you_mean(value, known)}", param_hint=option
        )
    return value


# Invocations of earlier versions that now live elsewhere: (command, option) -> the new form.
# `dedupe --review` once walked the pair queue; `--review` now names the review folder.
MOVED: dict[tuple[str, str], str] = {("screener dedupe", "--review"): "screener duplicates review"}


def moved_hint(command: str, message: str) -> str:
    """"; the pair review is now 'screener duplicates review'" when a usage error comes from
    an option that moved, else ""."""
    for (moved_command, option), replacement in MOVED.items():
        if command == moved_command and f"'{option}' requires an argument" in message:
            return f"; to decide uncertain pairs use '{replacement}'"
    return ""


class ScreenerGroup(TyperGroup):
    """Every error is one line on stderr: a usage error exits 2, bad input or data 1 (the
    traceback with --debug)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Click and Typer would draw usage errors as a boxed panel with the usage text.
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except NoArgsIsHelpError as error:
            typer.echo(error.format_message(), err=True)
            sys.exit(2)
        except ClickUsageError as error:
            command = error.ctx.command_path if error.ctx else "screener"
            message = error.format_message()
            # Typer reports an option's missing value against the group, not the subcommand.
            argv = list(args[0] if args and args[0] is not None else kwargs.get("args") or [])
            words = [word for word in argv or sys.argv[1:] if not word.startswith("-")]
            hint = moved_hint(" ".join(["screener", *words[:1]]), message)
            typer.echo(f"{command}: {message} (see '{command} --help'){hint}", err=True)
            sys.exit(2)
        except ClickException as error:
            typer.echo(f"screener: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("screener: interrupted; nothing half-written was kept", err=True)
            sys.exit(130)
        except OSError as error:  # --help or --version onto a full disk, before `invoke`
            if isinstance(error, BrokenPipeError) or not _stdout_failed(error):
                raise
            from screener.formats.output import cannot_write

            typer.echo(f"screener: {cannot_write('stdout', error)}", err=True)
            sys.exit(1)
        # Without standalone mode an exit code comes back as the result (typer.Exit).
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Context) -> Any:
        try:
            result = super().invoke(ctx)
            # What is still buffered fails here, not in the interpreter's exit, which
            # would print a traceback-like message and exit 120.
            sys.stdout.flush()
            return result
        except Interrupted as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            typer.echo(f"screener: {error}", err=True)
            raise typer.Exit(128 + error.signal_number) from None
        except UsageError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            typer.echo(f"screener: {error}", err=True)
            raise typer.Exit(2) from None
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
        except OSError as error:
            if not _stdout_failed(error) or (ctx.obj and ctx.obj.get("debug")):
                raise
            from screener.formats.output import cannot_write

            typer.echo(f"screener: {cannot_write('stdout', error)}", err=True)
            raise typer.Exit(1) from None


# A full or failing disk under a write; stdout can fail no other way that is not ours.
_DISK_ERRORS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name)
)


def _stdout_failed(error: OSError) -> bool:
    """Whether `error` is stdout refusing what a command printed (`status --json` onto a
    full disk). Every file a command writes goes through formats.output, whose errors name
    it: a disk error that reaches here naming no file was met writing stdout. Then stdout
    is pointed at the null device, so that what stays buffered for it is not tried again
    at exit (which would print a traceback of its own and exit 120)."""
    if error.errno not in _DISK_ERRORS or error.filename is not None:
        return False
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # a stream without a descriptor (a test)
        pass
    return True
