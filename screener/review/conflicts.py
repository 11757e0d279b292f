"""Blind dual screening in `Review`: who may see which verdict, the conflicts, the
adjudicator's resolutions and progress per reviewer."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError
from screener.model import SCREENING_STAGES, Decision, Stage, Status, Verdict
from screener.review.conflict_views import (
    Conflict,
    ScreeningLine,
    StageProgress,
    state_text,
    verdict_text,
)
from screener.review.views import DecisionRow, RecordView
from screener.screening.blind import (
    StageDecisions,
    by_record_and_stage,
    required_verdicts,
    visible_decisions,
)
from screener.screening.status import (
    RESOLUTION,
    Screening,
    VerdictRow,
    is_resolution,
    is_resolution_row,
    previous_heads,
    record_statuses,
    screening_state,
    tally,
)
from screener.store import Store

if TYPE_CHECKING:
    from screener.review.settings import Settings

# The statuses of the records that are waiting at a stage, and of those that reached it.
WAITING = {
    Stage.TITLE_ABSTRACT.value: frozenset({Status.TITLE_ABSTRACT.value}),
    Stage.FULL_TEXT.value: frozenset({Status.FULL_TEXT.value}),
}
REACHED = {
    Stage.TITLE_ABSTRACT.value: frozenset(
        {s.value for s in Status} - {Status.DUPLICATE.value, Status.EXCLUDED_AUTOMATIC.value}
    ),
    Stage.FULL_TEXT.value: frozenset(
        {
            Status.FULL_TEXT.value,
            Status.NOT_RETRIEVED.value,
            Status.EXCLUDED_FULL_TEXT.value,
            Status.INCLUDED.value,
        }
    ),
}


Tallies = dict[tuple[int, str], tuple[Screening, str]]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One read of the review's current verdicts, and what follows from it."""

    rows: list[VerdictRow]
    statuses: dict[int, str]
    tallies: Tallies  # per (record, stage): its state and settled verdict
    # the studies included in the previous version: in no stage's population
    previous: frozenset[int] = frozenset()


class NotAConflict(ScreenerError):
    """A resolution asked for on a record whose verdicts do not disagree."""

    def __init__(self, record_id: int, stage: str, why: str) -> None:
        super().__init__(
            f"record {record_id} is no conflict at {stage} ({why});"
            " --force records the resolution all the same"
        )
        self.record_id = record_id
        self.stage = stage


class PartyToTheConflict(ScreenerError):
    """A resolution asked of a reviewer whose own verdict is one side of the conflict."""

    def __init__(self, record_id: int, reviewer: str) -> None:
        super().__init__(
            f"{reviewer} gave a verdict on record {record_id}; a conflict is settled by a third"
            " person (--force records the resolution all the same)"
        )


class ConflictMethods:
    """Mixed into `Review`."""

    _store: Store
    actor: str
    settings: Settings

    if TYPE_CHECKING:  # given by Review

        def statuses(self) -> dict[int, str]: ...
        def record_view(self, record_id: int) -> RecordView: ...
        def reasons(self) -> dict[str, str]: ...
        def criteria_sha256(self) -> str: ...
        def _refuse_duplicates(
            self, decisions: list[Decision], file: str | None = None
        ) -> None: ...

    @property
    def is_blind(self) -> bool:
        """Whether reviewers screen blind: two or more reviewers per record."""
        return self.settings.reviewers_per_record > 1

    def required(self, stage: str) -> int:
        """How many verdicts a record needs at `stage` before they are revealed."""
        pilot = 0
        if stage == Stage.PILOT.value:
            pilot = len(self.pilot_reviewers())
        return required_verdicts(stage, self.settings.reviewers_per_record, pilot)

    def pilot_reviewers(self) -> list[str]:
        """Everyone who gave a pilot verdict, in the order they first did."""
        found = self._store.current_decisions(Stage.PILOT.value, kind="decision")
        return list(dict.fromkeys(d.reviewer for d in found))

    def _groups(self, decisions: Iterable[Decision]) -> dict[tuple[int, str], StageDecisions]:
        decisions = list(decisions)
        stages = {d.stage for d in decisions}
        return by_record_and_stage(decisions, {stage: self.required(stage) for stage in stages})

    # -- what a reviewer may see ----------------------------------------------------------

    def visible_decision_rows(
        self,
        stage: str | None = None,
        viewer: str | None = None,
        *,
        all_reviewers: bool = False,
    ) -> list[DecisionRow]:
        """The current decisions `viewer` may see, as `decisions` lists them: with one
        reviewer per record, everyone's (or `viewer`'s when named); screening blind,
        `viewer`'s own, and with `all_reviewers` every decision on records whose verdicts
        are all in."""
        found = self._store.current_decisions(stage)
        blind = self.is_blind or stage == Stage.PILOT.value
        own_only = not all_reviewers and (blind or viewer is not None)
        found = visible_decisions(
            found, self._groups(found), viewer or self.actor, own_only=own_only
        )
        keys = {r.id: r.key for r in self._store.records(sorted({d.record_id for d in found}))}
        return [DecisionRow(d, keys.get(d.record_id, "")) for d in found]

    def screening_lines(self, record_id: int, viewer: str | None = None) -> list[ScreeningLine]:
        """The record's decisions stage by stage, as `viewer` may see them."""
        who = viewer or self.actor
        history = self._current_on(record_id)
        lines = []
        for (_, stage), group in self._groups(history).items():
            shown = group.visible_to(who)
            lines.append(
                ScreeningLine(
                    stage, group.state, shown, group.hidden_from(who), self.required(stage)
                )
            )
        return lines

    def record_view_for(self, record_id: int, viewer: str | None = None) -> RecordView:
        """`record_view` with the record's decisions as `viewer` may see them."""
        who = viewer or self.actor
        view = self.record_view(record_id)
        return replace(view, screening=tuple(self.screening_lines(record_id, who)))

    def _current_on(self, record_id: int) -> list[Decision]:
        """The record's current decisions (latest per stage, reviewer and kind)."""
        return self._store.current_decisions_on((record_id,))

    # -- conflicts and their resolution -----------------------------------------------------

    def conflicts(self, stage: str | None = None) -> list[Conflict]:
        """Records waiting at a stage on which every verdict asked for is in and they
        disagree, in record order (title-abstract first)."""
        stages = SCREENING_STAGES if stage is None else (stage,)
        if Stage.PILOT.value in stages:
            raise UsageError("pilot verdicts are compared by `screener pilot report`, not resolved")
        snapshot = self._snapshot()
        statuses, tallies = snapshot.statuses, snapshot.tallies
        found: list[tuple[str, int]] = [
            (stage_name, record_id)
            for stage_name in stages
            for (record_id, at), (state, _) in sorted(tallies.items())
            if at == stage_name
            and state is Screening.CONFLICT
            and statuses.get(record_id) in WAITING[stage_name]
        ]
        # Read once for all conflicts: one query per record made `conflicts` linear in
        # queries (8,000 conflicts took a second).
        wanted = set(found)
        verdicts: dict[tuple[str, int], list[Decision]] = {key: [] for key in found}
        for decision in self._store.current_decisions_on(rid for _, rid in found):
            key = (decision.stage, decision.record_id)
            if key in wanted and decision.verdict and not is_resolution(decision):
                verdicts[key].append(decision)
        named = self._store.keys_and_titles(record_id for _, record_id in found)
        return [
            Conflict(
                record_id,
                *named[record_id],
                stage_name,
                # by reviewer: the same on every copy, whatever order a sync brought them in
                tuple(sorted(verdicts[(stage_name, record_id)], key=lambda d: d.reviewer)),
            )
            for stage_name, record_id in found
        ]

    def resolve(
        self,
        record_id: int,
        verdict: str,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reason: str = "",
        note: str = "",
        force: bool = False,
        adjudicator: str | None = None,
    ) -> Decision:
        """Settle a conflict: the adjudicator's verdict, a decision of kind "resolution",
        committed and logged in the audit. A record that is no conflict (undecided,
        awaiting a reviewer, agreed or resolved already) is refused (`NotAConflict`)
        unless `force`."""
        from screener.screening.decisions import check_decision

        if stage not in SCREENING_STAGES:
            raise UsageError(f"a resolution settles a record at {' or '.join(SCREENING_STAGES)}")
        if verdict == Verdict.MAYBE.value:
            raise UsageError("a resolution settles the record: include or exclude, not maybe")
        decision = check_decision(
            Decision(
                record_id,
                stage,
                adjudicator or self.actor,
                verdict,
                reason,
                note,
                kind=RESOLUTION,
                criteria_sha256=self.criteria_sha256(),
            ),
            self.reasons(),
            record_exists=self._store.record(record_id) is not None,
        )
        self._refuse_duplicates([decision])
        with self._store.transaction():
            current = [d for d in self._current_on(record_id) if d.stage == stage]
            state = screening_state(current, self.required(stage))
            if state is not Screening.CONFLICT and not force:
                raise NotAConflict(record_id, stage, _why_not(state, current, self.required(stage)))
            parties = {d.reviewer for d in current if not is_resolution(d)}
            if decision.reviewer in parties and not force:
                raise PartyToTheConflict(record_id, decision.reviewer)
            self._store.add_decision(decision)
            self._store.log(
                decision.reviewer,
                "resolve",
                {
                    "record": record_id,
                    "stage": stage,
                    "verdict": verdict,
                    "reason": reason,
                    "verdicts": [verdict_text(d) for d in current if not is_resolution(d)],
                    "forced": state is not Screening.CONFLICT,
                },
            )
        return decision

    def undo_resolution(
        self, *, stage: str = Stage.TITLE_ABSTRACT.value, adjudicator: str | None = None
    ) -> int | None:
        """Cancel the adjudicator's newest standing resolution at `stage` (the record is a
        conflict again); its record id or None."""
        with self._store.transaction():
            return self._store.undo_last(adjudicator or self.actor, stage, kind=RESOLUTION)

    # -- progress ---------------------------------------------------------------------------

    def status_parts(self) -> tuple[dict[int, str], list[StageProgress]]:
        """Every record's status and the progress per stage, from one read of the current
        verdicts (a review of 50,000 records screened by three reviewers takes well under a
        second)."""
        snapshot = self._snapshot()
        return snapshot.statuses, self.screening_progress(snapshot)

    def _snapshot(self, rows: list[VerdictRow] | None = None) -> Snapshot:
        """Every record's status and each (record, stage)'s tally, from one read of the
        current verdicts: `rows` when a caller read them already with more columns (a
        time, a reason; their first five as `Store.current_verdicts` gives them, in its
        order), so that a report reads the decisions once."""
        if rows is None:
            rows = self._store.current_verdicts()
        at_pilot = Stage.PILOT.value  # read once: an enum's value is a lookup per row
        pilot = {r[2] for r in rows if r[1] == at_pilot and not is_resolution_row(r)}
        required = {
            stage: required_verdicts(stage, self.settings.reviewers_per_record, len(pilot))
            for stage in (*SCREENING_STAGES, Stage.PILOT.value)
        }
        tallies = tally(rows, required)
        outcomes = {key: verdict for key, (_, verdict) in tallies.items() if verdict}
        duplicate_of = self._store.active_duplicate_links()
        previous = self._store.previous_record_ids()
        statuses = record_statuses(
            self._store.record_ids(),
            duplicate_of,
            self._store.latest_criteria_outcomes(),
            outcomes,
            previous,
        )
        return Snapshot(rows, statuses, tallies, frozenset(previous_heads(previous, duplicate_of)))

    def screening_progress(self, snapshot: Snapshot | None = None) -> list[StageProgress]:
        """Per stage: each reviewer's verdicts out of the records that reached it, and the
        records awaiting more reviewers, in conflict and resolved; the pilot too once a
        round is drawn."""
        snapshot = snapshot or self._snapshot()
        statuses = snapshot.statuses
        by_stage: dict[str, list[VerdictRow]] = defaultdict(list)
        for row in snapshot.rows:
            by_stage[row[1]].append(row)
        progress = []
        for stage in SCREENING_STAGES:
            if stage != Stage.TITLE_ABSTRACT.value and not by_stage.get(stage):
                continue
            reached = REACHED[stage]
            population = {
                rid
                for rid, status in statuses.items()
                if status in reached and rid not in snapshot.previous
            }
            progress.append(self._stage_progress(stage, by_stage[stage], population, snapshot))
        sample = self._store.pilot_record_ids()
        if sample:
            stage = Stage.PILOT.value
            progress.append(self._stage_progress(stage, by_stage[stage], set(sample), None))
        return progress

    def _stage_progress(
        self, stage: str, rows: list[VerdictRow], population: set[int], snapshot: Snapshot | None
    ) -> StageProgress:
        """`snapshot` None: a stage no status waits at (the pilot)."""
        verdicts = [r for r in rows if r[0] in population and not is_resolution_row(r)]
        done: Counter[str] = Counter(r[2] for r in verdicts)
        required = required_verdicts(stage, self.settings.reviewers_per_record, len(done))
        tallies = tally(rows, {stage: required}) if snapshot is None else snapshot.tallies
        waiting = WAITING.get(stage)
        states: Counter[Screening] = Counter()
        for record_id in population:
            found = tallies.get((record_id, stage))
            if found is None:
                continue
            # a record past the stage counts only as resolved, if it was
            here = (
                snapshot is None or waiting is None or snapshot.statuses.get(record_id) in waiting
            )
            if here or found[0] is Screening.RESOLVED:
                states[found[0]] += 1
        return StageProgress(
            stage,
            len(population),
            required,
            dict(sorted(done.items())),
            states[Screening.AWAITING],
            states[Screening.CONFLICT],  # at the pilot: disagreements, never resolved
            states[Screening.RESOLVED],
        )


def _why_not(state: Screening, current: list[Decision], required: int) -> str:
    """Why a record is no conflict, in words."""
    verdicts = [d for d in current if not is_resolution(d)]
    if state is Screening.RESOLVED:
        last = [d for d in current if is_resolution(d)][-1]
        return f"resolved already: {last.verdict} by {last.reviewer}"
    return state_text(state, len(verdicts), required)


__all__ = ["ConflictMethods", "NotAConflict"]
