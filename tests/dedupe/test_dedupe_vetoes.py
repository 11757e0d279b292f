"""Pair outcomes: what merges automatically, what a person decides, what stays apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from screener.dedupe import Outcome, compare, find_duplicates
from screener.dedupe.agreement import Agreement
from screener.dedupe.evidence import compare_profiles
from screener.dedupe.merge import merge_group
from screener.dedupe.profile import profile
from screener.model import Record

ARTICLE = Record(
    title="Cognitive rehabilitation after stroke: a randomised controlled trial of home visits",
    authors=("Zhai, Q. J.", "Yue, X. Y.", "Hong, Z."),
    year=2010,
    journal="Journal of Neurology, Neurosurgery and Psychiatry",
    volume="81",
    issue="2",
    pages="173-180",
    doi="10.1136/jnnp.2009.123456",
    key="a",
)


def outcome(a: Record, b: Record) -> Outcome:
    return compare(a, b).outcome


@pytest.mark.parametrize(
    "other",
    [
        replace(ARTICLE, key="same"),
        replace(ARTICLE, title=ARTICLE.title.upper() + ". [Chinese]", doi="", key="caps"),
        replace(
            ARTICLE,
            authors=("Zhai Q. J.Yue X. Y.Hong Z.",),
            journal="J Neurol Neurosurg Psychiatry",
            pages="173-80",
            doi="",
            key="medline",
        ),
        replace(ARTICLE, doi="https://doi.org/10.1136/JNNP.2009.123456", volume="", key="doi"),
        replace(ARTICLE, year=2011, doi="", key="online-first"),
    ],
    ids=lambda r: r.key,
)
def test_one_article_exported_by_different_databases_merges(other: Record) -> None:
    assert outcome(ARTICLE, other) is Outcome.DUPLICATE


@pytest.mark.parametrize(
    ("other", "expected", "reason"),
    [
        (
            replace(ARTICLE, doi="10.1136/jnnp.2009.999999", pages=""),
            Outcome.POSSIBLE,
            "different DOIs",
        ),
        (
            replace(ARTICLE, doi="10.1136/jnnp.2009.999999", issue="", pages="173"),
            Outcome.POSSIBLE,
            "different DOIs",
        ),
        (replace(ARTICLE, title="Erratum: " + ARTICLE.title, doi=""), Outcome.DISTINCT, "erratum"),
        (
            replace(ARTICLE, title="Retraction note: " + ARTICLE.title, doi=""),
            Outcome.DISTINCT,
            "retraction",
        ),
        (
            replace(ARTICLE, title="Comment on: " + ARTICLE.title, doi=""),
            Outcome.DISTINCT,
            "comment",
        ),
        (replace(ARTICLE, title=ARTICLE.title + " - Reply", doi=""), Outcome.DISTINCT, "reply"),
        (replace(ARTICLE, pages="273-280", doi=""), Outcome.POSSIBLE, "different first pages"),
        (replace(ARTICLE, volume="82", pages="", doi=""), Outcome.POSSIBLE, "different volumes"),
        (replace(ARTICLE, year=2016, doi=""), Outcome.DISTINCT, "years 6 apart"),
        (replace(ARTICLE, year=2012, doi=""), Outcome.POSSIBLE, "years 2 apart"),
        (
            replace(ARTICLE, volume="82", pages="20-27", doi=""),
            Outcome.DISTINCT,
            "conflicting fields",
        ),
    ],
)
def test_vetoes_keep_similar_records_from_merging(
    other: Record, expected: Outcome, reason: str
) -> None:
    pair = compare(ARTICLE, other)
    assert pair.outcome is expected
    assert any(reason in r for r in pair.reasons)


def test_erratum_never_merges_with_its_article() -> None:
    erratum = replace(ARTICLE, title=ARTICLE.title + " (vol 81, pg 173, 2010)", pages="500")
    assert outcome(ARTICLE, erratum) is Outcome.DISTINCT


@pytest.mark.parametrize(("first", "second"), [("Part 1", "Part 2"), ("Part I", "Part II")])
def test_instalments_of_a_series_stay_apart(first: str, second: str) -> None:
    one = replace(ARTICLE, title=f"Stroke rehabilitation in the community. {first}", doi="")
    two = replace(one, title=f"Stroke rehabilitation in the community. {second}", pages="181-190")
    assert outcome(one, two) is Outcome.DISTINCT


def test_preprint_and_published_version_go_to_a_person() -> None:
    preprint = replace(
        ARTICLE, journal="medRxiv", doi="10.1101/2009.01.01.123", volume="", pages="", year=2009
    )
    pair = compare(ARTICLE, preprint)
    assert pair.outcome is Outcome.POSSIBLE


def test_conference_abstract_and_journal_article_are_never_merged_automatically() -> None:
    abstract = replace(
        ARTICLE,
        journal="Stroke. Conference: International Stroke Conference",
        volume="40",
        pages="",
        doi="",
        year=2009,
        pub_type="conference",
    )
    assert outcome(ARTICLE, abstract) is not Outcome.DUPLICATE


def test_chapters_sharing_a_books_doi_stay_apart() -> None:
    chapter = Record(
        title="Assessment of aphasia",
        authors=("Smith, A.",),
        year=2015,
        doi="10.1007/978-3-319-1",
        isbn="978-3-319-00000-1",
        pub_type="chapter",
    )
    sibling = replace(chapter, title="Treatment of dysarthria", authors=("Jones, B.",))
    assert outcome(chapter, sibling) is Outcome.DISTINCT


COCHRANE_REVIEW = replace(
    ARTICLE,
    doi="10.1002/14651858.cd009622.pub4",
    journal="Cochrane Database Syst Rev",
    volume="",
    issue="",
    pages="CD009622",
    year=2016,
)


def test_an_updated_cochrane_review_merges_with_its_earlier_version() -> None:
    update = replace(
        COCHRANE_REVIEW,
        doi="10.1002/14651858.cd009622.pub5",
        year=2018,
        authors=("Zhai, Q. J.", "Liu, X. F."),
    )
    pair = compare(COCHRANE_REVIEW, update)
    assert pair.outcome is Outcome.DUPLICATE
    assert "versions of one work (an update)" in pair.reasons


def test_review_versions_are_linked_by_the_review_number_in_any_field() -> None:
    # One database gives the number as the pages, another as the issue, a third only the DOI.
    by_issue = replace(COCHRANE_REVIEW, doi="", pages="", issue="CD009622", year=2010)
    by_doi = replace(COCHRANE_REVIEW, pages="", year=2012)
    assert outcome(COCHRANE_REVIEW, by_issue) is Outcome.DUPLICATE
    assert outcome(by_issue, by_doi) is Outcome.DUPLICATE
    other_review = replace(by_issue, issue="CD009623")
    assert outcome(by_doi, other_review) is not Outcome.DUPLICATE


def test_a_review_update_with_a_reworded_title_merges_only_under_its_lead_author() -> None:
    reworded = replace(
        COCHRANE_REVIEW,
        title="Cognitive rehabilitation after stroke or brain injury: trials of home visits",
        doi="10.1002/14651858.cd009622.pub5",
        year=2018,
    )
    assert outcome(COCHRANE_REVIEW, reworded) is Outcome.DUPLICATE
    # A new team and a new title: the review may have changed its question.
    new_team = replace(reworded, authors=("Liu, X. F.", "Hong, Z."))
    pair = compare(COCHRANE_REVIEW, new_team)
    assert pair.outcome is Outcome.POSSIBLE
    assert pair.kept_apart


def test_a_journal_republishing_one_title_and_abstract_years_later_is_an_update() -> None:
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
    assert outcome(chapter, update) is Outcome.DUPLICATE
    assert outcome(chapter, replace(update, abstract="Scabies treatments.")) is not (
        Outcome.DUPLICATE
    )
    assert outcome(chapter, replace(update, authors=("Smith, J.",))) is not Outcome.DUPLICATE
    # A publisher's placeholder is not an abstract.
    placeholder = "An abstract is not available for this content. " * 5
    editorial = replace(chapter, title="Editorial", abstract=placeholder)
    assert outcome(editorial, replace(editorial, year=2011)) is not Outcome.DUPLICATE
    # The journal updates a review every few years: one title, abstract and team link updates
    # six years apart, and nothing short of that does.
    assert outcome(chapter, replace(update, year=2015, volume="2015")) is Outcome.DUPLICATE
    rewritten = replace(update, year=2015, volume="2015", abstract="Scabies treatments. " * 12)
    assert outcome(chapter, rewritten) is Outcome.DISTINCT
    # A yearly report under one title but for another year is another report.
    report = replace(
        chapter,
        title="Head lice infestation in primary schools of England and Wales, 2010: annual report",
    )
    later = replace(report, title=report.title.replace("2010", "2015"), year=2015, key="2015")
    assert outcome(report, later) is not Outcome.DUPLICATE


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


def test_a_retitled_review_under_its_number_merges_only_with_its_whole_team() -> None:
    # Cochrane retitles reviews between versions; the review number and the team stay.
    first = replace(
        COCHRANE_REVIEW,
        title="Nicotine for Alzheimer's disease",
        doi="10.1002/14651858.cd001749",
        pages="CD001749",
        year=2000,
    )
    retitled = replace(
        first, title="Efficacy and safety of nicotine on Alzheimer's disease patients", year=2001
    )
    assert compare_profiles(profile(first), profile(retitled)).title < 0.75
    assert outcome(first, retitled) is Outcome.DUPLICATE
    # The same lead author with another team may have changed the question.
    new_team = replace(retitled, authors=("Zhai, Q. J.", "Liu, X. F."))
    assert outcome(first, new_team) is not Outcome.DUPLICATE
    # One author is not a team, even with a double-barrelled surname.
    for alone in [("Zhai, Q. J.",), ("Lopez-Arrieta, J. M.",)]:
        single = outcome(replace(first, authors=alone), replace(retitled, authors=alone))
        assert single is not Outcome.DUPLICATE
    # A protocol is not a version of its review, whatever its export calls it.
    protocol = replace(
        first, abstract="This is the protocol for a review and there is no abstract. " * 4
    )
    assert profile(protocol).form == "protocol"
    assert outcome(protocol, retitled) is not Outcome.DUPLICATE


def test_one_doi_title_and_abstract_outweigh_a_mistyped_year() -> None:
    summary = "Socioeconomic status shapes brain structure; we pooled imaging studies. " * 4
    article = replace(ARTICLE, abstract=summary, volume="", issue="", pages="", year=2019)
    mistyped = replace(article, year=1991, journal="J Neurol Neurosurg Psychiatry")
    assert outcome(article, mistyped) is Outcome.DUPLICATE
    # Without the abstract, a shared DOI does not carry a pair across decades.
    bare = replace(article, abstract="")
    assert outcome(bare, replace(mistyped, abstract="")) is Outcome.DISTINCT
    # Nor with another abstract: a DOI pasted onto the wrong record.
    other = replace(mistyped, abstract="Sleep duration and cognition in older adults. " * 5)
    assert outcome(article, other) is Outcome.DISTINCT
    # Nor in another volume and pages: the later article, not a year mistyped.
    five_years = replace(article, year=2012, volume="366", pages="1567-1576")
    ten_years = replace(five_years, year=2017, volume="376", pages="641-651")
    assert outcome(five_years, ten_years) is not Outcome.DUPLICATE


def test_one_text_a_journal_printed_twice_merges() -> None:
    summary = (
        "Background: tocotrienols may protect bone. Methods: we searched Medline and Embase "
        "for animal and cell studies of osteoclast activity. Results: eighteen studies showed "
        "reduced osteoclast differentiation and activity in treated animals."
    )
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
    assert outcome(first, again) is Outcome.DUPLICATE
    # Not another text, not a placeholder, not in another journal, and not a talk's abstract
    # printed years after the article.
    other_text = replace(again, abstract="Vitamin E and fracture healing in rats. " * 6)
    assert outcome(first, other_text) is not Outcome.DUPLICATE
    placeholder = "An abstract is not available for this content. " * 5
    blank = outcome(replace(first, abstract=placeholder), replace(again, abstract=placeholder))
    assert blank is not Outcome.DUPLICATE
    assert outcome(first, replace(again, journal="Bone")) is not Outcome.DUPLICATE
    others = replace(again, authors=("Radzi, N. F.", "Chin, K. Y.", "Soelaiman, I. N."))
    assert outcome(first, others) is not Outcome.DUPLICATE
    talk = replace(again, year=2021, volume="22", issue="4", pages="624-625")
    assert outcome(first, talk) is not Outcome.DUPLICATE
    # Companion papers of one team share their Background but not their title; a protocol
    # and its results paper share the title but not the issue.
    men = replace(
        first,
        title="Objectively measured physical activity and incident cardiovascular disease in men",
    )
    women = replace(again, title=men.title.replace(" men", " women"))
    assert outcome(men, women) is not Outcome.DUPLICATE
    results = replace(again, year=2019, volume="20", issue="3", pages="301-310")
    assert outcome(first, results) is not Outcome.DUPLICATE
    # Nor one abstract presented at two meetings, in two supplements.
    meeting = replace(first, issue="9 Suppl 1", pages="S12")
    encore = replace(meeting, issue="12 Suppl 2", pages="S40", doi="10.2174/x")
    assert outcome(meeting, encore) is not Outcome.DUPLICATE


def test_a_title_cut_to_its_series_label_merges_in_one_place_by_one_team() -> None:
    article = Record(
        title="Motherisk update: using corticosteroids during pregnancy",
        authors=("Oren, D.", "Nulman, I.", "Koren, G."),
        year=2004,
        journal="Canadian Family Physician",
        volume="50",
        pages="1083-1085",
        key="full",
    )
    label = replace(article, title="Motherisk update", authors=("Oren DNulman IKoren G",))
    assert outcome(article, label) is Outcome.DUPLICATE
    # Another item of the series on other pages, or by another team, is another article.
    assert outcome(replace(article, pages="1201-1203"), label) is Outcome.DISTINCT
    assert outcome(article, replace(label, authors=("Ito, S.", "Koren, G."))) is not (
        Outcome.DUPLICATE
    )
    alone = ("Garcia-Bournissen, F.",)
    single = outcome(replace(article, authors=alone), replace(label, authors=alone))
    assert single is not Outcome.DUPLICATE


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


def test_unrelated_records_with_the_same_first_author_and_year_stay_apart() -> None:
    other = Record(
        title="Acupuncture for post-stroke shoulder pain: a pilot study",
        authors=("Zhai, Q. J.", "Liu, X. F."),
        year=2010,
        journal="Chinese Journal of Cerebrovascular Diseases",
        volume="7",
        pages="73-76",
    )
    assert outcome(ARTICLE, other) is Outcome.DISTINCT


def test_every_outcome_carries_its_reasons() -> None:
    pair = compare(ARTICLE, replace(ARTICLE, key="b"))
    assert pair.reasons and 0.0 <= pair.score <= 1.0
    assert "same DOI" in pair.reasons


def test_translated_title_in_the_same_place_merges() -> None:
    original = replace(ARTICLE, title="Kognitive Rehabilitation nach Schlaganfall", doi="")
    translated = replace(ARTICLE, title="Cognitive rehabilitation after a stroke. German", doi="")
    assert outcome(original, translated) is Outcome.DUPLICATE


def test_page_given_as_the_last_page_of_the_range_agrees() -> None:
    assert outcome(ARTICLE, replace(ARTICLE, pages="180", doi="")) is Outcome.DUPLICATE


def test_author_list_with_given_and_family_names_swapped_still_agrees() -> None:
    swapped = replace(ARTICLE, authors=("Qing-jun, Zhai", "Xiao-yan, Yue", "Zhen, Hong"), doi="")
    assert outcome(ARTICLE, swapped) is Outcome.DUPLICATE


def test_adjacent_single_page_abstracts_sharing_a_last_page_stay_apart() -> None:
    one = replace(ARTICLE, pages="244-244", doi="")
    other = replace(
        ARTICLE, title="Structural studies of complement factor H", pages="243-244", doi=""
    )
    assert outcome(one, other) is not Outcome.DUPLICATE


@pytest.mark.parametrize(
    "typed", ["10.1136/jnnp.2009123456", "10.1136/jnnp-2009.123456", "10.1136/jnnp.2009.0123456"]
)
def test_dois_differing_only_in_punctuation_or_leading_zeros_are_one_doi(typed: str) -> None:
    pair = compare(ARTICLE, replace(ARTICLE, doi=typed))
    assert pair.outcome is Outcome.DUPLICATE
    assert "same DOI" in pair.reasons


def test_dois_whose_parts_differ_are_not_one_doi_without_their_zeros() -> None:
    january = profile(replace(ARTICLE, doi="10.1016/j.jacc.2019.01.112"))
    november = profile(replace(ARTICLE, doi="10.1016/j.jacc.2019.11.012"))
    assert compare_profiles(january, november).doi is Agreement.CONFLICT


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


def test_two_instalments_of_a_column_in_other_issues_and_pages_stay_apart() -> None:
    other = replace(COLUMN, issue="3", pages="185-206", key="april")
    pair = compare(COLUMN, other)
    assert pair.outcome is Outcome.DISTINCT
    assert "different issues and page ranges" in pair.reasons


def test_two_one_page_abstracts_in_other_issues_of_a_volume_stay_apart() -> None:
    abstract = replace(COLUMN, issue="9", pages="1798", key="september")
    other = replace(COLUMN, issue="4", pages="886", key="april")
    assert "different issues and page ranges" in compare(abstract, other).reasons
    other_volume = replace(other, volume="29")  # a volume garbled too: not this rule's call
    assert "different issues and page ranges" not in compare(abstract, other_volume).reasons


@pytest.mark.parametrize(
    "other",
    [
        replace(COLUMN, issue="", pages="185-206", key="no issue"),  # garbled pages alone
        replace(COLUMN, issue="3", pages="185", key="one page"),  # an abstract, an erratum
        replace(COLUMN, issue="3", pages="400-420", key="overlapping"),
    ],
    ids=lambda r: r.key,
)
def test_one_field_disagreeing_is_not_enough_to_call_instalments(other: Record) -> None:
    assert "different issues and page ranges" not in compare(COLUMN, other).reasons


def test_a_full_citation_outweighs_a_doi_pasted_onto_the_wrong_record() -> None:
    # Title, authors, year, journal, volume and a range of pages all one: the DOI is the
    # error (seen on real sets: a 2000 paper carrying another publisher's 2018 DOI).
    wrong = replace(ARTICLE, doi="10.1097/spc.0000000000000365", key="wrong")
    assert outcome(ARTICLE, wrong) is Outcome.DUPLICATE
    # With only the first page to go on, or another author list, a person decides.
    assert outcome(replace(ARTICLE, pages="173"), replace(wrong, pages="173")) is Outcome.POSSIBLE
    others = replace(wrong, authors=("Zhai, Q. J.", "Lin, M."), issue="")
    assert outcome(ARTICLE, others) is Outcome.POSSIBLE
    # The same issue number too: the author field is the garbled one ("Kirkham TCWilliams, C.
    # M." from a database that ran the names together).
    assert outcome(ARTICLE, replace(others, issue="2")) is Outcome.DUPLICATE


def test_a_single_page_citation_with_the_same_abstract_outweighs_a_doi() -> None:
    abstract = "Liraglutide reduced body weight and plasma lipids in obese rats over four weeks."
    one = replace(ARTICLE, pages="e24", volume="59", issue="", abstract=abstract)
    other = replace(one, doi="10.1016/j.regpep.2012.05.039", volume="1", key="other")
    assert outcome(one, other) is Outcome.DUPLICATE
    reworded = replace(other, abstract="Linagliptin had no effect on body weight in rats.")
    assert outcome(one, reworded) is Outcome.POSSIBLE


# An article of a journal whose issue numbers look like years (Proc Biol Sci 285(1873)).
ISSUE_LIKE_A_YEAR = Record(
    title="Meta-analysis reveals weak associations between intrinsic state and personality",
    authors=("Niemela, P. T.", "Dingemanse, N. J."),
    year=2018,
    journal="Proc Biol Sci",
    volume="285",
    issue="1873",
    doi="10.1098/rspb.2017.2823",
    key="meta",
)


def test_a_year_that_repeats_the_issue_number_is_a_misplaced_field() -> None:
    meta = ISSUE_LIKE_A_YEAR
    assert outcome(meta, replace(meta, year=1873, key="issue-as-year")) is Outcome.DUPLICATE
    # A year of its own, however far off, still tells works apart.
    assert outcome(meta, replace(meta, year=1873, issue="5", key="old")) is Outcome.DISTINCT


def test_a_full_citation_in_another_issue_or_as_a_preprint_keeps_its_doi_hold() -> None:
    # A journal that starts its pages again in every issue: one editor's "Editorial" on
    # pages 3-4 of issues 1 and 2 is two works.
    editorial = replace(ARTICLE, title="Editorial", authors=("Watson, R.",), issue="1")
    other_issue = replace(editorial, issue="2", doi="10.1002/nop2.999", key="issue 2")
    assert outcome(editorial, other_issue) is Outcome.POSSIBLE
    preprint = replace(ARTICLE, doi="10.1101/2009.01.01.123456", key="preprint")
    assert outcome(ARTICLE, preprint) is Outcome.POSSIBLE


def test_a_merged_group_keeps_the_real_year_over_a_misplaced_one() -> None:
    meta = ISSUE_LIKE_A_YEAR
    assert merge_group([replace(meta, year=1873, key="b"), meta]).year == 2018


# A meeting abstract in a journal supplement.
MEETING_ABSTRACT = Record(
    title="Amantadine for the posttraumatic confusional state: a randomised double-blind trial",
    authors=("Yablon, S.", "Sherer, M.", "Todd, N."),
    year=2010,
    journal="Archives of Physical Medicine and Rehabilitation",
    volume="91",
    issue="10",
    pages="e8-e9",
    key="session",
)


def test_one_meeting_abstract_printed_twice_in_a_supplement_merges() -> None:
    poster_list = replace(MEETING_ABSTRACT, pages="e3", key="posters")
    assert outcome(MEETING_ABSTRACT, poster_list) is Outcome.DUPLICATE


@pytest.mark.parametrize(
    "other",
    [
        replace(MEETING_ABSTRACT, pages="e3", issue="12", key="later issue"),  # an erratum
        replace(MEETING_ABSTRACT, pages="e3-e9", key="longer"),  # an article runs longer
        replace(MEETING_ABSTRACT, pages="e3", title="Amantadine: a trial", key="short title"),
        replace(MEETING_ABSTRACT, pages="e3", authors=("Todd, N.",), key="other author"),
        replace(MEETING_ABSTRACT, pages="e3", volume="92", key="other volume"),
    ],
    ids=lambda r: r.key,
)
def test_abstracts_that_may_be_two_works_still_go_to_a_person(other: Record) -> None:
    assert outcome(MEETING_ABSTRACT, other) is not Outcome.DUPLICATE


def test_a_shared_doi_and_title_merge_where_journal_names_cannot_be_compared() -> None:
    article = replace(ARTICLE, journal="J Biomed Mater Res A", key="medline")
    # Web of Science's name without "Part A", and no volume or pages yet (online first).
    wos = replace(
        article, journal="JOURNAL OF BIOMEDICAL MATERIALS RESEARCH", volume="", issue="", pages=""
    )
    assert outcome(article, wos) is Outcome.DUPLICATE
    # A meeting abstract that carries the article's DOI has a volume and pages of its own.
    meeting = replace(wos, journal="Journal of Neurochemistry", volume="138", pages="366")
    assert outcome(article, meeting) is not Outcome.DUPLICATE


def test_a_proceedings_journal_is_not_a_meeting() -> None:
    medline = replace(ARTICLE, journal="Proc Biol Sci", volume="286", issue="1907", pages="")
    wos = replace(medline, journal="PROCEEDINGS OF THE ROYAL SOCIETY B-BIOLOGICAL SCIENCES")
    pair = compare(medline, wos)
    assert pair.outcome is Outcome.DUPLICATE
    assert not any(" vs " in reason for reason in pair.reasons)
    # The name split over the journal and volume fields is the journal, not a meeting.
    split = replace(
        medline, journal="Proceedings", volume="Biological sciences / The Royal Society. 286"
    )
    assert profile(split).form == "article"
    assert profile(replace(split, volume="Annual meeting 2019")).form == "conference"


def test_the_doi_of_a_figure_names_its_article() -> None:
    article = replace(ARTICLE, doi="10.1371/journal.pone.0094853", key="article")
    figure = replace(article, doi="10.1371/journal.pone.0094853.g001", key="figure")
    pair = compare(article, figure)
    assert pair.outcome is Outcome.DUPLICATE
    assert "different DOIs" not in pair.reasons
    # No conflict, but no vouching either: a supplement's section DOI looks the same.
    assert "same DOI" not in pair.reasons
    other = replace(article, doi="10.1371/journal.pone.0094853001", key="other")
    assert compare_profiles(profile(article), profile(other)).doi is Agreement.CONFLICT
    assert compare_profiles(profile(article), profile(figure)).doi is Agreement.UNKNOWN


def test_an_article_printed_years_after_its_online_version_merges_on_its_doi() -> None:
    online = replace(ARTICLE, year=2016, key="online")
    printed = replace(ARTICLE, year=2018, key="print")
    assert outcome(online, printed) is Outcome.DUPLICATE
    # Without the DOI the years hold it for a person.
    assert outcome(replace(online, doi=""), replace(printed, doi="")) is Outcome.POSSIBLE
    # One DOI, volume and first page outweigh a year mistyped decades away.
    assert outcome(online, replace(printed, year=1991)) is Outcome.DUPLICATE
    assert outcome(online, replace(printed, year=1991, pages="201-208")) is not (Outcome.DUPLICATE)


def test_a_shared_doi_in_one_place_outweighs_a_translated_title() -> None:
    # The English title of a German article, and another database's rendering of it.
    one = replace(
        ARTICLE,
        title="Clinical studies on the peripheral effect of opioids following knee surgery: a "
        "literature review",
        key="one",
    )
    other = replace(
        ARTICLE,
        title="Peripheral opioid effects after knee surgery: a review of the clinical trials",
        key="two",
    )
    assert outcome(one, other) is Outcome.DUPLICATE
    assert outcome(replace(one, doi=""), replace(other, doi="")) is not Outcome.DUPLICATE
    # Meeting abstracts may carry their supplement's DOI and page range.
    abstracts = [replace(r, pub_type="conference") for r in (one, other)]
    assert outcome(*abstracts) is not Outcome.DUPLICATE


def test_a_whole_page_range_allows_a_title_typo_under_a_group_author() -> None:
    typo = replace(
        ARTICLE,
        title=ARTICLE.title.replace("randomised", "randomized").replace("visits", "visiting"),
        authors=("Home Visits Trial Group",),
        doi="",
        key="typo",
    )
    assert outcome(replace(ARTICLE, doi=""), typo) is Outcome.DUPLICATE
    assert outcome(replace(ARTICLE, doi="", pages="173"), replace(typo, pages="173")) is not (
        Outcome.DUPLICATE
    )


def test_fields_moved_one_column_by_a_database_still_match() -> None:
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
    assert outcome(abstract, shifted) is Outcome.DUPLICATE
    # An issue that only happens to equal the volume is not a shift.
    assert outcome(abstract, replace(shifted, pages="12")) is not Outcome.DUPLICATE


def test_a_page_range_with_a_section_letter_on_one_side_is_the_same_range() -> None:
    lettered = Record(
        title="Haemolytic uraemic syndrome",
        authors=("Kavanagh, D.", "Goodship, T."),
        year=2011,
        journal="Nephron",
        volume="118",
        issue="1",
        pages="c37-c42",
        key="lettered",
    )
    plain = replace(lettered, journal="Nephron - Clinical Practice", pages="37-42", year=2010)
    assert outcome(lettered, plain) is Outcome.DUPLICATE
    assert "same pages" in compare(lettered, plain).reasons
    assert "same pages" not in compare(lettered, replace(plain, pages="38-42")).reasons


# Review findings: pairs that look alike but are two works.


def test_an_abstract_in_a_journal_and_the_paper_in_its_sister_journal_stay_apart() -> None:
    abstract = Record(
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
    paper = replace(
        abstract,
        journal="Circulation: Heart Failure",
        volume="",
        issue="",
        pages="",
        doi="10.1161/circheartfailure.118.004923",
        pub_type="article",
    )
    assert outcome(abstract, paper) is not Outcome.DUPLICATE


def test_one_abstract_presented_at_two_meetings_in_two_supplements_is_not_printed_twice() -> None:
    winter = replace(MEETING_ABSTRACT, issue="3_suppl", pages="240", pub_type="conference")
    annual = replace(winter, issue="15_suppl", pages="4002")
    assert outcome(winter, annual) is not Outcome.DUPLICATE


def test_a_letter_and_an_unmarked_erratum_in_one_volume_are_not_printed_twice() -> None:
    letter = replace(MEETING_ABSTRACT, issue="", pages="1520")
    erratum = replace(letter, pages="2034")
    assert outcome(letter, erratum) is not Outcome.DUPLICATE


def test_abstracts_sharing_a_supplement_doi_and_range_are_not_one_article() -> None:
    first = Record(
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
    other = replace(first, title="Quality of life with first-line immunotherapy in lung cancer")
    assert outcome(first, other) is not Outcome.DUPLICATE


def test_two_letters_under_one_title_on_one_page_range_stay_apart() -> None:
    letter = replace(ARTICLE, authors=("Lee, K.",), pages="512-513")
    other = replace(letter, authors=("Wang, P.", "Li, Q."), doi="10.1136/jnnp.2009.999999")
    assert outcome(letter, other) is not Outcome.DUPLICATE
    reply = replace(other, title=ARTICLE.title + ". Reply.")
    assert outcome(letter, reply) is Outcome.DISTINCT


def test_a_review_protocol_and_the_review_go_to_a_person() -> None:
    protocol = replace(
        COCHRANE_REVIEW, title=COCHRANE_REVIEW.title + " (Protocol)", doi="", year=2014
    )
    pair = compare(protocol, COCHRANE_REVIEW)
    assert pair.outcome is Outcome.POSSIBLE
    assert pair.kept_apart


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


def test_one_abstract_in_two_sessions_of_one_supplement_merges_despite_its_two_dois() -> None:
    oral = replace(
        MEETING_ABSTRACT, issue="Supplement 3", pages="S541", doi="10.1016/j.hpb.2019.10.1528"
    )
    poster = replace(oral, pages="S869", doi="10.1016/j.hpb.2019.10.960")
    assert outcome(oral, poster) is Outcome.DUPLICATE
    # Outside a supplement two DOIs still mean two works.
    plain = [replace(r, issue="10", pages=r.pages[1:]) for r in (oral, poster)]
    assert outcome(*plain) is not Outcome.DUPLICATE


def test_a_supplement_number_in_the_volume_field_is_not_another_volume() -> None:
    supplement = replace(MEETING_ABSTRACT, volume="30", issue="Suppl. 3", pages="S51")
    misplaced = replace(supplement, volume="3", issue="", key="misplaced")
    assert compare_profiles(profile(supplement), profile(misplaced)).volume is Agreement.UNKNOWN
    assert outcome(supplement, misplaced) is Outcome.DUPLICATE
    # Outside a supplement, volume 3 and volume 30 are two volumes.
    plain = replace(supplement, issue="3", pages="51")
    evidence = compare_profiles(profile(plain), profile(replace(misplaced, pages="51")))
    assert evidence.volume is Agreement.CONFLICT


def test_abstracts_whose_titles_differ_by_one_word_are_not_printed_twice() -> None:
    men = replace(
        MEETING_ABSTRACT,
        title="Outcomes of a structured exercise programme after stroke in men: a cohort study",
        issue="Suppl 1",
        pages="S12",
        doi="10.1000/abstract.12",
    )
    women = replace(men, title=men.title.replace(" men:", " women:"), pages="S13", doi="")
    assert outcome(men, women) is not Outcome.DUPLICATE
    with_doi = replace(women, doi="10.1000/abstract.13")
    assert outcome(men, with_doi) is not Outcome.DUPLICATE


def test_a_meeting_abstract_number_reused_the_next_year_is_not_a_version() -> None:
    first = replace(
        MEETING_ABSTRACT, year=2019, volume="37", issue="15_suppl", pages="e20512", key="2019"
    )
    next_year = replace(first, year=2020, volume="38", key="2020")
    pair = compare(first, next_year)
    assert pair.outcome is not Outcome.DUPLICATE
    assert "versions of one work (an update)" not in pair.reasons
    # Such a number does not carry a pair over the years that keep works apart.
    later = replace(first, year=2024, volume="42", key="2024")
    assert outcome(first, later) is Outcome.DISTINCT


def test_one_abstract_in_two_supplements_on_the_same_page_number_stays_apart() -> None:
    abstract = "We report survival after three years of follow-up in a randomised trial. " * 3
    winter = replace(
        MEETING_ABSTRACT, issue="4_suppl", pages="345", doi="10.1000/a.4", abstract=abstract
    )
    annual = replace(winter, issue="15_suppl", doi="10.1000/a.15")
    assert outcome(winter, annual) is not Outcome.DUPLICATE


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


def test_an_encore_abstract_stays_apart_when_one_record_lacks_its_supplement() -> None:
    winter = replace(MEETING_ABSTRACT, issue="", pages="240", pub_type="conference")
    annual = replace(winter, issue="15_suppl", pages="4002", key="annual")
    assert outcome(winter, annual) is not Outcome.DUPLICATE
    assert outcome(annual, winter) is not Outcome.DUPLICATE


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # A section letter on one side, a group author, titles just under 0.98 alike.
        (
            replace(ARTICLE, pages="c37-c42", authors=("Stroke Trialists Group",), doi=""),
            replace(
                ARTICLE,
                title=ARTICLE.title.replace("home visits", "home visit"),
                pages="37-42",
                doi="",
            ),
        ),
        # One abstract cut short by a database: 0.93 alike, long enough on one side only.
        (
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
        ),
    ],
)
def test_outcomes_do_not_depend_on_the_order_of_the_pair(left: Record, right: Record) -> None:
    if not right.abstract and left.abstract:
        right = replace(right, abstract=left.abstract[:185])
    assert compare(left, right).outcome is compare(right, left).outcome


def test_a_meeting_abstract_and_a_letter_in_one_volume_are_not_merged_automatically() -> None:
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
    assert outcome(abstract, letter) is not Outcome.DUPLICATE
    # Indexed twice in one place (one of them without pages): one publication.
    assert outcome(abstract, replace(letter, pages="", doi="")) is Outcome.DUPLICATE


def test_an_editors_editorials_in_two_issues_go_to_a_person() -> None:
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
    assert outcome(editorial, may) is Outcome.POSSIBLE
    # One issue, or one page, still merges; so does a long title whose issue was garbled.
    assert outcome(editorial, replace(may, issue="3")) is Outcome.DUPLICATE
    long_title = "Nurse staffing and patient outcomes in acute hospitals: a national survey"
    assert outcome(replace(editorial, title=long_title), replace(may, title=long_title)) is (
        Outcome.DUPLICATE
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


def test_a_republished_update_keeps_its_chapter_number() -> None:
    # PubMed cites BMJ Clinical Evidence as "BMJ Clin Evid. 2011;2011:1703".
    summary = "Introduction: leg cramps are common in older adults. Methods: an overview. " * 3
    chapter = Record(
        title="Leg cramps",
        authors=("Young, G.",),
        year=2009,
        journal="BMJ Clin Evid",
        volume="2009",
        pages="1113",
        abstract=summary,
        key="2009",
    )
    update = replace(chapter, year=2015, volume="2015", key="2015")
    assert outcome(chapter, update) is Outcome.DUPLICATE
    assert outcome(chapter, replace(update, pages="")) is Outcome.DUPLICATE
    assert outcome(chapter, replace(update, pages="1114")) is not Outcome.DUPLICATE


def test_a_version_retitled_under_a_changed_team_goes_to_a_person() -> None:
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
    assert outcome(first, third) is Outcome.POSSIBLE


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


def test_et_al_is_not_a_second_author() -> None:
    alone = ("Zhai, Q. J.", "et al.")
    first = replace(COCHRANE_REVIEW, title="Nicotine for Alzheimer's disease", authors=alone)
    retitled = replace(
        first, title="Efficacy and safety of nicotine on Alzheimer's disease patients", year=2018
    )
    assert compare_profiles(profile(first), profile(retitled)).team is False
