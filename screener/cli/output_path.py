"""The `-o` option's value as the report and export commands take it.

Whether an output can be written is a matter of the data (exit 1), not of the command line:
a path that names a folder (an existing one, or any path typed with a trailing slash, which
`Path` would silently drop) is refused here in the same one line the atomic writer gives for
a folder met later. What format a suffix names is each command's usage check (exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path

from typer._click.exceptions import ClickException

from screener.formats.output import STDOUT

_SEPARATORS = tuple({"/", os.sep})


def output_path(value: str | Path) -> Path:
    """`value` as a Path; a value that names a folder is refused (exit 1)."""
    text = str(value)
    # ClickException: raised while the command line is read, it is one line, exit 1.
    if text != STDOUT and os.path.isdir(text):
        raise ClickException(f"{text}: cannot write: is a folder")
    if text.endswith(_SEPARATORS):
        raise ClickException(f"{text}: cannot write: names a folder (the trailing '/')")
    return Path(text)
