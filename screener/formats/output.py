"""The one writer of output files: a hidden temporary beside the target, flushed, renamed.

Every file screener writes for a user (exports, the stateless dedupe's merged records, its
groups and pairs, reports) goes through `OutputSet` or `atomic_output`:

- a regular file (new or existing) is written to a hidden temporary in the same folder,
  flushed to disk and renamed over the target, so a reader sees the old file or the whole
  new one, never half of it; an existing file keeps its permission bits;
- a symlink is written through: the rename replaces the file it points to, the link stays;
- `-` (stdout), a FIFO and a character or block device are streams: written directly, since
  renaming over them would replace the pipe or device with a plain file;
- a path given in `refuse` (a review's own files, its imported sources) is never written.

Every failure is a `ScreenerError` naming the user's path with a plain reason, and leaves
no temporary behind. This module neither prints nor touches a store.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TextIO

from screener.errors import ScreenerError

STDOUT = "-"

# Plain words for the errors a user can act on; any other error keeps the system's wording.
_REASONS = {
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large",
    errno.EISDIR: "is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many levels of symbolic links",
}
# A temporary's name is `.NAME.XXXXXXXX.tmp`; NAME is cut so that it fits in 255 bytes.
_NAME_KEPT = 200


@dataclass(frozen=True, slots=True)
class _Target:
    """Where one output goes, as decided from the path before anything is written."""

    shown: str  # the path as the user gave it, for messages
    real: Path | None  # the file a rename replaces, or the stream opened; None for stdout
    streamed: bool
    mode: int | None = None  # permission bits of the file being replaced


@dataclass(frozen=True, slots=True)
class _Temporary:
    """A written file waiting for its rename onto `target`."""

    shown: str
    path: Path
    target: Path


def cannot_write(shown: str, error: OSError) -> ScreenerError:
    """The one-line error for an OSError met while writing the output `shown`."""
    reason = _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    return ScreenerError(f"cannot write: {reason}", file=shown)


class OutputSet:
    """Several output files written all-or-nothing.

    Inside `with OutputSet(refuse=...) as outputs:` each `with outputs.open(path) as stream:`
    writes one output; regular files go to temporaries, renamed onto their targets only when
    the outer block ends without an exception. Any exception (KeyboardInterrupt included)
    removes every temporary and leaves existing targets as they were. Streams (`-`, a FIFO,
    a device) are written as they go and cannot be taken back; the renames, each atomic, run
    one after another at the end.

    `refuse` maps paths that must never be written to the reason given for them. An OSError
    inside an `open` block is reported as a failure to write that output.
    """

    def __init__(self, *, refuse: Mapping[Path, str] | None = None) -> None:
        self._refuse = _Refusals(refuse or {})
        self._temporaries: list[_Temporary] = []
        self._opened: dict[Path, str] = {}

    def check(self, paths: Iterable[Path | str]) -> None:
        """Raise the error that writing any of `paths` would meet, before the work that
        produces them; cheap (stat and access), and nothing is created."""
        seen: dict[Path, str] = {}
        for path in paths:
            target = _target(path, self._refuse)
            if target.real is not None and not target.streamed:
                _refuse_twice(seen, target)

    @contextmanager
    def open(self, path: Path | str) -> Iterator[TextIO]:
        """A text stream (UTF-8, newlines untranslated) for one output of the set."""
        target = _target(path, self._refuse)
        if target.real is None:
            yield from _stdout(target)
        elif target.streamed:
            yield from _stream(target)
        else:
            _refuse_twice(self._opened, target)
            yield from self._temporary(target)

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self._commit()
        else:
            self._discard()

    def _temporary(self, target: _Target) -> Iterator[TextIO]:
        assert target.real is not None
        try:
            fd = self._create(target)
            # The descriptor belongs to the stream from here on, closed with it.
            stream = open(fd, "w", encoding="utf-8", newline="", closefd=True)  # noqa: SIM115
        except OSError as error:
            raise cannot_write(target.shown, error) from None
        with _closing(stream, target.shown, sync=True):
            yield stream

    def _create(self, target: _Target) -> int:
        """A new hidden file beside the target, registered for removal before anything else."""
        assert target.real is not None
        name = target.real.name[:_NAME_KEPT]
        while True:
            path = target.real.with_name(f".{name}.{os.urandom(4).hex()}.tmp")
            try:
                # 0o666 lets the umask decide, as for any new file.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            except FileExistsError:
                continue
            self._temporaries.append(_Temporary(target.shown, path, target.real))
            break
        if target.mode is not None:
            try:
                os.fchmod(fd, target.mode)
            except OSError:
                os.close(fd)
                raise
        return fd

    def _commit(self) -> None:
        folders: set[Path] = set()
        try:
            while self._temporaries:
                temporary = self._temporaries[0]
                try:
                    os.replace(temporary.path, temporary.target)
                except OSError as error:
                    raise cannot_write(temporary.shown, error) from None
                self._temporaries.pop(0)
                folders.add(temporary.target.parent)
        finally:
            self._discard()
        for folder in folders:
            _sync_folder(folder)

    def _discard(self) -> None:
        for temporary in self._temporaries:
            with suppress(OSError):
                os.unlink(temporary.path)
        self._temporaries.clear()


@contextmanager
def atomic_output(
    path: Path | str, *, refuse: Mapping[Path, str] | None = None
) -> Iterator[TextIO]:
    """A text stream for one output file; see `OutputSet` for what happens to it."""
    with OutputSet(refuse=refuse) as outputs, outputs.open(path) as stream:
        yield stream


# -- deciding where an output goes ----------------------------------------------------------


class _Refusals:
    """Paths never to write, matched by real path or by file identity (a hard link)."""

    def __init__(self, refuse: Mapping[Path, str]) -> None:
        self._by_path: dict[Path, str] = {}
        self._by_file: dict[tuple[int, int], str] = {}
        for path, reason in refuse.items():
            self._by_path.setdefault(Path(os.path.realpath(path)), reason)
            with suppress(OSError):
                info = os.stat(path)
                self._by_file.setdefault((info.st_dev, info.st_ino), reason)

    def reason(self, real: Path, info: os.stat_result | None) -> str | None:
        if real in self._by_path:
            return self._by_path[real]
        if info is not None:
            return self._by_file.get((info.st_dev, info.st_ino))
        return None


def _target(path: Path | str, refuse: _Refusals) -> _Target:
    shown = str(path)
    if shown == STDOUT:
        return _Target("stdout", None, streamed=True)
    real = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise cannot_write(shown, error) from None
    reason = refuse.reason(real, info)
    if reason is not None:
        raise ScreenerError(f"refusing to write: {reason}", file=shown)
    if info is None:
        _check_folder(shown, real.parent)
        return _Target(shown, real, streamed=False)
    if stat.S_ISDIR(info.st_mode):
        raise ScreenerError("cannot write: is a folder", file=shown)
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return _Target(shown, real, streamed=True)
    if not stat.S_ISREG(info.st_mode):
        raise ScreenerError("cannot write: not a file, FIFO or device", file=shown)
    # A file the user made read-only is not replaced behind their back, rename or not.
    if not os.access(real, os.W_OK):
        raise ScreenerError(f"cannot write: {_denied(real)}", file=shown)
    _check_folder(shown, real.parent)
    return _Target(shown, real, streamed=False, mode=stat.S_IMODE(info.st_mode) & 0o777)


def _check_folder(shown: str, folder: Path) -> None:
    """The folder must exist and take a new file (the temporary)."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise ScreenerError("cannot write: no such folder", file=shown) from None
    except OSError as error:
        raise cannot_write(shown, error) from None
    if not stat.S_ISDIR(info.st_mode):
        raise ScreenerError(f"cannot write: {_REASONS[errno.ENOTDIR]}", file=shown)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ScreenerError(f"cannot write: {_denied(folder)}", file=shown)


def _denied(path: Path) -> str:
    try:
        read_only = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    return _REASONS[errno.EROFS if read_only else errno.EACCES]


def _refuse_twice(seen: dict[Path, str], target: _Target) -> None:
    """One file given for two outputs would silently keep only the last one written."""
    assert target.real is not None
    if target.real in seen:
        raise ScreenerError(
            f"cannot write: the same file is given for another output ({seen[target.real]})",
            file=target.shown,
        )
    seen[target.real] = target.shown


# -- writing --------------------------------------------------------------------------------


def _stdout(target: _Target) -> Iterator[TextIO]:
    stream = sys.stdout
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise  # the reader left (`| head`): not an error of ours
    except OSError as error:
        raise cannot_write(target.shown, error) from None


def _stream(target: _Target) -> Iterator[TextIO]:
    assert target.real is not None
    try:
        # A FIFO blocks here until a reader opens it, as `cat > fifo` does.
        stream = open(target.real, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise cannot_write(target.shown, error) from None
    with _closing(stream, target.shown, sync=False):
        yield stream


@contextmanager
def _closing(stream: TextIO, shown: str, *, sync: bool) -> Iterator[None]:
    """Flush (and fsync) and close `stream` after the block; an OSError names the output."""
    try:
        try:
            yield
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        finally:
            _close_quietly(stream)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise cannot_write(shown, error) from None


def _close_quietly(stream: TextIO) -> None:
    # After a failed write the buffer still holds what could not be written; closing tries
    # again and fails again, but the descriptor is closed all the same.
    with suppress(OSError):
        stream.close()


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; a file system that cannot sync a folder is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
