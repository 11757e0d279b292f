"""`screener simulate` as a library call: read a labelled file, replay it, measure it."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from screener.errors import ScreenerError
from screener.ranking.features import build_features
from screener.ranking.labelled import LabelledSet, read_labelled
from screener.ranking.results import (
    SimulationResult,
    StoppingOutcome,
    buscar_outcome,
    summarise,
    target_outcome,
)
from screener.ranking.simulate import Progress, SimulationRun, simulate


@dataclass(frozen=True)
class SimulationOptions:
    seed: int = 0
    prior_included: int = 1
    prior_excluded: int = 1
    stopping: bool = False


@dataclass(frozen=True)
class Replay:
    """One labelled file replayed: the set, the run and its figures."""

    labelled: LabelledSet
    run: SimulationRun
    result: SimulationResult


def replay_file(
    path: Path, column: str, options: SimulationOptions, progress: Progress | None = None
) -> Replay:
    """Simulate prioritised screening of the labelled file `path`.

    `seconds` counts reading the file, the features and the simulation: what a simulated
    review costs, as ASReview's wall time counts it (less the interpreter's start).
    """
    started = time.perf_counter()
    labelled = read_labelled(path, column)
    _check_size(labelled, options, path)
    matrix = build_features(labelled.texts)
    run = simulate(
        matrix,
        labelled.labels,
        seed=options.seed,
        prior_included=options.prior_included,
        prior_excluded=options.prior_excluded,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    stopping: tuple[StoppingOutcome, ...] = ()
    if options.stopping:
        stopping = (buscar_outcome(run), target_outcome(run, options.seed))
    labelled = replace(labelled, warnings=labelled.warnings + prior_warnings(labelled, options))
    return Replay(labelled, run, summarise(run, seconds=seconds, stopping=stopping))


def _check_size(labelled: LabelledSet, options: SimulationOptions, path: Path) -> None:
    """Enough records of each label to leave something to find after the priors."""
    if options.prior_included < 1 or options.prior_excluded < 1:
        raise ScreenerError("a simulation needs at least one prior of each label")
    relevant = labelled.relevant
    irrelevant = labelled.records - relevant
    if relevant < options.prior_included:
        raise ScreenerError(
            f"{relevant} relevant records for {options.prior_included} priors (--prior-included)",
            file=str(path),
        )
    if irrelevant < options.prior_excluded:
        raise ScreenerError(
            f"{irrelevant} irrelevant records for {options.prior_excluded} priors"
            " (--prior-excluded)",
            file=str(path),
        )
    priors = options.prior_included + options.prior_excluded
    if labelled.records <= priors:
        raise ScreenerError(
            f"{labelled.records} records: a simulation needs more than its {priors} priors",
            file=str(path),
        )
    if relevant == options.prior_included:
        raise ScreenerError(
            f"{relevant} relevant records, all of them priors: none left to find",
            file=str(path),
        )


def prior_warnings(labelled: LabelledSet, options: SimulationOptions) -> tuple[str, ...]:
    """What makes a run's figures mean little, though it can run."""
    if labelled.records - labelled.relevant == options.prior_excluded:
        return (
            "every irrelevant record is a prior (--prior-excluded): only relevant records are"
            " left to screen, so the work saved is nil by construction",
        )
    return ()
