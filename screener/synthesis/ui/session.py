"""One coder's walk through the records to code: what is shown, what is saved, progress.

The terminal app and the line mode both drive a `CodingSession`; it keeps no value of its
own worth losing: every field is saved through `Review.code_value` (one transaction, an
audit entry, an append-only row) the moment the coder enters it, and undo is a new row.

Coding is blind like screening: the session reads other coders' values only to tell the
coder, field by field, how the coders stand once every coder the review asks for has
coded that field; until then nothing of theirs is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.synthesis.frame import CodingField, Frame
from screener.synthesis.settle import Settlement, is_resolution
from screener.synthesis.values import CodedValue, Value, cell_text

if TYPE_CHECKING:
    from screener.model import Record
    from screener.review import Review


@dataclass(frozen=True, slots=True)
class FieldProgress:
    """How many of the coder's records have a value of theirs for one field."""

    field: str
    coded: int
    total: int

    def __str__(self) -> str:
        return f"{self.field} {self.coded}/{self.total}"


@dataclass(frozen=True, slots=True)
class RecordProgress:
    position: int  # 1-based place of the current record in the walk (0 when done)
    total: int  # records in the coder's walk
    complete: int  # records with every field coded by the coder
    fields_coded: int  # fields of the current record the coder has coded
    fields: int
    saved: int  # values saved in this session


@dataclass(frozen=True, slots=True)
class Standing:
    """How the coders stand on a field once all of them have coded it (blind until then)."""

    state: Settlement
    others: tuple[tuple[str, str], ...]  # (coder, value as text) of the other coders

    def describe(self) -> str:
        words = {
            Settlement.SETTLED: "coders agree",
            Settlement.RESOLVED: "resolved",
            Settlement.DISAGREE: "coders disagree",
            Settlement.AWAITING: "awaiting a coder",
        }
        others = "; ".join(f"{coder}: {text}" for coder, text in self.others)
        return f"{words[self.state]} ({others})" if others else words[self.state]


@dataclass(frozen=True, slots=True)
class Undone:
    record_id: int
    field: str
    value: Value | None
    in_walk: bool


class CodingSession:
    """The coder's records (included ones, or with `status="full-text"` those at full text
    too) that still need them: with `coders_per_record = 2` a record another two coders
    have coded is not in this coder's walk."""

    def __init__(self, review: Review, *, coder: str, status: str | None = None) -> None:
        self.review = review
        self.coder = coder
        self.status = status
        self.frame: Frame = review.coding_frame()
        self.coders_per_record = review.coders_per_record
        records = [(_id(record), record) for record in review.records_to_code(status)]
        values = review.coded_values([record_id for record_id, _ in records])
        self._mine: dict[int, dict[str, Value]] = {}
        coders: dict[int, set[str]] = {}
        for value in values:
            if value.coder == coder:
                self._mine.setdefault(value.record_id, {})[value.field] = value.value
            elif not is_resolution(value.coder):
                coders.setdefault(value.record_id, set()).add(value.coder)
        walk = [
            (record_id, record)
            for record_id, record in records
            if record_id in self._mine or len(coders.get(record_id, ())) < self.coders_per_record
        ]
        in_walk = {record_id for record_id, _ in walk}
        # The studies left to the coders who have them already: the end screen says so,
        # rather than show an empty walk without a reason.
        self.left_to_others: dict[int, tuple[str, ...]] = {
            record_id: tuple(sorted(coders[record_id]))
            for record_id, _ in records
            if record_id not in in_walk
        }
        self.records: list[Record] = [record for _, record in walk]
        self.ids: list[int] = [record_id for record_id, _ in walk]
        self._index_of = {record_id: n for n, record_id in enumerate(self.ids)}
        first_open = [n for n, record_id in enumerate(self.ids) if not self.complete(record_id)]
        self.position = first_open[0] if first_open else len(self.records)
        self.saved = 0
        self._standing: dict[str, Standing] = {}
        self._load_standing()

    # -- where the walk is ----------------------------------------------------------------

    @property
    def fields(self) -> tuple[CodingField, ...]:
        return self.frame.fields

    @property
    def current_id(self) -> int | None:
        return self.ids[self.position] if self.position < len(self.ids) else None

    def current(self) -> Record | None:
        return self.records[self.position] if self.position < len(self.records) else None

    def go(self, step: int) -> bool:
        """Move `step` records on (negative: back); False when there is nowhere to go. The
        walk ends one step past its last record (the end screen)."""
        target = self.position + step
        if not 0 <= target <= len(self.records) or target == self.position:
            return False
        self.position = target
        self._load_standing()
        return True

    def go_to(self, record_id: int) -> bool:
        if record_id not in self._index_of:
            return False
        self.position = self._index_of[record_id]
        self._load_standing()
        return True

    # -- values ---------------------------------------------------------------------------

    def mine(self, field_id: str, record_id: int | None = None) -> Value | None:
        """The coder's own current value of a field (of the current record by default)."""
        record = self.current_id if record_id is None else record_id
        return None if record is None else self._mine.get(record, {}).get(field_id)

    def standing(self, field_id: str) -> Standing | None:
        """How the coders stand on the field, once every coder it needs has coded it."""
        return self._standing.get(field_id)

    def save(self, field: CodingField, value: Value) -> None:
        """Save the coder's value of `field` for the current record (committed on return)."""
        record_id = self.current_id
        if record_id is None:
            raise ValueError("no record to code")
        self.review.code_value(record_id, field.id, value, coder=self.coder, status=self.status)
        self._mine.setdefault(record_id, {})[field.id] = value
        self.saved += 1
        if self.coders_per_record > 1:
            self._load_standing()

    def undo(self) -> Undone | None:
        """Cancel the coder's newest value, wherever it is; the walk moves to its record
        when that is in the walk. None when there is nothing to undo."""
        undone = self.review.undo_coding(self.coder)
        if undone is None:
            return None
        values = self._mine.setdefault(undone.record_id, {})
        if undone.value is None:
            values.pop(undone.field, None)
        else:
            values[undone.field] = undone.value
        self.saved = max(0, self.saved - 1)
        in_walk = self.go_to(undone.record_id)
        return Undone(undone.record_id, undone.field, undone.value, in_walk)

    def _load_standing(self) -> None:
        """The coders' standing on each field of the current record that every coder it
        needs has coded (the review's settlement rules decide agreement)."""
        self._standing = {}
        record_id = self.current_id
        if record_id is None or self.coders_per_record < 2:
            return
        outcomes = self.review.coding_outcomes([record_id])
        others = _others_by_field(self.review.coded_values([record_id]), self.coder)
        for (_, field_id), outcome in outcomes.items():
            if self.coder not in outcome.coders and outcome.state is not Settlement.RESOLVED:
                continue  # the coder has not coded it: nothing of the others is shown
            if outcome.state is Settlement.AWAITING:
                continue
            self._standing[field_id] = Standing(outcome.state, others.get(field_id, ()))

    # -- progress -------------------------------------------------------------------------

    def complete(self, record_id: int) -> bool:
        """Every field of the frame has the coder's value on this record."""
        values = self._mine.get(record_id, {})
        return all(field.id in values for field in self.fields)

    def field_progress(self) -> dict[str, FieldProgress]:
        """Per field of the frame, how many of the coder's records have their value."""
        coded = dict.fromkeys(self.frame.field_ids, 0)
        for record_id in self.ids:
            for field_id in self._mine.get(record_id, ()):
                if field_id in coded:
                    coded[field_id] += 1
        return {f: FieldProgress(f, n, len(self.records)) for f, n in coded.items()}

    def progress(self) -> RecordProgress:
        record_id = self.current_id
        mine = self._mine.get(record_id, {}) if record_id is not None else {}
        return RecordProgress(
            position=self.position + 1 if record_id is not None else 0,
            total=len(self.records),
            complete=sum(self.complete(record_id) for record_id in self.ids),
            fields_coded=sum(field.id in mine for field in self.fields),
            fields=len(self.fields),
            saved=self.saved,
        )


def _id(record: Record) -> int:
    assert record.id is not None  # a stored record has its id
    return record.id


def _others_by_field(
    values: list[CodedValue], coder: str
) -> dict[str, tuple[tuple[str, str], ...]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for value in values:
        if value.coder != coder:
            found.setdefault(value.field, []).append((value.coder, cell_text(value.value)))
    return {field: tuple(pairs) for field, pairs in found.items()}
