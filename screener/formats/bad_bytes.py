"""Files that are UTF-8 but for a few bytes: those bytes read as U+FFFD, each one reported.

`text.scan_file` names the codec UTF8_WITH_BAD_BYTES for such a file. The codec decodes
UTF-8 (dropping a leading BOM) and marks each byte that is not UTF-8 with a lone surrogate,
as Python's "surrogateescape" does; valid UTF-8 never decodes to one, so a mark is always a
bad byte. `reported` wraps a format's reader: on a stream in this codec the reader sees
U+FFFD where each mark was, and the caller gets a warning naming the byte and its line,
placed among the reader's items by line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Generator, Iterator
from encodings import utf_8, utf_8_sig
from typing import TYPE_CHECKING, Any, TextIO, cast

from screener.errors import ParseIssue
from screener.model import Record

if TYPE_CHECKING:
    from typing_extensions import Buffer  # collections.abc.Buffer from Python 3.12

UTF8_WITH_BAD_BYTES = "utf-8-with-bad-bytes"
_LOOKUP_NAME = "utf_8_with_bad_bytes"  # the name as `codecs.lookup` hands it to searches
_MARK = re.compile("[\udc80-\udcff]")
_REPLACEMENT = "\ufffd"

Item = Record | ParseIssue
Reader = Callable[..., Iterator[Item]]


class _MarkingDecoder(utf_8_sig.IncrementalDecoder):
    """UTF-8 (BOM dropped) with each bad byte marked, whatever error mode the caller asks."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("surrogateescape")


class _Encoder(utf_8.IncrementalEncoder):
    """UTF-8, bad bytes written back as they were (a stream open for writing needs one)."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("surrogateescape")


def _decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    return utf_8_sig.decode(data, "surrogateescape")


def _encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return codecs.utf_8_encode(text, "surrogateescape")


_CODEC = codecs.CodecInfo(
    _encode,
    _decode,
    incrementalencoder=_Encoder,
    incrementaldecoder=_MarkingDecoder,
    name=UTF8_WITH_BAD_BYTES,
)


def _search(name: str) -> codecs.CodecInfo | None:
    return _CODEC if name == _LOOKUP_NAME else None


codecs.register(_search)


def reported(read: Reader) -> Reader:
    """`read`, with every bad byte of a stream in UTF8_WITH_BAD_BYTES replaced and reported
    as a warning; other streams go to `read` untouched. The reader's return value (the
    ordinals it used) is kept."""

    def reading(stream: TextIO, name: str, **options: Any) -> Iterator[Item]:
        if getattr(stream, "encoding", None) != UTF8_WITH_BAD_BYTES:
            return read(stream, name, **options)
        return _merged(read, _Replacing(stream, name), name, options)

    return reading


def _merged(
    read: Reader, stream: _Replacing, name: str, options: dict[str, Any]
) -> Generator[Item, None, Any]:
    """The reader's items with the stream's warnings among them: each warning before the
    first item on a later line, so that the order does not depend on how far ahead the
    reader has read (a piece of a file and the whole file give the same order)."""
    items = read(cast(TextIO, stream), name, **options)
    found = stream.issues
    while True:
        try:
            item = next(items)
        except StopIteration as stop:
            yield from found
            found.clear()
            return stop.value
        if found:
            due = 0
            while due < len(found) and found[due].line < item.line:
                due += 1
            yield from found[:due]
            del found[:due]
        yield item


class _Replacing:
    """A text stream whose marked bytes read as U+FFFD, each noted in `issues` with its line
    (lines counted in the text handed out, as the reader counts them)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name
        self._newlines = 0
        self.issues: list[ParseIssue] = []

    def _replaced(self, text: str) -> str:
        if _MARK.search(text) is None:
            self._newlines += text.count("\n")
            return text
        line, counted = self._newlines + 1, 0
        for mark in _MARK.finditer(text):
            line += text.count("\n", counted, mark.start())
            counted = mark.start()
            byte = ord(mark.group()) - 0xDC00
            message = f"not UTF-8: byte 0x{byte:02X} replaced"
            self.issues.append(ParseIssue(line, message, "", "warning", self._name))
        self._newlines += text.count("\n")
        return _MARK.sub(_REPLACEMENT, text)

    def read(self, size: int = -1) -> str:
        return self._replaced(self._stream.read(size))

    def readline(self, size: int = -1) -> str:
        return self._replaced(self._stream.readline(size))

    def __iter__(self) -> _Replacing:
        return self

    def __next__(self) -> str:
        line = self._stream.readline()
        if not line:
            raise StopIteration
        return self._replaced(line)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._stream, attribute)
