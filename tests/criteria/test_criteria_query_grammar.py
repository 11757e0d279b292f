"""The query language: how queries parse, render, and fail with a column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.criteria import QuerySyntaxError, parse, render
from screener.criteria.query_parser import QUERY_FIELDS, And, Near, Node, Not, Or, Phrase, Term
from screener.errors import ScreenerError

a, b, c = Term("a"), Term("b"), Term("c")


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("a", a),
        ("a AND b", And((a, b))),
        ("a b", And((a, b))),  # implicit AND between adjacent terms
        ("a b OR c", Or((And((a, b)), c))),
        ("a OR b AND c", Or((a, And((b, c))))),  # AND binds tighter than OR
        ("NOT a AND b", And((Not(a), b))),  # NOT binds tighter than AND
        ("NOT a OR b", Or((Not(a), b))),
        ("a NOT b", And((a, Not(b)))),  # a AND NOT b
        ("NOT (a OR b)", Not(Or((a, b)))),
        ("(a OR b) c", And((Or((a, b)), c))),
        ("a and b or c", Or((And((a, b)), c))),  # operators in any case
        ("a NEAR/3 b", Near(a, b, 3)),
        ("NOT a NEAR/2 b", Not(Near(a, b, 2))),  # NEAR binds tighter than NOT
        ("(a OR b) NEAR/5 c", Near(Or((a, b)), c, 5)),
        ("a NEAR/1 b NEAR/2 c", Near(Near(a, b, 1), c, 2)),
        ('"social media"', Phrase("social media")),
        ('"and"', Phrase("and")),  # a quoted operator is a word
        ("child*", Term("child*")),
        ("organi?ation", Term("organi?ation")),
        ("self-generated", Term("self-generated")),
        ("offender's", Term("offender's")),
        ("ti:child", Term("child", "title")),
        ("AB:child", Term("child", "abstract")),
        ("keywords:child", Term("child", "keywords")),
        ('ti:"social media"', Phrase("social media", "title")),
        ("ti:(a OR b) c", And((Or((Term("a", "title"), Term("b", "title"))), c))),
    ],
)
def test_query_parses_to_tree(query: str, tree: Node) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "column", "message"),
    [
        ("", 1, "empty query"),
        ("(a OR b", 1, "missing ')'"),
        ("a OR (b AND c", 6, "missing ')'"),
        ("a)", 2, "unexpected ')'"),
        ("a AND", 3, "AND needs a term after it"),
        ("OR a", 1, "OR needs a term before it"),
        ("a OR OR b", 3, "OR needs a term after it"),
        ("NOT", 1, "NOT needs a term after it"),
        ('a "social media', 3, "unterminated phrase"),
        ('a ""', 3, "empty phrase"),
        ("()", 1, "empty parentheses"),
        ("ch*ild", 1, "'*' may only end a word"),
        ("a *", 3, "no letters or digits"),
        ("tittle:child", 1, "did you mean 'title'?"),
        ("a NEAR b", 3, "NEAR needs a distance"),
        ("a NEAR/2 NOT b", 3, "not NOT"),
        ("(a AND b) NEAR/2 c", 1, "not AND or NOT"),
        ("ti:(ab:child)", 5, "inside a 'title:' group"),
        ("ti:", 1, "needs a term after it"),
    ],
)
def test_malformed_query_reports_column(query: str, column: int, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert caught.value.column == column
    assert message in caught.value.message


def test_query_error_is_a_screener_error_with_a_caret_pointer() -> None:
    with pytest.raises(ScreenerError) as caught:
        parse("child AND (online OR")
    assert isinstance(caught.value, QuerySyntaxError)
    assert caught.value.pointer() == "child AND (online OR\n                  ^"


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("a and b", "a AND b"),
        ("a b or c", "(a AND b) OR c"),
        ("ti:(a OR b)", "title:a OR title:b"),
        ("NOT (a b)", "NOT (a AND b)"),
        ("(a OR b) near/3 c", "(a OR b) NEAR/3 c"),
        ("a OR (b OR c)", "a OR (b OR c)"),
    ],
)
def test_render_gives_canonical_text(query: str, canonical: str) -> None:
    assert render(parse(query)) == canonical


# Words start with "w" so that none is an operator (AND, OR, NOT, NEAR/n).
_words = st.text(alphabet="abcdeéz019", max_size=6).map(lambda w: "w" + w)
_fields = st.sampled_from((None, *QUERY_FIELDS))
_terms = st.builds(
    Term, st.builds(lambda w, star: w + ("*" if star else ""), _words, st.booleans()), _fields
)
_phrases = st.builds(Phrase, st.lists(_words, min_size=1, max_size=3).map(" ".join), _fields)
_leaves = _terms | _phrases


def _positional(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.builds(Near, children, children, st.integers(min_value=0, max_value=20)) | st.builds(
        Or, st.lists(children, min_size=2, max_size=3).map(tuple)
    )


_positional_nodes = st.recursive(_leaves, _positional, max_leaves=4)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    groups = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.builds(Not, children) | st.builds(And, groups) | st.builds(Or, groups)


_trees = st.recursive(_positional_nodes, _extend, max_leaves=8)


@settings(max_examples=100, deadline=None)
@given(_trees)
def test_render_then_parse_gives_the_same_tree(tree: Node) -> None:
    assert parse(render(tree)) == tree
