"""The audit trail as text: one line per change (time, who, what, a one-line summary), the
links a command made or undid folded into one line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from screener.report.audit import AuditEvent
from screener.screening.ui.printable import printable

# Events that come many to a command: consecutive ones of one second and one person read
# as one line.
_FOLDED = {"link": "linked {n} as duplicates", "unlink": "undid {links}"}
_NOTE_SHOWN = 60  # characters of a note or query in a summary line


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _cut(text: str, length: int = _NOTE_SHOWN) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _init(d: Mapping[str, Any]) -> str:
    return f"new review {d.get('title', '')!r} from template {d.get('template', '')}"


def _import(d: Mapping[str, Any]) -> str:
    where = d["database"] or d["format"]
    method = "" if d["method"] == "database" else f", {d['method']}"
    return (
        f"{d['file']}: {_count(d['records'], 'record')} ({where}{method})"
        f"{_skipped(d)} as source {d['source']}"
    )


def _skipped(d: Mapping[str, Any]) -> str:
    return f", {d['skipped']:,} skipped" if d.get("skipped") else ""


def _dedupe(d: Mapping[str, Any]) -> str:
    notices = len(d["notice_links"])
    return (
        f"run {d['run']} over {_count(d['records'], 'record')}: {d['merged']:,} merged,"
        f" {_count(d['possible'], 'uncertain pair')} queued"
        + (f", {_count(notices, 'notice link')}" if notices else "")
    )


def _merge(d: Mapping[str, Any]) -> str:
    why = f" ({_cut(d['reason'])})" if d["reason"] else ""
    a, b = d["records"]
    return f"records {a} and {b}: group of {d['moved']} joined {d['into']}{why}"


def _criteria(d: Mapping[str, Any]) -> str:
    counts = d["outcomes"]
    return (
        f"run {d['run']} (criteria {d['criteria_sha256'][:12]}):"
        f" {counts.get('exclude', 0):,} excluded, {counts.get('flag', 0):,} flagged,"
        f" {counts.get('pass', 0):,} passed"
    )


def _pilot(d: Mapping[str, Any]) -> str:
    drawn = _count(d["size"], "record")
    return f"round {d['round']}: {drawn} from {d['from_status']} (seed {d['seed']})"


def _decision(d: Mapping[str, Any]) -> str:
    said = d["verdict"] or "no verdict"
    if d["reason"]:
        said += f" ({d['reason']})"
    note = f"; note: {_cut(d['note'])}" if d["note"] else ""
    return f"record {d['record']} at {d['stage']}: {said}{note}"


def _undo(d: Mapping[str, Any]) -> str:
    back = d["verdict"] or "no verdict"
    what = "resolution" if d["kind"] == "resolution" else "decision"
    return f"record {d['record']} at {d['stage']}: {what} taken back (now {back})"


def _unmerge(d: Mapping[str, Any]) -> str:
    freed = ", ".join(str(r) for r in d.get("freed", []))
    return f"record {d.get('record')}: set apart {freed} from group {d.get('group')}"


def _sync(d: Mapping[str, Any]) -> str:
    files = d.get("files") or []
    return (
        f"{_count(len(files), 'file')} read: {d.get('added', 0):,} decisions added,"
        f" {d.get('pairs', 0):,} pair verdicts, {d.get('known', 0):,} known,"
        f" {d.get('kept_aside', 0):,} kept aside"
    )


def _note(d: Mapping[str, Any]) -> str:
    return f"record {d.get('record')} at {d.get('stage')}: {_cut(d.get('note', ''))}"


def _pair_review(d: Mapping[str, Any]) -> str:
    return f"{d.get('duplicate', 0):,} pairs merged, {d.get('distinct', 0):,} kept apart"


def _decide_file(d: Mapping[str, Any]) -> str:
    return f"{_count(d.get('decisions', 0), 'decision')} from {d.get('file', '')}"


def _logged(d: Mapping[str, Any]) -> str:
    return _cut(", ".join(f"{k}={v}" for k, v in d.items()), 100)


_SUMMARIES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "init": _init,
    "import": _import,
    "dedupe": _dedupe,
    "merge": _merge,
    "criteria": _criteria,
    "pilot": _pilot,
    "decision": _decision,
    "resolution": _decision,
    "undo": _undo,
    "unmerge": _unmerge,
    "sync": _sync,
    "note": _note,
    "pair-review": _pair_review,
    "decide-file": _decide_file,
}


def summary(event: AuditEvent) -> str:
    """One line saying what the event changed."""
    if event.details.get("hidden"):
        d = event.details
        return f"record {d['record']} at {d['stage']}: hidden until every verdict is in"
    return _SUMMARIES.get(event.event, _logged)(event.details)


def shown_time(time: str) -> str:
    """'2026-05-01 10:00:03' for '2026-05-01T10:00:03+00:00' (the audit's times are UTC)."""
    return time.replace("T", " ").removesuffix("+00:00")


def text_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The text view, one line per change: links folded per command (one second, one
    person), every other event on its own line."""
    run: list[AuditEvent] = []
    for event in events:
        if run and not _same_fold(run[0], event):
            yield _folded(run)
            run = []
        if event.event in _FOLDED:
            run.append(event)
        else:
            yield _line(event.time, event.actor, event.event, summary(event))
    if run:
        yield _folded(run)


def _same_fold(first: AuditEvent, event: AuditEvent) -> bool:
    return (event.time, event.actor, event.event) == (first.time, first.actor, first.event)


def _folded(run: list[AuditEvent]) -> str:
    first = run[0]
    what = _FOLDED[first.event].format(n=_count(len(run), "record"), links=_count(len(run), "link"))
    records = ", ".join(str(e.details["record"]) for e in run[:5])
    more = ", ..." if len(run) > 5 else ""
    return _line(first.time, first.actor, first.event, f"{what}: records {records}{more}")


def _line(time: str, actor: str, event: str, text: str) -> str:
    # Names, notes and paths come from people and files: shown, never obeyed.
    return printable(f"{shown_time(time)}  {actor}  {event}  {text}")
