"""The audit trail as events, and its replay.

An event is one change to a review: `time` (ISO 8601, UTC), `actor` (who), `event` (what:
one of EVENTS) and `details`. `screener audit --json` writes one event per line with
exactly these four keys. A bulk change keeps its size where a reader expects one line: a
criteria run is one event naming every record it excluded; a dedupe run is one event with
its counts and notice links, and each duplicate link it made is an event of its own
("link"), as each undone link is ("unlink"), so that nothing already written changes when a
later command undoes a link. The text view folds those into one line per command.

`replay` rebuilds every record's status from the events alone, with the same pure
functions the review uses (screening/status.py): what the audit says happened is what the
review holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any

from screener.model import Decision
from screener.screening.status import PREVIOUS_METHOD

# Every kind of event, in the order they happen within one command, and most often within
# one second (the tie-break between rows of one time: stamps are to the second).
EVENTS = (
    "init",  # a new review (from the command log)
    "import",  # one file: a source and its records
    "dedupe",  # a dedupe run: counts, the notice links it made
    "merge",  # a person's merge (by hand, in the pair review, or synced)
    "link",  # a record linked as a duplicate of a canonical record
    "unlink",  # such a link undone (unmerge, a group moved or beheaded)
    "unmerge",  # a person's unmerge (from the command log)
    "pair-review",  # a session of the pair review: pairs merged and kept apart (log)
    "criteria",  # a criteria run: the criteria file's sha256 and what each rule excluded
    "pilot",  # a pilot round drawn
    "decision",  # a reviewer's verdict
    "resolution",  # an adjudicator's verdict on a conflict
    "undo",  # a decision or resolution taken back
    "decide-file",  # decisions read from a CSV file (log; each is a "decision" too)
    "note",  # a note that met no verdict, kept (log)
    "sync",  # decisions and a person's pair verdicts read from sync files (log)
)
_PLACES = {event: place for place, event in enumerate(EVENTS)}
# Commands of the log whose detail lives in a table of its own, read from there instead.
FROM_TABLES = ("import", "dedupe", "merge", "criteria apply", "pilot-create", "resolve")
# The log's command names as events; any other command keeps its own name.
LOGGED_AS = {"screen-note": "note", "duplicates review": "pair-review", "decide": "decide-file"}


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One change, in the audit's stable form. `order` breaks ties between events of the
    same second (the kind's place, then the row's id) and is not part of the output."""

    time: str
    actor: str
    event: str
    details: dict[str, Any]
    order: tuple[int, int] = field(default=(len(EVENTS), 0), compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "actor": self.actor,
            "event": self.event,
            "details": self.details,
        }

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.time, *self.order)


# Events that carry a reviewer's verdict, reason or note on a record at a stage.
_SEALABLE = ("decision", "undo", "note")
_SEALED_FIELDS = ("verdict", "reason", "note")


def blinded(
    events: Iterable[AuditEvent], sealed: Container[tuple[int, str]], viewer: str
) -> Iterator[AuditEvent]:
    """The events as `viewer` may see them when screening blind: another reviewer's
    verdict, reason and note on a record at a stage in `sealed` (still awaiting a verdict
    there) withheld, marked `"hidden": true`, until every verdict asked for is in (see
    screening/blind.py, the rule every view follows)."""
    for event in events:
        details = event.details
        if (
            event.event in _SEALABLE
            and event.actor != viewer
            and (details.get("record"), details.get("stage")) in sealed
        ):
            withheld = {name: "" for name in _SEALED_FIELDS if name in details}
            event = replace(event, details={**details, **withheld, "hidden": True})
        yield event


def json_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """`screener audit --json`: one JSON object per event, keys in a fixed order."""
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    for event in events:
        yield encode(event.as_json())


def order_of(event: str, row_id: int) -> tuple[int, int]:
    """The tie-break of an event of kind `event` (a logged command: after the tables')."""
    return (_PLACES.get(event, len(EVENTS)), row_id)


def since_bound(text: str) -> str:
    """The lower time bound for `--since`: a date (YYYY-MM-DD, from its start in UTC) or an
    ISO time (without a zone taken as UTC); ValueError for anything else."""
    text = text.strip()
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _utc(text)
    except ValueError:
        raise ValueError(f"not a date or time: {text!r} (YYYY-MM-DD or ISO 8601)") from None


def _utc(text: str) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def id_runs(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as runs [first, last] of consecutive ids."""
    runs: list[list[int]] = []
    for record_id in sorted(ids):
        if runs and record_id == runs[-1][1] + 1:
            runs[-1][1] = record_id
        else:
            runs.append([record_id, record_id])
    return runs


def ids_of(runs: Iterable[Iterable[int]]) -> Iterator[int]:
    for first, last in runs:
        yield from range(first, last + 1)


# -- replay ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Replayed:
    """What the events have said so far about what decides a record's status."""

    records: list[int] = field(default_factory=list)
    links: dict[int, tuple[int, int]] = field(default_factory=dict)  # link -> (record, into)
    undone: set[int] = field(default_factory=set)
    criteria_run: int = 0
    excluded: dict[int, str] = field(default_factory=dict)  # record -> rule, newest run
    previous: set[int] = field(default_factory=set)  # imported from the previous version
    # (record, stage, reviewer, kind) -> the newest row (its id first)
    decisions: dict[tuple[int, str, str, str], tuple[int, Decision]] = field(default_factory=dict)


def _imported(state: _Replayed, details: Mapping[str, Any]) -> None:
    """An import adds its records; those of the previous version of the review are its
    included studies (`status.record_statuses`)."""
    ids = list(ids_of(details["ids"]))
    state.records.extend(ids)
    if details.get("method") == PREVIOUS_METHOD:
        state.previous.update(ids)


def _linked(state: _Replayed, details: Mapping[str, Any]) -> None:
    """A link makes a record a duplicate of its canonical record."""
    state.links[details["link"]] = (details["record"], details["canonical"])


def _unlinked(state: _Replayed, details: Mapping[str, Any]) -> None:
    """An undone link no longer counts."""
    state.undone.add(details["link"])


def _criteria_ran(state: _Replayed, details: Mapping[str, Any]) -> None:
    """The newest criteria run (by its number) is the one in force."""
    if details["run"] < state.criteria_run:
        return
    state.criteria_run = details["run"]
    state.excluded = {
        record_id: rule for rule, ids in details["excluded"].items() for record_id in ids
    }


def _decided(state: _Replayed, details: Mapping[str, Any], actor: str) -> None:
    """A decision row, undo rows included: the newest row (by its number in the store,
    not its time: a synced row keeps the time it was made elsewhere) per record, stage,
    reviewer and kind stands."""
    key = (details["record"], details["stage"], actor, details["kind"])
    row_id = details["id"]
    held = state.decisions.get(key)
    if held is None or held[0] < row_id:
        decision = Decision(
            details["record"], details["stage"], actor, details["verdict"], kind=details["kind"]
        )
        state.decisions[key] = (row_id, decision)


_REPLAYED: dict[str, Callable[[_Replayed, Mapping[str, Any]], None]] = {
    "import": _imported,
    "link": _linked,
    "unlink": _unlinked,
    "criteria": _criteria_ran,
}
_DECISION_EVENTS = ("decision", "resolution", "undo")


def replay(events: Iterable[Mapping[str, Any]], reviewers_per_record: int = 1) -> dict[int, str]:
    """Every record's status as the events (`AuditEvent.as_json()` dicts, or lines of
    `screener audit --json` read back) make it, under the review's policy."""
    from screener.screening.status import record_statuses, stage_outcomes

    state = _Replayed()
    for event in events:
        kind = event["event"]
        if kind in _DECISION_EVENTS:
            _decided(state, event["details"], event["actor"])
        elif kind in _REPLAYED:
            _REPLAYED[kind](state, event["details"])
    duplicate_of = {
        record: into for link, (record, into) in state.links.items() if link not in state.undone
    }
    criteria = {record_id: ("exclude", rule, "") for record_id, rule in state.excluded.items()}
    standing = sorted(state.decisions.values(), key=lambda held: held[0])
    current = [decision for _, decision in standing if decision.verdict]
    outcomes = stage_outcomes(current, reviewers_per_record)
    return record_statuses(state.records, duplicate_of, criteria, outcomes, state.previous)
