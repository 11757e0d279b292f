"""Every command's --help shows its text whole: Rich markup must not swallow a bracketed
word of a docstring or an option's help ("[reasons]" read as a style tag)."""

from __future__ import annotations

import re

import pytest
import typer
from typer._click import Command
from typer.testing import CliRunner

from screener.cli import app

# A bracket Rich would take as markup, "[word]" or "[words words]", escaped or not.
_BRACKETED = re.compile(r"\[([a-z][a-z _-]*)\]")


def _commands(
    command: Command, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Command]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "screener" for p, _ in COMMANDS]
)
def test_help_keeps_every_bracketed_word(path: tuple[str, ...], command: Command) -> None:
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    expected = {m for text in texts for m in _BRACKETED.findall(text)}
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "250"})
    shown = " ".join(result.output.split())
    for word in expected:
        assert f"[{word}]" in shown, f"'{' '.join(path)} --help' lost [{word}]"
