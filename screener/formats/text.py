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
import re
from pathlib import Path
from typing import BinaryIO, TextIO

from screener.errors import FormatError

_CHUNK = 1 << 20
# Bytes Windows-1252 leaves undefined: a file holding them is Latin-1 (ISO 8859-1).
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


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
    try:
        handle = open_binary(path)
    except FileNotFoundError:
        raise FormatError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise FormatError("is a folder, not a file", file=str(path)) from None
    except OSError as error:
        raise FormatError(f"cannot open: {error.strerror}", file=str(path)) from None
    with handle:
        head = handle.read(_CHUNK)
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
        chunk = head
        seen_undefined = False
        while chunk:
            seen_undefined = seen_undefined or _CP1252_UNDEFINED.search(chunk) is not None
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                break
            try:
                chunk = handle.read(_CHUNK)
            except (OSError, EOFError) as error:
                raise FormatError(f"cannot read the file: {error}", file=str(path)) from None
        else:
            try:
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                pass
        while chunk and not seen_undefined:
            seen_undefined = _CP1252_UNDEFINED.search(chunk) is not None
            chunk = handle.read(_CHUNK)
        return "latin-1" if seen_undefined else "cp1252"


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
