"""What one save costs: the status of the record saved, not of every record in the review
(on a 50,000-record review the latter took about a second per Enter in the coding screen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_helpers import coding_review

from screener.errors import ScreenerError
from screener.model import Status
from screener.review import Review

CODED = {Status.INCLUDED.value, Status.FULL_TEXT.value}


def test_a_save_reads_the_status_of_its_own_record_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Review.open(coding_review(tmp_path), actor="ana") as review:

        def every_status() -> dict[int, str]:
            raise AssertionError("a save worked out every record's status")

        monkeypatch.setattr(review, "statuses", every_status)
        review.code_text(1, "design", "survey")
        review.code_text(5, "design", "interviews", status="full-text")
        assert review.settled_values([1, 5]) == {
            1: {"design": "survey"},
            5: {"design": "interviews"},
        }


def test_a_refused_save_still_names_the_records_exact_status(tmp_path: Path) -> None:
    folder = coding_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        review.merge(1, 2)
        with pytest.raises(ScreenerError, match="record 2 is a duplicate of record 1"):
            review.code_text(2, "design", "survey")
        with pytest.raises(ScreenerError, match="record 6 is excluded-screening, not included"):
            review.code_text(6, "design", "survey")
        with pytest.raises(ScreenerError, match="no record with id 60"):
            review.code_text(60, "design", "survey")
        assert review._store.coded_row_count() == 0


@pytest.mark.parametrize("reviewers", [1, 2])
def test_one_records_status_agrees_with_the_whole_reviews(tmp_path: Path, reviewers: int) -> None:
    folder = coding_review(tmp_path)
    settings = folder / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("reviewers_per_record = 1", f"reviewers_per_record = {reviewers}"),
        encoding="utf-8",
    )
    with Review.open(folder, actor="ana") as review:
        review.merge(3, 4)
        if reviewers == 2:  # a second reviewer agrees on 1 and 5 and differs on 2
            review.decide(1, "include", reviewer="ben")
            review.decide(1, "include", reviewer="ben", stage="full-text")
            review.decide(2, "exclude", reviewer="ben")
            review.decide(5, "include", reviewer="ben")
        every = review.statuses()
        one_by_one = {r: review._statuses_of([r])[r] for r in every}
        coded = {r: s for r, s in every.items() if s in CODED}
        assert coded  # the review has records to code, and both readings find the same
        assert coded == {r: s for r, s in one_by_one.items() if s in CODED}


def test_the_records_to_code_are_read_by_id_and_merged_as_exports_give_them(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.ris"
    other.write_text(  # a sparser copy of record 1, with keywords it lacks
        "TY  - JOUR\nTI  - Online grooming by perpetrators: an interview study\n"
        "KW  - grooming\nKW  - interviews\nER  - \n",
        encoding="utf-8",
    )
    with Review.open(coding_review(tmp_path), actor="ana") as review:
        review.import_file(other)
        review.merge(1, 7)
        exported = {record.id: record for record, status in review.select() if status == "included"}
        coded = review.records_to_code()
        assert [record.id for record in coded] == [1, 2, 3, 4]
        assert coded == [exported[record_id] for record_id in (1, 2, 3, 4)]
        assert coded[0].keywords == ("grooming", "interviews")
        assert review.records_to_code("full-text")[-1] == next(
            record for record, _ in review.select() if record.id == 5
        )
