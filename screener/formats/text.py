"""Opening export files as text: encoding sniffing, binary and empty-file refusal.

Exports arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252 /
Latin-1 from older desktop tools. The whole file is validated as UTF-8 in chunks before
choosing, so a stray Latin-1 byte deep in a file never turns into mojibake, and nothing is
held in memory beyond one chunk. A file that is UTF-8 but for a few bytes is read as UTF-8
with those bytes replaced and reported (`bad_bytes`); only a file that is not UTF-8 is read
as Windows-1252 or Latin-1.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from screener.errors import FormatError
from screener.formats.bad_bytes import UTF8_WITH_BAD_BYTES

_CHUNK = 1 << 20
# Bytes Windows-1252 leaves undefined: a file holding them is Latin-1 (ISO 8859-1).
# Searched one byte at a time: memchr is ~100x faster than a regex class over 1 MB chunks.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


_GZIP_MAGIC = b"\x1f\x8b"
# What reading a damaged gzip file raises: a bad header or CRC (BadGzipFile, an OSError),
# a cut stream (EOFError), corrupt deflate data (zlib.error).
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)
_READ_ERRORS = (OSError, *GZIP_ERRORS)

# A file is UTF-8 with a few bad bytes, not Windows-1252, when its runs of bytes that are
# not UTF-8 number at most _FEW_BAD (or one per _BAD_SHARE bytes of the file), and no more
# than the bytes that continue valid multi-byte characters: in Windows-1252 text every
# accented letter is a bad run, and valid UTF-8 sequences hardly ever occur by chance.
_FEW_BAD = 20
_BAD_SHARE = 1000
_BAD_RUN = re.compile("[\udc80-\udcff]+")


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
    # The size on disk bounds the bad bytes a UTF-8 file may hold; a gzip file's is unknown.
    size = None if isinstance(handle, gzip.GzipFile) else path.stat().st_size
    with handle:
        chunks = _chunks(handle, path, hashing)
        encoding = _encoding_of(chunks, path, size=size)
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
        except _READ_ERRORS as error:
            raise unreadable(error, path) from None
        if not chunk:
            return
        if hashing is not None:
            hashing.update(chunk)
        yield chunk


def _encoding_of(
    chunks: Iterator[bytes], path: Path, *, whole: bool = True, size: int | None = None
) -> str:
    """The codec for the bytes of `chunks`; unless they are the `whole` file, a character
    they end inside of may go on beyond them, and any bytes that are not UTF-8 make it
    Windows-1252 or Latin-1. `size`, when known, is the file's."""
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
    tally = _Tally(size)
    while chunk:
        tally.size += len(chunk)
        # Most exports are plain ASCII: nothing to decode, and no byte cp1252 leaves undefined.
        if not (chunk.isascii() and decoder.getstate()[0] == b""):
            tally.undefined = tally.undefined or _has_undefined(chunk)
            held = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                break
            tally.wide += held + len(chunk) - len(decoder.getstate()[0]) - len(text)
        chunk = next(chunks, None)
    else:
        try:
            decoder.decode(b"", final=whole)
            return encoding
        except UnicodeDecodeError:
            pass  # the file ends inside a character
    # Not all UTF-8: the rest of the file (from the bytes the decoder held back) decides.
    if whole:
        tally.count_bad(decoder.getstate()[0] + (chunk or b""), chunks)
        if tally.mostly_utf8():
            return UTF8_WITH_BAD_BYTES
    while chunk and not tally.undefined:
        tally.undefined = _has_undefined(chunk)
        chunk = next(chunks, None)
    return "latin-1" if tally.undefined else "cp1252"


class _Tally:
    """What a file's bytes say about its codec: `size` bytes, `wide` bytes that continue
    valid multi-byte UTF-8 characters, `bad` runs of bytes that are not UTF-8, and whether
    any byte Windows-1252 leaves `undefined` occurs. `known_size` is the file's, if known."""

    def __init__(self, known_size: int | None) -> None:
        self.size = self.wide = self.bad = 0
        self.undefined = False
        self.most_bad = None if known_size is None else _most_bad(known_size)

    def count_bad(self, first: bytes, chunks: Iterator[bytes]) -> None:
        """Count on through `first` and the rest of `chunks` (`size` already has `first`'s
        chunk) with the bad bytes marked rather than refused; stop once there are too many
        for the file's size (the rest of the chunks then still to be read)."""
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        chunk: bytes | None = first
        while chunk is not None:
            self.undefined = self.undefined or _has_undefined(chunk)
            held = len(decoder.getstate()[0])
            text = decoder.decode(chunk)
            self._count(text, held + len(chunk) - len(decoder.getstate()[0]))
            if self.most_bad is not None and self.bad > self.most_bad:
                return
            chunk = next(chunks, None)
            if chunk is not None:
                self.size += len(chunk)
        held = len(decoder.getstate()[0])
        self._count(decoder.decode(b"", final=True), held)

    def _count(self, text: str, consumed: int) -> None:
        # Each bad byte decodes to one mark: the other bytes beyond the characters continue
        # valid multi-byte characters.
        self.wide += consumed - len(text)
        if not text.isascii():
            self.bad += len(_BAD_RUN.findall(text))

    def mostly_utf8(self) -> bool:
        return 0 < self.bad <= _most_bad(self.size) and self.wide >= self.bad


def _most_bad(size: int) -> int:
    return max(_FEW_BAD, size // _BAD_SHARE)


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
        except GZIP_ERRORS as error:
            raise unreadable(error, path) from None


def unreadable(error: Exception, path: Path) -> FormatError:
    """The FormatError for an error reading the file's bytes (a damaged gzip file, say)."""
    if isinstance(error, GZIP_ERRORS):
        return FormatError(f"damaged gzip file: {error}", file=str(path))
    return FormatError(f"cannot read the file: {error}", file=str(path))


def _new_digest() -> Any:
    # hashlib loads OpenSSL (5 ms); commands that only read a file never need it.
    import hashlib

    return hashlib.sha256()
