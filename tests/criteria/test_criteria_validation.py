"""Checking criteria files: every problem with its line, and a suggestion for typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.criteria import (
    CriteriaError,
    Problem,
    check_criteria_text,
    load_criteria,
    parse_criteria,
    validate_criteria,
)
from screener.errors import ScreenerError
from screener.model import Record

TEMPLATES = Path(__file__).resolve().parents[2] / "criteria"

HEAD = """[review]
question = "Who offends online?"

[[rule]]
id = "topic"
kind = "query"
"""  # lines 1-6


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (HEAD + "query = 'groom*'\nfeilds = ['title']\n", 8, "unknown key 'feilds'"),
        (HEAD + "query = 'groom*'\nfeilds = ['title']\n", 8, "did you mean 'fields'?"),
        (HEAD + "query = 'groom*'\nfields = ['abstrct']\n", 8, "did you mean 'abstract'?"),
        (HEAD + "query = 'groom* AND (online'\n", 7, "missing ')'"),
        (HEAD + "query = 'groom* AND (online'\n", 7, "at column 12 of the query"),
        (HEAD + "query = 'groom*'\naction = 'flagg'\n", 8, "did you mean 'flag'?"),
        (HEAD + "query = 'groom*'\nmissing = 'kept'\n", 8, "did you mean 'keep'?"),
        (HEAD + "query = 'groom*'\nmin = 1990\n", 8, "'min' does not apply to a query rule"),
        (HEAD + "query = 'x'\n[[rule]]\nid = 'topic'\nkind = 'has'\nfield = 'doi'", 9, "duplicate"),
        (HEAD + "query = 'x'\n[[rule]]\nid = 'y'\nkind = 'yaer'\n", 10, "did you mean 'year'?"),
        (HEAD + "query = 'x'\n\n[[rule]]\nid = 'y'\nkind = 'year'\n", 9, "needs min or max"),
        (HEAD + "query = 'x'\n\n[[rule]]\nkind = 'year'\nmin = 1\n", 9, "has no id"),
        (HEAD + "query = 'x'\n[highlight]\ninclud = []\n", 9, "did you mean 'include'?"),
        (HEAD + "query = 'x'\n[highlight]\ninclude = ['ch*ild']\n", 9, "may only end a word"),
        (HEAD + "query = 'x'\n[reviews]\n", 8, "did you mean 'review'?"),
        (HEAD + "query = 'x'\n[reasons]\ndesign = ''\n", 9, "needs a description"),
    ],
)
def test_problem_names_line_and_suggestion(text: str, line: int, message: str) -> None:
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "criteria.toml")
    problem = caught.value.problem
    assert (problem.file, problem.line) == ("criteria.toml", line)
    assert message in problem.message


KINDS_TEXT = """
[[rule]]
id = "lang"
kind = "language"
allow = ["EN", "english"]

[[rule]]
id = "types"
kind = "pub_type"
deny = ["editorials"]

[[rule]]
id = "both"
kind = "pub_type"
allow = ["article"]
deny = ["letter"]

[[rule]]
id = "grp"
kind = "any"
rules = [
  { kind = "year", min = 1990, action = "flag" },
  { kind = "has", feild = "doi" },
]
"""


def test_validate_lists_every_problem_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "criteria.toml"
    path.write_text(KINDS_TEXT, encoding="utf-8")
    problems = validate_criteria(path)
    assert [(p.line, p.message) for p in problems] == [
        (
            5,
            "'EN' is not an ISO 639-1 language code, like 'en' (did you mean 'en'?) in allow "
            "of rule 'lang'",
        ),
        (
            5,
            "'english' is not an ISO 639-1 language code, like 'en' (did you mean 'en'?) "
            "in allow of rule 'lang'",
        ),
        (
            10,
            "unknown publication type 'editorials' (did you mean 'editorial'?) in deny of "
            "rule 'types'",
        ),
        (16, "rule 'both' needs allow or deny (one of them)"),
        (22, "'action' belongs on the group rule, not on its sub-rules (rule 'grp', sub-rule 1)"),
        (23, "unknown key 'feild' in rule 'grp', sub-rule 2 (did you mean 'field'?)"),
        (23, "rule 'grp', sub-rule 2 needs field = \"...\" or fields = [...] (one of them)"),
    ]
    assert all(p.file == str(path) for p in problems)


LISTS_TEXT = """
[[rule]]
id = "empty"
kind = "language"
deny = []

[[rule]]
id = "where"
kind = "query"
query = "groom*"
fields = ["title", "abstrct", "ti", "kw", "keyword"]

[[rule]]
id = "present"
kind = "has"
fields = []

[[rule]]
id = "one"
kind = "has"
fields = ["doi", "dio"]

[[rule]]
id = "words"
kind = "pub_type"
allow = "article"
"""


def test_list_values_are_checked_item_by_item_and_may_not_be_empty() -> None:
    assert [(p.line, p.message) for p in _problems(LISTS_TEXT)] == [
        (5, "deny of rule 'empty' is empty"),
        (11, "unknown field 'abstrct' in rule 'where' (did you mean 'abstract'?)"),
        (11, "unknown field 'keyword' in rule 'where' (did you mean 'keywords'?)"),
        (16, "fields of rule 'present' is empty"),
        (21, "unknown field 'dio' in rule 'one' (did you mean 'doi'?)"),
        (26, 'allow of rule \'words\' must be a list of strings, like ["a", "b"]'),
    ]


def test_toml_syntax_error_reports_tomllib_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "criteria.toml"
    path.write_text('[review]\nquestion = "unterminated\n', encoding="utf-8")
    [problem] = validate_criteria(path)
    assert (problem.line, problem.column) == (2, 25)
    assert problem.message.startswith("TOML syntax:")


def test_bad_query_problem_carries_a_pointer() -> None:
    [problem] = _problems(HEAD + "query = 'groom* AND (online'\n")
    assert problem.pointer == "groom* AND (online\n           ^"


def _problems(text: str) -> list[Problem]:
    return check_criteria_text(text)[1]


def test_load_raises_a_screener_error_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "criteria.toml"
    path.write_text(HEAD + "query = 'x'\nfeilds = ['title']\n", encoding="utf-8")
    with pytest.raises(ScreenerError) as caught:
        load_criteria(path)
    assert str(caught.value).startswith(f"{path}:8: unknown key 'feilds'")


def test_missing_file_is_one_problem(tmp_path: Path) -> None:
    [problem] = validate_criteria(tmp_path / "nowhere.toml")
    assert "cannot read criteria file" in problem.message


def test_design_example_loads_with_defaults() -> None:
    text = """
[[rule]]
id = "language"
kind = "language"
allow = ["en"]
missing = "keep"
"""
    [rule] = parse_criteria(text).rules
    assert (rule.action, rule.missing, rule.line) == ("exclude", "keep", 2)


@pytest.mark.parametrize("name", ["rea", "pico", "blank"])
def test_template_validates_and_loads(name: str) -> None:
    path = TEMPLATES / f"{name}.toml"
    assert validate_criteria(path) == []
    load_criteria(path).evaluate(Record(title="A title"))


def test_rea_template_states_the_review_rules() -> None:
    criteria = load_criteria(TEMPLATES / "rea.toml")
    assert [(r.id, r.kind, r.action) for r in criteria.rules[:5]] == [
        ("years", "year", "exclude"),
        ("language", "language", "exclude"),
        ("pub-type", "pub_type", "exclude"),
        ("topic", "query", "flag"),
        ("has-abstract", "has", "flag"),
    ]
    assert {"population", "design", "setting", "outcome"} <= set(criteria.reasons)
    on_topic = Record(
        title="Online grooming: how offenders approach adolescents on social media",
        abstract="We interviewed 30 perpetrators about their use of the internet.",
        year=2019,
        language="en",
        pub_type="article",
    )
    assert criteria.evaluate(on_topic).outcome == "pass"
    assert criteria.evaluate(Record(title="Editorial", year=1985)).outcome == "exclude"


RULE = '[[rule]]\nid = "q"\nkind = "query"\nquery = "{query}"\naction = "flag"\n'


def _nested_groups(depth: int) -> str:
    inner = '{ kind = "year", min = 2000 }'
    for _ in range(depth):
        inner = '{ kind = "all", rules = [' + inner + "] }"
    return f'[[rule]]\nid = "deep"\naction = "exclude"\nkind = "all"\nrules = [{inner}]\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (RULE.format(query="(" * 200 + "online" + ")" * 200), "nested more than 50 levels"),
        (RULE.format(query="NOT " * 3000 + "online"), "nested more than 50 levels"),
        (_nested_groups(3000), "TOML nested too deeply to read"),
        (_nested_groups(30), "groups nested more than 20 levels deep"),
    ],
    ids=["200 parentheses", "3000 NOTs", "3000 groups", "30 groups"],
)
def test_deep_nesting_is_a_problem_not_a_crash(text: str, message: str) -> None:
    problems = _problems(text)
    assert len(problems) == 1 and message in problems[0].message


def test_nesting_a_person_writes_is_fine() -> None:
    assert _problems(RULE.format(query="(" * 10 + "online" + ")" * 10)) == []
    assert _problems(_nested_groups(5)) == []
