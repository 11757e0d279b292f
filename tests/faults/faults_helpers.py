"""What the process-level fault tests share: running screener as a real process, the
processes of a process group, a review's state to compare before and after a fault."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screener.review import Review


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def screener_command(*args: object) -> list[str]:
    return [sys.executable, "-m", "screener", *(str(a) for a in args)]


def screener_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SCREENER_REVIEW"}
    env.update(SCREENER_REVIEWER="tester", NO_COLOR="1", **extra)
    return env


def run_screener(
    *args: object,
    preexec_fn: Callable[[], None] | None = None,
    stdout: object = subprocess.PIPE,
    prefix: list[str] | None = None,
    timeout: float = 60,
    **env: str,
) -> Run:
    """`screener ARGS` in a process of its own (as `prefix ... screener ARGS`, if given)."""
    done = subprocess.run(
        [*(prefix or []), *screener_command(*args)],
        env=screener_env(**env),
        preexec_fn=preexec_fn,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout or "", done.stderr)


def assert_one_line(run: Run, *fragments: str, exit_code: int = 1) -> str:
    """The run failed with `exit_code` and one line on stderr holding every fragment."""
    lines = run.stderr.splitlines()
    assert run.returncode == exit_code, run.stderr
    assert len(lines) == 1 and lines[0].startswith("screener: "), run.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def write_ris(path: Path, records: int) -> Path:
    """A RIS file of `records` journal articles, about 700 bytes each."""
    abstract = "Background and methods of a randomised trial in schools and homes. " * 7
    with path.open("w", encoding="utf-8") as out:
        for n in range(records):
            out.write(
                f"TY  - JOUR\nTI  - Online safety of children, study number {n}\n"
                f"AU  - Author{n}, Alex\nAU  - Other, Bea\nPY  - {1990 + n % 30}\n"
                f"T2  - Journal of Online Safety Research\nVL  - {n % 40}\nSP  - {n % 300}\n"
                f"DO  - 10.5555/fault.{n}\nAB  - {abstract}\nER  - \n\n"
            )
    return path


@dataclass(frozen=True)
class State:
    """What a review holds, to compare before and after a fault."""

    sources: tuple[tuple[int, str, int], ...]
    records: int
    audit: tuple[str, ...]


def state(review: Path) -> State:
    with Review.open(review) as opened:
        return State(
            tuple((s.id, s.sha256, s.record_count) for s in opened.sources()),
            opened.record_count(),
            tuple(command for _, _, command, _ in opened.audit()),
        )


def integrity(review: Path) -> str:
    connection = sqlite3.connect(review / "screener.db")
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def live_group(group: int) -> dict[int, str]:
    """pid -> command line of every process of process group `group` still running
    (a zombie has ended; only its exit status waits to be collected)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            found[int(entry)] = command.replace(b"\0", b" ").decode(errors="replace")
    return found


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds}s: {what}")
        time.sleep(0.01)
