"""The audit's pure parts: the --since bound, record id runs, and the text view's folds."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.report.audit import AuditEvent, id_runs, ids_of, replay, since_bound
from screener.report.audit_text import text_lines


@pytest.mark.parametrize(
    ("given_text", "bound"),
    [
        pytest.param("2026-05-01", "2026-05-01", id="a date, from its start"),
        pytest.param("2026-05-01T10:00:03", "2026-05-01T10:00:03+00:00", id="naive is UTC"),
        pytest.param("2026-05-01T12:00:03+02:00", "2026-05-01T10:00:03+00:00", id="a zone"),
        pytest.param("2026-05-01T10:00:03Z", "2026-05-01T10:00:03+00:00", id="Z for UTC"),
        pytest.param("2026-05-01T10:00:03.750", "2026-05-01T10:00:03+00:00", id="to the second"),
    ],
)
def test_since_reads_a_date_or_a_time_as_the_stamps_are_written(
    given_text: str, bound: str
) -> None:
    assert since_bound(given_text) == bound


@pytest.mark.parametrize("text", ["2026-02-30", "May 2026", "2026-05-01T25:00", "-1"])
def test_since_refuses_what_is_no_date(text: str) -> None:
    with pytest.raises(ValueError, match="not a date or time"):
        since_bound(text)


@given(st.sets(st.integers(min_value=1, max_value=500)))
def test_record_ids_written_as_runs_read_back_the_same(ids: set[int]) -> None:
    runs = id_runs(ids)
    assert list(ids_of(runs)) == sorted(ids)
    assert all(a[1] + 1 < b[0] for a, b in pairwise(runs))  # no two runs touch


def link(link_id: int, record: int, actor: str = "ana", time: str = "2026-05-01T10:00:00+00:00"):
    details = {"link": link_id, "record": record, "canonical": 1, "how": "auto", "run": 1,
               "merge": None, "score": 0.99}  # fmt: skip
    return AuditEvent(time, actor, "link", details)


def test_the_links_of_one_command_read_as_one_line() -> None:
    events = [link(n, 10 + n) for n in range(1, 8)]
    later = link(8, 30, time="2026-05-01T10:00:05+00:00")
    lines = list(text_lines([*events, later, link(9, 31, actor="ben", time=later.time)]))
    assert lines == [
        "2026-05-01 10:00:00  ana  link  linked 7 records as duplicates:"
        " records 11, 12, 13, 14, 15, ...",
        "2026-05-01 10:00:05  ana  link  linked 1 record as duplicates: records 30",
        "2026-05-01 10:00:05  ben  link  linked 1 record as duplicates: records 31",
    ]


def test_a_note_with_control_characters_is_shown_not_obeyed() -> None:
    details = {"id": 1, "record": 4, "stage": "title-abstract", "verdict": "exclude",
               "reason": "", "note": "see\x1b[2J the abstract", "kind": "decision",
               "undoes": None, "uuid": "u1", "criteria_sha256": ""}  # fmt: skip
    (line,) = text_lines([AuditEvent("2026-05-01T10:00:00+00:00", "ana", "decision", details)])
    assert "\x1b" not in line
    assert line.endswith("record 4 at title-abstract: exclude; note: see[2J the abstract")


def decision(row: int, record: int, actor: str, verdict: str, *, kind: str = "decision"):
    return {"time": "2026-05-01T10:00:00+00:00", "actor": actor,
            "event": kind if row < 100 else "undo",
            "details": {"id": row, "record": record, "stage": "title-abstract",
                        "verdict": verdict, "kind": kind}}  # fmt: skip


def test_replay_counts_the_newest_row_by_its_number_not_by_the_order_read() -> None:
    imported = {"time": "", "actor": "ana", "event": "import", "details": {"ids": [[1, 2]]}}
    # Ben's exclude (row 5) came later than his include (row 3), though read first: a
    # synced row keeps the time it was made elsewhere.
    events = [imported, decision(5, 1, "ben", "exclude"), decision(3, 1, "ben", "include"),
              decision(4, 1, "ana", "exclude"), decision(6, 2, "ana", "include")]  # fmt: skip
    assert replay(events, 2) == {1: "excluded-screening", 2: "title-abstract"}
    assert replay(events, 1) == {1: "excluded-screening", 2: "full-text"}
