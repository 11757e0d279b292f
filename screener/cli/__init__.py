"""The `screener` command line: a Typer app, one module per command group."""

from __future__ import annotations

import inspect
from typing import Annotated

import typer

from screener import __version__
from screener.cli import (
    agreement_cmd,
    audit_cmd,
    code_cmds,
    conflict_cmds,
    criteria_cmds,
    dedupe_cmd,
    demo_cmd,
    duplicates_cmds,
    export_cmd,
    import_cmd,
    info_cmds,
    init_cmd,
    pilot_cmds,
    report_cmds,
    screen_cmds,
    simulate_cmd,
    stopping_cmd,
    sync_cmds,
)
from screener.cli.common import ScreenerGroup

app = typer.Typer(
    name="screener",
    cls=ScreenerGroup,
    help="Literature screening for systematic reviews and rapid evidence assessments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"screener {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = {"debug": debug}


init_cmd.register(app)
import_cmd.register(app)
export_cmd.register(app)
info_cmds.register(app)
dedupe_cmd.register(app)
duplicates_cmds.register(app)
criteria_cmds.register(app)
demo_cmd.register(app)
screen_cmds.register(app)
pilot_cmds.register(app)
agreement_cmd.register(app)
conflict_cmds.register(app)
sync_cmds.register(app)
report_cmds.register(app)
audit_cmd.register(app)
simulate_cmd.register(app)
stopping_cmd.register(app)
code_cmds.register(app)


def _unwrap_help(group: typer.Typer) -> None:
    """Join the lines of each paragraph of each command's docstring: the terminal wraps
    the help to its own width, and a docstring's hard line breaks would break it again
    mid-line there (the first paragraph is also the summary listed beside the name).
    Paragraphs stay apart, so each `Example:` keeps its own line."""
    for info in group.registered_commands:
        callback = info.callback
        if callback is not None and callback.__doc__:
            paragraphs = inspect.cleandoc(callback.__doc__).split("\n\n")
            callback.__doc__ = "\n\n".join(" ".join(p.strip().splitlines()) for p in paragraphs)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _unwrap_help(sub.typer_instance)


_unwrap_help(app)


def main() -> None:
    app()
