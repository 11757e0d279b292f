"""Which records a query matches: words, wildcards, phrases, NEAR, fields, folding."""

from __future__ import annotations

import pytest

from screener.criteria import parse_criteria
from screener.model import Record

TITLE = "Self-generated images and the offender's online grooming of Children"
ABSTRACT = (
    "We interviewed 40 perpetrators. Their social, media use was studied in Zürich; "
    "the organisation of forums is described."
)
RECORD = Record(title=TITLE, abstract=ABSTRACT, keywords=("child abuse", "Internet"))


def _matches(query: str, record: Record = RECORD, fields: str = "") -> bool:
    text = f"[[rule]]\nid = 'q'\nkind = 'query'\nquery = '''{query}'''\n{fields}"
    return parse_criteria(text).evaluate(record).results[0].result == "pass"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("offender", True),  # possessive "offender's" is the word offender
        ("offender's", True),
        ("offenders", False),
        ("children", True),  # case-insensitive
        ("ti:child", False),  # words are whole words: "Children" is not "child"
        ("child*", True),  # trailing wildcard
        ("organi?ation", True),  # one-letter wildcard
        ("organi?ations", False),
        ("zurich", True),  # accent-insensitive
        ("ZÜRICH", True),
        ("self-generated", True),
        ('"self generated"', True),
        ("self", True),
        ("generated", True),
        ("selfgenerated", False),  # the joined form matches only itself
        ('"social media"', True),  # punctuation between phrase words is ignored
        ('"media social"', False),
        ('"interviewed 40"', True),
        ('"child* abuse"', True),  # wildcards inside phrases
        ("online grooming", True),  # implicit AND
        ("online animals", False),
        ("online NOT mice", True),
        ("NOT online", False),
        ("(mice OR rats) OR perpetrat*", True),
        ("ti:online", True),
        ("ab:online", False),
        ("kw:internet", True),
        ("ti:(internet OR grooming)", True),
        ('kw:"abuse internet"', False),  # phrases do not join two keywords
        ('"children child"', False),  # nor the end of one field and the start of the next
    ],
)
def test_query_matches_record(query: str, expected: bool) -> None:
    assert _matches(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grooming NEAR/1 children", True),  # one word ("of") between them
        ("grooming NEAR/0 children", False),
        ("children NEAR/1 grooming", True),  # either order
        ("online NEAR/0 grooming", True),  # adjacent
        ('"social media" NEAR/5 perpetrat*', True),
        ("(mice OR groom*) NEAR/1 child*", True),
        ("perpetrat* NEAR/3 grooming", False),  # title and abstract are apart
        ("kw:(abuse NEAR/5 internet)", False),  # two keywords are apart
        ("kw:(child NEAR/0 abuse)", True),
        ("(self NEAR/0 generated) NEAR/6 grooming", True),
    ],
)
def test_near_counts_words_between_terms_within_one_field(query: str, expected: bool) -> None:
    assert _matches(query) is expected


def test_hyphenated_query_matches_the_words_apart_and_joined() -> None:
    for text in ("self-generated images", "self generated images", "selfgenerated images"):
        assert _matches("self-generated", Record(title=text)), text


def test_query_runs_over_the_rule_fields_only() -> None:
    assert _matches("perpetrat*", fields="fields = ['abstract']")
    assert not _matches("perpetrat*", fields="fields = ['title', 'keywords']")
    assert _matches("ab:perpetrat*", fields="fields = ['title']")  # a scope overrides


def test_query_on_a_record_with_only_a_title_searches_the_title() -> None:
    assert _matches("grooming", Record(title="Online grooming"))
    assert not _matches("perpetrat*", Record(title="Online grooming"))


def test_a_line_break_inside_a_keyword_separates_words_like_two_keywords() -> None:
    record = Record(title="A study", keywords=("online\ngrooming",))
    assert _matches("kw:grooming", record)
    assert _matches("kw:online", record)
    assert not _matches('kw:"online grooming"', record)
