"""The stateless dedupe: export files in, merged records (and groups, pairs) out, no review.

Its outputs are written all-or-nothing through `formats.output`: a bad `--groups` path
leaves no merged file behind and an existing one as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from screener.dedupe import DedupeResult, find_duplicates, merge_group
from screener.errors import ParseIssue, ScreenerError
from screener.formats import get_format, read_file
from screener.formats.csv_table import table_writer
from screener.formats.output import OutputSet
from screener.model import Record
from screener.review.dedupe import DedupeSummary, Progress
from screener.review.export import enclosing_reviews_files
from screener.review.export import write_groups as write_group_rows

# The groups and pairs tables have always ended their lines with CRLF (the csv module's
# default); kept, so that scripts comparing them across versions see no change.
_REPORT_LINE_END = "\r\n"
_INPUT = "is one of the input files"


@dataclass(frozen=True, slots=True)
class BatchResult:
    records: list[Record]
    result: DedupeResult
    issues: list[ParseIssue]
    seconds: float

    def summary(self) -> DedupeSummary:
        return DedupeSummary(
            records=len(self.records),
            groups=len(self.result.groups),
            merged=self.result.duplicates,
            possible=len(self.result.possible),
            seconds=self.seconds,
            notices=len(self.result.notices),
        )

    def as_json(self, written: int) -> dict[str, object]:
        """The summary `dedupe FILE... --json` prints, with the records written out."""
        return self.summary().as_json() | {"written": written, "issues": len(self.issues)}


@dataclass(frozen=True, slots=True)
class BatchOutputs:
    """Where a stateless dedupe writes; the input files are never written over."""

    merged: Path
    format_name: str
    groups: Path | None = None
    pairs: Path | None = None
    inputs: tuple[Path, ...] = ()
    notices: Path | None = None

    def paths(self) -> list[Path]:
        """Every file to write."""
        reports = (self.groups, self.pairs, self.notices)
        return [self.merged, *(p for p in reports if p is not None)]

    def output_set(self) -> OutputSet:
        refuse = enclosing_reviews_files(self.paths())
        refuse.update({path: _INPUT for path in self.inputs})
        return OutputSet(refuse=refuse)

    def check(self) -> None:
        """Raise now the error a write would meet later (before a long dedupe, not after)."""
        self.output_set().check(self.paths())


def dedupe_files(
    paths: Sequence[Path], *, format: str | None = None, progress: Progress | None = None
) -> BatchResult:
    """Read every file and find duplicates across all of them (no review needed)."""
    started = time.perf_counter()
    records: list[Record] = []
    issues: list[ParseIssue] = []
    for path in paths:
        for item in read_file(path, format):
            if isinstance(item, Record):
                records.append(item)
            else:
                issues.append(item)
    if not records:
        raise ScreenerError("no records to deduplicate in the given files")
    result = find_duplicates(records, progress=progress)
    return BatchResult(records, result, issues, time.perf_counter() - started)


def merged_records(batch: BatchResult) -> Iterable[Record]:
    """One record per duplicate group (the merged canonical) and every unique record."""
    grouped = {i: group for group in batch.result.groups for i in group}
    for index, record in enumerate(batch.records):
        group = grouped.get(index)
        if group is None:
            yield record
        elif group[0] == index:
            yield merge_group([batch.records[i] for i in group])


def write_batch(batch: BatchResult, outputs: BatchOutputs) -> int:
    """Write every output of `outputs`, all or none; returns the merged records written."""
    with outputs.output_set() as files:
        with files.open(outputs.merged) as stream:
            written = write_merged(batch, stream, outputs.format_name)
        if outputs.groups is not None:
            with files.open(outputs.groups) as stream:
                write_groups(batch, stream)
        if outputs.pairs is not None:
            with files.open(outputs.pairs) as stream:
                write_pairs(batch, stream)
        if outputs.notices is not None:
            with files.open(outputs.notices) as stream:
                write_notices(batch, stream)
    return written


def write_merged(batch: BatchResult, stream: TextIO, format_name: str) -> int:
    return get_format(format_name).writer()(merged_records(batch), stream)


def write_groups(batch: BatchResult, stream: TextIO) -> int:
    """`group,key` rows, one per record in a duplicate group of two or more."""
    keys = {index: record.key for index, record in enumerate(batch.records)}
    return write_group_rows(dict(enumerate(batch.result.groups)), keys, stream)


def write_pairs(batch: BatchResult, stream: TextIO) -> int:
    """The uncertain pairs a person should look at, best first."""
    writerow = table_writer(stream, lineterminator=_REPORT_LINE_END)
    writerow(["key_a", "key_b", "score", "reasons", "title_a", "title_b"])
    for pair in batch.result.possible:
        a, b = batch.records[pair.a], batch.records[pair.b]
        writerow([a.key, b.key, f"{pair.score:.3f}", "; ".join(pair.reasons), a.title, b.title])
    return len(batch.result.possible)


def write_notices(batch: BatchResult, stream: TextIO) -> int:
    """The notices (errata, retractions, comments, replies) linked to their articles: one row
    per notice, never merged with the article."""
    writerow = table_writer(stream, lineterminator=_REPORT_LINE_END)
    writerow(["notice_key", "article_key", "kind", "notice_title", "article_title"])
    for link in batch.result.notices:
        notice, article = batch.records[link.notice], batch.records[link.article]
        writerow([notice.key, article.key, link.kind, notice.title, article.title])
    return len(batch.result.notices)
