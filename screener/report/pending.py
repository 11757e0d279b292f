"""What keeps a review's flow from being final, in words: the records and reports still
waiting for an outcome, and why each waits."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from screener.model import Stage
from screener.report.flow import PrismaFlow


class Why(enum.Enum):
    """Why a record has no outcome yet at a stage, in the order a reader acts on them."""

    UNSCREENED = "not decided yet"
    AWAITING = "awaiting another reviewer"
    CONFLICT = "in conflict"
    MAYBE = "marked maybe"


_WAITING = {Stage.TITLE_ABSTRACT.value: "records", Stage.FULL_TEXT.value: "reports"}


@dataclass(frozen=True, slots=True)
class PrismaReport:
    """A review's PRISMA flow, and per stage why its pending records wait."""

    flow: PrismaFlow
    waiting: Mapping[str, Counter[Why]] = field(default_factory=dict)  # stage -> why -> n
    warnings: tuple[str, ...] = ()  # e.g. reasons shown by key: the criteria file is broken

    def pending_text(self) -> str:
        """ "not finished: 12 records await a title-abstract outcome (7 not decided yet, 3 in
        conflict, 2 awaiting another reviewer); 1 report awaits a full-text outcome (1 marked
        maybe)", or "" when nothing waits."""
        parts = []
        for stage, noun in _WAITING.items():
            why = self.waiting.get(stage, Counter())
            n = sum(why.values())
            if not n:
                continue
            which = noun if n != 1 else noun[:-1]
            verb = "await" if n != 1 else "awaits"
            details = ", ".join(f"{why[w]} {w.value}" for w in Why if why[w])
            parts.append(f"{n:,} {which} {verb} a {stage} outcome ({details})")
        return "not finished: " + "; ".join(parts) if parts else ""


__all__ = ["PrismaReport", "Why"]
