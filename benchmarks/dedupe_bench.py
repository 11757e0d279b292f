"""Deduplication quality and speed on the labelled benchmark sets.

    python benchmarks/dedupe_bench.py                 # every set, one table
    python benchmarks/dedupe_bench.py stroke srsr      # chosen sets
    python benchmarks/dedupe_bench.py --errors haematology   # print false merges and misses

Reads `<repo>/../shared/data/dedup/<set>/records_pre_merged.csv[.gz]` and the ground truth
`merged_record_ids.csv`, and skips politely when the data folder is absent. Each set runs in its
own process so that its peak memory is its own. Pair precision and recall count every pair
inside a predicted group against every pair inside a true group. Columns: queue = possible
pairs for a person (and % of records); R+queue = recall if every queued pair were confirmed;
wall s / cpu s = find_duplicates alone (loading excluded); MB = peak RSS of the process; the
speed-up is bib-dedupe's wall time over ours.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from screener.dedupe import DedupeResult, compare, find_duplicates
from screener.dedupe.clusters import connected_groups
from screener.model import Record

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "dedup"
SETS: tuple[str, ...] = (
    "special_cases",
    "stroke",
    "haematology",
    "diabetes",
    "cytology_screening",
    "neuroimaging",
    "srsr",
)
# bib-dedupe 0.11 on this machine kind (data README): precision, recall, F1, wall seconds.
REFERENCE: dict[str, tuple[float, float, float, float]] = {
    "stroke": (1.000, 0.996, 0.998, 5.8),
    "haematology": (0.985, 0.828, 0.900, 7.5),
    "diabetes": (1.000, 1.000, 1.000, 29.7),
    "cytology_screening": (1.000, 0.985, 0.992, 10.9),
    "neuroimaging": (1.000, 0.994, 0.997, 47.9),
    "srsr": (1.000, 0.993, 0.996, 883.0),
}
# CSV column -> Record field, for the columns that map one to one.
COLUMNS: dict[str, str] = {
    "ID": "key",
    "title": "title",
    "journal": "journal",
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "pages",
    "abstract": "abstract",
    "isbn": "isbn",
    "url": "url",
    "ENTRYTYPE": "pub_type",
}
_DOI_PREFIX = re.compile(r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*)", re.IGNORECASE)


def _open(folder: Path) -> list[dict[str, str]]:
    plain = folder / "records_pre_merged.csv"
    if plain.exists():
        with plain.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))
    packed = folder / "records_pre_merged.csv.gz"
    with gzip.open(packed, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def to_record(row: dict[str, str]) -> Record:
    """One benchmark CSV row as a Record, as the import pipeline would pass it."""
    fields = {field: (row.get(column) or "").strip() for column, field in COLUMNS.items()}
    if not fields["journal"]:
        fields["journal"] = (row.get("booktitle") or "").strip()
    year = (row.get("year") or "").strip()
    authors = [a.strip() for a in (row.get("author") or "").split(" and ") if a.strip()]
    doi = _DOI_PREFIX.sub("", (row.get("doi") or "").strip()).lower()
    return Record(
        authors=tuple(authors),
        year=int(year[:4]) if year[:4].isdigit() else None,
        doi=doi,
        **fields,
    )


def load_truth(folder: Path) -> list[list[str]]:
    with (folder / "merged_record_ids.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    return [row[0].split(";") for row in rows[1:] if row and row[0]]


def pairs_of(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {pair for g in groups for pair in itertools.combinations(sorted(g), 2)}


def evaluate(name: str) -> dict[str, float]:
    """Run one set and return its figures."""
    folder = DATA / name
    records = [to_record(row) for row in _open(folder)]
    started, cpu_started = time.perf_counter(), time.process_time()
    result = find_duplicates(records)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    keys = [r.key for r in records]
    truth = pairs_of(load_truth(folder))
    predicted = pairs_of([[keys[i] for i in g] for g in result.groups])
    confirmed = connected_groups(
        len(records),
        [(a, b) for g in result.groups for a, b in itertools.pairwise(g)]
        + [(p.a, p.b) for p in result.possible],
    )
    if_confirmed = pairs_of([[keys[i] for i in g] for g in confirmed])
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(records),
        "true": len(truth),
        "predicted": len(predicted),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "possible": len(result.possible),
        "recall_confirmed": len(if_confirmed & truth) / len(truth) if truth else 1.0,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _describe(record: Record) -> str:
    authors = "; ".join(record.authors)[:70]
    return (
        f"    {record.key} | {record.title[:110]}\n"
        f"      {authors} | {record.year} | {record.journal[:40]} | v{record.volume} "
        f"n{record.issue} p{record.pages} | {record.doi} | {record.pub_type}"
    )


def print_errors(name: str, limit: int) -> None:
    """False merges and missed pairs of one set, with their fields and the pair's reasons."""
    folder = DATA / name
    records = [to_record(row) for row in _open(folder)]
    index = {r.key: i for i, r in enumerate(records)}
    result: DedupeResult = find_duplicates(records)
    truth = pairs_of(load_truth(folder))
    keys = [r.key for r in records]
    predicted = pairs_of([[keys[i] for i in g] for g in result.groups])
    queued = {tuple(sorted((keys[p.a], keys[p.b]))) for p in result.possible}
    for title, pairs in (
        ("FALSE MERGES", sorted(predicted - truth)),
        ("MISSED (not queued)", sorted(truth - predicted - queued)),
        ("MISSED (queued)", sorted((truth - predicted) & queued)),
        ("QUEUED, NOT DUPLICATES", sorted(queued - truth)),
    ):
        print(f"== {name}: {title}: {len(pairs)}")
        for a, b in pairs[:limit]:
            pair = compare(records[index[a]], records[index[b]])
            print(f"  {pair.outcome.value} {pair.score} {'; '.join(pair.reasons)}")
            print(_describe(records[index[a]]))
            print(_describe(records[index[b]]))


def _row(name: str, f: dict[str, float]) -> str:
    ref = REFERENCE.get(name)
    reference = (
        f"{ref[0]:.3f} {ref[1]:.3f} {ref[2]:.3f} {ref[3]:7.1f}  {ref[3] / f['seconds']:5.0f}x"
        if ref
        else "    -     -     -       -       -"
    )
    share = 100 * f["possible"] / f["records"]
    return (
        f"{name:<18} {f['records']:>6} {f['true']:>6} {f['predicted']:>6}  "
        f"{f['precision']:.4f} {f['recall']:.4f} {f['f1']:.4f}  "
        f"{f['possible']:>5} {share:4.1f}%  {f['recall_confirmed']:.4f}  "
        f"{f['seconds']:6.2f} {f['cpu']:6.2f} {f['peak_mb']:5.0f}   {reference}"
    )


HEADER = (
    f"{'set':<18} {'recs':>6} {'true':>6} {'pred':>6}  {'P':<6} {'R':<6} {'F1':<6}  "
    f"{'queue':>5} {'%':>5}  {'R+queue':<6}  {'wall s':>6} {'cpu s':>6} {'MB':>5}   "
    "bib-dedupe P R F1 wall  speedup"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--errors", action="store_true", help="print false merges and misses")
    parser.add_argument("--limit", type=int, default=40, help="errors shown per kind")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child process: one set, JSON out
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no benchmark data at {DATA}")
        return 0
    if args.one:
        print(json.dumps(evaluate(args.one)))
        return 0
    names = [n for n in args.sets if (DATA / n).is_dir()]
    if args.errors:
        for name in names:
            print_errors(name, args.limit)
        return 0
    print(HEADER)
    for name in names:
        child = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        print(_row(name, json.loads(child.stdout.strip().splitlines()[-1])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
