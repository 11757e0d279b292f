"""The stopping estimate `screener status` shows: recall so far and whether to stop.

The buscar test reads the screened records in the order they were screened and asks
whether the last stretch, had recall been below the target, would have held more relevant
records than it did. That only holds when the order was the model's: records screened
as imported, at random, by `screener decide` or on another machine (whose sessions this
store does not know) say nothing about what the unscreened rest still hides. So the report
is only given when every screened record was decided in a session that followed the
relevance order here; otherwise it says plainly why not and how many records it concerns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from screener.review.ranking_settings import StoppingSettings
from screener.screening.relevance import counts_as_relevant
from screener.screening.status import VerdictRow, is_resolution_row


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
        recall = (
            f"recall so far about {self.estimated_recall:.0%}"
            if self.estimated_recall is not None
            else "recall so far not yet estimable"
        )
        p_value = f", p = {self.p_value:.3f}" if self.p_value is not None else ""
        verdict = "safe to stop" if self.safe_to_stop else "keep screening"
        return (
            f"{head} {self.relevant_found} relevant in {self.screened} of {self.records}"
            f" screened; {recall}{p_value}: {verdict}."
        )

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


def stopping_report(
    *,
    rows: list[VerdictRow],
    settled: Mapping[int, bool],
    reached: set[int],
    in_model_order: set[int],
    stage: str,
    settings: StoppingSettings,
) -> StoppingReport:
    """The stopping report of `stage` from its current verdicts (`rows`, oldest first)."""
    verdicts = [row for row in rows if not is_resolution_row(row)]
    resolutions = [row for row in rows if is_resolution_row(row)]
    order, relevant = screened_in_order([*verdicts, *resolutions], settled)
    order = [rid for rid in order if rid in reached]
    outside = [rid for rid in order if rid not in in_model_order]
    base = StoppingReport(
        stage,
        settings.method,
        settings.recall_target,
        settings.confidence,
        len(reached),
        len(order),
        sum(relevant[rid] for rid in order),
        len(order) - len(outside),
    )
    why_not = _why_no_estimate(base, len(outside))
    if why_not:
        return _with(base, why_not=why_not)
    labels = [relevant[rid] for rid in order]
    return _estimated(base, labels)


def _why_no_estimate(report: StoppingReport, outside: int) -> str:
    """Why the method cannot speak yet, in a reviewer's words ("" when it can)."""
    if report.screened == 0:
        return "nothing screened yet"
    if outside:
        share = "all" if outside == report.screened else f"{outside} of {report.screened}"
        return (
            f"{share} screened records were not decided in the relevance order here"
            " (another --order, `screener decide`, or a session on another machine), so"
            " the screened records need not be the likeliest ones"
        )
    if report.method == "target":
        return "the target method needs a random sample screened first (not available yet)"
    return ""


def _estimated(base: StoppingReport, labels: list[bool]) -> StoppingReport:
    from screener.ranking.stopping import buscar_estimate

    found = buscar_estimate(labels, base.records, base.recall_target, base.confidence)
    return _with(
        base,
        estimated_recall=found.estimated_recall,
        p_value=found.p_value,
        safe_to_stop=found.safe_to_stop,
    )


def _with(report: StoppingReport, **changes: object) -> StoppingReport:
    from dataclasses import replace

    return replace(report, **changes)  # type: ignore[arg-type]
