"""When the model is retrained: the one schedule the simulation and the screening UI share,
so that what `screener simulate` measures is what a reviewer gets."""

from __future__ import annotations

# Below this many decisions a fit takes a few milliseconds: retrain after every decision.
EVERY_DECISION_UP_TO = 200
# Past it a fit grows with the decisions it learns from; the gap grows with them, but a
# model never lags more than this many decisions behind.
MOST_DECISIONS_BETWEEN_FITS = 10
# ... one more decision between fits for every this many decisions made.
DECISIONS_PER_STEP = 100


def retrain_interval(decisions: int) -> int:
    """How many decisions to take from one fitted model before fitting again, once
    `decisions` records carry a label: 1 for the first 200, then one more for every 100
    decisions, at most 10."""
    if decisions < EVERY_DECISION_UP_TO:
        return 1
    steps = 1 + (decisions - EVERY_DECISION_UP_TO) // DECISIONS_PER_STEP
    return min(MOST_DECISIONS_BETWEEN_FITS, 1 + steps)


def retrain_due(decisions: int, decisions_at_last_fit: int | None) -> bool:
    """Whether a model last fitted on `decisions_at_last_fit` decisions (None: never)
    should be refitted now that there are `decisions`."""
    if decisions_at_last_fit is None:
        return True
    return decisions - decisions_at_last_fit >= retrain_interval(decisions_at_last_fit)
