"""Synthesis: the checks that refuse coding input before anything is written.

Each refusal is a small function with a name: a record that is not coded (`NotCodable`), a
reserved coder name, a record that already has its coders, a resolution where nothing
disagrees. The Review mixin (review/coding.py) gathers what they read (statuses, the
coders of a record, a field's outcome) and calls them; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError
from screener.model import Status
from screener.store import Store

if TYPE_CHECKING:
    from screener.synthesis.frame import CodingField
    from screener.synthesis.settle import FieldOutcome
    from screener.synthesis.values import CodingEntry

# The statuses `status=` may name, and the statuses whose records are then coded.
CODED_STATUSES: dict[str, tuple[str, ...]] = {
    Status.INCLUDED.value: (Status.INCLUDED.value,),
    Status.FULL_TEXT.value: (Status.INCLUDED.value, Status.FULL_TEXT.value),
}


class NotCodable(ScreenerError):
    """A value for a record that is not among those coded (not included, or a duplicate)."""


def coded_statuses(status: str | None) -> tuple[str, ...]:
    """The statuses whose records are coded under `status=` (default: included only);
    UsageError (exit 2) for a status that names no set of records to code."""
    if status is None:
        return CODED_STATUSES[Status.INCLUDED.value]
    if status not in CODED_STATUSES:
        from screener.errors import did_you_mean

        raise UsageError(f"records to code are {status!r}?{did_you_mean(status, CODED_STATUSES)}")
    return CODED_STATUSES[status]


def check_coder(name: str) -> str:
    """`name`, when it may code; UsageError (exit 2) when it is reserved, as a name in the
    resolution namespace is (see synthesis/settle.py)."""
    from screener.synthesis.settle import coder_name_problem

    problem = coder_name_problem(name)
    if problem:
        raise UsageError(problem)
    return name


def check_codable(
    store: Store, record_ids: Iterable[int], status: str | None, statuses: dict[int, str]
) -> None:
    """NotCodable for the first record that is not coded: unknown, a duplicate (naming
    the record to code instead), or at a status outside those coded."""
    wanted = coded_statuses(status)
    for record_id in record_ids:
        current = statuses.get(record_id)
        if current in wanted:
            continue
        if current is None:
            raise NotCodable(f"no record with id {record_id}")
        if current == Status.DUPLICATE.value:
            canonical = store.canonical_of(record_id)
            raise NotCodable(
                f"record {record_id} is a duplicate of record {canonical}; code record {canonical}"
            )
        hint = "" if status else " (records at full text too with --status full-text)"
        raise NotCodable(
            f"record {record_id} is {current}, not {' or '.join(wanted)}: only those are"
            f" coded{hint}"
        )


def check_coder_slot(
    record_id: int, coder: str, coders: dict[int, list[str]], coders_per_record: int
) -> None:
    """With N coders per study, a record that has its N coders takes no other coder's
    value: it would be a third opinion that neither settles nor shows. Resolutions
    (`resolve=True`) stay possible."""
    from screener.synthesis.settle import has_its_coders

    given = coders.get(record_id, [])
    if has_its_coders(given, coder, coders_per_record):
        raise ScreenerError(
            f"record {record_id} already has its {coders_per_record} coders"
            f" ({', '.join(given)}); {coder} cannot code it (settle a disagreement"
            " with --resolve)"
        )


def is_resolvable(outcome: FieldOutcome | None) -> bool:
    """Whether a resolution may be saved on a field: its coders disagree, or an earlier
    resolution stands (the new one replaces it)."""
    from screener.synthesis.settle import Settlement

    return outcome is not None and outcome.state in (Settlement.DISAGREE, Settlement.RESOLVED)


def check_resolvable(
    record_id: int, field_id: str, outcome: FieldOutcome | None, coders_per_record: int
) -> None:
    """A resolution settles a disagreement (or replaces an earlier resolution); where
    nothing disagrees it would overrule coders who agree, or code for a missing one."""
    from screener.synthesis.settle import Settlement

    if is_resolvable(outcome):
        return
    why = {
        None: "nobody has coded it",
        Settlement.SETTLED: "its value is settled",
        Settlement.AWAITING: "it awaits its second coder",
    }[outcome.state if outcome else None]
    if outcome is not None and coders_per_record == 1:
        why = "one coder per study (coders_per_record = 1)"
    raise ScreenerError(f"nothing to resolve: record {record_id}, field '{field_id}': {why}")


def entry_problem(field: CodingField, entry: CodingEntry) -> str:
    """Why an entry read from a file cannot be saved as it stands ("" when it can): a
    reserved coder name, or a value that does not fit its field."""
    from screener.synthesis.settle import coder_name_problem
    from screener.synthesis.values import misfit

    misfits = misfit(field, entry.value)
    return coder_name_problem(entry.coder) or (
        f"field '{entry.field}': {misfits}" if misfits else ""
    )


# -- what the checks read --------------------------------------------------------------------


def record_coders(store: Store, record_ids: Sequence[int]) -> dict[int, list[str]]:
    """record id -> the coders (not resolutions) with a value standing on it, in the
    order they first coded it."""
    from screener.synthesis.settle import is_resolution

    found: dict[int, list[str]] = {}
    for row in store.current_coded_values(record_ids):
        names = found.setdefault(row.record_id, [])
        if not is_resolution(row.coder) and row.coder not in names:
            names.append(row.coder)
    return found


def statuses_of(
    store: Store, record_ids: Sequence[int], reviewers_per_record: int
) -> dict[int, str]:
    """The status of the given records, from their groups' links and decisions and the
    previous version's records: what one save needs, a few indexed queries, rather than
    every record's status (seconds on a large review). A record neither merged nor
    decided shows as title-abstract here, whatever the criteria made of it; only included
    and full-text matter to coding. Derived by `record_statuses` as every status is."""
    from screener.screening.status import record_statuses, stage_outcomes

    # A group's members carry outcomes its canonical record inherits.
    group = {*record_ids, *(m for rid in record_ids for m in store.members_of(rid))}
    links = {
        record_id: canonical
        for record_id in group
        if (canonical := store.canonical_of(record_id)) is not None
    }
    outcomes = stage_outcomes(store.current_decisions_on(sorted(group)), reviewers_per_record)
    previous = store.previous_record_ids() & group
    statuses = record_statuses(sorted(group), links, {}, outcomes, previous)
    return {record_id: statuses[record_id] for record_id in record_ids}
