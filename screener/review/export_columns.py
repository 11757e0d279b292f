"""The columns an export adds after the record's own fields: each set from one provider.

A provider is a function of the export's `Selection` that returns a `ColumnSet`: its column
names, and per selected record id the text of each column (a record or a column it leaves
out is empty). The export walks `PROVIDERS` in order; the CSV writes the columns after its
own, the CSL-JSON in each item's `custom.screener` object. Another set of columns is one
more function and one more entry in `PROVIDERS`.

Blind dual screening holds here as everywhere (`screening/blind.py`): while a record still
awaits a reviewer's verdict at a stage, no verdict, reason, note or reviewer's name of that
stage is exported, only how many verdicts it awaits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from screener.model import SCREENING_STAGES, Decision, Stage, Verdict
from screener.report.reasons import Reason, ReasonKind
from screener.report.reasons import settled_reason as counted_reason
from screener.review.coding_export import coded_columns_provider
from screener.review.conflict_views import state_text
from screener.screening.blind import StageDecisions, required_verdicts
from screener.screening.decisions import OTHER_REASON
from screener.screening.status import Screening, is_resolution, screening_state
from screener.store import Store
from screener.store.progress import DecisionRow

# An export is read by no reviewer in particular: it shows what every verdict being in has
# revealed to all, and no one's own verdict early. Reviewer names are never empty, so this
# viewer owns no verdict.
NOBODY = ""
# Between the parts of a cell that holds several (reviewers, verdicts, notes, rule ids).
JOIN = "; "


@dataclass(frozen=True, slots=True)
class ColumnSet:
    """Columns for the exported records: `names` in order, and per record id the text of
    some of them (anything not given is an empty cell)."""

    names: tuple[str, ...]
    cells: Mapping[int, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Selection:
    """What a provider is told of an export: the records it writes and the review's state."""

    store: Store
    root: Path
    record_ids: tuple[int, ...]  # the exported records, in the order they are written
    statuses: Mapping[int, str]  # every record's status
    stage: str | None  # --stage; None: each record's latest stage with a decision
    reviewers_per_record: int
    reasons: Mapping[str, str]  # criteria.toml [reasons]: key -> text
    # per (record, stage): its state under the policy and settled verdict (`status.tally`)
    states: Mapping[tuple[int, str], tuple[Screening, str]]
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def current_decisions(self) -> list[DecisionRow]:
        """The current decisions on the exported records at the screening stages, as rows
        `Decision(*row)` takes, read once for every provider that asks."""
        found = self._cache.get("decisions")
        if found is None:
            wanted = set(self.record_ids)
            found = [
                row
                for row in self.store.current_decision_rows()
                if row[0] in wanted and row[1] in SCREENING_STAGES
            ]
            self._cache["decisions"] = found
        return found  # type: ignore[return-value]


Provider = Callable[[Selection], ColumnSet]

DECISION_COLUMNS = ("stage", "reason", "reviewers", "verdicts", "notes")


def decision_columns(selection: Selection) -> ColumnSet:
    """The decisions of one stage per record (`Selection.stage`, else the record's latest
    stage with a decision): `stage` (which one, empty without decisions), `reason` (the
    settled exclusion reason), `reviewers` (who gave a verdict), `verdicts` (each
    reviewer's current verdict, then the adjudicator's resolution), `notes`."""
    rpr = selection.reviewers_per_record
    required = {stage: required_verdicts(stage, rpr, 0) for stage in SCREENING_STAGES}
    # The groups `blind.by_record_and_stage` makes, with the states the status count found
    # already (working them out again per record was a fifth of a large export's time).
    found: dict[tuple[int, str], list[DecisionRow]] = defaultdict(list)
    for row in selection.current_decisions():
        found[(row[0], row[1])].append(row)
    cells: dict[int, dict[str, str]] = {}
    # The cells depend on the decisions' content (reviewer, verdict, reason, note, kind) and
    # the state alone, and most records of a large review share them with many others
    # ("ana: exclude (design); ben: exclude (design)"): each distinct set is worked out once.
    known: dict[tuple[object, ...], dict[str, str]] = {}
    for record_id in selection.record_ids:
        stage = selection.stage or latest_stage(record_id, found)
        rows = found.get((record_id, stage))
        if not rows:
            continue
        tallied = selection.states.get((record_id, stage))
        content = (stage, tallied, *((*row[2:6], row[7]) for row in rows))
        shown = known.get(content)
        if shown is None:
            decisions = tuple(Decision(*row) for row in rows)
            state = tallied[0] if tallied else screening_state(decisions, required[stage])
            group = StageDecisions(record_id, stage, decisions, state)
            shown = known[content] = stage_cells(group, required[stage], rpr, selection.reasons)
        cells[record_id] = shown
    return ColumnSet(DECISION_COLUMNS, cells)


_FULL_TEXT, _TITLE_ABSTRACT = Stage.FULL_TEXT.value, Stage.TITLE_ABSTRACT.value
_EXCLUDE = Verdict.EXCLUDE.value


def latest_stage(record_id: int, groups: Mapping[tuple[int, str], object]) -> str:
    """Full-text once the record has a decision there, else title-abstract."""
    return _FULL_TEXT if (record_id, _FULL_TEXT) in groups else _TITLE_ABSTRACT


def stage_cells(
    group: StageDecisions, required: int, rpr: int, reasons: Mapping[str, str]
) -> dict[str, str]:
    """The decision columns of one record at one stage, as no reviewer in particular may
    see them."""
    shown = group.visible_to(NOBODY)
    verdicts = [d for d in shown if not is_resolution(d)]
    resolutions = [d for d in shown if is_resolution(d)]
    parts = [f"{d.reviewer}: {verdict_words(d)}" for d in verdicts]
    if resolutions:
        last = resolutions[-1]
        parts.append(f"resolution by {last.reviewer}: {verdict_words(last)}")
    if group.state is Screening.AWAITING or group.state is Screening.CONFLICT:
        parts.append(state_text(group.state, len(group.verdicts), required))
    return {
        "stage": group.stage,
        "reason": settled_reason(group.state, verdicts, resolutions, rpr, reasons),
        # one current verdict per reviewer: no name twice
        "reviewers": JOIN.join([d.reviewer for d in verdicts]),
        "verdicts": JOIN.join(parts),
        "notes": JOIN.join(f"{who(d)}: {d.note}" for d in shown if d.note),
    }


def verdict_words(decision: Decision) -> str:
    """ "exclude (design)", "include" """
    return f"{decision.verdict} ({decision.reason})" if decision.reason else decision.verdict


def who(decision: Decision) -> str:
    return f"resolution by {decision.reviewer}" if is_resolution(decision) else decision.reviewer


def settled_reason(
    state: Screening,
    verdicts: Sequence[Decision],
    resolutions: Sequence[Decision],
    rpr: int,
    reasons: Mapping[str, str],
) -> str:
    """The one reason a record settled as excluded counts under, as `report reasons` and the
    PRISMA flow count it (`report.reasons.settled_reason`: the resolution's, or without one
    the agreeing reviewers' most given, on a tie the first); empty when the record is not
    settled as excluded. Each reviewer's own reason stays in `verdicts`."""
    if state is Screening.RESOLVED:
        outcome = resolutions[-1].verdict if resolutions else ""
    elif state is Screening.AGREED:
        outcome = verdicts[-1].verdict if verdicts else ""
    else:
        return ""
    if outcome != _EXCLUDE:
        return ""
    rows = [
        (d.record_id, d.stage, d.reviewer, d.verdict, d.kind, d.reason, d.note)
        for d in (*verdicts, *resolutions)
    ]
    return reason_text(counted_reason(rows, rpr, reasons))


def reason_text(reason: Reason) -> str:
    """A reason as a reader of the export wants it: the criteria file's words with the key
    ("not empirical research (design)"), "other: " and the reviewer's own words, or the key
    given where the review does not list it; empty for none."""
    if reason.kind is ReasonKind.NONE:
        return ""
    if reason.kind is ReasonKind.OTHER:
        return f"{OTHER_REASON}: {reason.label}" if reason.key else OTHER_REASON
    return f"{reason.label} ({reason.key})" if reason.label != reason.key else reason.key


def criteria_columns(selection: Selection) -> ColumnSet:
    """`criteria_rules`: the ids of the rules that excluded or flagged the record in the
    criteria run in force (the deciding rule first, then the flag rules it failed)."""
    outcomes = selection.store.latest_criteria_outcomes()
    flags = selection.store.latest_criteria_flags()
    cells: dict[int, dict[str, str]] = {}
    for record_id in selection.record_ids:
        outcome, rule, _ = outcomes.get(record_id, ("pass", "", ""))
        failed = [rule] if outcome != "pass" and rule else []
        failed.extend(flags.get(record_id, ()))
        if failed:
            cells[record_id] = {"criteria_rules": JOIN.join(dict.fromkeys(failed))}
    return ColumnSet(("criteria_rules",), cells)


def duplicate_columns(selection: Selection) -> ColumnSet:
    """`duplicate_of_key`: the key of the canonical record a merged duplicate belongs to
    (the export's `duplicate_of` column holds its id), empty for any other record."""
    links = selection.store.active_duplicate_links()
    merged = [rid for rid in selection.record_ids if rid in links]
    keys = selection.store.keys_and_titles({links[rid] for rid in merged})
    cells = {rid: {"duplicate_of_key": keys.get(links[rid], ("", ""))[0]} for rid in merged}
    return ColumnSet(("duplicate_of_key",), cells)


# The sets of columns an export adds, in order. One more set is one more entry here.
PROVIDERS: tuple[Provider, ...] = (
    decision_columns,
    criteria_columns,
    duplicate_columns,
    coded_columns_provider,  # the synthesis stage's coded fields (review/coding_export.py)
)


def provided_columns(
    selection: Selection, providers: Iterable[Provider] | None = None
) -> tuple[ColumnSet, ...]:
    """Every provider's columns (`PROVIDERS` unless given) for the selection; a column name
    given twice is a programming error (ValueError), as one would hide the other."""
    sets = tuple(
        provider(selection) for provider in (PROVIDERS if providers is None else providers)
    )
    seen: set[str] = set()
    for found in sets:
        clash = seen.intersection(found.names)
        if clash:
            raise ValueError(f"export columns given twice: {', '.join(sorted(clash))}")
        seen.update(found.names)
    return sets


def cell_reader(sets: Sequence[ColumnSet]) -> Callable[[int | None], list[tuple[str, str]]]:
    """A record's (column, text) pairs across `sets`, every column present, in order."""

    def cells(record_id: int | None) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for columns in sets:
            row = columns.cells.get(record_id or 0, {})
            found.extend((name, row.get(name, "")) for name in columns.names)
        return found

    return cells
