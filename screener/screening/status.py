"""A record's status in the PRISMA flow, derived from links, criteria runs and decisions.

Status is never stored: it is computed from the append-only rows, so an undo, an unmerge
or a criteria re-run changes it without any record being edited.

A study from the previous version of the review (a record imported with `--method
previous`, or a duplicate group with such a member) was included there: it is `included`
whatever was decided on it since, and is screened by no one (the PRISMA flow counts it among
the previous studies, outside screening).

With two or more reviewers per record, a record waiting at a stage is in one of the
`Screening` states below: no verdict yet, awaiting more reviewers, in conflict, or settled
(by agreement or by an adjudicator's resolution).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from screener.model import Decision, Stage, Status, Verdict

_FULL_TEXT_STATUS = {
    Verdict.INCLUDE.value: Status.INCLUDED.value,
    Verdict.EXCLUDE.value: Status.EXCLUDED_FULL_TEXT.value,
    Verdict.NOT_RETRIEVED.value: Status.NOT_RETRIEVED.value,
}
_TITLE_ABSTRACT_STATUS = {
    Verdict.INCLUDE.value: Status.FULL_TEXT.value,
    Verdict.EXCLUDE.value: Status.EXCLUDED_SCREENING.value,
}
# The import method of the studies of the review's previous version (`import --method`).
PREVIOUS_METHOD = "previous"
RESOLUTION = "resolution"
# Before decisions had a kind, an adjudicator's decision was one by a reviewer of this name.
LEGACY_RESOLVER = "resolver"


class Screening(enum.Enum):
    """Where a record stands at one stage under the review's policy."""

    UNDECIDED = "undecided"  # no verdict yet
    AWAITING = "awaiting"  # fewer verdicts than the policy asks for
    CONFLICT = "conflict"  # every verdict asked for is in, and they disagree
    AGREED = "agreed"  # every verdict asked for is in, and they agree
    RESOLVED = "resolved"  # an adjudicator settled it


def is_resolution(decision: Decision) -> bool:
    """An adjudicator's decision: of kind "resolution", or (rows from before decisions had
    a kind) by a reviewer named "resolver"."""
    return decision.kind == RESOLUTION or decision.reviewer == LEGACY_RESOLVER


def screening_state(current: Iterable[Decision], reviewers_per_record: int = 1) -> Screening:
    """The state of one record at one stage from its current decisions (any order)."""
    verdicts: list[str] = []
    for decision in current:
        if is_resolution(decision):
            return Screening.RESOLVED
        verdicts.append(decision.verdict)
    if not verdicts:
        return Screening.UNDECIDED
    if len(verdicts) < reviewers_per_record:
        return Screening.AWAITING
    if reviewers_per_record <= 1 or len(set(verdicts)) == 1:
        return Screening.AGREED
    return Screening.CONFLICT


# A current verdict as `Store.current_verdicts` gives it, for counting over a whole review:
# (record id, stage, reviewer, verdict, kind).
VerdictRow = tuple[int, str, str, str, str]


def is_resolution_row(row: VerdictRow) -> bool:
    """`is_resolution` of a lean row."""
    return row[4] == RESOLUTION or row[2] == LEGACY_RESOLVER


def tally(
    rows: Iterable[VerdictRow], required: Mapping[str, int]
) -> dict[tuple[int, str], tuple[Screening, str]]:
    """Per (record, stage): its state and settled verdict ("" when none), as
    `screening_state` and `stage_outcomes` would give them, in one pass over the review's
    current verdicts (oldest first). `required`: verdicts needed per stage (1 elsewhere)."""
    grouped: dict[tuple[int, str], list[VerdictRow]] = defaultdict(list)
    for row in rows:
        grouped[(row[0], row[1])].append(row)
    maybe = Verdict.MAYBE.value
    resolved, agreed = Screening.RESOLVED, Screening.AGREED  # looked up once, not per record
    awaiting, conflict = Screening.AWAITING, Screening.CONFLICT
    found: dict[tuple[int, str], tuple[Screening, str]] = {}
    for key, group in grouped.items():
        needed = required.get(key[1], 1)
        resolutions = [r for r in group if r[4] == RESOLUTION or r[2] == LEGACY_RESOLVER]
        if resolutions:
            verdict = resolutions[-1][3]
            found[key] = (resolved, "" if verdict == maybe else verdict)
        elif needed <= 1:
            verdict = group[-1][3]
            found[key] = (agreed, "" if verdict == maybe else verdict)
        elif len(group) < needed:
            found[key] = (awaiting, "")
        elif len({r[3] for r in group}) == 1:
            verdict = group[0][3]
            found[key] = (agreed, "" if verdict == maybe else verdict)
        else:
            found[key] = (conflict, "")
    return found


def stage_outcomes(
    decisions: Iterable[Decision], reviewers_per_record: int = 1
) -> dict[tuple[int, str], str]:
    """The settled verdict per (record, stage) under the review's policy.

    With one reviewer per record the newest verdict settles it; with two or more, that many
    reviewers must agree (a disagreement is a conflict and settles nothing). `maybe`
    settles nothing either. An adjudicator's resolution settles a record alone.
    """
    by_record: dict[tuple[int, str], list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_record[(decision.record_id, decision.stage)].append(decision)
    outcomes: dict[tuple[int, str], str] = {}
    for key, current in by_record.items():
        resolved = [d for d in current if is_resolution(d)]
        if resolved:
            verdict = resolved[-1].verdict
        elif reviewers_per_record <= 1:
            verdict = current[-1].verdict
        else:
            verdicts = {d.verdict for d in current}
            if len(current) < reviewers_per_record or len(verdicts) != 1:
                continue
            verdict = verdicts.pop()
        if verdict != Verdict.MAYBE.value:
            outcomes[key] = verdict
    return outcomes


def record_statuses(
    record_ids: Iterable[int],
    duplicate_of: Mapping[int, int],
    criteria_outcomes: Mapping[int, tuple[str, str, str]],
    outcomes: Mapping[tuple[int, str], str],
    previous: Collection[int] = (),
) -> dict[int, str]:
    """Every record's status, in the order given; `previous`: the records imported from
    the review's previous version (`previous_heads`: their groups are included).

    A decision belongs to the study, not to the copy it was made on: a canonical record
    without an outcome of its own at a stage takes the outcome a record merged into it had
    there (the lowest such record id, should two disagree), so that a merge, a dedupe run
    or an unmerge that changes which copy heads a group never drops a decision made on a
    copy."""
    outcomes = _with_group_outcomes(duplicate_of, outcomes)
    included_before = previous_heads(previous, duplicate_of)
    statuses: dict[int, str] = {}
    full_text, title_abstract = Stage.FULL_TEXT.value, Stage.TITLE_ABSTRACT.value
    # Each enum's value looked up once, not once per record of a large review.
    duplicate, included = Status.DUPLICATE.value, Status.INCLUDED.value
    sought, waiting = Status.FULL_TEXT.value, Status.TITLE_ABSTRACT.value
    excluded_automatic = Status.EXCLUDED_AUTOMATIC.value
    for record_id in record_ids:
        if record_id in duplicate_of:
            status = duplicate
        elif record_id in included_before:
            status = included
        elif (verdict := outcomes.get((record_id, full_text))) is not None:
            status = _FULL_TEXT_STATUS.get(verdict, sought)
        elif (verdict := outcomes.get((record_id, title_abstract))) is not None:
            status = _TITLE_ABSTRACT_STATUS.get(verdict, waiting)
        elif criteria_outcomes.get(record_id, ("pass",))[0] == "exclude":
            status = excluded_automatic
        else:
            status = waiting
        statuses[record_id] = status
    return statuses


def previous_heads(previous: Collection[int], duplicate_of: Mapping[int, int]) -> set[int]:
    """The canonical records of the groups (a lone record is a group of one) with a member
    from the previous version of the review: studies included there, screened no more."""
    return {duplicate_of.get(record_id, record_id) for record_id in previous}


def _with_group_outcomes(
    duplicate_of: Mapping[int, int], outcomes: Mapping[tuple[int, str], str]
) -> Mapping[tuple[int, str], str]:
    """`outcomes`, with each canonical record's missing ones taken from its members."""
    inherited: dict[tuple[int, str], tuple[int, str]] = {}
    for (record_id, stage), verdict in outcomes.items():
        canonical = duplicate_of.get(record_id)
        if canonical is None or (canonical, stage) in outcomes:
            continue
        held = inherited.get((canonical, stage))
        if held is None or record_id < held[0]:
            inherited[(canonical, stage)] = (record_id, verdict)
    if not inherited:
        return outcomes
    return {**outcomes, **{key: verdict for key, (_, verdict) in inherited.items()}}
