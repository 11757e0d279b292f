"""Where a work appeared: pages, volumes and issues that place it, and one text printed twice
(screener.dedupe.vetoes, screener.dedupe.facts).

A row's id says what the pair is and what becomes of it; a comment beside it names the record
that taught us the rule, where there was one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from dedupe_pairs import (
    APART,
    ARTICLE,
    MEETING_ABSTRACT,
    MERGED,
    NOT_MERGED,
    TO_A_PERSON,
    outcome,
)

from screener.dedupe import Outcome, compare, find_duplicates
from screener.model import Record

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

COLUMN = Record(
    title="Gateways to clinical trials",
    authors=("Bayes, M.", "Rabasseda, X.", "Prous, J. R."),
    year=2006,
    journal="Methods and Findings in Experimental and Clinical Pharmacology",
    volume="28",
    issue="6",
    pages="379-412",
    key="june",
)
# Nephron Clinical Practice numbers its pages "c37"; another database drops the letter.
LETTERED = Record(
    title="Haemolytic uraemic syndrome",
    authors=("Kavanagh, D.", "Goodship, T."),
    year=2011,
    journal="Nephron",
    volume="118",
    issue="1",
    pages="c37-c42",
    key="lettered",
)
PLAIN = replace(LETTERED, journal="Nephron - Clinical Practice", pages="37-42", year=2010)


def _places() -> list[ParameterSet]:
    editorial = Record(
        title="Editorial",
        authors=("Smith, J.",),
        year=2015,
        journal="Journal of Advanced Nursing",
        volume="71",
        issue="3",
        key="march",
    )
    may = replace(editorial, issue="5", key="may")
    long_title = "Nurse staffing and patient outcomes in acute hospitals: a national survey"
    abstract = Record(
        title="The treatment of atypical haemolytic uraemic syndrome",
        authors=("Loirat, C.",),
        year=2011,
        journal="Pediatric Nephrology. Conference: 44th Annual Meeting",
        volume="26",
        issue="9",
        pages="1746",
        key="right",
    )
    shifted = replace(abstract, volume="", issue="26", pages="9", key="shifted")
    supplement = replace(MEETING_ABSTRACT, volume="30", issue="Suppl. 3", pages="S51")
    typo = replace(
        ARTICLE,
        title=ARTICLE.title.replace("randomised", "randomized").replace("visits", "visiting"),
        authors=("Home Visits Trial Group",),
        doi="",
        key="typo",
    )
    # A database that kept only the series label of the title.
    series = Record(
        title="Motherisk update: using corticosteroids during pregnancy",
        authors=("Oren, D.", "Nulman, I.", "Koren, G."),
        year=2004,
        journal="Canadian Family Physician",
        volume="50",
        pages="1083-1085",
        key="full",
    )
    label = replace(series, title="Motherisk update", authors=("Oren DNulman IKoren G",))
    alone = ("Garcia-Bournissen, F.",)
    unrelated = Record(
        title="Acupuncture for post-stroke shoulder pain: a pilot study",
        authors=("Zhai, Q. J.", "Liu, X. F."),
        year=2010,
        journal="Chinese Journal of Cerebrovascular Diseases",
        volume="7",
        pages="73-76",
    )
    return [
        pytest.param(
            COLUMN,
            replace(COLUMN, issue="3", pages="185-206", key="april"),
            APART,
            id="two instalments of a column in other issues and pages stay apart",
        ),
        pytest.param(
            editorial, may, TO_A_PERSON, id="an editor's editorials in two issues go to a person"
        ),
        pytest.param(
            editorial, replace(may, issue="3"), MERGED, id="an editorial in one issue merges"
        ),
        pytest.param(
            replace(editorial, title=long_title),
            replace(may, title=long_title),
            MERGED,
            id="a long title whose issue was garbled merges",
        ),
        pytest.param(abstract, shifted, MERGED, id="fields moved one column still match"),
        pytest.param(
            abstract,
            replace(shifted, pages="12"),
            NOT_MERGED,
            id="an issue that only happens to equal the volume is not a shift",
        ),
        pytest.param(
            LETTERED, PLAIN, MERGED, id="a page range with a section letter on one side merges"
        ),
        pytest.param(
            supplement,
            replace(supplement, volume="3", issue="", key="misplaced"),
            MERGED,
            id="a supplement number in the volume field is not another volume",
        ),
        pytest.param(
            replace(ARTICLE, doi=""),
            typo,
            MERGED,
            id="a whole page range allows a title typo under a group author",
        ),
        pytest.param(
            replace(ARTICLE, doi="", pages="173"),
            replace(typo, pages="173"),
            NOT_MERGED,
            id="a first page alone allows no title typo under a group author",
        ),
        pytest.param(
            series, label, MERGED, id="a title cut to its series label in one place merges"
        ),
        pytest.param(
            replace(series, pages="1201-1203"),
            label,
            APART,
            id="another item of the series on other pages stays apart",
        ),
        pytest.param(
            series,
            replace(label, authors=("Ito, S.", "Koren, G.")),
            NOT_MERGED,
            id="another item of the series by another team is not merged",
        ),
        pytest.param(
            replace(series, authors=alone),
            replace(label, authors=alone),
            NOT_MERGED,
            id="one author is no team to vouch for a series label",
        ),
        pytest.param(
            ARTICLE,
            unrelated,
            APART,
            id="unrelated records of one first author and year stay apart",
        ),
        pytest.param(
            replace(ARTICLE, pages="244-244", doi=""),
            replace(
                ARTICLE, title="Structural studies of complement factor H", pages="243-244", doi=""
            ),
            NOT_MERGED,
            id="adjacent one-page abstracts sharing a last page are not merged",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _places())
def test_pages_volumes_and_issues_place_a_work(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


def _printed_twice() -> list[ParameterSet]:
    summary = (
        "Background: tocotrienols may protect bone. Methods: we searched Medline and Embase "
        "for animal and cell studies of osteoclast activity. Results: eighteen studies showed "
        "reduced osteoclast differentiation and activity in treated animals."
    )
    # Curr Drug Targets 19(9) printed one text twice, on pp. 1087-1094 and 1095-1107, each
    # printing with its own DOI.
    first = Record(
        title="Tocotrienols regulate bone loss through suppression on osteoclast activity",
        authors=("Radzi, N. F.", "Ismail, N. A.", "Alias, E."),
        year=2018,
        journal="Curr Drug Targets",
        volume="19",
        issue="9",
        pages="1087-1094",
        doi="10.2174/1389450118666180516122517",
        abstract=summary,
        key="first",
    )
    again = replace(first, pages="1095-1107", doi="10.2174/1389450119666180207092539", key="2")
    placeholder = "An abstract is not available for this content. " * 5
    # Companion papers of one team share their Background but not their title; a protocol and
    # its results paper share the title but not the issue.
    men = replace(
        first,
        title="Objectively measured physical activity and incident cardiovascular disease in men",
    )
    meeting = replace(first, issue="9 Suppl 1", pages="S12")
    # One abstract printed in its session and again in the poster list.
    oral = replace(
        MEETING_ABSTRACT, issue="Supplement 3", pages="S541", doi="10.1016/j.hpb.2019.10.1528"
    )
    poster = replace(oral, pages="S869", doi="10.1016/j.hpb.2019.10.960")
    winter = replace(MEETING_ABSTRACT, issue="3_suppl", pages="240", pub_type="conference")
    text = "We report survival after three years of follow-up in a randomised trial. " * 3
    winter_text = replace(
        MEETING_ABSTRACT, issue="4_suppl", pages="345", doi="10.1000/a.4", abstract=text
    )
    unmarked = replace(MEETING_ABSTRACT, issue="", pages="240", pub_type="conference")
    letter = replace(MEETING_ABSTRACT, issue="", pages="1520")
    abstract_men = replace(
        MEETING_ABSTRACT,
        title="Outcomes of a structured exercise programme after stroke in men: a cohort study",
        issue="Suppl 1",
        pages="S12",
        doi="10.1000/abstract.12",
    )
    abstract_women = replace(
        abstract_men, title=abstract_men.title.replace(" men:", " women:"), pages="S13", doi=""
    )
    return [
        pytest.param(first, again, MERGED, id="one text a journal printed twice merges"),
        pytest.param(
            first,
            replace(again, abstract="Vitamin E and fracture healing in rats. " * 6),
            NOT_MERGED,
            id="another text is not printed twice",
        ),
        pytest.param(
            replace(first, abstract=placeholder),
            replace(again, abstract=placeholder),
            NOT_MERGED,
            id="a placeholder abstract is no text printed twice",
        ),
        pytest.param(
            first,
            replace(again, journal="Bone"),
            NOT_MERGED,
            id="another journal did not print it twice",
        ),
        pytest.param(
            first,
            replace(again, authors=("Radzi, N. F.", "Chin, K. Y.", "Soelaiman, I. N.")),
            NOT_MERGED,
            id="another author list is no text printed twice",
        ),
        pytest.param(
            first,
            replace(again, year=2021, volume="22", issue="4", pages="624-625"),
            NOT_MERGED,
            id="a talk's abstract printed years after the article is not merged",
        ),
        pytest.param(
            men,
            replace(again, title=men.title.replace(" men", " women")),
            NOT_MERGED,
            id="companion papers are not printed twice",
        ),
        pytest.param(
            first,
            replace(again, year=2019, volume="20", issue="3", pages="301-310"),
            NOT_MERGED,
            id="a protocol and its results paper are not printed twice",
        ),
        pytest.param(
            meeting,
            replace(meeting, issue="12 Suppl 2", pages="S40", doi="10.2174/x"),
            NOT_MERGED,
            id="one abstract at two meetings in two supplements is not printed twice",
        ),
        pytest.param(
            MEETING_ABSTRACT,
            replace(MEETING_ABSTRACT, pages="e3", key="posters"),
            MERGED,
            id="one meeting abstract printed twice in a supplement merges",
        ),
        *[
            pytest.param(MEETING_ABSTRACT, other, NOT_MERGED, id=f"{case} is not printed twice")
            for case, other in [
                # An erratum is in a later issue.
                (
                    "an abstract in a later issue",
                    replace(MEETING_ABSTRACT, pages="e3", issue="12", key="later issue"),
                ),
                (
                    "an article running longer",
                    replace(MEETING_ABSTRACT, pages="e3-e9", key="longer"),
                ),
                (
                    "an abstract under a title of its own",
                    replace(
                        MEETING_ABSTRACT, pages="e3", title="Amantadine: a trial", key="short title"
                    ),
                ),
                (
                    "an abstract by another author",
                    replace(
                        MEETING_ABSTRACT, pages="e3", authors=("Todd, N.",), key="other author"
                    ),
                ),
                (
                    "an abstract in another volume",
                    replace(MEETING_ABSTRACT, pages="e3", volume="92", key="other volume"),
                ),
            ]
        ],
        pytest.param(
            oral,
            poster,
            MERGED,
            id="one abstract in two sessions of one supplement merges despite two DOIs",
        ),
        pytest.param(
            replace(oral, issue="10", pages=oral.pages[1:]),
            replace(poster, issue="10", pages=poster.pages[1:]),
            NOT_MERGED,
            id="two DOIs outside a supplement are not printed twice",
        ),
        pytest.param(
            winter,
            replace(winter, issue="15_suppl", pages="4002"),
            NOT_MERGED,
            id="one abstract at two meetings in two supplements is two presentations",
        ),
        pytest.param(
            winter_text,
            replace(winter_text, issue="15_suppl", doi="10.1000/a.15"),
            NOT_MERGED,
            id="one abstract in two supplements on the same page number is not merged",
        ),
        pytest.param(
            unmarked,
            replace(unmarked, issue="15_suppl", pages="4002", key="annual"),
            NOT_MERGED,
            id="an encore abstract is not merged where one record lacks its supplement",
        ),
        pytest.param(
            replace(unmarked, issue="15_suppl", pages="4002", key="annual"),
            unmarked,
            NOT_MERGED,
            id="an encore abstract is not merged either way round",
        ),
        pytest.param(
            letter,
            replace(letter, pages="2034"),
            NOT_MERGED,
            id="a letter and an unmarked erratum in one volume are not printed twice",
        ),
        pytest.param(
            abstract_men,
            abstract_women,
            NOT_MERGED,
            id="abstracts whose titles differ by one word are not printed twice",
        ),
        pytest.param(
            abstract_men,
            replace(abstract_women, doi="10.1000/abstract.13"),
            NOT_MERGED,
            id="abstracts whose titles differ by one word and DOIs are not printed twice",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _printed_twice())
def test_one_text_printed_twice_merges_and_look_alikes_do_not(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


def _place_reasons() -> list[ParameterSet]:
    abstract = replace(COLUMN, issue="9", pages="1798", key="september")
    april = replace(COLUMN, issue="4", pages="886", key="april")
    instalments = "different issues and page ranges"
    return [
        pytest.param(
            COLUMN,
            replace(COLUMN, issue="3", pages="185-206", key="april"),
            instalments,
            True,
            id="two instalments of a column",
        ),
        pytest.param(abstract, april, instalments, True, id="two one-page abstracts of one volume"),
        pytest.param(
            abstract,
            replace(april, volume="29"),  # a volume garbled too: not this rule's call
            instalments,
            False,
            id="two one-page abstracts of two volumes",
        ),
        *[
            pytest.param(COLUMN, other, instalments, False, id=f"one field disagreeing: {case}")
            for case, other in [
                ("garbled pages alone", replace(COLUMN, issue="", pages="185-206", key="no issue")),
                # An abstract or an erratum: a single page against a range.
                ("one page", replace(COLUMN, issue="3", pages="185", key="one page")),
                (
                    "overlapping pages",
                    replace(COLUMN, issue="3", pages="400-420", key="overlapping"),
                ),
            ]
        ],
        pytest.param(LETTERED, PLAIN, "same pages", True, id="one range with a section letter"),
        pytest.param(
            LETTERED,
            replace(PLAIN, pages="38-42"),
            "same pages",
            False,
            id="another range with a section letter",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "reason", "given"), _place_reasons())
def test_reasons_say_how_the_places_compare(
    left: Record, right: Record, reason: str, given: bool
) -> None:
    assert (reason in compare(left, right).reasons) is given


def test_a_chain_split_by_a_conflict_leaves_its_pair_for_a_person() -> None:
    # Two instalments of a column (other issues and pages: kept apart) and a record of one of
    # them without issue or pages, which matches both. It joins one; its pair with the other
    # goes to a person instead of nowhere.
    column = replace(ARTICLE, title="Gateways to clinical trials", doi="", key="june")
    march = replace(column, issue="3", pages="185-206", key="march")
    unplaced = replace(column, issue="", pages="", key="unplaced")
    result = find_duplicates([column, march, unplaced])
    assert outcome(column, march) is Outcome.DISTINCT
    assert len(result.groups) == 1 and 2 in result.groups[0]
    left_out = ({0, 1} - set(result.groups[0])).pop()
    assert [sorted((p.a, p.b)) for p in result.possible] == [sorted((left_out, 2))]
