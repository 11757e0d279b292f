"""Named exceptions and parse issues: what a user needs to fix their input."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class ScreenerError(Exception):
    """A problem with the user's input or data; the CLI prints it as one line, exit 1.

    `file`, `line` and `column` locate the problem when there is a place to point at.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class UsageError(ScreenerError):
    """A value the user typed is not one of those the command knows; the CLI exits 2."""


def suggest(word: object, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss among `known`, else ' (one of a, b, c)'."""
    choices = list(known)
    near = suggest(value.casefold(), choices)
    if near or not choices:
        return near
    return f" (one of {', '.join(choices)})"


class FormatError(ScreenerError):
    """A file that cannot be read as any supported format, or not as the one asked for."""


class ReviewNotFound(ScreenerError):
    """No review folder (screener.toml) here or above, and none named."""


class AlreadyImported(ScreenerError):
    """The same file (by content) was imported before."""


class StoreGone(ScreenerError):
    """The review's store file is missing or empty; only `init` makes a new one."""


class StoreDamaged(ScreenerError):
    """The store file has damaged pages (`PRAGMA quick_check` fails)."""


class StoreReadOnly(ScreenerError):
    """A command that changes the review, in a folder (or file system) it cannot write."""


class Interrupted(ScreenerError):
    """A signal (SIGTERM, SIGHUP) stopped a command before it finished; nothing of it was
    kept. The CLI exits with 128 + the signal's number, as a shell reports such a death."""

    def __init__(self, message: str, *, signal_number: int, file: str | None = None) -> None:
        super().__init__(message, file=file)
        self.signal_number = signal_number


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A record or line a reader could not take, kept as data (like bibtexparser v2).

    `severity` is "error" for a record that was skipped, "warning" for one that was read
    with something dropped or guessed.
    """

    line: int
    message: str
    raw: str = ""
    severity: str = "error"
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else f"line {self.line}"
        return f"{where}: {self.message}"
