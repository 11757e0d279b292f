"""What one simulated review measured: the metrics of `screener simulate` and, with
`--stopping`, where each stopping method would have stopped."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from screener.ranking import metrics
from screener.ranking.simulate import SimulationRun
from screener.ranking.stopping import (
    DEFAULT_BIAS,
    DEFAULT_CONFIDENCE,
    DEFAULT_RECALL_TARGET,
    buscar_p_value,
    buscar_stopping_point,
)
from screener.ranking.target import target_stopping_point


@dataclass(frozen=True)
class StoppingOutcome:
    """Where one stopping method stopped a simulated review."""

    method: str  # "buscar", "buscar_bias_B" (another bias than the default) or "target"
    screened: int  # records screened when it said stop (all of them when it never did)
    share_screened: float  # of all records, priors included
    recall: float  # relevant records screened by then, of all relevant records
    reached_target: bool  # recall >= the recall target
    p_value: float | None  # buscar's p-value at that point


@dataclass(frozen=True)
class SimulationResult:
    """The figures of `screener simulate --json`, as asreview-insights defines them (priors
    excluded from both numerator and denominator; see `metrics`)."""

    records: int
    relevant: int
    wss_95: float
    wss_100: float
    recall_at_10: float
    recall_at_25: float
    rrf_10: float
    atd: float
    seconds: float
    stopping: tuple[StoppingOutcome, ...] = ()

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        if not self.stopping:
            del data["stopping"]
        else:
            data["stopping"] = {
                outcome.method: {k: v for k, v in asdict(outcome).items() if k != "method"}
                for outcome in self.stopping
            }
        return data


def summarise(
    run: SimulationRun, *, seconds: float | None = None, stopping: tuple[StoppingOutcome, ...] = ()
) -> SimulationResult:
    """The metrics of `run` (`seconds` instead of the run's own time when given)."""
    labels = run.screened_labels
    return SimulationResult(
        records=len(labels),
        relevant=sum(labels),
        wss_95=round(metrics.wss(labels, 0.95), 4),
        wss_100=round(metrics.wss(labels, 1.0), 4),
        recall_at_10=round(metrics.recall_at(labels, 0.10), 4),
        recall_at_25=round(metrics.recall_at(labels, 0.25), 4),
        rrf_10=round(metrics.rrf_at(labels, 0.10), 4),
        atd=round(metrics.average_time_to_discovery(labels), 2),
        seconds=round(run.seconds if seconds is None else seconds, 3),
        stopping=stopping,
    )


def buscar_outcome(
    run: SimulationRun,
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    bias: float = DEFAULT_BIAS,
) -> StoppingOutcome:
    """Where the buscar rule, checked after every record, stops the simulated review."""
    total = len(run.labels)
    point = buscar_stopping_point(run.labels, total, recall_target, confidence, bias)
    screened = total if point is None else point
    p_value = buscar_p_value(run.labels[:screened], total, recall_target, bias)
    method = "buscar" if bias == DEFAULT_BIAS else f"buscar_bias_{bias:g}"
    found = sum(run.labels[:screened])
    return _outcome(method, screened, found, run, recall_target, p_value)


def target_outcome(
    run: SimulationRun,
    seed: int,
    recall_target: float = DEFAULT_RECALL_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
) -> StoppingOutcome:
    """Where the target method stops the simulated review, its random sample drawn by
    `seed` from every record."""
    import numpy as np

    total = len(run.labels)
    by_row = [False] * total
    for row, label in zip(run.order, run.labels, strict=True):
        by_row[row] = label
    sample_order = np.random.default_rng([seed, total, 1]).permutation(total).tolist()
    screened, found = target_stopping_point(
        run.order, by_row, sample_order, recall_target, confidence
    )
    return _outcome("target", screened, found, run, recall_target, None)


def _outcome(
    method: str,
    screened: int,
    found: int,
    run: SimulationRun,
    recall_target: float,
    p_value: float | None,
) -> StoppingOutcome:
    recall = found / sum(run.labels)
    return StoppingOutcome(
        method=method,
        screened=screened,
        share_screened=round(screened / len(run.labels), 4),
        recall=round(recall, 4),
        reached_target=recall >= recall_target,
        p_value=None if p_value is None else round(p_value, 6),
    )
