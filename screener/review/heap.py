"""Keeping freed memory in the process while a big import churns through it.

A parallel import allocates and frees pieces of several MB and batches of rows over and
over. glibc gives such blocks back to the kernel (munmap, heap trimming) and takes them
again a moment later, and every page taken again faults in anew: on a 100k-record file,
some 400k page faults and a second of system time across the processes. Raising the
mmap and trim thresholds for the import keeps the memory in the heap for reuse; peak
memory stays the same. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_DEFAULT_TRIM, _DEFAULT_MMAP = 128 << 10, 128 << 10  # glibc's defaults
_IMPORT_TRIM, _IMPORT_MMAP = 1 << 30, 64 << 20


@cache
def _glibc() -> ctypes.CDLL | None:
    """The C library this process runs on, when it is glibc (musl's mallopt does nothing)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the symbols already loaded: no library search
        libc.gnu_get_libc_version  # noqa: B018 (only glibc has it)
        return libc
    except (OSError, AttributeError):
        return None


def keep_freed_memory() -> None:
    """Raise the thresholds for this process (and any it forks from now on)."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, _IMPORT_MMAP)
        libc.mallopt(_M_TRIM_THRESHOLD, _IMPORT_TRIM)


@contextmanager
def freed_memory_kept() -> Iterator[None]:
    """`keep_freed_memory` for the duration; afterwards glibc's default thresholds again
    (fixed ones: glibc cannot say what they were, and its sliding mmap threshold stays off)
    and what the heap holds free given back."""
    libc = _glibc()
    if libc is None:
        yield
        return
    keep_freed_memory()
    try:
        yield
    finally:
        libc.mallopt(_M_MMAP_THRESHOLD, _DEFAULT_MMAP)
        libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM)
        libc.malloc_trim(0)
