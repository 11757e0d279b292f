"""Reviewers' current verdicts at a stage, as plain rows: what agreement figures read.

Lean on purpose: agreement over 150,000 decisions reads them all, and building a
`Decision` for each costs more than the query itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


class VerdictsMixin:
    _db: sqlite3.Connection

    def reviewer_verdicts(self, stage: str) -> Iterator[tuple[str, int, str]]:
        """(reviewer, record id, verdict): each reviewer's latest standing verdict per
        record at `stage`; resolutions are left out (an adjudicator's ruling is not a
        reviewer's verdict) and an undone verdict is no verdict."""
        # SQLite takes the bare columns of a max() aggregate from the row holding the max.
        rows = self._db.execute(
            "SELECT reviewer, record_id, verdict, max(id) FROM decisions"
            " WHERE stage = ? AND kind != 'resolution'"
            " GROUP BY record_id, reviewer HAVING verdict != ''",
            (stage,),
        )
        for reviewer, record_id, verdict, _ in rows:
            yield reviewer, record_id, verdict
