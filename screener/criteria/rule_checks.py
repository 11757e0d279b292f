"""Checking and building the rules of a criteria file, kind by kind.

Every problem is reported with the place it is at (rule, key, list item), and the checks go
on so that `validate_criteria` lists them all; a rule with a problem is not built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from screener.criteria.conditions import (
    HAS_FIELDS,
    AllCondition,
    AnyCondition,
    Condition,
    HasCondition,
    LanguageCondition,
    PubTypeCondition,
    QueryCondition,
    YearCondition,
)
from screener.criteria.problems import Reporter, TomlPath, quoted
from screener.criteria.query_parser import FIELD_ALIASES, QUERY_FIELDS, QuerySyntaxError, parse
from screener.criteria.rules import ACTIONS, MISSING_POLICIES, Rule
from screener.errors import suggest
from screener.model import PUB_TYPES
from screener.normalize import normalize_language

RULE_KEYS: tuple[str, ...] = ("id", "kind", "action", "missing", "reason")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "year": ("min", "max"),
    "language": ("allow", "deny"),
    "pub_type": ("allow", "deny"),
    "query": ("query", "fields"),
    "has": ("field", "fields"),
    "any": ("rules",),
    "all": ("rules",),
}
KINDS: tuple[str, ...] = tuple(KIND_KEYS)
_ANY_KIND_KEY = frozenset(k for keys in KIND_KEYS.values() for k in keys)
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


class RuleChecker(Reporter):
    """Builds rules and their conditions from tomllib tables, reporting problems."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text, file)
        self.rule_lines: dict[str, int] = {}

    def rule(self, n: int, value: Any) -> Rule | None:
        path: TomlPath = ("rule", n)
        table = self.table(path, value, f"rule {n + 1}")
        name = f"rule {n + 1}"
        rule_id = table.get("id")
        if rule_id is None:
            self.report(path, f"{name} has no id")
        elif not isinstance(rule_id, str) or not ID.fullmatch(rule_id):
            self.report(
                (*path, "id"), f"rule id {rule_id!r} must be letters, digits, '-', '_' or '.'"
            )
        elif rule_id in self.rule_lines:
            first = self.rule_lines[rule_id]
            self.report(
                (*path, "id"), f"duplicate rule id '{rule_id}' (first used on line {first})"
            )
        else:
            self.rule_lines[rule_id] = self.locator.line((*path, "id"))
            name = f"rule '{rule_id}'"
        action = self.choice(path, table, "action", ACTIONS, "exclude", name)
        missing = self.choice(path, table, "missing", MISSING_POLICIES, "keep", name)
        reason = table.get("reason", "")
        if not isinstance(reason, str):
            self.report((*path, "reason"), f"reason of {name} must be a string")
        if table.get("kind") == "has" and "missing" in table:
            self.report(
                (*path, "missing"),
                f"'missing' does not apply to a has rule ({name}): it tests presence",
            )
        condition = self.condition(path, table, name, sub=False)
        if condition is None or not isinstance(rule_id, str) or not isinstance(reason, str):
            return None
        return Rule(rule_id, condition, action, missing, reason, self.locator.line(path))

    def condition(
        self, path: TomlPath, table: dict[str, Any], name: str, *, sub: bool
    ) -> Condition | None:
        kind = table.get("kind")
        if kind is None:
            self.report(path, f"{name} has no kind ({quoted(KINDS)})")
            return None
        if kind not in KIND_KEYS:
            self.report((*path, "kind"), f"unknown kind {kind!r} in {name}{suggest(kind, KINDS)}")
            return None
        allowed = ("kind", *KIND_KEYS[kind]) if sub else (*RULE_KEYS, *KIND_KEYS[kind])
        for key in table:
            if key in allowed:
                continue
            if sub and key in RULE_KEYS:
                message = f"'{key}' belongs on the group rule, not on its sub-rules ({name})"
            elif key in _ANY_KIND_KEY:
                message = f"'{key}' does not apply to a {kind} rule ({name})"
            else:
                message = f"unknown key '{key}' in {name}{suggest(key, allowed)}"
            self.report((*path, key), message)
        build = getattr(self, f"kind_{kind}")
        return build(path, table, name)

    def kind_year(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        bounds = {}
        for key in ("min", "max"):
            value = table.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self.report((*path, key), f"{key} of {name} must be a year, like 1990")
                return None
            bounds[key] = value
        if bounds["min"] is None and bounds["max"] is None:
            self.report(path, f"{name} needs min or max")
            return None
        if (
            bounds["min"] is not None
            and bounds["max"] is not None
            and bounds["min"] > bounds["max"]
        ):
            self.report((*path, "max"), f"max of {name} is before its min")
            return None
        return YearCondition(bounds["min"], bounds["max"])

    def allow_deny(
        self, path: TomlPath, table: dict[str, Any], name: str, check: Callable[[str], str]
    ) -> tuple[frozenset[str], frozenset[str]] | None:
        present = [key for key in ("allow", "deny") if key in table]
        if len(present) != 1:
            where = path if not present else (*path, present[1])
            self.report(where, f"{name} needs allow or deny (one of them)")
            return None
        key = present[0]
        what = f"{key} of {name}"

        def problem(value: str) -> str:
            message = check(value)
            return f"{message} in {what}" if message else ""

        values = self.checked_strings((*path, key), table[key], what, problem)
        if values is None:
            return None
        chosen = frozenset(values)
        return (chosen, frozenset()) if key == "allow" else (frozenset(), chosen)

    def kind_language(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        sets = self.allow_deny(path, table, name, _language_problem)
        return LanguageCondition(*sets) if sets else None

    def kind_pub_type(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        def problem(value: str) -> str:
            if value in PUB_TYPES:
                return ""
            return f"unknown publication type {value!r}{suggest(value, PUB_TYPES)}"

        sets = self.allow_deny(path, table, name, problem)
        return PubTypeCondition(*sets) if sets else None

    def kind_query(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        query = table.get("query")
        if not isinstance(query, str):
            self.report(path if query is None else (*path, "query"), f"{name} needs a query string")
            return None
        fields = self.fields(
            path, table, "fields", name, tuple(FIELD_ALIASES), default=QUERY_FIELDS
        )
        try:
            tree = parse(query)
        except QuerySyntaxError as err:
            self.report(
                (*path, "query"),
                f"bad query in {name}: {err.message}, at column {err.column} of the query",
                pointer=err.pointer(),
            )
            return None
        if fields is None:
            return None
        canonical = tuple(f for f in QUERY_FIELDS if f in {FIELD_ALIASES[x] for x in fields})
        return QueryCondition(query, tree, canonical)

    def kind_has(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        if ("field" in table) == ("fields" in table):
            self.report(path, f'{name} needs field = "..." or fields = [...] (one of them)')
            return None
        if "field" in table:
            table = {
                "fields": [table["field"]] if isinstance(table["field"], str) else table["field"]
            }
        fields = self.fields(path, table, "fields", name, HAS_FIELDS, default=())
        return HasCondition(tuple(fields)) if fields else None

    def fields(
        self,
        path: TomlPath,
        table: dict[str, Any],
        key: str,
        name: str,
        choices: tuple[str, ...],
        default: tuple[str, ...],
    ) -> tuple[str, ...] | None:
        if key not in table:
            return default
        shown = [c for c in choices if c not in ("ti", "ab", "kw")]

        def problem(value: str) -> str:
            if value in choices:
                return ""
            return f"unknown field {value!r} in {name}{suggest(value, shown)}"

        values = self.checked_strings((*path, key), table[key], f"{key} of {name}", problem)
        return None if values is None else tuple(values)

    def kind_any(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        parts = self.parts(path, table, name)
        return AnyCondition(parts) if parts else None

    def kind_all(self, path: TomlPath, table: dict[str, Any], name: str) -> Condition | None:
        parts = self.parts(path, table, name)
        return AllCondition(parts) if parts else None

    def parts(
        self, path: TomlPath, table: dict[str, Any], name: str
    ) -> tuple[Condition, ...] | None:
        rules = table.get("rules")
        if not isinstance(rules, list) or not rules:
            where = path if rules is None else (*path, "rules")
            self.report(where, f"{name} needs rules = [ {{ kind = ... }}, ... ] (sub-rules)")
            return None
        if _group_depth(path) > MAX_GROUP_NESTING:
            self.report(path, f"{name}: groups nested more than {MAX_GROUP_NESTING} levels deep")
            return None
        parts = []
        for n, sub in enumerate(rules):
            sub_path = (*path, "rules", n)
            sub_name = f"{name}, sub-rule {n + 1}"
            if not isinstance(sub, dict):
                self.report(sub_path, f"{sub_name} must be an inline table {{ kind = ... }}")
                continue
            parts.append(self.condition(sub_path, sub, sub_name, sub=True))
        if len(parts) != len(rules) or any(p is None for p in parts):
            return None
        return tuple(p for p in parts if p is not None)


# any / all groups inside groups: deeper than any protocol needs, far from the recursion limit
MAX_GROUP_NESTING = 20


def _group_depth(path: TomlPath) -> int:
    return sum(1 for part in path if part == "rules")


def _language_problem(value: str) -> str:
    if _LANGUAGE_CODE.fullmatch(value):
        return ""
    guess = value.lower() if _LANGUAGE_CODE.fullmatch(value.lower()) else normalize_language(value)
    close = guess != value and _LANGUAGE_CODE.fullmatch(guess)
    hint = f" (did you mean '{guess}'?)" if close else ""
    return f"{value!r} is not an ISO 639-1 language code, like 'en'{hint}"
