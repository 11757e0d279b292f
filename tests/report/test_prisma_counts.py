"""The PRISMA 2020 counts of reviews built through `Review`: the numbers a reader of the
diagram checks by hand, column by column."""

from __future__ import annotations

from pathlib import Path

import pytest
from prisma_counts_helpers import add_search, erratum_id, ids_by_study, new_review, screen

from screener.errors import ScreenerError
from screener.report.arithmetic import FlowDoesNotAddUp, check_flow, imbalances
from screener.report.flow import PrismaFlow
from screener.review import Review


def finished(review: Review) -> None:
    """PubMed finds studies 0-5, Scopus 3-8 (three duplicates; study 8 is from 1996 and
    excluded by the years rule); two excluded at title-abstract, one report not retrieved,
    two excluded at full text, three included."""
    add_search(review, "pubmed.ris", [0, 1, 2, 3, 4, 5], database="PubMed")
    add_search(review, "scopus.ris", [3, 4, 5, 6, 7, 8], database="Scopus")
    review.dedupe()
    review.apply_criteria()
    screen(review, {0: "exclude", 1: "exclude"}, reasons={0: "population", 1: "design"})
    screen(review, {n: "include" for n in (2, 3, 4, 5, 6, 7)})
    screen(
        review,
        {2: "not-retrieved", 3: "exclude", 4: "exclude", 5: "include", 6: "include", 7: "include"},
        stage="full-text",
        reasons={3: "design", 4: "other"},
        notes={4: "Adults only"},
    )


@pytest.fixture
def review(tmp_path: Path):
    with Review.open(new_review(tmp_path), actor="ana") as opened:
        yield opened


def test_a_finished_review_counts_every_box_of_the_databases_column(review: Review) -> None:
    finished(review)
    flow = review.prisma_report().flow
    assert flow.database_results == 12
    assert flow.database_specific_results == (("PubMed", 6), ("Scopus", 6))
    assert (flow.duplicates, flow.excluded_automatic, flow.excluded_other) == (3, 1, 0)
    assert (flow.records_screened, flow.records_excluded) == (8, 2)
    assert (flow.dbr_sought_reports, flow.dbr_notretrieved_reports, flow.dbr_assessed) == (6, 1, 5)
    assert sorted(flow.dbr_excluded) == [("Adults only", 1), ("not empirical research", 1)]
    assert (flow.new_studies, flow.new_reports) == (3, 3)
    assert (flow.total_studies, flow.total_reports) == (3, 3)
    assert flow.complete and flow.pending == {}
    assert not flow.uses_other_methods and flow.other_sought_reports == 0


def test_records_found_by_other_methods_have_a_column_of_their_own(review: Review) -> None:
    finished(review)
    # Citation searching finds study 2 again (a database found it first) and study 9; a
    # website gives study 10.
    add_search(review, "citations.ris", [2, 9], method="citation")
    add_search(review, "website.ris", [10], method="website")
    review.dedupe()
    screen(review, {9: "include", 10: "include"})
    screen(review, {9: "include", 10: "exclude"}, stage="full-text", reasons={10: "design"})
    flow = review.prisma_report().flow
    assert (flow.citations_results, flow.website_results, flow.other_duplicates) == (2, 1, 1)
    assert (flow.other_records_screened, flow.other_records_excluded) == (2, 0)
    assert (flow.other_sought_reports, flow.other_assessed) == (2, 2)
    assert flow.other_excluded == (("not empirical research", 1),)
    assert flow.other_included_reports == 1
    # the databases column is as it was: the citation's copy of study 2 is no new record
    assert (flow.database_results, flow.duplicates, flow.records_screened) == (12, 3, 8)
    assert (flow.new_studies, flow.new_reports) == (4, 4)


def test_a_study_found_first_by_citation_then_by_a_database_is_screened_with_the_databases(
    review: Review,
) -> None:
    add_search(review, "citations.ris", [0], method="citation")
    add_search(review, "pubmed.ris", [0, 1], database="PubMed")
    review.dedupe()
    screen(review, {0: "include", 1: "exclude"})
    screen(review, {0: "include"}, stage="full-text")
    flow = review.prisma_report().flow
    assert (flow.database_results, flow.duplicates, flow.records_screened) == (2, 0, 2)
    assert (flow.citations_results, flow.other_duplicates, flow.other_records_screened) == (1, 1, 0)
    assert (flow.dbr_included_reports, flow.new_reports) == (1, 1)


def test_an_included_erratum_is_a_second_report_of_its_study_not_a_new_study(
    review: Review,
) -> None:
    add_search(review, "pubmed.ris", [0, 1], database="PubMed", erratum_of=0)
    review.dedupe()
    erratum = erratum_id(review)
    ids = ids_by_study(review)
    for stage in ("title-abstract", "full-text"):
        review.decide(ids[0], "include", stage=stage)
        review.decide(erratum, "include", stage=stage)
        review.decide(ids[1], "include", stage=stage)
    flow = review.prisma_report().flow
    assert (flow.new_reports, flow.new_studies) == (3, 2)
    review.decide(erratum, "exclude", stage="full-text")
    flow = review.prisma_report().flow
    assert (flow.new_reports, flow.new_studies) == (2, 2)


def test_an_update_counts_the_previous_reviews_studies_and_removes_them_from_new_searches(
    review: Review,
) -> None:
    add_search(review, "previous.ris", [5, 6], method="previous")
    add_search(review, "pubmed.ris", [5, 0], database="PubMed")
    review.dedupe()
    screen(review, {0: "include"})
    screen(review, {0: "include"}, stage="full-text")
    flow = review.prisma_report().flow
    assert (flow.previous_studies, flow.previous_reports) == (2, 2)
    # PubMed's copy of study 5 is a study the review holds already
    assert (flow.database_results, flow.duplicates, flow.records_screened) == (2, 1, 1)
    assert (flow.new_studies, flow.total_studies, flow.total_reports) == (1, 3, 3)


def test_registers_are_counted_by_name_and_an_unnamed_database_by_its_file(
    review: Review,
) -> None:
    add_search(review, "trials.ris", [11], database="ClinicalTrials.gov", method="register")
    add_search(review, "export.ris", [0, 1])
    review.dedupe()
    screen(review, {0: "exclude", 1: "exclude", 11: "exclude"})
    flow = review.prisma_report().flow
    assert flow.register_results == 1
    assert flow.register_specific_results == (("ClinicalTrials.gov", 1),)
    assert flow.database_specific_results == (("export.ris (file; no database named)", 2),)
    assert (flow.records_screened, flow.records_excluded, flow.dbr_sought_reports) == (3, 3, 0)


def test_a_review_in_progress_says_what_waits_and_why(tmp_path: Path) -> None:
    with Review.open(new_review(tmp_path, reviewers_per_record=2), actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1, 2, 3], database="PubMed")
        screen(review, {0: "include", 1: "include", 2: "exclude"}, reviewer="ana")
        screen(review, {0: "include", 1: "exclude"}, reviewer="ben")
        report = review.prisma_report()
        assert report.flow.pending == {"records_screened": 3, "dbr_sought_reports": 1}
        assert not report.flow.complete
        assert report.pending_text() == (
            "not finished: 3 records await a title-abstract outcome (1 not decided yet,"
            " 1 awaiting another reviewer, 1 in conflict); 1 report awaits a full-text"
            " outcome (1 not decided yet)"
        )
        ids = ids_by_study(review)
        review.resolve(ids[1], "exclude", adjudicator="cleo")
        screen(review, {2: "exclude", 3: "exclude"}, reviewer="ben")
        screen(review, {3: "exclude"}, reviewer="ana")
        screen(review, {0: "include"}, stage="full-text", reviewer="ana")
        screen(review, {0: "include"}, stage="full-text", reviewer="ben")
        report = review.prisma_report()
        assert report.flow.complete and report.pending_text() == ""
        assert (report.flow.records_excluded, report.flow.new_studies) == (3, 1)


def test_a_maybe_leaves_the_record_waiting(review: Review) -> None:
    add_search(review, "pubmed.ris", [0, 1], database="PubMed")
    screen(review, {0: "maybe", 1: "exclude"})
    report = review.prisma_report()
    assert report.flow.pending == {"records_screened": 1}
    assert "(1 marked maybe)" in report.pending_text()


def test_an_empty_review_or_one_without_decisions_has_no_flow(review: Review) -> None:
    with pytest.raises(ScreenerError, match="no records"):
        review.prisma_report()
    add_search(review, "pubmed.ris", [0, 1], database="PubMed")
    with pytest.raises(ScreenerError, match="no screening decision"):
        review.prisma_report()


def test_a_flow_that_does_not_add_up_names_the_check_and_both_sides() -> None:
    flow = PrismaFlow(
        database_results=10,
        database_specific_results=(("PubMed", 10),),
        duplicates=2,
        records_screened=9,  # one too many: 10 - 2 is 8
        records_excluded=9,
    )
    [failed] = imbalances(flow)
    assert (failed.check, failed.left, failed.right) == (
        "dbr_identified_less_removed_is_screened",
        8,
        9,
    )
    with pytest.raises(FlowDoesNotAddUp, match=r"8 on the left, 9 on the right"):
        check_flow(flow)


def test_every_check_holds_on_a_review_of_both_columns_in_progress(review: Review) -> None:
    finished(review)
    add_search(review, "citations.ris", [9, 10, 11], method="citation")
    review.dedupe()
    screen(review, {9: "include", 10: "maybe"})
    screen(review, {9: "not-retrieved"}, stage="full-text")
    flow = review.prisma_report().flow
    assert imbalances(flow) == []
    assert flow.pending == {"other_records_screened": 2}
    assert (flow.other_sought_reports, flow.other_notretrieved_reports) == (1, 1)
