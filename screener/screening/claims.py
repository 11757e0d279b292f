"""Which record a screening session may show, and when its verdict would overwrite another.

A session claims the record it shows: a lease in the store that lapses unless renewed.
Whether a queued record can be claimed is a table of named rules over what the store knows
of it at that moment (the other sessions showing it, the verdicts standing on it); a record
is `BUSY` (open elsewhere: it stays queued) or `DONE` (decided elsewhere: it leaves the
queue) when a rule of that table holds, else `FREE`.

Pure: the caller reads the leases and decisions inside the claiming transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from screener.errors import ScreenerError
from screener.model import SCREENING_STAGES, Decision
from screener.screening.status import is_resolution, stage_outcomes

# How long a lease lasts unless renewed. A session renews it while its reviewer works on the
# record, so it lapses only after this long without a key press, or when a session crashed.
LEASE_SECONDS = 300.0

# Stages whose outcome the review's policy (reviewers per record) settles. At any other
# stage (the pilot) every reviewer screens every record on their own.
POLICY_STAGES = frozenset(SCREENING_STAGES)


class Availability(enum.Enum):
    FREE = "free"
    BUSY = "busy"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A queued record as a claim finds it."""

    record_id: int
    stage: str
    reviewer: str
    reviewers_per_record: int
    holders: tuple[str, ...]  # the reviewers of the other live sessions that show it
    standing: tuple[Decision, ...]  # the standing verdicts on it at the stage, oldest first


@dataclass(frozen=True, slots=True)
class Claim:
    """A session's lease on the record it shows, and the verdicts it saw standing then."""

    session: str
    record_id: int
    stage: str
    reviewer: str
    seen: tuple[Decision, ...]
    expires_at: float


@dataclass(frozen=True, slots=True)
class NextClaim:
    """The result of claiming the next queued record.

    `claim` is None when every candidate was busy or done. `done` lists the candidates found
    decided elsewhere, each with this reviewer's standing verdict ("" when other reviewers'
    verdicts settled it), so that the session can take them out of its queue.
    """

    claim: Claim | None
    done: tuple[tuple[int, str], ...] = ()


def _policy_settles(c: Candidate) -> bool:
    return c.stage in POLICY_STAGES


def open_in_another_session_of_the_reviewer(c: Candidate) -> bool:
    """Another live session of the same reviewer shows the record."""
    return c.reviewer in c.holders


def open_for_enough_other_reviewers(c: Candidate) -> bool:
    """As many other reviewers as the policy asks for per record have it on screen."""
    others = {holder for holder in c.holders if holder != c.reviewer}
    return _policy_settles(c) and len(others) >= c.reviewers_per_record


def decided_by_the_reviewer(c: Candidate) -> bool:
    """The reviewer has a standing verdict on it at this stage, given in another session."""
    return any(d.reviewer == c.reviewer and not is_resolution(d) for d in c.standing)


def settled_by_other_reviewers(c: Candidate) -> bool:
    """Other reviewers' verdicts settle it under the review's policy."""
    return _policy_settles(c) and bool(stage_outcomes(c.standing, c.reviewers_per_record))


def decided_by_enough_other_reviewers(c: Candidate) -> bool:
    """With two or more reviewers per record, as many others as the policy asks for have
    given their verdict (agreeing or in conflict): it needs no more screening."""
    others = {d.reviewer for d in c.standing if d.reviewer != c.reviewer and not is_resolution(d)}
    return (
        _policy_settles(c) and c.reviewers_per_record > 1 and len(others) >= c.reviewers_per_record
    )


BUSY: tuple[Callable[[Candidate], bool], ...] = (
    open_in_another_session_of_the_reviewer,
    open_for_enough_other_reviewers,
)
DONE: tuple[Callable[[Candidate], bool], ...] = (
    decided_by_the_reviewer,
    settled_by_other_reviewers,
    decided_by_enough_other_reviewers,
)


def availability(candidate: Candidate, *, queued: bool = True) -> Availability:
    """Whether a session may show the record now.

    A record the reviewer asks for by name (`queued=False`: a jump, an undo) may be shown
    although it is decided; only a session showing it elsewhere keeps it away.
    """
    if any(rule(candidate) for rule in BUSY):
        return Availability.BUSY
    if queued and any(rule(candidate) for rule in DONE):
        return Availability.DONE
    return Availability.FREE


def standing_at(history: Iterable[Decision], stage: str) -> tuple[Decision, ...]:
    """Each reviewer's standing verdict at `stage` from a record's rows (oldest first):
    their latest row, unless it is an undo back to no verdict; an adjudicator's
    resolution stands beside their own verdict."""
    latest: dict[tuple[str, str], Decision] = {}
    for decision in history:
        if decision.stage == stage:
            key = (decision.reviewer, decision.kind)
            latest.pop(key, None)  # keep the newest row last
            latest[key] = decision
    return tuple(d for d in latest.values() if d.verdict)


def overwritten_by(
    decision: Decision, claim: Claim, standing: Sequence[Decision], reviewers_per_record: int
) -> tuple[Decision, ...]:
    """The verdicts given elsewhere since `claim` showed the record that `decision` would
    silently replace: the reviewer's own, and with one reviewer per record at a stage the
    policy settles, anyone's. A verdict that agrees (same verdict and reason) replaces
    nothing."""
    rivals_of_anyone = reviewers_per_record <= 1 and decision.stage in POLICY_STAGES
    seen = set(claim.seen)
    return tuple(
        d
        for d in standing
        if (d.reviewer == decision.reviewer or rivals_of_anyone)
        and d not in seen
        and (d.verdict, d.reason) != (decision.verdict, decision.reason)
    )


class RecordBusy(ScreenerError):
    """The record is on the screen of another session."""

    def __init__(self, record_id: int, holders: Sequence[str]) -> None:
        who = ", ".join(sorted(set(holders)))
        super().__init__(
            f"record {record_id} is open in another screening session ({who});"
            " it is free once that session moves on or closes"
        )
        self.record_id = record_id
        self.holders = tuple(holders)


class DecidedElsewhere(ScreenerError):
    """A verdict given elsewhere, since the session showed the record, would be overwritten."""

    def __init__(self, decision: Decision, others: Sequence[Decision]) -> None:
        given = "; ".join(
            f"{d.verdict}{f' ({d.reason})' if d.reason else ''} by {d.reviewer} at {d.time}"
            for d in others
        )
        super().__init__(
            f"record {decision.record_id} was decided in another session while it was on"
            f" your screen: {given}. Your {decision.verdict} is not saved; give it again to"
            " replace that verdict, or skip to move on"
        )
        self.decision = decision
        self.others = tuple(others)
