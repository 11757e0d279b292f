"""Inclusion criteria as code: criteria files, the boolean query language, evaluation and
highlighting.

    criteria = load_criteria("criteria.toml")
    evaluation = criteria.evaluate(record)
    evaluation.outcome                   # "pass" | "flag" | "exclude"
    evaluation.failed_rule               # the deciding RuleResult, or None
    criteria.explain(record).results     # rule by rule, with matched terms and spans
    Highlighter.from_criteria(criteria).spans(record.abstract)

`validate_criteria(path)` lists every problem of a file; `parse` and `render` expose the
query language (see `query_parser` for its grammar).
"""

from __future__ import annotations

from screener.criteria.conditions import FAIL, PASS, UNKNOWN
from screener.criteria.evaluate import OUTCOMES, Evaluation, RuleResult
from screener.criteria.highlight import Highlighter
from screener.criteria.loader import (
    check_criteria_text,
    load_criteria,
    parse_criteria,
    read_criteria_text,
    validate_criteria,
)
from screener.criteria.problems import CriteriaError, Problem
from screener.criteria.query_eval import Match, field_text
from screener.criteria.query_parser import QuerySyntaxError, parse, render
from screener.criteria.rules import Criteria, Rule

__all__ = [
    "FAIL",
    "OUTCOMES",
    "PASS",
    "UNKNOWN",
    "Criteria",
    "CriteriaError",
    "Evaluation",
    "Highlighter",
    "Match",
    "Problem",
    "QuerySyntaxError",
    "Rule",
    "RuleResult",
    "check_criteria_text",
    "field_text",
    "load_criteria",
    "parse",
    "parse_criteria",
    "read_criteria_text",
    "render",
    "validate_criteria",
]
