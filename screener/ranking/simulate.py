"""Replay a labelled set through prioritised screening: the engine of `screener simulate`.

From a few prior records (by seed), the model is fitted on the labels seen so far and the
unlabelled record it ranks highest is "screened" next, its label revealed, on the schedule
the screening UI uses (`schedule.retrain_interval`). Once every relevant record is found
the rest keep the last ranking: no metric can change after that.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.ranking.model import DEFAULT_KIND, RelevanceModel
from screener.ranking.schedule import retrain_interval

if TYPE_CHECKING:
    import numpy
    from scipy.sparse import csr_matrix

    from screener.ranking.model import Labels

Progress = Callable[[int, int], None]

# Ties (records whose text the model knows nothing of) are broken at random, by seed, with a
# nudge far below any difference a fitted margin makes.
_TIE_BREAK = 1e-9


@dataclass(frozen=True)
class SimulationRun:
    """One simulated review: the screening order and what it took."""

    order: tuple[int, ...]  # row numbers, in the order screened, priors first
    labels: tuple[bool, ...]  # relevance of the records in that order
    priors: int  # how many of the first records were the priors
    fits: int  # how many times the model was fitted
    seconds: float  # the simulation (fitting and ranking), not reading or features

    @property
    def screened_labels(self) -> tuple[bool, ...]:
        """Labels in screening order without the priors: what the metrics count."""
        return self.labels[self.priors :]


def choose_priors(labels: Labels, seed: int, included: int = 1, excluded: int = 1) -> list[int]:
    """Rows of `included` random relevant and `excluded` random irrelevant records."""
    import numpy as np

    rng = np.random.default_rng(seed)
    truth = np.asarray(labels, dtype=bool)
    relevant = np.flatnonzero(truth)
    irrelevant = np.flatnonzero(~truth)
    if included < 1 or excluded < 1:
        raise ValueError("the simulation needs at least one prior of each label")
    if included >= len(relevant):
        raise ValueError(
            f"{included} prior relevant records leave none of the {len(relevant)} to find"
        )
    if excluded > len(irrelevant):
        raise ValueError(f"only {len(irrelevant)} irrelevant records for {excluded} priors")
    chosen = [*rng.choice(relevant, included, replace=False)]
    chosen += [*rng.choice(irrelevant, excluded, replace=False)]
    return [int(row) for row in chosen]


def simulate(
    matrix: csr_matrix,
    labels: Labels,
    *,
    seed: int = 0,
    prior_included: int = 1,
    prior_excluded: int = 1,
    kind: str = DEFAULT_KIND,
    progress: Progress | None = None,
) -> SimulationRun:
    """Screen every row of `matrix` in the order the model asks for, from seeded priors."""
    import numpy as np

    started = time.perf_counter()
    truth = np.asarray(labels, dtype=bool)
    records = len(truth)
    priors = choose_priors(truth, seed, prior_included, prior_excluded)
    rng = np.random.default_rng([seed, records])
    nudge = rng.random(records) * _TIE_BREAK
    model = RelevanceModel(seed=seed, kind=kind)

    order: list[int] = list(priors)
    labelled = np.zeros(records, dtype=bool)
    labelled[priors] = True
    to_find = int(truth.sum()) - int(truth[priors].sum())
    fits = 0
    # Only records not yet screened are scored: the pool, cut down to them (a copy of its
    # rows) whenever a quarter of it has been screened since.
    pool = np.flatnonzero(~labelled)
    pool_matrix = matrix[pool]
    margins = nudge[pool]
    while to_find > 0 and len(order) < records:
        screened_in_pool = labelled[pool]
        if screened_in_pool.sum() * 4 > len(pool):
            pool = pool[~screened_in_pool]
            pool_matrix = matrix[pool]
            screened_in_pool = labelled[pool]
        rows = np.asarray(order, dtype=np.intp)
        model.fit(matrix, rows, truth[rows])
        fits += 1
        margins = model.margins(pool_matrix) + nudge[pool]
        margins[screened_in_pool] = -np.inf
        take = min(retrain_interval(len(order)), records - len(order))
        for index in _best(margins, take):
            row = int(pool[index])
            order.append(row)
            labelled[row] = True
            margins[index] = -np.inf
            if truth[row]:
                to_find -= 1
                if to_find == 0:
                    break
        if progress is not None:
            progress(len(order), records)
    # Once every relevant record is found no figure can change: the rest keep the last ranking.
    rest = np.flatnonzero(~labelled[pool])
    order.extend(int(pool[i]) for i in rest[np.argsort(-margins[rest], kind="stable")])
    if progress is not None:
        progress(records, records)
    return SimulationRun(
        order=tuple(order),
        labels=tuple(bool(label) for label in truth[order]),
        priors=len(priors),
        fits=fits,
        seconds=time.perf_counter() - started,
    )


def _best(margins: numpy.ndarray, count: int) -> list[int]:
    """The `count` rows of highest margin, best first."""
    import numpy as np

    if count == 1:
        return [int(np.argmax(margins))]
    top = np.argpartition(-margins, count - 1)[:count]
    return [int(row) for row in top[np.argsort(-margins[top], kind="stable")]]
