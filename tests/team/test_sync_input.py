"""Bad sync files and two people under one name: every line checked first and nothing
written; a forked history reported as a conflict of identity, never merged silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sync_helpers import make_copy, portable_state, record_of

from screener.review import Review
from screener.sync import BadSyncFile, RecordRef, read_sync_file
from screener.sync.format import SyncLine, decision_line, header_line
from screener.sync.keys import portable_key

ORDER = ["psycinfo.ris", "scopus.ris", "pubmed.ris"]


def _line(**changes: object) -> str:
    line = SyncLine("0" * 32, RecordRef("a" * 64, "k1"), "title-abstract", "ana", "include",
                    "", "", "2026-01-01T00:00:00", "decision", "", None, None)  # fmt: skip
    obj = json.loads(decision_line(line))
    obj.update(changes)
    return json.dumps(obj)


def test_a_sync_file_with_bad_lines_names_each_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ana.jsonl"
    path.write_text("\n".join([
        header_line("r1"),
        _line(uuid="1" * 32),
        "{not json",
        _line(uuid="2" * 32, verdict="perhaps"),
        _line(uuid="3" * 32, record={"key": "k1"}),
        _line(uuid="1" * 32, verdict="exclude"),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(BadSyncFile) as caught:
        read_sync_file(path)
    assert [(line, message.split(" (")[0]) for _, line, message in caught.value.problems] == [
        (3, "not JSON"),
        (4, "unknown verdict 'perhaps'"),
        (5, "'record' has no file sha256"),
        (6, f"UUID {'1' * 32} given before, on line 2"),
    ]
    message = str(caught.value)
    assert message.startswith(f"{path}:3: not JSON")
    assert f"{path}:6" in message and message.endswith("nothing was written")


def test_git_conflict_markers_are_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "ben.jsonl"
    path.write_text("\n".join([
        header_line("r1"),
        "<<<<<<< HEAD",
        _line(uuid="1" * 32),
        "=======",
        _line(uuid="2" * 32),
        ">>>>>>> laptop",
    ]) + "\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(BadSyncFile) as caught:
        read_sync_file(path)
    assert [line for _, line, _ in caught.value.problems] == [2, 4, 6]
    assert "git merge conflict marker" in str(caught.value)


def test_a_file_without_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ana.jsonl"
    path.write_text(_line() + "\n", encoding="utf-8")
    with pytest.raises(BadSyncFile, match="does not name the format"):
        read_sync_file(path)


def test_a_sync_with_one_bad_file_writes_nothing(tmp_path: Path, cli) -> None:
    ana = make_copy(tmp_path / "ana", ORDER, actor="ana")
    with Review.open(ana, actor="ana") as review:
        review.decide(record_of(ana, "psycinfo.ris", 1), "include")
        review_id = review._store.review_id()
    shared = tmp_path / "team"
    shared.mkdir()
    good = shared / "ben.jsonl"
    good.write_text(header_line(review_id) + "\n" + _line(uuid="5" * 32) + "\n")
    bad = shared / "cy.jsonl"
    bad.write_text(header_line(review_id) + "\n" + _line(uuid="6" * 32, stage="abstract") + "\n")
    before = portable_state(ana)
    result = cli("sync", shared, "--review", ana)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"screener: {bad}:2: unknown stage 'abstract'; nothing was written"
    )
    assert sorted(p.name for p in shared.glob("*.jsonl")) == ["ben.jsonl", "cy.jsonl"]
    assert portable_state(ana) == before


def test_one_name_on_two_machines_is_a_conflict_of_identity(tmp_path: Path, cli) -> None:
    first = make_copy(tmp_path / "first", ORDER, actor="ana")
    second = make_copy(tmp_path / "second", list(reversed(ORDER)), actor="ana")
    shared = tmp_path / "team"
    shared.mkdir()
    cli("sync", shared, "--reviewer", "ana", "--review", first)
    cli(
        "sync", shared, "--reviewer", "ana", "--review", second
    )  # joins: both copies are one review now
    # Two people both calling themselves "ana" decide one record, neither knowing the other.
    with Review.open(first, actor="ana") as review:
        review.decide(record_of(first, "scopus.ris", 2), "include")
        review.decide(record_of(first, "psycinfo.ris", 5), "include")
    with Review.open(second, actor="ana") as review:
        review.decide(record_of(second, "scopus.ris", 2), "exclude")
    assert cli("sync", shared, "--reviewer", "ana", "--review", first).exit_code == 0
    reported = cli("sync", shared, "--reviewer", "ana", "--review", second, "--json")
    assert reported.exit_code == 0
    assert "conflict of identity" in reported.stderr
    assert "reviewer 'ana' has two histories for record" in reported.stderr
    summary = json.loads(reported.stdout)
    assert len(summary["identity_conflicts"]) == 1
    assert summary["added"] == 1  # the other record's decision, which forks nothing
    # Neither copy takes the other's verdict for its own: each keeps its own, the other's
    # kept aside and reported again at every sync until the two people are told apart.
    verdicts = {
        folder: {d.verdict for d in Review.open(folder).decisions()
                 if d.record_id == record_of(folder, "scopus.ris", 2)}
        for folder in (first, second)
    }  # fmt: skip
    assert verdicts == {first: {"include"}, second: {"exclude"}}
    again = cli("sync", shared, "--reviewer", "ana", "--review", first)
    assert "conflict of identity" in again.stderr


def test_the_same_reviewer_on_two_machines_who_saw_each_other_is_no_conflict(
    tmp_path: Path, cli
) -> None:
    first = make_copy(tmp_path / "first", ORDER, actor="ana")
    second = make_copy(tmp_path / "second", list(reversed(ORDER)), actor="ana")
    shared = tmp_path / "team"
    shared.mkdir()
    cli("sync", shared, "--reviewer", "ana", "--review", second)
    with Review.open(first, actor="ana") as review:
        review.decide(record_of(first, "scopus.ris", 2), "include")
    cli("sync", shared, "--reviewer", "ana", "--review", first, "--join")
    cli("sync", shared, "--reviewer", "ana", "--review", second)
    with Review.open(second, actor="ana") as review:  # Ana changes her mind on her laptop
        review.decide(record_of(second, "scopus.ris", 2), "exclude")
    cli("sync", shared, "--reviewer", "ana", "--review", second)
    result = cli("sync", shared, "--reviewer", "ana", "--review", first)
    assert "conflict" not in result.stderr
    assert portable_state(first)["current"] == portable_state(second)["current"]
    assert {v for _, _, _, v, _ in portable_state(first)["current"]} == {"exclude"}


FILE_NAME_CHARACTERS = st.characters(codec="utf-8", exclude_characters="/\\\x00")


@given(name=st.text(FILE_NAME_CHARACTERS, min_size=1, max_size=12), ordinal=st.integers(1, 10**6))
def test_a_key_made_from_a_file_name_loses_the_name(name: str, ordinal: int) -> None:
    assert portable_key(f"/data/{name}.ris", f"{name}.ris#{ordinal}") == f"#{ordinal}"
    assert portable_key(f"/other/place/x-{name}.ris", f"x-{name}.ris#{ordinal}") == f"#{ordinal}"
    assert portable_key(f"/data/{name}.ris", f"PMID{ordinal}") == f"PMID{ordinal}"
