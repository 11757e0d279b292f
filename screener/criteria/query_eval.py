"""Queries compiled once into tests over a record's fields, normalised once per record.

Evaluation is built for throughput (criteria run over hundreds of thousands of records):

- `Doc` normalises each query field of a record once (`tokens.normalize`), for every rule.
- A plain word is a substring test (" child " in the field), a trailing wildcard a prefix
  test (" child"), other wildcards and phrases a precompiled regex; all run in C.
- Each query is one generated function (`query_codegen`): no Python call per node.
- Word positions are built only when a NEAR/n has both sides present in one field.

`CompiledQuery.matches(record)` locates each term in the original text for explanations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from screener.criteria.query_codegen import (
    Check,
    Positional,
    compile_check,
    compile_test,
    scope_of,
    search_term,
)
from screener.criteria.query_parser import (
    QUERY_FIELDS,
    Near,
    Node,
    Or,
    Phrase,
    Term,
    leaves,
    render,
)
from screener.criteria.terms import needle_spans
from screener.criteria.tokens import TokenSeq, normalize, normalize_segments
from screener.model import Record

Scope = tuple[str, ...]
Test = Callable[["Doc"], bool]
# An occurrence in a normalised field: (offset of the space before it, offset of its end,
# segment), as `SearchTerm.spans_in` gives.
Span = tuple[int, int, int]
# The occurrences of a node in one normalised field: (text, field) -> spans.
Intervals = Callable[[str, str], list[Span]]
KEYWORD_SEPARATOR = "; "


def _normalized(record: Record, field: str) -> str:
    """The normalised text of one query field; keywords are one segment each."""
    if field == "keywords":
        return normalize_segments(record.keywords)
    text: str = getattr(record, field)
    return normalize(text)


def field_text(record: Record, field: str) -> str:
    """The text of a query field as explanations locate matches in it (keywords joined)."""
    if field == "keywords":
        return KEYWORD_SEPARATOR.join(record.keywords)
    return getattr(record, field)


def field_segments(record: Record, field: str) -> list[tuple[int, str]]:
    """(offset in `field_text`, text) for each separately searched part of a field."""
    if field != "keywords":
        return [(0, getattr(record, field))]
    segments, offset = [], 0
    for keyword in record.keywords:
        segments.append((offset, keyword))
        offset += len(keyword) + len(KEYWORD_SEPARATOR)
    return segments


class Doc(dict[Scope, str]):
    """A record's query fields, normalised once and shared by every rule.

    `doc[scope]` is the normalised text of the fields in `scope` ("" when all are missing),
    made on first use. (A dict itself: queries look texts up for every record.)
    """

    __slots__ = ("record",)

    def __init__(self, record: Record) -> None:
        # No dict.__init__: with no arguments it does nothing, and a Doc is made per record.
        self.record = record

    def __missing__(self, scope: Scope) -> str:
        if len(scope) == 1:
            text = self[scope] = _normalized(self.record, scope[0])
            return text
        # Each field its own segment, as `normalize_segments` would make them: a field is
        # normalised once for all the scopes (and NEAR) that read it. (No self[(f,)]: a
        # call of __missing__ per field costs more than the check.)
        parts = []
        for f in scope:
            part = self.get((f,))
            if part is None:
                part = self[(f,)] = _normalized(self.record, f)
            if part:
                parts.append(part)
        text = self[scope] = "\n".join(parts)
        return text


@dataclass(frozen=True, slots=True)
class Match:
    """A term of a query found in a field: spans are (start, end) in `field_text`."""

    term: str
    field: str
    spans: tuple[tuple[int, int], ...]


class CompiledQuery:
    """A parsed query ready to test records.

    `fields` are the fields the query reads: its scoped fields and, when it has unscoped
    terms, the default fields.
    """

    def __init__(self, tree: Node, default_fields: Scope = QUERY_FIELDS) -> None:
        self.tree = tree
        self.default_fields = default_fields
        scopes = {scope_of(leaf, default_fields) for leaf in leaves(tree)}
        self.fields: Scope = tuple(f for f in QUERY_FIELDS if any(f in s for s in scopes))
        self.test: Test = _compile(tree, default_fields)

    def __call__(self, doc: Doc) -> bool:
        return self.test(doc)

    def checker(self, matched: str, unmatched: str, missing: str) -> Check:
        """One function for `check(record, doc)`: `matched` or `unmatched` by `test`, or
        `missing` when the record has none of `fields`."""
        states = (matched, unmatched, missing)
        return compile_check(self.tree, self.default_fields, self.fields, states, _positions)

    def matches(self, record: Record) -> list[Match]:
        """Every term of the query found in the record, field by field, with spans."""
        seqs: dict[str, TokenSeq] = {}
        found: list[Match] = []
        seen: set[tuple[str, str]] = set()
        for leaf in leaves(self.tree):
            label = render(leaf)
            term = search_term(leaf)
            for field in scope_of(leaf, self.default_fields):
                if (label, field) in seen:
                    continue
                seen.add((label, field))
                if field not in seqs:
                    seqs[field] = TokenSeq.from_text(field_segments(record, field))
                seq = seqs[field]
                spans = tuple(seq.span(i, j) for i, j in term.ranges(seq))
                if spans:
                    found.append(Match(label, field, spans))
        return found


def _compile(node: Node, default: Scope) -> Test:
    return compile_test(node, default, _positions)


def _positions(node: Near, default: Scope) -> Positional:
    """Whether the sides of `node` are close enough in one field (both sides occur in it)."""
    left, right = _intervals(node.left, default), _intervals(node.right, default)
    distance = node.distance

    def near_in(doc: Doc, field: str) -> bool:
        text = doc[(field,)]
        here = left(text, field)
        if not here:
            return False
        # Only whether a pair is close matters here: stop at the first.
        return any(_close(text, a, b, distance) for b in right(text, field) for a in here)

    return near_in


def _close(text: str, a: Span, b: Span, distance: int) -> bool:
    """Whether at most `distance` words lie between two occurrences in one segment of
    `text`, neither overlapping the other."""
    if a[2] != b[2]:
        return False
    if a[1] <= b[0]:
        between = text[a[1] : b[0]]
    elif b[1] <= a[0]:
        between = text[b[1] : a[0]]
    else:
        return False
    # Splitting stops after distance + 1 words, so distant pairs cost no more than close.
    return len(between.split(None, distance + 1)) <= distance


def _near_pairs(text: str, left: list[Span], right: list[Span], distance: int) -> list[Span]:
    return [
        (min(a[0], b[0]), max(a[1], b[1]), a[2])
        for a in left
        for b in right
        if _close(text, a, b, distance)
    ]


def _or_intervals(node: Or, default: Scope) -> Intervals:
    # The plain words and wildcards of an OR are located together, by one call; the order
    # of occurrences does not matter to NEAR.
    needles: dict[str, list[str]] = {field: [] for field in QUERY_FIELDS}
    parts: list[Intervals] = []
    for operand in node.operands:
        if isinstance(operand, (Term, Phrase)) and (subs := search_term(operand).substrings):
            for field in scope_of(operand, default):
                needles[field].extend(subs)
        else:
            parts.append(_intervals(operand, default))
    by_field = {field: tuple(subs) for field, subs in needles.items() if subs}

    def spans(text: str, field: str) -> list[Span]:
        subs = by_field.get(field)
        found = needle_spans(text, subs) if subs else []
        for part in parts:
            found += part(text, field)
        return found

    return spans


def _intervals(node: Node, default: Scope) -> Intervals:
    if isinstance(node, (Term, Phrase)):
        term, scope = search_term(node), scope_of(node, default)

        def leaf(text: str, field: str) -> list[Span]:
            if field not in scope:
                return []
            return term.spans_in(text)

        return leaf
    if isinstance(node, Or):
        return _or_intervals(node, default)
    assert isinstance(node, Near)
    left, right = _intervals(node.left, default), _intervals(node.right, default)
    distance = node.distance
    return lambda text, field: _near_pairs(text, left(text, field), right(text, field), distance)
