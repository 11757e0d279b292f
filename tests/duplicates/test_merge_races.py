"""A person's merge and unmerge from two processes at once: each reads the groups inside
its own write transaction, so the outcome is one of the two orders, never a mix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from duplicates_helpers import build

from screener.review import Review


@pytest.fixture
def review(review_dir: Path) -> Path:
    build(review_dir, [0, 1, 2, 3, 4, 5], [0, 1, 2, 3])  # records 5 and 6 in no group
    with Review.open(review_dir, actor="ana") as ana:
        ana.merge(5, 6)
    return review_dir


def test_an_unmerge_sees_a_merge_that_landed_while_it_waited_for_the_lock(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Review.open(review, actor="ana") as ana, Review.open(review, actor="ben") as ben:
        store = ana._store
        plain = store.transaction

        @contextmanager
        def after_bens_merge() -> Iterator[None]:
            ben.merge(1, 5)  # lands first: the group of 5 and 6 joins the group of 1
            with plain():
                yield

        monkeypatch.setattr(store, "transaction", after_bens_merge)
        ana.unmerge(5)  # undoes the newest merge naming 5: ben's, as if run after it
        monkeypatch.undo()
        groups = ana.duplicate_groups()
    assert groups[5] == [5, 6]
    assert 5 not in groups[1] and 6 not in groups[1]
