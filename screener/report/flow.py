"""The PRISMA 2020 flow of a review: its counts under the PRISMA2020 R package's names.

`PrismaFlow` is what the counting (`report/prisma_counts.py`) hands the renderers (SVG, CSV,
Markdown): plain numbers, no store. A count that does not apply to a review is 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# (name, n): a per-database or per-register count, or an exclusion reason with its count.
Count = tuple[str, int]

# The keys of `PrismaFlow.pending`: the box (field) where records and reports still wait for
# an outcome. A report at full text with no verdict waits where it was sought: whether it is
# retrieved is a full-text verdict too ("not-retrieved"), so none waits at "assessed".
PENDING_KEYS: tuple[str, ...] = (
    "records_screened",  # screened (databases and registers), no title-abstract outcome yet
    "dbr_sought_reports",  # sought (databases and registers), no full-text outcome yet
    "other_records_screened",  # the same for the "other methods" column
    "other_sought_reports",
)

# The list fields and the name of their label in JSON: `[{"reason": ..., "n": ...}]`.
_LABELS = {
    "database_specific_results": "database",
    "register_specific_results": "register",
    "dbr_excluded": "reason",
    "other_excluded": "reason",
}


@dataclass(frozen=True, slots=True)
class PrismaFlow:
    """The boxes of the PRISMA 2020 diagram for new reviews (with previous studies when the
    review is an update, and the "other methods" column when any source was found so).

    Fields past the PRISMA2020 package's own (marked "screener's") keep the "other methods"
    column and the per-column included reports whole, so that each column adds up:
    identified - removed = screened; screened - excluded = sought; sought - not retrieved =
    assessed; assessed - excluded = included (less what is `pending` while in progress).
    """

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
    dbr_included_reports: int = 0  # screener's: reports included from this column
    # Identification and screening: other methods
    website_results: int = 0
    organisation_results: int = 0
    citations_results: int = 0
    other_results: int = 0  # "other" sources: no PRISMA2020 field of its own
    other_duplicates: int = 0  # screener's: found already (by a database, or twice here)
    other_excluded_automatic: int = 0  # screener's: excluded by a criteria rule
    other_records_screened: int = 0  # screener's: screened at title and abstract
    other_records_excluded: int = 0  # screener's: excluded at title and abstract
    other_sought_reports: int = 0
    other_notretrieved_reports: int = 0
    other_assessed: int = 0
    other_excluded: tuple[Count, ...] = ()
    other_included_reports: int = 0  # screener's: reports included from this column
    # Previous version of the review (an update)
    previous_studies: int = 0
    previous_reports: int = 0
    # Included
    new_studies: int = 0
    new_reports: int = 0
    total_studies: int = 0
    total_reports: int = 0
    # Still open (a review in progress): records awaiting a title-abstract outcome and
    # reports awaiting a full-text outcome, per column, under `PENDING_KEYS` (the box they
    # wait at); only the keys with something waiting, so an empty dict is a finished review.
    pending: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether every record and report has its outcome."""
        return not any(self.pending.values())

    @property
    def other_identified(self) -> int:
        """Records identified by the other methods, all kinds together."""
        return (
            self.website_results
            + self.organisation_results
            + self.citations_results
            + self.other_results
        )

    @property
    def uses_other_methods(self) -> bool:
        """Whether the review found any record by other methods (the diagram's second column)."""
        return self.other_identified > 0

    def as_json(self) -> dict[str, object]:
        """Every field under its name; the lists as `[{"database"|"register"|"reason", "n"}]`;
        `pending` with every key of `PENDING_KEYS` (0 where nothing waits) and `complete`."""
        shown: dict[str, object] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _LABELS:
                label = _LABELS[item.name]
                value = [{label: name, "n": n} for name, n in value]
            elif item.name == "pending":
                value = {key: self.pending.get(key, 0) for key in PENDING_KEYS}
            shown[item.name] = value
        shown["complete"] = self.complete
        return shown
