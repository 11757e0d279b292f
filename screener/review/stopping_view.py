"""The stopping estimate `screener status` and the screening header show: recall so far and
whether it is safe to stop, by the method `[stopping]` names.

buscar reads the screened records in the order they were screened and asks whether the
last stretch, had recall been below the target, would have held more relevant records than
it did. That only holds when the order was the model's: records screened as imported, at
random or by `screener decide` say nothing about what the unscreened rest still hides. So
its estimate is only given when every screened record was decided in the relevance order
(here, or on another copy whose sync lines say so); otherwise it says plainly why not and
how many records it concerns.

The target method needs no such order: a random sample (`screener stopping sample`) finds
a target set of relevant records, and screening may stop once prioritised screening has
come to every one of them (ranking/target.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from screener.ranking.target import LiveSample, live_sample, reached_by_ranking, target_size
from screener.review.ranking_settings import StoppingSettings
from screener.screening.relevance import counts_as_relevant
from screener.screening.status import VerdictRow, is_resolution_row

SAMPLE_COMMAND = "screener stopping sample"


@dataclass(frozen=True, slots=True)
class StoppingReport:
    """Recall so far at a stage, and whether the chosen method says screening may stop."""

    stage: str
    method: str
    recall_target: float
    confidence: float
    records: int  # records that reached the stage
    screened: int  # of them with a verdict
    relevant_found: int
    in_model_order: int  # screened in a session that followed the relevance order
    estimated_recall: float | None = None
    p_value: float | None = None
    safe_to_stop: bool = False
    why_not: str = ""  # why no estimate is given ("" when it is)
    target: TargetFigures | None = None  # the target method's figures

    @property
    def meaningful(self) -> bool:
        return not self.why_not

    def text(self) -> str:
        """One or two lines for `status`."""
        head = (
            f"Stopping ({self.method}, {self.recall_target:.0%} recall at"
            f" {self.confidence:.0%} confidence) at {self.stage}:"
        )
        if not self.meaningful:
            return f"{head} no estimate: {self.why_not}."
        found = f"{self.relevant_found} relevant in {self.screened} of {self.records} screened"
        verdict = "safe to stop" if self.safe_to_stop else "keep screening"
        if self.target is not None:
            return f"{head} {self.target.text()}; {found}: {verdict}."
        recall = (
            f"recall so far about {self.estimated_recall:.0%}"
            if self.estimated_recall is not None
            else "recall so far not yet estimable"
        )
        p_value = f", p = {self.p_value:.3f}" if self.p_value is not None else ""
        return f"{head} {found}; {recall}{p_value}: {verdict}."

    def header_text(self) -> str:
        """The same in a few words, for the screening header: "stopping (buscar): recall so
        far about 87%, p = 0.412: keep screening"."""
        head = f"stopping ({self.method}):"
        if not self.meaningful:
            outside = self.screened - self.in_model_order
            if self.method == "buscar" and outside:
                return f"{head} no estimate, {outside} screened in another order"
            if self.method == "target" and not self.screened:
                return f"{head} screen the random sample first ({SAMPLE_COMMAND})"
            return f"{head} no estimate yet"
        verdict = "safe to stop" if self.safe_to_stop else "keep screening"
        if self.target is not None:
            return f"{head} {self.target.short()}: {verdict}"
        recall = (
            f"recall so far about {self.estimated_recall:.0%}"
            if self.estimated_recall is not None
            else "recall not yet estimable"
        )
        p_value = f", p = {self.p_value:.3f}" if self.p_value is not None else ""
        return f"{head} {recall}{p_value}: {verdict}"

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "method": self.method,
            "recall_target": self.recall_target,
            "confidence": self.confidence,
            "records": self.records,
            "screened": self.screened,
            "relevant_found": self.relevant_found,
            "screened_in_model_order": self.in_model_order,
            "meaningful": self.meaningful,
            "why_not": self.why_not or None,
            "estimated_recall": self.estimated_recall,
            "p_value": self.p_value,
            "safe_to_stop": self.safe_to_stop,
            "target": self.target.as_json() if self.target is not None else None,
        }


@dataclass(frozen=True, slots=True)
class TargetFigures:
    """The target method's figures: the random sample, its target set and how much of the
    target set prioritised screening has come to."""

    needed: int  # relevant records the sample must find (T)
    sample_screened: int
    targets_found: int
    targets_reached: int
    exhausted: bool  # the sample drew every record

    @property
    def complete(self) -> bool:
        return self.targets_found >= self.needed

    def text(self) -> str:
        if self.exhausted and not self.complete:
            return (
                f"the random sample drew every record and found {self.targets_found}"
                f" relevant, fewer than the {self.needed} the method asks for"
            )
        if not self.complete:
            return (
                f"random sample of {self.sample_screened} screened, {self.targets_found} of the"
                f" {self.needed} relevant records it needs found (go on with `{SAMPLE_COMMAND}`)"
            )
        return (
            f"target set of {self.needed} relevant records from a random sample of"
            f" {self.sample_screened}; relevance screening has reached {self.targets_reached}"
            f" of them"
        )

    def short(self) -> str:
        if self.exhausted and not self.complete:
            return "the sample drew every record"
        if not self.complete:
            return f"sample has {self.targets_found} of {self.needed} relevant ({SAMPLE_COMMAND})"
        return f"{self.targets_reached} of {self.needed} targets reached"

    def as_json(self) -> dict[str, object]:
        return {
            "targets_needed": self.needed,
            "sample_screened": self.sample_screened,
            "targets_found": self.targets_found,
            "targets_reached": self.targets_reached,
            "sample_complete": self.complete,
            "sample_exhausted": self.exhausted,
        }


def screened_in_order(
    rows: Iterable[VerdictRow], settled: Mapping[int, bool]
) -> tuple[list[int], dict[int, bool]]:
    """The screened records in the order of their current verdicts (oldest first), and
    whether each counts as relevant: the team's settled outcome where there is one, else
    any reviewer's include or maybe (a record still open may yet be included)."""
    order: list[int] = []
    relevant: dict[int, bool] = {}
    for record_id, _, _, verdict, _kind in rows:
        if verdict == "":
            continue
        if record_id not in relevant:
            order.append(record_id)
            relevant[record_id] = False
        relevant[record_id] = relevant[record_id] or counts_as_relevant(verdict)
    for record_id in order:
        if record_id in settled:
            relevant[record_id] = settled[record_id]
    return order, relevant


@dataclass(frozen=True, slots=True)
class StoppingInputs:
    """Everything a stopping report is computed from, copied out of the review: `status`
    builds it from the store, a screening session keeps it up to date as it screens
    (review/stopping_tracker.py) and hands copies to its background training."""

    stage: str
    settings: StoppingSettings
    rows: tuple[VerdictRow, ...]  # the stage's current verdicts, in the order given
    settled: Mapping[int, bool]  # the team's settled outcomes (include: relevant)
    reached: frozenset[int]  # the records that reached the stage
    in_model_order: frozenset[int]  # records decided in the relevance order
    draw: tuple[int, ...] = ()  # target method: the reached records in the sample's order

    def screened(self) -> tuple[list[int], dict[int, bool]]:
        """The screened records that reached the stage, in order, and their relevance."""
        verdicts = [row for row in self.rows if not is_resolution_row(row)]
        resolutions = [row for row in self.rows if is_resolution_row(row)]
        order, relevant = screened_in_order([*verdicts, *resolutions], self.settled)
        order = [rid for rid in order if rid in self.reached]
        return order, {rid: relevant[rid] for rid in order}

    def sample(self, relevant: Mapping[int, bool] | None = None) -> LiveSample:
        """The target method's random sample as screened so far."""
        if relevant is None:
            relevant = self.screened()[1]
        needed = target_size(self.settings.recall_target, self.settings.confidence)
        return live_sample(self.draw, relevant, needed)

    def held_out(self) -> set[int]:
        """Target method: the sample's relevant records that no model may learn from, for
        prioritised screening must come to them on its own (those screened in the relevance
        order did). Empty for buscar."""
        if self.settings.method != "target":
            return set()
        return {rid for rid in self.sample().targets if rid not in self.in_model_order}

    def report(self, score_of: Callable[[int], float | None] | None = None) -> StoppingReport:
        """`stopping_report` of these inputs."""
        return stopping_report(self, score_of)


def stopping_report(
    inputs: StoppingInputs, score_of: Callable[[int], float | None] | None = None
) -> StoppingReport:
    """The stopping report of the inputs' stage. `score_of`: the predicted relevance of a
    record by a model taught without the held-out targets (target method; None: no model)."""
    order, relevant = inputs.screened()
    settings = inputs.settings
    in_order = sum(1 for rid in order if rid in inputs.in_model_order)
    base = StoppingReport(
        inputs.stage,
        settings.method,
        settings.recall_target,
        settings.confidence,
        len(inputs.reached),
        len(order),
        sum(relevant.values()),
        in_order,
    )
    if not order:
        why = "nothing screened yet"
        if settings.method == "target":
            why += f"; the target method starts with a random sample (`{SAMPLE_COMMAND}`)"
        return replace(base, why_not=why)
    if settings.method == "target":
        return _target(base, inputs, relevant, score_of)
    outside = len(order) - in_order
    if outside:
        share = "all" if outside == len(order) else f"{outside} of {len(order)}"
        why = (
            f"{share} screened records were not decided in the relevance order (another"
            " --order, `screener decide`, or a session on a copy that did not sync its"
            " order), so the screened records need not be the likeliest ones"
        )
        return replace(base, why_not=why)
    return _buscar(base, [relevant[rid] for rid in order])


def _buscar(base: StoppingReport, labels: list[bool]) -> StoppingReport:
    from screener.ranking.stopping import buscar_estimate

    found = buscar_estimate(labels, base.records, base.recall_target, base.confidence)
    return replace(
        base,
        estimated_recall=found.estimated_recall,
        p_value=found.p_value,
        safe_to_stop=found.safe_to_stop,
    )


def _target(
    base: StoppingReport,
    inputs: StoppingInputs,
    relevant: Mapping[int, bool],
    score_of: Callable[[int], float | None] | None,
) -> StoppingReport:
    from screener.ranking.target import target_estimate

    sample = inputs.sample(relevant)
    targets = set(sample.targets)
    reached = targets & inputs.in_model_order
    waiting = [rid for rid in inputs.reached if rid not in relevant]
    if not waiting:
        reached = targets  # everything screened
    elif score_of is not None:
        reached |= reached_by_ranking(targets - reached, score_of, waiting)
    settings = inputs.settings
    found = target_estimate(
        [relevant[rid] for rid in sample.records],
        len(reached),
        settings.recall_target,
        settings.confidence,
        records=len(inputs.reached),
    )
    figures = TargetFigures(
        found.targets_needed,
        found.sample_screened,
        found.targets_found,
        found.targets_reached,
        exhausted=sample.next_record is None and not found.sample_complete,
    )
    return replace(base, safe_to_stop=found.safe_to_stop, target=figures)
