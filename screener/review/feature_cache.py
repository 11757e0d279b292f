"""The review's feature matrix, kept in a file beside the store between sessions.

Building the matrix of a 50,000-record review takes seconds; reading it back takes a
fraction of one. The file lives in `.screener-cache/` in the review folder, a folder that
ignores itself for git (its own `.gitignore` says `*`): the cache is a copy of what the
store holds, so it never travels with a review or a sync folder.

The file carries the fingerprint of what it was built from (see `fingerprint`); a cache
whose fingerprint differs, or that cannot be read at all, is rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screener.screening.relevance import ReviewFeatures

CACHE_FOLDER = ".screener-cache"
FEATURES_FILE = "features.npz"


def cache_path(root: Path) -> Path:
    return root / CACHE_FOLDER / FEATURES_FILE


def fingerprint(version: str, parts: Iterable[Iterable[object]]) -> str:
    """A digest of what the rows and their text come from.

    A record's text never changes once stored, so the records' ids with their sources
    (path sha256 and count), and the duplicate links that decide which records are rows
    and what text a merged group has, fix the matrix; `version` names the feature code.
    """
    digest = hashlib.sha256(version.encode())
    for part in parts:
        digest.update(b"\x1e")
        for item in part:
            digest.update(repr(item).encode())
            digest.update(b"\x1f")
    return digest.hexdigest()


def load(path: Path, expected: str) -> ReviewFeatures | None:
    """The cached features when the file holds those of `expected`, else None."""
    import numpy
    from scipy.sparse import csr_matrix

    from screener.screening.relevance import ReviewFeatures

    try:
        with numpy.load(path, allow_pickle=False) as data:
            if str(data["fingerprint"]) != expected:
                return None
            parts = (data["data"], data["indices"], data["indptr"])
            shape = tuple(int(n) for n in data["shape"])
            ids = data["record_ids"]
        if not _well_formed(*parts, shape=shape, ids=ids):
            return None
        matrix = csr_matrix(parts, shape=shape)
    except Exception:  # a cache that cannot be read whole is rebuilt, whatever broke in it
        return None
    return ReviewFeatures(ids, matrix)


def _well_formed(data: Any, indices: Any, indptr: Any, *, shape: tuple[int, ...], ids: Any) -> bool:
    """Arrays that make the CSR matrix they claim to: a damaged file whose fingerprint
    survived must not reach the model (out-of-range indices crash it, a wrong width
    stalls it)."""
    import numpy

    if len(shape) != 2 or shape[0] != len(ids) or min(shape) < 0:
        return False
    if ids.dtype.kind not in "iu" or data.dtype.kind != "f" or indices.dtype.kind not in "iu":
        return False
    if len(indptr) != shape[0] + 1 or len(data) != len(indices) or indptr[0] != 0:
        return False
    if indptr[-1] != len(data) or bool(numpy.any(numpy.diff(indptr) < 0)):
        return False
    return not len(indices) or (int(indices.min()) >= 0 and int(indices.max()) < shape[1])


def save(path: Path, key: str, features: ReviewFeatures) -> bool:
    """Write the cache atomically (a temporary renamed over it); False when the folder
    cannot be written, which only costs building the matrix again next time."""
    import numpy

    matrix = features.matrix.tocsr()
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# screener's cache: rebuilt from the store, never shared\n*\n")
        handle, temporary = tempfile.mkstemp(prefix=".features.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                numpy.savez(
                    stream,
                    fingerprint=numpy.array(key),
                    record_ids=features.record_ids,
                    data=matrix.data,
                    indices=matrix.indices,
                    indptr=matrix.indptr,
                    shape=numpy.array(matrix.shape),
                )
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True
