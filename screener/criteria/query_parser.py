"""The boolean query language of criteria rules: lexer, parser, syntax tree and rendering.

    (child* OR minor* OR adolescen*) AND ti:(online OR internet) NOT animal*
    "social media" NEAR/5 groom*

- Terms: words, `*` at the end of a word (`child*`), `?` for one letter (`organi?ation`),
  hyphenated terms (`self-generated`), and "quoted phrases". Matching ignores case and
  accents; see `terms` and `tokens` for how words are split.
- Operators, written in any case: `NOT`, `AND`, `OR`, `NEAR/n`. Precedence, tightest first:
  NEAR/n > NOT > AND > OR, so `a OR b AND NOT c` is `a OR (b AND (NOT c))`. Parentheses group.
- Adjacent terms are joined by AND, as in most bibliographic databases: `child abuse` is
  `child AND abuse` (quote a phrase: "child abuse"). `a NOT b` is therefore `a AND NOT b`.
- `x NEAR/n y`: x and y (terms, phrases, or OR-groups of them) with at most n words between
  them, in either order, within one field. `NEAR/0` means adjacent.
- Fields: `title:`, `abstract:`, `keywords:` or `ti:`, `ab:`, `kw:` before a term, a phrase or
  a parenthesised group (`ti:(online OR internet)`). Unscoped terms search the rule's fields.
- To search for a word that is an operator (and, or, not, near), quote it: "near".

`parse` builds the tree or raises `QuerySyntaxError` with the 1-based column of the problem;
`render` writes a tree back in canonical form, and `parse(render(tree)) == tree`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Union

from screener.criteria.terms import SearchTerm, TermError
from screener.errors import ScreenerError

FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "ti": "title",
    "abstract": "abstract",
    "ab": "abstract",
    "keywords": "keywords",
    "kw": "keywords",
}
QUERY_FIELDS: tuple[str, ...] = ("title", "abstract", "keywords")
OPERATORS: tuple[str, ...] = ("AND", "OR", "NOT")

_NEAR = re.compile(r"near/(\d+)", re.IGNORECASE)
_FIELD = re.compile(r"([A-Za-z_]+):")
_BREAK = frozenset(' \t\r\n()"')


class QuerySyntaxError(ScreenerError):
    """A malformed query; `column` (1-based) points at the problem in `query`."""

    def __init__(self, message: str, query: str, column: int) -> None:
        super().__init__(message, column=column)
        self.query = query

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})"

    def pointer(self) -> str:
        """Two lines: the query, and a caret under the column of the problem."""
        pad = "".join(c if c == "\t" else " " for c in self.query[: (self.column or 1) - 1])
        return f"{self.query}\n{pad}^"


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int


Node = Union[Term, Phrase, Not, And, Or, Near]  # noqa: UP007 (a runtime alias on 3.10)


def is_positional(node: Node) -> bool:
    """Whether a node has word positions, so that it may stand beside NEAR."""
    if isinstance(node, (Term, Phrase, Near)):
        return True
    return isinstance(node, Or) and all(is_positional(n) for n in node.operands)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word, phrase, field, (, ), AND, OR, NOT, NEAR, end
    text: str
    column: int
    distance: int = 0


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char, column = query[i], i + 1
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, column))
            i += 1
        elif char == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError("unterminated phrase: missing '\"'", query, column)
            tokens.append(_Token("phrase", query[i + 1 : end], column))
            i = end + 1
        else:
            end = i
            while end < n and query[end] not in _BREAK:
                end += 1
            tokens.extend(_word_tokens(query, i, end))
            i = end
    tokens.append(_Token("end", "", n + 1))
    return tokens


def _word_tokens(query: str, start: int, end: int) -> list[_Token]:
    text, column = query[start:end], start + 1
    field = _FIELD.match(text)
    if field:
        name = field.group(1).lower()
        if name not in FIELD_ALIASES:
            hint = _suggest(name, list(FIELD_ALIASES)) or " (quote a phrase to search a colon)"
            raise QuerySyntaxError(f"unknown field '{field.group(1)}'{hint}", query, column)
        rest = text[field.end() :]
        head = _Token("field", FIELD_ALIASES[name], column)
        if not rest:
            return [head]
        return [head, *_word_tokens(query, start + field.end(), end)]
    upper = text.upper()
    if upper in OPERATORS:
        return [_Token(upper, text, column)]
    near = _NEAR.fullmatch(text)
    if near:
        return [_Token("NEAR", text, column, int(near.group(1)))]
    if upper.startswith("NEAR"):
        raise QuerySyntaxError(
            'NEAR needs a distance in words, as in NEAR/5 (quote "near" to search the word)',
            query,
            column,
        )
    return [_Token("word", text, column)]


# Deeper than any query a person writes, and shallow enough for the recursive parser and
# evaluator to stay far from Python's recursion limit.
MAX_NESTING = 50


def _check_nesting(query: str, tokens: list[_Token]) -> None:
    """A QuerySyntaxError at the first '(' or NOT that goes deeper than MAX_NESTING."""
    depth = nots = 0
    for token in tokens:
        nots = nots + 1 if token.kind == "NOT" else 0
        if token.kind == "(":
            depth += 1
        elif token.kind == ")":
            depth -= 1
        if depth > MAX_NESTING or nots > MAX_NESTING:
            raise QuerySyntaxError(
                f"query nested more than {MAX_NESTING} levels deep", query, token.column
            )


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _lex(query)
        _check_nesting(query, self.tokens)
        self.at = 0

    def error(self, message: str, column: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.query, column)

    @property
    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        if self.peek.kind == "end":
            raise self.error("empty query", 1)
        node = self.or_(None)
        if self.peek.kind == ")":
            raise self.error("unexpected ')' with no '(' before it", self.peek.column)
        return node

    def or_(self, field: str | None) -> Node:
        operands = [self.and_(field)]
        while self.peek.kind == "OR":
            op = self.take()
            self.operand_after(op)
            operands.append(self.and_(field))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_(self, field: str | None) -> Node:
        operands = [self.unary(field)]
        while True:
            if self.peek.kind == "AND":
                self.operand_after(self.take())
            elif self.peek.kind not in ("word", "phrase", "field", "(", "NOT"):
                break
            operands.append(self.unary(field))
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self, field: str | None) -> Node:
        if self.peek.kind == "NOT":
            self.operand_after(self.take())
            return Not(self.unary(field))
        return self.near(field)

    def near(self, field: str | None) -> Node:
        start = self.peek.column
        node = self.primary(field)
        while self.peek.kind == "NEAR":
            op = self.take()
            self.operand_after(op)
            if self.peek.kind == "NOT":
                raise self.error(f"{op.text} joins terms, phrases or OR-groups, not NOT", op.column)
            right_start = self.peek.column
            right = self.primary(field)
            for operand, column in ((node, start), (right, right_start)):
                if not is_positional(operand):
                    raise self.error(
                        f"{op.text} joins terms, phrases or OR-groups, not AND or NOT",
                        column,
                    )
            node = Near(node, right, op.distance)
        return node

    def operand_after(self, op: _Token) -> None:
        if self.peek.kind in ("end", ")", "AND", "OR", "NEAR"):
            raise self.error(f"{op.text} needs a term after it", op.column)

    def primary(self, field: str | None) -> Node:
        token = self.take()
        if token.kind == "field":
            if field is not None:
                raise self.error(f"'{token.text}:' inside a '{field}:' group", token.column)
            if self.peek.kind not in ("word", "phrase", "("):
                raise self.error(f"'{token.text}:' needs a term after it", token.column)
            return self.primary(token.text)
        if token.kind == "word":
            self.check_term(token, phrase=False)
            return Term(token.text, field)
        if token.kind == "phrase":
            self.check_term(token, phrase=True)
            return Phrase(token.text, field)
        if token.kind == "(":
            if self.peek.kind == ")":
                raise self.error("empty parentheses", token.column)
            node = self.or_(field)
            if self.peek.kind != ")":
                raise self.error("missing ')' for this '('", token.column)
            self.take()
            return node
        if token.kind == ")":
            raise self.error("unexpected ')' with no '(' before it", token.column)
        if token.kind in ("AND", "OR", "NEAR"):
            raise self.error(f"{token.text} needs a term before it", token.column)
        raise self.error("query ends too early", token.column)

    def check_term(self, token: _Token, *, phrase: bool) -> None:
        try:
            SearchTerm(token.text, phrase=phrase)
        except TermError as err:
            raise self.error(str(err), token.column) from None


def parse(query: str) -> Node:
    """The syntax tree of `query`; raises QuerySyntaxError with the column of the problem."""
    return _Parser(query).parse()


def _scoped(text: str, field: str | None) -> str:
    return f"{field}:{text}" if field else text


def render(node: Node) -> str:
    """The canonical text of a tree: upper-case operators, long field names, minimal
    parentheses except that an AND inside an OR is bracketed for the reader."""
    if isinstance(node, Term):
        return _scoped(node.text, node.field)
    if isinstance(node, Phrase):
        return _scoped(f'"{node.text}"', node.field)
    if isinstance(node, Not):
        inner = render(node.operand)
        return f"NOT ({inner})" if isinstance(node.operand, (And, Or)) else f"NOT {inner}"
    if isinstance(node, And):
        return " AND ".join(_wrap(n, (And, Or)) for n in node.operands)
    if isinstance(node, Or):
        return " OR ".join(_wrap(n, (And, Or)) for n in node.operands)
    left = _wrap(node.left, (Not, And, Or))
    right = _wrap(node.right, (Not, And, Or, Near))
    return f"{left} NEAR/{node.distance} {right}"


def _wrap(node: Node, bracketed: tuple[type, ...]) -> str:
    text = render(node)
    return f"({text})" if isinstance(node, bracketed) else text


def leaves(node: Node) -> list[Term | Phrase]:
    """The terms and phrases of a tree, left to right."""
    if isinstance(node, (Term, Phrase)):
        return [node]
    if isinstance(node, Not):
        return leaves(node.operand)
    if isinstance(node, Near):
        return leaves(node.left) + leaves(node.right)
    return [leaf for operand in node.operands for leaf in leaves(operand)]
