"""Two people under one name: each reviewer's history of a record at a stage is a chain
(every row names the row it follows); a row that does not follow the last one this copy
holds was made by someone who did not know of it."""

from __future__ import annotations

from dataclasses import dataclass

from screener.sync.format import SyncLine

ChainKey = tuple[int, str, str]  # (record id in this copy, stage, reviewer)


@dataclass(frozen=True, slots=True)
class IdentityConflict:
    """A row read from `file`:`line` that forks `reviewer`'s history of a record at a
    stage: it follows `after`, while this copy's last row there is `ours`."""

    reviewer: str
    record_id: int
    stage: str
    uuid: str
    after: str | None
    ours: str
    file: str
    line: int

    def describe(self) -> str:
        return (
            f"{self.file}:{self.line}: reviewer {self.reviewer!r} has two histories for"
            f" record {self.record_id} at stage {self.stage} (decision {self.uuid} does not"
            f" follow {self.ours}, the last one here): two people under one name?"
        )


class Chains:
    """The last row of every (record, stage, reviewer) history in this copy."""

    def __init__(self, last: dict[ChainKey, str] | None = None) -> None:
        self.last: dict[ChainKey, str] = last or {}

    def after(self, key: ChainKey) -> str | None:
        return self.last.get(key)

    def extend(self, key: ChainKey, uuid: str) -> None:
        self.last[key] = uuid

    def fork(self, key: ChainKey, line: SyncLine) -> IdentityConflict | None:
        """The conflict of identity `line` makes when added to this copy's history, or
        None when it follows the last row (or is the first)."""
        ours = self.last.get(key)
        if ours is None or ours == line.after:
            return None
        record_id, stage, reviewer = key
        return IdentityConflict(
            reviewer, record_id, stage, line.uuid, line.after, ours, line.file, line.line
        )
