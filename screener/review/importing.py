"""Importing one export file into a review: read, normalise, store, in one transaction."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from screener.errors import AlreadyImported, FormatError, ParseIssue, ScreenerError
from screener.formats import FORMATS
from screener.formats.detect import detect_format
from screener.formats.text import head_encoding, scan_file
from screener.review.parallel import (
    SENTINEL,
    FileDigest,
    Parsed,
    ReadWhole,
    parsed_batches,
    worker_count,
)
from screener.review.signals import stop_on_signals
from screener.store import NewSource, Placement, Store

# progress(bytes read, file size, records stored so far)
ImportProgress = Callable[[int, int, int], None]

# How many parse issues an import report keeps in full; the rest are only counted.
_ISSUES_KEPT = 200


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the user said about a file beyond its content."""

    format: str | None = None
    database: str = ""
    searched_on: str = ""
    query: str = ""
    strict: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    method: str = "database"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of importing one file."""

    path: str
    source_id: int
    format: str
    database: str
    records: int
    skipped: int
    warnings: int
    seconds: float
    issues: tuple[ParseIssue, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.path,
            "source": self.source_id,
            "format": self.format,
            "database": self.database,
            "records": self.records,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
            "issues": [
                {"line": i.line, "severity": i.severity, "message": i.message} for i in self.issues
            ],
        }


@dataclass(slots=True)
class _Written:
    """What an import wrote: counts, the issues kept, the source's database."""

    database: str
    records: int = 0
    skipped: int = 0
    warnings: int = 0
    unnamed: int = 0  # records that name no database of their own
    dated: int = 0  # records with a title and a year
    issues: list[ParseIssue] = field(default_factory=list)


def _write(
    store: Store,
    source_id: int,
    batches: Iterable[Parsed],
    path: Path,
    options: ImportOptions,
    *,
    proven: bool,
    counted: Callable[[int], None] | None = None,
) -> _Written:
    """Store every batch's records (keys and lines shifted into place) and tally its issues;
    in --strict mode the first error raises. Bytes a piece could not decode in an encoding
    not yet `proven` have the file read again (ReadWhole)."""
    written = _Written(database=options.database)
    ordinals = lines = 0
    for batch in batches:
        if batch.error is not None and batch.error_names == "path" and not proven:
            raise ReadWhole(path)
        if batch.error is not None:
            message, line = batch.error
            named = {"name": path.name, "path": str(path)}.get(batch.error_names)
            raise FormatError(message, file=named, line=line + lines if line else None)
        for issue in batch.issues:
            issue = replace(issue, file=str(path), line=issue.line + lines)
            if issue.severity == "error":
                if options.strict:
                    raise ScreenerError(
                        f"{issue.message} (--strict: nothing imported)",
                        file=str(path),
                        line=issue.line,
                    )
                written.skipped += 1
            else:
                written.warnings += 1
            if len(written.issues) < _ISSUES_KEPT:
                written.issues.append(issue)
        placement = Placement(path.name, SENTINEL, ordinals, lines, options.database)
        store.add_record_blocks(source_id, batch.blocks, placement)
        written.records += batch.records
        if counted is not None:
            counted(written.records)
        written.unnamed += batch.unnamed
        written.dated += batch.dated
        ordinals += batch.ordinals
        lines += batch.lines
        written.database = written.database or batch.database
    return written


def _misread(written: _Written, path: Path, format_name: str) -> ParseIssue | None:
    """One warning when fewer than half the records have a title and a year: the file is
    likely not in the format it was read as, or in a form of it the reader does not know."""
    if written.dated * 2 >= written.records:
        return None
    label = FORMATS[format_name].label
    message = (
        f"only {written.dated} of {written.records} records have a title and a year;"
        f" is this file the format it was read as ({label})?"
    )
    return ParseIssue(1, message, severity="warning", file=str(path))


def _checked(store: Store, path: Path) -> tuple[str, str]:
    """The file's proven encoding and its sha256, refused when imported before."""
    encoding, sha256 = scan_file(path)  # a damaged gzip file is a FormatError there
    _refuse_if_imported(store, path, sha256)
    return encoding, sha256


def _refuse_if_imported(store: Store, path: Path, sha256: str) -> None:
    earlier = store.source_by_sha256(sha256)
    if earlier is not None:
        raise AlreadyImported(
            f"already imported as source {earlier.id} ({earlier.path}, {earlier.imported_at})",
            file=str(path),
        )


def import_file(
    store: Store,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Import `path` as one new source; all of it lands, or (on any exception) none of it.

    `progress(done, total, records)` is called with bytes read, the file's size and the
    records stored so far. The store keeps the file's absolute path.
    """
    started = time.perf_counter()
    size = path.stat().st_size if path.is_file() else 0
    # A big file in plain UTF-8 so far is read by pieces at once: its digest is taken as
    # they are read and its encoding proven as they are decoded (any doubt reads it again).
    encoding = head_encoding(path)
    format_name = options.format or (detect_format(path, encoding) if encoding else "")
    workers = worker_count(format_name, encoding, size) if encoding else 0
    sha256 = ""
    if not workers:
        encoding, sha256 = _checked(store, path)
        format_name = options.format or detect_format(path, encoding)
        # A big gzip or Windows-1252 file, its codec proven by the whole-file check.
        workers = worker_count(format_name, encoding, size) if format_name in FORMATS else 0
    if format_name not in FORMATS:
        raise ScreenerError(f"unknown format {format_name!r}", file=str(path))
    reader_options: dict[str, object] = {}
    if options.mapping:
        if format_name != "csv":
            raise ScreenerError("--map applies to CSV files only", file=str(path))
        reader_options["mapping"] = dict(options.mapping)

    stored = 0

    def reached(done: int) -> None:
        if progress is not None:
            progress(done, size, stored)

    def counted(records: int) -> None:
        nonlocal stored
        stored = records
        stop.check()

    with stop_on_signals(path) as stop, store.transaction():
        if sha256:
            # Again, now that this import holds the store: another one of the same file may
            # have landed since the check above.
            _refuse_if_imported(store, path, sha256)
        source_id = store.add_source(
            NewSource(
                path=str(path.resolve()),
                sha256=sha256 or f"pending:{uuid.uuid4().hex}",
                format=format_name,
                database=options.database,
                searched_on=options.searched_on,
                query=options.query,
                method=options.method,
            )
        )

        def write(workers: int, encoding: str, digest: FileDigest | None = None) -> _Written:
            batches = parsed_batches(
                path,
                format_name,
                encoding,
                reader_options,
                workers=workers,
                on_progress=reached,
                digest=digest,
            )
            with closing(batches):  # on an error, too, the worker pool stops here
                return _write(
                    store, source_id, batches, path, options, proven=bool(sha256), counted=counted
                )

        digest = FileDigest()
        pending = not sha256  # the source holds a placeholder until the digest is known
        try:
            with store.savepoint():
                written = write(workers, encoding or "", digest)
        except ReadWhole:
            # What pieces wrote is undone; one reader reads it all, its encoding proven.
            if not sha256:
                encoding, sha256 = _checked(store, path)
            written = write(0, encoding or "")
        if not sha256:
            sha256 = digest.hasher.hexdigest() if digest.complete else scan_file(path)[1]
            _refuse_if_imported(store, path, sha256)
        if pending:
            store.set_source_sha256(source_id, sha256)
        misread = _misread(written, path, format_name)
        if misread is not None:
            written.issues.insert(0, misread)
            written.warnings += 1
        records, skipped, warnings = written.records, written.skipped, written.warnings
        issues, database = written.issues, written.database
        if written.unnamed and not options.database:
            store.fill_database(source_id, database)  # the database the file named first
        if records == 0 and skipped == 0:
            raise ScreenerError(f"no records found in this {format_name} file", file=str(path))
        store.finish_source(
            source_id, records=records, skipped=skipped, warnings=warnings, database=database
        )
        store.log(
            actor,
            "import",
            {
                "file": str(path),
                "source": source_id,
                "format": format_name,
                "records": records,
                "skipped": skipped,
                "warnings": warnings,
            },
        )
        stop.commit()
    reached(size)
    return ImportReport(
        path=str(path),
        source_id=source_id,
        format=format_name,
        database=database,
        records=records,
        skipped=skipped,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        issues=tuple(issues),
    )
