"""Blind screening: what one reviewer may see of the others' verdicts, and the conflicts.

With two or more reviewers per record, each screens without knowing the others' verdicts:
a reviewer sees their own verdict on a record, and the others' (verdict, reason, note) only
once every verdict the policy asks for is in (or an adjudicator settled it). The same rule
serves every view: the screening UI, `records show`, `decisions`, exports.

Pure: the caller passes the current decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from screener.model import Decision, Stage
from screener.screening.status import Screening, is_resolution, screening_state

# The states in which every verdict asked for is in: nothing is hidden any more.
REVEALED = frozenset({Screening.AGREED, Screening.CONFLICT, Screening.RESOLVED})


@dataclass(frozen=True, slots=True)
class StageDecisions:
    """One record's current decisions at one stage, and its state there."""

    record_id: int
    stage: str
    decisions: tuple[Decision, ...]  # reviewers' verdicts and resolutions, oldest first
    state: Screening

    @property
    def verdicts(self) -> tuple[Decision, ...]:
        """The reviewers' verdicts, resolutions left out."""
        return tuple(d for d in self.decisions if not is_resolution(d))

    @property
    def resolution(self) -> Decision | None:
        found = [d for d in self.decisions if is_resolution(d)]
        return found[-1] if found else None

    def visible_to(self, viewer: str) -> tuple[Decision, ...]:
        """What `viewer` may see: everything once revealed, else their own verdict only."""
        return tuple(d for d in self.decisions if is_visible(d, self, viewer))

    def hidden_from(self, viewer: str) -> int:
        """How many verdicts `viewer` may not see yet."""
        return len(self.decisions) - len(self.visible_to(viewer))


MIN_PILOT_REVIEWERS = 2


def required_verdicts(stage: str, reviewers_per_record: int, pilot_reviewers: int) -> int:
    """How many verdicts a record needs at `stage`: the policy's at the screening stages,
    every pilot reviewer's at the pilot."""
    if stage == Stage.PILOT.value:
        # A pilot compares reviewers: one verdict alone is never the whole of it, so the
        # first reviewer's stays hidden until a second (and every other pilot reviewer) is in.
        return max(pilot_reviewers, MIN_PILOT_REVIEWERS)
    return max(reviewers_per_record, 1)


def by_record_and_stage(
    decisions: Iterable[Decision], required: Mapping[str, int]
) -> dict[tuple[int, str], StageDecisions]:
    """The current decisions grouped per (record, stage), each with its state under
    `required` (stage -> verdicts needed; 1 where a stage is not named)."""
    grouped: dict[tuple[int, str], list[Decision]] = defaultdict(list)
    for decision in decisions:
        grouped[(decision.record_id, decision.stage)].append(decision)
    return {
        (record_id, stage): StageDecisions(
            record_id,
            stage,
            tuple(found),
            screening_state(found, required.get(stage, 1)),
        )
        for (record_id, stage), found in grouped.items()
    }


def is_visible(decision: Decision, group: StageDecisions, viewer: str) -> bool:
    """Whether `viewer` may see `decision` (one of `group`'s)."""
    own = decision.reviewer == viewer and not is_resolution(decision)
    return own or group.state in REVEALED


def visible_decisions(
    decisions: Iterable[Decision],
    groups: Mapping[tuple[int, str], StageDecisions],
    viewer: str,
    *,
    own_only: bool = False,
) -> list[Decision]:
    """The decisions `viewer` may see (with `own_only`, their own verdicts only), in the
    order given; `groups` is `by_record_and_stage` of the same decisions."""
    if own_only:
        return [d for d in decisions if d.reviewer == viewer and not is_resolution(d)]
    return [d for d in decisions if is_visible(d, groups[(d.record_id, d.stage)], viewer)]
