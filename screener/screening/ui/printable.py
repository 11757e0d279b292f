"""Imported text on a terminal: shown as written, never as markup or a control sequence.

Titles, authors and reviewer names come from other people's files; a `[/]` in one must not
crash a table, and an escape sequence in one must not clear the screen or retitle the window.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls but tab and newline, DEL, and the C1 controls (ESC and CSI start sequences)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Fields longer than this are shown cut unless asked for in full: a terminal table over a
# 50 MB abstract takes minutes to lay out and shows nobody anything useful.
LONGEST_SHOWN = 100_000


def printable(text: str) -> str:
    """`text` without control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def caret_notation(text: str) -> str:
    """`text` with each control character (but tab and newline) written visibly, as `cat -v`
    does: ESC as ^[, BEL as ^G, DEL as ^?, a C1 control as M-^x."""
    return _CONTROL.sub(_caret, text) if _CONTROL.search(text) else text


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code >= 0x80:
        return "M-" + _caret_of(code - 0x80)
    return _caret_of(code)


def _caret_of(code: int) -> str:
    return "^?" if code == 0x7F else "^" + chr(code + 0x40)


def blanked(text: str) -> str:
    """`text` with each control character (but tab and newline) as a space: offsets into
    the text, such as highlighted spans, still hold."""
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def shown(value: object) -> Text:
    """A value as rich Text: never read as markup, control characters removed."""
    from rich.text import Text  # rich is loaded only by the commands that draw

    return Text(printable(str(value)))


def cut(text: str, limit: int = LONGEST_SHOWN, *, whole: str = "--full") -> str:
    """`text`, or its first `limit` characters, how many more there are and the option
    (`whole`) that shows them."""
    if len(text) <= limit:
        return text
    more = f"{len(text) - limit:,} characters more"
    return f"{text[:limit]} … ({more}; {whole})" if whole else f"{text[:limit]} … ({more})"
