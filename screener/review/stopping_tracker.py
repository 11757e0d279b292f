"""A screening session's stopping inputs, kept up to date one decision at a time.

The session's header must say what `screener status` says: the same team-wide figures by
the same method. Reading them from the store after every training would cost a key press
on a large review, so the session reads them once at its start and then adds its own
decisions (all made in the relevance order) as they come; a training takes a copy.
"""

from __future__ import annotations

from dataclasses import replace

from screener.review.stopping_view import StoppingInputs
from screener.screening.status import VerdictRow, is_resolution_row


class StoppingTracker:
    """The stopping inputs of one reviewer's session at one stage."""

    def __init__(self, inputs: StoppingInputs, reviewer: str) -> None:
        self._inputs = inputs
        self._reviewer = reviewer
        self._rows: dict[tuple[int, str, str], VerdictRow] = {
            (row[0], row[2], row[4]): row for row in inputs.rows
        }
        self._settled = dict(inputs.settled)
        self._resolved = {row[0] for row in inputs.rows if is_resolution_row(row)}
        self._in_order = set(inputs.in_model_order)
        self._snapshot: StoppingInputs | None = inputs

    @property
    def inputs(self) -> StoppingInputs:
        """The inputs as they are now (a copy the session may hand to another thread)."""
        if self._snapshot is None:
            self._snapshot = replace(
                self._inputs,
                rows=tuple(self._rows.values()),
                settled=dict(self._settled),
                in_model_order=frozenset(self._in_order),
            )
        return self._snapshot

    def learn(self, record_id: int, verdict: str) -> None:
        """The reviewer gave `verdict` on a record in the relevance order (after an undo,
        the verdict standing now; "" for none)."""
        self._snapshot = None
        key = (record_id, self._reviewer, "decision")
        self._rows.pop(key, None)  # re-inserted last: the newest verdict
        if verdict:
            self._rows[key] = (record_id, self._inputs.stage, self._reviewer, verdict, "decision")
            self._in_order.add(record_id)
        if record_id not in self._resolved:
            # the verdicts now decide it: with one reviewer this one, with more their
            # agreement, which the report reads from the verdicts themselves
            self._settled.pop(record_id, None)
