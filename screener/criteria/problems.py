"""Problems found in a criteria file, and the reporter that records them with their lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from screener.criteria.locate import Locator
from screener.errors import ScreenerError, suggest

TomlPath = tuple["str | int", ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a criteria file. `pointer` shows a query with a caret, when one is bad."""

    file: str
    line: int
    message: str
    column: int | None = None
    pointer: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class CriteriaError(ScreenerError):
    """A criteria file that cannot be used; `problem` is the first problem found."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(
            problem.message, file=problem.file, line=problem.line or None, column=problem.column
        )
        self.problem = problem


def quoted(choices: tuple[str, ...] | list[str]) -> str:
    """'a', 'b' or 'c'."""
    items = [f"'{c}'" for c in choices]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class Reporter:
    """Records problems at TOML paths (see `locate`), for one criteria file."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.locator = Locator(text)
        self.problems: list[Problem] = []

    def report(self, path: TomlPath, message: str, pointer: str = "") -> None:
        line = self.locator.line(path) if path else 1
        self.problems.append(Problem(self.file, line, message, pointer=pointer))

    def table(self, path: TomlPath, value: Any, what: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.report(path, f"{what} must be a table")
        return {}

    def strings(self, path: TomlPath, value: Any, what: str) -> list[str] | None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        self.report(path, f'{what} must be a list of strings, like ["a", "b"]')
        return None

    def checked_strings(
        self, path: TomlPath, value: Any, what: str, problem: Callable[[str], str]
    ) -> list[str] | None:
        """A non-empty list of strings none of which has a problem (`problem` gives the
        message for an item, "" for a good one); None when not, with every problem reported."""
        values = self.strings(path, value, what)
        if values is None:
            return None
        if not values:
            self.report(path, f"{what} is empty")
            return None
        good = True
        for n, item in enumerate(values):
            message = problem(item)
            if message:
                self.report((*path, n), message)
                good = False
        return values if good else None

    def unknown_keys(
        self, path: TomlPath, table: dict[str, Any], allowed: tuple[str, ...], where: str
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report((*path, key), f"unknown key '{key}' in {where}{suggest(key, allowed)}")

    def choice(
        self,
        path: TomlPath,
        table: dict[str, Any],
        key: str,
        choices: tuple[str, ...],
        default: str,
        name: str,
    ) -> str:
        value = table.get(key, default)
        if value not in choices:
            hint = suggest(value, choices)
            self.report(
                (*path, key), f"{key} of {name} must be {quoted(choices)}, not {value!r}{hint}"
            )
            return default
        return value
