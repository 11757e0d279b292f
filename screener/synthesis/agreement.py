"""Agreement between coders, field by field (`screener code agreement`).

How each kind is compared:
- categorical kinds (one_of, many_of, yes_no, appraisal): percent agreement and Cohen's
  kappa (Fleiss' with three coders or more), by the screening agreement statistics
  (screening/agreement.py), each value a category: the option, the set of options for
  many_of (two coders agree when they picked the same set), the rating for an appraisal;
- number: exact agreement (percent of records on which the numbers are equal);
- text and quote: no agreement to measure; only how many records both coders coded.

Figures are over the records that two or more coders coded (for kappa, every compared
coder); kappa is withheld over fewer than MIN_KAPPA_RECORDS records (one record says
nothing about the agreement chance would give, yet gives a kappa such as -0.33), and noted
as unstable below STABLE_KAPPA_RECORDS. Resolutions (`code set --resolve`) are not a
coder's judgement and are left out, but a disagreement that has one is marked resolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from screener.screening.agreement import measure_agreement
from screener.synthesis.frame import CodingField, FieldKind, Frame
from screener.synthesis.settle import is_resolution
from screener.synthesis.values import CodedValue, Value, category, cell_text

MIN_KAPPA_RECORDS = 2
STABLE_KAPPA_RECORDS = 10


def kappa_note(records: int) -> str:
    """What a kappa over `records` records is worth ("" when it reads as it is)."""
    if records < MIN_KAPPA_RECORDS:
        return (
            f"kappa needs {MIN_KAPPA_RECORDS} or more records coded by every coder (here {records})"
        )
    if records < STABLE_KAPPA_RECORDS:
        return f"kappa over {records} records is unstable: read it with the disagreements"
    return ""


class Measure(str, Enum):
    """How a field's values are compared."""

    KAPPA = "kappa"  # categories: percent agreement and kappa
    EXACT = "exact"  # numbers: percent of exact matches
    CODED = "coded"  # free text: whether both coded


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A record on which the coders of a field gave different values."""

    record_id: int
    field: str
    values: tuple[tuple[str, str], ...]  # (coder, value as a cell), by coder
    resolved: bool

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "field": self.field,
            "values": {coder: text for coder, text in self.values},
            "resolved": self.resolved,
        }


@dataclass(frozen=True, slots=True)
class FieldAgreement:
    """One field's agreement; a figure is None where it is undefined (`notes` say why)."""

    field: str
    label: str
    kind: FieldKind
    measure: Measure
    coders: tuple[str, ...]
    records: int  # records two or more coders coded
    coded_by_one: int  # records only one coder coded
    percent: float | None
    kappa: float | None  # Cohen's with two coders, Fleiss' with more
    disagreements: tuple[Disagreement, ...]
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "field": self.field,
            "label": self.label,
            "kind": self.kind.value,
            "measure": self.measure.value,
            "coders": list(self.coders),
            "records": self.records,
            "coded_by_one": self.coded_by_one,
            "percent_agreement": _shown(self.percent),
            "kappa": _shown(self.kappa),
            "disagreements": [d.as_json() for d in self.disagreements],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class CodingAgreement:
    """Agreement for every field of the frame, in frame order."""

    coders: tuple[str, ...]
    fields: tuple[FieldAgreement, ...]

    def as_json(self) -> dict[str, object]:
        return {"coders": list(self.coders), "fields": [f.as_json() for f in self.fields]}


def _shown(value: float | None) -> float | None:
    return None if value is None else round(value, 12)


def measure_of(field: CodingField) -> Measure:
    """How the values of `field` are compared."""
    if field.categorical:
        return Measure.KAPPA
    if field.kind is FieldKind.NUMBER:
        return Measure.EXACT
    return Measure.CODED


def coding_agreement(frame: Frame, values: Iterable[CodedValue]) -> CodingAgreement:
    """Agreement per field of `frame` among the coders of `values` (current values)."""
    by_field: dict[str, dict[int, dict[str, Value]]] = defaultdict(lambda: defaultdict(dict))
    resolved: set[tuple[int, str]] = set()
    coders: set[str] = set()
    for value in values:
        if is_resolution(value.coder):
            resolved.add((value.record_id, value.field))
            continue
        coders.add(value.coder)
        by_field[value.field][value.record_id][value.coder] = value.value
    fields = tuple(
        field_agreement(field, by_field.get(field.id, {}), resolved) for field in frame.fields
    )
    return CodingAgreement(tuple(sorted(coders)), fields)


def field_agreement(
    field: CodingField, records: dict[int, dict[str, Value]], resolved: set[tuple[int, str]]
) -> FieldAgreement:
    """One field's agreement; `records` is record id -> coder -> value."""
    measure = measure_of(field)
    coders = tuple(sorted({coder for given in records.values() for coder in given}))
    shared = {r: given for r, given in records.items() if len(given) >= 2}
    alone = len(records) - len(shared)
    percent: float | None = None
    kappa: float | None = None
    notes: tuple[str, ...] = ()
    if measure is Measure.KAPPA:
        figures = measure_agreement(
            {c: {r: category(g[c]) for r, g in records.items() if c in g} for c in coders}
        )
        percent = figures.percent
        kappa = figures.cohen_kappa if len(coders) == 2 else figures.fleiss_kappa
        notes = figures.notes
        small = kappa_note(figures.records) if kappa is not None else ""
        if small:
            notes = (*notes, small)
        if figures.records < MIN_KAPPA_RECORDS:
            kappa = None
    elif measure is Measure.EXACT and shared:
        percent = sum(_all_same(field, given.values()) for given in shared.values()) / len(shared)
    if not shared:
        notes = notes or ("no record was coded by two coders",)
    disagreements: tuple[Disagreement, ...] = ()
    if measure is not Measure.CODED:
        disagreements = tuple(
            Disagreement(
                record_id,
                field.id,
                tuple((coder, cell_text(given[coder])) for coder in sorted(given)),
                (record_id, field.id) in resolved,
            )
            for record_id, given in sorted(shared.items())
            if not _all_same(field, given.values())
        )
    return FieldAgreement(
        field.id,
        field.label,
        field.kind,
        measure,
        coders,
        len(shared),
        alone,
        percent,
        kappa,
        disagreements,
        notes,
    )


def _all_same(field: CodingField, values: Iterable[Value]) -> bool:
    compared: Sequence[object] = [category(v) if field.categorical else v for v in values]
    return len(set(compared)) <= 1
