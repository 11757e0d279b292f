"""A screening session, independent of any user interface.

The Textual app and the plain line mode both drive a `ScreeningSession`: it holds the queue,
the current record, the counts and the pace, and commits each decision through
`Review.decide` before it moves on, so a crash loses at most the key being pressed.

The queue and the counts are computed once when the session starts and then kept up to
date one decision at a time: deriving every record's status again per key press would be
far too slow on a review of tens of thousands of records.

Several sessions may screen one review at once (two windows of one reviewer, two reviewers
on one shared folder): each session claims the record it shows, as described on
`ScreeningSession`.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError, did_you_mean
from screener.model import Decision, Record, Stage, Verdict
from screener.screening.claims import LEASE_SECONDS, Claim, DecidedElsewhere, RecordBusy
from screener.screening.decisions import check_stage
from screener.screening.queue import ORDERS
from screener.screening.ui.criteria_view import CriteriaView
from screener.screening.ui.fulltext import REPORT_PREFIX, ReportFolder, report_locations
from screener.screening.ui.pace import Pace, Progress
from screener.screening.ui.ranked import QueueAsked, SessionRanking, queue_order

if TYPE_CHECKING:
    # The CLI hands the session an open review; screening never imports review/ at run time.
    from screener.review import Review
    from screener.screening.relevance import RelevanceScores, TrainingJob

# A lease is written again at most this often while the reviewer works on one record, so
# that key presses that decide nothing do not each cost a write.
_RENEW_AFTER = 30.0
# With every queued record open in other sessions, how long to wait before asking again.
_RETRY_AFTER = 2.0


class ScreeningSession:
    """One reviewer screening one stage of a review.

    Notes: `add_note` keeps a note with the current record until a verdict is given on it;
    the verdict's decision then carries the note (several notes are joined with "; ").
    A note on a record that gets no verdict in this session is not lost: `close` writes it
    to the review's audit log as a "screen-note" entry.

    Claims: the session shows only a record it has claimed, a lease in the review's store
    under the session's own id (`session_id`). The next record is the first queued one that
    no other live session of the reviewer shows and, at a stage settled by one reviewer per
    record, that no other reviewer shows; a queued record found decided elsewhere meanwhile
    leaves the queue. Jumping to a record, or undoing back to it, claims it too (refused
    with `RecordBusy` while another session shows it). A lease lasts `lease_seconds` and is
    renewed as the reviewer works, at most every 30 seconds; it lapses after that long
    without a key press, or when the session crashed, and the record is free again.
    `close` ends it at once.

    Two verdicts from one race: should a verdict be given elsewhere on the record while
    this session shows it (its lease lapsed, or `screener decide` was run), a verdict here
    that would silently replace it is refused: `decide` raises `DecidedElsewhere` naming
    that verdict, and saves nothing. The record stays on screen with that verdict now
    standing; giving a verdict again replaces it knowingly, `skip` moves on. The verdicts
    it checks are the reviewer's own and, with one reviewer per record at the title-abstract
    and full-text stages, anyone's; a verdict that agrees replaces nothing and is saved.
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
        wall_clock: Callable[[], float] = time.time,
        lease_seconds: float = LEASE_SECONDS,
        progress: Callable[[str], None] | None = None,
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
        self._verdicts: dict[int, str] = self._standing_verdicts()
        self._counts: Counter[str] = Counter(self._verdicts.values())
        waiting = self._waiting()
        # the relevance model behind the queue (order "relevance"), see screening/ui/ranked.py
        self.ranking: SessionRanking | None = None
        self._progress_note = progress
        self._clock = clock
        self._pending: deque[int] = deque(self._ordered(waiting, order, seed))
        # every record this reviewer has, or had, at this stage
        self._universe: set[int] = set(self._verdicts) | set(self._pending)
        self._notes: dict[int, list[str]] = {}
        self._record: Record | None = None
        self._pace = Pace(clock)
        # the lease runs on the wall clock, which other processes share; the pace does not
        self._wall_clock = wall_clock
        self._lease_seconds = lease_seconds
        self.session_id = uuid.uuid4().hex
        self._claim: Claim | None = None
        self._next_try = 0.0  # with nothing free: when to ask for a record again
        self._renew_at = 0.0  # when the lease on the record on screen is next renewed
        self._claim_front()

    # -- what a kind of session screens and how it saves: a conflicts session overrides them

    def _standing_verdicts(self) -> dict[int, str]:
        """The reviewer's standing verdicts at the stage, by record id."""
        standing = self.review.decisions(self.stage, self.reviewer)
        return {d.record_id: d.verdict for d in standing if d.kind == "decision"}

    def _waiting(self) -> list[int]:
        """The records the session offers, in import order."""
        return self.review.queue(stage=self.stage, reviewer=self.reviewer, order="imported")

    @property
    def lease_stage(self) -> str:
        """The stage the session's leases are taken at."""
        return self.stage

    @property
    def mode_label(self) -> str:
        """What the session screens, for the header: the stage."""
        return self.stage

    def shown_verdicts(self) -> tuple[Decision, ...]:
        """Other reviewers' verdicts the session shows with the current record: none while
        screening (screening is blind)."""
        return ()

    def _save(self, record_id: int, verdict: str, reason: str, note: str) -> Decision:
        """Commit a verdict on the record on screen (ending its lease)."""
        return self.review.decide(
            record_id,
            verdict,
            stage=self.stage,
            reviewer=self.reviewer,
            reason=reason,
            note=note,
            claim=self._claim,
        )

    def _undo_last(self) -> tuple[int, str] | None:
        """Cancel the reviewer's newest standing verdict: (record id, verdict now)."""
        record_id = self.review.undo(stage=self.stage, reviewer=self.reviewer)
        if record_id is None:
            return None
        history = [
            d
            for d in self.review.decision_history(record_id)
            if d.stage == self.stage and d.reviewer == self.reviewer and d.kind == "decision"
        ]
        return record_id, history[-1].verdict if history else ""

    def _standing_on(self, claim: Claim) -> str:
        """The reviewer's verdict standing on the claimed record ("" when none)."""
        mine = [
            d.verdict for d in claim.seen if d.reviewer == self.reviewer and d.kind == "decision"
        ]
        return mine[0] if mine else ""

    def _ordered(self, waiting: list[int], order: str, seed: int | None) -> list[int]:
        ordered, self.ranking = queue_order(
            self.review,
            self.criteria,
            QueueAsked(self.stage, self.reviewer, order, seed),
            waiting,
            clock=self._clock,
            progress=self._progress_note,
        )
        return ordered

    def apply_scores(self, scores: RelevanceScores | None) -> None:
        """Put the queue in the order of a newly trained model; the record on screen stays."""
        if self.ranking is None:
            return
        front = self._claim.record_id if self._claim is not None else None
        self._pending = self.ranking.reorder(self._pending, front, scores)

    def training_job(self) -> TrainingJob | None:
        """What a training needs now, when the decisions since the last call for one."""
        if self.ranking is None or not self.ranking.model.due():
            return None
        self._note_order()
        return self.ranking.job(self._pending)

    def _note_order(self) -> None:
        """Keep which records this session decided in the relevance order (for `status`
        and for sync): at each training and at the end, so that `status` run meanwhile,
        or a session that crashed, loses at most the last few."""
        if self.ranking is not None and self.ranking.decided_in_order:
            decided, self.ranking.decided_in_order = self.ranking.decided_in_order, []
            self.review.note_screening_order(self.reviewer, self.stage, decided)

    def train_if_due(self) -> None:
        """Train the model here, in this thread, when the decisions call for it (plain mode
        between records; the app trains in the background instead)."""
        job = self.training_job()
        if self.ranking is not None and job is not None:
            self.apply_scores(self.ranking.model.trainer(job))

    def predicted_relevance(self) -> float | None:
        """The model's predicted relevance of the record on screen (None without one)."""
        if self.ranking is None or self.current_id is None:
            return None
        return self.ranking.model.predicted(self.current_id)

    # -- what is on screen ----------------------------------------------------------------

    @property
    def is_full_text(self) -> bool:
        return self.stage == Stage.FULL_TEXT.value

    @property
    def current_id(self) -> int | None:
        """The record on screen: the one this session has claimed, or None.

        Reading it renews the lease when due, and with nothing on screen asks for a free
        record again every few seconds.
        """
        if self._claim is None:
            if self._pending and self._wall_clock() >= self._next_try:
                self._claim_front()
        else:
            self._keep_claim()
        return self._claim.record_id if self._claim is not None else None

    def open_elsewhere(self) -> int:
        """With no record on screen: how many queued records other sessions show now."""
        return len(self._pending) if self._claim is None else 0

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
        left = self._pace.seconds_left(len(self._universe) - done)
        return Progress(done, len(self._universe), dict(+self._counts), self._pace.decisions, left)

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
        try:
            decision = self._save(record_id, verdict, reason, note)
        except DecidedElsewhere as refused:
            self._learn(refused)
            raise
        # Only now, with the decision committed, does the session move on.
        self._notes.pop(record_id, None)
        self._set_verdict(record_id, verdict)
        if self.ranking is not None:
            self.ranking.learn(record_id, verdict)
        self._pending.popleft()
        self._claim = None
        self._pace.tick()
        self._claim_front()
        return decision

    def skip(self) -> None:
        """Put the current record at the end of the queue, undecided, and free it."""
        if len(self._pending) > 1 and self._claim is not None:
            if self.ranking is not None:
                self.ranking.skipped(self._claim.record_id)
            self._pending.rotate(-1)
            self._claim = None
            self._claim_front()

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
        undone = self._undo_last()
        if undone is None:
            return None
        record_id, verdict = undone
        self._set_verdict(record_id, verdict)
        if self.ranking is not None:
            self.ranking.learn(record_id, verdict)
        try:
            self._show(record_id)
        except RecordBusy:
            # undone, but on another session's screen: it waits at the front of the queue
            self._bring_forward(record_id)
            self._claim = None
            self._claim_front()
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
        self._show(record_id)
        return record_id

    def close(self) -> int:
        """End the session: its record is free for other sessions at once, and notes that
        never met a verdict go to the audit log. Returns their count."""
        self.review.release(self.session_id)
        self._claim = None
        self._note_order()
        leftover = {rid: "; ".join(notes) for rid, notes in self._notes.items() if notes}
        if leftover:
            self.review.keep_notes(self.reviewer, self.stage, leftover)
        self._notes.clear()
        return len(leftover)

    def __enter__(self) -> ScreeningSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- claims ---------------------------------------------------------------------------

    def _claim_front(self) -> None:
        """Claim the first queued record this session may show and bring it to the front."""
        now = self._wall_clock()
        found = self.review.claim_next(
            self.session_id,
            iter(self._pending),
            stage=self.lease_stage,
            reviewer=self.reviewer,
            now=now,
            seconds=self._lease_seconds,
        )
        for record_id, verdict in found.done:  # decided elsewhere meanwhile
            self._pending.remove(record_id)
            if verdict:
                self._set_verdict(record_id, verdict)
            else:  # settled by other reviewers: no longer this reviewer's to screen
                self._universe.discard(record_id)
        self._claim = found.claim
        if found.claim is None:
            self._next_try = now + _RETRY_AFTER
        else:
            self._renew_at = now + min(_RENEW_AFTER, self._lease_seconds / 3)
            self._bring_forward(found.claim.record_id)

    def _show(self, record_id: int) -> None:
        """Claim a record the reviewer asked for and make it current (`RecordBusy`)."""
        if self._claim is not None and self._claim.record_id == record_id:
            return
        now = self._wall_clock()
        self._claim = self.review.claim(
            self.session_id,
            record_id,
            stage=self.lease_stage,
            reviewer=self.reviewer,
            now=now,
            seconds=self._lease_seconds,
        )
        self._renew_at = now + min(_RENEW_AFTER, self._lease_seconds / 3)
        # the verdict standing now, though another session may have given it
        self._set_verdict(record_id, self._standing_on(self._claim))
        self._bring_forward(record_id)

    def _keep_claim(self) -> None:
        """Renew the lease on the record on screen when it is due."""
        assert self._claim is not None
        now = self._wall_clock()
        if now >= self._renew_at:
            # due again later even when the renewal failed (another session holds the
            # record now), so that a lost lease does not cost a write per key press
            self._renew_at = now + min(_RENEW_AFTER, self._lease_seconds / 3)
            self._claim = self.review.renew(self._claim, now=now, seconds=self._lease_seconds)

    def _learn(self, refused: DecidedElsewhere) -> None:
        """The verdicts a refused decision met are now on screen: a second one replaces
        them knowingly."""
        for other in refused.others:
            if other.reviewer == self.reviewer:
                self._set_verdict(other.record_id, other.verdict)
        if self._claim is not None:
            self._claim = replace(self._claim, seen=self._claim.seen + refused.others)

    # -- bookkeeping ----------------------------------------------------------------------

    def _set_verdict(self, record_id: int, verdict: str) -> None:
        old = self._verdicts.pop(record_id, "")
        if old:
            self._counts[old] -= 1
        if verdict:
            self._verdicts[record_id] = verdict
            self._counts[verdict] += 1
        self._universe.add(record_id)

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
