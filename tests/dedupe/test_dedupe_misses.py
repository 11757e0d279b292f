"""Rules the misses of an unseen multi-database set taught (screener.dedupe.vetoes,
screener.dedupe.evidence, screener.dedupe.meetings): conflicts from one unreadable record, a
shared last page across issues, page 1, one abstract at two meetings, recurring columns, and
proceedings named by their series in different forms.

A row's id says what the pair is and what becomes of it; a comment beside it names the kind of
record that taught us the rule.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from dedupe_pairs import APART, ARTICLE, MERGED, NOT_MERGED, TO_A_PERSON, outcome
from hypothesis import given
from hypothesis import strategies as st

from screener.dedupe import Outcome, compare, find_duplicates
from screener.dedupe.meetings import meeting, one_series
from screener.model import Record

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

TEAM = ("Okafor, N.", "Lindqvist, H.")


def _unreadable_venues() -> list[ParameterSet]:
    # One database put a whole citation into the journal field and a page-count note into the
    # volume field: its journal, volume and pages conflict with the clean record's, but these
    # are one misreading, not three witnesses.
    citation = replace(
        ARTICLE,
        journal="Journal of Neurology, Neurosurgery and Psychiatry.81 (2) ()(pp 173-180) 2010."
        "Date of Publication: Feb 2010.",
        volume="var.pagings",
        pages="273-280",
        doi="",
        key="citation",
    )
    month = replace(ARTICLE, journal="J Neurol Sci", pages="October", volume="18", doi="")
    clean = replace(ARTICLE, doi="")
    return [
        pytest.param(
            clean, citation, TO_A_PERSON, id="a citation in the journal field goes to a person"
        ),
        pytest.param(clean, month, TO_A_PERSON, id="a month for pages goes to a person"),
        pytest.param(
            clean,
            replace(clean, journal="J Neurol Sci", volume="18", pages="20-27"),
            APART,
            id="two clean records in two places stay apart",
        ),
    ]


def _issues_and_pages() -> list[ParameterSet]:
    # Two papers by one team in one volume: 57(6) pp 38-45 and 57(4) pp 34-45.
    first = Record(
        title="Sleep spindles and overnight memory consolidation in adolescents",
        authors=TEAM,
        year=2016,
        journal="Journal of Sleep Research",
        volume="57",
        issue="6",
        pages="38-45",
        key="june",
    )
    # Technical reports 168 and 174 of one series, each pp 1-103.
    report = Record(
        title="Water quality of the northern estuaries: annual monitoring results",
        authors=("Marsh, T.",),
        year=2014,
        journal="Technical Report Series of the Coastal Monitoring Programme",
        volume="168",
        pages="1-103",
        pub_type="report",
        key="168",
    )
    numbered = replace(report, volume="", issue="168")
    # "Editor's Comments" in issues 1-4 of one volume, no pages.
    column = Record(
        title="Editor's Comments",
        authors=("Reyes, A.",),
        year=2017,
        journal="Information Systems Quarterly",
        volume="41",
        issue="No. 1",
        key="1",
    )
    return [
        pytest.param(
            first,
            replace(first, issue="4", pages="34-45", key="april"),
            NOT_MERGED,
            id="a shared last page in another issue is not merged",
        ),
        pytest.param(
            first,
            replace(first, pages="34-45", key="typo"),
            MERGED,
            id="a shared last page in one issue outweighs a first-page typo",
        ),
        pytest.param(
            report,
            replace(report, volume="174", key="174"),
            NOT_MERGED,
            id="page 1 does not outweigh another report volume",
        ),
        pytest.param(
            numbered,
            replace(numbered, issue="174", key="174"),
            NOT_MERGED,
            id="page 1 does not outweigh another report number",
        ),
        pytest.param(
            replace(first, pages="173-180"),
            replace(first, volume="58", pages="173-180", key="other volume"),
            MERGED,
            id="one journal and first page other than 1 outweigh a volume",
        ),
        pytest.param(
            column,
            replace(column, issue="No. 2", key="2"),
            TO_A_PERSON,
            id="a recurring column in two issues of one volume goes to a person",
        ),
    ]


# One abstract presented at two meetings a year apart, printed in two journals' supplements.
ABSTRACT = Record(
    title="Circulating microRNA-21 predicts early heart failure after myocardial infarction",
    authors=TEAM,
    year=2015,
    journal="European Journal of Heart Failure. Conference: Heart Failure Congress",
    volume="17",
    issue="Suppl 1",
    pages="S12",
    abstract="We measured circulating microRNA-21 in 200 patients after a first myocardial "
    "infarction and followed them for two years for heart failure. " * 2,
    pub_type="conference",
    key="congress",
)
AT_ANOTHER_MEETING = replace(
    ABSTRACT,
    journal="Circulation. Conference: American Heart Association Scientific Sessions",
    volume="132",
    issue="Suppl 3",
    pages="A1234",
    year=2016,
    key="sessions",
)


def _meetings() -> list[ParameterSet]:
    bare = replace(AT_ANOTHER_MEETING, volume="", issue="", pages="")
    # One abstract indexed under the journal's meeting and under the meeting's own name.
    by_meeting = replace(
        ABSTRACT, journal="Heart Failure Congress", issue="", pages="", key="by meeting"
    )
    return [
        pytest.param(
            ABSTRACT,
            AT_ANOTHER_MEETING,
            TO_A_PERSON,
            id="one abstract at two meetings in two journals goes to a person",
        ),
        pytest.param(
            replace(ABSTRACT, volume="", issue="", pages=""),
            bare,
            TO_A_PERSON,
            id="one abstract at two meetings without volumes goes to a person",
        ),
        pytest.param(
            ABSTRACT, by_meeting, MERGED, id="one abstract named by journal or by meeting merges"
        ),
    ]


@pytest.mark.parametrize(
    ("left", "right", "expected"), [*_unreadable_venues(), *_issues_and_pages(), *_meetings()]
)
def test_conflicts_issues_pages_and_meetings(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected
    assert outcome(right, left) in expected


def test_unreadable_venue_fields_count_as_one_conflict() -> None:
    left, right, _ = _unreadable_venues()[0].values
    pair = compare(left, right)
    assert not any("conflicting fields" in reason for reason in pair.reasons)
    assert "different journals" in pair.reasons


def test_four_issues_of_a_recurring_column_make_no_group() -> None:
    column = _issues_and_pages()[-1].values[0]
    records = [replace(column, issue=f"No. {n}", key=str(n)) for n in range(1, 5)]
    result = find_duplicates(records)
    assert result.groups == []
    assert result.possible


@given(st.integers(1, 40), st.integers(1, 40), st.sampled_from(["{}", "No. {}", "{} (Spring)"]))
def test_a_generic_title_in_two_issues_of_one_volume_is_never_merged(
    one: int, two: int, form: str
) -> None:
    column = Record(
        title="Editorial", authors=("Reyes, A.",), year=2017, journal="Nursing Open", volume="4"
    )
    left = replace(column, issue=form.format(one))
    right = replace(column, issue=form.format(two), key="other")
    assert (outcome(left, right) is Outcome.DUPLICATE) is (one == two)


@given(st.integers(2, 400), st.integers(2, 400), st.integers(10, 200))
def test_page_one_never_outweighs_two_volumes(one: int, two: int, length: int) -> None:
    report = replace(_issues_and_pages()[2].values[0], pages=f"1-{length}")
    left, right = replace(report, volume=str(one)), replace(report, volume=str(two), key="2")
    assert (outcome(left, right) is Outcome.DUPLICATE) is (one == two)


# Proceedings named in a BibTeX booktitle: every form names one series.
PAPER = Record(
    title="Platform Ecosystems and Digital Innovation: A Configurational Study",
    authors=("Smith, Jane", "Osei, Kwame"),
    year=2019,
    journal="25th Americas Conference on Information Systems",
    pub_type="inproceedings",
    key="ordinal",
)
SERIES_FORMS = [
    ("AMCIS 2019 Proceedings", 2019),
    ("Proceedings of the Twenty-fifth Americas Conference on Information Systems", 2019),
    ("Americas Conference on Information Systems (AMCIS), Cancun, Mexico", 2019),
    ("AMCIS", 2020),  # the proceedings year one after the meeting's
]


@pytest.mark.parametrize(("name", "year"), SERIES_FORMS, ids=[n for n, _ in SERIES_FORMS])
def test_one_paper_in_proceedings_named_by_their_series_merges(name: str, year: int) -> None:
    other = replace(
        PAPER,
        title=PAPER.title.upper(),
        authors=("Smith, J.", "Osei, K."),
        journal=name,
        year=year,
        key="other",
    )
    assert outcome(PAPER, other) is Outcome.DUPLICATE


def test_an_acronym_with_the_years_theme_names_its_series() -> None:
    themed = replace(
        PAPER,
        journal="ICIS: Transforming Society with Digital Innovation",
        year=2017,
        key="themed",
    )
    spelt = replace(
        themed, journal="Proceedings of the International Conference on Information Systems"
    )
    assert outcome(themed, spelt) is Outcome.DUPLICATE


@pytest.mark.parametrize(
    "other",
    [
        pytest.param("AMCIS 2018 Proceedings", id="another year of the series"),
        pytest.param("24th Americas Conference on Information Systems", id="another ordinal"),
    ],
)
def test_other_meetings_of_one_series_are_not_merged(other: str) -> None:
    named = replace(PAPER, journal="AMCIS 2019 Proceedings")
    if "24th" in other:
        named = PAPER
    assert outcome(named, replace(PAPER, journal=other, key="other")) in NOT_MERGED


words = st.sampled_from(["health", "systems", "digital", "pacific", "nordic", "design", "data"])


@given(st.lists(words, min_size=2, max_size=5, unique=True), st.integers(1990, 2030))
def test_a_series_matches_its_acronym_and_proceedings_forms(name: list[str], year: int) -> None:
    spelt = " ".join(w.title() for w in name) + " Conference"
    acronym = "".join(w[0] for w in name).upper() + "C"
    forms = [
        spelt,
        f"Proceedings of the {spelt} {year}",
        f"{acronym} {year} Proceedings",
        f"{acronym}: Theme of the Year",
    ]
    for a in forms:
        for b in forms:
            assert one_series(meeting(a), meeting(b))
    assert not one_series(meeting(f"{acronym} {year}"), meeting(f"{acronym} {year + 1}"))


def test_a_double_issue_and_one_of_its_numbers_cite_one_article_despite_two_dois() -> None:
    # Two DOIs (a journal that moved publisher) on one citation to the letter: the double
    # issue "3-4" cited as "3" does not make the two citations differ.
    common = dict(
        title="A model of cerebral lateralisation: a critique and a prospect",
        authors=("Braun, C. M.",),
        year=1996,
        journal="Behav Neurol",
        volume="9",
        pages="107-113",
    )
    single = Record(issue="3", doi="10.1000/old-publisher-93-401", **common)
    double = Record(issue="3-4", doi="10.2000/1996/503927", **common)
    assert find_duplicates([single, double]).groups == [[0, 1]]
    supplement = Record(issue="3 Suppl 4", doi="10.2000/1996/503928", **common)
    assert find_duplicates([single, supplement]).groups == []
