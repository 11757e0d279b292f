"""Reading criteria files, and reporting every problem with its file and line.

`load_criteria(path)` returns a `Criteria` or raises `CriteriaError` for the first problem;
`validate_criteria(path)` returns all problems, in line order, for `screener criteria
validate`. A problem names the file and line (tomllib gives no positions, so `locate` finds
the key in the text), and suggests the nearest valid word for a typo: "did you mean
'abstract'?". TOML syntax errors carry the line and column tomllib reports.

The shape of a rule (see the templates in criteria/ for examples):

    [[rule]]
    id = "design"                  # unique; letters, digits, '-', '_', '.'
    kind = "any"                   # year | language | pub_type | query | has | any | all
    action = "flag"                # exclude (default) | flag: what failing the rule does
    missing = "keep"               # keep (default) | exclude | flag: when its fields are missing
    reason = "not empirical research"
    rules = [                      # any / all only: sub-rules, one inline table per line,
      { kind = "query", query = "interview* OR survey*" },        # with kind and its keys
      { kind = "pub_type", allow = ["thesis", "report"] },
    ]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from screener.criteria.highlight import highlight_term
from screener.criteria.problems import CriteriaError, Problem
from screener.criteria.rule_checks import ID, RuleChecker
from screener.criteria.rules import Criteria
from screener.criteria.terms import TermError

TOP_KEYS: tuple[str, ...] = ("review", "rule", "highlight", "reasons")
REVIEW_KEYS: tuple[str, ...] = ("question",)
HIGHLIGHT_KEYS: tuple[str, ...] = ("include", "exclude")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class _Checker(RuleChecker):
    """Builds a Criteria from tomllib data, recording problems instead of stopping."""

    def criteria(self, data: dict[str, Any]) -> Criteria:
        self.unknown_keys((), data, TOP_KEYS, "the criteria file")
        review = self.table(("review",), data.get("review", {}), "[review]")
        self.unknown_keys(("review",), review, REVIEW_KEYS, "[review]")
        question = review.get("question", "")
        if not isinstance(question, str):
            self.report(("review", "question"), "question must be a string")
            question = ""
        rules = data.get("rule", [])
        if not isinstance(rules, list):
            self.report(("rule",), "rules are written as [[rule]] tables")
            rules = []
        built = [self.rule(n, table) for n, table in enumerate(rules)]
        include, exclude = self.highlight(data.get("highlight", {}))
        return Criteria(
            rules=tuple(r for r in built if r is not None),
            question=question,
            reasons=self.reasons(data.get("reasons", {})),
            highlight_include=include,
            highlight_exclude=exclude,
            path=self.file,
        )

    def highlight(self, value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
        table = self.table(("highlight",), value, "[highlight]")
        self.unknown_keys(("highlight",), table, HIGHLIGHT_KEYS, "[highlight]")
        lists = []
        for key in HIGHLIGHT_KEYS:
            entries = self.strings(("highlight", key), table.get(key, []), f"highlight {key}") or []
            for n, entry in enumerate(entries):
                try:
                    highlight_term(entry)
                except TermError as err:
                    self.report(("highlight", key, n), f"highlight {key}: {err}")
            lists.append(tuple(entries))
        return lists[0], lists[1]

    def reasons(self, value: Any) -> dict[str, str]:
        table = self.table(("reasons",), value, "[reasons]")
        reasons = {}
        for key, text in table.items():
            if not ID.fullmatch(key):
                self.report(
                    ("reasons", key), f"reason key {key!r} must be letters, digits, '-', '_' or '.'"
                )
            elif not isinstance(text, str) or not text.strip():
                self.report(("reasons", key), f"reason '{key}' needs a description")
            else:
                reasons[key] = text
        return reasons


def _syntax_problem(err: tomllib.TOMLDecodeError, file: str) -> Problem:
    message = str(err)
    line, column = getattr(err, "lineno", None), getattr(err, "colno", None)
    position = _TOML_POSITION.search(message)
    if position:
        message = message[: position.start()]
        line, column = int(position.group(1)), int(position.group(2))
    return Problem(file, line or 1, f"TOML syntax: {message}", column=column)


def check_criteria_text(
    text: str, path: str = "criteria.toml"
) -> tuple[Criteria | None, list[Problem]]:
    """The criteria in `text` (None when there are problems) and every problem, by line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [_syntax_problem(err, path)]
    except RecursionError:
        return None, [Problem(path, 1, "TOML nested too deeply to read (tables within tables)")]
    checker = _Checker(text, path)
    criteria = checker.criteria(data)
    problems = sorted(checker.problems, key=lambda p: p.line)
    return (None if problems else criteria), problems


def parse_criteria(text: str, path: str = "criteria.toml") -> Criteria:
    """The criteria in `text`; raises CriteriaError for the first problem (by line)."""
    criteria, problems = check_criteria_text(text, path)
    if criteria is None:
        raise CriteriaError(problems[0])
    return criteria


def read_criteria_text(path: str | Path) -> str:
    """The text of a criteria file; CriteriaError when it cannot be read or is not UTF-8."""
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise CriteriaError(
            Problem(str(path), 0, f"cannot read criteria file: {err.strerror}")
        ) from err
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise CriteriaError(Problem(str(path), line, "criteria file is not UTF-8 text")) from err


def load_criteria(path: str | Path) -> Criteria:
    """The criteria in a file; raises CriteriaError (a ScreenerError) for the first problem."""
    return parse_criteria(read_criteria_text(path), str(path))


def validate_criteria(path: str | Path) -> list[Problem]:
    """Every problem in a criteria file, in line order; empty when it is fine."""
    try:
        text = read_criteria_text(path)
    except CriteriaError as err:
        return [err.problem]
    return check_criteria_text(text, str(path))[1]
