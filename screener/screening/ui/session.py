"""A screening session, independent of any user interface.

The Textual app and the plain line mode both drive a `ScreeningSession`: it holds the queue,
the current record, the counts and the pace, and commits each decision through
`Review.decide` before it moves on, so a crash loses at most the key being pressed.

The queue and the counts are computed once when the session starts and then kept up to
date one decision at a time: deriving every record's status again per key press would be
far too slow on a review of tens of thousands of records.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError, did_you_mean
from screener.model import Decision, Record, Stage, Verdict
from screener.screening.decisions import check_stage
from screener.screening.queue import ORDERS, order_queue
from screener.screening.ui.criteria_view import CriteriaView
from screener.screening.ui.fulltext import REPORT_PREFIX, ReportFolder, report_locations

if TYPE_CHECKING:
    # The CLI hands the session an open review; screening never imports review/ at run time.
    from screener.review import Review

# Pauses longer than this between two decisions count as a break, not as screening time,
# so that a lunch break does not inflate the estimate of the time left.
_LONGEST_COUNTED_PAUSE = 180.0
_DECISIONS_BEFORE_ESTIMATE = 3


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the reviewer stands at this stage."""

    done: int
    total: int
    counts: dict[str, int]
    session_decisions: int
    seconds_left: float | None

    @property
    def remaining(self) -> int:
        return self.total - self.done


def format_duration(seconds: float | None) -> str:
    """A calm, rounded duration: "about 3 h 20 min", "about 12 min", "under a minute"."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60:02d} min"


class ScreeningSession:
    """One reviewer screening one stage of a review.

    Notes: `add_note` keeps a note with the current record until a verdict is given on it;
    the verdict's decision then carries the note (several notes are joined with "; ").
    A note on a record that gets no verdict in this session is not lost: `close` writes it
    to the review's audit log as a "screen-note" entry.
    """

    def __init__(
        self,
        review: Review,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        order: str = "imported",
        seed: int | None = None,
        pdf_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if order not in ORDERS:
            raise UsageError(f"unknown order {order!r}{did_you_mean(order, ORDERS)}")
        check_stage(stage)
        self.review = review
        self.stage = stage
        self.reviewer = reviewer or review.actor
        self.reasons = review.reasons()
        self.criteria = CriteriaView.load(review.criteria_path, review.criteria_outcomes())
        self.reports = ReportFolder(pdf_dir)
        self._clock = clock
        standing = review.decisions(stage, self.reviewer)
        self._verdicts: dict[int, str] = {d.record_id: d.verdict for d in standing}
        self._counts: Counter[str] = Counter(self._verdicts.values())
        waiting = review.queue(stage=stage, reviewer=self.reviewer, order="imported")
        self._pending: deque[int] = deque(self._ordered(waiting, order, seed))
        # every record this reviewer has, or had, at this stage
        self._universe: set[int] = set(self._verdicts) | set(self._pending)
        self._notes: dict[int, list[str]] = {}
        self._record: Record | None = None
        self._session_decisions = 0
        self._screening_seconds = 0.0
        self._last_action = clock()

    def _ordered(self, waiting: list[int], order: str, seed: int | None) -> list[int]:
        if order != "relevance" or not self.criteria.highlights:
            return order_queue(waiting, order, seed=seed)
        wanted = set(waiting)
        scores = {
            record.id: self.criteria.score(record)
            for record in self.review.records()
            if record.id in wanted
        }
        # sorted() is stable, so records with equal scores keep their import order
        return order_queue(waiting, "relevance", score=lambda rid: scores.get(rid, 0))

    # -- what is on screen ----------------------------------------------------------------

    @property
    def is_full_text(self) -> bool:
        return self.stage == Stage.FULL_TEXT.value

    @property
    def current_id(self) -> int | None:
        return self._pending[0] if self._pending else None

    def current(self) -> Record | None:
        """The record to screen now, or None when nothing is left at this stage."""
        record_id = self.current_id
        if record_id is None:
            return None
        if self._record is None or self._record.id != record_id:
            self._record = self.review.record(record_id)
        return self._record

    def current_verdict(self) -> str:
        """The reviewer's standing verdict on the current record ("" when undecided)."""
        return self._verdicts.get(self.current_id or 0, "")

    def notes(self) -> list[str]:
        """Notes waiting for a verdict on the current record."""
        return list(self._notes.get(self.current_id or 0, []))

    def report_locations(self) -> list[str]:
        """For full-text screening: where the current record's report may be."""
        record = self.current()
        if record is None:
            return []
        attached = [n[len(REPORT_PREFIX) :] for n in self.notes() if n.startswith(REPORT_PREFIX)]
        return list(dict.fromkeys([*attached, *report_locations(record, self.reports)]))

    def progress(self) -> Progress:
        """Counts at this stage and an estimate of the time left from the pace so far."""
        done = len(self._verdicts)
        left = None
        if self._session_decisions >= _DECISIONS_BEFORE_ESTIMATE:
            pace = self._screening_seconds / self._session_decisions
            left = pace * max(len(self._universe) - done, 0)
        return Progress(
            done, len(self._universe), dict(+self._counts), self._session_decisions, left
        )

    # -- actions --------------------------------------------------------------------------

    def decide(self, verdict: str, reason: str = "") -> Decision:
        """Commit a verdict on the current record, then move on to the next record."""
        record_id = self.current_id
        if record_id is None:
            raise ScreenerError("nothing left to screen at this stage")
        if verdict == Verdict.NOT_RETRIEVED.value and not self.is_full_text:
            raise ScreenerError("not-retrieved is a verdict of the full-text stage")
        if reason and verdict != Verdict.EXCLUDE.value:
            raise ScreenerError("only an exclusion takes a reason")
        note = "; ".join(self._notes.get(record_id, []))
        decision = self.review.decide(
            record_id,
            verdict,
            stage=self.stage,
            reviewer=self.reviewer,
            reason=reason,
            note=note,
        )
        # Only now, with the decision committed, does the session move on.
        self._notes.pop(record_id, None)
        self._set_verdict(record_id, verdict)
        self._pending.popleft()
        self._tick()
        return decision

    def skip(self) -> None:
        """Put the current record at the end of the queue, undecided."""
        if len(self._pending) > 1:
            self._pending.rotate(-1)

    def add_note(self, text: str) -> None:
        """Keep a note for the next verdict on the current record."""
        text = " ".join(text.split())
        if not text:
            return
        if self.current_id is None:
            raise ScreenerError("there is no record to attach a note to")
        self._notes.setdefault(self.current_id, []).append(text)

    def attach_report(self, location: str) -> str:
        """Note where the current record's report is; it is saved with the next verdict."""
        location = location.strip()
        if not location:
            raise ScreenerError("no path given")
        if "://" not in location:
            path = Path(location).expanduser()
            if not path.exists():
                raise ScreenerError(f"no such file: {location}")
            location = str(path.resolve())
        self.add_note(REPORT_PREFIX + location)
        return location

    def undo(self) -> int | None:
        """Cancel the reviewer's newest standing decision at this stage and go back to it.

        Returns the record id, or None when there is nothing to undo. Works any number of
        times, also on decisions from earlier sessions.
        """
        record_id = self.review.undo(stage=self.stage, reviewer=self.reviewer)
        if record_id is None:
            return None
        history = [
            d
            for d in self.review.decision_history(record_id)
            if d.stage == self.stage and d.reviewer == self.reviewer
        ]
        self._set_verdict(record_id, history[-1].verdict if history else "")
        self._bring_forward(record_id)
        return record_id

    def jump(self, query: str) -> int:
        """Make a record current: by id, by key, or by text in its title.

        A record found in the queue moves to its front; a record already decided at this
        stage comes back so the reviewer can change their mind.
        """
        query = query.strip()
        if not query:
            raise ScreenerError("type a record id, a key or words from a title")
        if query.isdigit() and int(query) in self._universe:
            record_id = int(query)
        else:
            record_id = self._search(query)
        self._bring_forward(record_id)
        return record_id

    def close(self) -> int:
        """End the session; notes that never met a verdict go to the audit log. Their count."""
        leftover = {rid: "; ".join(notes) for rid, notes in self._notes.items() if notes}
        if leftover:
            self.review.keep_notes(self.reviewer, self.stage, leftover)
        self._notes.clear()
        return len(leftover)

    # -- bookkeeping ----------------------------------------------------------------------

    def _set_verdict(self, record_id: int, verdict: str) -> None:
        old = self._verdicts.pop(record_id, "")
        if old:
            self._counts[old] -= 1
        if verdict:
            self._verdicts[record_id] = verdict
            self._counts[verdict] += 1
        self._universe.add(record_id)

    def _tick(self) -> None:
        now = self._clock()
        self._screening_seconds += min(now - self._last_action, _LONGEST_COUNTED_PAUSE)
        self._last_action = now
        self._session_decisions += 1

    def _bring_forward(self, record_id: int) -> None:
        if self._pending and self._pending[0] == record_id:
            return
        with contextlib.suppress(ValueError):
            self._pending.remove(record_id)
        self._pending.appendleft(record_id)

    def _search(self, query: str) -> int:
        wanted = query.casefold()
        by_title = None
        for record in self.review.records():
            if record.id not in self._universe:
                continue
            if record.key == query:
                return record.id
            if by_title is None and wanted in record.title.casefold():
                by_title = record.id
        if by_title is None:
            raise ScreenerError(f"no record at this stage matches {query!r}")
        return by_title
