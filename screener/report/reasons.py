"""Why records were excluded: one reason per excluded record, counted per stage.

Automatic exclusions count under the criteria rule that excluded them; manual ones under the
reason of the decisions that settled the record: a key of criteria.toml's `[reasons]` (with
its text), a free-text "other" reason (the reviewer's words, grouped whatever their case and
spacing), or "no reason given". A record counts once, by its settled outcome, however many
reviewers excluded it.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from screener.model import Stage, Verdict
from screener.report.plain import without_bidi_controls
from screener.screening.decisions import OTHER_REASON
from screener.screening.status import is_resolution_row

# The stage of the criteria's exclusions, before any person screens a record.
AUTOMATIC = "automatic"
REASON_STAGES: tuple[str, ...] = (AUTOMATIC, Stage.TITLE_ABSTRACT.value, Stage.FULL_TEXT.value)
NO_REASON = "no reason given"
_EXCLUDE = Verdict.EXCLUDE.value

# A current decision with its reason, as the store reads it for this report:
# (record id, stage, reviewer, verdict, kind, reason, note).
ReasonRow = tuple[int, str, str, str, str, str, str]


class ReasonKind(enum.Enum):
    RULE = "rule"  # a criteria rule (automatic)
    REASON = "reason"  # a reviewer's reason key (criteria.toml's [reasons] or a key of its own)
    OTHER = "other"  # a reviewer's own words, given with the reason "other"
    NONE = "none"  # excluded with no reason


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason as counted: the same `kind` and `key` are one reason, whatever `label`
    (free text keyed by its folded form is labelled as first written)."""

    kind: ReasonKind
    key: str  # rule id, reason key, folded free text; "" for no reason
    label: str = field(compare=False)  # what a reader sees

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "key": self.key, "reason": self.label}


NONE = Reason(ReasonKind.NONE, "", NO_REASON)


def rule_reason(rule_id: str, text: str) -> Reason:
    """An automatic exclusion by the criteria rule `rule_id` (its reason text, or its id)."""
    return Reason(ReasonKind.RULE, rule_id, without_bidi_controls(text or rule_id))


def decision_reason(key: str, note: str, labels: Mapping[str, str]) -> Reason:
    """The reason of one exclusion: `key` as the review's `[reasons]` (`labels`) name it; the
    note's words for an "other" reason the review does not list itself; NONE for no key."""
    if not key:
        return NONE
    # A label is drawn beside its count: no bidi control may reorder it (`report.plain`).
    if key in labels:
        return Reason(ReasonKind.REASON, key, without_bidi_controls(labels[key]))
    if key == OTHER_REASON:
        words = " ".join(without_bidi_controls(note).split())
        folded = words.casefold().rstrip(".;:, ")
        return Reason(ReasonKind.OTHER, folded, words or OTHER_REASON)
    return Reason(ReasonKind.REASON, key, without_bidi_controls(key))


def counting_rows(rows: Sequence[ReasonRow], needed: int) -> list[ReasonRow]:
    """The decisions whose reasons speak for a record excluded at one stage, as the outcome
    was settled (`screening.status.tally`): an adjudicator's resolution alone, unless it gave
    no reason, when the reviewers' exclusions speak; with one reviewer per record the newest
    verdict; otherwise every agreeing reviewer's exclusion."""
    if needed <= 1 and len(rows) == 1:
        return list(rows)  # one verdict alone: the common case, settled by it
    resolutions: list[ReasonRow] = []
    excluding: list[ReasonRow] = []
    for row in rows:
        if is_resolution_row(row[:5]):
            resolutions.append(row)
        elif row[3] == _EXCLUDE:
            excluding.append(row)
    if resolutions:
        return [resolutions[-1]] if resolutions[-1][5] else excluding
    if needed <= 1:
        return list(rows[-1:])
    return excluding


def settled_reason(rows: Sequence[ReasonRow], needed: int, labels: Mapping[str, str]) -> Reason:
    """The one reason a record excluded at a stage counts under. When the reviewers who
    agreed to exclude gave different reasons, the reason most of them gave counts, and on
    a tie the one given first: a record is one row of the reasons table, as it is one box
    of the flow, and the earliest reason is the one the team saw first."""
    return _most_given(
        [decision_reason(r[5], r[6], labels) for r in counting_rows(rows, needed) if r[5]]
    )


def _most_given(given: list[Reason]) -> Reason:
    if not given:
        return NONE
    first = given[0]
    if all(reason is first for reason in given):  # one reason, or reviewers who agree
        return first
    tally = Counter(given)
    most = max(tally.values())
    return next(reason for reason in given if tally[reason] == most)


def settled_reasons(
    rows: Iterable[ReasonRow],
    excluded: Iterable[int],
    needed: int,
    labels: Mapping[str, str],
) -> dict[int, Reason]:
    """record id -> its reason (`settled_reason`), for each record of `excluded` (its
    current decisions at the stage among `rows`, oldest first)."""
    wanted = set(excluded)
    by_record: dict[int, list[ReasonRow]] = defaultdict(list)
    for row in rows:
        if row[0] in wanted:
            by_record[row[0]].append(row)
    # Tens of thousands of exclusions share a handful of reasons: each is made once (a
    # note names the reason only with the key "other").
    made: dict[tuple[str, str], Reason] = {}
    # One object per reason, labelled as first written: "Adults only" and "adults only."
    # are one reason, and every report that counts it (reasons, the flow's "reports
    # excluded", the export) must show it under the one label.
    first: dict[Reason, Reason] = {}
    found = {}
    # Records in the order of their first decision (oldest first), then any without one:
    # "first written" is the team's first, on every run.
    for record_id in [*by_record, *sorted(wanted.difference(by_record))]:
        given = []
        for row in counting_rows(by_record.get(record_id, []), needed):
            if row[5]:
                known = (row[5], row[6] if row[5] == OTHER_REASON else "")
                reason = made.get(known)
                if reason is None:
                    reason = decision_reason(*known, labels)
                    reason = made[known] = first.setdefault(reason, reason)
                given.append(reason)
        found[record_id] = _most_given(given)
    return found


@dataclass(frozen=True, slots=True)
class ReasonCount:
    reason: Reason
    n: int

    def as_json(self) -> dict[str, object]:
        return {**self.reason.as_json(), "n": self.n}


@dataclass(frozen=True, slots=True)
class StageReasons:
    """The exclusions of one stage, reason by reason, the most frequent first."""

    stage: str
    counts: tuple[ReasonCount, ...]

    @property
    def excluded(self) -> int:
        return sum(count.n for count in self.counts)

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "excluded": self.excluded,
            "reasons": [count.as_json() for count in self.counts],
        }


def count_reasons(stage: str, reasons: Iterable[Reason]) -> StageReasons:
    """One row per distinct reason, labelled as first met; most frequent first, then by label."""
    tally = Counter(reasons)
    ordered = sorted(tally.items(), key=lambda item: (-item[1], item[0].label.casefold()))
    return StageReasons(stage, tuple(ReasonCount(reason, n) for reason, n in ordered))


def prisma_reasons(reasons: Iterable[Reason]) -> tuple[tuple[str, int], ...]:
    """(label, n) per reason, as the flow's `dbr_excluded` lists them."""
    return tuple((c.reason.label, c.n) for c in count_reasons("", reasons).counts)


@dataclass(frozen=True, slots=True)
class ReasonsReport:
    """`screener report reasons`: the exclusions of each stage asked for, reason by reason."""

    stages: tuple[StageReasons, ...]
    warnings: tuple[str, ...] = ()  # e.g. reasons shown by key: the criteria file is broken

    def as_json(self) -> dict[str, object]:
        """`{"stages": [{"stage", "excluded", "reasons": [{"kind": "rule"|"reason"|"other"|
        "none", "key", "reason", "n"}]}]}`"""
        return {"stages": [stage.as_json() for stage in self.stages]}


__all__ = [
    "AUTOMATIC",
    "NONE",
    "REASON_STAGES",
    "Reason",
    "ReasonCount",
    "ReasonKind",
    "ReasonRow",
    "ReasonsReport",
    "StageReasons",
    "count_reasons",
    "decision_reason",
    "prisma_reasons",
    "rule_reason",
    "settled_reason",
    "settled_reasons",
]
