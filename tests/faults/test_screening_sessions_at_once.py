"""Screening processes at once on one review: `screener screen --plain` children driven
line by line, so that both sessions are open at the same time, and one killed outright."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from screener.review import Review
from screener.screening.claims import LEASE_SECONDS
from screener.screening.ui.session import ScreeningSession

PROMPT = "? q > "
TITLES = [f"Study {n} of online offending" for n in range(1, 9)]


def write_ris(path: Path) -> Path:
    lines: list[str] = []
    for n, title in enumerate(TITLES, 1):
        lines += ["TY  - JOUR", f"TI  - {title}", f"PY  - {2010 + n}", "ER  - ", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def review(review_dir: Path) -> Path:
    with Review.open(review_dir, actor="tester") as opened:
        opened.import_file(write_ris(review_dir.parent / "records.ris"))
    return review_dir


class Screener:
    """A `screener screen --plain` child; its output is collected as it comes."""

    def __init__(self, review: Path, reviewer: str) -> None:
        env = {**os.environ, "NO_COLOR": "1", "SCREENER_REVIEWER": reviewer}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "screener", "screen", "--plain", "--order", "imported",
             "--review", str(review)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        self.output = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 65536):
            with self._lock:
                self.output += chunk.decode("utf-8")

    def prompted(self, since: int = 0, timeout: float = 30.0) -> str:
        """The output from `since` up to the next prompt, once the child prints it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = self.output.find(PROMPT, since)
                if found >= 0:
                    return self.output[since : found + len(PROMPT)]
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        raise AssertionError(f"no prompt after {self.output[since:]!r}")

    def command(self, line: str) -> str:
        """Send one command line; what the child printed in answer, up to its prompt."""
        assert self.process.stdin is not None
        with self._lock:
            since = len(self.output)
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        return self.prompted(since)

    def quit(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"q\n")
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0, self.process.stderr


def shown_record(answer: str) -> int | None:
    """The record a child shows after an answer, or None when it has nothing to show."""
    if "Nothing left to screen" in answer or "Nothing to screen here now" in answer:
        return None
    found = re.findall(r"^Record (\d+)$", answer, re.MULTILINE)
    assert found, answer
    return int(found[-1])


def set_reviewers_per_record(review: Path, count: int) -> None:
    settings = review / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("reviewers_per_record = 1", f"reviewers_per_record = {count}"))


@pytest.mark.parametrize("reviewers", [("ana", "ana"), ("ana", "ben")])
def test_two_screening_processes_at_once_decide_each_record_once(
    review: Path, reviewers: tuple[str, str]
) -> None:
    set_reviewers_per_record(review, 1)
    children = [Screener(review, name) for name in reviewers]
    try:
        showing = [shown_record(child.prompted()) for child in children]
        shown: list[list[int]] = [[], []]
        while any(record is not None for record in showing):
            # both sessions are open at once; they take turns at deciding
            for n, child in enumerate(children):
                record = showing[n]
                if record is None:
                    continue
                assert record != showing[1 - n], f"both processes show record {record}"
                shown[n].append(record)
                answer = child.command("i")
                assert f"Saved: record {record} include." in answer
                showing[n] = shown_record(answer)
    finally:
        for child in children:
            child.quit()
    assert shown[0] and shown[1]  # both did their share
    assert sorted(shown[0] + shown[1]) == list(range(1, len(TITLES) + 1))
    with Review.open(review) as reading:
        rows = [d for n in range(1, len(TITLES) + 1) for d in reading.decision_history(n)]
    assert sorted(d.record_id for d in rows) == list(range(1, len(TITLES) + 1))


def test_a_killed_screening_process_gives_its_record_back_once_its_lease_lapses(
    review: Path,
) -> None:
    child = Screener(review, "ana")
    try:
        assert shown_record(child.prompted()) == 1
    finally:
        child.process.send_signal(signal.SIGKILL)
        child.process.wait(timeout=10)
    with Review.open(review, actor="ana") as opened:
        with ScreeningSession(opened, reviewer="ana", order="imported") as soon:
            assert soon.current_id == 2  # the killed session's lease still holds record 1
        later = time.time() + LEASE_SECONDS + 1
        with ScreeningSession(
            opened, reviewer="ana", order="imported", wall_clock=lambda: later
        ) as after_expiry:
            assert after_expiry.current_id == 1
