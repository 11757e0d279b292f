"""Queries compiled to Python functions: one call tests a whole query on a record.

Built of one closure per node, a query costs every record a Python call per node, and
those calls took more time than the searching itself. So a query is written out instead as
one boolean expression over the record's normalised texts (see `query_eval.Doc`) and
compiled once:

    (" offend" in (t0 := texts[S]) or " abuser" in t0) and not (" rat " in texts[T])

- A plain word or trailing wildcard is a substring test (" child " or " child"); the plain
  words and wildcards of an OR on one scope are tested together, one text lookup for all.
- A phrase or inner wildcard calls its precompiled regex, after a substring test for a word
  it needs (`SearchTerm.needles`): most texts fail that test, and it costs less.
- The operands of an AND are tested cheapest first (tests have no side effects).
- NEAR/n tests, field by field, that both sides occur before it asks for positions.

Needles and scopes are written as literals (`repr` of a str or a tuple of str is always a
valid literal); regexes and position tests are bound by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from screener.criteria.query_parser import (
    QUERY_FIELDS,
    And,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    leaves,
)
from screener.criteria.terms import SearchTerm

if TYPE_CHECKING:
    from screener.criteria.query_eval import Doc
    from screener.model import Record

Scope = tuple[str, ...]
Test = Callable[["Doc"], bool]
Check = Callable[["Record", "Doc"], str]
# Whether the two sides of a NEAR are close enough in one field of a record.
Positional = Callable[["Doc", str], bool]
# Python refuses deeply nested expressions: deeper subtrees become functions of their own.
_MAX_DEPTH = 12


def scope_of(node: Term | Phrase, default: Scope) -> Scope:
    """The fields a term searches: its own field, or the query's default fields."""
    return (node.field,) if node.field else default


def search_term(node: Term | Phrase) -> SearchTerm:
    return SearchTerm(node.text, phrase=isinstance(node, Phrase))


def compile_test(
    node: Node, default: Scope, positional: Callable[[Near, Scope], Positional]
) -> Test:
    """A function telling whether a record's `Doc` matches the query `node`.

    `positional(near, default)` makes the position test of a NEAR node.
    """
    return _Writer(default, positional).function(node)


def compile_check(
    node: Node,
    default: Scope,
    fields: Scope,
    states: tuple[str, str, str],
    positional: Callable[[Near, Scope], Positional],
) -> Check:
    """`check(record, doc)`: states[0] when the query matches, states[1] when it does not,
    states[2] when the record has none of `fields` (query fields: attributes of Record)."""
    writer = _Writer(default, positional)
    matched, unmatched, missing = (repr(state) for state in states)
    present = " or ".join(f"record.{field}" for field in fields) or "False"
    check: Check = writer.define(
        "check",
        "def check(record, texts):\n"
        f"    if {present}:\n"
        f"        return {matched} if {writer.expr(node, 0)} else {unmatched}\n"
        f"    return {missing}\n",
    )
    return check


def cost(node: Node, default: Scope) -> int:
    """A rough cost of testing `node`: the fields it may scan, once per needle or regex."""
    if isinstance(node, (Term, Phrase)):
        term = search_term(node)
        scans = len(term.substrings) if term.substrings else len(term.needles or ()) + 1
        return scans * len(scope_of(node, default))
    if isinstance(node, Not):
        return cost(node.operand, default)
    if isinstance(node, (And, Or)):
        return sum(cost(n, default) for n in node.operands)
    # Each field once more for the positions of both sides.
    return 2 * (cost(node.left, default) + cost(node.right, default))


class _Writer:
    """Writes one query as Python source, naming what cannot be a literal."""

    def __init__(self, default: Scope, positional: Callable[[Near, Scope], Positional]) -> None:
        self.default = default
        self.positional = positional
        self.names: dict[str, Any] = {}
        self.locals = 0

    def function(self, node: Node) -> Test:
        # The Doc is the dict of the record's texts; a regex test alone would give a Match.
        source = f"def test(texts):\n    return bool({self.expr(node, 0)})\n"
        test: Test = self.define("test", source)
        return test

    def define(self, name: str, source: str) -> Any:
        """The function `name` that `source` defines, seeing the names bound so far."""
        namespace = dict(self.names)
        exec(compile(source, "<criteria query>", "exec"), namespace)
        return namespace[name]

    def bind(self, value: object) -> str:
        name = f"_c{len(self.names)}"
        self.names[name] = value
        return name

    def text(self) -> str:
        """A fresh local name for a text, bound at its first test."""
        self.locals += 1
        return f"t{self.locals}"

    def expr(self, node: Node, depth: int) -> str:
        if depth > _MAX_DEPTH:
            inner = _Writer(self.default, self.positional).function(node)
            return f"{self.bind(inner)}(texts)"
        if isinstance(node, (Term, Phrase)):
            return self.leaf(node)
        if isinstance(node, Not):
            return f"(not {self.expr(node.operand, depth + 1)})"
        if isinstance(node, And):
            cheapest_first = sorted(node.operands, key=lambda n: cost(n, self.default))
            return self.join(" and ", [self.expr(n, depth + 1) for n in cheapest_first])
        if isinstance(node, Or):
            return self.join(" or ", self.or_operands(node, depth + 1))
        return self.near(node, depth + 1)

    @staticmethod
    def join(operator: str, parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"

    def leaf(self, node: Term | Phrase) -> str:
        scope = scope_of(node, self.default)
        term = search_term(node)
        if term.substrings is not None:
            return self.any_substring(scope, term.substrings)
        search = self.bind(term.search)
        if term.needles is None:
            return f"{search}(texts[{scope!r}])"
        text = self.text()
        first, *rest = term.needles
        found = " or ".join(
            [f"{first!r} in ({text} := texts[{scope!r}])"]
            + [f"{needle!r} in {text}" for needle in rest]
        )
        return f"(({found}) and {search}({text}))"

    def any_substring(self, scope: Scope, subs: tuple[str, ...]) -> str:
        if len(subs) == 1:
            return f"({subs[0]!r} in texts[{scope!r}])"
        text = self.text()
        first, *rest = subs
        tests = [f"{first!r} in ({text} := texts[{scope!r}])"] + [
            f"{sub!r} in {text}" for sub in rest
        ]
        return "(" + " or ".join(tests) + ")"

    def or_operands(self, node: Or, depth: int) -> list[str]:
        # Plain words and wildcards on one scope share one text lookup.
        grouped: dict[Scope, list[str]] = {}
        others: list[str] = []
        for operand in node.operands:
            if isinstance(operand, (Term, Phrase)):
                subs = search_term(operand).substrings
                if subs is not None:
                    grouped.setdefault(scope_of(operand, self.default), []).extend(subs)
                    continue
            others.append(self.expr(operand, depth))
        firsts = [self.any_substring(scope, tuple(subs)) for scope, subs in grouped.items()]
        return firsts + others

    def near(self, node: Near, depth: int) -> str:
        positions = self.bind(self.positional(node, self.default))
        fields = []
        for field in QUERY_FIELDS:
            left = self.present_in(node.left, field, depth)
            right = self.present_in(node.right, field, depth)
            if left and right:
                fields.append(f"({left} and {right} and {positions}(texts, {field!r}))")
        return self.join(" or ", fields) if fields else "False"

    def present_in(self, node: Node, field: str, depth: int) -> str | None:
        """A test that any term of `node` occurs in `field`; None when none can."""
        found = tuple(
            replace(leaf, field=field)
            for leaf in leaves(node)
            if field in scope_of(leaf, self.default)
        )
        if not found:
            return None
        return self.expr(found[0] if len(found) == 1 else Or(found), depth)
