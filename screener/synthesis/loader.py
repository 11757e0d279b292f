"""Reading coding frames (coding.toml), and reporting every problem with its file and line.

`load_frame(path)` returns a `Frame` or raises `FrameError` for the first problem;
`validate_frame(path)` returns all problems, in line order, for `screener code validate`.
Problems are found and worded as in the criteria file (see criteria/loader.py): the file and
line of each, and "did you mean" for a near miss.

The shape of the file (see the templates in criteria/coding/ for whole frames):

    [[question]]
    id = "technologies"            # unique; letters, digits, '-', '_', '.'
    text = "How do perpetrators use specific technologies?"

    [[field]]
    id = "design"                  # unique, like question ids
    kind = "one_of"                # one_of | many_of | yes_no | number | text | quote | appraisal
    label = "Study design"
    help = "The design the authors report."
    question = ["technologies"]    # optional: the question(s) the field helps answer
    options = ["survey", "interviews", "case file analysis"]   # one_of, many_of, appraisal

    [[field]]
    id = "sample_size"
    kind = "number"
    label = "Sample size"
    unit = "participants"          # number: its unit (required), and optional min, max
    min = 1
"""

from __future__ import annotations

import hashlib
import math
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from screener.criteria.loader import _syntax_problem
from screener.criteria.problems import Problem, Reporter, TomlPath, quoted
from screener.criteria.rule_checks import ID
from screener.errors import ScreenerError, suggest
from screener.formats.csv_layouts import EXPORT_COLUMNS
from screener.synthesis.frame import (
    FIELD_KINDS,
    MANY_SEPARATOR,
    CodingField,
    FieldKind,
    Frame,
    Question,
)

TOP_KEYS: tuple[str, ...] = ("question", "field")
QUESTION_KEYS: tuple[str, ...] = ("id", "text")
FIELD_KEYS: tuple[str, ...] = ("id", "kind", "label", "help", "question")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "one_of": ("options",),
    "many_of": ("options",),
    "yes_no": (),
    "number": ("unit", "min", "max"),
    "text": (),
    "quote": (),
    "appraisal": ("options",),
}
_ANY_KIND_KEY = frozenset(key for keys in KIND_KEYS.values() for key in keys)
# Columns an export or evidence table has already (the record's own fields, the decisions'
# columns): a field of the same id would clash with one of them.
RESERVED_FIELD_IDS: frozenset[str] = frozenset(
    {
        *EXPORT_COLUMNS,
        *("record", "citation", "stage", "reason", "reviewers", "verdicts", "notes"),
        *("criteria_rules", "duplicate_of", "duplicate_of_key"),
    }
)


class FrameError(ScreenerError):
    """A coding frame that cannot be used; `problem` is the first problem found."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(
            problem.message, file=problem.file, line=problem.line or None, column=problem.column
        )
        self.problem = problem


class _Checker(Reporter):
    """Builds a Frame from tomllib data, recording problems instead of stopping."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text, file)
        self.question_lines: dict[str, int] = {}
        self.field_lines: dict[str, int] = {}

    def frame(self, data: dict[str, Any], sha256: str) -> Frame:
        for key, value in data.items():
            if key not in TOP_KEYS:
                # a misspelt [[feild]] is found at its own header, not at line 1
                where: TomlPath = (key, 0) if isinstance(value, list) and value else (key,)
                self.report(
                    where, f"unknown key '{key}' in the coding frame{suggest(key, TOP_KEYS)}"
                )
        questions = [self.question(n, t) for n, t in enumerate(self.tables(data, "question"))]
        fields = [self.field(n, t) for n, t in enumerate(self.tables(data, "field"))]
        return Frame(
            questions=tuple(q for q in questions if q is not None),
            fields=tuple(f for f in fields if f is not None),
            path=self.file,
            sha256=sha256,
        )

    def tables(self, data: dict[str, Any], name: str) -> list[Any]:
        value = data.get(name, [])
        if isinstance(value, list):
            return value
        self.report((name,), f"{name}s are written as [[{name}]] tables")
        return []

    def identifier(
        self, path: TomlPath, table: dict[str, Any], what: str, seen: dict[str, int]
    ) -> str | None:
        """The table's id if it is well formed and new, else None (with the problem)."""
        value = table.get("id")
        if value is None:
            self.report(path, f"{what} has no id")
            return None
        if not isinstance(value, str) or not ID.fullmatch(value):
            self.report(
                (*path, "id"), f"{what} id {value!r} must be letters, digits, '-', '_' or '.'"
            )
            return None
        # Ids that differ only in case are one column to a spreadsheet and one to a reader.
        clash = next((known for known in seen if known.casefold() == value.casefold()), None)
        if clash is not None:
            first = f"first used on line {seen[clash]}"
            if clash != value:
                first = f"'{clash}' on line {seen[clash]} differs only in case"
            self.report((*path, "id"), f"duplicate {what} id '{value}' ({first})")
            return None
        seen[value] = self.locator.line((*path, "id"))
        return value

    def text(self, path: TomlPath, table: dict[str, Any], key: str, name: str) -> str | None:
        value = table.get(key, "")
        if isinstance(value, str):
            return value
        self.report((*path, key), f"{key} of {name} must be a string")
        return None

    def question(self, n: int, value: Any) -> Question | None:
        path: TomlPath = ("question", n)
        table = self.table(path, value, f"question {n + 1}")
        self.unknown_keys(path, table, QUESTION_KEYS, f"question {n + 1}")
        question_id = self.identifier(path, table, "question", self.question_lines)
        name = _name("question", n, table.get("id"))
        text = self.text(path, table, "text", name)
        if text is not None and not text.strip():
            self.report(path, f"{name} has no text")
            text = None
        if question_id is None or text is None:
            return None
        return Question(question_id, text, self.locator.line(path))

    def field(self, n: int, value: Any) -> CodingField | None:
        path: TomlPath = ("field", n)
        table = self.table(path, value, f"field {n + 1}")
        field_id = self.identifier(path, table, "field", self.field_lines)
        if field_id in RESERVED_FIELD_IDS:
            self.report(
                (*path, "id"),
                f"field id '{field_id}' is a column every export has already; choose another",
            )
            field_id = None
        name = _name("field", n, table.get("id"))
        kind = self.kind(path, table, name)
        self.field_keys(path, table, kind, name)
        label = self.text(path, table, "label", name)
        if label is not None and not label.strip():
            self.report(path if "label" not in table else (*path, "label"), f"{name} has no label")
            label = None
        help_text = self.text(path, table, "help", name)
        questions = self.question_refs(path, table, name)
        if kind is None:
            return None
        built = getattr(self, f"kind_{kind.value}")(path, table, name)
        if None in (field_id, label, help_text, questions, built):
            return None
        assert field_id is not None and label is not None and help_text is not None
        return CodingField(
            id=field_id,
            kind=kind,
            label=label,
            help=help_text,
            questions=tuple(questions or ()),
            line=self.locator.line(path),
            **built,
        )

    def kind(self, path: TomlPath, table: dict[str, Any], name: str) -> FieldKind | None:
        kind = table.get("kind")
        if kind is None:
            self.report(path, f"{name} has no kind ({quoted(FIELD_KINDS)})")
            return None
        if kind not in FIELD_KINDS:
            hint = suggest(kind, FIELD_KINDS) or f" (one of {', '.join(FIELD_KINDS)})"
            self.report((*path, "kind"), f"unknown kind {kind!r} in {name}{hint}")
            return None
        return FieldKind(kind)

    def field_keys(
        self, path: TomlPath, table: dict[str, Any], kind: FieldKind | None, name: str
    ) -> None:
        allowed = (*FIELD_KEYS, *(KIND_KEYS[kind.value] if kind else _ANY_KIND_KEY))
        for key in table:
            if key in allowed:
                continue
            if key in _ANY_KIND_KEY and kind is not None:
                message = f"'{key}' does not apply to a {kind.value} field ({name})"
            else:
                message = f"unknown key '{key}' in {name}{suggest(key, allowed)}"
            self.report((*path, key), message)

    def question_refs(self, path: TomlPath, table: dict[str, Any], name: str) -> list[str] | None:
        """The ids in `question` (a string or a list), each naming a question of the file."""
        value = table.get("question", [])
        refs = [value] if isinstance(value, str) else value
        where = (*path, "question")
        if self.strings(where, refs, f"question of {name}") is None:
            return None
        good = True
        for n, ref in enumerate(refs):
            if ref not in self.question_lines:
                known = tuple(self.question_lines)
                hint = suggest(ref, known) or (
                    f" (questions: {', '.join(known)})" if known else " (the file has none)"
                )
                spot = where if isinstance(value, str) else (*where, n)
                self.report(spot, f"{name} names an unknown question '{ref}'{hint}")
                good = False
        return refs if good else None

    def options(self, path: TomlPath, table: dict[str, Any], name: str) -> dict[str, Any] | None:
        where = (*path, "options")
        if "options" not in table:
            self.report(path, f"{name} needs options = [...], the values a coder picks from")
            return None
        if table["options"] == []:
            self.report(where, f"{name} has no options: list the values a coder picks from")
            return None
        seen: set[str] = set()

        def problem(option: str) -> str:
            if not option.strip():
                return f"an empty option in {name}"
            if option.casefold() in seen:
                return f"option '{option}' is listed twice in {name}"
            seen.add(option.casefold())
            if MANY_SEPARATOR in option and table.get("kind") == "many_of":
                return f"option '{option}' of {name} has a ';', which separates many_of options"
            return ""

        values = self.checked_strings(where, table["options"], f"options of {name}", problem)
        return None if values is None else {"options": tuple(values)}

    def kind_one_of(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return self.options(path, table, name)

    def kind_many_of(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return self.options(path, table, name)

    def kind_appraisal(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return self.options(path, table, name)

    def kind_yes_no(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return {}

    def kind_text(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return {}

    def kind_quote(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        return {}

    def kind_number(self, path: TomlPath, table: dict[str, Any], name: str) -> dict | None:
        unit = table.get("unit")
        if not isinstance(unit, str) or not unit.strip():
            where = path if unit is None else (*path, "unit")
            self.report(where, f'{name} needs unit = "..." (what is counted or measured)')
            return None
        bounds: dict[str, float | None] = {}
        for key in ("min", "max"):
            value = table.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                self.report((*path, key), f"{key} of {name} must be a number")
                return None
            if value is not None and not math.isfinite(value):
                # nan compares false with every number: nothing would be enforced
                self.report((*path, key), f"{key} of {name} must be a finite number")
                return None
            bounds[key] = value
        low, high = bounds["min"], bounds["max"]
        if low is not None and high is not None and low > high:
            self.report((*path, "max"), f"max of {name} is below its min")
            return None
        return {"unit": unit, "minimum": low, "maximum": high}


def _name(what: str, n: int, given: object) -> str:
    """How messages name a question or field: by its id when it has a usable one (a
    duplicate too), else by its place in the file."""
    if isinstance(given, str) and ID.fullmatch(given):
        return f"{what} '{given}'"
    return f"{what} {n + 1}"


def check_frame_text(text: str, path: str = "coding.toml") -> tuple[Frame | None, list[Problem]]:
    """The frame in `text` (None when there are problems) and every problem, by line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [_syntax_problem(err, path)]
    except RecursionError:
        return None, [Problem(path, 1, "TOML nested too deeply to read (tables within tables)")]
    checker = _Checker(text, path)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    frame = checker.frame(data, sha256)
    problems = sorted(checker.problems, key=lambda p: p.line)
    return (None if problems else frame), problems


def parse_frame(text: str, path: str = "coding.toml") -> Frame:
    """The frame in `text`; raises FrameError for the first problem (by line)."""
    frame, problems = check_frame_text(text, path)
    if frame is None:
        raise FrameError(problems[0])
    return frame


def read_frame_text(path: str | Path) -> str:
    """The text of a coding frame; FrameError when it cannot be read or is not UTF-8."""
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FrameError(
            Problem(
                str(path),
                0,
                "no coding frame (copy one: screener init --template, or write coding.toml)",
            )
        ) from None
    except IsADirectoryError:
        raise FrameError(Problem(str(path), 0, "is a folder, not a coding frame file")) from None
    except OSError as err:
        raise FrameError(
            Problem(str(path), 0, f"cannot read the coding frame: {err.strerror}")
        ) from err
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise FrameError(Problem(str(path), line, "the coding frame is not UTF-8 text")) from err


def load_frame(path: str | Path) -> Frame:
    """The frame in a file; raises FrameError (a ScreenerError) for the first problem."""
    return parse_frame(read_frame_text(path), str(path))


def validate_frame(path: str | Path) -> list[Problem]:
    """Every problem in a coding frame, in line order; empty when it is fine."""
    try:
        text = read_frame_text(path)
    except FrameError as err:
        return [err.problem]
    return check_frame_text(text, str(path))[1]
