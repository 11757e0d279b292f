"""Review: the library API over one review folder. The CLI is a thin shell over this.

Import it as `from screener.review import Review`. Everything a command does can be done
from Python::

    from screener.review import Review
    with Review.open(Path("csa-rea")) as review:
        review.import_file(Path("pubmed.nbib"), ImportOptions(database="PubMed"))
        review.dedupe()
        review.apply_criteria()
        review.decide(42, "exclude", reason="design")
        print(review.status().as_json())
"""

from __future__ import annotations

import getpass
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from screener.errors import ReviewNotFound, ScreenerError, UsageError
from screener.model import Record, Source, Status, stored
from screener.review.agreement import AgreementMethods
from screener.review.audit import AuditMethods
from screener.review.coding import CODING_FILE, CodingMethods
from screener.review.conflicts import ConflictMethods
from screener.review.duplicates import DuplicateMethods
from screener.review.importing import ImportOptions, ImportProgress, ImportReport, import_file
from screener.review.pilot import PilotMethods
from screener.review.progress import ProgressMethods
from screener.review.ranking import RankingMethods
from screener.review.reporting import ReportMethods
from screener.review.resources import coding_template_path, template_path
from screener.review.screening import ScreeningMethods
from screener.review.settings import (
    CRITERIA_FILE,
    SETTINGS_FILE,
    STORE_FILE,
    Settings,
    enclosing_review,
    load_settings,
    render_settings,
)
from screener.review.sync import SyncMethods
from screener.review.views import Explanation, RecordView, StatusReport
from screener.store import Store

if TYPE_CHECKING:
    from screener.review.criteria import ApplyReport
    from screener.review.export import ExportItem, ExportReport

__all__ = ["ImportOptions", "ImportReport", "Review", "StatusReport", "current_reviewer"]


def current_reviewer(name: str | None = None) -> str:
    """The reviewer: the name given, else SCREENER_REVIEWER, else the login name."""
    if name is not None and not name.strip():
        raise UsageError("the reviewer name is empty")
    if name:
        return name
    if os.environ.get("SCREENER_REVIEWER"):
        return os.environ["SCREENER_REVIEWER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def find_review_root(start: Path | None = None) -> Path:
    """The review folder: SCREENER_REVIEW, else the nearest folder up holding screener.toml."""
    if start is None and os.environ.get("SCREENER_REVIEW"):
        start = Path(os.environ["SCREENER_REVIEW"])
        if not (start / SETTINGS_FILE).is_file():
            raise ReviewNotFound(
                f"SCREENER_REVIEW={start} is not a review folder (no screener.toml)"
            )
        return start.resolve()
    here = (start or Path.cwd()).resolve()
    found = enclosing_review(here)
    if found is not None:
        return found
    raise ReviewNotFound(
        f"no review here: no {SETTINGS_FILE} in {here} or above"
        " (run 'screener init', or pass --review DIR)"
    )


class Review(
    DuplicateMethods,
    PilotMethods,
    ScreeningMethods,
    ConflictMethods,
    AgreementMethods,
    SyncMethods,
    ReportMethods,
    ProgressMethods,
    AuditMethods,
    RankingMethods,
    CodingMethods,
):
    """One review folder: settings, criteria and the store."""

    def __init__(self, root: Path, store: Store, settings: Settings, actor: str) -> None:
        self.root = root
        self._store = store
        self.settings = settings
        self.actor = actor
        self._reasons: tuple[int | None, dict[str, str]] | None = None
        # The files `create` found in the folder and kept instead of the template's.
        self.kept_files: tuple[str, ...] = ()
        self._criteria_sha: tuple[int | None, str] | None = None

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        root: Path,
        *,
        title: str | None = None,
        template: str = "blank",
        actor: str | None = None,
    ) -> Review:
        """Make a new review folder with settings, a criteria file and a coding frame from
        `template` (the blank frame when the template has none), and a store."""
        enclosing = enclosing_review(root)
        if enclosing is not None:
            where = "here" if enclosing == root.resolve() else f"in {enclosing}"
            raise ScreenerError(
                f"a review already exists {where}; a review folder cannot hold another",
                file=str(root),
            )
        source = template_path(template)
        frame = coding_template_path(template)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ScreenerError(
                f"cannot create the folder: {error.strerror}", file=str(root)
            ) from None
        settings = Settings(title=title or root.resolve().name, created=date.today().isoformat())
        # A criteria file or coding frame already in the folder is the team's own work:
        # kept, never replaced by the template's.
        kept = [name for name in (CRITERIA_FILE, CODING_FILE) if (root / name).exists()]
        try:
            for name, template_file in ((CRITERIA_FILE, source), (CODING_FILE, frame)):
                if name not in kept:
                    shutil.copyfile(template_file, root / name)
            store = Store.open(root / STORE_FILE, create=True)
            (root / SETTINGS_FILE).write_text(render_settings(settings), encoding="utf-8")
        except OSError as error:
            raise ScreenerError(
                f"cannot create the review: {error.strerror}", file=str(error.filename or root)
            ) from None
        review = cls(root.resolve(), store, settings, current_reviewer(actor))
        review.kept_files = tuple(kept)
        with store.transaction():
            store.log(
                review.actor, "init", {"title": settings.title, "template": template, "kept": kept}
            )
        return review

    @classmethod
    def open(cls, root: Path | None = None, *, actor: str | None = None) -> Review:
        """Open the review at `root`, or find it from the working directory upwards."""
        if root is not None and not (root / SETTINGS_FILE).is_file():
            raise ReviewNotFound(f"not a review folder (no {SETTINGS_FILE})", file=str(root))
        folder = root.resolve() if root is not None else find_review_root()
        settings = load_settings(folder)
        # Only `create` makes a store: a missing or empty one is a loss to report, not a
        # new review to start in its place.
        store = Store.open(folder / STORE_FILE)
        return cls(folder, store, settings, current_reviewer(actor))

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Review:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def criteria_path(self) -> Path:
        return self.root / CRITERIA_FILE

    def as_json(self) -> dict[str, object]:
        return {"review": str(self.root), "title": self.settings.title}

    # -- records and sources --------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        options: ImportOptions | None = None,
        *,
        progress: ImportProgress | None = None,
    ) -> ImportReport:
        """Import one export file as a new source (one transaction)."""
        return import_file(
            self._store, path, options or ImportOptions(), actor=self.actor, progress=progress
        )

    def sources(self) -> list[Source]:
        return self._store.sources()

    def record(self, record_id: int) -> Record:
        found = self._store.record(record_id)
        if found is None:
            raise ScreenerError(f"no record with id {record_id}")
        return found

    def records(self, ids: Iterable[int] | None = None) -> Iterator[Record]:
        """Every record as stored (duplicates too), or those with `ids`, in id order."""
        return self._store.records(ids)

    def record_count(self) -> int:
        return self._store.record_count()

    def raw_text(self, record_id: int) -> str:
        """The record's text exactly as read from its export file."""
        self.record(record_id)  # a clear error for an unknown id
        return self._store.raw_text(record_id)

    def record_view(self, record_id: int) -> RecordView:
        """One record with its status, source file, duplicate group and notice links, as
        `records show` prints it."""
        record = self.record(record_id)
        source = next((s for s in self.sources() if s.id == record.source_id), None)
        canonical = self.canonical_of(record_id)
        return RecordView(
            record,
            self.status_of(record_id),
            source.path if source else str(record.source_id),
            duplicate_of=canonical,
            group=tuple(self.duplicate_groups().get(canonical or record_id, ())),
            notices=tuple(self.notices_of(record_id)),
        )

    def audit(self) -> list[tuple[str, str, str, dict[str, object]]]:
        """Every change to the store in time order: (time, actor, command, details)."""
        return self._store.audit()

    # -- criteria -------------------------------------------------------------------------

    def apply_criteria(
        self, *, dry_run: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> ApplyReport:
        """Judge every record by criteria.toml; store the run (unless dry) in one transaction."""
        from screener.review.criteria import apply_criteria

        return apply_criteria(
            self._store, self.criteria_path, self.actor, dry_run=dry_run, progress=progress
        )

    def explain(self, record_id: int) -> Explanation:
        """Rule by rule, why a record passes, is flagged or is excluded."""
        from screener.criteria import load_criteria

        criteria = load_criteria(self.criteria_path)
        record = self.record(record_id)
        return Explanation(record, criteria.explain(record))

    def criteria_outcomes(self) -> dict[int, tuple[str, str, str]]:
        """record id -> (outcome, deciding rule, its reason) of the criteria run in force."""
        return self._store.latest_criteria_outcomes()

    # -- status and export ----------------------------------------------------------------

    def status_of(self, record_id: int) -> str:
        return self.statuses().get(record_id, Status.TITLE_ABSTRACT.value)

    def statuses(self) -> dict[int, str]:
        """Every record's status, by record id."""
        from screener.screening.status import record_statuses, stage_outcomes

        outcomes = stage_outcomes(
            self._store.current_decisions(), self.settings.reviewers_per_record
        )
        return record_statuses(
            self._store.record_ids(),
            self._store.active_duplicate_links(),
            self._store.latest_criteria_outcomes(),
            outcomes,
            self._store.previous_record_ids(),
        )

    def status(self) -> StatusReport:
        counts: dict[str, int] = {s.value: 0 for s in Status}
        statuses, screening = self.status_parts()
        for value in statuses.values():
            counts[value] = counts.get(value, 0) + 1
        return StatusReport(
            title=self.settings.title,
            sources=len(self._store.sources()),
            records=self._store.record_count(),
            by_status=counts,
            screening=tuple(screening),
            stopping=self.stopping_report(statuses=statuses),
        )

    def select(self, status: str | None = None) -> Iterator[tuple[Record, str]]:
        """Canonical records with their status, all or those with `status`, in id order
        (`status="duplicate"`: the records merged into others, as they were read).

        A record that heads a duplicate group comes merged: the most complete value of every
        field across the group, under the canonical record's id and key.
        """
        for item in self._export_items(status):
            yield item.record, item.status

    def _export_items(
        self, status: str | None, statuses: dict[int, str] | None = None
    ) -> Iterator[ExportItem]:
        """`select`, each record with the records it was made of as they were read;
        `statuses` when the caller has them already."""
        from screener.dedupe import merge_group
        from screener.review.export import ExportItem

        statuses = self.statuses() if statuses is None else statuses
        if status == Status.DUPLICATE.value:
            # The merged members themselves, each as its own export gave it.
            for record in self._store.records():
                if statuses.get(record.id) == status:
                    yield ExportItem(record, status, (record,))
            return
        groups = self.duplicate_groups()
        for record in self._store.records():
            current = statuses.get(record.id, Status.TITLE_ABSTRACT.value)
            if current == Status.DUPLICATE.value:
                continue
            if status is not None and current != status:
                continue
            members: tuple[Record, ...] = (record,)
            if record.id in groups:
                members = (record, *self._store.records(groups[record.id][1:]))
                merged = merge_group(members)
                record = stored(
                    replace(merged, id=record.id, source_id=record.source_id, key=record.key)
                )
            yield ExportItem(record, current, members)

    def export(
        self,
        stream: TextIO,
        format_name: str,
        status: str | None = None,
        *,
        stage: str | None = None,
    ) -> int:
        """Write the selected canonical records to `stream` in `format_name`; returns count.
        CSV and JSON carry the decisions of `stage` (None: each record's latest stage with
        a decision); see `export_columns`."""
        return self._export(stream, format_name, status, stage).records

    def _export(
        self, stream: TextIO, format_name: str, status: str | None, stage: str | None = None
    ) -> ExportReport:
        from screener.review.export import export_columns, exported_by, notice_notes, write_records

        duplicate_of = self._store.active_duplicate_links()
        snapshot = self._snapshot()  # `statuses()` from the lean verdict rows, and states
        statuses = snapshot.statuses
        in_export = exported_by(statuses, status)
        columns = export_columns(self, format_name, snapshot, in_export, stage)
        # The store's own links: notice_notes tells them of the canonical records, and keeps a
        # merged member's own link for an export of the merged members.
        links = self._store.notice_links()
        notes = notice_notes(links, duplicate_of, self._store.record, in_export)
        return write_records(
            self._export_items(status, statuses),
            stream,
            format_name,
            source_formats={source.id: source.format for source in self._store.sources()},
            notes=notes,
            duplicate_of=duplicate_of,
            columns=columns,
        )

    def export_file(
        self,
        output: Path | str,
        format_name: str,
        status: str | None = None,
        *,
        groups: Path | str | None = None,
        stage: str | None = None,
    ) -> ExportReport:
        """`export` to the file `output` ('-' for stdout) through the atomic writer, and with
        `groups` the review's duplicate groups as `group,key` rows (as the stateless dedupe's
        `--groups` has them): every file is replaced whole or none is. The review's own
        files and its imported sources are refused (ScreenerError), before anything is
        written."""
        from screener.formats.output import OutputSet
        from screener.review.export import protected_files, write_groups

        refuse = protected_files(self.root, self._store.sources())
        outputs = [output] if groups is None else [output, groups]
        with OutputSet(refuse=refuse) as files:
            files.check(outputs)
            with files.open(output) as stream:
                report = self._export(stream, format_name, status, stage)
            if groups is None:
                return report
            members = self.duplicate_groups()
            keys = {
                record.id: record.key
                for record in self._store.records(sorted(i for g in members.values() for i in g))
            }
            with files.open(groups) as stream:
                rows = write_groups(members, keys, stream)
        return replace(report, groups=rows)
