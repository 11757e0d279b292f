"""The review store: the only package that speaks SQL.

SQLite in WAL mode with foreign keys on; the schema version lives in `PRAGMA user_version`
and moves forward through `MIGRATIONS`. Every writing command runs inside one
`Store.transaction()`, so it lands whole or not at all. Nothing is ever deleted.
"""

from __future__ import annotations

from screener.store.base import StoreBase
from screener.store.coding import CodedRow, CodingMixin
from screener.store.criteria import CriteriaMixin
from screener.store.decisions import DecisionsMixin
from screener.store.duplicates import DuplicatesMixin, PairReview
from screener.store.leases import LeasesMixin
from screener.store.notices import NoticeLink, NoticesMixin
from screener.store.records import NewSource, RecordsMixin
from screener.store.rows import Placement, now
from screener.store.schema import MIGRATIONS
from screener.store.team import PilotRound, TeamMixin


class Store(
    RecordsMixin,
    DecisionsMixin,
    DuplicatesMixin,
    NoticesMixin,
    TeamMixin,
    CriteriaMixin,
    LeasesMixin,
    CodingMixin,
    StoreBase,
):
    """A review's SQLite store. Open with `Store.open(path)`; use as a context manager."""


__all__ = [
    "MIGRATIONS",
    "CodedRow",
    "NewSource",
    "NoticeLink",
    "PairReview",
    "PilotRound",
    "Placement",
    "Store",
    "now",
]
