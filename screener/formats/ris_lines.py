"""RIS line by line: the tag-line grammar and the parser for quirky records (untagged
continuation lines, stray or malformed tags, a missing ER), which `ris.read` falls back to
when a record is not plain `XX  - value` lines."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from screener.errors import ParseIssue

KEYWORD_TAG = "KW"  # untagged lines after it are one more keyword each
TWO_CHAR_TAGS = frozenset(
    a + b for a in string.ascii_uppercase for b in string.digits + string.ascii_uppercase
)
_SHORT_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,3}-(?:[ \t](.*))?$")  # "KW - x", "ER  -"
_LONG_TAG = re.compile(r"([A-Z][A-Z0-9]{2,3})  -(?:[ \t](.*))?$|(PMID) ?-(?:[ \t](.*))?$")
_MALFORMED_TAG = re.compile(r"([A-Z][A-Z0-9])(?: {1,3}-+| {0,3}-+ )(.*)$")  # "AU -Name"
# Tags whose presence among lines with no TY before them means a record was lost.
_RECORD_TAGS = frozenset({"ER", "TI", "T1", "CT", "BT"})
VALID_TAG = re.compile(r"[A-Z][A-Z0-9]{1,3}")


@dataclass(slots=True)
class Block:
    """One record's tag values as split from the stream, before mapping."""

    line: int
    fields: dict[str, list[str]]
    raw: str
    issues: tuple[ParseIssue, ...] = ()


class LineParser:
    """Reads quirky RIS line by line: continuation lines, stray tags, missing ER lines."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.fields: dict[str, list[str]] | None = None  # the open record
        self.lines: list[str] = []  # its raw lines
        self.issues: list[ParseIssue] = []
        self.start = 0
        self.target: list[str] | None = None  # the values a continuation line extends
        self.one_per_line = False
        self.held: list[str] = []  # a blank line and what follows: continuation if a tag follows
        self.stray: list[str] = []  # tagged lines outside a record
        self.stray_start = 0

    @property
    def idle(self) -> bool:
        return self.fields is None and not self.stray

    def feed(self, text: str, number: int) -> Iterator[Block | ParseIssue]:
        """Read the lines of `text`, the first of them being line `number`."""
        lines = text.split("\n")
        last = lines.pop()
        for offset, line in enumerate(lines):
            yield from self._line(line + "\n", number + offset)
        if last:
            yield from self._line(last, number + len(lines))

    def close(self) -> Iterator[Block | ParseIssue]:
        """What the end of the file leaves: stray lines, or a record with no ER line (cut
        short, perhaps), read as far as it goes with a warning at its TY line."""
        if self.stray:
            yield self._stray_issue()
        if self.fields is not None:
            message = "the file ends inside this record (no ER line); read as far as it goes"
            self.issues.append(ParseIssue(self.start, message, "", "warning", self.name))
            yield self._finish()

    def _line(self, line: str, number: int) -> Iterator[Block | ParseIssue]:
        if line[2:6] == "  - " and line[:2] in TWO_CHAR_TAGS:
            tag, value = line[:2], line[6:].strip()
        else:
            text = line.rstrip()
            parsed = parse_tag(text.lstrip("\ufeff")) if text else None
            if parsed is None:
                self._untagged(line, text, number)
                if self.stray and not text:
                    yield self._stray_issue()
                return
            tag, value, malformed = parsed
            if malformed and self.fields is not None:
                message = f"malformed tag line read as {tag}"
                self.issues.append(ParseIssue(number, message, text, "warning", self.name))
        if tag == "TY":
            if self.stray:
                yield self._stray_issue()
            if self.fields is not None:
                yield self._finish()
            self.fields = {"TY": [value]} if value else {}
            self.lines = [line]
            self.start = number
            self.target = None
        elif self.fields is None:
            if not self.stray:
                self.stray_start = number
            self.stray.append(line)
            if tag == "ER":
                yield self._stray_issue()
        else:
            if self.held:
                self._take_held(number)
            self.lines.append(line)
            if tag == "ER":
                yield self._finish()
                return
            target = self.fields.get(tag)
            if target is None:
                target = self.fields[tag] = []
            if value:
                target.append(value)
            self.target = target
            self.one_per_line = tag == KEYWORD_TAG

    def _untagged(self, line: str, text: str, number: int) -> None:
        if self.fields is None:
            if self.stray and text:
                self.stray.append(line)  # outside a record, untagged lines are not data
        elif self.held or not text:
            self.held.append(line)
        else:
            self._continue(text.strip(), 0, number)
            self.lines.append(line)

    def _continue(self, text: str, gap: int, number: int) -> None:
        target = self.target
        if target is None:
            message = "untagged line with no field to continue"
            self.issues.append(ParseIssue(number, message, text, "warning", self.name))
        elif self.one_per_line:
            target.append(text)
        elif target:
            target[-1] += "\n" * (gap + 1) + text
        else:
            target.append(text)

    def _take_held(self, number: int) -> None:
        gap = 0
        first = number - len(self.held)
        for offset, line in enumerate(self.held):
            text = line.strip()
            if text:
                self._continue(text, gap, first + offset)
                gap = 0
            else:
                gap += 1
        self.lines.extend(self.held)
        self.held.clear()

    def _finish(self) -> Block:
        assert self.fields is not None
        block = Block(self.start, self.fields, "".join(self.lines), tuple(self.issues))
        self.fields, self.lines, self.issues = None, [], []
        self.held.clear()  # untagged lines after a blank line that no tag claimed: junk
        return block

    def _stray_issue(self) -> ParseIssue:
        tags = [tag_of(line) for line in self.stray if line.strip()]
        if all(tag == "ER" for tag in tags):
            message, severity = "end of record (ER) with no record open", "warning"
        elif _RECORD_TAGS.isdisjoint(tags):
            # Lines such as Ovid's `NL  - ` after a record's ER, or a header: part of no
            # record, and no record lost (one that lost its TY still has an ER or a title).
            message = "tagged lines outside any record (no TY, ER or title) ignored"
            severity = "warning"
        else:
            message, severity = "tagged lines with no TY before them: skipped", "error"
        issue = ParseIssue(self.stray_start, message, "".join(self.stray), severity, self.name)
        self.stray.clear()
        return issue


def parse_tag(text: str) -> tuple[str, str, bool] | None:
    """(tag, value, malformed) for a quirky tag line, None for an untagged line."""
    match = _SHORT_TAG.match(text) or _LONG_TAG.match(text)
    if match:
        groups = [group for group in match.groups() if group is not None]
        return groups[0], (groups[1].strip() if len(groups) > 1 else ""), False
    match = _MALFORMED_TAG.match(text)
    if match:
        return match[1], match[2].strip(), True
    return None


def tag_of(line: str) -> str:
    parsed = parse_tag(line.strip().lstrip("\ufeff"))
    return parsed[0] if parsed else ""
