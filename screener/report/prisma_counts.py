"""The PRISMA 2020 counts of a review, from its records, sources, duplicate links, statuses
and notice links: each number is counted from those, never kept on the side.

Columns. A record belongs to the column of its source's method: a database or register to
"databases and registers" (dbr), a website, organisation, citation search or other to
"other methods", a previous version of the review to the previous studies. A duplicate group
is screened once, in one column: previous if any member came from the previous review (the
new searches found a study already included), else dbr if any member came from a database or
register, else other methods. Every other member is a duplicate removed in its own column.

So a record found by other methods that duplicates a record from a database counts where it
was found (`citations_results`, say) and is removed there as found already
(`other_duplicates`), while the study goes through screening once, in the dbr column: the
search that found it first in the diagram's reading order keeps it, and neither column
counts a record the other one removed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from screener.model import SOURCE_METHODS, Source, Status
from screener.report.flow import Count, PrismaFlow
from screener.report.plain import without_bidi_controls

DBR = "dbr"
OTHER = "other"
PREVIOUS = "previous"
DBR_METHODS = frozenset({"database", "register"})

# Where a screened record or report of a column ends, by its status.
_EXCLUDED_AUTOMATIC = Status.EXCLUDED_AUTOMATIC.value
_AT_TITLE_ABSTRACT = Status.TITLE_ABSTRACT.value
_EXCLUDED_SCREENING = Status.EXCLUDED_SCREENING.value
_AT_FULL_TEXT = Status.FULL_TEXT.value
_NOT_RETRIEVED = Status.NOT_RETRIEVED.value
_EXCLUDED_FULL_TEXT = Status.EXCLUDED_FULL_TEXT.value
_INCLUDED = Status.INCLUDED.value
_SOUGHT = frozenset({_AT_FULL_TEXT, _NOT_RETRIEVED, _EXCLUDED_FULL_TEXT, _INCLUDED})


@dataclass(frozen=True, slots=True)
class NoticeOf:
    """A notice (erratum, retraction, comment, reply) `notice` about the record `article`,
    both canonical records."""

    notice: int
    article: int


@dataclass(frozen=True, slots=True)
class FlowInputs:
    """What the counting reads from a review."""

    sources: Sequence[Source]
    record_sources: Mapping[int, int]  # every record id -> its source id
    duplicate_of: Mapping[int, int]  # member -> canonical record, standing links
    statuses: Mapping[int, str]  # every record's status
    notices: Sequence[NoticeOf] = ()
    full_text_reasons: Mapping[int, str] = field(default_factory=dict)  # label per exclusion


@dataclass(slots=True)
class _Column:
    """One column's boxes as the groups are walked."""

    duplicates: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def count(self, status: str, reason: str) -> None:
        self.by_status[status] += 1
        if status == _EXCLUDED_FULL_TEXT:
            self.reasons[reason] += 1

    @property
    def screened(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != _EXCLUDED_AUTOMATIC)

    @property
    def sought(self) -> int:
        return sum(self.by_status[status] for status in _SOUGHT)

    def excluded(self) -> tuple[Count, ...]:
        ordered = sorted(self.reasons.items(), key=lambda item: (-item[1], item[0].casefold()))
        return tuple(ordered)


def source_label(source: Source) -> str:
    """The name a database or register is counted under: the source's database, else its
    file's name, saying so ("scopus.ris (file; no database named)")."""
    # Drawn beside its count: no bidi control may reorder the count (`report.plain`).
    database = without_bidi_controls(source.database).strip()
    if database:
        return database
    name = without_bidi_controls(PurePath(source.path).name)
    return f"{name or source.format} (file; no database named)"


def group_column(methods: Iterable[str]) -> str:
    """The column a duplicate group (or a lone record) is screened in, from its members'
    methods: see the module's docstring."""
    return _first_column({own_column(method) for method in methods})


def own_column(method: str) -> str:
    """The column a record is identified in, from its own source's method."""
    if method == PREVIOUS:
        return PREVIOUS
    return DBR if method in DBR_METHODS else OTHER


def _first_column(homes: Iterable[str]) -> str:
    """Of the columns a group's members were found in, the one that screens the group."""
    found = set(homes)
    return next(column for column in (PREVIOUS, DBR, OTHER) if column in found)


def _methods(inputs: FlowInputs) -> dict[int, str]:
    """source id -> its method; one screener does not know (a store from a later version)
    counts as "other"."""
    return {
        source.id: source.method if source.method in SOURCE_METHODS else "other"
        for source in inputs.sources
    }


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each group is screened, and how many records each column removes as
    duplicates: every member but the one that stands for the group in its column."""

    column_of: dict[int, str]  # canonical record -> DBR, OTHER or PREVIOUS
    duplicates: Counter[str]  # DBR / OTHER -> records removed as duplicates


def place_groups(inputs: FlowInputs) -> Placement:
    """Each duplicate group (a lone record is a group of one) placed in its column."""
    home_of = {sid: own_column(method) for sid, method in _methods(inputs).items()}
    sources, duplicate_of = inputs.record_sources, inputs.duplicate_of
    members_of: dict[int, list[int]] = defaultdict(list)
    for member, head in duplicate_of.items():
        members_of[head].append(member)
    column_of: dict[int, str] = {}
    duplicates: Counter[str] = Counter()
    for record_id, source_id in sources.items():
        if record_id in duplicate_of:
            continue
        if record_id not in members_of:
            column_of[record_id] = home_of[source_id]  # alone: most records
            continue
        homes = [home_of[source_id], *(home_of[sources[m]] for m in members_of[record_id])]
        column = column_of[record_id] = _first_column(homes)
        duplicates.update(home for home in homes if home != PREVIOUS)
        if column != PREVIOUS:
            duplicates[column] -= 1  # one member stands for the group
    return Placement(column_of, duplicates)


def screened_heads(inputs: FlowInputs) -> dict[int, str]:
    """canonical record -> the column it is screened in (previous studies left out)."""
    placed = place_groups(inputs).column_of
    return {head: column for head, column in placed.items() if column != PREVIOUS}


def count_flow(inputs: FlowInputs) -> PrismaFlow:
    """The flow of a review; `pending` holds what still waits for an outcome."""
    method_of = _methods(inputs)
    identified: Counter[str] = Counter()  # by method
    specific: dict[str, Counter[str]] = defaultdict(Counter)  # method -> label -> n
    by_source = Counter(inputs.record_sources.values())
    for source in inputs.sources:
        method = method_of[source.id]
        identified[method] += by_source[source.id]
        if method in DBR_METHODS and by_source[source.id]:
            specific[method][source_label(source)] += by_source[source.id]

    placement = place_groups(inputs)
    columns = {DBR: _Column(), OTHER: _Column()}
    previous: set[int] = set()
    statuses, reasons = inputs.statuses, inputs.full_text_reasons
    for head, column in placement.column_of.items():
        if column == PREVIOUS:
            previous.add(head)
        else:
            columns[column].count(statuses.get(head, _AT_TITLE_ABSTRACT), reasons.get(head, ""))
    for column, found in columns.items():
        found.duplicates = placement.duplicates[column]

    dbr, other = columns[DBR], columns[OTHER]
    included = {
        head
        for head, column in placement.column_of.items()
        if column != PREVIOUS and statuses.get(head) == _INCLUDED
    }
    new_reports = len(included)
    new_studies = _studies(included, included | previous, inputs.notices)
    previous_studies = _studies(previous, included | previous, inputs.notices)
    return PrismaFlow(
        database_results=identified["database"],
        database_specific_results=_named(specific["database"]),
        register_results=identified["register"],
        register_specific_results=_named(specific["register"]),
        duplicates=dbr.duplicates,
        excluded_automatic=dbr.by_status[_EXCLUDED_AUTOMATIC],
        # Nothing in a review removes a record before screening but a duplicate link or a
        # criteria rule: a record screener holds is screened unless one of those removed it.
        excluded_other=0,
        records_screened=dbr.screened,
        records_excluded=dbr.by_status[_EXCLUDED_SCREENING],
        dbr_sought_reports=dbr.sought,
        dbr_notretrieved_reports=dbr.by_status[_NOT_RETRIEVED],
        dbr_assessed=dbr.by_status[_EXCLUDED_FULL_TEXT] + dbr.by_status[_INCLUDED],
        dbr_excluded=dbr.excluded(),
        dbr_included_reports=dbr.by_status[_INCLUDED],
        website_results=identified["website"],
        organisation_results=identified["organisation"],
        citations_results=identified["citation"],
        other_results=identified["other"],
        other_duplicates=other.duplicates,
        other_excluded_automatic=other.by_status[_EXCLUDED_AUTOMATIC],
        other_records_screened=other.screened,
        other_records_excluded=other.by_status[_EXCLUDED_SCREENING],
        other_sought_reports=other.sought,
        other_notretrieved_reports=other.by_status[_NOT_RETRIEVED],
        other_assessed=other.by_status[_EXCLUDED_FULL_TEXT] + other.by_status[_INCLUDED],
        other_excluded=other.excluded(),
        other_included_reports=other.by_status[_INCLUDED],
        previous_studies=previous_studies,
        previous_reports=len(previous),
        new_studies=new_studies,
        new_reports=new_reports,
        total_studies=new_studies + previous_studies,
        total_reports=new_reports + len(previous),
        pending=_pending(dbr, other),
    )


def _studies(reports: set[int], included: set[int], notices: Iterable[NoticeOf]) -> int:
    """How many studies the included `reports` are: a notice linked to another included
    record (an erratum of an included article) is a report of that study, not a new one."""
    of_a_study = {
        link.notice
        for link in notices
        if link.notice in reports and link.article in included and link.article != link.notice
    }
    return len(reports - of_a_study)


def _named(counts: Counter[str]) -> tuple[Count, ...]:
    """Per name, the largest first, then by name."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


def _pending(dbr: _Column, other: _Column) -> dict[str, int]:
    waiting = {
        "records_screened": dbr.by_status[_AT_TITLE_ABSTRACT],
        "dbr_sought_reports": dbr.by_status[_AT_FULL_TEXT],
        "other_records_screened": other.by_status[_AT_TITLE_ABSTRACT],
        "other_sought_reports": other.by_status[_AT_FULL_TEXT],
    }
    return {key: n for key, n in waiting.items() if n}


__all__ = [
    "DBR",
    "OTHER",
    "PREVIOUS",
    "FlowInputs",
    "NoticeOf",
    "count_flow",
    "group_column",
    "place_groups",
    "screened_heads",
    "source_label",
]
