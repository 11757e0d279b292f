"""Decisions that travel between copies of one review (pure: no store, no printing).

A sync file is JSON lines: a header naming the format, its version and the review's id,
then one object per decision row or per person's word on a pair of records, in the order
they were written (append-only, so a git diff shows exactly the new ones). Records are
named by where they were read (`RecordRef`: the file's sha256 and the record's key there),
never by a copy's own ids.
"""

from screener.sync.format import (
    FORMAT,
    RELEVANCE_ORDER,
    VERSION,
    BadSyncFile,
    Header,
    PairLine,
    RecordRef,
    SyncFile,
    SyncLine,
    decision_line,
    header_line,
    pair_line,
    pair_uuid,
    parse_line,
    read_sync_file,
)
from screener.sync.identity import Chains, IdentityConflict
from screener.sync.keys import portable_refs

__all__ = [
    "FORMAT",
    "RELEVANCE_ORDER",
    "VERSION",
    "BadSyncFile",
    "Chains",
    "Header",
    "IdentityConflict",
    "PairLine",
    "RecordRef",
    "SyncFile",
    "SyncLine",
    "decision_line",
    "header_line",
    "pair_line",
    "pair_uuid",
    "parse_line",
    "portable_refs",
    "read_sync_file",
]
