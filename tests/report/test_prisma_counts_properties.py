"""For any decision history, the PRISMA counts add up and every record found by a search
ends in exactly one terminal box of the flow."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prisma_counts_helpers import add_search, ids_by_study, new_review

from screener.errors import ScreenerError
from screener.model import Decision, Source
from screener.report.arithmetic import imbalances
from screener.report.flow import PrismaFlow
from screener.report.prisma_counts import FlowInputs, NoticeOf, count_flow
from screener.review import Review
from screener.screening.status import record_statuses, tally

METHODS = ("database", "register", "website", "organisation", "citation", "other", "previous")
SOURCES = [
    Source(n, f"s{n}.ris", "0" * 64, "ris", f"Base {n}" if n % 2 else "", "", "", "", 0, method=m)
    for n, m in enumerate(METHODS, 1)
]
STAGES = ("title-abstract", "full-text")
VERDICTS = ("include", "exclude", "maybe", "not-retrieved")


def terminal_boxes(flow: PrismaFlow) -> int:
    """The sum of every box a record found by a search can end in."""
    pending = sum(flow.pending.values())
    removed = flow.duplicates + flow.excluded_automatic + flow.excluded_other
    removed += flow.other_duplicates + flow.other_excluded_automatic
    excluded = flow.records_excluded + flow.other_records_excluded
    lost = flow.dbr_notretrieved_reports + flow.other_notretrieved_reports
    rejected = sum(n for _, n in flow.dbr_excluded) + sum(n for _, n in flow.other_excluded)
    return pending + removed + excluded + lost + rejected + flow.new_reports


@st.composite
def reviews(draw: st.DrawFn) -> tuple[FlowInputs, int]:
    """A review's inputs with statuses derived from random decisions as Review derives
    them; and how many of its records came from a search (not the previous review)."""
    n = draw(st.integers(1, 30))
    record_sources = {rid: draw(st.sampled_from(SOURCES)).id for rid in range(1, n + 1)}
    duplicate_of: dict[int, int] = {}
    for rid in range(2, n + 1):
        if draw(st.booleans()) and draw(st.booleans()):
            other = draw(st.integers(1, rid - 1))
            duplicate_of[rid] = duplicate_of.get(other, other)
    criteria = {
        rid: ("exclude", "years", "too old")
        for rid in record_sources
        if draw(st.integers(0, 5)) == 0
    }
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, n),
                st.sampled_from(STAGES),
                st.sampled_from(("ana", "ben", "cleo", "resolver")),
                st.sampled_from(VERDICTS),
                st.sampled_from(("decision", "decision", "resolution")),
            ),
            max_size=60,
        )
    )
    current = {(r[0], r[1], r[2], r[4]): r for r in rows}  # the newest per key, as the store
    required = draw(st.integers(1, 3))
    tallies = tally(list(current.values()), dict.fromkeys(STAGES, required))
    outcomes = {key: verdict for key, (_, verdict) in tallies.items() if verdict}
    previous = next(s.id for s in SOURCES if s.method == "previous")
    # As Review derives them: the previous version's studies (and their groups) included.
    from_previous = [rid for rid, source in record_sources.items() if source == previous]
    statuses = record_statuses(
        sorted(record_sources), duplicate_of, criteria, outcomes, from_previous
    )
    heads = [rid for rid in record_sources if rid not in duplicate_of]
    notices = [
        NoticeOf(draw(st.sampled_from(heads)), draw(st.sampled_from(heads)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    reasons = {rid: draw(st.sampled_from(("design", "population", ""))) for rid in record_sources}
    searched = sum(1 for source in record_sources.values() if source != previous)
    inputs = FlowInputs(SOURCES, record_sources, duplicate_of, statuses, notices, reasons)
    return inputs, searched


@given(reviews())
@settings(max_examples=300, deadline=None)
def test_the_flow_adds_up_for_any_decision_history(review: tuple[FlowInputs, int]) -> None:
    inputs, searched = review
    flow = count_flow(inputs)
    assert imbalances(flow) == []
    assert terminal_boxes(flow) == searched
    assert 0 <= flow.new_studies <= flow.new_reports
    assert all(n >= 0 for n in flow.as_json().values() if isinstance(n, int))


# -- the same through a review's store: decisions, undo, resolutions -------------------------


def _template(root: Path) -> Path:
    folder = new_review(root, reviewers_per_record=2)
    with Review.open(folder, actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1, 2, 3, 4, 5, 8], database="PubMed")
        add_search(review, "scopus.ris", [4, 5, 6], database="Scopus")
        add_search(review, "citations.ris", [6, 7, 9], method="citation", erratum_of=7)
        add_search(review, "previous.ris", [10, 3], method="previous")
        review.dedupe()
        review.apply_criteria()
    return folder


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(("decide", "decide", "decide", "undo", "resolve")),
        st.integers(0, 9),
        st.sampled_from(STAGES),
        st.sampled_from(("ana", "ben")),
        st.sampled_from(("include", "exclude", "maybe", "not-retrieved")),
    ),
    min_size=1,
    max_size=25,
)


@given(actions=ACTIONS)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_stored_review_adds_up_after_any_decisions(tmp_path: Path, actions: list) -> None:
    template = tmp_path / "template"
    if not template.exists():
        _template(template)
    folder = tmp_path / "copy"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template / "review", folder)
    with Review.open(folder, actor="ana") as review:
        ids = ids_by_study(review)
        review.decide(ids[0], "include", reviewer="dana")  # a flow needs one, never undone
        for action, study, stage, reviewer, verdict in actions:
            if verdict == "not-retrieved" and stage != "full-text":
                verdict = "exclude"
            if action == "undo":
                review.undo(stage=stage, reviewer=reviewer)
            elif action == "resolve" and verdict != "maybe":
                _decide(review, ids[study], verdict, stage, "cleo", resolve=True)
            else:
                _decide(review, ids[study], verdict, stage, reviewer)
        flow = review.prisma_report().flow
        found = sum(s.record_count for s in review.sources() if s.method != "previous")
    assert imbalances(flow) == []
    assert terminal_boxes(flow) == found
    assert flow.previous_reports == 2


def _decide(
    review: Review, record_id: int, verdict: str, stage: str, reviewer: str, resolve: bool = False
) -> None:
    """`decide` (or `resolve`); on a study of the previous version, which both refuse, the
    decision is written as a sync from another copy would write it: it must change no
    count."""
    try:
        if resolve:
            review.resolve(record_id, verdict, stage=stage, force=True, adjudicator=reviewer)
        else:
            review.decide(record_id, verdict, stage=stage, reviewer=reviewer)
    except ScreenerError as error:
        if "previous version" not in str(error):
            raise
        kind = "resolution" if resolve else "decision"
        with review._store.transaction():
            review._store.add_decision(Decision(record_id, stage, reviewer, verdict, kind=kind))
