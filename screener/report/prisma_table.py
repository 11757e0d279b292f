"""The PRISMA flow as rows of a table a person reads: box by box, in the diagram's order."""

from __future__ import annotations

from dataclasses import dataclass

from screener.report.flow import Count, PrismaFlow
from screener.report.prisma_boxes import included_reports_label, included_studies_label, is_update


@dataclass(frozen=True, slots=True)
class Row:
    """A heading (no `n`) or a box with its count; `depth` 1 for a breakdown of the box above."""

    label: str
    n: int | None = None
    depth: int = 0


def _breakdown(counts: tuple[Count, ...]) -> list[Row]:
    return [Row(name, n, 1) for name, n in counts]


def _awaiting(flow: PrismaFlow, key: str) -> list[Row]:
    n = flow.pending.get(key, 0)
    return [Row("awaiting decision", n, 1)] if n else []


def flow_rows(flow: PrismaFlow) -> list[Row]:
    """The boxes of the diagram, a heading before each part; the other-methods column and
    the previous review only when the review has them."""
    rows = [
        Row("Identification: databases and registers"),
        Row("Records identified from databases", flow.database_results),
        *_breakdown(flow.database_specific_results),
        Row("Records identified from registers", flow.register_results),
        *_breakdown(flow.register_specific_results),
        Row("Duplicate records removed", flow.duplicates),
        Row("Records marked as ineligible by automation tools", flow.excluded_automatic),
        Row("Records removed for other reasons", flow.excluded_other),
        Row("Screening: databases and registers"),
        Row("Records screened", flow.records_screened),
        *_awaiting(flow, "records_screened"),
        Row("Records excluded", flow.records_excluded),
        Row("Reports sought for retrieval", flow.dbr_sought_reports),
        *_awaiting(flow, "dbr_sought_reports"),
        Row("Reports not retrieved", flow.dbr_notretrieved_reports),
        Row("Reports assessed for eligibility", flow.dbr_assessed),
        Row("Reports excluded", sum(n for _, n in flow.dbr_excluded)),
        *_breakdown(flow.dbr_excluded),
    ]
    if flow.uses_other_methods:
        rows += [
            Row("Identification and screening: other methods"),
            Row("Records identified from websites", flow.website_results),
            Row("Records identified from organisations", flow.organisation_results),
            Row("Records identified from citation searching", flow.citations_results),
            Row("Records identified by other methods", flow.other_results),
            Row("Records found already (duplicates)", flow.other_duplicates),
            Row("Records marked as ineligible by automation tools", flow.other_excluded_automatic),
            Row("Records screened", flow.other_records_screened),
            *_awaiting(flow, "other_records_screened"),
            Row("Records excluded", flow.other_records_excluded),
            Row("Reports sought for retrieval", flow.other_sought_reports),
            *_awaiting(flow, "other_sought_reports"),
            Row("Reports not retrieved", flow.other_notretrieved_reports),
            Row("Reports assessed for eligibility", flow.other_assessed),
            Row("Reports excluded", sum(n for _, n in flow.other_excluded)),
            *_breakdown(flow.other_excluded),
        ]
    rows += [
        Row("Included"),
        Row(included_studies_label(flow), flow.new_studies),
        Row(included_reports_label(flow), flow.new_reports),
    ]
    if is_update(flow):
        rows += [
            Row("Studies included in previous version of review", flow.previous_studies),
            Row("Reports of studies included in previous version", flow.previous_reports),
            Row("Total studies included in review", flow.total_studies),
            Row("Reports of total included studies", flow.total_reports),
        ]
    return rows
