"""An import read by worker processes ends as one: killed, its workers die with it; stopped by
SIGTERM or SIGHUP, it rolls back and stops them. Either way the store is as it was.

These run `screener import` as a real process on a file big enough to be read by two
workers, and look in /proc for every process of its process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults_helpers import (
    integrity,
    live_group,
    screener_command,
    screener_env,
    state,
    wait_for,
    write_ris,
)

from screener.review import Review
from screener.review.parallel import MIN_PARALLEL_BYTES
from screener.review.signals import held_signals, stop_on_signals

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads processes from Linux's /proc"
)

WORKERS = 2
Starter = Callable[[list[str]], subprocess.Popen[str]]


@pytest.fixture(scope="module")
def big_ris(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_ris(tmp_path_factory.mktemp("big") / "big.ris", 34_000)
    # Workers read a file only above this size: without them these tests test nothing.
    assert path.stat().st_size > 1.2 * MIN_PARALLEL_BYTES
    return path


@pytest.fixture
def review(tmp_path: Path) -> Path:
    """A review holding one small source already, so that 'unchanged' means something."""
    folder = tmp_path / "review"
    with Review.create(folder, title="Faults", actor="tester") as created:
        created.import_file(write_ris(tmp_path / "small.ris", 20))
    return folder


@pytest.fixture
def start() -> Iterator[Callable[[list[str]], subprocess.Popen[str]]]:
    """Start `command` as the leader of a new process group (whose id is its pid); what is
    left of the group when the test ends (a failing one) is killed."""
    groups: list[int] = []

    def started(command: list[str]) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            command,
            env=screener_env(SCREENER_WORKERS=str(WORKERS)),
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        groups.append(process.pid)
        return process

    yield started
    for group in groups:
        for pid in live_group(group):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def workers_of(process: subprocess.Popen[str]) -> dict[int, str]:
    """The import's worker processes, once both are running."""
    wait_for(
        lambda: len(live_group(process.pid)) == 1 + WORKERS or process.poll() is not None,
        15,
        "the import's workers to start",
    )
    workers = {pid: cmd for pid, cmd in live_group(process.pid).items() if pid != process.pid}
    assert len(workers) == WORKERS, f"the import ended first: {process.communicate()}"
    return workers


def halfway(process: subprocess.Popen[str]) -> dict[int, str]:
    """Stop the import process where it is, its workers running: they soon block on the
    pipe to it, as they do under a main process that is busy or gone."""
    workers = workers_of(process)
    os.kill(process.pid, signal.SIGSTOP)
    time.sleep(0.3)
    return workers


def assert_no_process_left(process: subprocess.Popen[str], workers: dict[int, str]) -> None:
    wait_for(lambda: not live_group(process.pid), 5, f"no process of the import left ({workers})")


def test_workers_die_with_an_import_killed_by_sigkill(
    review: Path, big_ris: Path, start: Starter
) -> None:
    before = state(review)
    process = start(screener_command("import", big_ris, "--review", review))
    workers = halfway(process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)  # not its pipes' end: a worker left behind holds them open
    assert process.returncode == -signal.SIGKILL
    assert_no_process_left(process, workers)
    assert state(review) == before
    assert integrity(review) == "ok"


# As on a system without a parent-death signal: the workers watch the pipe that
# multiprocessing holds open from their parent.
WATCHING_IMPORT = """
import sys
from pathlib import Path
from screener.review import Review, signals
signals.parent_death_signal = lambda: False
with Review.open(Path(sys.argv[1])) as review:
    review.import_file(Path(sys.argv[2]))
"""


def test_workers_without_a_parent_death_signal_die_with_their_parent(
    review: Path, big_ris: Path, start: Starter
) -> None:
    before = state(review)
    process = start([sys.executable, "-c", WATCHING_IMPORT, str(review), str(big_ris)])
    workers = halfway(process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)  # not its pipes' end: a worker left behind holds them open
    assert_no_process_left(process, workers)
    assert state(review) == before


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_stop_signal_rolls_the_import_back_and_stops_its_workers(
    review: Path, big_ris: Path, start: Starter, stop: signal.Signals
) -> None:
    before = state(review)
    process = start(screener_command("import", big_ris, "--review", review))
    workers = halfway(process)
    os.kill(process.pid, stop)
    os.kill(process.pid, signal.SIGCONT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + stop, stderr
    assert stderr.splitlines() == [
        f"screener: {big_ris}: import stopped by {stop.name}; nothing of this file was imported"
    ]
    assert_no_process_left(process, workers)
    assert state(review) == before
    assert integrity(review) == "ok"


def test_a_hangup_of_the_whole_terminal_stops_the_import_and_its_workers(
    review: Path, big_ris: Path, start: Starter
) -> None:
    # A closed terminal sends SIGHUP to every process of the import, workers included.
    before = state(review)
    process = start(screener_command("import", big_ris, "--review", review))
    workers = workers_of(process)
    os.killpg(process.pid, signal.SIGHUP)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGHUP, stderr
    assert len(stderr.splitlines()) == 1 and "import stopped by SIGHUP" in stderr
    assert_no_process_left(process, workers)
    assert state(review) == before


def test_an_import_run_under_nohup_keeps_ignoring_sighup(tmp_path: Path) -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stop_on_signals(tmp_path / "a.ris"):
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, previous)


SIGNAL_DURING_COMMIT = """
import os, signal
from pathlib import Path
from screener.review.signals import held_signals, stop_on_signals
with stop_on_signals(Path("a.ris")) as stop:
    stop.commit()
    os.kill(os.getpid(), signal.SIGTERM)
    print("committed", flush=True)
print("went on after SIGTERM", flush=True)
"""


def test_a_stop_signal_during_the_commit_lets_it_land_then_ends_the_process() -> None:
    # Raised during the commit, Interrupted would say "nothing was imported" of an import
    # that landed; the process ends by the signal once the commit is done instead.
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_DURING_COMMIT], capture_output=True, text=True, timeout=30
    )
    assert done.stdout == "committed\n", done.stderr
    assert done.returncode == -signal.SIGTERM


def test_stop_signals_wait_while_the_workers_are_forked() -> None:
    # Raised inside an at-fork hook, Interrupted would only be printed ("Exception
    # ignored"): the submit that forks holds the signals, which arrive once it is done.
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        with held_signals():
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
            time.sleep(0.05)
            assert received == []
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
