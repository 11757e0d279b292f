"""Pilot rounds: a sample every reviewer screens at stage "pilot", and its report.

Pilot decisions never decide a record's status (`screening.status` reads only the
title-abstract and full-text stages); they measure how far the reviewers agree before the
work is split.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError, did_you_mean
from screener.model import Decision, Source, Stage, Status
from screener.review.screening import ScreeningMethods
from screener.screening.pilot import Sample, draw_sample, new_seed
from screener.screening.pilot_report import (
    CriteriaSeen,
    Disagreement,
    ReviewerProgress,
    RoundFigures,
    criteria_seen,
    disagreements,
    headline_kappa,
    measure,
    progress,
    round_figures,
    short_hash,
    verdicts_by_reviewer,
)
from screener.store.team import PilotRound

if TYPE_CHECKING:
    from screener.screening.agreement import AgreementFigures

PILOT = Stage.PILOT.value
# Statuses a sample may be drawn from: any a canonical record can have.
DRAWABLE = tuple(s.value for s in Status if s is not Status.DUPLICATE)


@dataclass(frozen=True, slots=True)
class PilotDraw:
    """A pilot round just drawn."""

    round: int
    from_status: str
    by_database: bool
    sample: Sample
    seed_given: bool

    def as_json(self) -> dict[str, object]:
        return {
            "round": self.round,
            "size": len(self.sample.record_ids),
            "seed": self.sample.seed,
            "from_status": self.from_status,
            "by_database": self.by_database,
            "pool": self.sample.pool,
            "redrawn": self.sample.redrawn,
            "allocation": [
                {"database": name, "records": records, "drawn": drawn}
                for name, records, drawn in self.sample.allocation
            ],
            "records": list(self.sample.record_ids),
        }


@dataclass(frozen=True, slots=True)
class PilotReport:
    """One pilot round: its agreement, disagreements, criteria versions and progress, and
    with two or more rounds each round's figures side by side."""

    round: PilotRound
    figures: AgreementFigures | None  # None with fewer than two reviewers
    disagreements: tuple[Disagreement, ...]
    criteria: tuple[CriteriaSeen, ...]
    current_criteria: str
    progress: tuple[ReviewerProgress, ...]
    rounds: tuple[RoundFigures, ...]
    kappa_target: float | None

    @property
    def kappa(self) -> float | None:
        """Cohen's κ for two reviewers, Fleiss' κ for more."""
        return headline_kappa(self.figures)

    @property
    def below_target(self) -> bool:
        """Whether a κ target is set and the round's κ is under it (or undefined)."""
        if self.kappa_target is None:
            return False
        return self.kappa is None or self.kappa < self.kappa_target

    def as_json(self) -> dict[str, object]:
        r = self.round
        return {
            "round": r.round,
            "size": r.size,
            "seed": r.seed,
            "from_status": r.from_status,
            "by_database": r.by_database,
            "created_at": r.created_at,
            "agreement": self.figures.as_json() if self.figures else None,
            "kappa": self.kappa,
            "kappa_target": self.kappa_target,
            "below_target": self.below_target if self.kappa_target is not None else None,
            "progress": [p.as_json() for p in self.progress],
            "criteria": {
                "current": self.current_criteria,
                "current_short": short_hash(self.current_criteria),
                "reviewers": [c.as_json(self.current_criteria) for c in self.criteria],
            },
            "disagreements": [d.as_json() for d in self.disagreements],
            "rounds": [f.as_json() for f in self.rounds],
        }


class PilotMethods(ScreeningMethods):
    """Mixed into `Review` ahead of ScreeningMethods (whose decisions it checks)."""

    def pilot_rounds(self) -> list[PilotRound]:
        return self._store.pilot_rounds()

    def create_pilot(
        self,
        size: int,
        *,
        seed: int | None = None,
        from_status: str = Status.TITLE_ABSTRACT.value,
        by_database: bool = False,
        round: int | None = None,
    ) -> PilotDraw:
        """Draw pilot round `round` (the next when None) from the canonical records with
        `from_status`: one transaction, with an audit entry. A seed is chosen and kept
        when none is given."""
        if from_status not in DRAWABLE:
            raise UsageError(
                f"a pilot sample cannot be drawn from status {from_status!r}"
                f"{did_you_mean(from_status, DRAWABLE)}"
            )
        number = self._next_round(round)
        statuses = self.statuses()
        wanted = [rid for rid, status in statuses.items() if status == from_status]
        pool = self._databases(wanted) if by_database else dict.fromkeys(wanted, "")
        # The draw runs over the records' places in their export files (file sha256, key),
        # not local ids: every copy of the review imported from the same files, in any
        # order, draws the same sample from the same seed.
        rank, ids = self._portable_ranks(wanted)
        drawn = draw_sample(
            {rank[rid]: database for rid, database in pool.items()},
            size,
            seed=new_seed() if seed is None else seed,
            by_database=by_database,
            drawn_before={rank[rid] for rid in self._sampled() if rid in rank},
        )
        sample = replace(drawn, record_ids=tuple(ids[n] for n in drawn.record_ids))
        criteria = self.criteria_sha256()
        with self._store.transaction():
            self._store.add_pilot_round(
                round=number,
                seed=sample.seed,
                record_ids=sample.record_ids,
                from_status=from_status,
                by_database=by_database,
                criteria_sha256=criteria,
                actor=self.actor,
            )
            self._store.log(
                self.actor,
                "pilot-create",
                {
                    "round": number,
                    "size": len(sample.record_ids),
                    "seed": sample.seed,
                    "from_status": from_status,
                    "by_database": by_database,
                    "redrawn": sample.redrawn,
                },
            )
        return PilotDraw(number, from_status, by_database, sample, seed is not None)

    def _portable_ranks(self, record_ids: list[int]) -> tuple[dict[int, int], list[int]]:
        """Each record's rank in the order of its place in its export file, and the ids in
        that order."""
        from screener.sync import portable_refs

        refs = portable_refs(self._store.record_places())
        ordered = sorted(record_ids, key=lambda rid: refs[rid])
        return {rid: n for n, rid in enumerate(ordered)}, ordered

    def pilot_record_ids(self, round: int | None = None) -> list[int]:
        """The sample of pilot round `round` (the latest when None), in screening order."""
        return self._store.pilot_record_ids(round)

    def pilot_report(self, round: int | None = None) -> PilotReport:
        """Pilot round `round` (the latest when None) as `pilot report` shows it."""
        rounds = self.pilot_rounds()
        if not rounds:
            raise ScreenerError("no pilot round yet (run 'screener pilot create --size N')")
        chosen = self._round(rounds, round)
        # An adjudicator's resolution is no reviewer's verdict: it takes no part in a pilot.
        decisions = [d for d in self._store.current_decisions(PILOT) if d.kind == "decision"]
        samples = {r.round: self.pilot_record_ids(r.round) for r in rounds}
        sample = samples[chosen.round]
        in_sample = set(sample)
        mine = [d for d in decisions if d.record_id in in_sample]
        verdicts = verdicts_by_reviewer(mine, sample)
        records = self._store.records(sorted({d.record_id for d in mine}))
        titles = {record.id: (record.key, record.title) for record in records}
        compared = (
            tuple(
                round_figures(r.round, r.size, verdicts_by_reviewer(decisions, samples[r.round]))
                for r in rounds
            )
            if len(rounds) > 1
            else ()
        )
        return PilotReport(
            round=chosen,
            figures=measure(verdicts),
            disagreements=tuple(disagreements(mine, sample, titles)),
            criteria=tuple(criteria_seen(mine)),
            current_criteria=self.criteria_sha256(),
            progress=tuple(progress(verdicts, len(sample))),
            rounds=compared,
            kappa_target=self.settings.kappa_target,
        )

    def _refuse_duplicates(self, decisions: list[Decision], file: str | None = None) -> None:
        """Before decisions are written (`decide`, `decide --from`): a pilot decision on a
        record outside every pilot round is refused, as is (ScreeningMethods) a decision on
        a record merged into another."""
        pilot = [d for d in decisions if d.stage == PILOT]
        if pilot:
            sampled = self._sampled()
            for decision in pilot:
                if decision.record_id not in sampled:
                    raise ScreenerError(
                        f"record {decision.record_id} is in no pilot round; a pilot decision"
                        " is for a record of a pilot sample ('screener pilot report')",
                        file=file,
                    )
        super()._refuse_duplicates(decisions, file)

    def _sampled(self) -> set[int]:
        """Every record some pilot round drew."""
        return {rid for r in self.pilot_rounds() for rid in self.pilot_record_ids(r.round)}

    def _next_round(self, round: int | None) -> int:
        rounds = self.pilot_rounds()
        following = max((r.round for r in rounds), default=0) + 1
        if round is None:
            if rounds and not self._screened(rounds[-1].round):
                raise ScreenerError(
                    f"pilot round {rounds[-1].round} has no pilot decision yet;"
                    f" 'pilot create --round {following}' draws another all the same"
                )
            return following
        if round < 1:
            raise UsageError(f"a pilot round is numbered from 1, not {round}")
        if any(r.round == round for r in rounds):
            raise ScreenerError(
                f"pilot round {round} exists already; the next round is {following}"
            )
        if round != following:
            raise ScreenerError(f"the next pilot round is {following}, not {round}")
        return round

    def _screened(self, round: int) -> bool:
        """Whether any reviewer has given a pilot verdict on a record of round `round`."""
        sample = set(self._store.pilot_record_ids(round))
        return any(d.record_id in sample for d in self._store.current_decisions(PILOT))

    def _round(self, rounds: list[PilotRound], round: int | None) -> PilotRound:
        if round is None:
            return rounds[-1]
        for found in rounds:
            if found.round == round:
                return found
        known = ", ".join(str(r.round) for r in rounds)
        raise ScreenerError(f"no pilot round {round} (rounds: {known})")

    def _databases(self, record_ids: list[int]) -> dict[int, str]:
        """record id -> its database: the record's own, else its source's."""
        by_source = {source.id: source.database for source in self.sources()}
        return {
            record.id: record.database or by_source.get(record.source_id, "")
            for record in self._store.records(record_ids)
        }

    if TYPE_CHECKING:  # given by Review

        def sources(self) -> list[Source]: ...
