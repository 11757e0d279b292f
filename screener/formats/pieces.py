"""Cutting a big export into pieces that parse on their own, so that several processes can
read one file at once (see `screener.review.parallel`).

A cut falls only where a record certainly ends and the next can start afresh, found on the
file's bytes (every marker is ASCII, so any single-byte or UTF-8 file can be cut there):

- RIS: after an `ER  -` line;
- MEDLINE: before a `PMID- ` line that follows a blank line;
- CSV: after a line; each piece after the first is parsed under the file's header line;
- BibTeX: before an `@type{` line that follows the closing brace of an entry.

A piece parses with the format's own reader as if it were a whole file; the reader's line
numbers and `name#N` keys are then shifted by what came before. Readers that take part
return, as their generator's value, how many `N`s they used. A piece that cannot be read
on its own (NEEDS_WHOLE: a CSV line with an odd number of quotes, so perhaps a quoted cell
spanning lines, or a row of the wrong width, which a cut inside a quoted cell behind a stray
quote would also make; or a header line that is not UTF-8, whose bad bytes every piece would
report again) has one reader read the whole file again. So does, in a BibTeX file, a
piece that defines a @string macro or holds a crossref, has any issue (a repeated citation
key, which the reader renames naming the first line; a block cut short), or uses a key an
earlier piece used. A stretch without any record end (CR-only lines) is read on by one reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import AnyStr

_RIS_END = b"\nER  -"
_MEDLINE_START = b"\nPMID- "
_BIBTEX_START = b"\n@"
_BIBTEX_ENTRY = re.compile(rb"@[A-Za-z]+[ \t]*[{(]")
_CROSSREF_FIELD = re.compile(rb"crossref\s*=")
_BIBTEX_MACRO = re.compile(rb"@[Ss][Tt][Rr][Ii][Nn][Gg]\s*[{(]")


def cut_ris(data: bytes) -> int:
    """The offset just past the last complete `ER  -` line in `data`, or 0."""
    end = len(data)
    while (at := data.rfind(_RIS_END, 0, end)) >= 0:
        line_end = data.find(b"\n", at + 1)
        # A lone CR inside the ER line would mean the next line started before this "\n".
        if line_end >= 0 and b"\r" not in data[at + 1 : line_end - 1]:
            return line_end + 1
        end = at
    return 0


def cut_medline(data: bytes) -> int:
    """The offset of the last `PMID- ` line in `data` that follows a blank line, or 0."""
    end = len(data)
    while (at := data.rfind(_MEDLINE_START, 0, end)) > 0:
        before = data[max(at - 2, 0) : at]
        if before.endswith(b"\n") or before == b"\n\r":
            return at + 1
        end = at
    return 0


def cut_bibtex(data: bytes) -> int:
    """The offset of the last entry start (`@type{` at a line start, after a closing brace
    of the entry before it) in `data`, or 0."""
    end = len(data)
    while (at := data.rfind(_BIBTEX_START, 0, end)) > 0:
        previous = data[max(at - 256, 0) : at].rstrip()
        if previous.endswith((b"}", b")")) and _BIBTEX_ENTRY.match(data, at + 1):
            return at + 1
        end = at
    return 0


def bibtex_needs_whole(data: bytes) -> bool:
    """Whether `data` defines a @string macro, which entries after it may use, or holds a
    crossref, whose parent (inherited from, and then no record of its own) may lie in
    another piece."""
    if _BIBTEX_MACRO.search(data) is not None:
        return True
    return mentions_crossref(data) and _CROSSREF_FIELD.search(data.lower()) is not None


def mentions_crossref(data: AnyStr) -> bool:
    """Whether BibTeX text names the crossref field, in any casing ("CrossRef"); a word
    "crossref" elsewhere is a false alarm that costs only a closer look."""
    # A pattern of case-insensitive letters is scanned a character at a time (1 s over a
    # 240 MB file); lowering the text and searching for a literal takes a fifth of that.
    lowered = data.lower()
    if isinstance(lowered, bytes):
        return b"crossref" in lowered
    return "crossref" in lowered


def cut_csv(data: bytes) -> int:
    """The offset just past the last line end in `data`, or 0."""
    return data.rfind(b"\n") + 1


def csv_needs_whole(data: bytes) -> bool:
    """Whether a complete line of `data` holds an odd number of quotes: a quoted cell that
    spans lines (or a stray quote), which only reading from the start can place. Or whether
    its first line, the header, is not UTF-8: in a file that is UTF-8 but for a few bytes,
    each piece parsed under that header would report its bad bytes again (a Windows-1252
    file with such a header is read by one reader too)."""
    complete = data[: data.rfind(b"\n") + 1]
    if any(line.count(b'"') % 2 for line in complete.split(b"\n")):
        return True
    header = data[: data.find(b"\n") + 1 or len(data)]
    return not header.isascii() and not _is_utf8(header)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CUTTERS: dict[str, Callable[[bytes], int]] = {
    "ris": cut_ris,
    "medline": cut_medline,
    "bibtex": cut_bibtex,
    "csv": cut_csv,
}
# Formats where a piece may hold what the reader can only place reading from the start.
NEEDS_WHOLE: dict[str, Callable[[bytes], bool]] = {
    "csv": csv_needs_whole,
    "bibtex": bibtex_needs_whole,
}
# Formats where a doubtful piece means an earlier cut may be wrong too, or the reader's
# output depends on the whole file: one reader reads the whole file again.
WHOLE_FILE = frozenset({"bibtex", "csv"})
# Formats whose reader makes keys unique across the file (renaming repeats, with a warning):
# any issue in a piece, or a key two pieces share, has one reader read the whole file.
UNIQUE_KEYS = frozenset({"bibtex"})
# Formats whose first line (a header) every piece is parsed under.
HEADED = frozenset({"csv"})
