"""Opening export files as text: encoding sniffing, binary and empty-file refusal.

Exports arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252 /
Latin-1 from older desktop tools. The whole file is validated as UTF-8 in chunks before
choosing, so a stray Latin-1 byte deep in a file never turns into mojibake, and nothing is
held in memory beyond one chunk.
"""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from screener.errors import FormatError

_CHUNK = 1 << 20
# Bytes Windows-1252 leaves undefined: a file holding them is Latin-1 (ISO 8859-1).
# Searched one byte at a time: memchr is ~100x faster than a regex class over 1 MB chunks.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


_GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, transparently decompressed when it is gzipped (`.csv.gz` and kin)."""
    handle = path.open("rb")
    if handle.read(2) == _GZIP_MAGIC:
        handle.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    handle.seek(0)
    return handle


def sniff_encoding(path: Path) -> str:
    """The Python codec to read `path` with; raises FormatError for empty or binary files."""
    return scan_file(path, digest=False)[0]


def scan_file(path: Path, *, digest: bool = True) -> tuple[str, str]:
    """(codec, sha256 of the bytes on disk) in one read of the file; sha256 is "" unless
    `digest`. Raises FormatError for missing, empty, binary or unreadable files.
    """
    handle = _opened(path)
    # A gzipped file's digest is of its compressed bytes, read separately.
    hashing = _new_digest() if digest and not isinstance(handle, gzip.GzipFile) else None
    with handle:
        chunks = _chunks(handle, path, hashing)
        encoding = _encoding_of(chunks, path)
        for _ in chunks:  # the rest of the file, for the digest
            pass
    if not digest:
        return encoding, ""
    return encoding, hashing.hexdigest() if hashing else _sha256(path)


def head_encoding(path: Path) -> str | None:
    """The codec the file's first MB is valid in, "utf-8" or "utf-8-sig", with the rest of
    the file unchecked; None when only reading it all can tell (another codec, gzip).
    Raises FormatError for missing, empty or binary files, as `scan_file` does."""
    with _opened(path) as handle:
        if isinstance(handle, gzip.GzipFile):
            return None
        head = next(_chunks(handle, path, None), b"")
    encoding = _encoding_of(iter((head,)), path, whole=False)
    return encoding if encoding in ("utf-8", "utf-8-sig") else None


def _opened(path: Path) -> BinaryIO:
    try:
        return open_binary(path)
    except FileNotFoundError:
        raise FormatError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise FormatError("is a folder, not a file", file=str(path)) from None
    except OSError as error:
        raise FormatError(f"cannot open: {error.strerror}", file=str(path)) from None


def _chunks(handle: BinaryIO, path: Path, hashing: Any) -> Iterator[bytes]:
    while True:
        try:
            chunk = handle.read(_CHUNK)
        except (OSError, EOFError) as error:
            raise FormatError(f"cannot read the file: {error}", file=str(path)) from None
        if not chunk:
            return
        if hashing is not None:
            hashing.update(chunk)
        yield chunk


def _encoding_of(chunks: Iterator[bytes], path: Path, *, whole: bool = True) -> str:
    """The codec for the bytes of `chunks`; unless they are the `whole` file, a character
    they end inside of may go on beyond them."""
    head = next(chunks, b"")
    if not head.strip():
        raise FormatError("the file is empty", file=str(path))
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    else:
        encoding = "utf-8"
    if b"\x00" in head[:8192]:
        raise FormatError("binary file, not a bibliographic export", file=str(path))
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk: bytes | None = head
    seen_undefined = False
    while chunk:
        # Most exports are plain ASCII: nothing to decode, and no byte cp1252 leaves undefined.
        if not (chunk.isascii() and decoder.getstate()[0] == b""):
            seen_undefined = seen_undefined or _has_undefined(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                break
        chunk = next(chunks, None)
    else:
        try:
            decoder.decode(b"", final=whole)
            return encoding
        except UnicodeDecodeError:
            pass
    while chunk and not seen_undefined:
        seen_undefined = _has_undefined(chunk)
        chunk = next(chunks, None)
    return "latin-1" if seen_undefined else "cp1252"


def _has_undefined(chunk: bytes) -> bool:
    return any(byte in chunk for byte in _CP1252_UNDEFINED)


def _sha256(path: Path) -> str:
    digest = _new_digest()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_text(path: Path, encoding: str | None = None) -> TextIO:
    """Open an export for reading as text with universal newlines (CRLF, CR, LF, mixed)."""
    encoding = encoding or sniff_encoding(path)
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline=None, errors="strict")


def peek_text(path: Path, size: int = 16384, encoding: str | None = None) -> str:
    """The first `size` characters of a file, decoded, for format detection."""
    with open_text(path, encoding) as handle:
        try:
            return handle.read(size)
        except UnicodeDecodeError as error:
            raise FormatError(f"cannot decode the file: {error.reason}", file=str(path)) from None


def _new_digest() -> Any:
    # hashlib loads OpenSSL (5 ms); commands that only read a file never need it.
    import hashlib

    return hashlib.sha256()
