"""A decision belongs to the study: when a merge makes another copy head the group, the
group keeps the outcome the screened copy had."""

from __future__ import annotations

from pathlib import Path

from conftest import write_ris

from screener.review import Review


def _review(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    Review.create(folder, actor="ana").close()
    return folder


def test_a_merge_that_heads_the_group_with_an_unscreened_copy_keeps_the_inclusion(
    tmp_path: Path,
) -> None:
    folder = _review(tmp_path)
    first = write_ris(tmp_path / "a.ris", ["Peer support after school exclusion"])
    second = write_ris(tmp_path / "b.ris", ["Peer support after school exclusion: a cohort"])
    with Review.open(folder, actor="ana") as review:
        review.import_file(first)
        review.import_file(second)
        review.merge(1, 2)
        head = review.canonical_of(1) or 1
        copy = 2 if head == 1 else 1
        review.unmerge(copy)
        review.decide(copy, "include", stage="title-abstract")
        review.decide(copy, "include", stage="full-text")
        review.merge(1, 2)
        statuses = review.statuses()
        assert (statuses[head], statuses[copy]) == ("included", "duplicate")
        review.unmerge(copy)
        assert (review.statuses()[head], review.statuses()[copy]) == ("title-abstract", "included")
