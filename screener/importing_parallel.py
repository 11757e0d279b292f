"""Reading one export as batches of store rows, in several processes when the file is big.

A big file is cut into pieces at record ends (`formats.pieces`); worker processes parse and
normalise the pieces and build store rows while this process writes the rows before them,
so that parsing (the bulk of an import) runs on every core. Results come back in file
order. A piece is parsed under the file name SENTINEL, so its `name#N` keys can be
renumbered here once the pieces before it are counted; its line numbers are shifted in
the worker, where the lines before it are known.
"""

from __future__ import annotations

import codecs
import io
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from screener.errors import FormatError, ParseIssue
from screener.formats import get_format, read_file
from screener.formats.pieces import CUTTERS, HEADED, NEEDS_WHOLE
from screener.formats.text import open_binary
from screener.model import Record
from screener.normalize import normalize_record
from screener.store.rows import DATABASE, KEY, record_values

SENTINEL = "\x00"
PIECE_BYTES = 4 << 20
# Below this size, starting processes costs more than the parsing they share.
MIN_PARALLEL_BYTES = 16 << 20
_BATCH = 2000
_MAX_WORKERS = 8


@dataclass(slots=True)
class Parsed:
    """Rows (`store.rows.record_values`) and issues from a stretch of a file, in order.

    `ordinals` is how many `name#N` numbers the stretch used; `error` a FormatError's
    (message, line) when the stretch could not be read at all.
    """

    rows: list[tuple] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    ordinals: int = 0
    database: str = ""
    error: tuple[str, int | None] | None = None


@dataclass(frozen=True, slots=True)
class _Piece:
    format: str
    data: bytes
    encoding: str
    line_offset: int
    options: dict[str, object]


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
) -> Iterator[Parsed]:
    """The file's rows and issues in file order; keys starting SENTINEL + "#" are to be
    renumbered by the caller, adding the `ordinals` of the batches before."""
    if workers < 2:
        yield from _batches_here(path, format_name, encoding, options, on_progress)
        return
    pool = ProcessPoolExecutor(workers, mp_context=_context())
    try:
        size = piece_bytes or PIECE_BYTES
        batches = _batches_in(pool, workers, path, format_name, encoding, options, size)
        for batch, done in batches:
            yield batch
            if on_progress is not None:
                on_progress(done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    batch = Parsed()
    for item in read_file(
        path, format_name, encoding=encoding, options=options, on_progress=on_progress
    ):
        if isinstance(item, ParseIssue):
            batch.issues.append(item)
            continue
        batch.rows.append(record_values(item))
        if not batch.database and item.database:
            batch.database = item.database
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
) -> Iterator[tuple[Parsed, int]]:
    """(batch, bytes of the file read so far)."""
    cut = CUTTERS[format_name]
    needs_whole = NEEDS_WHOLE.get(format_name)
    pending: deque[Future[Parsed]] = deque()
    line_offset = 0
    piece_encoding = encoding
    header = b""  # the header line a piece after the first is parsed under
    with open_binary(path) as handle:
        buffer = b""
        while block := handle.read(piece_bytes):
            buffer += block
            if needs_whole is not None and needs_whole(buffer):
                # Everything from here on is read here, in one go, after the pieces before.
                while pending:
                    yield pending.popleft().result(), handle.tell()
                stream = io.TextIOWrapper(
                    _Joined(header + buffer, handle), encoding=piece_encoding, newline=None
                )
                start = line_offset - bool(header)
                for batch in _parse_stream(stream, format_name, start, options):
                    yield batch, handle.tell()
                return
            at = cut(buffer)
            if at <= 0:
                continue  # no record ends in it yet: read on
            data, buffer = buffer[:at], buffer[at:]
            piece = _Piece(
                format_name, header + data, piece_encoding, line_offset - bool(header), options
            )
            pending.append(pool.submit(parse_piece, piece))
            if format_name in HEADED and not header:
                header = data[: data.find(b"\n") + 1].removeprefix(codecs.BOM_UTF8)
            line_offset += _line_count(data)
            piece_encoding = _continuing(encoding)
            if len(pending) >= 2 * workers:
                yield pending.popleft().result(), handle.tell()
        if buffer:
            start = line_offset - bool(header)
            piece = _Piece(format_name, header + buffer, piece_encoding, start, options)
            pending.append(pool.submit(parse_piece, piece))
        done = handle.tell()
    while pending:
        yield pending.popleft().result(), done


def parse_piece(piece: _Piece) -> Parsed:
    """Rows and issues of one piece (runs in a worker process)."""
    stream = io.TextIOWrapper(io.BytesIO(piece.data), encoding=piece.encoding, newline=None)
    parsed = list(_parse_stream(stream, piece.format, piece.line_offset, piece.options, None))
    return parsed[0]


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
                record = normalize_record(item)
                row = record_values(record, line_offset)
                batch.rows.append(row)
                if not batch.database and row[DATABASE]:
                    batch.database = row[DATABASE]
                if batch_size is not None and len(batch.rows) >= batch_size:
                    yield batch
                    batch = Parsed()
            else:
                batch.issues.append(replace(item, line=item.line + line_offset, file=""))
    except UnicodeDecodeError as error:
        batch.error = (f"cannot decode the file: {error.reason}", None)
    except FormatError as error:
        batch.error = (error.message, error.line + line_offset if error.line else None)
    yield batch


def renumber(rows: list[tuple], name: str, offset: int) -> list[tuple]:
    """Rows with each SENTINEL key `\\x00#N` made `name#M`, M = N + offset."""
    prefix = SENTINEL + "#"
    return [
        (f"{name}#{offset + int(row[KEY][2:])}", *row[1:]) if row[KEY].startswith(prefix) else row
        for row in rows
    ]


def _continuing(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding  # a BOM only opens a file


def _line_count(data: bytes) -> int:
    """Lines as universal newlines count them: LF, CRLF and a lone CR each end one."""
    count = data.count(b"\n")
    if b"\r" in data:
        count += data.count(b"\r") - data.count(b"\r\n")
    return count


class _Joined(io.RawIOBase):
    """`head`, then the rest of `handle`: a file read on from where pieces stopped."""

    def __init__(self, head: bytes, handle: BinaryIO) -> None:
        self._head = memoryview(head)
        self._handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
