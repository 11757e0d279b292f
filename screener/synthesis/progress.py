"""Coding progress per field, and the flags of a frame edited after coding began.

An edited frame never loses a value: a value of a field the frame no longer has is kept and
listed as "no longer in the frame"; a value that is no longer one of its field's options
(renamed or removed), or no longer fits it (another kind, a moved bound), is kept and
flagged with the reason. Both are listed by `screener code status` and `code validate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from screener.synthesis.frame import Frame
from screener.synthesis.settle import FieldOutcome, Settlement
from screener.synthesis.values import CodedValue, cell_text, misfit


@dataclass(frozen=True, slots=True)
class FieldProgress:
    """One field over the records to code: how many have a value that stands, how many
    wait on a disagreement, and how many are still to code."""

    field: str
    label: str
    coded: int
    disagreements: int
    to_code: int

    def as_json(self) -> dict[str, object]:
        return {
            "field": self.field,
            "label": self.label,
            "coded": self.coded,
            "disagreements": self.disagreements,
            "to_code": self.to_code,
        }


@dataclass(frozen=True, slots=True)
class RemovedField:
    """Values of a field the frame no longer has; kept, and shown apart."""

    field: str
    values: int
    records: int

    def __str__(self) -> str:
        values = f"{self.values} value" + ("" if self.values == 1 else "s")
        records = f"{self.records} record" + ("" if self.records == 1 else "s")
        return f"field '{self.field}' is no longer in the frame: {values} on {records} kept"

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "values": self.values, "records": self.records}


@dataclass(frozen=True, slots=True)
class Misfit:
    """A value that no longer fits its field as the frame has it now."""

    record_id: int
    field: str
    coder: str
    value: str  # as a table cell
    why: str

    def __str__(self) -> str:
        return (
            f"record {self.record_id}, field '{self.field}' ({self.coder}): {self.why}"
            f" (value kept: {self.value})"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "field": self.field,
            "coder": self.coder,
            "value": self.value,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class CodingStatus:
    """`screener code status`: progress per field and the flags."""

    records: int  # records to code
    coders_per_record: int
    fields: tuple[FieldProgress, ...]
    removed: tuple[RemovedField, ...]
    misfits: tuple[Misfit, ...]

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(str(flag) for flag in (*self.removed, *self.misfits))

    def as_json(self) -> dict[str, object]:
        return {
            "records": self.records,
            "coders_per_record": self.coders_per_record,
            "fields": [f.as_json() for f in self.fields],
            "removed_fields": [r.as_json() for r in self.removed],
            "misfits": [m.as_json() for m in self.misfits],
        }


def removed_fields(frame: Frame, values: Iterable[CodedValue]) -> tuple[RemovedField, ...]:
    """The fields with values that the frame no longer has, by field id."""
    counts: Counter[str] = Counter()
    records: dict[str, set[int]] = {}
    for value in values:
        if not frame.has_field(value.field):
            counts[value.field] += 1
            records.setdefault(value.field, set()).add(value.record_id)
    return tuple(RemovedField(f, counts[f], len(records[f])) for f in sorted(counts))


def misfits(frame: Frame, values: Iterable[CodedValue]) -> tuple[Misfit, ...]:
    """The values that no longer fit their field, by record and field."""
    found = []
    for value in values:
        if not frame.has_field(value.field):
            continue
        why = misfit(frame.field(value.field), value.value)
        if why:
            found.append(
                Misfit(value.record_id, value.field, value.coder, cell_text(value.value), why)
            )
    return tuple(sorted(found, key=lambda m: (m.record_id, m.field, m.coder)))


def coding_status(
    frame: Frame,
    record_ids: Sequence[int],
    values: Sequence[CodedValue],
    outcomes: Mapping[tuple[int, str], FieldOutcome],
    coders_per_record: int,
) -> CodingStatus:
    """Progress per field of the frame over `record_ids`, and the flags of `values` (every
    value of the review: a flag on a record no longer included is still a value kept)."""
    wanted = set(record_ids)
    progress = []
    for field in frame.fields:
        states = Counter(
            outcome.state
            for (record_id, field_id), outcome in outcomes.items()
            if field_id == field.id and record_id in wanted
        )
        coded = states[Settlement.SETTLED] + states[Settlement.RESOLVED]
        disagreements = states[Settlement.DISAGREE]
        progress.append(
            FieldProgress(
                field.id, field.label, coded, disagreements, len(wanted) - coded - disagreements
            )
        )
    return CodingStatus(
        len(wanted),
        coders_per_record,
        tuple(progress),
        removed_fields(frame, values),
        misfits(frame, values),
    )
