"""Line mode: coding from lines on stdin, each field saved as its line is read; and a kill -9
in the middle loses nothing that was entered."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from coding_ui_helpers import FIELD_IDS, prepare, values

from screener.review import Review
from screener.synthesis.ui.plain import run_plain
from screener.synthesis.ui.session import CodingSession
from screener.synthesis.values import Appraisal, Quote

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def code(review_dir: Path, lines: list[str], coder: str = "ana") -> str:
    """Run the line mode over `lines`; the transcript."""
    out = io.StringIO()
    with Review.open(review_dir, actor=coder) as opened:
        session = CodingSession(opened, coder=coder)
        run_plain(session, io.StringIO("".join(line + "\n" for line in lines)), out)
    return out.getvalue()


ONE_RECORD = [
    "2",  # design: interviews
    "1 3",  # platforms: chat and social media
    "yes",
    "45",
    "United Kingdom",
    "offenders moved victims to private chat",
    "17",  # the quote's page
    "high",
    "a clear sampling frame",  # the appraisal's reason
]


def test_every_kind_is_coded_from_lines(review: Path) -> None:
    transcript = code(review, ONE_RECORD)
    assert values(review) == {
        (1, "design"): "interviews",
        (1, "platforms"): ("chat", "social media"),
        (1, "online_only"): "yes",
        (1, "sample"): 45,
        (1, "country"): "United Kingdom",
        (1, "finding"): Quote("offenders moved victims to private chat", "17"),
        (1, "quality"): Appraisal("high", "a clear sampling frame"),
    }
    assert 'Saved: finding = "offenders moved victims to private chat" (p. 17)' in transcript
    assert "Sextortion offenders and their victims" in transcript  # on to record 2


def test_options_by_name_and_several_separated_by_semicolons(review: Path) -> None:
    code(review, ["Case Files", "forums; gaming"])
    assert values(review) == {(1, "design"): "case files", (1, "platforms"): ("forums", "gaming")}


def test_a_bad_value_is_refused_and_asked_again(review: Path) -> None:
    transcript = code(review, ["surveys", "1"])
    assert "Not saved" in transcript and "did you mean" in transcript.lower()
    assert values(review) == {(1, "design"): "survey"}


def test_an_empty_line_leaves_a_field_and_goes_on(review: Path) -> None:
    code(review, ["", "2"])
    assert values(review) == {(1, "platforms"): ("forums",)}


def test_commands_move_undo_and_quit(review: Path) -> None:
    transcript = code(review, ["1", ":n", "3", ":u", ":p", ":?", "4", ":q", "1"])
    # record 1 design survey; record 2 design case files, undone (back to record 2);
    # :p to record 1, whose first uncoded field is platforms: 4 is gaming; :q stops
    assert values(review) == {(1, "design"): "survey", (1, "platforms"): ("gaming",)}
    assert "Undone: record 2 design is now (not coded)." in transcript
    assert ":n" in transcript and "next record" in transcript  # echoed, and the help


def test_end_of_input_quits_with_what_was_saved(review: Path) -> None:
    code(review, ["1"])
    assert values(review) == {(1, "design"): "survey"}


def test_the_end_of_the_walk_says_so(review_dir: Path) -> None:
    review = prepare(review_dir, included=1)
    transcript = code(review, [*ONE_RECORD, ":p", "", "", "", "", "", "", "", ":q"])
    assert "End of your records: 1 of 1 complete." in transcript
    assert "now: interviews" in transcript  # :p went back to the record


def test_the_end_says_which_studies_are_left_to_another_coder(review_dir: Path) -> None:
    review = prepare(review_dir, included=1)
    code(review, ONE_RECORD[:1], coder="bea")  # one coder per study: bea has it now
    transcript = code(review, [":q"], coder="ana")
    assert (
        "End of your records: 0 of 0 complete. Left to their coders: 1 study"
        " (bea; one coder per study)."
    ) in transcript


def _wait_for(stream: io.BufferedReader, text: bytes, timeout: float = 30.0) -> bytes:
    """Read from a child's stdout until `text` appears."""
    seen = b""
    deadline = time.monotonic() + timeout
    os.set_blocking(stream.fileno(), False)
    while text not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {text!r}; saw {seen[-500:]!r}")
        chunk = stream.read()
        if chunk:
            seen += chunk
        else:
            time.sleep(0.02)
    return seen


def test_kill_9_while_coding_loses_at_most_the_field_being_typed(review: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCREENER_REVIEWER": "ana"}
    child = subprocess.Popen(
        [sys.executable, "-m", "screener", "code", "--plain", "--review", str(review)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        entered = ONE_RECORD[:5]  # design to country; then the passage of a quote, no page
        for line in entered:
            child.stdin.write(line.encode() + b"\n")
            child.stdin.flush()
            _wait_for(child.stdout, b"Saved: ")
        child.stdin.write(b"a passage typed but never given its page\n")
        child.stdin.flush()
        _wait_for(child.stdout, b"finding page > ")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    kept = values(review)
    assert set(kept) == {(1, field) for field in FIELD_IDS[:5]}
    assert kept[(1, "country")] == "United Kingdom"
    # and the review opens and codes on after the kill
    code(review, ["a passage given its page this time", "4"])  # finding is the first open
    assert values(review)[(1, "finding")] == Quote("a passage given its page this time", "4")
