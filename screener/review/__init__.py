"""Review: the library API over one review folder. The CLI is a thin shell over this."""

from __future__ import annotations

import getpass
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from screener.errors import ReviewNotFound, ScreenerError
from screener.model import Decision, Record, Source, Stage, Status
from screener.review.importing import ImportOptions, ImportReport, import_file
from screener.review.resources import template_path
from screener.review.settings import (
    CRITERIA_FILE,
    SETTINGS_FILE,
    STORE_FILE,
    Settings,
    load_settings,
    render_settings,
)
from screener.store import Store


def current_reviewer(name: str | None = None) -> str:
    """The reviewer: the name given, else SCREENER_REVIEWER, else the login name."""
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
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise ReviewNotFound(
        f"no review here: no {SETTINGS_FILE} in {here} or above"
        " (run 'screener init', or pass --review DIR)"
    )


@dataclass(frozen=True, slots=True)
class StatusReport:
    title: str
    sources: int
    records: int
    by_status: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "sources": self.sources,
            "records": self.records,
            "by_status": self.by_status,
        }


class Review:
    """One review folder: settings, criteria and the store."""

    def __init__(self, root: Path, store: Store, settings: Settings, actor: str) -> None:
        self.root = root
        self.store = store
        self.settings = settings
        self.actor = actor
        self._reasons: tuple[int | None, dict[str, str]] | None = None

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
        """Make a new review folder with settings, a criteria file from `template`, a store."""
        if (root / SETTINGS_FILE).exists():
            raise ScreenerError("a review already exists here", file=str(root / SETTINGS_FILE))
        source = template_path(template)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ScreenerError(
                f"cannot create the folder: {error.strerror}", file=str(root)
            ) from None
        settings = Settings(title=title or root.resolve().name, created=date.today().isoformat())
        shutil.copyfile(source, root / CRITERIA_FILE)
        store = Store.open(root / STORE_FILE, create=True)
        (root / SETTINGS_FILE).write_text(render_settings(settings), encoding="utf-8")
        review = cls(root.resolve(), store, settings, current_reviewer(actor))
        with store.transaction():
            store.log(review.actor, "init", {"title": settings.title, "template": template})
        return review

    @classmethod
    def open(cls, root: Path | None = None, *, actor: str | None = None) -> Review:
        """Open the review at `root`, or find it from the working directory upwards."""
        if root is not None and not (root / SETTINGS_FILE).is_file():
            raise ReviewNotFound(f"not a review folder (no {SETTINGS_FILE})", file=str(root))
        folder = root.resolve() if root is not None else find_review_root()
        settings = load_settings(folder)
        store = Store.open(folder / STORE_FILE, create=True)
        return cls(folder, store, settings, current_reviewer(actor))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Review:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def criteria_path(self) -> Path:
        return self.root / CRITERIA_FILE

    # -- import and export ----------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        options: ImportOptions | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Import one export file as a new source (one transaction)."""
        return import_file(
            self.store, path, options or ImportOptions(), actor=self.actor, progress=progress
        )

    def sources(self) -> list[Source]:
        return self.store.sources()

    def record(self, record_id: int) -> Record:
        found = self.store.record(record_id)
        if found is None:
            raise ScreenerError(f"no record with id {record_id}")
        return found

    def raw_text(self, record_id: int) -> str:
        """The record's text exactly as read from its export file."""
        self.record(record_id)  # a clear error for an unknown id
        return self.store.raw_text(record_id)

    def status_of(self, record_id: int) -> str:
        return self.statuses().get(record_id, Status.TITLE_ABSTRACT.value)

    def statuses(self) -> dict[int, str]:
        """Every record's status, by record id."""
        from screener.screening.status import record_statuses, stage_outcomes

        outcomes = stage_outcomes(
            self.store.current_decisions(), self.settings.reviewers_per_record
        )
        return record_statuses(
            self.store.record_ids(),
            self.store.active_duplicate_links(),
            self.store.latest_criteria_outcomes(),
            outcomes,
        )

    def select(self, status: str | None = None) -> Iterator[tuple[Record, str]]:
        """Canonical records with their status, all or those with `status`, in id order.

        A record that heads a duplicate group comes merged: the most complete value of every
        field across the group, under the canonical record's id and key.
        """
        from screener.dedupe import merge_group
        from screener.review.dedupe import group_members

        statuses = self.statuses()
        groups = group_members(self.store)
        for record in self.store.records():
            current = statuses.get(record.id, Status.TITLE_ABSTRACT.value)
            if current == Status.DUPLICATE.value:
                continue
            if status is not None and current != status:
                continue
            members = groups.get(record.id)
            if members:
                merged = merge_group([record, *self.store.records(members[1:])])
                record = replace(merged, id=record.id, source_id=record.source_id, key=record.key)
            yield record, current

    def export(self, stream: TextIO, format_name: str, status: str | None = None) -> int:
        """Write the selected canonical records to `stream` in `format_name`; returns count."""
        from screener.review.export import write_records

        return write_records(self.select(status), stream, format_name)

    def export_file(self, output: Path | str, format_name: str, status: str | None = None) -> int:
        """`export` to the file `output` ('-' for stdout) through the atomic writer: an
        existing file is replaced whole or not at all. The review's own files and its
        imported sources are refused (ScreenerError), before anything is written."""
        from screener.formats.output import atomic_output
        from screener.review.export import protected_files

        refuse = protected_files(self.root, self.store.sources())
        with atomic_output(output, refuse=refuse) as stream:
            return self.export(stream, format_name, status)

    # -- screening ------------------------------------------------------------------------

    def reasons(self) -> dict[str, str]:
        """Manual exclusion reasons from the criteria file (key -> text).

        Read again only when the file changes: `decide` asks on every key press.
        """
        from screener.screening.decisions import exclusion_reasons

        try:
            stamp: int | None = self.criteria_path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if self._reasons is None or self._reasons[0] != stamp:
            self._reasons = (stamp, exclusion_reasons(self.criteria_path))
        return self._reasons[1]

    def decide(
        self,
        record_id: int,
        verdict: str,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        reason: str = "",
        note: str = "",
    ) -> Decision:
        """Record one verdict, committed before this returns."""
        from screener.screening.decisions import check_decision, record_decision

        decision = check_decision(
            Decision(record_id, stage, reviewer or self.actor, verdict, reason, note),
            self.reasons(),
            record_exists=self.store.record(record_id) is not None,
        )
        record_decision(self.store, decision)
        return decision

    def undo(
        self, *, stage: str = Stage.TITLE_ABSTRACT.value, reviewer: str | None = None
    ) -> int | None:
        """Cancel the reviewer's newest standing decision at `stage`; its record id or None."""
        from screener.screening.decisions import undo_decision

        return undo_decision(self.store, reviewer or self.actor, stage)

    def decisions(self, stage: str | None = None, reviewer: str | None = None) -> list[Decision]:
        return self.store.current_decisions(stage, reviewer)

    def queue(
        self,
        *,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewer: str | None = None,
        order: str = "imported",
        seed: int | None = None,
    ) -> list[int]:
        """Record ids `reviewer` has yet to decide at `stage`, in screening order."""
        from screener.screening.queue import order_queue, waiting_at

        who = reviewer or self.actor
        decided = {d.record_id for d in self.store.current_decisions(stage, who)}
        waiting = [rid for rid in waiting_at(stage, self.statuses()) if rid not in decided]
        return order_queue(waiting, order, seed=seed)

    def status(self) -> StatusReport:
        counts: dict[str, int] = {s.value: 0 for s in Status}
        for value in self.statuses().values():
            counts[value] = counts.get(value, 0) + 1
        return StatusReport(
            title=self.settings.title,
            sources=len(self.store.sources()),
            records=self.store.record_count(),
            by_status=counts,
        )
