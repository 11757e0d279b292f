"""The kinds of rule: what an eligible record satisfies, tested on one record.

Each condition answers PASS, FAIL or UNKNOWN (the fields it reads are all missing), and can
say in words what it requires (`describe`) and what it found (`detail`).

- year: `min` and/or `max`, inclusive.
- language: `allow` (pass when any of the record's languages is allowed) or `deny` (fail when
  all of them are denied); ISO 639-1 codes. A record may list several ("en; fr").
- pub_type: `allow` or `deny`, from `screener.model.PUB_TYPES`.
- query: a boolean query (see `query_parser`) over `fields`, run over those present.
- has: the record has every field named (`field` or `fields`); never unknown.
- any / all: sub-conditions combined in three-valued logic: `any` passes when one passes,
  fails when all fail, else is unknown; `all` fails when one fails, passes when all pass,
  else is unknown.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from screener.criteria.query_eval import CompiledQuery, Doc, Scope
from screener.criteria.query_parser import Node, render
from screener.model import BIBLIOGRAPHIC_FIELDS, Record
from screener.normalize import normalize_language, normalize_pub_type

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
# Record fields a `has` rule can test: what a record reports, not where it was found.
HAS_FIELDS: tuple[str, ...] = tuple(
    name for name in BIBLIOGRAPHIC_FIELDS if name not in ("database", "accession")
)
_LANGUAGE_SPLIT = re.compile(r"[;,/|]")
_CACHE_SIZE = 10_000


def _listing(values: frozenset[str]) -> str:
    items = sorted(values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class Condition(ABC):
    """What an eligible record satisfies, for one kind of rule."""

    kind: ClassVar[str]

    @abstractmethod
    def check(self, record: Record, doc: Doc) -> str:
        """PASS, FAIL or UNKNOWN for one record."""

    @abstractmethod
    def describe(self) -> str:
        """What the condition requires, in a reviewer's words."""

    def detail(self, record: Record) -> str:
        """What the condition found on the record, for explanations."""
        return ""

    def reads_text(self) -> bool:
        """Whether checking searches text (costly) rather than comparing a field (cheap)."""
        return False

    def checker(self) -> Callable[[Record, Doc], str]:
        """`check` as the fastest callable there is, for the loops of evaluation."""
        return self.check


@dataclass(frozen=True)
class YearCondition(Condition):
    minimum: int | None = None
    maximum: int | None = None
    kind: ClassVar[str] = "year"

    def check(self, record: Record, doc: Doc) -> str:
        year = record.year
        if year is None:
            return UNKNOWN
        if self.minimum is not None and year < self.minimum:
            return FAIL
        if self.maximum is not None and year > self.maximum:
            return FAIL
        return PASS

    def describe(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"published {self.minimum}–{self.maximum}"
        if self.minimum is not None:
            return f"published in {self.minimum} or later"
        return f"published in {self.maximum} or earlier"

    def detail(self, record: Record) -> str:
        return "no year" if record.year is None else f"year {record.year}"


def record_languages(record: Record) -> frozenset[str]:
    """The record's languages as codes: "English; fr" -> {"en", "fr"} once normalised."""
    parts = _LANGUAGE_SPLIT.split(record.language)
    return frozenset(code for p in parts if (code := normalize_language(p)))


@dataclass(frozen=True)
class _ValueCondition(Condition):
    """A condition on one field, allowing or denying values of it: records share a handful
    of its values, each judged once."""

    allow: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()
    judged: ClassVar[str]  # the Record field judged
    _seen: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def check(self, record: Record, doc: Doc) -> str:
        value = getattr(record, self.judged)
        state = self._seen.get(value)
        if state is None:
            state = self._judge(record)
            if len(self._seen) < _CACHE_SIZE:
                self._seen[value] = state
        return state

    @abstractmethod
    def _judge(self, record: Record) -> str:
        """PASS, FAIL or UNKNOWN for the record's value."""


@dataclass(frozen=True)
class LanguageCondition(_ValueCondition):
    kind: ClassVar[str] = "language"
    judged: ClassVar[str] = "language"

    def _judge(self, record: Record) -> str:
        codes = record_languages(record)
        if not codes:
            return UNKNOWN
        if self.allow:
            return PASS if codes & self.allow else FAIL
        return FAIL if codes <= self.deny else PASS

    def describe(self) -> str:
        if self.allow:
            return "language " + _listing(self.allow)
        return "language not " + _listing(self.deny)

    def detail(self, record: Record) -> str:
        return f"language {record.language!r}" if record.language else "no language"


@dataclass(frozen=True)
class PubTypeCondition(_ValueCondition):
    kind: ClassVar[str] = "pub_type"
    judged: ClassVar[str] = "pub_type"

    def _judge(self, record: Record) -> str:
        pub_type = normalize_pub_type(record.pub_type)
        if not pub_type:
            return UNKNOWN
        if self.allow:
            return PASS if pub_type in self.allow else FAIL
        return FAIL if pub_type in self.deny else PASS

    def describe(self) -> str:
        if self.allow:
            return "publication type " + _listing(self.allow)
        return "publication type not " + _listing(self.deny)

    def detail(self, record: Record) -> str:
        return f"type {record.pub_type!r}" if record.pub_type else "no publication type"


@dataclass(frozen=True)
class QueryCondition(Condition):
    query: str
    tree: Node
    fields: Scope
    compiled: CompiledQuery = field(init=False, compare=False, repr=False)
    kind: ClassVar[str] = "query"
    # `check` in one generated function: no method call, no loop over the fields.
    _check: Callable[[Record, Doc], str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        compiled = CompiledQuery(self.tree, self.fields)
        object.__setattr__(self, "compiled", compiled)
        object.__setattr__(self, "_check", compiled.checker(PASS, FAIL, UNKNOWN))

    def check(self, record: Record, doc: Doc) -> str:
        return self._check(record, doc)

    def checker(self) -> Callable[[Record, Doc], str]:
        return self._check

    def reads_text(self) -> bool:
        return True

    def describe(self) -> str:
        return f"matches {render(self.tree)}"

    def detail(self, record: Record) -> str:
        present = [f for f in self.compiled.fields if getattr(record, f)]
        if not present:
            return "no " + " or ".join(self.compiled.fields)
        return "searched " + ", ".join(present)


def has_field(record: Record, name: str) -> bool:
    """Whether the record has a value for the field ("" , () and None mean absent)."""
    value = getattr(record, name)
    if isinstance(value, str):
        # Not strip(): that copies a whole abstract to find its first letter.
        return value != "" and not value.isspace()
    return value is not None and value != ()


@dataclass(frozen=True)
class HasCondition(Condition):
    fields: tuple[str, ...]
    kind: ClassVar[str] = "has"

    def check(self, record: Record, doc: Doc) -> str:
        for name in self.fields:
            if not has_field(record, name):
                return FAIL
        return PASS

    def describe(self) -> str:
        return "has " + " and ".join(self.fields)

    def detail(self, record: Record) -> str:
        missing = [f for f in self.fields if not has_field(record, f)]
        return "no " + ", ".join(missing) if missing else ""


@dataclass(frozen=True)
class GroupCondition(Condition):
    """Sub-conditions combined by `AnyCondition` or `AllCondition`."""

    parts: tuple[Condition, ...]
    # The part state that decides the group at once: PASS for any, FAIL for all.
    decisive: ClassVar[str] = PASS
    # The parts' checks, cheap ones first: the group's state does not depend on their
    # order, and a cheap part often decides it before a text search is needed.
    _checks: tuple[Callable[[Record, Doc], str], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        cheap_first = sorted(self.parts, key=lambda part: part.reads_text())
        object.__setattr__(self, "_checks", tuple(part.checker() for part in cheap_first))

    def check(self, record: Record, doc: Doc) -> str:
        decisive = self.decisive
        unknown = False
        for check in self._checks:
            state = check(record, doc)
            if state == decisive:
                return decisive
            unknown = unknown or state == UNKNOWN
        if unknown:
            return UNKNOWN
        return FAIL if decisive == PASS else PASS

    def describe(self) -> str:
        joiner = " or " if self.decisive == PASS else " and "
        return "(" + joiner.join(p.describe() for p in self.parts) + ")"

    def reads_text(self) -> bool:
        return any(part.reads_text() for part in self.parts)


@dataclass(frozen=True)
class AnyCondition(GroupCondition):
    kind: ClassVar[str] = "any"
    decisive: ClassVar[str] = PASS


@dataclass(frozen=True)
class AllCondition(GroupCondition):
    kind: ClassVar[str] = "all"
    decisive: ClassVar[str] = FAIL
