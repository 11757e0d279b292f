"""The sync file: JSON lines, a header first, every line checked before anything is used."""

from __future__ import annotations

import json
import sys
import uuid as uuids
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from screener.errors import ScreenerError
from screener.model import STAGES, VERDICTS

FORMAT = "screener-decisions"
VERSION = 1
KINDS = ("decision", "resolution")
PAIR_VERDICTS = ("duplicate", "distinct")
_MAX_NAMED = 10  # bad lines named in the one-line message


class RecordRef(NamedTuple):
    """A record as every copy that imported its file knows it: the file's sha256, the
    record's key there, and which of the records with that key (1 unless repeated)."""

    file: str
    key: str
    n: int = 1

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"file": self.file, "key": self.key}
        if self.n != 1:
            found["n"] = self.n
        return found


@dataclass(frozen=True, slots=True)
class Header:
    review: str
    version: int = VERSION


@dataclass(frozen=True, slots=True)
class SyncLine:
    """One decision row as it travels. `undoes` is the UUID of the row an undo cancels;
    `after` the UUID of the row the same reviewer gave before on the record and stage, as
    the copy that made it knew them (None for the first): two rows after one row are two
    people under one name. `order` is "relevance" when the reviewer decided the record in
    the relevance order (the stopping estimate needs to know), "" otherwise; a copy older
    than the field ignores it."""

    uuid: str
    record: RecordRef
    stage: str
    reviewer: str
    verdict: str
    reason: str
    note: str
    time: str
    kind: str
    criteria_sha256: str
    undoes: str | None
    after: str | None
    file: str = ""
    line: int = 0
    order: str = ""


# The one `order` a decision line may name: the record was decided in the relevance order.
RELEVANCE_ORDER = "relevance"


@dataclass(frozen=True, slots=True)
class PairLine:
    """A person's word on two records: "duplicate" (merged) or "distinct"."""

    uuid: str
    a: RecordRef
    b: RecordRef
    verdict: str
    reviewer: str
    reason: str
    time: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class SyncFile:
    path: Path
    header: Header
    decisions: list[SyncLine]
    pairs: list[PairLine]


class BadSyncFile(ScreenerError):
    """Lines of a sync file that cannot be read: all of them, each with file and line."""

    def __init__(self, problems: list[tuple[str, int, str]]) -> None:
        file, line, message = problems[0]
        more = ""
        if len(problems) > 1:
            named = ", ".join(f"{f}:{n}" for f, n, _ in problems[1:_MAX_NAMED])
            rest = len(problems) - _MAX_NAMED
            named += f" and {rest} more" if rest > 0 else ""
            more = f" (and {len(problems) - 1} more bad lines: {named})"
        super().__init__(f"{message}{more}; nothing was written", file=file, line=line)
        self.problems = problems


def header_line(review_id: str) -> str:
    return _dump({"format": FORMAT, "version": VERSION, "review": review_id})


def decision_line(line: SyncLine) -> str:
    # "order" only where it says something: every other line stays as it always was
    order = {"order": line.order} if line.order else {}
    return _dump(
        {
            "type": "decision",
            "uuid": line.uuid,
            "record": line.record.as_json(),
            "stage": line.stage,
            "reviewer": line.reviewer,
            "verdict": line.verdict,
            "reason": line.reason,
            "note": line.note,
            "time": line.time,
            "kind": line.kind,
            "criteria": line.criteria_sha256,
            "undoes": line.undoes,
            "after": line.after,
            **order,
        }
    )


def pair_line(line: PairLine) -> str:
    return _dump(
        {
            "type": "pair",
            "uuid": line.uuid,
            "a": line.a.as_json(),
            "b": line.b.as_json(),
            "verdict": line.verdict,
            "reviewer": line.reviewer,
            "reason": line.reason,
            "time": line.time,
        }
    )


def pair_uuid(verdict: str, a: RecordRef, b: RecordRef, reviewer: str) -> str:
    """A person's word on a pair has no row of its own to carry a UUID: this one is made
    from what was said, so every copy that holds the word finds the same."""
    first, second = sorted((a, b))
    text = json.dumps([verdict, list(first), list(second), reviewer])
    return uuids.uuid5(uuids.NAMESPACE_URL, "screener-pair:" + text).hex


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Bad(Exception):
    pass


def _text(obj: dict[str, Any], name: str, *, required: bool = False) -> str:
    value = obj.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Bad(f"'{name}' is not text")
    if required and not value.strip():
        raise _Bad(f"'{name}' is missing")
    return value


def _uuid(obj: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = obj.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 8 <= len(value) <= 64 or not value.isascii():
        raise _Bad(f"'{name}' is not a UUID")
    return value


_REFS: dict[tuple[object, ...], RecordRef] = {}  # one object per record named, not per line


def _ref(obj: dict[str, Any], name: str) -> RecordRef:
    value = obj.get(name)
    if isinstance(value, dict):
        known = _REFS.get((value.get("file"), value.get("key"), value.get("n", 1)))
        if known is not None:
            return known
    if not isinstance(value, dict):
        raise _Bad(f"'{name}' does not name a record (file and key)")
    file, key, n = value.get("file"), value.get("key"), value.get("n", 1)
    if not isinstance(file, str) or len(file) != 64 or not file.isascii():
        raise _Bad(f"'{name}' has no file sha256")
    if not isinstance(key, str) or not key:
        raise _Bad(f"'{name}' has no record key")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise _Bad(f"'{name}' has a bad 'n'")
    ref = RecordRef(sys.intern(file), key, n)
    if len(_REFS) > 1_000_000:
        _REFS.clear()
    _REFS[(file, key, n)] = ref
    return ref


def _decision(obj: dict[str, Any], file: str, line: int) -> SyncLine:
    stage = _text(obj, "stage", required=True)
    if stage not in STAGES:
        raise _Bad(f"unknown stage {stage!r}")
    verdict = _text(obj, "verdict")
    undoes = _uuid(obj, "undoes", required=False)
    if verdict not in VERDICTS and not (verdict == "" and undoes):
        raise _Bad(f"unknown verdict {verdict!r}")
    kind = _text(obj, "kind") or "decision"
    if kind not in KINDS:
        raise _Bad(f"unknown decision kind {kind!r}")
    # an order a later screener may name is no reason to refuse the line: it just says
    # nothing this copy can use
    order = RELEVANCE_ORDER if _text(obj, "order") == RELEVANCE_ORDER else ""
    # Names repeated on every line are held once (a sync may read a whole review's worth).
    intern = sys.intern
    return SyncLine(
        str(_uuid(obj, "uuid")),
        _ref(obj, "record"),
        intern(stage),
        intern(_text(obj, "reviewer", required=True)),
        intern(verdict),
        intern(_text(obj, "reason")),
        _text(obj, "note"),
        _text(obj, "time", required=True),
        intern(kind),
        intern(_text(obj, "criteria")),
        undoes,
        _uuid(obj, "after", required=False),
        file,
        line,
        order,
    )


def _pair(obj: dict[str, Any], file: str, line: int) -> PairLine:
    verdict = _text(obj, "verdict", required=True)
    if verdict not in PAIR_VERDICTS:
        raise _Bad(f"unknown pair verdict {verdict!r}")
    return PairLine(
        str(_uuid(obj, "uuid")),
        _ref(obj, "a"),
        _ref(obj, "b"),
        verdict,
        _text(obj, "reviewer", required=True),
        _text(obj, "reason"),
        _text(obj, "time", required=True),
        file,
        line,
    )


def _header(text: str) -> Header:
    try:
        obj = json.loads(text)
    except ValueError:
        raise _Bad("the first line is not a sync header (JSON)") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise _Bad(f"the first line does not name the format {FORMAT!r}")
    version = obj.get("version")
    if version != VERSION:
        raise _Bad(f"format version {version!r} is not one this screener reads ({VERSION})")
    review = obj.get("review")
    if not isinstance(review, str) or not review:
        raise _Bad("the header names no review id")
    return Header(review, VERSION)


# Lines git leaves in a file both sides appended to: two reviewers' copies of one file.
_MERGE_MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ", "||||||| ")


def parse_line(text: str, file: str, line: int) -> SyncLine | PairLine:
    """One line after the header; raises ValueError with the reason it is bad."""
    if text.startswith(_MERGE_MARKERS):
        raise ValueError(
            "a git merge conflict marker: keep the lines of both sides and drop the markers"
            " (a '*.jsonl merge=union' line in the folder's .gitattributes does it for you)"
        )
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    try:
        kind = obj.get("type")
        if kind == "decision":
            return _decision(obj, file, line)
        if kind == "pair":
            return _pair(obj, file, line)
        raise _Bad(f"unknown line type {kind!r}")
    except _Bad as bad:
        raise ValueError(str(bad)) from None


def read_sync_file(path: Path) -> SyncFile:
    """Every line of a sync file, all checked first; BadSyncFile names every bad one."""
    file = str(path)
    try:
        data = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadSyncFile([(file, 1, "not UTF-8 text")]) from None
    except OSError as error:
        raise ScreenerError(f"cannot read: {error.strerror}", file=file) from None
    lines = data.splitlines()
    problems: list[tuple[str, int, str]] = []
    if not lines:
        raise BadSyncFile([(file, 1, "empty: no sync header")])
    header = Header("")
    try:
        header = _header(lines[0])
    except _Bad as bad:
        problems.append((file, 1, str(bad)))
    decisions: list[SyncLine] = []
    pairs: list[PairLine] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        try:
            item = parse_line(text, file, number)
        except ValueError as error:
            problems.append((file, number, str(error)))
            continue
        if item.uuid in seen:
            given = f"UUID {item.uuid} given before, on line {seen[item.uuid]}"
            problems.append((file, number, given))
            continue
        seen[item.uuid] = number
        (decisions if isinstance(item, SyncLine) else pairs).append(item)  # type: ignore[arg-type]
    if problems:
        raise BadSyncFile(problems)
    return SyncFile(path, header, decisions, pairs)
