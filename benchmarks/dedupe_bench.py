"""Deduplication quality and speed of `screener dedupe` on the labelled benchmark sets.

    python benchmarks/dedupe_bench.py                 # every set, one table
    python benchmarks/dedupe_bench.py stroke srsr      # chosen sets
    python benchmarks/dedupe_bench.py --errors haematology   # print false merges and misses

For each `<data>/dedup/<set>/records_pre_merged.csv[.gz]` this runs the real
stateless command, end to end, in a subprocess:

    screener dedupe <set>/records_pre_merged.csv -o out.csv --groups groups.csv
                    --pairs pairs.csv --notices notices.csv --json

and scores its groups file (predicted duplicate groups by the CSV's `ID`), pairs file
(possible pairs queued for a person) and notices file (errata, retractions, comments and
replies linked to their articles, never merged) against `merged_record_ids.csv`. `<data>` is
SCREENER_SHARED_DATA, else `<repo>/../shared/data` (as for the tests). Skips politely when the
data folder is absent. Pair precision and recall count every pair inside a predicted group
against every pair inside a true group. Columns: queue = possible pairs for a person (and % of
records); R+queue = recall if every queued pair were confirmed; links = notice links, R+links
= recall with notice links counted (some labelled sets count an erratum as a duplicate of its
article: a true pair joined by a link and the merges counts as found); wall s = the whole command
(start-up, import, matching, writing); cpu s = its user + system time; MB = its peak RSS; the
speed-up is bib-dedupe's wall time over ours.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screener.model import Record

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SCREENER_SHARED_DATA") or REPO.parent / "shared" / "data") / "dedup"
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

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one stateless run left behind, by record key."""

    summary: dict[str, float]  # the command's --json
    groups: list[list[str]]
    queued: list[Pair]
    notices: list[Pair]  # (notice, article) links


def input_file(folder: Path) -> Path:
    plain = folder / "records_pre_merged.csv"
    return plain if plain.exists() else folder / "records_pre_merged.csv.gz"


def load_truth(folder: Path) -> list[list[str]]:
    with (folder / "merged_record_ids.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    return [row[0].split(";") for row in rows[1:] if row and row[0]]


def pairs_of(groups: Iterable[Iterable[str]]) -> set[Pair]:
    return {pair for g in groups for pair in itertools.combinations(sorted(g), 2)}


def screener_command() -> list[str]:
    # The installed console script is what a user runs; fall back to the module when the
    # benchmark runs from an interpreter without it on its bin path.
    script = Path(sys.executable).with_name("screener")
    if script.exists():
        return [str(script)]
    found = shutil.which("screener")
    return [found] if found else [sys.executable, "-m", "screener"]


def run_stateless(source: Path, work: Path) -> Outcome:
    """Run `screener dedupe` on one file, writing its outputs into `work`."""
    groups, pairs, notices = work / "groups.csv", work / "pairs.csv", work / "notices.csv"
    command = [*screener_command(), "dedupe", str(source), "-o", str(work / "out.csv")]
    command += ["--groups", str(groups), "--pairs", str(pairs), "--notices", str(notices)]
    done = subprocess.run([*command, "--json"], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"screener dedupe failed ({done.returncode}): {done.stderr.strip()}")
    return Outcome(
        json.loads(done.stdout), read_groups(groups), read_queue(pairs), read_notices(notices)
    )


def read_groups(path: Path) -> list[list[str]]:
    members: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            members.setdefault(row["group"], []).append(row["key"])
    return list(members.values())


def read_queue(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [(row["key_a"], row["key_b"]) for row in csv.DictReader(stream)]


def read_notices(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [(row["notice_key"], row["article_key"]) for row in csv.DictReader(stream)]


def components(edges: Iterable[Pair]) -> list[list[str]]:
    """Connected components (by key) of the given edges; keys in no edge are left out."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in edges:
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for key in list(parent):
        members.setdefault(find(key), []).append(key)
    return list(members.values())


def joined(outcome: Outcome, links: list[Pair]) -> set[Pair]:
    """The pairs in one group when the merges and these links are followed."""
    chains = [pair for g in outcome.groups for pair in itertools.pairwise(g)]
    return pairs_of(components(chains + links))


def if_queue_confirmed(outcome: Outcome) -> set[Pair]:
    """The pairs merged if a person confirmed every queued pair."""
    return joined(outcome, outcome.queued)


def score(outcome: Outcome, truth: set[Pair]) -> dict[str, float]:
    """Pair precision, recall, F1, queue size and recall if the queue were confirmed."""
    predicted = pairs_of(outcome.groups)
    if_confirmed = if_queue_confirmed(outcome)
    linked = joined(outcome, outcome.notices)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": outcome.summary["records"],
        "issues": outcome.summary.get("issues", 0),
        "true": len(truth),
        "predicted": len(predicted),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "possible": len(outcome.queued),
        "recall_confirmed": len(if_confirmed & truth) / len(truth) if truth else 1.0,
        "links": len(outcome.notices),
        "recall_linked": len(linked & truth) / len(truth) if truth else 1.0,
    }


def evaluate(name: str) -> dict[str, float]:
    """Run one set through the command and return its figures.

    Called in a fresh benchmark process per set: RUSAGE_CHILDREN then covers only this
    set's command, so its peak memory and CPU time are its own.
    """
    folder = DATA / name
    with tempfile.TemporaryDirectory(prefix=f"dedupe-{name}-") as work:
        started = time.perf_counter()
        outcome = run_stateless(input_file(folder), Path(work))
        seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return score(outcome, pairs_of(load_truth(folder))) | {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        # Linux reports kilobytes.
        "peak_mb": usage.ru_maxrss / 1024,
    }


def _describe(record: Record) -> str:
    authors = "; ".join(record.authors)[:70]
    return (
        f"    {record.key} | {record.title[:110]}\n"
        f"      {authors} | {record.year} | {record.journal[:40]} | v{record.volume} "
        f"n{record.issue} p{record.pages} | {record.doi} | {record.pub_type}"
    )


def print_errors(name: str, limit: int) -> None:
    """False merges and missed pairs of one set from the command's own outputs, with the
    records as the CSV import reads them and the engine's reasons for each pair."""
    # Imported here so that the timed runs measure the command alone, not this process.
    from screener.dedupe import compare
    from screener.formats import read_file
    from screener.model import Record

    folder = DATA / name
    source = input_file(folder)
    with tempfile.TemporaryDirectory(prefix=f"dedupe-{name}-") as work:
        outcome = run_stateless(source, Path(work))
    records = {r.key: r for r in read_file(source) if isinstance(r, Record)}
    truth = pairs_of(load_truth(folder))
    predicted = pairs_of(outcome.groups)
    queued = {tuple(sorted(pair)) for pair in outcome.queued}
    links = {tuple(sorted(pair)) for pair in outcome.notices}
    # A missed pair is "queued" when confirming the queue would join it, as R+queue counts.
    reachable = if_queue_confirmed(outcome)
    for title, pairs in (
        ("FALSE MERGES", sorted(predicted - truth)),
        ("MISSED (not queued)", sorted(truth - predicted - reachable)),
        ("MISSED (queued)", sorted((truth - predicted) & reachable)),
        ("QUEUED, NOT DUPLICATES", sorted(queued - truth)),
        ("NOTICE LINKS, NOT LABELLED DUPLICATES", sorted(links - truth)),
    ):
        print(f"== {name}: {title}: {len(pairs)}")
        for a, b in pairs[:limit]:
            if a not in records or b not in records:
                # A record the import skipped (see the command's issues) has no fields.
                print(f"  not imported: {a if a not in records else b}")
                continue
            pair = compare(records[a], records[b])
            print(f"  {pair.outcome.value} {pair.score} {'; '.join(pair.reasons)}")
            print(_describe(records[a]))
            print(_describe(records[b]))


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
        f"{f['links']:>5} {f['recall_linked']:.4f}  "
        f"{f['seconds']:6.2f} {f['cpu']:6.2f} {f['peak_mb']:5.0f}   {reference}"
    )


HEADER = (
    f"{'set':<18} {'recs':>6} {'true':>6} {'pred':>6}  {'P':<6} {'R':<6} {'F1':<6}  "
    f"{'queue':>5} {'%':>5}  {'R+queue':<6}  {'links':>5} {'R+links':<6}  "
    f"{'wall s':>6} {'cpu s':>6} {'MB':>5}   "
    "bib-dedupe P R F1 wall  speedup"
)


def run_table(names: list[str]) -> None:
    # Time the command as installed, with its modules byte-compiled: an editable checkout
    # under PYTHONDONTWRITEBYTECODE would compile them from source in every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "screener")], check=False)
    print(HEADER)
    for name in names:
        # A fresh process per set, so that RUSAGE_CHILDREN there sees this set's command only.
        child = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True
        )
        if child.returncode:
            print(f"{name:<18} failed: {child.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print(_row(name, figures), flush=True)
        if figures["issues"]:
            # Rows the import skipped are missing from every figure of the set.
            print(f"{'':<18} ({figures['issues']:.0f} import issues)", flush=True)


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
    run_table(names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
