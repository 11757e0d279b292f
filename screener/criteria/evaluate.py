"""Running criteria on a record: the outcome, and rule by rule why.

A rule states what an eligible record satisfies. A rule that fails applies its action; a
rule that is unknown (its fields are all missing) applies its `missing` policy, where "keep"
means no effect. The outcome is "exclude" when any rule's effect is exclude, else "flag"
when any is flag, else "pass". The deciding rule is the first with effect exclude, else the
first with effect flag.

`evaluate` keeps the per-record cost low: per-rule results are built only when asked for;
`explain=True` adds what each rule found (details, matched terms with spans, group parts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.criteria.conditions import (
    FAIL,
    PASS,
    UNKNOWN,
    Condition,
    GroupCondition,
    QueryCondition,
)
from screener.criteria.query_eval import Doc, Match
from screener.model import Record

if TYPE_CHECKING:
    from screener.criteria.rules import Rule

OUTCOMES: tuple[str, ...] = ("pass", "flag", "exclude")
# Combinations of rule states remembered with their verdicts (3 ** rules at most).
_VERDICT_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule on one record.

    `result` is "pass", "fail" or "unknown"; `effect` what it does to the outcome ("exclude",
    "flag" or None); `reason` the rule's reason, or what it requires when it gives none.
    With explain: `detail` says what the rule found, `matches` the query terms found,
    `parts` the results of a group's sub-rules (ids "group.1", "group.2", ...).
    """

    id: str
    kind: str
    result: str
    action: str
    effect: str | None
    reason: str
    detail: str = ""
    matches: tuple[Match, ...] = ()
    parts: tuple[RuleResult, ...] = ()


class Evaluation:
    """The criteria's verdict on one record: `outcome`, `failed_rule` and `results`."""

    __slots__ = ("_decider", "_results", "_rules", "_states", "outcome")

    def __init__(
        self,
        outcome: str,
        decider: int,
        rules: Sequence[Rule],
        states: list[str],
        results: list[RuleResult] | None = None,
    ) -> None:
        self.outcome = outcome
        self._decider = decider
        self._rules = rules
        self._states = states
        self._results = results

    @property
    def results(self) -> list[RuleResult]:
        """Every rule's result, in the order of the criteria file."""
        if self._results is None:
            self._results = [_result(r, s) for r, s in zip(self._rules, self._states, strict=True)]
        return self._results

    @property
    def failed_rule(self) -> RuleResult | None:
        """The rule that decided the outcome; None when the record passes."""
        if self._decider < 0:
            return None
        return self.results[self._decider]

    def __repr__(self) -> str:
        return f"Evaluation(outcome={self.outcome!r}, states={self._states!r})"


def effect_of(rule: Rule, state: str) -> str | None:
    """What a rule's result does to the outcome."""
    if state == PASS:
        return None
    if state == FAIL:
        return rule.action
    return None if rule.missing == "keep" else rule.missing


def _result(rule: Rule, state: str) -> RuleResult:
    return RuleResult(
        rule.id, rule.kind, state, rule.action, effect_of(rule, state), rule.describe()
    )


class Engine:
    """Criteria rules compiled for evaluation, sharing one `Doc` per record."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.checks = tuple(rule.condition.checker() for rule in rules)
        # Each rule's effect by its state, PASS included, so that no state needs a branch.
        self.effects = tuple(
            {PASS: None, FAIL: effect_of(rule, FAIL), UNKNOWN: effect_of(rule, UNKNOWN)}
            for rule in rules
        )
        # The verdict depends on the states alone, and records share a few combinations.
        self._verdicts: dict[tuple[str, ...], tuple[str, int]] = {}

    def evaluate(self, record: Record, *, explain: bool = False) -> Evaluation:
        """The record's outcome under the rules (see the module docstring)."""
        doc = Doc(record)
        states = [check(record, doc) for check in self.checks]
        key = tuple(states)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdict(states)
            if len(self._verdicts) < _VERDICT_CACHE_SIZE:
                self._verdicts[key] = verdict
        outcome, decider = verdict
        results = None
        if explain:
            results = [
                _explained(r, s, record, doc) for r, s in zip(self.rules, states, strict=True)
            ]
        return Evaluation(outcome, decider, self.rules, states, results)

    def _verdict(self, states: list[str]) -> tuple[str, int]:
        """The outcome and the index of the deciding rule (-1 when the record passes)."""
        flag_at = -1
        for n, state in enumerate(states):
            effect = self.effects[n][state]
            if effect == "exclude":
                return "exclude", n
            if effect == "flag" and flag_at < 0:
                flag_at = n
        return ("flag", flag_at) if flag_at >= 0 else ("pass", -1)


def _explained(rule: Rule, state: str, record: Record, doc: Doc) -> RuleResult:
    base = _result(rule, state)
    return RuleResult(
        base.id,
        base.kind,
        base.result,
        base.action,
        base.effect,
        base.reason,
        detail=rule.condition.detail(record),
        matches=_matches(rule.condition, record),
        parts=_parts(rule.id, rule.action, rule.condition, record, doc),
    )


def _matches(condition: Condition, record: Record) -> tuple[Match, ...]:
    if isinstance(condition, QueryCondition):
        return tuple(condition.compiled.matches(record))
    return ()


def _parts(
    prefix: str, action: str, condition: Condition, record: Record, doc: Doc
) -> tuple[RuleResult, ...]:
    if not isinstance(condition, GroupCondition):
        return ()
    return tuple(
        RuleResult(
            f"{prefix}.{n}",
            part.kind,
            part.check(record, doc),
            action,
            None,
            part.describe(),
            detail=part.detail(record),
            matches=_matches(part, record),
            parts=_parts(f"{prefix}.{n}", action, part, record, doc),
        )
        for n, part in enumerate(condition.parts, start=1)
    )
