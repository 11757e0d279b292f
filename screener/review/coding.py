"""Synthesis: coding included records against the review's coding frame (coding.toml).

Which records are coded: the included ones; with `status="full-text"`, those at full text
as well (coding while the full texts are read). A value for any other record is refused
(`NotCodable`, exit 1): an excluded study has nothing to add to the evidence table, and a
value set by mistake on one would sit unseen. Values already coded on a record that is
later excluded are kept (nothing is deleted) and left out of progress and exports. The
checks that refuse coding input are in review/coding_checks.py.

Every write is one transaction with an audit entry; values are append-only rows (see
store/coding.py) and `undo_coding` cancels the coder's newest one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.model import Record
from screener.review.coding_checks import (
    check_codable,
    check_coder,
    check_coder_slot,
    check_resolvable,
    coded_statuses,
    entry_problem,
    record_coders,
    statuses_of,
)
from screener.review.coding_rows import coded_value, standing_values, stored_value
from screener.store import Store

if TYPE_CHECKING:
    from screener.criteria.problems import Problem
    from screener.review.settings import Settings
    from screener.synthesis.agreement import CodingAgreement
    from screener.synthesis.frame import CodingField, Frame
    from screener.synthesis.progress import CodingStatus
    from screener.synthesis.settle import FieldOutcome
    from screener.synthesis.values import CodedValue, CodingEntry, Value

CODING_FILE = "coding.toml"


@dataclass(frozen=True, slots=True)
class CodingUndo:
    """What `undo_coding` cancelled: the field of a record, and the value it holds now."""

    record_id: int
    field: str
    coder: str
    value: Value | None


class CodingMethods:
    """Mixed into `Review`; every write is committed before the method returns."""

    _store: Store
    actor: str
    settings: Settings
    root: Path

    if TYPE_CHECKING:  # given by Review

        def statuses(self) -> dict[int, str]: ...

        def select(self, status: str | None = None) -> Iterator[tuple[Record, str]]: ...

        def duplicate_groups(self) -> dict[int, list[int]]: ...

    # -- the frame -------------------------------------------------------------------------

    @property
    def coding_path(self) -> Path:
        return self.root / CODING_FILE

    def coding_frame(self) -> Frame:
        """The review's coding frame; FrameError (file and line) when it has a problem.
        Read again only when the file changes."""
        from screener.synthesis.loader import load_frame

        try:
            stamp: int | None = self.coding_path.stat().st_mtime_ns
        except OSError:
            stamp = None
        cached = getattr(self, "_frame_cache", None)
        if cached is None or cached[0] != stamp or stamp is None:
            cached = (stamp, load_frame(self.coding_path))
            self._frame_cache = cached
        return cached[1]

    def validate_coding_frame(self, path: Path | None = None) -> list[Problem]:
        """Every problem of the coding frame (the review's, or `path`), in line order."""
        from screener.synthesis.loader import validate_frame

        return validate_frame(path or self.coding_path)

    def check_coder(self, coder: str | None = None) -> str:
        """The name `coder` (default: the actor) codes under; UsageError (exit 2) when it is
        reserved, as a name in the resolution namespace is (see synthesis/settle.py)."""
        return check_coder(coder or self.actor)

    @property
    def coders_per_record(self) -> int:
        return self.settings.coders_per_record

    # -- which records are coded -----------------------------------------------------------

    def coding_ids(self, status: str | None = None) -> list[int]:
        """The ids of the records to code, in id order: included ones, and with
        `status="full-text"` those at full text too."""
        wanted = coded_statuses(status)
        return sorted(i for i, s in self.statuses().items() if s in wanted)

    def records_to_code(self, status: str | None = None) -> list[Record]:
        """The records to code, in id order, merged with their duplicates as `select` and
        exports give them. Read by id: the other 48,000 records of a large review are
        neither read nor merged."""
        from dataclasses import replace

        from screener.dedupe import merge_group
        from screener.model import stored

        groups = self.duplicate_groups()
        found: list[Record] = []
        for record in self._store.records(self.coding_ids(status)):
            if record.id in groups:
                members = (record, *self._store.records(groups[record.id][1:]))
                merged = merge_group(members)
                record = stored(
                    replace(merged, id=record.id, source_id=record.source_id, key=record.key)
                )
            found.append(record)
        return found

    def _statuses_of(self, record_ids: Sequence[int]) -> dict[int, str]:
        """The status of the given records, read for one save (see `statuses_of`)."""
        return statuses_of(self._store, record_ids, self.settings.reviewers_per_record)

    # -- setting and undoing values --------------------------------------------------------

    def parse_coded_value(
        self, field_id: str, text: str, *, page: str | None = None, reason: str | None = None
    ) -> Value:
        """The value `text` gives the field (see synthesis/values.py for the syntax)."""
        from screener.synthesis.values import parse_value

        return parse_value(self.coding_field(field_id), text, page=page, reason=reason)

    def coding_field(self, field_id: str) -> CodingField:
        """The frame's field `field_id`; a one-line error with the nearest id when unknown."""
        from screener.errors import suggest

        frame = self.coding_frame()
        try:
            return frame.field(field_id)
        except KeyError:
            hint = suggest(field_id, frame.field_ids) or f" (fields: {', '.join(frame.field_ids)})"
            raise ScreenerError(
                f"no field '{field_id}' in the coding frame{hint}", file=str(self.coding_path)
            ) from None

    def code_value(
        self,
        record_id: int,
        field_id: str,
        value: Value,
        *,
        coder: str | None = None,
        status: str | None = None,
        resolve: bool = False,
    ) -> CodedValue:
        """Save one field's value for a record (committed before this returns).

        `resolve`: the value settles a disagreement between coders, standing over theirs
        (see synthesis/settle.py); it is saved under `resolution:CODER`.
        """
        from screener.synthesis.values import misfit

        field = self.coding_field(field_id)
        problem = misfit(field, value)
        if problem:
            raise ScreenerError(f"field '{field_id}': {problem}")
        statuses = self._statuses_of([record_id])
        if statuses[record_id] not in coded_statuses(status):
            statuses = self.statuses()  # every record's, for the exact status in the message
        check_codable(self._store, [record_id], status, statuses)
        name = self.check_coder(coder)
        if resolve:
            outcome = self.coding_outcomes([record_id]).get((record_id, field_id))
            check_resolvable(record_id, field_id, outcome, self.coders_per_record)
        else:
            coders = record_coders(self._store, [record_id])
            check_coder_slot(record_id, name, coders, self.coders_per_record)
        with self._store.transaction():
            saved = self._save_value(record_id, field_id, value, coder, resolve)
            self._store.log(
                self.actor,
                "code",
                {"record": record_id, "field": field_id, "coder": saved.coder},
            )
        return saved

    def code_text(
        self,
        record_id: int,
        field_id: str,
        text: str,
        *,
        page: str | None = None,
        reason: str | None = None,
        coder: str | None = None,
        status: str | None = None,
        resolve: bool = False,
    ) -> CodedValue:
        """`code_value` with the value given as text, as `screener code set` takes it."""
        value = self.parse_coded_value(field_id, text, page=page, reason=reason)
        return self.code_value(
            record_id, field_id, value, coder=coder, status=status, resolve=resolve
        )

    def _save_value(
        self, record_id: int, field_id: str, value: Value, coder: str | None, resolve: bool
    ) -> CodedValue:
        from screener.synthesis.settle import resolution_coder
        from screener.synthesis.values import CodedValue, encode_value

        name = self.check_coder(coder)
        if resolve:
            name = resolution_coder(name)
        import uuid

        from screener.store import now

        saved = CodedValue(
            record_id, field_id, name, value, now(), self.coding_frame().sha256, uuid.uuid4().hex
        )
        self._store.add_coded_value(
            record_id,
            field_id,
            name,
            encode_value(value),
            frame_sha256=saved.frame_sha256,
            time=saved.time,
            uuid=saved.uuid,
        )
        return saved

    def code_from_csv(
        self, path: Path, *, coder: str | None = None, status: str | None = None
    ) -> int:
        """Every value of a CSV file (columns record, field, value and optional coder, page,
        reason), all checked first, then in one transaction; the number saved. A bad row
        raises ScreenerError naming the file and line, and nothing is written."""
        from screener.synthesis.code_csv import read_coded_values

        entries = read_coded_values(path, self.coding_frame(), coder=self.check_coder(coder))
        return self.code_entries(entries, status=status, file=str(path))

    def code_entries(
        self, entries: Sequence[CodingEntry], *, status: str | None = None, file: str = ""
    ) -> int:
        """Save values already read (each fits its field), all in one transaction; the
        number saved. A record not to be coded refuses them all, naming the entry's line
        of `file` when there is one."""
        from screener.synthesis.values import encode_value

        frame = self.coding_frame()
        statuses = self.statuses()
        coders = record_coders(self._store, sorted({entry.record_id for entry in entries}))
        for entry in entries:
            problem = entry_problem(self.coding_field(entry.field), entry)
            try:
                if problem:
                    raise ScreenerError(problem)
                check_codable(self._store, [entry.record_id], status, statuses)
                check_coder_slot(entry.record_id, entry.coder, coders, self.coders_per_record)
                given = coders.setdefault(entry.record_id, [])
                if entry.coder not in given:
                    given.append(entry.coder)  # the file's own rows fill the slots too
            except ScreenerError as error:
                raise ScreenerError(
                    f"{error.message}; nothing was written", file=file or None, line=entry.line
                ) from None
        with self._store.transaction():
            for entry in entries:
                self._store.add_coded_value(
                    entry.record_id,
                    entry.field,
                    entry.coder,
                    encode_value(entry.value),
                    frame_sha256=frame.sha256,
                )
            details: dict[str, object] = {"values": len(entries)}
            self._store.log(self.actor, "code", {"file": file, **details} if file else details)
        return len(entries)

    def undo_coding(self, coder: str | None = None, *, resolve: bool = False) -> CodingUndo | None:
        """Cancel the coder's newest standing value (with `resolve`, their newest
        resolution); what it cancelled, or None when there is nothing to undo."""
        from screener.synthesis.settle import resolution_coder

        name = coder or self.actor
        if resolve:
            name = resolution_coder(name)
        with self._store.transaction():
            row = self._store.undo_last_coded(name)
            if row is None:
                return None
            self._store.log(
                self.actor,
                "code-undo",
                {"record": row.record_id, "field": row.field, "coder": name},
            )
        value = stored_value(self._store, row.record_id, row.field, name, row.value)
        return CodingUndo(row.record_id, row.field, name, value)

    # -- reading values --------------------------------------------------------------------

    def coded_values(
        self, record_ids: Iterable[int] | None = None, *, coder: str | None = None
    ) -> list[CodedValue]:
        """The current values (the latest per record, field and coder; resolutions under
        `resolution:NAME`), of the given records and coder when asked, oldest first."""
        return [
            coded_value(self._store, row)
            for row in self._store.current_coded_values(record_ids, coder=coder)
        ]

    def coding_outcomes(
        self, record_ids: Iterable[int] | None = None
    ) -> dict[tuple[int, str], FieldOutcome]:
        """(record id, field) -> where the field stands and the value that stands."""
        from screener.synthesis.settle import settle

        kinds = {field.id: field.kind for field in self.coding_frame().fields}
        return settle(standing_values(self._store, record_ids), kinds, self.coders_per_record)

    def settled_values(
        self, record_ids: Iterable[int] | None = None
    ) -> dict[int, dict[str, Value]]:
        """record id -> field id -> the value that stands (see synthesis/settle.py): what
        the evidence table and exports show. Fields without one are left out."""
        found: dict[int, dict[str, Value]] = {}
        for (record_id, field), outcome in self.coding_outcomes(record_ids).items():
            if outcome.value is not None:
                found.setdefault(record_id, {})[field] = outcome.value
        return found

    def coded_columns(self, record_ids: Iterable[int]) -> dict[int, dict[str, str]]:
        """record id -> field id -> the value that stands as cell text: the export's coded
        columns (see `coded_export_columns`)."""
        from screener.review.coding_export import coded_export_columns

        return coded_export_columns(self._store, self.root, list(record_ids))[1]

    def coding_status(self, status: str | None = None) -> CodingStatus:
        """Progress per field (coded, disagreements, to code) over the records to code,
        and the flags of a frame edited after coding began: values of fields no longer in
        the frame, and values that are no longer an option (or no longer fit)."""
        from screener.synthesis.progress import coding_status

        frame = self.coding_frame()
        ids = self.coding_ids(status)
        return coding_status(
            frame,
            ids,
            self.coded_values(),
            self.coding_outcomes(ids),
            self.coders_per_record,
        )

    def coding_agreement(self, status: str | None = None) -> CodingAgreement:
        """Agreement between coders, field by field, over the records to code."""
        from screener.synthesis.agreement import coding_agreement

        ids = self.coding_ids(status)
        return coding_agreement(self.coding_frame(), self.coded_values(ids))
