"""Plain mode through stdin, and durability: a killed process and two reviewers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from screening_helpers import decisions, prepare

from screener.review import Review


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def _screen(cli, review: Path, commands: str, *extra: str):
    return cli(
        "screen",
        "--review",
        review,
        "--reviewer",
        "ana",
        "--order",
        "imported",
        *extra,
        input=commands,
    )


def test_plain_mode_screens_from_stdin_with_the_same_keys(review: Path, cli) -> None:
    result = _screen(cli, review, "i\ne 2\ne population\ne\nn small sample\nm\n", "--plain")
    assert result.exit_code == 0, result.stderr
    assert decisions(review) == [
        (1, "include", "", ""),
        (2, "exclude", "design", ""),
        (3, "exclude", "population", ""),
        (4, "exclude", "", ""),
        (5, "maybe", "", "small sample"),
    ]
    assert "Online grooming by perpetrators" in result.stdout
    assert "Question: What is known" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour on a pipe
    assert "5 decisions saved this session" in result.stderr


@pytest.mark.parametrize("variable", ["FORCE_COLOR", "TTY_COMPATIBLE"])
def test_plain_mode_on_a_pipe_prints_no_colour_even_when_colour_is_forced(
    review: Path, cli, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv(variable, "1")
    result = _screen(cli, review, "i\n", "--plain")
    assert result.exit_code == 0, result.stderr
    assert decisions(review) == [(1, "include", "", "")]
    assert "Online grooming by perpetrators" in result.stdout
    assert "\x1b[" not in result.stdout


def test_plain_mode_skip_undo_jump_and_help(review: Path, cli) -> None:
    commands = "s\ni\nu\nu\n/ sextortion\nm\n?\nq\ni\n"
    result = _screen(cli, review, commands, "--plain")
    assert result.exit_code == 0, result.stderr
    assert decisions(review) == [(3, "maybe", "", "")]  # q stops before the last line
    assert "Nothing to undo." in result.stdout
    assert "Jumped to record 3." in result.stdout
    assert "undo your last decision" in result.stdout


def test_plain_mode_reports_a_bad_reason_and_saves_nothing_for_it(review: Path, cli) -> None:
    result = _screen(cli, review, "e 9\ne nonsense\nzz\n", "--plain")
    assert result.exit_code == 0
    assert "unknown reason '9' (reasons: 1 population, 2 design, o WORDS" in result.stdout
    assert "Unknown command 'zz'" in result.stdout
    assert decisions(review) == []


def test_plain_mode_excludes_for_another_reason_in_the_reviewers_words(review: Path, cli) -> None:
    result = _screen(cli, review, "e o\ne o  a conference poster only\n", "--plain")
    assert result.exit_code == 0, result.stderr
    assert "say the other reason in words" in result.stdout  # a bare 'e o' saves nothing
    assert decisions(review) == [(1, "exclude", "other", "a conference poster only")]


def test_without_a_terminal_screen_falls_back_to_plain_mode(review: Path, cli) -> None:
    result = _screen(cli, review, "i\n")  # end of input quits
    assert result.exit_code == 0, result.stderr
    assert decisions(review) == [(1, "include", "", "")]


def test_a_note_without_a_verdict_is_kept_in_the_audit_log(review: Path, cli) -> None:
    _screen(cli, review, "n check the sample size\ns\n", "--plain")
    with Review.open(review) as opened:
        notes = [details for _, _, command, details in opened.audit() if command == "screen-note"]
    assert notes == [{"record": 1, "stage": "title-abstract", "note": "check the sample size"}]


def test_full_text_plain_mode_accepts_not_retrieved(review: Path, cli) -> None:
    with Review.open(review, actor="ana") as opened:
        opened.decide(2, "include", reviewer="ana")
    result = _screen(cli, review, "r\n", "--plain", "--stage", "full-text")
    assert result.exit_code == 0, result.stderr
    assert decisions(review, "full-text") == [(2, "not-retrieved", "", "")]


def test_any_stage_name_screens_the_same_way(review: Path, cli) -> None:
    with Review.open(review) as opened:  # the pilot stage screens the pilot sample
        first, second, *_ = opened.create_pilot(opened.record_count(), seed=1).sample.record_ids
    result = _screen(cli, review, "i\nm\n", "--plain", "--stage", "pilot")
    assert result.exit_code == 0, result.stderr
    assert decisions(review, "pilot") == [(first, "include", "", ""), (second, "maybe", "", "")]
    assert decisions(review) == []  # the title-abstract stage is untouched


def _child(review: Path, reviewer: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "SCREENER_REVIEWER": reviewer}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "screener",
            "screen",
            "--plain",
            "--order",
            "imported",
            "--review",
            str(review),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for(child: subprocess.Popen[str], text: str) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        if text in line:
            return
    raise AssertionError(f"the child never printed {text!r}")


def test_kill_9_loses_no_decision_that_was_confirmed(review: Path) -> None:
    child = _child(review, "ana")
    assert child.stdin is not None
    try:
        for command, confirmation in (("i", "Saved: record 1"), ("e 1", "Saved: record 2")):
            child.stdin.write(command + "\n")
            child.stdin.flush()
            _wait_for(child, confirmation)
        child.stdin.write("n half-typed thought\n")  # the key being pressed may be lost
        child.stdin.flush()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert decisions(review, reviewer="ana") == [
        (1, "include", "", ""),
        (2, "exclude", "population", ""),
    ]
    with Review.open(review) as opened:
        assert opened.queue(reviewer="ana")[0] == 3  # reopening continues where ana stopped


def test_two_reviewers_screening_at_once_lose_nothing(review_dir: Path) -> None:
    titles = tuple(f"Study {n} of online offending" for n in range(1, 21))
    review = prepare(review_dir, titles=titles)
    settings = review / "screener.toml"  # dual screening: both reviewers see every record
    settings.write_text(
        settings.read_text().replace("reviewers_per_record = 1", "reviewers_per_record = 2")
    )
    children = [_child(review, name) for name in ("ana", "ben")]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("i\nm\n" * 10 + "q\n")
        child.stdin.flush()
    for child in children:
        _, stderr = child.communicate(timeout=60)
        assert child.returncode == 0, stderr
    for name in ("ana", "ben"):
        mine = decisions(review, reviewer=name)
        assert [record for record, *_ in mine] == list(range(1, 21))
        assert [verdict for _, verdict, *_ in mine] == ["include", "maybe"] * 10
