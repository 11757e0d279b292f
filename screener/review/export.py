"""Writing a review's records out in an export format, and what an export must not overwrite."""

from __future__ import annotations

import importlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from screener.errors import ScreenerError, UsageError
from screener.formats import EXPORT_FORMATS, get_format
from screener.formats.csv_table import table_writer
from screener.formats.export_context import Origins, WriteContext, left_out_line
from screener.model import SCREENING_STAGES, Record, Source, Status
from screener.review.export_columns import ColumnSet, Selection, cell_reader, provided_columns
from screener.review.settings import CRITERIA_FILE, SETTINGS_FILE, STORE_FILE, enclosing_review
from screener.review.views import NoticePartner, notice_lines
from screener.store import NoticeLink

if TYPE_CHECKING:
    from screener.review.api import Review
    from screener.review.conflicts import Snapshot

# What an export must never write over: the store (with SQLite's companions), the settings,
# the criteria, the coding sheet.
OWN_FILES = (
    STORE_FILE,
    f"{STORE_FILE}-wal",
    f"{STORE_FILE}-shm",
    SETTINGS_FILE,
    CRITERIA_FILE,
    "coding.toml",
)


# Format name -> how the one line on what an export left out names the format.
FORMAT_LABELS = {"ris": "RIS", "bibtex": "BibTeX", "csv": "CSV", "json": "CSL-JSON"}
# The groups table ends its lines with CRLF, as the stateless dedupe's always has.
_GROUPS_LINE_END = "\r\n"


class ExportItem(NamedTuple):
    """A record to export, its status, and the records it was made of as they were read
    (the record alone, or the members of its duplicate group, canonical first)."""

    record: Record
    status: str
    members: Sequence[Record]


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: its records and groups rows, and the fields it left out (by
    name, and by where they came from: `(origin, names)`, origin an ORIGIN_LABELS key)."""

    records: int
    format_name: str
    left_out: tuple[str, ...] = ()
    groups: int | None = None
    left_out_from: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def left_out_line(self) -> str | None:
        """One line naming the fields the format could not carry, by source, or None."""
        label = FORMAT_LABELS.get(self.format_name, self.format_name)
        return left_out_line(label, dict(self.left_out_from) or {"": self.left_out})


def write_records(
    items: Iterable[ExportItem],
    stream: TextIO,
    format_name: str,
    *,
    source_formats: Mapping[int, str],
    notes: Callable[[Record], Sequence[str]] | None = None,
    duplicate_of: Mapping[int, int] | None = None,
    columns: Sequence[ColumnSet] = (),
) -> ExportReport:
    """Write the items to `stream` in `format_name`: each format carries the fields read from
    its own kind of file (`source_formats`: source id -> format name) and the notes; CSV
    also the status and `duplicate_of` columns, then `columns` (`export_columns`); CSL-JSON
    the id, status, `duplicate_of` and `columns` in each item's `custom.screener`. RIS and
    BibTeX carry none of these: they are reference formats, read by reference managers."""
    if format_name not in EXPORT_FORMATS:
        raise ScreenerError(
            f"cannot export as {format_name!r} (choose one of {', '.join(EXPORT_FORMATS)})"
        )
    current: dict[int | None, tuple[str, Origins]] = {}

    def records() -> Iterator[Record]:
        for item in items:
            current.clear()  # one record at a time: the writer asks about the one it writes
            current[item.record.id] = (item.status, origins_of(item.members, source_formats))
            yield item.record

    def origins(record: Record) -> Origins:
        found = current.get(record.id)
        return found[1] if found is not None else {}

    context = WriteContext(origins=origins, notes=notes)
    links = duplicate_of or {}

    def status_of(record: Record) -> str:
        return current[record.id][0] if record.id in current else ""

    def duplicate_cell(record: Record) -> str:
        return str(links.get(record.id or 0, ""))

    if format_name == "csv":
        from screener.formats.csv_table import write as write_csv

        count = write_csv(
            records(),
            stream,
            status_of=status_of,
            context=context,
            columns={"duplicate_of": duplicate_cell},
            trailing=column_cells(columns),
        )
    elif format_name == "json":
        from screener.formats.csl_json import write as write_json

        cells = cell_reader(columns)

        def annotations(record: Record) -> dict[str, str]:
            found = {
                "id": "" if record.id is None else str(record.id),
                "status": status_of(record),
                "duplicate_of": duplicate_cell(record),
            }
            found.update(cells(record.id))
            return found

        count = write_json(records(), stream, context=context, annotations=annotations)
    else:
        module = importlib.import_module(get_format(format_name).module)
        count = module.write(records(), stream, context=context)
    by_origin = tuple((origin, tuple(names)) for origin, names in context.left_out_from.items())
    return ExportReport(count, format_name, tuple(context.left_out), left_out_from=by_origin)


# The formats that carry the export's columns (`export_columns.PROVIDERS`).
COLUMN_FORMATS = frozenset({"csv", "json"})


def export_columns(
    review: Review,
    format_name: str,
    snapshot: Snapshot,
    in_export: Callable[[int], bool],
    stage: str | None,
) -> tuple[ColumnSet, ...]:
    """The provided columns of the records `in_export`, for a format that carries them;
    `stage` must be a screening stage or None (UsageError)."""
    if stage is not None and stage not in SCREENING_STAGES:
        raise UsageError(f"--stage is one of {', '.join(SCREENING_STAGES)}, not {stage!r}")
    if format_name not in COLUMN_FORMATS:
        return ()
    selection = Selection(
        store=review._store,
        root=review.root,
        record_ids=tuple(rid for rid in snapshot.statuses if in_export(rid)),
        statuses=snapshot.statuses,
        stage=stage,
        reviewers_per_record=review.settings.reviewers_per_record,
        reasons=review.reasons(),
        states=snapshot.tallies,
    )
    return provided_columns(selection)


def column_cells(sets: Sequence[ColumnSet]) -> dict[str, Callable[[Record], str]]:
    """Column name -> the cell of a record, for the CSV writer."""
    empty: Mapping[str, str] = {}

    def reader(found: ColumnSet, name: str) -> Callable[[Record], str]:
        return lambda record: found.cells.get(record.id or 0, empty).get(name, "")

    return {name: reader(found, name) for found in sets for name in found.names}


def origins_of(members: Sequence[Record], source_formats: Mapping[int, str]) -> Origins:
    """The members' extra fields by the format of the file each was read from."""
    if len(members) == 1:
        (member,) = members
        return {source_formats.get(member.source_id or 0, ""): member.extra}
    found: dict[str, dict[str, list[str]]] = {}
    for member in members:
        fields = found.setdefault(source_formats.get(member.source_id or 0, ""), {})
        for name, values in member.extra.items():
            kept = fields.setdefault(name, [])
            kept.extend(value for value in values if value not in kept)
    return found


def notice_notes(
    links: Iterable[NoticeLink],
    canonical_of: Mapping[int, int],
    record_of: Callable[[int], Record | None],
    in_export: Callable[[int], bool],
) -> Callable[[Record], list[str]]:
    """A record's notice lines (`views.notice_lines`) for an export, one per link: a link
    between members of groups is told of their canonical records, the ones exported, and
    the partner is named by title and DOI, and by key when `in_export`."""
    from screener.review.duplicates import between_groups

    links = list(links)

    def canonical(record_id: int) -> int:
        return canonical_of.get(record_id, record_id)

    by_record: dict[int, dict[NoticeLink, None]] = defaultdict(dict)  # ordered sets
    for told in between_groups(links, canonical):
        for record_id in (told.notice_id, told.article_id):
            by_record[record_id].setdefault(told)
    for link in links:  # a merged member exported on its own keeps its own link
        heads = {canonical(link.notice_id), canonical(link.article_id)}
        if len(heads) == 2:
            for record_id in {link.notice_id, link.article_id} - heads:
                by_record[record_id].setdefault(link)
    partners: dict[int, NoticePartner] = {}

    def partner(record_id: int) -> NoticePartner:
        if record_id not in partners:
            found = record_of(record_id)
            partners[record_id] = NoticePartner(
                title=found.title if found else "",
                doi=found.doi if found else "",
                key=found.key if found and in_export(record_id) else "",
            )
        return partners[record_id]

    def notes(record: Record) -> list[str]:
        found = by_record.get(record.id or 0)
        if not found:
            return []
        named = {
            other: partner(other) for link in found for other in (link.notice_id, link.article_id)
        }
        return notice_lines(record.id or 0, found, named)

    return notes


def exported_by(statuses: Mapping[int, str], status: str | None) -> Callable[[int], bool]:
    """Whether an export of `status` (None: every canonical record) holds a record."""

    def exported(record_id: int) -> bool:
        current = statuses.get(record_id, Status.TITLE_ABSTRACT.value)
        if status is None:
            return current != Status.DUPLICATE.value
        return current == status

    return exported


def write_groups(
    groups: Mapping[int, Sequence[int]], keys: Mapping[int, str], stream: TextIO
) -> int:
    """`group,key` rows, one per record in a duplicate group of two or more, as the stateless
    dedupe's `--groups` writes them; returns the rows written."""
    writerow = table_writer(stream, lineterminator=_GROUPS_LINE_END)
    writerow(["group", "key"])
    rows = 0
    for number, members in enumerate(groups.values(), 1):
        for record_id in members:
            writerow([number, keys.get(record_id, "")])
            rows += 1
    return rows


def protected_files(root: Path, sources: Iterable[Source]) -> dict[Path, str]:
    """The review's own files and its imported sources, each with why it is not an output.

    A source's path is kept as it was typed at import; a relative one is taken both from the
    working directory and from the review folder, since either may have been meant.
    """
    protected = {root / name: "is one of the review's own files" for name in OWN_FILES}
    for source in sources:
        path = Path(source.path)
        for candidate in (path,) if path.is_absolute() else (Path(os.getcwd(), path), root / path):
            protected.setdefault(candidate, "is an imported source file")
    return protected


def enclosing_reviews_files(paths: Iterable[Path]) -> dict[Path, str]:
    """`protected_files` of every review folder that holds one of `paths` (at any depth):
    a stateless command run inside a review must not write over the review either."""
    found = (enclosing_review(Path(os.path.abspath(path)).parent) for path in paths)
    roots = {root for root in found if root is not None}
    protected: dict[Path, str] = {}
    for root in roots:
        try:
            from screener.review.api import Review

            with Review.open(root) as review:
                sources = review.sources()
        except ScreenerError:
            sources = []  # a store that cannot be read still has its own files protected
        protected.update(protected_files(root, sources))
    return protected
