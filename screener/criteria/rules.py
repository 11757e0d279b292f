"""The criteria of a review: its question, rules, highlight terms and exclusion reasons.

A `Criteria` is what a criteria file (criteria.toml) describes; `loader` builds one from the
file and reports every problem with its line. `Criteria.evaluate(record)` gives the record's
outcome ("pass", "flag" or "exclude") and, rule by rule, why (see `evaluate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from screener.criteria.conditions import Condition
from screener.criteria.evaluate import Engine, Evaluation
from screener.model import Record

ACTIONS: tuple[str, ...] = ("exclude", "flag")
MISSING_POLICIES: tuple[str, ...] = ("keep", "exclude", "flag")


@dataclass(frozen=True)
class Rule:
    """One rule: a condition that eligible records satisfy, and what failing it does.

    `action` applies when the record fails; `missing` when the fields the rule reads are all
    missing ("keep": no effect). `line` is where the rule starts in its file (0 if none).
    """

    id: str
    condition: Condition
    action: str = "exclude"
    missing: str = "keep"
    reason: str = ""
    line: int = 0

    @property
    def kind(self) -> str:
        return self.condition.kind

    def describe(self) -> str:
        """The rule's reason, or what it requires when it gives none."""
        return self.reason or self.condition.describe()


@dataclass(frozen=True)
class Criteria:
    """A review's inclusion criteria, compiled once for fast evaluation."""

    rules: tuple[Rule, ...] = ()
    question: str = ""
    reasons: Mapping[str, str] = field(default_factory=dict)
    highlight_include: tuple[str, ...] = ()
    highlight_exclude: tuple[str, ...] = ()
    path: str = ""
    _engine: Engine = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_engine", Engine(self.rules))

    def evaluate(self, record: Record, *, explain: bool = False) -> Evaluation:
        """The record's outcome and per-rule results; with `explain`, what each rule found."""
        return self._engine.evaluate(record, explain=explain)

    def explain(self, record: Record) -> Evaluation:
        """`evaluate(record, explain=True)`: for `screener criteria explain`."""
        return self._engine.evaluate(record, explain=True)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError when there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
