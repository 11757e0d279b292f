"""How one field of two records compares: it agrees, it conflicts, or it cannot be compared."""

from __future__ import annotations

import enum


class Agreement(enum.Enum):
    """The verdict on one field of a pair; UNKNOWN where either side lacks it or the two
    cannot be compared."""

    AGREE = "agree"
    CONFLICT = "conflict"
    UNKNOWN = "unknown"

    def __bool__(self) -> bool:
        # Every member would be truthy, so `if e.doi:` would hold for a conflict too.
        raise TypeError(f"{self} has no truth value: compare it with `is`")


# The rules test agreements some million times on a large set; a module constant is read
# several times faster than an enum attribute (`Agreement.AGREE`).
AGREE = Agreement.AGREE
CONFLICT = Agreement.CONFLICT
UNKNOWN = Agreement.UNKNOWN


def agreement(same: bool) -> Agreement:
    """AGREE or CONFLICT for a comparison of two values both present."""
    return AGREE if same else CONFLICT
