"""Agreements: one work exported by different databases merges, field by field
(screener.dedupe.evidence, screener.dedupe.levels)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from dedupe_pairs import ARTICLE, COCHRANE_REVIEW, MEETING_ABSTRACT, MERGED, outcome

from screener.dedupe import Outcome, compare
from screener.dedupe.agreement import Agreement
from screener.dedupe.evidence import compare_profiles
from screener.dedupe.profile import profile
from screener.model import Record


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(replace(ARTICLE, key="same"), id="the same export"),
        pytest.param(
            replace(ARTICLE, title=ARTICLE.title.upper() + ". [Chinese]", doi="", key="caps"),
            id="a title in capitals with a language note",
        ),
        pytest.param(
            replace(
                ARTICLE,
                authors=("Zhai Q. J.Yue X. Y.Hong Z.",),
                journal="J Neurol Neurosurg Psychiatry",
                pages="173-80",
                doi="",
                key="medline",
            ),
            id="MEDLINE's run-together authors, abbreviated journal and short page range",
        ),
        pytest.param(
            replace(ARTICLE, doi="https://doi.org/10.1136/JNNP.2009.123456", volume="", key="doi"),
            id="a DOI as a link in capitals",
        ),
        pytest.param(replace(ARTICLE, year=2011, doi="", key="online-first"), id="online first"),
        pytest.param(
            replace(ARTICLE, pages="180", doi=""), id="the last page of the range as its page"
        ),
        pytest.param(
            replace(ARTICLE, authors=("Qing-jun, Zhai", "Xiao-yan, Yue", "Zhen, Hong"), doi=""),
            id="given and family names swapped",
        ),
    ],
)
def test_one_article_exported_by_different_databases_merges(other: Record) -> None:
    assert outcome(ARTICLE, other) in MERGED


def test_a_translated_title_in_the_same_place_merges() -> None:
    original = replace(ARTICLE, title="Kognitive Rehabilitation nach Schlaganfall", doi="")
    translated = replace(ARTICLE, title="Cognitive rehabilitation after a stroke. German", doi="")
    assert outcome(original, translated) is Outcome.DUPLICATE


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param(
            replace(ARTICLE, pages="c37-c42", authors=("Stroke Trialists Group",), doi=""),
            replace(
                ARTICLE,
                title=ARTICLE.title.replace("home visits", "home visit"),
                pages="37-42",
                doi="",
            ),
            id="a section letter on one side, a group author, titles just under 0.98 alike",
        ),
        pytest.param(
            replace(
                ARTICLE,
                doi="",
                volume="",
                issue="",
                pages="",
                abstract="Background: home visits after stroke may help people relearn daily "
                "activities. Methods: we randomised 120 adults within one month of discharge to "
                "weekly visits by an occupational therapist or to usual care for six months.",
            ),
            replace(ARTICLE, doi="", volume="", issue="", pages="", year=2012),
            id="one abstract cut short by a database, long enough on one side only",
        ),
    ],
)
def test_outcomes_do_not_depend_on_the_order_of_the_pair(left: Record, right: Record) -> None:
    if not right.abstract and left.abstract:
        right = replace(right, abstract=left.abstract[:185])  # 0.93 alike
    assert compare(left, right).outcome is compare(right, left).outcome


FIGURED = replace(ARTICLE, doi="10.1371/journal.pone.0094853", key="article")
SUPPLEMENT = replace(MEETING_ABSTRACT, volume="30", issue="Suppl. 3", pages="S51")
MISPLACED = replace(SUPPLEMENT, volume="3", issue="", key="misplaced")
ALONE = replace(
    COCHRANE_REVIEW, title="Nicotine for Alzheimer's disease", authors=("Zhai, Q. J.", "et al.")
)


@pytest.mark.parametrize(
    ("left", "right", "field", "expected"),
    [
        pytest.param(
            replace(ARTICLE, doi="10.1016/j.jacc.2019.01.112"),
            replace(ARTICLE, doi="10.1016/j.jacc.2019.11.012"),
            "doi",
            Agreement.CONFLICT,
            id="DOIs whose parts differ are not one DOI without their zeros",
        ),
        pytest.param(
            FIGURED,
            replace(FIGURED, doi="10.1371/journal.pone.0094853001", key="other"),
            "doi",
            Agreement.CONFLICT,
            id="a DOI with three more digits is another DOI",
        ),
        pytest.param(
            FIGURED,
            replace(FIGURED, doi="10.1371/journal.pone.0094853.g001", key="figure"),
            "doi",
            Agreement.UNKNOWN,
            id="a figure's DOI neither agrees nor conflicts with its article's",
        ),
        pytest.param(
            SUPPLEMENT,
            MISPLACED,
            "volume",
            Agreement.UNKNOWN,
            id="a supplement number in the volume field is no other volume",
        ),
        pytest.param(
            replace(SUPPLEMENT, issue="3", pages="51"),
            replace(MISPLACED, pages="51"),
            "volume",
            Agreement.CONFLICT,
            id="volume 3 and volume 30 outside a supplement are two volumes",
        ),
        pytest.param(
            ALONE,
            replace(
                ALONE,
                title="Efficacy and safety of nicotine on Alzheimer's disease patients",
                year=2018,
            ),
            "team",
            False,
            id="et al is not a second author",
        ),
    ],
)
def test_evidence_compares_one_field(
    left: Record, right: Record, field: str, expected: object
) -> None:
    assert getattr(compare_profiles(profile(left), profile(right)), field) is expected
