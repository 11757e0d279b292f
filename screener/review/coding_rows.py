"""Synthesis: coded values read back from the store, decoded, and a damaged one named.

Values are stored as JSON text (see store/coding.py); a store edited by hand can hold one
that is not, and reading it is one line naming the store, record, field and coder.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.store import CodedRow, Store

if TYPE_CHECKING:
    from screener.synthesis.settle import Coded
    from screener.synthesis.values import CodedValue, Value


def stored_value(store: Store, record_id: int, field: str, coder: str, text: str) -> Value | None:
    """A stored value read back; a value that is not JSON (a store edited by hand) is one
    line naming the store, the record, the field and the coder, never a traceback."""
    from screener.synthesis.values import DamagedValue, decode_value

    try:
        return decode_value(text)
    except DamagedValue as error:
        raise ScreenerError(
            f"record {record_id}, field '{field}', coder '{coder}': {error.message}"
            " (the store was edited by hand?)",
            file=str(store.path),
        ) from None


def coded_value(store: Store, row: CodedRow) -> CodedValue:
    from screener.synthesis.values import CodedValue

    value = stored_value(store, row.record_id, row.field, row.coder, row.value)
    assert value is not None  # the store leaves out rows without a value
    return CodedValue(
        row.record_id, row.field, row.coder, value, row.time, row.frame_sha256, row.uuid
    )


def standing_values(store: Store, record_ids: Iterable[int] | None = None) -> list[Coded]:
    """The current values as settling needs them (record, field, coder and value; no time
    or uuid), read lean: the evidence table settles 120,000 of them."""
    from screener.synthesis.settle import Coded
    from screener.synthesis.values import DamagedValue, decode_value

    rows = store.standing_coded_values(record_ids)
    try:
        return [
            Coded(record_id, field, coder, decode_value(value))  # type: ignore[arg-type]
            for record_id, field, coder, value, _ in rows
        ]
    except DamagedValue:  # the slow path, only to name the damaged row
        return [
            Coded(record_id, field, coder, stored_value(store, record_id, field, coder, value))  # type: ignore[arg-type]
            for record_id, field, coder, value, _ in rows
        ]
