"""Queries compiled once into tests over a record's fields, normalised once per record.

Evaluation is built for throughput (criteria run over hundreds of thousands of records):

- `Doc` normalises each query field of a record once (`tokens.normalize`), for every rule.
- A plain word is a substring test (" child " in the field), a trailing wildcard a prefix
  test (" child"), other wildcards and phrases a precompiled regex with a literal prefix.
  All run in C; an OR of plain words on one scope is a single loop.
- Word positions are built only when a NEAR/n has both sides present in the record.

`CompiledQuery.matches(record)` locates each term in the original text for explanations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

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
    render,
)
from screener.criteria.terms import SearchTerm
from screener.criteria.tokens import TokenSeq, normalize, normalize_segments
from screener.model import Record

Scope = tuple[str, ...]
Test = Callable[["Doc"], bool]
# An occurrence in a field: (first word slot, last word slot, segment).
Span = tuple[int, int, int]
Intervals = Callable[[TokenSeq, str], list[Span]]
KEYWORD_SEPARATOR = "; "

_NORMALIZERS: dict[str, Callable[[Record], str]] = {
    "title": lambda r: normalize(r.title),
    "abstract": lambda r: normalize(r.abstract),
    "keywords": lambda r: normalize_segments(r.keywords),
}


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


class _Texts(dict[Scope, str]):
    """Normalised texts of a record by scope, each made on first use."""

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record

    def __missing__(self, scope: Scope) -> str:
        record = self.record
        if len(scope) == 1:
            text = _NORMALIZERS[scope[0]](record)
        elif scope == QUERY_FIELDS:
            # The common scope in one pass: every field and keyword is its own segment.
            parts = [record.title.replace("\n", " "), record.abstract.replace("\n", " ")]
            text = normalize_segments([p for p in parts if p] + list(record.keywords))
        else:
            text = "\n".join(t for f in scope if (t := self[(f,)]))
        self[scope] = text
        return text


class Doc:
    """A record's query fields, normalised once and shared by every rule.

    `texts[scope]` is the normalised text of the fields in `scope` ("" when all are missing),
    made on first use; `seq(field)` the words of one field with their positions.
    """

    __slots__ = ("_seqs", "texts")

    def __init__(self, record: Record) -> None:
        self.texts = _Texts(record)
        self._seqs: dict[str, TokenSeq] = {}

    def seq(self, field: str) -> TokenSeq:
        """The words of one field with their positions (built on first use)."""
        seq = self._seqs.get(field)
        if seq is None:
            seq = self._seqs[field] = TokenSeq.from_normalized(self.texts[(field,)])
        return seq


@dataclass(frozen=True, slots=True)
class Match:
    """A term of a query found in a field: spans are (start, end) in `field_text`."""

    term: str
    field: str
    spans: tuple[tuple[int, int], ...]


def _scope(node: Term | Phrase, default: Scope) -> Scope:
    return (node.field,) if node.field else default


def _search_term(node: Term | Phrase) -> SearchTerm:
    return SearchTerm(node.text, phrase=isinstance(node, Phrase))


class CompiledQuery:
    """A parsed query ready to test records.

    `fields` are the fields the query reads: its scoped fields and, when it has unscoped
    terms, the default fields.
    """

    def __init__(self, tree: Node, default_fields: Scope = QUERY_FIELDS) -> None:
        self.tree = tree
        self.default_fields = default_fields
        scopes = {_scope(leaf, default_fields) for leaf in leaves(tree)}
        self.fields: Scope = tuple(f for f in QUERY_FIELDS if any(f in s for s in scopes))
        self.test: Test = _compile(tree, default_fields)

    def __call__(self, doc: Doc) -> bool:
        return self.test(doc)

    def matches(self, record: Record) -> list[Match]:
        """Every term of the query found in the record, field by field, with spans."""
        seqs: dict[str, TokenSeq] = {}
        found: list[Match] = []
        seen: set[tuple[str, str]] = set()
        for leaf in leaves(self.tree):
            label = render(leaf)
            term = _search_term(leaf)
            for field in _scope(leaf, self.default_fields):
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
    if isinstance(node, (Term, Phrase)):
        return _leaf(node, default)
    if isinstance(node, Not):
        inner = _compile(node.operand, default)
        return lambda doc: not inner(doc)
    if isinstance(node, And):
        return _all(tuple(_compile(n, default) for n in node.operands))
    if isinstance(node, Or):
        return _any(_or_tests(node, default))
    return _near(node, default)


def _leaf(node: Term | Phrase, default: Scope) -> Test:
    scope = _scope(node, default)
    term = _search_term(node)
    if term.substrings is not None and len(term.substrings) == 1:
        sub = term.substrings[0]
        return lambda doc: sub in doc.texts[scope]
    search = term.search
    return lambda doc: search(doc.texts[scope])


def _or_tests(node: Or, default: Scope) -> tuple[Test, ...]:
    # Plain words and prefixes on one scope share a single loop over their substrings.
    grouped: dict[Scope, list[str]] = {}
    tests: list[Test] = []
    for operand in node.operands:
        if isinstance(operand, (Term, Phrase)):
            subs = _search_term(operand).substrings
            if subs is not None:
                grouped.setdefault(_scope(operand, default), []).extend(subs)
                continue
        tests.append(_compile(operand, default))
    return tuple(_any_substring(scope, tuple(subs)) for scope, subs in grouped.items()) + tuple(
        tests
    )


# The explicit loops below are several times faster than any()/all() over a generator, and
# they run for every record.


def _any_substring(scope: Scope, subs: tuple[str, ...]) -> Test:
    def test(doc: Doc) -> bool:
        text = doc.texts[scope]
        for sub in subs:  # noqa: SIM110
            if sub in text:
                return True
        return False

    return test


def _all(tests: tuple[Test, ...]) -> Test:
    def test(doc: Doc) -> bool:
        for t in tests:  # noqa: SIM110
            if not t(doc):
                return False
        return True

    return test


def _any(tests: tuple[Test, ...]) -> Test:
    if len(tests) == 1:
        return tests[0]

    def test(doc: Doc) -> bool:
        for t in tests:  # noqa: SIM110
            if t(doc):
                return True
        return False

    return test


def _near(node: Near, default: Scope) -> Test:
    left, right = _intervals(node.left, default), _intervals(node.right, default)
    distance = node.distance
    # Positions are computed only in a field where both sides occur, which the substring
    # tests of each side, restricted to that field, tell cheaply.
    sides = []
    for field in QUERY_FIELDS:
        left_present = _present_in(node.left, field, default)
        right_present = _present_in(node.right, field, default)
        if left_present and right_present:
            sides.append((field, left_present, right_present))

    # Most records lack one side altogether: two tests over all fields settle them.
    left_anywhere, right_anywhere = _compile(node.left, default), _compile(node.right, default)

    def test(doc: Doc) -> bool:
        if not (left_anywhere(doc) and right_anywhere(doc)):
            return False
        for field, left_present, right_present in sides:
            if not (left_present(doc) and right_present(doc)):
                continue
            seq = doc.seq(field)
            here = left(seq, field)
            if here and _near_pairs(here, right(seq, field), distance):
                return True
        return False

    return test


def _present_in(node: Node, field: str, default: Scope) -> Test | None:
    """A test that any term of `node` occurs in `field`; None when none can."""
    found = tuple(
        replace(leaf, field=field) for leaf in leaves(node) if field in _scope(leaf, default)
    )
    if not found:
        return None
    return _compile(found[0] if len(found) == 1 else Or(found), default)


def _gap(a: Span, b: Span) -> int:
    """Words strictly between two occurrences; -1 when they overlap or are in two segments."""
    if a[2] != b[2]:
        return -1
    if a[1] < b[0]:
        return b[0] - a[1] - 1
    if b[1] < a[0]:
        return a[0] - b[1] - 1
    return -1


def _near_pairs(left: list[Span], right: list[Span], distance: int) -> list[Span]:
    return [
        (min(a[0], b[0]), max(a[1], b[1]), a[2])
        for a in left
        for b in right
        if 0 <= _gap(a, b) <= distance
    ]


def _intervals(node: Node, default: Scope) -> Intervals:
    if isinstance(node, (Term, Phrase)):
        term, scope = _search_term(node), _scope(node, default)

        def leaf(seq: TokenSeq, field: str) -> list[Span]:
            if field not in scope:
                return []
            return term.occurrences(seq)

        return leaf
    if isinstance(node, Or):
        parts = [_intervals(n, default) for n in node.operands]
        return lambda seq, field: [iv for part in parts for iv in part(seq, field)]
    assert isinstance(node, Near)
    left, right = _intervals(node.left, default), _intervals(node.right, default)
    distance = node.distance
    return lambda seq, field: _near_pairs(left(seq, field), right(seq, field), distance)
