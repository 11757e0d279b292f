"""`screener audit`: the text view, --since, -o and the refusals, through the CLI."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from audit_review import Built, build

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  \S+  [a-z-]+  \S")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("audited"))


def json_events(cli, review: Path, *more: str) -> list[dict]:
    result = cli("audit", "--json", "--review", review, *more)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_text_view_gives_one_line_per_change_and_one_per_commands_links(
    built: Built, cli
) -> None:
    events = json_events(cli, built.review)
    result = cli("audit", "--review", built.review)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    decisions = [e for e in events if e["event"] == "decision"]
    assert sum("  decision  " in line for line in lines) == len(decisions)
    links = [e for e in events if e["event"] == "link"]
    link_lines = [line for line in lines if "  link  " in line]
    assert 0 < len(link_lines) < len(links)  # the dedupe run's links are one line
    assert sum(int(re.search(r"linked (\d+)", line)[1]) for line in link_lines) == len(links)
    dedupe = next(line for line in lines if "  dedupe  " in line)
    assert "2 merged" in dedupe and "1 notice link" in dedupe
    resolution = next(line for line in lines if "  resolution  " in line)
    assert "carl" in resolution and "include" in resolution


def test_since_keeps_the_changes_from_that_time_in_any_zone(built: Built, cli) -> None:
    events = json_events(cli, built.review)
    last = datetime.fromisoformat(events[-1]["time"])
    from_last = [e for e in events if datetime.fromisoformat(e["time"]) >= last]
    # The same moment two hours east of UTC, and as a naive time (taken as UTC).
    east = last.astimezone(timezone(timedelta(hours=2)))
    assert json_events(cli, built.review, "--since", east.isoformat()) == from_last
    naive = last.replace(tzinfo=None).isoformat()
    assert json_events(cli, built.review, "--since", naive) == from_last
    later = (last + timedelta(seconds=1)).isoformat()
    assert json_events(cli, built.review, "--since", later) == []
    day = last.date().isoformat()
    assert json_events(cli, built.review, "--since", day) == [e for e in events if e["time"] >= day]


def test_a_since_after_the_last_change_says_so_on_stderr_and_prints_nothing(
    built: Built, cli
) -> None:
    for view in ((), ("--json",)):
        result = cli("audit", *view, "--review", built.review, "--since", "2999-01-01")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert result.stderr.strip() == "no changes since 2999-01-01"


@pytest.mark.parametrize("since", ["2026-13-01", "yesterday", "01/05/2026", ""])
def test_a_since_that_is_no_date_is_a_usage_error(review_dir: Path, cli, since: str) -> None:
    result = cli("audit", "--review", review_dir, "--since", since)
    assert result.exit_code == 2
    assert "--since" in result.stderr
    assert result.stdout == ""


def test_output_to_a_file_holds_what_stdout_shows(built: Built, cli, tmp_path: Path) -> None:
    target = tmp_path / "audit.jsonl"
    result = cli("audit", "--json", "--review", built.review, "-o", target)
    assert result.exit_code == 0, result.stderr
    shown = cli("audit", "--json", "--review", built.review).stdout
    assert target.read_text(encoding="utf-8") == shown
    assert f"{len(shown.splitlines())} changes written" in result.stderr
    text = tmp_path / "audit.txt"
    assert cli("audit", "--review", built.review, "-o", text).exit_code == 0
    assert text.read_text(encoding="utf-8") == cli("audit", "--review", built.review).stdout


def test_output_over_the_reviews_own_store_is_refused_and_changes_nothing(
    built: Built, cli
) -> None:
    store = built.review / "screener.db"
    size = store.stat().st_size
    result = cli("audit", "--review", built.review, "-o", store)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert store.stat().st_size == size


def test_output_into_a_missing_folder_is_one_line_and_leaves_nothing(
    built: Built, cli, tmp_path: Path
) -> None:
    result = cli("audit", "--review", built.review, "-o", tmp_path / "gone" / "audit.txt")
    assert result.exit_code == 1
    assert "no such folder" in result.stderr
    assert not (tmp_path / "gone").exists()


def test_a_new_review_has_its_creation_in_the_audit(review_dir: Path, cli) -> None:
    events = json_events(cli, review_dir)
    assert [(e["event"], e["actor"]) for e in events] == [("init", "tester")]
    assert events[0]["details"]["title"] == "Test review"
