"""Which value of a field stands for a study, when one or two coders code it.

With one coder per record (`[coding] coders_per_record = 1`, the default) a field's value is
the latest any coder gave. With two, a value stands once the coders agree; where they
disagree, the field waits for a resolution: a value set with `screener code set --resolve`
(stored under the coder name `resolution:NAME`), which stands over any coder's. Text and
quote fields have no agreement to reach: with both coded, the first coder's value stands
(the second's is kept, and shown by `code agreement`), unless resolved.

Rules are small named functions walked in order (`RULES`); the first that applies decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, Protocol

from screener.synthesis.frame import TEXT_KINDS, FieldKind
from screener.synthesis.values import Value, category

RESOLUTION_PREFIX = "resolution:"


def resolution_coder(name: str) -> str:
    """The coder name under which `name`'s resolution of a disagreement is stored."""
    return f"{RESOLUTION_PREFIX}{name}"


def is_resolution(coder: str) -> bool:
    """Whether a value row is a resolution rather than a coder's own value."""
    return coder.startswith(RESOLUTION_PREFIX)


def is_reserved_coder(name: str) -> bool:
    """Whether `name` may not be a coder's: blank, or in the resolution namespace (any
    case), where a coder's plain value would stand over the others' as a resolution."""
    plain = name.strip()
    return not plain or plain.casefold().startswith(RESOLUTION_PREFIX)


def has_its_coders(coders: list[str], coder: str, coders_per_record: int) -> bool:
    """Whether a record coded by `coders` has no room for `coder`: with N coders per study
    (N of 2 or more), N others have coded it already. With one coder per study any coder
    may take a record over (the latest value stands)."""
    if coders_per_record < 2 or coder in coders:
        return False
    return len(coders) >= coders_per_record


def coder_name_problem(name: str) -> str:
    """Why `name` cannot code ("" when it can)."""
    if not is_reserved_coder(name):
        return ""
    if not name.strip():
        return "a coder needs a name"
    return (
        f"coder name {name!r} is reserved: names starting '{RESOLUTION_PREFIX}' hold"
        " resolutions (use --resolve to settle a disagreement)"
    )


class Settlement(str, Enum):
    """Where one field of one record stands."""

    SETTLED = "settled"  # one coder's value, or the coders agree
    RESOLVED = "resolved"  # a resolution stands over the coders' values
    AWAITING = "awaiting"  # fewer coders than the review asks for
    DISAGREE = "disagree"  # the coders differ, and nobody has resolved it


@dataclass(frozen=True, slots=True)
class FieldOutcome:
    """A field of a record: where it stands and the value that stands (None while none)."""

    record_id: int
    field: str
    state: Settlement
    value: Value | None
    coders: tuple[str, ...]  # who coded it, in the order they first did


class Given(Protocol):
    """A coder's current value of a field, as settling reads it: a `CodedValue`, or the
    lean `Coded` of which the evidence table reads 120,000."""

    @property
    def record_id(self) -> int: ...
    @property
    def field(self) -> str: ...
    @property
    def coder(self) -> str: ...
    @property
    def value(self) -> Value: ...


class Coded(NamedTuple):
    """A coder's current value of a field, without the time and uuid of a `CodedValue`."""

    record_id: int
    field: str
    coder: str
    value: Value


class _Case(NamedTuple):
    kind: FieldKind | None  # None: a field the frame no longer has
    coded: tuple[Given, ...]  # coders' own values, in the order they were last set
    resolutions: tuple[Given, ...]
    coders_per_record: int


Rule = Callable[[_Case], "tuple[Settlement, Value | None] | None"]


def resolved(case: _Case) -> tuple[Settlement, Value | None] | None:
    """A resolution stands over the coders' values: the latest one."""
    return (Settlement.RESOLVED, case.resolutions[-1].value) if case.resolutions else None


def single_coder(case: _Case) -> tuple[Settlement, Value | None] | None:
    """With one coder per record, the latest value any coder gave stands."""
    if case.coders_per_record > 1:
        return None
    return Settlement.SETTLED, case.coded[-1].value


def awaiting_coder(case: _Case) -> tuple[Settlement, Value | None] | None:
    """Fewer coders than the review asks for: nothing stands yet."""
    return (Settlement.AWAITING, None) if len(case.coded) < case.coders_per_record else None


def free_text(case: _Case) -> tuple[Settlement, Value | None] | None:
    """Text and quotes have no agreement to reach: the first coder's stands."""
    return (Settlement.SETTLED, case.coded[0].value) if case.kind in TEXT_KINDS else None


def agreed(case: _Case) -> tuple[Settlement, Value | None] | None:
    """Every coder gave the same value (for an appraisal, the same rating)."""
    first = case.coded[0].value
    # The same value is the same category: most fields agree by this alone.
    if all(v.value == first for v in case.coded) or (
        len({_compared(case.kind, v.value) for v in case.coded}) == 1
    ):
        return Settlement.SETTLED, first
    return None


def disagree(case: _Case) -> tuple[Settlement, Value | None] | None:
    """The coders differ: the field waits for a resolution."""
    return Settlement.DISAGREE, None


RULES: tuple[Rule, ...] = (resolved, single_coder, awaiting_coder, free_text, agreed, disagree)


def _compared(kind: FieldKind | None, value: Value) -> object:
    if kind is not None and kind is not FieldKind.NUMBER and kind not in TEXT_KINDS:
        return category(value)
    return value


def settle(
    values: Iterable[Given], kinds: Mapping[str, FieldKind], coders_per_record: int
) -> dict[tuple[int, str], FieldOutcome]:
    """(record id, field) -> its outcome, for every field with at least one value.

    `values` are the current values (coders' and resolutions), oldest first; `kinds` the
    frame's field kinds (a field missing from it is compared by its values as they are).
    """
    grouped: dict[tuple[int, str], list[Given]] = {}
    for value in values:
        grouped.setdefault((value.record_id, value.field), []).append(value)
    resolvers: dict[str, bool] = {}  # coder name -> is_resolution, asked once per name
    outcomes = {}
    for (record_id, field), given in grouped.items():
        coded: list[Given] = []
        resolutions: list[Given] = []
        for value in given:
            resolver = resolvers.get(value.coder)
            if resolver is None:
                resolver = resolvers[value.coder] = is_resolution(value.coder)
            (resolutions if resolver else coded).append(value)
        case = _Case(kinds.get(field), tuple(coded), tuple(resolutions), coders_per_record)
        for rule in RULES:
            if not case.coded and rule is not resolved:
                break
            found = rule(case)
            if found is not None:
                outcomes[(record_id, field)] = FieldOutcome(
                    record_id, field, found[0], found[1], tuple(v.coder for v in case.coded)
                )
                break
    return outcomes
