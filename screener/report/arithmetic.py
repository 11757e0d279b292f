"""The sums a reader of a PRISMA flow diagram checks by hand, as a table of named checks.

Each check gives the two sides of one equation of the flow; the counting builds every box
from the records, so a check that fails is a bug in screener, never a fact of the review.
While a review is in progress, what still waits for an outcome (`PrismaFlow.pending`) is
taken off the side it has not left yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from screener.errors import ScreenerError
from screener.report.flow import PrismaFlow

Sides = tuple[int, int]


def dbr_identified_less_removed_is_screened(flow: PrismaFlow) -> Sides:
    """database_results + register_results - duplicates - excluded_automatic - excluded_other
    = records_screened"""
    identified = flow.database_results + flow.register_results
    removed = flow.duplicates + flow.excluded_automatic + flow.excluded_other
    return identified - removed, flow.records_screened


def dbr_screened_less_excluded_is_sought(flow: PrismaFlow) -> Sides:
    """records_screened - records_excluded - awaiting screening = dbr_sought_reports"""
    waiting = flow.pending.get("records_screened", 0)
    return flow.records_screened - flow.records_excluded - waiting, flow.dbr_sought_reports


def dbr_sought_less_not_retrieved_is_assessed(flow: PrismaFlow) -> Sides:
    """dbr_sought_reports - dbr_notretrieved_reports - awaiting full text = dbr_assessed"""
    waiting = flow.pending.get("dbr_sought_reports", 0)
    return flow.dbr_sought_reports - flow.dbr_notretrieved_reports - waiting, flow.dbr_assessed


def dbr_assessed_less_excluded_is_included(flow: PrismaFlow) -> Sides:
    """dbr_assessed - sum(dbr_excluded) = dbr_included_reports"""
    excluded = sum(n for _, n in flow.dbr_excluded)
    return flow.dbr_assessed - excluded, flow.dbr_included_reports


def databases_add_up(flow: PrismaFlow) -> Sides:
    """sum(database_specific_results) = database_results"""
    return sum(n for _, n in flow.database_specific_results), flow.database_results


def registers_add_up(flow: PrismaFlow) -> Sides:
    """sum(register_specific_results) = register_results"""
    return sum(n for _, n in flow.register_specific_results), flow.register_results


def other_identified_less_removed_is_screened(flow: PrismaFlow) -> Sides:
    """website + organisation + citations + other results - other_duplicates -
    other_excluded_automatic = other_records_screened"""
    removed = flow.other_duplicates + flow.other_excluded_automatic
    return flow.other_identified - removed, flow.other_records_screened


def other_screened_less_excluded_is_sought(flow: PrismaFlow) -> Sides:
    """other_records_screened - other_records_excluded - awaiting screening =
    other_sought_reports"""
    waiting = flow.pending.get("other_records_screened", 0)
    screened = flow.other_records_screened - flow.other_records_excluded - waiting
    return screened, flow.other_sought_reports


def other_sought_less_not_retrieved_is_assessed(flow: PrismaFlow) -> Sides:
    """other_sought_reports - other_notretrieved_reports - awaiting full text =
    other_assessed"""
    waiting = flow.pending.get("other_sought_reports", 0)
    sought = flow.other_sought_reports - flow.other_notretrieved_reports - waiting
    return sought, flow.other_assessed


def other_assessed_less_excluded_is_included(flow: PrismaFlow) -> Sides:
    """other_assessed - sum(other_excluded) = other_included_reports"""
    excluded = sum(n for _, n in flow.other_excluded)
    return flow.other_assessed - excluded, flow.other_included_reports


def columns_make_the_new_reports(flow: PrismaFlow) -> Sides:
    """dbr_included_reports + other_included_reports = new_reports"""
    return flow.dbr_included_reports + flow.other_included_reports, flow.new_reports


def totals_add_previous(flow: PrismaFlow) -> Sides:
    """new_studies + previous_studies = total_studies"""
    return flow.new_studies + flow.previous_studies, flow.total_studies


def total_reports_add_previous(flow: PrismaFlow) -> Sides:
    """new_reports + previous_reports = total_reports"""
    return flow.new_reports + flow.previous_reports, flow.total_reports


CHECKS: tuple[Callable[[PrismaFlow], Sides], ...] = (
    dbr_identified_less_removed_is_screened,
    dbr_screened_less_excluded_is_sought,
    dbr_sought_less_not_retrieved_is_assessed,
    dbr_assessed_less_excluded_is_included,
    databases_add_up,
    registers_add_up,
    other_identified_less_removed_is_screened,
    other_screened_less_excluded_is_sought,
    other_sought_less_not_retrieved_is_assessed,
    other_assessed_less_excluded_is_included,
    columns_make_the_new_reports,
    totals_add_previous,
    total_reports_add_previous,
)


@dataclass(frozen=True, slots=True)
class Imbalance:
    """A check that failed, with both sides."""

    check: str
    equation: str
    left: int
    right: int

    def text(self) -> str:
        return f"{self.check} ({self.equation}): {self.left} on the left, {self.right} on the right"


class FlowDoesNotAddUp(ScreenerError):
    """The counts broke a check: a bug in screener, reported with both sides."""

    def __init__(self, failed: list[Imbalance]) -> None:
        super().__init__(
            "the PRISMA counts do not add up, a bug in screener (please report it): "
            + "; ".join(imbalance.text() for imbalance in failed)
        )
        self.failed = failed


def imbalances(flow: PrismaFlow) -> list[Imbalance]:
    """Every check of `CHECKS` that fails on `flow`."""
    failed = []
    for check in CHECKS:
        left, right = check(flow)
        if left != right:
            equation = " ".join((check.__doc__ or "").split())
            failed.append(Imbalance(check.__name__, equation, left, right))
    return failed


def check_flow(flow: PrismaFlow) -> PrismaFlow:
    """`flow` when every check holds, else FlowDoesNotAddUp naming each failure."""
    failed = imbalances(flow)
    if failed:
        raise FlowDoesNotAddUp(failed)
    return flow
