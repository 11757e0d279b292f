"""The export's coded columns: one per field of the coding frame, the value that stands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from screener.review.coding import CODING_FILE
from screener.review.coding_rows import standing_values
from screener.store import Store

if TYPE_CHECKING:
    from screener.review.export_columns import ColumnSet, Selection


def coded_export_columns(
    store: Store, root: Path, record_ids: Sequence[int]
) -> tuple[tuple[str, ...], dict[int, dict[str, str]]]:
    """The export's coded columns: one per field of the review's frame, named by field id,
    in frame order; and per record id the text of each (a field without a value that stands
    is an empty cell). Cells: options joined by '; ', a quote as `"passage" (p. 12)`, an
    appraisal as `rating: reason` (see synthesis/values.py `cell_text`).

    A review without coding.toml (made before the synthesis stage) has no coded columns; a
    frame with a problem raises FrameError (file and line) rather than export without
    them. A field no longer in the frame is not exported (its values are kept; `code
    status` lists them).

    `coded_columns_provider` hands them to the export (review/export_columns.py).
    """
    from screener.review.settings import load_settings
    from screener.synthesis.loader import load_frame
    from screener.synthesis.settle import settle
    from screener.synthesis.values import cell_text

    path = root / CODING_FILE
    if not path.is_file():
        return (), {}
    frame = load_frame(path)
    names = frame.field_ids
    if not names:
        return (), {}
    kinds = {field.id: field.kind for field in frame.fields}
    outcomes = settle(
        standing_values(store, record_ids), kinds, load_settings(root).coders_per_record
    )
    cells: dict[int, dict[str, str]] = {record_id: {} for record_id in record_ids}
    for (record_id, field), outcome in outcomes.items():
        if field in kinds and outcome.value is not None and record_id in cells:
            cells[record_id][field] = cell_text(outcome.value)
    return names, {r: {n: given.get(n, "") for n in names} for r, given in cells.items()}


def coded_columns_provider(selection: Selection) -> ColumnSet:
    """The coded fields as one set of the export's columns (`export_columns.PROVIDERS`)."""
    from screener.review.export_columns import ColumnSet

    names, cells = coded_export_columns(selection.store, selection.root, selection.record_ids)
    return ColumnSet(names, cells)
