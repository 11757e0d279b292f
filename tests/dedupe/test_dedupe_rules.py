"""The rule tables themselves (screener.dedupe.vetoes, screener.dedupe.levels): every veto has
a rule and a message, every rule says in one line what it promises, and each applies to the
pair it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from dedupe_pairs import ARTICLE, COCHRANE_REVIEW

from screener.dedupe.agreement import Agreement
from screener.dedupe.facts import PairFacts, pair_facts
from screener.dedupe.levels import LEVELS, Outcome, level
from screener.dedupe.profile import profile
from screener.dedupe.vetoes import (
    FINAL,
    FINAL_VETOES,
    GARBLED,
    HELD,
    MESSAGES,
    SETTLED,
    SPLITTING_VETOES,
    Veto,
    vetoes,
)
from screener.model import Record

VETO_RULES = [rule for table in (FINAL, SETTLED, HELD, GARBLED) for _, rule in table]
LEVEL_RULES = [rule for _, rule in LEVELS]


def test_every_veto_has_a_message() -> None:
    assert set(MESSAGES) == set(Veto)


def test_every_veto_but_the_count_of_conflicts_has_one_rule() -> None:
    tabled = [v for table in (FINAL, SETTLED, HELD, GARBLED) for v, _ in table if v is not None]
    assert len(tabled) == len(set(tabled))
    assert set(tabled) == set(Veto) - {Veto.CONFLICTING_FIELDS}


def test_final_vetoes_are_the_final_table_and_two_conflicts_at_once() -> None:
    assert {v for v, _ in FINAL} | {Veto.CONFLICTING_FIELDS} == FINAL_VETOES
    assert not SPLITTING_VETOES & FINAL_VETOES


@pytest.mark.parametrize(
    "rule", [*VETO_RULES, *LEVEL_RULES], ids=lambda rule: f"{rule.__module__}.{rule.__name__}"
)
def test_every_rule_says_what_it_promises_in_one_line(rule: Callable[[PairFacts], bool]) -> None:
    assert rule.__doc__ and "\n" not in rule.__doc__.strip()


def test_an_agreement_has_no_truth_value() -> None:
    # Every member would be truthy: `if e.doi:` would hold for a conflict too.
    with pytest.raises(TypeError):
        bool(Agreement.CONFLICT)


def _found(left: Record, right: Record) -> list[Veto]:
    return [finding.veto for finding in vetoes(pair_facts(profile(left), profile(right)))]


PART_ONE = replace(ARTICLE, title="Stroke rehabilitation in the community. Part 1", doi="")
COLUMN = Record(
    title="Gateways to clinical trials",
    authors=("Bayes, M.", "Rabasseda, X.", "Prous, J. R."),
    year=2006,
    journal="Methods and Findings in Experimental and Clinical Pharmacology",
    volume="28",
    issue="6",
    pages="379-412",
)
CHAPTER = Record(
    title="Assessment of aphasia",
    authors=("Smith, A.",),
    year=2015,
    doi="10.1007/978-3-319-1",
    isbn="978-3-319-00000-1",
    pub_type="chapter",
)
EDITORIAL = Record(
    title="Editorial",
    authors=("Smith, J.",),
    year=2015,
    journal="Journal of Advanced Nursing",
    volume="71",
    issue="3",
)


@pytest.mark.parametrize(
    ("left", "right", "found"),
    [
        pytest.param(
            ARTICLE,
            replace(ARTICLE, title="Erratum: " + ARTICLE.title, doi=""),
            [Veto.OTHER_KIND],
            id="other_kinds",
        ),
        pytest.param(
            PART_ONE,
            replace(PART_ONE, title=PART_ONE.title.replace("1", "2"), pages="181-190"),
            [
                Veto.OTHER_INSTALMENT,
                Veto.CONFLICTING_FIELDS,
                Veto.DIFFERENT_TITLE_NUMBERS,
                Veto.DIFFERENT_FIRST_PAGES,
            ],
            id="other_instalments",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, year=2016, doi=""),
            [Veto.YEARS_FAR_APART],
            id="years_far_apart",
        ),
        pytest.param(
            CHAPTER,
            replace(CHAPTER, title="Treatment of dysarthria", authors=("Jones, B.",)),
            [Veto.BOOK_SIBLINGS],
            id="book_siblings",
        ),
        pytest.param(
            replace(ARTICLE, pages=""),
            replace(ARTICLE, title="Something entirely different about the kidney", pages=""),
            [Veto.CONTAINER_DOI],
            id="container_doi",
        ),
        pytest.param(
            COLUMN,
            replace(COLUMN, issue="3", pages="185-206"),
            [Veto.OTHER_ISSUE_AND_PAGES, Veto.DIFFERENT_FIRST_PAGES],
            id="other_issue_and_pages",
        ),
        pytest.param(
            replace(
                COCHRANE_REVIEW, title=COCHRANE_REVIEW.title + " (Protocol)", doi="", year=2014
            ),
            COCHRANE_REVIEW,
            [Veto.PROTOCOL_AND_REVIEW],
            id="protocol_and_review",
        ),
        pytest.param(
            COCHRANE_REVIEW,
            replace(
                COCHRANE_REVIEW,
                title="Cognitive rehabilitation after stroke or brain injury: home visits",
                doi="10.1002/14651858.cd009622.pub5",
                year=2018,
                authors=("Liu, X. F.", "Hong, Z."),
            ),
            [Veto.VERSIONS],
            id="versions_for_a_person",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, doi="10.1136/jnnp.2009.999999", pages=""),
            [Veto.DIFFERENT_DOIS],
            id="different_dois",
        ),
        pytest.param(
            PART_ONE,
            replace(PART_ONE, title="Stroke rehabilitation in the community"),
            [Veto.INSTALMENT_ON_ONE_SIDE],
            id="instalment_on_one_side",
        ),
        pytest.param(
            ARTICLE, replace(ARTICLE, year=2012, doi=""), [Veto.YEARS_APART], id="years_apart"
        ),
        pytest.param(
            ARTICLE,
            replace(
                ARTICLE,
                journal="Stroke. Conference: International Stroke Conference",
                volume="40",
                pages="",
                doi="",
                year=2009,
                pub_type="conference",
            ),
            [
                Veto.CONFLICTING_FIELDS,
                Veto.OTHER_FORM,
                Veto.DIFFERENT_VOLUMES,
                Veto.DIFFERENT_JOURNALS,
            ],
            id="other_form",
        ),
        pytest.param(
            replace(
                ARTICLE, title="Trial of drug 5 in stroke rehabilitation at home visits", doi=""
            ),
            replace(
                ARTICLE,
                title="Trial of drug 6 in stroke rehabilitation at home visits",
                doi="",
                pages="",
            ),
            [Veto.DIFFERENT_TITLE_NUMBERS],
            id="different_title_numbers",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, pages="273-280", doi=""),
            [Veto.DIFFERENT_FIRST_PAGES],
            id="different_first_pages",
        ),
        pytest.param(
            EDITORIAL,
            replace(EDITORIAL, issue="5"),
            [Veto.DIFFERENT_ISSUES],
            id="generic_title_in_two_issues",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, volume="82", pages="", doi=""),
            [Veto.DIFFERENT_VOLUMES],
            id="different_volumes",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, journal="Brain", pages="", doi=""),
            [Veto.DIFFERENT_JOURNALS],
            id="different_journals",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, volume="82", pages="20-27", doi=""),
            [Veto.CONFLICTING_FIELDS, Veto.DIFFERENT_FIRST_PAGES, Veto.DIFFERENT_VOLUMES],
            id="two held vetoes make a final one",
        ),
    ],
)
def test_each_veto_rule_applies_to_the_pair_it_names(
    left: Record, right: Record, found: list[Veto]
) -> None:
    assert _found(left, right) == found


REWORDED = "Cognitive rehabilitation after a stroke: randomised trial of visits at home"


@pytest.mark.parametrize(
    ("left", "right", "rule", "outcome"),
    [
        pytest.param(
            replace(ARTICLE, title=""),
            replace(ARTICLE, title="", key="b"),
            "untitled_one_id_or_place",
            Outcome.POSSIBLE,
            id="untitled_one_id_or_place",
        ),
        pytest.param(
            replace(ARTICLE, title="", doi=""),
            replace(ARTICLE, title="", doi="", pages="200-210"),
            "untitled",
            Outcome.DISTINCT,
            id="untitled",
        ),
        pytest.param(
            replace(ARTICLE, volume="", pages=""),
            replace(ARTICLE, title=REWORDED, volume="", pages=""),
            "similar_title_one_id",
            Outcome.DUPLICATE,
            id="similar_title_one_id",
        ),
        pytest.param(
            replace(ARTICLE, pages="173", doi=""),
            replace(ARTICLE, title=REWORDED, pages="173", doi=""),
            "similar_title_in_one_place",
            Outcome.DUPLICATE,
            id="similar_title_in_one_place",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, authors=("Smith, J.", "Brown, K."), doi=""),
            "other_authors_outweighed",
            Outcome.DUPLICATE,
            id="other_authors_outweighed",
        ),
        pytest.param(
            ARTICLE,
            replace(
                ARTICLE,
                title="Rehabilitation of cognition after stroke: home visits",
                doi="",
                pages="",
            ),
            None,
            Outcome.DISTINCT,
            id="no rule: titles too unlike",
        ),
    ],
)
def test_the_first_level_rule_that_applies_decides(
    left: Record, right: Record, rule: str | None, outcome: Outcome
) -> None:
    facts = pair_facts(profile(left), profile(right))
    applied = next((r.__name__ for _, r in LEVELS if r(facts)), None)
    assert (applied, level(facts)) == (rule, outcome)
