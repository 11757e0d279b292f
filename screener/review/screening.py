"""The screening half of `Review`: verdicts, undo, scripted decisions, the queue, and the
leases by which screening sessions claim the records they show."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.model import Decision, Stage
from screener.review.views import DecisionRow
from screener.screening.claims import (
    LEASE_SECONDS,
    Availability,
    Candidate,
    Claim,
    DecidedElsewhere,
    NextClaim,
    RecordBusy,
    availability,
    overwritten_by,
    standing_at,
)
from screener.store import Store

if TYPE_CHECKING:
    from screener.review.settings import Settings


class ScreeningMethods:
    """Mixed into `Review`; every write is committed before the method returns."""

    _store: Store
    actor: str
    settings: Settings
    _reasons: tuple[int | None, dict[str, str]] | None
    _criteria_sha: tuple[int | None, str] | None

    if TYPE_CHECKING:  # given by Review

        @property
        def criteria_path(self) -> Path: ...

        def statuses(self) -> dict[int, str]: ...

    def reasons(self) -> dict[str, str]:
        """Manual exclusion reasons from the criteria file (key -> text).

        Read again only when the file changes: `decide` asks on every key press.
        """
        from screener.screening.decisions import exclusion_reasons

        try:
            stamp: int | None = self.criteria_path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if self._reasons is None or self._reasons[0] != stamp:
            self._reasons = (stamp, exclusion_reasons(self.criteria_path))
        return self._reasons[1]

    def criteria_sha256(self) -> str:
        """The sha256 of criteria.toml as it is now ("" without one): every decision keeps
        it, so a pilot round and the agreement report can say which version each reviewer
        saw. Read again only when the file changes."""
        import hashlib

        try:
            stamp: int | None = self.criteria_path.stat().st_mtime_ns
        except FileNotFoundError:
            return ""
        if self._criteria_sha is None or self._criteria_sha[0] != stamp:
            digest = hashlib.sha256(self.criteria_path.read_bytes()).hexdigest()
            self._criteria_sha = (stamp, digest)
        return self._criteria_sha[1]

    def decide(
        self,
        record_id: int,
        verdict: str,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        reason: str = "",
        note: str = "",
        claim: Claim | None = None,
    ) -> Decision:
        """Record one verdict, committed before this returns.

        With the `claim` under which a session showed the record, the verdict is refused
        (`DecidedElsewhere`, nothing saved) when it would silently replace a verdict given
        elsewhere since then: the reviewer's own from another session, or with one reviewer
        per record anyone's. Saved, it ends the claim's lease.
        """
        from screener.screening.decisions import check_decision

        decision = check_decision(
            Decision(
                record_id,
                stage,
                reviewer or self.actor,
                verdict,
                reason,
                note,
                criteria_sha256=self.criteria_sha256(),
            ),
            self.reasons(),
            record_exists=self._store.record(record_id) is not None,
        )
        self._refuse_duplicates([decision])
        with self._store.transaction():
            if claim is not None:
                standing = standing_at(self._store.decision_history(record_id), stage)
                others = overwritten_by(
                    decision, claim, standing, self.settings.reviewers_per_record
                )
                if others:
                    raise DecidedElsewhere(decision, others)
                self._store.release_lease(claim.session)
            self._store.add_decision(decision)
        return decision

    def decide_from_csv(
        self, path: Path, *, reviewer: str | None = None, stage: str | None = None
    ) -> int:
        """Every decision of a CSV file, all checked first, then in one transaction.

        `reviewer` and `stage` fill those columns where the file lacks them.
        """
        from screener.screening.decide_csv import read_decisions

        decisions = read_decisions(
            path,
            reasons=self.reasons(),
            known_ids=set(self._store.record_ids()),
            reviewer=reviewer,
            stage=stage,
        )
        self._refuse_duplicates(decisions, file=str(path))
        criteria = self.criteria_sha256()
        with self._store.transaction():
            for decision in decisions:
                self._store.add_decision(replace(decision, criteria_sha256=criteria))
            self._store.log(self.actor, "decide", {"file": str(path), "decisions": len(decisions)})
        return len(decisions)

    def _refuse_duplicates(self, decisions: list[Decision], file: str | None = None) -> None:
        """A record merged into another is decided through its canonical record; a study of
        the review's previous version is included there and not screened again."""
        previous = self._store.previous_record_ids()
        for decision in decisions:
            canonical = self._store.canonical_of(decision.record_id)
            if canonical is not None:
                raise ScreenerError(
                    f"record {decision.record_id} is a duplicate of record {canonical};"
                    f" decide record {canonical}",
                    file=file,
                )
            if previous and (
                decision.record_id in previous
                or any(m in previous for m in self._store.members_of(decision.record_id))
            ):
                raise ScreenerError(
                    f"record {decision.record_id} is a study of the review's previous version"
                    " (imported with --method previous): included there, not screened again",
                    file=file,
                )

    def undo(
        self, *, stage: str = Stage.TITLE_ABSTRACT.value, reviewer: str | None = None
    ) -> int | None:
        """Cancel the reviewer's newest standing decision at `stage`; its record id or None."""
        with self._store.transaction():
            return self._store.undo_last(reviewer or self.actor, stage)

    def decisions(self, stage: str | None = None, reviewer: str | None = None) -> list[Decision]:
        """The current decisions (the latest per record, stage and reviewer; undone left out)."""
        return self._store.current_decisions(stage, reviewer)

    def decision_rows(
        self, stage: str | None = None, reviewer: str | None = None
    ) -> list[DecisionRow]:
        """The current decisions with each record's key, as `decisions` lists them."""
        found = self.decisions(stage, reviewer)
        keys = {r.id: r.key for r in self._store.records(sorted({d.record_id for d in found}))}
        return [DecisionRow(d, keys.get(d.record_id, "")) for d in found]

    def decision_history(self, record_id: int) -> list[Decision]:
        """Every decision row on a record, undo rows included, oldest first."""
        return self._store.decision_history(record_id)

    def keep_notes(self, reviewer: str, stage: str, notes: dict[int, str]) -> None:
        """Notes that met no verdict, kept in the audit log ("screen-note")."""
        with self._store.transaction():
            for record_id, note in notes.items():
                self._store.log(
                    reviewer, "screen-note", {"record": record_id, "stage": stage, "note": note}
                )

    def queue(
        self,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        order: str = "imported",
        seed: int | None = None,
    ) -> list[int]:
        """Record ids `reviewer` has yet to decide at `stage`, in screening order.

        At a screening stage, the records waiting there that still need the reviewer's
        verdict (with two or more reviewers per record, not those whose verdicts are all
        in). At the pilot, the latest pilot round's sample, which every reviewer screens
        (without a pilot round, every record not a duplicate nor excluded by the criteria).
        """
        from screener.screening.claims import POLICY_STAGES
        from screener.screening.queue import needing_verdict, order_queue, waiting_at

        who = reviewer or self.actor
        sample = self._store.pilot_record_ids() if stage == Stage.PILOT.value else []
        waiting = sample or waiting_at(stage, self.statuses())
        current = self._store.current_decisions(stage, kind="decision")
        per_record = self.settings.reviewers_per_record if stage in POLICY_STAGES else 1
        return order_queue(needing_verdict(waiting, current, who, per_record), order, seed=seed)

    # -- leases: the records open screening sessions show -------------------------------

    def claim_next(
        self,
        session: str,
        candidates: Iterable[int],
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        now: float | None = None,
        seconds: float = LEASE_SECONDS,
    ) -> NextClaim:
        """Lease to `session` the first of `candidates` (queue order) that it may show.

        One short write transaction: a record another live session of the reviewer shows is
        passed over, and so is, with one reviewer per record, one another reviewer shows;
        records decided elsewhere meanwhile are passed over and reported as done. The lease
        lasts `seconds` from `now` (the wall clock) unless renewed; it replaces any lease
        `session` held. With nothing to claim, `session` holds no lease.
        """
        now = time.time() if now is None else now
        who = reviewer or self.actor
        done: list[tuple[int, str]] = []
        with self._store.transaction():
            self._store.drop_lapsed_leases(now)
            held = self._store.leases_elsewhere(stage, session, now)
            for record_id in candidates:
                candidate = self._candidate(record_id, stage, who, held)
                found = availability(candidate)
                if found is Availability.FREE:
                    claim = self._lease(session, candidate, now + seconds)
                    return NextClaim(claim, tuple(done))
                if found is Availability.DONE:
                    mine = [
                        d.verdict
                        for d in candidate.standing
                        if d.reviewer == who and d.kind == "decision"
                    ]
                    done.append((record_id, mine[0] if mine else ""))
            self._store.release_lease(session)
        return NextClaim(None, tuple(done))

    def claim(
        self,
        session: str,
        record_id: int,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        now: float | None = None,
        seconds: float = LEASE_SECONDS,
    ) -> Claim:
        """Lease one record the reviewer asked for (a jump, an undo) to `session`, decided
        or not; `RecordBusy` when another live session keeps it, as `claim_next` would."""
        now = time.time() if now is None else now
        if self._store.record(record_id) is None:
            raise ScreenerError(f"no record with id {record_id}")
        with self._store.transaction():
            self._store.drop_lapsed_leases(now)
            held = self._store.leases_elsewhere(stage, session, now)
            candidate = self._candidate(record_id, stage, reviewer or self.actor, held)
            if availability(candidate, queued=False) is Availability.BUSY:
                raise RecordBusy(record_id, candidate.holders)
            return self._lease(session, candidate, now + seconds)

    def renew(
        self, claim: Claim, *, now: float | None = None, seconds: float = LEASE_SECONDS
    ) -> Claim:
        """Keep `claim` for `seconds` from `now`. A lease that lapsed is taken again unless
        another session took the record meanwhile; then the claim is returned as it was
        (a verdict under it is still checked against what was decided elsewhere)."""
        now = time.time() if now is None else now
        until = now + seconds
        with self._store.transaction():
            if not self._store.renew_lease(claim.session, claim.record_id, until):
                self._store.drop_lapsed_leases(now)
                held = self._store.leases_elsewhere(claim.stage, claim.session, now)
                candidate = self._candidate(claim.record_id, claim.stage, claim.reviewer, held)
                if availability(candidate, queued=False) is Availability.BUSY:
                    return claim
                self._store.take_lease(
                    claim.session, claim.record_id, claim.stage, claim.reviewer, until
                )
        return replace(claim, expires_at=until)

    def release(self, session: str) -> None:
        """End the lease `session` holds, if any: its record is free for other sessions."""
        with self._store.transaction():
            self._store.release_lease(session)

    def _candidate(
        self, record_id: int, stage: str, reviewer: str, held: dict[int, list[str]]
    ) -> Candidate:
        return Candidate(
            record_id,
            stage,
            reviewer,
            self.settings.reviewers_per_record,
            tuple(held.get(record_id, ())),
            standing_at(self._store.decision_history(record_id), stage),
        )

    def _lease(self, session: str, candidate: Candidate, expires_at: float) -> Claim:
        self._store.take_lease(
            session, candidate.record_id, candidate.stage, candidate.reviewer, expires_at
        )
        return Claim(
            session,
            candidate.record_id,
            candidate.stage,
            candidate.reviewer,
            candidate.standing,
            expires_at,
        )
