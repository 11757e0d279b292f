"""Coding studies: set, a CSV, undo; append-only rows; only included studies; one
transaction per command."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_helpers import coding_review, write_csv

from screener.errors import ScreenerError
from screener.review import Review
from screener.synthesis import Appraisal, Quote


@pytest.fixture
def review(tmp_path: Path):
    with Review.open(coding_review(tmp_path), actor="ana") as opened:
        yield opened


def _standing(review: Review, record_id: int) -> dict[str, object]:
    return review.settled_values([record_id]).get(record_id, {})


def test_set_saves_each_field_and_the_latest_value_stands(review: Review) -> None:
    review.code_text(1, "design", "survey")
    review.code_text(1, "finding", "Offenders moved contact to encrypted apps.", page="7")
    review.code_text(1, "design", "interviews")
    assert _standing(review, 1) == {
        "design": "interviews",
        "finding": Quote("Offenders moved contact to encrypted apps.", "7"),
    }
    saved = review.coded_values([1])
    assert {(v.field, v.coder) for v in saved} == {("design", "ana"), ("finding", "ana")}
    assert all(v.frame_sha256 == review.coding_frame().sha256 for v in saved)


def test_rows_are_append_only_and_undo_is_a_row_of_its_own(review: Review) -> None:
    review.code_text(1, "design", "survey")
    review.code_text(1, "design", "interviews")
    review.code_text(2, "weight", "low", reason="no comparison group")
    before = review._store.coded_value_history(1)
    assert [r.value for r in before] == ['"survey"', '"interviews"']

    undone = review.undo_coding()
    assert (undone.record_id, undone.field, undone.value) == (2, "weight", None)
    undone = review.undo_coding()
    assert (undone.record_id, undone.field, undone.value) == (1, "design", "survey")
    undone = review.undo_coding()
    assert (undone.record_id, undone.field, undone.value) == (1, "design", None)
    assert review.undo_coding() is None

    history = review._store.coded_value_history(1)
    assert history[: len(before)] == before  # nothing rewritten
    assert [r.undoes for r in history] == [None, None, before[1].id, before[0].id]
    assert review.settled_values() == {}


def test_undo_takes_back_only_the_coders_own_values(review: Review) -> None:
    review.code_text(1, "design", "survey", coder="ana")
    review.code_text(1, "design", "interviews", coder="ben")
    undone = review.undo_coding("ana")
    assert (undone.coder, undone.value) == ("ana", None)
    assert [(v.coder, v.value) for v in review.coded_values([1])] == [("ben", "interviews")]


@pytest.mark.parametrize(
    ("record_id", "status", "message"),
    [
        (
            5,
            None,
            "record 5 is full-text, not included: only those are coded (records at full text"
            " too with --status full-text)",
        ),
        (6, None, "record 6 is excluded-screening, not included"),
        (6, "full-text", "record 6 is excluded-screening, not included or full-text"),
        (99, None, "no record with id 99"),
    ],
)
def test_only_included_studies_are_coded(
    review: Review, record_id: int, status: str | None, message: str
) -> None:
    with pytest.raises(ScreenerError) as caught:
        review.code_text(record_id, "design", "survey", status=status)
    assert str(caught.value).startswith(message)
    assert review._store.coded_row_count() == 0


def test_records_at_full_text_are_coded_when_asked(review: Review) -> None:
    review.code_text(5, "design", "survey", status="full-text")
    assert review.coding_ids() == [1, 2, 3, 4]
    assert review.coding_ids("full-text") == [1, 2, 3, 4, 5]
    assert _standing(review, 5) == {"design": "survey"}


def test_a_bad_value_saves_nothing(review: Review) -> None:
    with pytest.raises(ScreenerError, match="no field 'desing' in the coding frame"):
        review.code_text(1, "desing", "survey")
    with pytest.raises(ScreenerError, match="not an option"):
        review.code_text(1, "design", "ethnography")
    assert review._store.coded_row_count() == 0


def test_a_csv_lands_whole_in_one_transaction(review: Review, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "coded.csv",
        [
            "record,field,value,coder,page,reason",
            "1,design,survey,,,",
            "1,platforms,messaging apps; social media,ben,,",
            "2,finding,Victims were approached in game chat.,,22,",
            "2,weight,high,,,large national sample",
            ",,,,,",
            "3,sample_size,340,,,",
        ],
    )
    assert review.code_from_csv(path) == 5
    assert review.settled_values() == {
        1: {"design": "survey", "platforms": ("social media", "messaging apps")},
        2: {
            "finding": Quote("Victims were approached in game chat.", "22"),
            "weight": Appraisal("high", "large national sample"),
        },
        3: {"sample_size": 340},
    }
    assert {v.coder for v in review.coded_values()} == {"ana", "ben"}
    assert review.audit()[-1][2:] == ("code", {"file": str(path), "values": 5})


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2,design,ethnography", "'ethnography' is not an option of field 'design'"),
        ("2,desing,survey", "no field 'desing' in the coding frame (did you mean 'design'?)"),
        ("two,design,survey", "record must be a record id (a number), not 'two'"),
        ("6,design,survey", "record 6 is excluded-screening, not included"),
        ("2,finding,A passage without its page", "a quote needs its page"),
    ],
)
def test_a_bad_csv_row_names_the_file_and_line_and_writes_nothing(
    review: Review, tmp_path: Path, row: str, message: str
) -> None:
    path = write_csv(tmp_path / "coded.csv", ["record,field,value", "1,design,survey", "", row])
    with pytest.raises(ScreenerError) as caught:
        review.code_from_csv(path)
    assert str(caught.value).startswith(f"{path}:4: {message}")
    assert str(caught.value).endswith("nothing was written")
    assert review._store.coded_row_count() == 0


def test_a_csv_without_its_columns_is_refused(review: Review, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "coded.csv", ["record,value", "1,survey"])
    with pytest.raises(ScreenerError, match=r"coded.csv:1: missing column\(s\): field"):
        review.code_from_csv(path)


def test_a_failure_midway_through_a_csv_leaves_nothing(
    review: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a kill -9 between two rows would leave: the transaction was never committed.
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value", "1,design,survey", "2,design,survey", "3,design,survey"],
    )
    store = review._store
    written = []
    add = store.add_coded_value

    def add_then_die(*args, **kwargs):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(args)
        return add(*args, **kwargs)

    monkeypatch.setattr(store, "add_coded_value", add_then_die)
    audit = len(review.audit())
    with pytest.raises(KeyboardInterrupt):
        review.code_from_csv(path)
    assert store.coded_row_count() == 0
    assert len(review.audit()) == audit


def test_every_set_is_committed_with_its_audit_entry(review: Review, tmp_path: Path) -> None:
    review.code_text(1, "peers", "no", coder="ben")
    with Review.open(review.root, actor="other") as other:
        assert other.settled_values() == {1: {"peers": "no"}}
        assert other.audit()[-1][1:] == (
            "ana",
            "code",
            {"record": 1, "field": "peers", "coder": "ben"},
        )


def test_a_duplicate_is_coded_through_its_canonical_record(tmp_path: Path) -> None:
    folder = coding_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        review.merge(1, 2)
        duplicate = "record 2 is a duplicate of record 1; code record 1"
        with pytest.raises(ScreenerError, match=duplicate):
            review.code_text(2, "design", "survey")
