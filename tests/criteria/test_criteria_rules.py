"""Rule kinds, missing-field policies, groups, and the outcome of a record."""

from __future__ import annotations

import pytest

from screener.criteria import parse_criteria
from screener.model import Record


def _rule(body: str, *, action: str = "exclude", missing: str = "") -> str:
    policy = f"missing = '{missing}'\n" if missing else ""
    return f"[[rule]]\nid = 'r'\naction = '{action}'\n{policy}{body}\n"


def _result(body: str, record: Record) -> str:
    return parse_criteria(_rule(body)).evaluate(record).results[0].result


@pytest.mark.parametrize(
    ("body", "record", "result"),
    [
        ("kind = 'year'\nmin = 1990", Record(year=1990), "pass"),
        ("kind = 'year'\nmin = 1990", Record(year=1989), "fail"),
        ("kind = 'year'\nmax = 2020", Record(year=2021), "fail"),
        ("kind = 'year'\nmin = 1990\nmax = 2020", Record(year=2005), "pass"),
        ("kind = 'year'\nmin = 1990", Record(), "unknown"),
        ("kind = 'language'\nallow = ['en']", Record(language="en"), "pass"),
        ("kind = 'language'\nallow = ['en']", Record(language="fr"), "fail"),
        ("kind = 'language'\nallow = ['en']", Record(language="fr; en"), "pass"),
        ("kind = 'language'\ndeny = ['fr']", Record(language="fr"), "fail"),
        ("kind = 'language'\ndeny = ['fr']", Record(language="fr; en"), "pass"),
        ("kind = 'language'\nallow = ['en']", Record(), "unknown"),
        ("kind = 'pub_type'\ndeny = ['letter']", Record(pub_type="letter"), "fail"),
        ("kind = 'pub_type'\ndeny = ['letter']", Record(pub_type="article"), "pass"),
        ("kind = 'pub_type'\nallow = ['article']", Record(pub_type="thesis"), "fail"),
        ("kind = 'pub_type'\nallow = ['article']", Record(), "unknown"),
        ("kind = 'query'\nquery = 'groom*'", Record(abstract="Grooming online"), "pass"),
        ("kind = 'query'\nquery = 'groom*'", Record(title="Sextortion"), "fail"),
        ("kind = 'query'\nquery = 'groom*'", Record(doi="10.1/x"), "unknown"),
        ("kind = 'query'\nquery = 'ti:groom*'", Record(abstract="Grooming"), "unknown"),
        ("kind = 'has'\nfield = 'abstract'", Record(abstract="Text"), "pass"),
        ("kind = 'has'\nfield = 'abstract'", Record(title="Only a title"), "fail"),
        ("kind = 'has'\nfields = ['doi', 'year']", Record(doi="10.1/x"), "fail"),
        ("kind = 'has'\nfields = ['doi', 'year']", Record(doi="10.1/x", year=2001), "pass"),
        ("kind = 'has'\nfield = 'keywords'", Record(keywords=("online",)), "pass"),
    ],
)
def test_rule_kind_result(body: str, record: Record, result: str) -> None:
    assert _result(body, record) == result


YEAR = "kind = 'year'\nmin = 1990"


@pytest.mark.parametrize(
    ("action", "missing", "record", "outcome"),
    [
        ("exclude", "keep", Record(year=1980), "exclude"),
        ("flag", "keep", Record(year=1980), "flag"),
        ("exclude", "keep", Record(year=2000), "pass"),
        ("exclude", "keep", Record(), "pass"),  # unknown, kept
        ("exclude", "exclude", Record(), "exclude"),
        ("exclude", "flag", Record(), "flag"),
        ("flag", "exclude", Record(), "exclude"),  # the policy, not the action, applies
    ],
)
def test_action_and_missing_policy_decide_outcome(
    action: str, missing: str, record: Record, outcome: str
) -> None:
    criteria = parse_criteria(_rule(YEAR, action=action, missing=missing))
    assert criteria.evaluate(record).outcome == outcome


GROUPS = """
[[rule]]
id = "any-group"
kind = "any"
rules = [ { kind = "year", min = 2000 }, { kind = "pub_type", allow = ["thesis"] } ]

[[rule]]
id = "all-group"
kind = "all"
rules = [ { kind = "year", min = 2000 }, { kind = "pub_type", allow = ["thesis"] } ]
"""


@pytest.mark.parametrize(
    ("record", "any_result", "all_result"),
    [
        (Record(year=2010, pub_type="thesis"), "pass", "pass"),
        (Record(year=2010, pub_type="article"), "pass", "fail"),
        (Record(year=1990, pub_type="article"), "fail", "fail"),
        (Record(year=1990), "unknown", "fail"),  # three-valued: a fail decides all
        (Record(year=2010), "pass", "unknown"),  # a pass decides any
        (Record(), "unknown", "unknown"),
    ],
)
def test_groups_combine_sub_rules(record: Record, any_result: str, all_result: str) -> None:
    results = parse_criteria(GROUPS).evaluate(record).results
    assert [r.result for r in results] == [any_result, all_result]


def test_groups_nest() -> None:
    text = """
[[rule]]
id = "nested"
kind = "all"
rules = [
  { kind = "any", rules = [ { kind = "year", max = 1999 }, { kind = "year", min = 2010 } ] },
  { kind = "has", field = "title" },
]
"""
    criteria = parse_criteria(text)
    assert criteria.evaluate(Record(title="T", year=2015)).outcome == "pass"
    assert criteria.evaluate(Record(title="T", year=2005)).outcome == "exclude"


CRITERIA = """
[[rule]]
id = "topic"
kind = "query"
query = "groom*"
action = "flag"

[[rule]]
id = "years"
kind = "year"
min = 1990
reason = "published before 1990"

[[rule]]
id = "letters"
kind = "pub_type"
deny = ["letter"]
"""


@pytest.mark.parametrize(
    ("record", "outcome", "deciding"),
    [
        (Record(title="Grooming", year=2000), "pass", None),
        (Record(title="Sextortion", year=2000), "flag", "topic"),
        (Record(title="Sextortion", year=1980, pub_type="letter"), "exclude", "years"),
        (Record(title="Grooming", year=2000, pub_type="letter"), "exclude", "letters"),
    ],
)
def test_exclude_outranks_flag_and_first_failing_rule_decides(
    record: Record, outcome: str, deciding: str | None
) -> None:
    evaluation = parse_criteria(CRITERIA).evaluate(record)
    assert evaluation.outcome == outcome
    assert (evaluation.failed_rule.id if evaluation.failed_rule else None) == deciding


def test_results_follow_file_order_with_actions_and_reasons() -> None:
    evaluation = parse_criteria(CRITERIA).evaluate(Record(title="Sextortion", year=1980))
    assert [(r.id, r.result, r.action, r.effect) for r in evaluation.results] == [
        ("topic", "fail", "flag", "flag"),
        ("years", "fail", "exclude", "exclude"),
        ("letters", "unknown", "exclude", None),
    ]
    assert evaluation.results[1].reason == "published before 1990"
    assert evaluation.results[2].reason == "publication type not letter"  # described


def test_explain_shows_matched_terms_with_spans_and_details() -> None:
    record = Record(title="Online grooming and groomers", year=1980)
    results = parse_criteria(CRITERIA).explain(record).results
    topic, years = results[0], results[1]
    assert [(m.term, m.field, m.spans) for m in topic.matches] == [
        ("groom*", "title", ((7, 15), (20, 28)))
    ]
    assert years.detail == "year 1980"


def test_explain_lists_group_parts() -> None:
    evaluation = parse_criteria(GROUPS).explain(Record(year=1990, pub_type="thesis"))
    parts = evaluation.results[1].parts
    assert [(p.id, p.kind, p.result) for p in parts] == [
        ("all-group.1", "year", "fail"),
        ("all-group.2", "pub_type", "pass"),
    ]
