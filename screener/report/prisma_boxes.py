"""What the PRISMA 2020 diagram says: its boxes, their standard wording, counts and arrows.

One description of the diagram that the SVG lays out and the Markdown table lists, so the two
never disagree about which boxes a review shows. The wording is PRISMA 2020's own (the
statement's flow diagram for new and updated systematic reviews); a box's id is the
PRISMA2020 field it counts where it counts one, so a reader of the SVG finds
`records_screened` by that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from screener.report.flow import PENDING_KEYS, Count, PrismaFlow


class Stage(Enum):
    """The blue labels down the side of the diagram."""

    IDENTIFICATION = "Identification"
    SCREENING = "Screening"
    INCLUDED = "Included"


class Column(Enum):
    """The diagram's columns, left to right, each under its header."""

    PREVIOUS = "Previous studies"
    DBR = "Identification of new studies via databases and registers"
    OTHER = "Identification of new studies via other methods"


class Place(Enum):
    """Where in its column a box sits: the flow runs down MAIN; SIDE holds what leaves it."""

    HEADER = "header"
    MAIN = "main"
    SIDE = "side"
    PENDING = "pending"  # "awaiting decision", under the SIDE box of the same row


# The rows top to bottom, and the stage each belongs to (the header row has none).
ROW_STAGES: dict[str, Stage | None] = {
    "header": None,
    "identified": Stage.IDENTIFICATION,
    "screened": Stage.SCREENING,
    "sought": Stage.SCREENING,
    "assessed": Stage.SCREENING,
    "new": Stage.INCLUDED,
    "total": Stage.INCLUDED,
}
ROWS = tuple(ROW_STAGES)

UNNAMED = "(no name)"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a box: a label and, where the line counts something, its count and the
    PrismaFlow field it comes from. An `item` is one database, register or reason."""

    label: str
    count: int | None = None
    field: str | None = None
    item: bool = False
    colon: bool = False  # "label: N" rather than PRISMA's "label (n = N)"


@dataclass(frozen=True, slots=True)
class Box:
    id: str
    column: Column
    place: Place
    row: str
    lines: tuple[Line, ...]
    centred: bool = True  # lists (databases, reasons) read better left-aligned

    @property
    def title(self) -> str:
        """The box's name for a table: its heading line, else its only label."""
        return self.lines[0].label.rstrip(":")


@dataclass(frozen=True, slots=True)
class Arrow:
    source: str
    target: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Diagram:
    columns: tuple[Column, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]

    def box(self, box_id: str) -> Box:
        return next(box for box in self.boxes if box.id == box_id)


def diagram(flow: PrismaFlow, *, allow_pending: bool = False) -> Diagram:
    """The boxes and arrows `flow` draws: databases and registers always, the other-methods
    column when any record came by other methods, previous studies for an update, and the
    "awaiting decision" boxes when `allow_pending`."""
    pending = pending_counts(flow) if allow_pending else {}
    columns = [Column.DBR]
    boxes = list(_dbr_boxes(flow))
    arrows = list(_DBR_ARROWS)
    if uses_other_methods(flow) or any(key.startswith("other_") for key in pending):
        columns.append(Column.OTHER)
        screened = screens_other_methods(flow) or "other_records_screened" in pending
        boxes.extend(_other_boxes(flow, screened=screened))
        arrows.extend(_other_arrows(screened=screened))
    if is_update(flow):
        columns.insert(0, Column.PREVIOUS)
        boxes.extend(_previous_boxes(flow))
        arrows.extend(_PREVIOUS_ARROWS)
    by_id = {box.id: box for box in boxes}
    for key, n in pending.items():
        waiting = by_id[key]
        line = Line("Awaiting decision", n, f"pending.{key}", colon=True)
        boxes.append(Box(f"pending_{key}", waiting.column, Place.PENDING, waiting.row, (line,)))
        arrows.append(Arrow(waiting.id, f"pending_{key}", dashed=True))
    return Diagram(tuple(columns), tuple(boxes), tuple(arrows))


def pending_counts(flow: PrismaFlow) -> dict[str, int]:
    """The non-zero counts of `flow.pending` (keyed by the box records wait at), checked."""
    unknown = sorted(set(flow.pending) - set(PENDING_KEYS))
    if unknown:
        raise ValueError(f"PrismaFlow.pending keys {unknown} name no box; known: {PENDING_KEYS}")
    return {key: flow.pending[key] for key in PENDING_KEYS if flow.pending.get(key, 0) > 0}


def uses_other_methods(flow: PrismaFlow) -> bool:
    """True when any record was identified or retrieved by other methods than databases."""
    counts = (
        flow.website_results,
        flow.organisation_results,
        flow.citations_results,
        flow.other_results,
        flow.other_sought_reports,
        flow.other_notretrieved_reports,
        flow.other_assessed,
        sum(n for _, n in flow.other_excluded),
    )
    return any(counts) or screens_other_methods(flow)


def screens_other_methods(flow: PrismaFlow) -> bool:
    """True when records found by other methods were screened at title and abstract, or
    removed before: screener's own boxes, which PRISMA 2020's other-methods column has not,
    then show how the column goes from the records identified to the reports sought."""
    return any(
        (
            flow.other_duplicates,
            flow.other_excluded_automatic,
            flow.other_records_screened,
            flow.other_records_excluded,
        )
    )


def is_update(flow: PrismaFlow) -> bool:
    """True for an update of a review: it counts studies of the previous version."""
    return flow.previous_studies > 0 or flow.previous_reports > 0


def included_studies_label(flow: PrismaFlow) -> str:
    """PRISMA 2020's words for the studies the searches of this review included: "new"
    only in an update, where a total with the previous version's follows."""
    return "New studies included in review" if is_update(flow) else "Studies included in review"


def included_reports_label(flow: PrismaFlow) -> str:
    """The reports of those studies, in PRISMA 2020's words (see `included_studies_label`)."""
    return "Reports of new included studies" if is_update(flow) else "Reports of included studies"


def item_name(name: str) -> str:
    """A database, register or reason as shown: its name on one line, never blank."""
    return " ".join(name.split()) or UNNAMED


def _items(counts: tuple[Count, ...], field: str) -> tuple[Line, ...]:
    return tuple(Line(item_name(name), n, field, item=True) for name, n in counts)


def _counted(label: str, flow: PrismaFlow, field: str) -> Line:
    return Line(label, getattr(flow, field), field)


def _single(box_id: str, column: Column, place: Place, row: str, label: str, n: int) -> Box:
    return Box(box_id, column, place, row, (Line(label, n, box_id),))


def _excluded(box_id: str, column: Column, reasons: tuple[Count, ...]) -> Box:
    if not reasons:
        return _single(box_id, column, Place.SIDE, "assessed", "Reports excluded", 0)
    lines = (Line("Reports excluded:"), *_items(reasons, box_id))
    return Box(box_id, column, Place.SIDE, "assessed", lines, centred=False)


def _header(column: Column) -> Box:
    box_id = f"header_{column.name.lower()}"
    return Box(box_id, column, Place.HEADER, "header", (Line(column.value),))


def _dbr_boxes(flow: PrismaFlow) -> tuple[Box, ...]:
    dbr, main, side = Column.DBR, Place.MAIN, Place.SIDE
    identified = (
        Line("Records identified from:"),
        _counted("Databases", flow, "database_results"),
        *_items(flow.database_specific_results, "database_specific_results"),
        _counted("Registers", flow, "register_results"),
        *_items(flow.register_specific_results, "register_specific_results"),
    )
    removed = (
        Line("Records removed before screening:"),
        _counted("Duplicate records", flow, "duplicates"),
        _counted("Records marked as ineligible by automation tools", flow, "excluded_automatic"),
        _counted("Records removed for other reasons", flow, "excluded_other"),
    )
    return (
        _header(dbr),
        Box("dbr_identified", dbr, main, "identified", identified, centred=False),
        Box("removed_before_screening", dbr, side, "identified", removed, centred=False),
        _single(
            "records_screened", dbr, main, "screened",
            "Records screened", flow.records_screened,
        ),
        _single(
            "records_excluded", dbr, side, "screened",
            "Records excluded", flow.records_excluded,
        ),
        _single(
            "dbr_sought_reports", dbr, main, "sought",
            "Reports sought for retrieval", flow.dbr_sought_reports,
        ),
        _single(
            "dbr_notretrieved_reports", dbr, side, "sought",
            "Reports not retrieved", flow.dbr_notretrieved_reports,
        ),
        _single(
            "dbr_assessed", dbr, main, "assessed",
            "Reports assessed for eligibility", flow.dbr_assessed,
        ),
        _excluded("dbr_excluded", dbr, flow.dbr_excluded),
        Box(
            "new_studies", dbr, main, "new",
            (
                _counted(included_studies_label(flow), flow, "new_studies"),
                _counted(included_reports_label(flow), flow, "new_reports"),
            ),
        ),
    )  # fmt: skip


def _other_boxes(flow: PrismaFlow, *, screened: bool) -> tuple[Box, ...]:
    other, main, side = Column.OTHER, Place.MAIN, Place.SIDE
    identified = [
        Line("Records identified from:"),
        _counted("Websites", flow, "website_results"),
        _counted("Organisations", flow, "organisation_results"),
        _counted("Citation searching", flow, "citations_results"),
    ]
    if flow.other_results:  # no PRISMA2020 field of its own: shown only when used
        identified.append(_counted("Other sources", flow, "other_results"))
    boxes = [
        _header(other),
        Box("other_identified", other, main, "identified", tuple(identified), centred=False),
    ]
    if screened:
        removed = (
            Line("Records removed before screening:"),
            _counted("Duplicate records", flow, "other_duplicates"),
            _counted(
                "Records marked as ineligible by automation tools",
                flow, "other_excluded_automatic",
            ),
        )  # fmt: skip
        boxes += [
            Box(
                "other_removed_before_screening", other, side, "identified", removed,
                centred=False,
            ),
            _single(
                "other_records_screened", other, main, "screened",
                "Records screened", flow.other_records_screened,
            ),
            _single(
                "other_records_excluded", other, side, "screened",
                "Records excluded", flow.other_records_excluded,
            ),
        ]  # fmt: skip
    boxes += [
        _single(
            "other_sought_reports", other, main, "sought",
            "Reports sought for retrieval", flow.other_sought_reports,
        ),
        _single(
            "other_notretrieved_reports", other, side, "sought",
            "Reports not retrieved", flow.other_notretrieved_reports,
        ),
        _single(
            "other_assessed", other, main, "assessed",
            "Reports assessed for eligibility", flow.other_assessed,
        ),
        _excluded("other_excluded", other, flow.other_excluded),
    ]  # fmt: skip
    return tuple(boxes)


def _previous_boxes(flow: PrismaFlow) -> tuple[Box, ...]:
    previous = (
        _counted("Studies included in previous version of review", flow, "previous_studies"),
        _counted(
            "Reports of studies included in previous version of review", flow, "previous_reports"
        ),
    )
    total = (
        _counted("Total studies included in review", flow, "total_studies"),
        _counted("Reports of total included studies", flow, "total_reports"),
    )
    return (
        _header(Column.PREVIOUS),
        Box("previous_studies", Column.PREVIOUS, Place.MAIN, "identified", previous),
        Box("total_studies", Column.DBR, Place.MAIN, "total", total),
    )


_DBR_ARROWS = (
    Arrow("dbr_identified", "removed_before_screening"),
    Arrow("dbr_identified", "records_screened"),
    Arrow("records_screened", "records_excluded"),
    Arrow("records_screened", "dbr_sought_reports"),
    Arrow("dbr_sought_reports", "dbr_notretrieved_reports"),
    Arrow("dbr_sought_reports", "dbr_assessed"),
    Arrow("dbr_assessed", "dbr_excluded"),
    Arrow("dbr_assessed", "new_studies"),
)


def _other_arrows(*, screened: bool) -> tuple[Arrow, ...]:
    if not screened:
        return (Arrow("other_identified", "other_sought_reports"), *_OTHER_ARROWS)
    return (
        Arrow("other_identified", "other_removed_before_screening"),
        Arrow("other_identified", "other_records_screened"),
        Arrow("other_records_screened", "other_records_excluded"),
        Arrow("other_records_screened", "other_sought_reports"),
        *_OTHER_ARROWS,
    )


_OTHER_ARROWS = (
    Arrow("other_sought_reports", "other_notretrieved_reports"),
    Arrow("other_sought_reports", "other_assessed"),
    Arrow("other_assessed", "other_excluded"),
    Arrow("other_assessed", "new_studies"),
)
_PREVIOUS_ARROWS = (
    Arrow("previous_studies", "total_studies"),
    Arrow("new_studies", "total_studies"),
)
