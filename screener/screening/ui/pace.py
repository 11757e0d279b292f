"""How far a reviewer is, and how long the rest will take at the pace of this session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Pauses longer than this between two decisions count as a break, not as screening time,
# so that a lunch break does not inflate the estimate of the time left.
_LONGEST_COUNTED_PAUSE = 180.0
_DECISIONS_BEFORE_ESTIMATE = 3


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the reviewer stands at this stage."""

    done: int
    total: int
    counts: dict[str, int]
    session_decisions: int
    seconds_left: float | None

    @property
    def remaining(self) -> int:
        return self.total - self.done


class Pace:
    """Screening time per decision in this session, breaks left out."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.decisions = 0
        self._seconds = 0.0
        self._last = clock()

    def tick(self) -> None:
        """One more decision, taken now."""
        now = self._clock()
        self._seconds += min(now - self._last, _LONGEST_COUNTED_PAUSE)
        self._last = now
        self.decisions += 1

    def seconds_left(self, remaining: int) -> float | None:
        """The time `remaining` decisions take at this pace; None until there is a pace."""
        if self.decisions < _DECISIONS_BEFORE_ESTIMATE:
            return None
        return self._seconds / self.decisions * max(remaining, 0)


def format_duration(seconds: float | None) -> str:
    """A calm, rounded duration: "about 3 h 20 min", "about 12 min", "under a minute"."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60:02d} min"
