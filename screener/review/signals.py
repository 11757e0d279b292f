"""How an import's processes end: together, and with the store as it was.

The main process turns SIGTERM and SIGHUP into an Interrupted exception (`stop_on_signals`),
so that the import's transaction rolls back and its workers are stopped; a worker dies with
the main process however that ends, kill -9 included (`die_with_parent`), instead of staying
behind blocked on a pipe, holding its memory, for good.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from screener.errors import Interrupted

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_PR_SET_PDEATHSIG = 1


class Stop:
    """The stop signal an import received, if any; see `stop_on_signals`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.signal: int | None = None
        self.committing = False

    def error(self) -> Interrupted:
        assert self.signal is not None
        name = signal.Signals(self.signal).name
        return Interrupted(
            f"import stopped by {name}; nothing of this file was imported",
            signal_number=self.signal,
            file=str(self.path),
        )

    def check(self) -> None:
        """Raise Interrupted if a stop signal came: its own raise may have been lost (a
        handler that raises inside an at-fork hook or a __del__ is only reported)."""
        if self.signal is not None and not self.committing:
            raise self.error()

    def commit(self) -> None:
        """From here the import commits: a signal no longer undoes it, it ends the process
        once the commit is done (with the signal's default action)."""
        self.check()
        self.committing = True

    def _received(self, number: int, frame: object) -> None:
        self.signal = number
        for each in STOP_SIGNALS:  # a second signal ends the process at once
            if signal.getsignal(each) == self._received:
                signal.signal(each, signal.SIG_DFL)
        if not self.committing:
            raise self.error()


@contextmanager
def stop_on_signals(path: Path) -> Iterator[Stop]:
    """Within: SIGTERM or SIGHUP raise Interrupted, so that the import rolls back and its
    workers stop rather than the process dying with them left behind; call `Stop.check`
    now and then and `Stop.commit` just before committing.

    Only a signal left at its default action is taken (a `nohup` import stays deaf to
    SIGHUP), only in the main thread (the only one Python runs handlers in), and only once:
    a second signal ends the process at once, the store whole all the same (SQLite keeps a
    transaction that did not commit out of it)."""
    stop = Stop(path)
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    taken = [n for n in STOP_SIGNALS if signal.getsignal(n) == signal.SIG_DFL]
    for number in taken:
        signal.signal(number, stop._received)
    try:
        yield stop
    finally:
        for number in taken:
            signal.signal(number, signal.SIG_DFL)
    if stop.committing and stop.signal is not None:
        signal.raise_signal(stop.signal)  # came during the commit: the import is complete


@contextmanager
def held_signals() -> Iterator[None]:
    """Stop signals wait while the block forks the workers: raised in an at-fork hook, the
    Interrupted exception would only be printed, not raised. A worker starts with them
    held too, and lets them through (to be ignored) in `die_with_parent`."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def die_with_parent(parent: int) -> None:
    """Make this worker end when the process `parent` that started it ends, however it ends.

    Stop signals are the main process's to handle, as Ctrl-C is: a terminal's hangup or a
    service manager's SIGTERM reaches every process of the import, and a worker that died
    of it halfway through sending a result would leave the pool waiting for the rest for
    good. The main process stops the workers instead, and they die with it."""
    # A forked worker would inherit the main process's handlers (`stop_on_signals`).
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    if not parent_death_signal():
        watch_parent()
    if os.getppid() != parent:  # the parent died before either was in place
        os._exit(1)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def parent_death_signal() -> bool:
    """Linux: have the kernel SIGKILL this process when its parent dies."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent() -> None:
    """Elsewhere: a thread waits on the pipe that multiprocessing keeps open from the
    parent, which closes when the parent dies, and then ends this process."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
