"""Deduplication of the export forms of issue #14 part 1, on the labelled fixture set.

    python benchmarks/dedupe_forms_bench.py              # one table row
    python benchmarks/dedupe_forms_bench.py --errors     # and every miss and false merge

Imports every export of `tests/fixtures/dedupe_forms/` into a fresh review (through
`Review`, as a user's `screener import` does), runs `dedupe`, and scores the duplicate
groups against `labels.csv`: pair precision and recall over the pairs inside predicted
groups against the pairs inside works; a pair queued for a person is not found. Columns:
records, seconds (import + dedupe), records/s, peak MB (this process's peak RSS), P, R, F1,
queue (pairs waiting for a person) and queue % (of records). `--errors` lists each false
merge and each missed pair with the two records as imported and the forms they carry, then
the misses counted by form (a pair counts for every form either record carries) and by the
pair of exports.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from screener.model import Record
from screener.review import Review

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "tests" / "fixtures" / "dedupe_forms"


def load_truth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dedupe_forms_truth", FOLDER / "truth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


truth = load_truth()


@dataclass
class Run:
    seconds: float
    records: dict[str, Record]  # label id -> record as imported
    score: object  # truth.Score
    refused: dict[str, str]


def run(labels: list[object]) -> Run:
    """Import every export into a fresh review, dedupe, and score the groups."""
    from screener.errors import ScreenerError

    with tempfile.TemporaryDirectory(prefix="dedupe-forms-") as work:
        folder = Path(work) / "review"
        Review.create(folder, title="Export forms", template="blank", actor="bench").close()
        with Review.open(folder, actor="bench") as review:
            started = time.perf_counter()
            refused = {}
            for path in truth.export_files(labels, FOLDER):
                try:
                    review.import_file(path)
                except ScreenerError as error:
                    refused[path.name] = str(error)
            review.dedupe()
            seconds = time.perf_counter() - started
            names = {source.id: Path(source.path).name for source in review.sources()}
            known = {label.id for label in labels}  # type: ignore[attr-defined]
            ids: dict[int, str] = {}
            records: dict[str, Record] = {}
            for record in review.records():
                assert record.id is not None and record.source_id is not None
                label_id = f"{names[record.source_id]}|{record.key}"
                label_id = label_id if label_id in known else "?" + label_id
                ids[record.id] = label_id
                records[label_id] = record
            groups = list(review.duplicate_groups().values())
            queued = [(pair.a_id, pair.b_id) for pair in review.pairs()]
    return Run(seconds, records, truth.score(labels, ids, groups, queued), refused)


HEADER = (
    f"{'set':<14} {'records':>7} {'seconds':>8} {'rec/s':>7} {'peak MB':>8}  "
    f"{'P':<6} {'R':<6} {'F1':<6}  {'queue':>5} {'%':>5}"
)


def table_row(result: Run) -> str:
    score = result.score
    records = score.records  # type: ignore[attr-defined]
    queue = len(score.queued)  # type: ignore[attr-defined]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    return (
        f"{'dedupe_forms':<14} {records:>7} {result.seconds:>8.2f} "
        f"{records / result.seconds:>7.0f} {peak:>8.0f}  "
        f"{score.precision:.4f} {score.recall:.4f} {score.f1:.4f}  "  # type: ignore[attr-defined]
        f"{queue:>5} {100 * queue / records:>4.1f}%"
    )


def describe(label_id: str, result: Run, by_id: dict[str, object]) -> str:
    record = result.records.get(label_id)
    label = by_id.get(label_id)
    forms = ",".join(label.quirks) if label else "no label"  # type: ignore[attr-defined]
    if record is None:
        return f"    {label_id} [{forms}]: not imported"
    return (
        f"    {label_id} [{forms}]\n"
        f"      {record.title[:90]} | {'; '.join(record.authors)[:50]}\n"
        f"      {record.year} | {record.journal[:60]} | v{record.volume} n{record.issue} "
        f"p{record.pages} | {record.doi} | {record.pub_type}"
    )


def print_errors(labels: list[object], result: Run, limit: int) -> None:
    by_id = {label.id: label for label in labels}  # type: ignore[attr-defined]
    score = result.score
    queued = score.queued  # type: ignore[attr-defined]
    for file, error in result.refused.items():
        print(f"REFUSED {file}: {error}")
    for title, pairs in (
        ("FALSE MERGES", score.false_merges),  # type: ignore[attr-defined]
        ("MISSED", score.misses),  # type: ignore[attr-defined]
    ):
        print(f"== {title}: {len(pairs)}")
        for a, b in pairs[:limit]:
            waiting = " (queued for a person)" if (a, b) in queued else ""
            work_a = by_id[a].work if a in by_id else "?"  # type: ignore[attr-defined]
            work_b = by_id[b].work if b in by_id else "?"  # type: ignore[attr-defined]
            print(f"  {work_a} / {work_b}{waiting}")
            print(describe(a, result, by_id))
            print(describe(b, result, by_id))
    misses = score.misses  # type: ignore[attr-defined]
    by_form: Counter[str] = Counter()
    by_files: Counter[str] = Counter()
    for a, b in misses:
        by_form.update(set(by_id[a].forms) | set(by_id[b].forms))  # type: ignore[attr-defined]
        by_files[" + ".join(sorted({a.split("|")[0], b.split("|")[0]}))] += 1
    print(f"== MISSES BY FORM (a pair counts for each form of either record; {len(misses)})")
    for form, count in by_form.most_common():
        print(f"  {count:>5}  {form}")
    print("== MISSES BY PAIR OF EXPORTS")
    for files, count in by_files.most_common():
        print(f"  {count:>5}  {files}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false merges")
    parser.add_argument("--limit", type=int, default=60, help="pairs shown per kind")
    args = parser.parse_args(argv)
    labels = truth.load_labels(FOLDER)
    result = run(labels)
    print(HEADER)
    print(table_row(result))
    if result.refused:
        print(f"({len(result.refused)} files refused: {', '.join(result.refused)})")
    if args.errors:
        print_errors(labels, result, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
