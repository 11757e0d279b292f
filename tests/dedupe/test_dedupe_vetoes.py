"""Vetoes: pairs that look alike but are, or may be, two works (screener.dedupe.vetoes).

Each table pins one family of rules. A row's id says what the pair is and what becomes of it;
a comment beside it names the record that taught us the rule, where there was one.
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
    MERGED,
    NOT_MERGED,
    TO_A_PERSON,
    outcome,
)

from screener.dedupe import Outcome, compare
from screener.dedupe.profile import profile
from screener.model import Record

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

ANOTHER_DOI = "10.1136/jnnp.2009.999999"
# One DOI typed twice: punctuation or leading zeros differ ("...100b3.bjj-..." /
# "...100b3bjj-...", "..._3" / "...-3").
TYPED_TWICE = ("10.1136/jnnp.2009123456", "10.1136/jnnp-2009.123456", "10.1136/jnnp.2009.0123456")
PROC_BIOL_SCI = replace(ARTICLE, journal="Proc Biol Sci", volume="286", issue="1907", pages="")
PROC_BIOL_SCI_WOS = replace(
    PROC_BIOL_SCI, journal="PROCEEDINGS OF THE ROYAL SOCIETY B-BIOLOGICAL SCIENCES"
)


@pytest.mark.parametrize(
    ("other", "expected", "reason"),
    [
        pytest.param(
            replace(ARTICLE, doi=ANOTHER_DOI, pages=""),
            Outcome.POSSIBLE,
            "different DOIs",
            id="another DOI goes to a person",
        ),
        pytest.param(
            replace(ARTICLE, doi=ANOTHER_DOI, issue="", pages="173"),
            Outcome.POSSIBLE,
            "different DOIs",
            id="another DOI on one page goes to a person",
        ),
        pytest.param(
            replace(ARTICLE, title="Erratum: " + ARTICLE.title, doi=""),
            Outcome.DISTINCT,
            "erratum",
            id="an erratum stays apart",
        ),
        pytest.param(
            replace(ARTICLE, title="Retraction note: " + ARTICLE.title, doi=""),
            Outcome.DISTINCT,
            "retraction",
            id="a retraction stays apart",
        ),
        pytest.param(
            replace(ARTICLE, title="Comment on: " + ARTICLE.title, doi=""),
            Outcome.DISTINCT,
            "comment",
            id="a comment stays apart",
        ),
        pytest.param(
            replace(ARTICLE, title=ARTICLE.title + " - Reply", doi=""),
            Outcome.DISTINCT,
            "reply",
            id="a reply stays apart",
        ),
        pytest.param(
            replace(ARTICLE, pages="273-280", doi=""),
            Outcome.POSSIBLE,
            "different first pages",
            id="another first page goes to a person",
        ),
        pytest.param(
            replace(ARTICLE, volume="82", pages="", doi=""),
            Outcome.POSSIBLE,
            "different volumes",
            id="another volume goes to a person",
        ),
        pytest.param(
            replace(ARTICLE, year=2016, doi=""),
            Outcome.DISTINCT,
            "years 6 apart",
            id="six years apart stay apart",
        ),
        pytest.param(
            replace(ARTICLE, year=2012, doi=""),
            Outcome.POSSIBLE,
            "years 2 apart",
            id="two years apart go to a person",
        ),
        pytest.param(
            replace(ARTICLE, volume="82", pages="20-27", doi=""),
            Outcome.DISTINCT,
            "conflicting fields",
            id="two conflicting fields stay apart",
        ),
    ],
)
def test_vetoes_keep_similar_records_from_merging(
    other: Record, expected: Outcome, reason: str
) -> None:
    pair = compare(ARTICLE, other)
    assert pair.outcome is expected
    assert any(reason in r for r in pair.reasons)


def _kinds_instalments_and_years() -> list[ParameterSet]:
    erratum = replace(ARTICLE, title=ARTICLE.title + " (vol 81, pg 173, 2010)", pages="500")
    rows = [pytest.param(ARTICLE, erratum, APART, id="an erratum citing its article stays apart")]
    for first, second in [("Part 1", "Part 2"), ("Part I", "Part II")]:
        one = replace(ARTICLE, title=f"Stroke rehabilitation in the community. {first}", doi="")
        two = replace(
            one, title=f"Stroke rehabilitation in the community. {second}", pages="181-190"
        )
        rows.append(pytest.param(one, two, APART, id=f"{first} and {second} stay apart"))
    letter = replace(ARTICLE, authors=("Lee, K.",), pages="512-513")
    other = replace(letter, authors=("Wang, P.", "Li, Q."), doi=ANOTHER_DOI)
    reply = replace(other, title=ARTICLE.title + ". Reply.")
    online = replace(ARTICLE, year=2016, key="online")
    printed = replace(ARTICLE, year=2018, key="print")
    # Cereb Cortex 2019, indexed by one database as 1991.
    summary = "Socioeconomic status shapes brain structure; we pooled imaging studies. " * 4
    article = replace(ARTICLE, abstract=summary, volume="", issue="", pages="", year=2019)
    mistyped = replace(article, year=1991, journal="J Neurol Neurosurg Psychiatry")
    five_years = replace(article, year=2012, volume="366", pages="1567-1576")
    meta = ISSUE_LIKE_A_YEAR
    return [
        *rows,
        pytest.param(letter, other, NOT_MERGED, id="two letters under one title are not merged"),
        pytest.param(letter, reply, APART, id="a letter and the reply to it stay apart"),
        pytest.param(
            online, printed, MERGED, id="printed two years after online merges on its DOI"
        ),
        pytest.param(
            replace(online, doi=""),
            replace(printed, doi=""),
            TO_A_PERSON,
            id="two years apart without a DOI go to a person",
        ),
        pytest.param(
            online,
            replace(printed, year=1991),
            MERGED,
            id="one DOI, volume and first page outweigh a year mistyped decades away",
        ),
        pytest.param(
            online,
            replace(printed, year=1991, pages="201-208"),
            NOT_MERGED,
            id="one DOI decades away on another first page is not merged",
        ),
        pytest.param(
            article, mistyped, MERGED, id="one DOI, title and abstract outweigh a mistyped year"
        ),
        pytest.param(
            replace(article, abstract=""),
            replace(mistyped, abstract=""),
            APART,
            id="one DOI without the abstract does not carry a pair across decades",
        ),
        pytest.param(
            article,
            replace(mistyped, abstract="Sleep duration and cognition in older adults. " * 5),
            APART,
            id="one DOI with another abstract decades away stays apart",  # pasted onto it
        ),
        pytest.param(
            five_years,
            replace(five_years, year=2017, volume="376", pages="641-651"),
            NOT_MERGED,
            id="one DOI in another volume and pages is the later article",
        ),
        pytest.param(
            meta,
            replace(meta, year=1873, key="issue-as-year"),
            MERGED,
            id="a year repeating the issue number is a misplaced field",
        ),
        pytest.param(
            meta,
            replace(meta, year=1873, issue="5", key="old"),
            APART,
            id="a year of its own however far off tells works apart",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _kinds_instalments_and_years())
def test_kinds_instalments_and_years_tell_works_apart(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


def _dois() -> list[ParameterSet]:
    # A 2000 paper carrying another publisher's 2018 DOI (seen on the large sets).
    wrong = replace(ARTICLE, doi="10.1097/spc.0000000000000365", key="wrong")
    # An author field run together by a database ("Kirkham TCWilliams, C. M.", "Joaquin,
    # Segura TomasCalleja Sergio"): the same issue stands in for the author list.
    others = replace(wrong, authors=("Zhai, Q. J.", "Lin, M."), issue="")
    abstract = "Liraglutide reduced body weight and plasma lipids in obese rats over four weeks."
    single = replace(ARTICLE, pages="e24", volume="59", issue="", abstract=abstract)
    single_other = replace(single, doi="10.1016/j.regpep.2012.05.039", volume="1", key="other")
    # A journal that starts its pages again in every issue: one editor's "Editorial" on pages
    # 3-4 of issues 1 and 2 is two works.
    editorial = replace(ARTICLE, title="Editorial", authors=("Watson, R.",), issue="1")
    # "J Biomed Mater Res A" against Web of Science's name without "Part A", and no volume or
    # pages yet (online first).
    medline = replace(ARTICLE, journal="J Biomed Mater Res A", key="medline")
    wos = replace(
        medline, journal="JOURNAL OF BIOMEDICAL MATERIALS RESEARCH", volume="", issue="", pages=""
    )
    plos = replace(ARTICLE, doi="10.1371/journal.pone.0094853", key="article")
    # The English title of a German article, and another database's rendering of it.
    opioids = replace(
        ARTICLE,
        title="Clinical studies on the peripheral effect of opioids following knee surgery: a "
        "literature review",
        key="one",
    )
    rendered = replace(
        ARTICLE,
        title="Peripheral opioid effects after knee surgery: a review of the clinical trials",
        key="two",
    )
    chapter = Record(
        title="Assessment of aphasia",
        authors=("Smith, A.",),
        year=2015,
        doi="10.1007/978-3-319-1",
        isbn="978-3-319-00000-1",
        pub_type="chapter",
    )
    supplement = Record(
        title="Pembrolizumab plus chemotherapy in metastatic lung cancer: updated survival",
        authors=("Gadgeel, S.", "Garassino, M."),
        year=2019,
        journal="Annals of Oncology",
        volume="30",
        issue="Supplement 5",
        pages="v851-v934",
        doi="10.1093/annonc/mdz394",
        pub_type="conference",
    )
    return [
        pytest.param(ARTICLE, wrong, MERGED, id="a full citation outweighs a DOI pasted onto it"),
        pytest.param(
            replace(ARTICLE, pages="173"),
            replace(wrong, pages="173"),
            TO_A_PERSON,
            id="a citation with only a first page against another DOI goes to a person",
        ),
        pytest.param(
            ARTICLE,
            others,
            TO_A_PERSON,
            id="another author list under another DOI goes to a person",
        ),
        pytest.param(
            ARTICLE,
            replace(others, issue="2"),
            MERGED,
            id="one issue too makes the author field the garbled one",
        ),
        pytest.param(
            single, single_other, MERGED, id="one page and one abstract outweigh another DOI"
        ),
        pytest.param(
            single,
            replace(single_other, abstract="Linagliptin had no effect on body weight in rats."),
            TO_A_PERSON,
            id="one page with another abstract under another DOI goes to a person",
        ),
        pytest.param(
            editorial,
            replace(editorial, issue="2", doi="10.1002/nop2.999", key="issue 2"),
            TO_A_PERSON,
            id="a full citation in another issue keeps its DOI hold",
        ),
        pytest.param(
            ARTICLE,
            replace(ARTICLE, doi="10.1101/2009.01.01.123456", key="preprint"),
            TO_A_PERSON,
            id="a full citation with a preprint DOI keeps its DOI hold",
        ),
        pytest.param(
            medline,
            wos,
            MERGED,
            id="one DOI and title merge where journal names cannot be compared",
        ),
        pytest.param(
            medline,
            replace(wos, journal="Journal of Neurochemistry", volume="138", pages="366"),
            NOT_MERGED,
            id="a meeting abstract carrying the article's DOI has a place of its own",
        ),
        pytest.param(
            plos,
            replace(plos, doi="10.1371/journal.pone.0094853.g001", key="figure"),
            MERGED,
            id="the DOI of a figure names its article",
        ),
        pytest.param(
            opioids, rendered, MERGED, id="one DOI in one place outweighs a translated title"
        ),
        pytest.param(
            replace(opioids, doi=""),
            replace(rendered, doi=""),
            NOT_MERGED,
            id="a translated title in one place without the DOI is not merged",
        ),
        pytest.param(
            replace(opioids, pub_type="conference"),
            replace(rendered, pub_type="conference"),
            NOT_MERGED,
            id="meeting abstracts may carry their supplement's DOI and range",
        ),
        pytest.param(
            chapter,
            replace(chapter, title="Treatment of dysarthria", authors=("Jones, B.",)),
            APART,
            id="chapters sharing a book's DOI stay apart",
        ),
        pytest.param(
            supplement,
            replace(
                supplement, title="Quality of life with first-line immunotherapy in lung cancer"
            ),
            NOT_MERGED,
            id="abstracts sharing a supplement's DOI and range are not one article",
        ),
        *[
            pytest.param(ARTICLE, replace(ARTICLE, doi=typed), MERGED, id=f"{typed} is one DOI")
            for typed in TYPED_TWICE
        ],
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _dois())
def test_a_doi_vouches_for_a_pair_holds_it_or_yields(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


def _forms() -> list[ParameterSet]:
    preprint = replace(
        ARTICLE, journal="medRxiv", doi="10.1101/2009.01.01.123", volume="", pages="", year=2009
    )
    conference = replace(
        ARTICLE,
        journal="Stroke. Conference: International Stroke Conference",
        volume="40",
        pages="",
        doi="",
        year=2009,
        pub_type="conference",
    )
    sister = Record(
        title="Sacubitril and reverse remodelling in heart failure with reduced ejection "
        "fraction: a prospective cohort study",
        authors=("Martens, P.", "Belien, H."),
        year=2018,
        journal="Circulation",
        volume="138",
        issue="Suppl 1",
        pages="A13234",
        pub_type="conference",
    )
    abstract = Record(
        title="Sacubitril and ventricular arrhythmias in heart failure with an implanted "
        "defibrillator",
        authors=("Martens, P.", "Nuyens, D."),
        year=2019,
        journal="Circulation",
        volume="140",
        issue="Suppl 1",
        pages="A12345",
        pub_type="conference",
    )
    letter = replace(
        abstract,
        authors=("Martens, P.", "Nuyens, D.", "Mullens, W."),
        issue="21",
        pages="1771-1772",
        doi="10.1161/circulationaha.119.042345",
        pub_type="article",
    )
    return [
        pytest.param(
            ARTICLE, preprint, TO_A_PERSON, id="a preprint and its article go to a person"
        ),
        pytest.param(
            ARTICLE, conference, NOT_MERGED, id="a meeting abstract and its article are not merged"
        ),
        pytest.param(
            PROC_BIOL_SCI,
            PROC_BIOL_SCI_WOS,
            MERGED,
            id="a proceedings journal is no meeting and merges",
        ),
        pytest.param(
            sister,
            replace(
                sister,
                journal="Circulation: Heart Failure",
                volume="",
                issue="",
                pages="",
                doi="10.1161/circheartfailure.118.004923",
                pub_type="article",
            ),
            NOT_MERGED,
            id="an abstract and the paper in its sister journal are not merged",
        ),
        pytest.param(
            abstract,
            letter,
            NOT_MERGED,
            id="a meeting abstract and a letter in one volume are not merged",
        ),
        pytest.param(
            abstract,
            replace(letter, pages="", doi=""),
            MERGED,
            id="a meeting abstract indexed twice in one place merges",
        ),
        pytest.param(
            replace(
                COCHRANE_REVIEW, title=COCHRANE_REVIEW.title + " (Protocol)", doi="", year=2014
            ),
            COCHRANE_REVIEW,
            TO_A_PERSON,
            id="a review protocol and the review go to a person",
        ),
    ]


@pytest.mark.parametrize(("left", "right", "expected"), _forms())
def test_other_forms_of_a_work_go_to_a_person_unless_one_publication(
    left: Record, right: Record, expected: frozenset[Outcome]
) -> None:
    assert outcome(left, right) in expected


def _doi_reasons() -> list[ParameterSet]:
    plos = replace(ARTICLE, doi="10.1371/journal.pone.0094853", key="article")
    figure = replace(plos, doi="10.1371/journal.pone.0094853.g001", key="figure")
    return [
        pytest.param(ARTICLE, replace(ARTICLE, key="b"), "same DOI", True, id="one DOI is named"),
        *[
            pytest.param(ARTICLE, replace(ARTICLE, doi=typed), "same DOI", True, id=typed)
            for typed in TYPED_TWICE
        ],
        pytest.param(
            plos, figure, "different DOIs", False, id="a figure's DOI is no different DOI"
        ),
        pytest.param(plos, figure, "same DOI", False, id="a figure's DOI does not vouch either"),
    ]


@pytest.mark.parametrize(("left", "right", "reason", "given"), _doi_reasons())
def test_reasons_say_whether_the_dois_agree(
    left: Record, right: Record, reason: str, given: bool
) -> None:
    assert (reason in compare(left, right).reasons) is given


def test_every_outcome_carries_its_reasons() -> None:
    pair = compare(ARTICLE, replace(ARTICLE, key="b"))
    assert pair.reasons and 0.0 <= pair.score <= 1.0


def test_a_proceedings_journal_is_no_meeting_abstract() -> None:
    pair = compare(PROC_BIOL_SCI, PROC_BIOL_SCI_WOS)
    assert not any(" vs " in reason for reason in pair.reasons)


def test_a_review_protocol_is_kept_out_of_one_group_with_the_review() -> None:
    protocol = replace(
        COCHRANE_REVIEW, title=COCHRANE_REVIEW.title + " (Protocol)", doi="", year=2014
    )
    assert compare(protocol, COCHRANE_REVIEW).kept_apart


@pytest.mark.parametrize(
    ("record", "form"),
    [
        pytest.param(
            replace(
                PROC_BIOL_SCI,
                journal="Proceedings",
                volume="Biological sciences / The Royal Society. 286",
            ),
            "article",
            id="a journal name split over journal and volume is the journal",
        ),
        pytest.param(
            replace(
                PROC_BIOL_SCI,
                journal="Proceedings",
                volume="Annual meeting 2019",
            ),
            "conference",
            id="proceedings of an annual meeting are a meeting",
        ),
    ],
)
def test_the_form_of_a_record(record: Record, form: str) -> None:
    assert profile(record).form == form
