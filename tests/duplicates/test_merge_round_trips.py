"""A person's merge and unmerge undo each other, and a dedupe re-run never overrules either:
properties over small random groups (a deduplicated review, then a person's random merges
and unmerges)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from duplicates_helpers import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.errors import ScreenerError
from screener.review import Review

# records 1-6: studies 0-5; records 7-10: studies 0-3 again, so dedupe groups 1+7 ... 4+10
RECORDS = 10
record_ids = st.integers(1, RECORDS)
person_steps = st.lists(
    st.one_of(
        st.tuples(st.just("merge"), record_ids, record_ids),
        st.tuples(st.just("unmerge"), record_ids, st.just(0)),
    ),
    max_size=6,
)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "review"
    Review.create(folder, title="Round trips", actor="ana").close()
    build(folder, [0, 1, 2, 3, 4, 5], [0, 1, 2, 3])
    return folder


@contextmanager
def review_after(template: Path, steps: list[tuple[str, int, int]]) -> Iterator[Review]:
    """A copy of the deduplicated template review after a person's `steps`."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "review"
        shutil.copytree(template, folder)
        with Review.open(folder, actor="ana") as review:
            for action, first, second in steps:
                if action == "merge":
                    review.merge(first, second)
                else:
                    with suppress(ScreenerError):  # in no group
                        review.unmerge(first)
            yield review


def groups(review: Review) -> dict[int, list[int]]:
    found = review.duplicate_groups()
    for canonical, members in found.items():
        assert canonical == min(members)  # a group's canonical record is its smallest id
    return found


@PROPERTY
@given(steps=person_steps, a=record_ids, b=record_ids, undo_by_first=st.booleans(),
       rerun=st.booleans())  # fmt: skip
def test_unmerge_of_either_record_undoes_a_merge(
    template: Path, steps, a: int, b: int, undo_by_first: bool, rerun: bool
) -> None:
    with review_after(template, steps) as review:
        before = groups(review)
        change = review.merge(a, b)
        if not change.linked:
            assert groups(review) == before  # one group already: nothing to do
            return
        if rerun:
            review.dedupe()
        review.unmerge(a if undo_by_first else b)
        if rerun:
            review.dedupe()
        assert groups(review) == before


@PROPERTY
@given(steps=person_steps, record=record_ids, rerun=st.booleans())
def test_merging_back_what_an_unmerge_freed_restores_the_groups(
    template: Path, steps, record: int, rerun: bool
) -> None:
    with review_after(template, steps) as review:
        before = groups(review)
        try:
            result = review.unmerge(record)
        except ScreenerError:
            assert all(record not in members for members in before.values())
            return
        after_unmerge = groups(review)
        assert all(
            not {*result.freed, result.group} <= set(members) for members in after_unmerge.values()
        )
        if rerun:
            review.dedupe()
            assert groups(review) == after_unmerge  # the person's unmerge stands
        for freed in result.freed:
            review.merge(freed, result.group)
        if rerun:
            review.dedupe()
        assert groups(review) == before


@PROPERTY
@given(steps=person_steps)
def test_a_dedupe_rerun_never_overrules_a_person(template: Path, steps) -> None:
    with review_after(template, steps) as review:
        before = groups(review)
        summary = review.dedupe()
        assert groups(review) == before
        assert summary.merged == 0


def test_a_later_merge_replaces_the_persons_own_distinct(template: Path) -> None:
    with review_after(template, [("unmerge", 7, 0)]) as review:
        assert review.duplicate_links() == {8: 2, 9: 3, 10: 4}
        review.dedupe()
        assert 7 not in review.duplicate_links()  # the unmerge stands against the engine
        review.merge(1, 7)
        assert (1, 7) not in {(p.a_id, p.b_id) for p in review.pairs(open_only=False)
                              if p.verdict == "distinct"}  # fmt: skip
        review.dedupe()
        assert review.duplicate_links()[7] == 1


def test_an_unmerge_undoes_the_newest_merge_that_named_the_record(template: Path) -> None:
    with review_after(template, [("merge", 2, 1), ("merge", 5, 1)]) as review:
        assert groups(review) == {1: [1, 2, 5, 7, 8], 3: [3, 9], 4: [4, 10]}
        first = review.unmerge(1)
        assert first.merge is not None and (first.merge.a_id, first.merge.b_id) == (5, 1)
        assert first.freed == (5,)
        second = review.unmerge(1)
        assert second.freed == (2, 8)  # record 2 leaves with the record it brought along
        assert groups(review) == {1: [1, 7], 2: [2, 8], 3: [3, 9], 4: [4, 10]}
        third = review.unmerge(1)  # no merge left to undo: record 1 leaves alone
        assert (third.merge, third.freed, third.group) == (None, (1,), 7)
        assert groups(review) == {2: [2, 8], 3: [3, 9], 4: [4, 10]}


def test_the_canonical_record_leaves_alone_and_the_others_stay_one_group(
    template: Path,
) -> None:
    with review_after(template, [("merge", 7, 2)]) as review:
        assert groups(review)[1] == [1, 2, 7, 8]
        result = review.unmerge(1)  # named in no merge: record 1 alone leaves
        assert (result.merge, result.freed, result.group) == (None, (1,), 2)
        assert groups(review) == {2: [2, 7, 8], 3: [3, 9], 4: [4, 10]}
        review.dedupe()
        assert groups(review) == {2: [2, 7, 8], 3: [3, 9], 4: [4, 10]}
        review.merge(1, 2)
        assert groups(review)[1] == [1, 2, 7, 8]
