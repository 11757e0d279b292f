"""What blind dual screening shows: conflicts, a record's verdicts as one reviewer may see
them, and progress per reviewer, each with the JSON shape scripts parse."""

from __future__ import annotations

from dataclasses import dataclass

from screener.model import Decision, Stage
from screener.screening.status import Screening, is_resolution

_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def decision_json(d: Decision) -> dict[str, object]:
    return {
        "reviewer": d.reviewer,
        "verdict": d.verdict,
        "reason": d.reason,
        "note": d.note,
        "time": d.time,
        "kind": d.kind,
    }


def verdict_text(d: Decision, *, reviewer: bool = True) -> str:
    """ "ana exclude (population)" (without `reviewer`: "exclude (population)")"""
    why = f" ({d.reason})" if d.reason else ""
    return f"{d.reviewer} {d.verdict}{why}" if reviewer else f"{d.verdict}{why}"


def state_text(state: Screening, verdicts: int, required: int) -> str:
    """The state in words: "awaiting a second reviewer", "conflict", ..."""
    if state is Screening.AWAITING:
        missing = required - verdicts
        if missing == 1:
            return f"awaiting a {_ORDINALS.get(required, f'{required}th')} reviewer"
        return f"awaiting {missing} more reviewers"
    return {
        Screening.UNDECIDED: "no verdict yet",
        Screening.CONFLICT: "conflict",
        Screening.AGREED: "the reviewers agree",
        Screening.RESOLVED: "resolved",
    }[state]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A record on which the reviewers' verdicts disagree, with each verdict."""

    record_id: int
    key: str
    title: str
    stage: str
    verdicts: tuple[Decision, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "key": self.key,
            "title": self.title,
            "stage": self.stage,
            "verdicts": [decision_json(d) for d in self.verdicts],
        }


@dataclass(frozen=True, slots=True)
class ScreeningLine:
    """A record's decisions at one stage as one reviewer may see them."""

    stage: str
    state: Screening
    shown: tuple[Decision, ...]  # the decisions the viewer may see, oldest first
    hidden: int  # verdicts the viewer may not see yet
    required: int  # verdicts the policy asks for

    @property
    def verdicts_in(self) -> int:
        return sum(1 for d in self.shown if not is_resolution(d)) + self.hidden

    def text(self) -> str:
        """ "title-abstract: awaiting a second reviewer; your verdict include" """
        parts = [f"{self.stage}: {state_text(self.state, self.verdicts_in, self.required)}"]
        resolution = [d for d in self.shown if is_resolution(d)]
        if resolution:
            parts.append(f"resolution {resolution[-1].verdict} by {resolution[-1].reviewer}")
        verdicts = [d for d in self.shown if not is_resolution(d)]
        if self.state in (Screening.AWAITING, Screening.UNDECIDED):
            # nothing is revealed yet: the viewer's own verdict, and how many are hidden
            parts.extend(f"your verdict {verdict_text(d, reviewer=False)}" for d in verdicts)
            if self.hidden:
                hidden = "1 verdict" if self.hidden == 1 else f"{self.hidden} verdicts"
                parts.append(f"{hidden} hidden until every reviewer has decided")
        elif verdicts:
            parts.append(", ".join(verdict_text(d) for d in verdicts))
        return "; ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "state": self.state.value,
            "required": self.required,
            "verdicts": self.verdicts_in,
            "decisions": [decision_json(d) for d in self.shown],
            "hidden": self.hidden,
        }


@dataclass(frozen=True, slots=True)
class StageProgress:
    """Screening progress at one stage: each reviewer's verdicts out of the records that
    reached the stage, and the records awaiting more reviewers, in conflict, resolved."""

    stage: str
    records: int
    required: int
    reviewers: dict[str, int]
    awaiting: int
    conflicts: int
    resolved: int

    def text(self) -> str:
        """ "title-abstract: ana 412/1,208, ben 380/1,208, 37 conflicts" """
        parts = [f"{name} {done:,}/{self.records:,}" for name, done in self.reviewers.items()]
        if not parts:
            parts.append(f"no verdicts yet on {self.records:,} records")
        if self.required > 1 or self.conflicts:
            # A pilot's disagreements are discussed, not resolved: no conflicts.
            word = "disagreement" if self.stage == Stage.PILOT.value else "conflict"
            parts.append(f"{self.conflicts:,} {word}{'s' if self.conflicts != 1 else ''}")
        if self.awaiting:
            ordinal = _ORDINALS.get(self.required, f"{self.required}th")
            what = f"awaiting a {ordinal} reviewer" if self.required == 2 else "awaiting reviewers"
            parts.append(f"{self.awaiting:,} {what}")
        if self.resolved:
            parts.append(f"{self.resolved:,} resolved")
        return f"{self.stage}: " + ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "records": self.records,
            "reviewers_per_record": self.required,
            "reviewers": dict(self.reviewers),
            "awaiting": self.awaiting,
            "conflicts": self.conflicts,
            "resolved": self.resolved,
        }
