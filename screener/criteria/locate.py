"""Finding the line of a key in TOML text, since tomllib reports no positions.

A path names a place as tomllib's data would reach it: ("rule", 2, "rules", 0, "kind") is the
`kind` of the first sub-rule of the third `[[rule]]`. The search runs over a masked copy of
the text in which strings and comments are blanked, so brackets, `=` and `#` inside strings
never mislead it. Places written in ways it does not follow (quoted or dotted keys) fall back
to the nearest enclosing place it found.
"""

from __future__ import annotations

import re

Path = tuple["str | int", ...]

_OPEN, _CLOSE = "[{", "]}"


def mask(text: str) -> str:
    """`text` with the contents of strings and comments replaced by spaces (same offsets)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if char == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break
                j += 1
            for k in range(i + len(quote), min(j, n)):
                if out[k] != "\n":
                    out[k] = " "
            i = j + len(quote)
        else:
            i += 1
    return "".join(out)


class Locator:
    """Lines of keys, tables and array items in one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked = mask(text)
        self.headers = self._headers()

    def line(self, path: Path) -> int:
        """The 1-based line of `path`, or of the nearest enclosing place found (1 at worst)."""
        return self.masked.count("\n", 0, self._offset(path)) + 1

    def _headers(self) -> list[tuple[int, str, bool]]:
        """(offset, name, is an array of tables) for each table header at depth 0."""
        headers = []
        depth = 0
        for m in re.finditer(r"(?m)^[ \t]*(\[\[?)[ \t]*([\w.-]+)[ \t]*\]\]?|[\[\]{}]", self.masked):
            if m.group(1) and depth == 0:
                headers.append((m.start(1), m.group(2), m.group(1) == "[["))
            elif not m.group(1):
                depth += 1 if m.group() in _OPEN else -1
                depth = max(depth, 0)
        return headers

    def _block(self, name: str, index: int | None) -> tuple[int, int] | None:
        seen = 0
        for n, (offset, header, is_array) in enumerate(self.headers):
            if header != name or is_array != (index is not None):
                continue
            if index is None or seen == index:
                end = self.headers[n + 1][0] if n + 1 < len(self.headers) else len(self.masked)
                return offset, end
            seen += 1
        return None

    def _offset(self, path: Path) -> int:
        head, rest = path[0], path[1:]
        block = None
        if rest and isinstance(rest[0], int):
            block = self._block(str(head), rest[0])
            rest = rest[1:]
        if block is None:
            block = self._block(str(head), None)
        if block is None:
            # A top-level key (or an unknown table written as a key).
            top_end = self.headers[0][0] if self.headers else len(self.masked)
            found = self._table_key(0, top_end, str(head))
            if found is None:
                return 0
            return self._descend(found, path[1:])
        return self._descend((block[0], self._after_header(block[0]), block[1]), rest)

    def _after_header(self, offset: int) -> int:
        end = self.masked.find("\n", offset)
        return len(self.masked) if end < 0 else end

    def _descend(self, place: tuple[int, int, int], rest: Path) -> int:
        """`place` is (offset to report, start of its contents, end of its contents); contents
        that follow an opening bracket are an inline table or array, others a table block."""
        at, start, end = place
        for step in rest:
            if isinstance(step, int):
                found = self._item(start, end, step)
            elif self.masked[start - 1 : start] not in ("[", "{"):
                found = self._table_key(start, end, step)
            else:
                found = self._inline_key(start, end, step)
            if found is None:
                return at
            at, start, end = found
        return at

    def _value(self, key_at: int, eq: int) -> tuple[int, int, int]:
        start = eq + 1
        while start < len(self.masked) and self.masked[start] in " \t":
            start += 1
        if self.masked[start : start + 1] in ("[", "{"):
            return key_at, start + 1, self._closing(start)
        end = self.masked.find("\n", start)
        return key_at, start, len(self.masked) if end < 0 else end

    def _closing(self, opening: int) -> int:
        depth = 0
        for i in range(opening, len(self.masked)):
            char = self.masked[i]
            if char in _OPEN:
                depth += 1
            elif char in _CLOSE:
                depth -= 1
                if depth == 0:
                    return i
        return len(self.masked)

    def _table_key(self, start: int, end: int, key: str) -> tuple[int, int, int] | None:
        pattern = re.compile(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*=")
        for m in pattern.finditer(self.masked, start, end):
            if self._depth(start, m.start()) == 0:
                indent = len(m.group()) - len(m.group().lstrip())
                return self._value(m.start() + indent, m.end() - 1)
        return None

    def _depth(self, start: int, at: int) -> int:
        segment = self.masked[start:at]
        return sum(segment.count(c) for c in _OPEN) - sum(segment.count(c) for c in _CLOSE)

    def _inline_key(self, start: int, end: int, key: str) -> tuple[int, int, int] | None:
        pattern = re.compile(rf"(?<![\w-]){re.escape(key)}[ \t]*=")
        for m in pattern.finditer(self.masked, start, end):
            if self._depth(start, m.start()) == 0:
                return self._value(m.start(), m.end() - 1)
        return None

    def _item(self, start: int, end: int, index: int) -> tuple[int, int, int] | None:
        """The `index`-th item of the array whose contents run from start to end."""
        item_starts = [start]
        depth = 0
        for i in range(start, end):
            char = self.masked[i]
            if char in _OPEN:
                depth += 1
            elif char in _CLOSE:
                depth -= 1
            elif char == "," and depth == 0:
                item_starts.append(i + 1)
        if index >= len(item_starts):
            return None
        at = item_starts[index]
        while at < end and self.masked[at] in " \t\r\n":
            at += 1
        if self.masked[at : at + 1] in ("[", "{"):
            return at, at + 1, self._closing(at)
        return at, at, at
