"""Reading one export as batches of store rows, in several processes when the file is big.

A big file is cut into pieces at record ends (`formats.pieces`); worker processes parse and
normalise the pieces and build store rows while this process writes the rows before them,
so that parsing (the bulk of an import) runs on every core. Results come back in file
order. A piece is parsed under the file name SENTINEL, so that its `name#N` keys and its
line numbers, which count from the piece's start, can be shifted here once the pieces
before it are counted (`store.Placement`). Workers also compress the records' raw texts, and say
when a piece cannot be read on its own: the whole file is then read again by one reader
(ReadWhole). A stretch without any record end is read on by one reader here.
"""

from __future__ import annotations

import codecs
import gc
import gzip
import hashlib
import io
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from screener.errors import FormatError, ParseIssue, ScreenerError
from screener.formats import get_format, read_file
from screener.formats.pieces import CUTTERS, HEADED, NEEDS_WHOLE, UNIQUE_KEYS, WHOLE_FILE
from screener.formats.text import open_binary
from screener.model import Record
from screener.normalize import normalize_record_reporting
from screener.review.heap import freed_memory_kept, keep_freed_memory
from screener.review.signals import die_with_parent, held_signals
from screener.store.rows import KEY, pack_raw, record_values

SENTINEL = "\x00"
PIECE_BYTES = 4 << 20
# Below this size, starting processes costs more than the parsing they share.
MIN_PARALLEL_BYTES = 16 << 20
_BATCH = 2000
_MAX_WORKERS = 8


class ReadWhole(Exception):
    """The file must be read again by one reader, from its start (see formats.pieces)."""


@dataclass(slots=True)
class FileDigest:
    """The sha256 of a file's bytes, taken as pieces read it; `complete` once every byte
    went through (a stretch read on by one reader reads the rest elsewhere)."""

    hasher: Any = field(default_factory=hashlib.sha256)
    complete: bool = False


@dataclass(slots=True)
class Parsed:
    """Rows and issues from a stretch of a file, in order: `rows` (`store.rows.record_values`)
    while it is read, then `blocks` (`store.rows.pack_raw`) when it is handed on.

    Line numbers and `name#N` keys count from the stretch's start: the caller shifts them
    by the `lines` and `ordinals` of the stretches before (see `store.Placement`). `error` is a
    FormatError's (message, line) when the stretch could not be read at all; `doubtful`
    says a piece could not be read on its own.
    """

    rows: list[tuple] = field(default_factory=list)
    blocks: list[tuple[bytes, list[tuple]]] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    ordinals: int = 0
    lines: int = 0
    database: str = ""
    unnamed: int = 0  # rows naming no database
    dated: int = 0  # rows with a title and a year
    error: tuple[str, int | None] | None = None
    # How `error` names the file, as the single reader would: "name", "path" or "" (not).
    error_names: str = "name"
    doubtful: bool = False

    def add(self, record: Record, line_offset: int = 0) -> None:
        """Append the (normalised) record's row; the first database named is the batch's."""
        self.rows.append(record_values(record, line_offset))
        if record.title and record.year is not None:
            self.dated += 1
        if not record.database:
            self.unnamed += 1
        elif not self.database:
            self.database = record.database

    def packed(self) -> Parsed:
        """This batch with its rows packed into blocks (their raw texts compressed)."""
        self.blocks += pack_raw(self.rows)
        self.rows = []
        return self

    @property
    def records(self) -> int:
        return sum(len(rows) for _, rows in self.blocks) + len(self.rows)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of the file for a worker: its bytes, or where the worker reads them itself
    (`path`, `start`, `length`), which spares sending megabytes through a pipe. `stamp` is
    the file's size and modification time as the main process read it."""

    format: str
    data: bytes
    encoding: str
    header: bytes  # the file's header line, which the piece is parsed under
    options: dict[str, object]
    path: str = ""
    start: int = 0
    length: int = 0
    stamp: tuple[int, int] = (0, 0)

    def text(self) -> bytes | None:
        """The piece under its header; None when the file changed since it was cut."""
        if not self.path:
            return self.header + self.data
        with open(self.path, "rb") as handle:
            if _stamp(handle) != self.stamp:
                return None
            handle.seek(self.start)
            return self.header + handle.read(self.length)


def _stamp(handle: BinaryIO) -> tuple[int, int]:
    status = os.fstat(handle.fileno())
    return status.st_size, status.st_mtime_ns


def worker_count(format_name: str, encoding: str, size: int) -> int:
    """How many processes should read a file: 0 to read it here, in this process.

    SCREENER_WORKERS overrides the number of cores (1 or 0: never in parallel).
    """
    if format_name not in CUTTERS or encoding == "utf-16" or size < MIN_PARALLEL_BYTES:
        return 0
    setting = os.environ.get("SCREENER_WORKERS", "").strip()
    if setting.isdigit():
        count = int(setting)
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count() or 1
    return min(count, _MAX_WORKERS) if count >= 2 else 0


def parsed_batches(
    path: Path,
    format_name: str,
    encoding: str,
    options: dict[str, object],
    *,
    workers: int,
    piece_bytes: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    digest: FileDigest | None = None,
) -> Generator[Parsed, None, None]:
    """The file's rows and issues in file order, as packed batches; the caller shifts each
    batch's keys and lines by the `ordinals` and `lines` of the batches before it."""
    if workers < 2:
        yield from _batches_here(path, format_name, encoding, options, on_progress)
        return
    with freed_memory_kept():
        pool = ProcessPoolExecutor(
            workers, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            size = piece_bytes or PIECE_BYTES
            batches = _batches_in(
                pool, workers, path, format_name, encoding, options, size, digest or FileDigest()
            )
            keys: set[str] | None = set() if format_name in UNIQUE_KEYS else None
            for batch, done in batches:
                if keys is not None:
                    _claim_keys(batch, keys)
                yield batch
                if on_progress is not None:
                    on_progress(done)
        except BrokenProcessPool as error:
            raise ScreenerError(
                f"a process reading the file in parallel died ({error}); nothing of it was"
                " imported (SCREENER_WORKERS=1 reads it in one process)",
                file=str(path),
            ) from None
        finally:
            # On an error or a stop signal (signals.stop_on_signals) as well: pieces not
            # begun are dropped, and a worker finishes the piece it is reading. Killed
            # instead, it could leave half a result in the pipe, which the pool's thread
            # here would wait for the rest of for good.
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    # Ctrl-C is the main process's to handle: it stops the pool and rolls the import back.
    # So are SIGTERM and SIGHUP (see signals.die_with_parent).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    keep_freed_memory()  # a spawned worker does not inherit it
    # Parsing makes no reference cycles; the collector's passes over every new row tuple
    # were 2% of a worker's time.
    gc.disable()


def _claim_keys(batch: Parsed, keys: set[str]) -> None:
    """Add the batch's keys to `keys`; a key already there was another piece's."""
    for _, rows in batch.blocks:
        for row in rows:
            if row[KEY] in keys:
                raise ReadWhole(row[KEY])
            keys.add(row[KEY])


def _context() -> multiprocessing.context.BaseContext:
    # Forking is fast and safe while this process runs no other thread (a progress bar's
    # refresh thread, for one, could hold a lock the child would then wait on forever).
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _batches_here(
    path: Path,
    format_name: str,
    encoding: str,
    options: dict[str, object],
    on_progress: Callable[[int], None] | None,
) -> Iterator[Parsed]:
    items = read_file(
        path, format_name, encoding=encoding, options=options, on_progress=on_progress
    )
    # Compression releases the GIL: a helper thread packs one batch while the next is parsed.
    with ThreadPoolExecutor(1, thread_name_prefix="pack") as packer:
        pending: deque[Future[Parsed]] = deque()
        for batch in _unpacked(items):
            pending.append(packer.submit(batch.packed))
            if len(pending) > 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _unpacked(items: Iterable[Record | ParseIssue]) -> Iterator[Parsed]:
    """A reader's records and issues in batches of _BATCH rows, not yet packed."""
    batch = Parsed()
    for item in items:
        if isinstance(item, ParseIssue):
            batch.issues.append(item)
            continue
        batch.add(item)
        if len(batch.rows) >= _BATCH:
            yield batch
            batch = Parsed()
    yield batch


def _batches_in(
    pool: ProcessPoolExecutor,
    workers: int,
    path: Path,
    format_name: str,
    encoding: str,
    options: dict[str, object],
    piece_bytes: int,
    digest: FileDigest,
) -> Iterator[tuple[Parsed, int]]:
    """(batch, bytes of the file read so far). Cutting costs this process one backward
    search per piece; everything else (counting lines, checks) happens in the workers."""
    cut = CUTTERS[format_name]
    pending: deque[Future[Parsed]] = deque()
    header = b""  # the header line a piece after the first is parsed under
    start = 0

    def submit(data: bytes) -> None:
        encoding_here = _piece_encoding(encoding, start)
        if plain:
            piece = _Piece(
                format_name,
                b"",
                encoding_here,
                header,
                options,
                path=str(path),
                start=start,
                length=len(data),
                stamp=stamp,
            )
        else:
            piece = _Piece(format_name, data, encoding_here, header, options)
        with held_signals():  # the first submit forks the workers
            pending.append(pool.submit(parse_piece, piece))

    with open_binary(path) as handle:
        on_disk = _disk_position(handle)
        plain = not isinstance(handle, gzip.GzipFile)  # a worker can read its piece itself
        stamp = _stamp(handle) if plain else (0, 0)
        buffer = b""
        while block := handle.read(piece_bytes):
            digest.hasher.update(block)
            buffer += block
            at = cut(buffer)
            if at <= 0 and len(buffer) > _UNCUT_PIECES * piece_bytes:
                # No record end for a long stretch (CR-only lines, say): one reader reads on.
                while pending:
                    yield _next(pending), on_disk()
                yield from _rest(path, start, format_name, encoding, options)
                return
            if at <= 0:
                continue  # no record ends in it yet: read on
            data, buffer = buffer[:at], buffer[at:]
            submit(data)
            if format_name in HEADED and not header:
                line = _header_line(data, encoding)
                if line is None:
                    raise ReadWhole(path)  # a header only one reader can place
                header = line
            start += len(data)
            if len(pending) >= 2 * workers:
                yield _next(pending), on_disk()
        if buffer:
            submit(buffer)
        done = on_disk()
        digest.complete = plain  # gzip: the digest read its packed bytes, not the file's
    while pending:
        yield _next(pending), done


# A stretch this many pieces long without a record end is read on by one reader.
_UNCUT_PIECES = 4


def _header_line(data: bytes, encoding: str) -> bytes | None:
    """The first line of `data` (ending at LF, CRLF or a lone CR) to parse later pieces
    under, or None when it holds an odd number of quotes (a quoted cell spanning lines)."""
    ends = [at for at in (data.find(b"\n"), data.find(b"\r")) if at >= 0]
    end = min(ends) + 1 if ends else len(data)
    if data[end - 1 : end + 1] == b"\r\n":
        end += 1
    line = data[:end]
    if line.count(b'"') % 2:
        return None
    # The BOM goes only where a codec would drop it; cp1252 reads it as text, as the
    # first piece did.
    return line.removeprefix(codecs.BOM_UTF8) if encoding == "utf-8-sig" else line


def _disk_position(handle: BinaryIO) -> Callable[[], int]:
    """How far into the file on disk reading has come (a gzip file's compressed bytes)."""
    raw = getattr(handle, "fileobj", None) or handle
    return raw.tell


def _next(pending: deque[Future[Parsed]]) -> Parsed:
    """The next piece's batch; a piece its worker found doubtful, or found changed on disk,
    raises ReadWhole."""
    parsed = pending.popleft().result()
    if parsed.doubtful:
        raise ReadWhole(parsed)
    return parsed


def _rest(
    path: Path, start: int, format_name: str, encoding: str, options: dict[str, object]
) -> Iterator[tuple[Parsed, int]]:
    """The file from byte `start` on, read by one reader here (a WHOLE_FILE format is read
    again from its start instead: ReadWhole)."""
    if format_name in WHOLE_FILE:
        raise ReadWhole(path)
    with open_binary(path) as handle:
        handle.seek(start)
        on_disk = _disk_position(handle)
        stream = io.TextIOWrapper(handle, encoding=_piece_encoding(encoding, start), newline=None)
        for batch in _parse_stream(stream, format_name, 0, options):
            yield batch, on_disk()


def parse_piece(piece: _Piece) -> Parsed:
    """Rows and issues of one piece (runs in a worker process); lines count from the
    piece's own first line, which the caller shifts by the lines before it."""
    data = piece.text()
    if data is None:  # the file changed under the import: one reader reads it as it is now
        return Parsed(doubtful=True)
    doubtful = NEEDS_WHOLE.get(piece.format)
    if doubtful is not None and doubtful(data):
        return Parsed(doubtful=True)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=piece.encoding, newline=None)
    line_offset = -1 if piece.header else 0  # the header line is not the piece's own
    parsed = next(_parse_stream(stream, piece.format, line_offset, piece.options, None))
    parsed.lines = _line_count(data) + line_offset
    if any(_doubtful_issue(piece.format, issue) for issue in parsed.issues):
        return Parsed(doubtful=True)
    return parsed


def _doubtful_issue(format_name: str, issue: ParseIssue) -> bool:
    """An issue a piece's reader may have raised only because of where the piece begins or
    ends: a CSV row of the wrong width (a cut inside a quoted cell behind a stray quote),
    a BibTeX block cut short or a repeated key."""
    if format_name in UNIQUE_KEYS:
        return True
    return format_name in HEADED and issue.severity == "error"


def _parse_stream(
    stream: io.TextIOWrapper,
    format_name: str,
    line_offset: int,
    options: dict[str, object],
    batch_size: int | None = _BATCH,
) -> Iterator[Parsed]:
    """Parsed batches of a stream read under SENTINEL, lines shifted by `line_offset`."""
    read = get_format(format_name).reader()
    items = read(stream, SENTINEL, **options)
    batch = Parsed()
    try:
        while True:
            try:
                item = next(items)
            except StopIteration as stop:
                batch.ordinals = stop.value
                break
            if isinstance(item, Record):
                record, warnings = normalize_record_reporting(item)
                batch.add(record, line_offset)
                for warning in warnings:
                    batch.issues.append(
                        ParseIssue(record.line + line_offset, warning, severity="warning")
                    )
                if batch_size is not None and len(batch.rows) >= batch_size:
                    yield batch.packed()
                    batch = Parsed()
            else:
                batch.issues.append(replace(item, line=item.line + line_offset, file=""))
    except UnicodeDecodeError as error:
        batch.error = (f"cannot decode the file: {error.reason}", None)
        batch.error_names = "path"
    except FormatError as error:
        batch.error = (error.message, error.line + line_offset if error.line else None)
        batch.error_names = "name" if error.file else ""
    yield batch.packed()


def _piece_encoding(encoding: str, start: int) -> str:
    # A BOM only opens a file.
    return "utf-8" if encoding == "utf-8-sig" and start else encoding


def _line_count(data: bytes) -> int:
    """Lines as universal newlines count them: LF, CRLF and a lone CR each end one."""
    count = data.count(b"\n")
    if b"\r" in data:
        count += data.count(b"\r") - data.count(b"\r\n")
    return count
