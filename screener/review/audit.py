"""The audit trail of a review: every change to the store, in time order, read from the
append-only tables that hold it (see store/audit.py) and the command log; nothing is
stored twice."""

from __future__ import annotations

import heapq
import json
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from screener.report.audit import FROM_TABLES, LOGGED_AS, AuditEvent, blinded, order_of

if TYPE_CHECKING:
    from screener.model import Source
    from screener.store import Store


class AuditMethods:
    """Mixed into `Review`."""

    _store: Store
    root: Path

    actor: str

    if TYPE_CHECKING:

        def sources(self) -> list[Source]: ...
        def required(self, stage: str) -> int: ...
        @property
        def is_blind(self) -> bool: ...

    def audit_events(
        self, since: str = "", *, viewer: str | None = None
    ) -> Generator[AuditEvent, None, None]:
        """Every change from `since` (an ISO time in UTC, or a date; see
        `report.audit.since_bound`) on, oldest first, as `viewer` (default: the review's
        actor) may see it when screening blind: streamed, each table read once, all as of
        one moment."""
        store = self._store
        with store.one_reading():
            sealed = self._sealed()
            events = heapq.merge(
                _imports(store, since),
                _dedupe_runs(store, since),
                _merges(store, since),
                _links_made(store, since),
                _links_undone(store, since),
                _criteria_runs(store, since),
                _pilot_rounds(store, since),
                _decisions(store, since),
                _logged(store, since, but=FROM_TABLES),
                key=lambda event: event.sort_key,
            )
            yield from blinded(events, sealed, viewer or self.actor) if sealed else events

    def _sealed(self) -> set[tuple[int, str]]:
        """(record, stage) pairs whose verdicts stay hidden from other reviewers: those
        still awaiting a verdict, screening blind (and at the pilot, always blind)."""
        from screener.model import SCREENING_STAGES, Stage
        from screener.screening.status import Screening, tally

        stages = (*SCREENING_STAGES, Stage.PILOT.value)
        tallies = tally(self._store.current_verdicts(), {s: self.required(s) for s in stages})
        blind = {*SCREENING_STAGES, Stage.PILOT.value} if self.is_blind else {Stage.PILOT.value}
        return {
            key
            for key, (state, _) in tallies.items()
            if state is Screening.AWAITING and key[1] in blind
        }

    def write_audit(self, output: Path | str, *, since: str = "", as_json: bool = False) -> int:
        """Write the audit to `output` (atomically; "-" is stdout): JSON lines, or the
        text view. Returns the number of events written. The review's own files and its
        imported sources are refused before anything is written."""
        from screener.formats.output import OutputSet
        from screener.report.audit import json_lines
        from screener.report.audit_text import text_lines
        from screener.review.export import protected_files

        refuse = protected_files(self.root, self.sources())
        with OutputSet(refuse=refuse) as files, closing(self.audit_events(since)) as events:
            files.check([output])
            counted = _Counted(events)
            with files.open(output) as stream:
                lines = json_lines(counted) if as_json else text_lines(counted)
                stream.writelines(line + "\n" for line in lines)
        return counted.count


class _Counted:
    """The events passing through, counted."""

    def __init__(self, events: Iterator[AuditEvent]) -> None:
        self._events = events
        self.count = 0

    def __iter__(self) -> Iterator[AuditEvent]:
        for event in self._events:
            self.count += 1
            yield event


def _logged(store: Store, since: str, *, but: tuple[str, ...]) -> Iterator[AuditEvent]:
    """Commands with no table of their own, as the log has them, in (time, kind) order like
    the other streams: the rows of one second sorted (a few at most)."""
    second: list[AuditEvent] = []
    for row_id, time, actor, command, details in store.command_log(since, but=but):
        event = LOGGED_AS.get(command, command)
        if second and second[0].time != time:
            yield from sorted(second, key=lambda e: e.sort_key)
            second = []
        second.append(AuditEvent(time, actor, event, json.loads(details), order_of(event, row_id)))
    yield from sorted(second, key=lambda e: e.sort_key)


def _imports(store: Store, since: str) -> Iterator[AuditEvent]:
    importers = store.importers()
    for row in store.source_rows(since):
        (source, path, sha256, format_name, database, method, searched_on, query, time,
         records, skipped, warnings) = row  # fmt: skip
        details = {
            "source": source, "file": path, "sha256": sha256, "format": format_name,
            "database": database, "method": method, "searched_on": searched_on,
            "query": query, "records": records, "skipped": skipped, "warnings": warnings,
            "ids": store.record_id_runs(source),
        }  # fmt: skip
        yield AuditEvent(
            time, importers.get(source, ""), "import", details, order_of("import", source)
        )


def _dedupe_runs(store: Store, since: str) -> Iterator[AuditEvent]:
    for run, time, actor, records, merged, possible in store.dedupe_run_rows(since):
        notices = [
            {"notice": notice, "article": article, "kind": kind}
            for notice, article, kind in store.notice_links_of_run(run)
        ]
        details = {
            "run": run, "records": records, "merged": merged, "possible": possible,
            "notice_links": notices,
        }  # fmt: skip
        yield AuditEvent(time, actor, "dedupe", details, order_of("dedupe", run))


def _merges(store: Store, since: str) -> Iterator[AuditEvent]:
    for merge, a, b, moved, into, reason, time, actor in store.merge_rows(since):
        details = {"merge": merge, "records": [a, b], "moved": moved, "into": into,
                   "reason": reason}  # fmt: skip
        yield AuditEvent(time, actor, "merge", details, order_of("merge", merge))


def _links_made(store: Store, since: str) -> Iterator[AuditEvent]:
    for link, record, into, how, run, merge, score, time, actor in store.links_made(since):
        details = {"link": link, "record": record, "canonical": into, "how": how,
                   "run": run, "merge": merge, "score": score}  # fmt: skip
        yield AuditEvent(time, actor, "link", details, order_of("link", link))


def _links_undone(store: Store, since: str) -> Iterator[AuditEvent]:
    for link, record, into, time, actor in store.links_undone(since):
        details = {"link": link, "record": record, "canonical": into}
        yield AuditEvent(time, actor, "unlink", details, order_of("unlink", link))


def _criteria_runs(store: Store, since: str) -> Iterator[AuditEvent]:
    for run, time, actor, sha256 in store.criteria_run_rows(since):
        outcomes, excluded, flagged = store.criteria_run_outcomes(run)
        details = {"run": run, "criteria_sha256": sha256, "outcomes": outcomes,
                   "excluded": excluded, "flagged": flagged}  # fmt: skip
        yield AuditEvent(time, actor, "criteria", details, order_of("criteria", run))


def _pilot_rounds(store: Store, since: str) -> Iterator[AuditEvent]:
    for row in store.pilot_round_rows(since):
        round_id, number, size, seed, from_status, by_database, sha256, time, actor = row
        details = {
            "round": number, "size": size, "seed": seed, "from_status": from_status,
            "by_database": bool(by_database), "criteria_sha256": sha256,
            "records": store.pilot_round_records(round_id),
        }  # fmt: skip
        yield AuditEvent(time, actor, "pilot", details, order_of("pilot", round_id))


def _decisions(store: Store, since: str) -> Iterator[AuditEvent]:
    for row in store.decision_events(since):
        (row_id, record, stage, reviewer, verdict, reason, note, time, kind, uuid,
         criteria, undoes) = row  # fmt: skip
        event = "undo" if undoes is not None else kind
        details = {
            "id": row_id, "record": record, "stage": stage, "verdict": verdict,
            "reason": reason, "note": note, "kind": kind, "undoes": undoes, "uuid": uuid,
            "criteria_sha256": criteria,
        }  # fmt: skip
        yield AuditEvent(time, reviewer, event, details, order_of(event, row_id))
