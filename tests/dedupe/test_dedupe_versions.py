"""Versions of one work (an updated review, a republished chapter) and the canonical record a
merged group keeps.

Review teams screen the latest version and count the earlier ones as duplicates, so versions
whose title stayed, or kept its lead author, merge without a person and the canonical record is
the latest version's (screener.dedupe.facts.same_version_family, screener.dedupe.merge).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from dedupe_pairs import (
    APART,
    ARTICLE,
    COCHRANE_REVIEW,
    ISSUE_LIKE_A_YEAR,
    MEETING_ABSTRACT,
    MERGED,
    NOT_MERGED,
    TO_A_PERSON,
    outcome,
)

from screener.dedupe import Outcome, compare, find_duplicates, merge_group
from screener.dedupe.evidence import compare_profiles
from screener.dedupe.profile import profile
from screener.model import Record

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

UPDATE = replace(
    COCHRANE_REVIEW,
    doi="10.1002/14651858.cd009622.pub5",
    year=2018,
    authors=("Zhai, Q. J.", "Liu, X. F."),
)
REWORDED = replace(
    COCHRANE_REVIEW,
    title="Cognitive rehabilitation after stroke or brain injury: trials of home visits",
    doi="10.1002/14651858.cd009622.pub5",
    year=2018,
)
# Cochrane retitles reviews between versions; the review number and the team stay.
NICOTINE = replace(
    COCHRANE_REVIEW,
    title="Nicotine for Alzheimer's disease",
    doi="10.1002/14651858.cd001749",
    pages="CD001749",
    year=2000,
)
NICOTINE_RETITLED = replace(
    NICOTINE, title="Efficacy and safety of nicotine on Alzheimer's disease patients", year=2001
)
# A meeting abstract's number ("e20512") that the yearly meeting reuses.
NUMBERED_ABSTRACT = replace(
    MEETING_ABSTRACT, year=2019, volume="37", issue="15_suppl", pages="e20512", key="2019"
)


def _versions() -> list[ParameterSet]:
    # One database gives the review number as the pages, another as the issue, a third only
    # in the DOI.
    by_issue = replace(COCHRANE_REVIEW, doi="", pages="", issue="CD009622", year=2010)
    by_doi = replace(COCHRANE_REVIEW, pages="", year=2012)
    new_team = replace(NICOTINE_RETITLED, authors=("Zhai, Q. J.", "Liu, X. F."))
    protocol = replace(
        NICOTINE, abstract="This is the protocol for a review and there is no abstract. " * 4
    )
    team = ("Zhai, Q. J.", "Yue, X. Y.", "Hong, Z.")
    first = replace(
        COCHRANE_REVIEW,
        title="Nicotine for Alzheimer's disease",
        authors=team,
        year=2000,
        pages="CD001749",
        doi="10.1002/14651858.CD001749",
    )
    third = replace(
        first,
        title="Efficacy and safety of nicotine on Alzheimer's disease patients",
        authors=(*team, "Birks, J."),
        year=2010,
        doi="10.1002/14651858.CD001749.pub3",
    )
    rows = [
        pytest.param(COCHRANE_REVIEW, UPDATE, MERGED, id="a Cochrane update merges"),
        pytest.param(
            COCHRANE_REVIEW, by_issue, MERGED, id="the review number in the issue field links"
        ),
        pytest.param(by_issue, by_doi, MERGED, id="the review number in the DOI links"),
        pytest.param(
            by_doi,
            replace(by_issue, issue="CD009623"),
            NOT_MERGED,
            id="another review number is another review",
        ),
        pytest.param(
            COCHRANE_REVIEW, REWORDED, MERGED, id="a reworded title under its lead author merges"
        ),
        pytest.param(
            COCHRANE_REVIEW,
            replace(REWORDED, authors=("Liu, X. F.", "Hong, Z.")),
            TO_A_PERSON,
            id="a reworded title under a new team goes to a person",
        ),
        pytest.param(
            NICOTINE, NICOTINE_RETITLED, MERGED, id="a retitled review with its whole team merges"
        ),
        pytest.param(
            NICOTINE,
            new_team,
            NOT_MERGED,
            id="a retitled review under its lead author and another team is not merged",
        ),
        *[
            # A double-barrelled surname is one author too.
            pytest.param(
                replace(NICOTINE, authors=alone),
                replace(NICOTINE_RETITLED, authors=alone),
                NOT_MERGED,
                id=f"one author is no team: {alone[0]}",
            )
            for alone in [("Zhai, Q. J.",), ("Lopez-Arrieta, J. M.",)]
        ],
        pytest.param(
            protocol,
            NICOTINE_RETITLED,
            NOT_MERGED,
            id="a protocol is no version of its review",
        ),
        pytest.param(
            first, third, TO_A_PERSON, id="a version retitled under a changed team goes to a person"
        ),
        pytest.param(
            NUMBERED_ABSTRACT,
            replace(NUMBERED_ABSTRACT, year=2020, volume="38", key="2020"),
            NOT_MERGED,
            id="a meeting abstract number reused the next year is not merged",
        ),
        pytest.param(
            NUMBERED_ABSTRACT,
            replace(NUMBERED_ABSTRACT, year=2024, volume="42", key="2024"),
            APART,
            id="a reused meeting abstract number does not carry a pair over the years",
        ),
    ]
    return rows + _republished()


def _republished() -> list[ParameterSet]:
    summary = (
        "Introduction: head lice infestation is common in school-age children. Methods and "
        "outcomes: we conducted a systematic overview of treatments, searching Medline, Embase "
        "and The Cochrane Library for randomised trials of topical and oral interventions."
    )
    chapter = Record(
        title="Head lice",
        authors=("Burgess, I. F.",),
        year=2009,
        journal="BMJ Clin Evid",
        volume="2009",
        abstract=summary,
        key="2009",
    )
    update = replace(chapter, year=2011, volume="2011", key="2011")
    # A publisher's placeholder is not an abstract.
    placeholder = "An abstract is not available for this content. " * 5
    editorial = replace(chapter, title="Editorial", abstract=placeholder)
    report = replace(
        chapter,
        title="Head lice infestation in primary schools of England and Wales, 2010: annual report",
    )
    # PubMed cites BMJ Clinical Evidence as "BMJ Clin Evid. 2011;2011:1703": the chapter number
    # stays with its updates.
    leg_summary = "Introduction: leg cramps are common in older adults. Methods: an overview. " * 3
    leg_cramps = Record(
        title="Leg cramps",
        authors=("Young, G.",),
        year=2009,
        journal="BMJ Clin Evid",
        volume="2009",
        pages="1113",
        abstract=leg_summary,
        key="2009",
    )
    leg_update = replace(leg_cramps, year=2015, volume="2015", key="2015")
    return [
        pytest.param(chapter, update, MERGED, id="one title, abstract and team republished merge"),
        pytest.param(
            chapter,
            replace(update, abstract="Scabies treatments."),
            NOT_MERGED,
            id="a republished title with another abstract is not merged",
        ),
        pytest.param(
            chapter,
            replace(update, authors=("Smith, J.",)),
            NOT_MERGED,
            id="a republished title by another author is not merged",
        ),
        pytest.param(
            editorial,
            replace(editorial, year=2011),
            NOT_MERGED,
            id="a placeholder abstract republished is not merged",
        ),
        # The journal updates a review every few years: one title, abstract and team link
        # updates six years apart, and nothing short of that does.
        pytest.param(
            chapter,
            replace(update, year=2015, volume="2015"),
            MERGED,
            id="a republished update six years on merges",
        ),
        pytest.param(
            chapter,
            replace(update, year=2015, volume="2015", abstract="Scabies treatments. " * 12),
            APART,
            id="a rewritten chapter six years on stays apart",
        ),
        pytest.param(
            report,
            replace(report, title=report.title.replace("2010", "2015"), year=2015, key="2015"),
            NOT_MERGED,
            id="a yearly report for another year is not merged",
        ),
        pytest.param(
            leg_cramps, leg_update, MERGED, id="a republished update keeps its chapter number"
        ),
        pytest.param(
            leg_cramps,
            replace(leg_update, pages=""),
            MERGED,
            id="a republished update without its chapter number merges",
        ),
        pytest.param(
            leg_cramps,
            replace(leg_update, pages="1114"),
            NOT_MERGED,
            id="another chapter number is another chapter",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _versions())
def test_versions_of_one_work_merge_unless_retitled_or_only_numbered(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


@pytest.mark.parametrize(
    ("left", "right", "given"),
    [
        pytest.param(COCHRANE_REVIEW, UPDATE, True, id="a Cochrane update"),
        pytest.param(
            NUMBERED_ABSTRACT,
            replace(NUMBERED_ABSTRACT, year=2020, volume="38", key="2020"),
            False,
            id="a reused meeting abstract number",
        ),
    ],
)
def test_versions_merged_as_one_work_say_so(left: Record, right: Record, given: bool) -> None:
    assert ("versions of one work (an update)" in compare(left, right).reasons) is given


def test_versions_under_a_new_title_and_team_are_kept_out_of_one_group() -> None:
    new_team = replace(REWORDED, authors=("Liu, X. F.", "Hong, Z."))
    assert compare(COCHRANE_REVIEW, new_team).kept_apart


def test_a_retitled_review_is_less_alike_than_a_similar_title() -> None:
    assert compare_profiles(profile(NICOTINE), profile(NICOTINE_RETITLED)).title < 0.75


def test_a_one_word_title_updated_years_later_is_compared() -> None:
    # "Autism" is too short a title to block on alone, and its update shares no year or page.
    summary = "Introduction: autism is a lifelong condition. Methods: a systematic overview. " * 3
    chapter = Record(
        title="Autism",
        authors=("Parr, J.",),
        year=2008,
        journal="BMJ Clin Evid",
        volume="2008",
        abstract=summary,
        key="2008",
    )
    update = replace(chapter, year=2010, volume="2010", key="2010")
    other = replace(chapter, authors=("Smith, J.",), abstract="Another overview. " * 12, key="x")
    result = find_duplicates([chapter, other, update])
    assert result.groups == [[0, 2]]


def test_merged_versions_take_the_latest_version() -> None:
    older = replace(
        COCHRANE_REVIEW,
        abstract="Background: an earlier search.",
        key="old",
        doi="10.1002/14651858.cd009622.pub2",
        year=2010,
    )
    latest = replace(COCHRANE_REVIEW, abstract="", key="new", year=2016, authors=("Zhai, Q.",))
    merged = merge_group([older, latest])
    assert (merged.year, merged.doi, merged.key) == (2016, latest.doi, "new")
    assert merged.authors == ("Zhai, Q.",)
    assert merged.abstract == older.abstract  # the latest lacks one: the earlier one fills it


def test_merged_versions_take_the_highest_doi_version_not_a_later_database_year() -> None:
    second = replace(COCHRANE_REVIEW, doi="10.1002/14651858.cd009622.pub2", year=2012, key="p2")
    third = replace(COCHRANE_REVIEW, doi="10.1002/14651858.cd009622.pub3", year=2016, key="p3")
    third_elsewhere = replace(third, doi="", issue="CD009622", year=2017, key="p3 no DOI")
    merged = merge_group([second, third, third_elsewhere])
    assert (merged.doi, merged.year) == (third.doi, 2016)
    undated = replace(third, doi="10.1002/14651858.cd009622.pub6", year=None, key="p6")
    merged = merge_group([second, undated])
    assert (merged.doi, merged.year) == (undated.doi, None)
    # A lower DOI version with a later (wrong) year is still the earlier version.
    misdated = replace(second, year=2019)
    assert merge_group([misdated, third]).doi == third.doi


def test_a_later_version_without_a_doi_is_the_latest() -> None:
    fourth = replace(COCHRANE_REVIEW, doi="10.1002/14651858.cd009622.pub4", year=2009, key="4")
    sixth = replace(COCHRANE_REVIEW, doi="10.1002/14651858.cd009622.pub6", year=2013, key="6")
    update = replace(
        COCHRANE_REVIEW, doi="", issue="", pages="", year=2019, abstract="2019 update.", key="u"
    )
    merged = merge_group([fourth, sixth, update])
    assert (merged.year, merged.abstract, merged.key) == (2019, "2019 update.", "u")
    # Where the latest version was published is its own: no earlier version's DOI or pages.
    assert (merged.doi, merged.pages, merged.issue) == ("", "", "")


def test_a_merged_group_keeps_the_real_year_over_a_misplaced_one() -> None:
    meta = ISSUE_LIKE_A_YEAR
    assert merge_group([replace(meta, year=1873, key="b"), meta]).year == 2018


def test_a_year_mistyped_under_one_doi_keeps_the_located_record() -> None:
    summary = "Socioeconomic status shapes brain structure; we pooled imaging studies. " * 4
    located = replace(ARTICLE, year=1991, abstract=summary, pmid="2019999")
    online = replace(located, year=2008, volume="", issue="", pages="", pmid="", key="online")
    assert outcome(located, online) is Outcome.DUPLICATE
    merged = merge_group([located, online])
    assert (merged.volume, merged.issue, merged.pages, merged.pmid) == (
        "81",
        "2",
        "173-180",
        "2019999",
    )


@pytest.mark.parametrize(
    "note",
    [
        "This is the protocol for a review and there is no abstract.",
        "OBJECTIVES: This is a protocol for a Cochrane Review (intervention).",
        "<jats:p>This is the protocol for an overview of reviews.</jats:p>",
    ],
)
def test_a_cochrane_protocol_is_known_by_its_abstract(note: str) -> None:
    protocol = replace(COCHRANE_REVIEW, abstract=f"{note} The objectives are as follows: ...")
    assert profile(protocol).form == "protocol"
    assert profile(replace(protocol, abstract="Background: a review of trials.")).form != (
        "protocol"
    )


def test_a_protocol_is_known_whatever_its_export_calls_it() -> None:
    protocol = replace(
        NICOTINE, abstract="This is the protocol for a review and there is no abstract. " * 4
    )
    assert profile(protocol).form == "protocol"
