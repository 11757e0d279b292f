"""How one field of two records compares: it agrees, it conflicts, or it cannot be compared."""

from __future__ import annotations

import enum


class StrictEnum(enum.Enum):
    """An enum for the outcomes of rules: members have no truth value (every member would be
    truthy, so `if e.doi:` would hold for a conflict too) and hash by identity."""

    # Members are singletons compared by identity; hashing them so keeps the set and dict
    # lookups of the rule tables in C (Enum.__hash__ is Python code, run per pair).
    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        raise TypeError(f"{self} has no truth value: compare it with `is`")


class Agreement(StrictEnum):
    """The verdict on one field of a pair; UNKNOWN where either side lacks it or the two
    cannot be compared."""

    AGREE = "agree"
    CONFLICT = "conflict"
    UNKNOWN = "unknown"


# The rules test agreements some million times on a large set; a module constant is read
# several times faster than an enum attribute (`Agreement.AGREE`).
AGREE = Agreement.AGREE
CONFLICT = Agreement.CONFLICT
UNKNOWN = Agreement.UNKNOWN


def agreement(same: bool) -> Agreement:
    """AGREE or CONFLICT for a comparison of two values both present."""
    return AGREE if same else CONFLICT
