"""Importing one export file into a review: read, normalise, store, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from screener.errors import AlreadyImported, FormatError, ParseIssue, ScreenerError
from screener.formats import FORMATS
from screener.formats.detect import detect_format
from screener.formats.text import scan_file
from screener.importing_parallel import parsed_batches, renumber, worker_count
from screener.store import NewSource, Store

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


def import_file(
    store: Store,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import `path` as one new source; all of it lands, or (on any exception) none of it.

    `progress(done, total)` is called with bytes read and the file's size.
    """
    started = time.perf_counter()
    encoding, sha256 = scan_file(path)
    earlier = store.source_by_sha256(sha256)
    if earlier is not None:
        raise AlreadyImported(
            f"already imported as source {earlier.id} ({earlier.path}, {earlier.imported_at})",
            file=str(path),
        )
    format_name = options.format or detect_format(path, encoding)
    if format_name not in FORMATS:
        raise ScreenerError(f"unknown format {format_name!r}", file=str(path))
    reader_options: dict[str, object] = {}
    if options.mapping:
        if format_name != "csv":
            raise ScreenerError("--map applies to CSV files only", file=str(path))
        reader_options["mapping"] = dict(options.mapping)
    size = path.stat().st_size

    def on_progress(done: int) -> None:
        if progress is not None:
            progress(done, size)

    records = skipped = warnings = ordinals = lines = 0
    issues: list[ParseIssue] = []
    database = options.database
    workers = worker_count(format_name, encoding, size)
    with store.transaction():
        source_id = store.add_source(
            NewSource(
                path=str(path),
                sha256=sha256,
                format=format_name,
                database=options.database,
                searched_on=options.searched_on,
                query=options.query,
            )
        )
        batches = parsed_batches(
            path, format_name, encoding, reader_options, workers=workers, on_progress=on_progress
        )
        for batch in batches:
            if batch.error is not None:
                message, line = batch.error
                raise FormatError(message, file=str(path), line=line + lines if line else None)
            for issue in batch.issues:
                issue = replace(issue, file=str(path), line=issue.line + lines)
                if issue.severity == "error":
                    if options.strict:
                        raise ScreenerError(
                            f"{issue.message} (--strict: nothing imported)",
                            file=str(path),
                            line=issue.line,
                        )
                    skipped += 1
                else:
                    warnings += 1
                if len(issues) < _ISSUES_KEPT:
                    issues.append(issue)
            blocks = [
                (data, renumber(rows, path.name, ordinals, lines)) for data, rows in batch.blocks
            ]
            store.add_record_blocks(source_id, blocks)
            records += batch.records
            ordinals += batch.ordinals
            lines += batch.lines
            database = database or batch.database
        store.fill_database(source_id, database)
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
    on_progress(size)
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
