"""Coding takes the status every other view gives: a study of the previous version, and a
group whose inclusion was decided on a copy that no longer heads it, are included."""

from __future__ import annotations

from pathlib import Path

from conftest import write_ris

from screener.errors import ScreenerError
from screener.review import ImportOptions, Review


def test_a_previous_version_study_is_coded_like_any_included_study(tmp_path: Path) -> None:
    folder = tmp_path / "review"
    Review.create(folder, template="rea", actor="ana").close()
    with Review.open(folder, actor="ana") as review:
        review.import_file(write_ris(tmp_path / "new.ris", ["School-based prevention"]))
        review.import_file(
            write_ris(tmp_path / "old.ris", ["Help-seeking among adolescents"]),
            ImportOptions(method="previous"),
        )
        assert review.status_of(2) == "included"
        review.code_text(2, "sample_size", "120")
        try:
            review.code_text(1, "sample_size", "80")
        except ScreenerError as error:
            assert "title-abstract" in str(error)
        else:
            raise AssertionError("an unscreened record was coded")


def test_a_group_included_on_a_copy_that_no_longer_heads_it_is_coded(tmp_path: Path) -> None:
    folder = tmp_path / "review"
    Review.create(folder, template="rea", actor="ana").close()
    with Review.open(folder, actor="ana") as review:
        review.import_file(write_ris(tmp_path / "a.ris", ["Peer support after exclusion"]))
        review.import_file(write_ris(tmp_path / "b.ris", ["Peer support after exclusion: a"]))
        review.merge(1, 2)
        head = review.canonical_of(1) or 1
        copy = 2 if head == 1 else 1
        review.unmerge(copy)
        review.decide(copy, "include", stage="title-abstract")
        review.decide(copy, "include", stage="full-text")
        review.merge(1, 2)
        assert review.status_of(head) == "included"
        review.code_text(head, "sample_size", "64")
