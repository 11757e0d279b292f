"""The PRISMA 2020 flow of a review: its counts under the PRISMA2020 R package's names.

`PrismaFlow` is what the counting (`report/prisma_counts.py`) hands the renderers (SVG, CSV,
Markdown): plain numbers, no store. A count that does not apply to a review is 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (name, n): a per-database or per-register count, or an exclusion reason with its count.
Count = tuple[str, int]


@dataclass(frozen=True, slots=True)
class PrismaFlow:
    """The boxes of the PRISMA 2020 diagram for new reviews (with previous studies when the
    review is an update, and the "other methods" column when any source was found so)."""

    # Identification: databases and registers
    database_results: int = 0
    database_specific_results: tuple[Count, ...] = ()
    register_results: int = 0
    register_specific_results: tuple[Count, ...] = ()
    duplicates: int = 0
    excluded_automatic: int = 0
    excluded_other: int = 0
    # Screening: databases and registers
    records_screened: int = 0
    records_excluded: int = 0
    dbr_sought_reports: int = 0
    dbr_notretrieved_reports: int = 0
    dbr_assessed: int = 0
    dbr_excluded: tuple[Count, ...] = ()
    # Identification and screening: other methods
    website_results: int = 0
    organisation_results: int = 0
    citations_results: int = 0
    other_results: int = 0  # "other" sources: no PRISMA2020 field of its own
    other_sought_reports: int = 0
    other_notretrieved_reports: int = 0
    other_assessed: int = 0
    other_excluded: tuple[Count, ...] = ()
    # Previous version of the review (an update)
    previous_studies: int = 0
    previous_reports: int = 0
    # Included
    new_studies: int = 0
    new_reports: int = 0
    total_studies: int = 0
    total_reports: int = 0
    # Still open (a review in progress): records awaiting a title-abstract outcome, reports
    # awaiting a full-text outcome, per column ("dbr", "other").
    pending: dict[str, int] = field(default_factory=dict)
