"""Import speed and memory: `screener import` end to end on synthetic exports.

Generates 10k and 100k records (200-word abstracts, 3-8 authors) as RIS, MEDLINE, BibTeX
and CSV, imports each into a fresh review in its own process, and prints records/s and peak
MB beside the bare parse of rispy and bibtexparser on the same files when they are
installed. Each runs --repeat times (3), in rounds over the formats; the fastest run
counts. Peak MB is the import's own high-water mark plus, when it read the file in worker
processes, each worker's (an upper bound: pages they share count twice).

    python benchmarks/import_bench.py               # 10k and 100k
    python benchmarks/import_bench.py --sizes 10000 # quicker
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

WORDS = [
    "online",
    "offending",
    "risk",
    "assessment",
    "cohort",
    "adolescents",
    "platform",
    "moderation",
    "prevention",
    "programme",
    "police",
    "investigation",
    "survey",
    "interview",
    "sample",
    "qualitative",
    "quantitative",
    "analysis",
    "behaviour",
    "characteristics",
    "pathways",
    "detection",
    "digital",
    "evidence",
    "support",
    "services",
    "help",
    "seeking",
    "intervention",
    "evaluation",
    "outcome",
    "recidivism",
    "treatment",
    "measure",
    "validity",
    "reliability",
    "factor",
    "model",
    "regression",
    "findings",
    "implications",
    "practice",
    "policy",
    "children",
    "young",
    "people",
    "social",
    "media",
    "messaging",
    "grooming",
    "communication",
    "strategies",
    "reporting",
    "safeguarding",
]
FAMILIES = [
    "Smith",
    "Müller",
    "García",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "Rossi",
    "Svensson",
    "O'Brien",
    "Tanaka",
    "Kaur",
]
GIVENS = [
    "Anna",
    "Ben",
    "Carla",
    "Dmitri",
    "Eva",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemal",
    "Lena",
]

_MEASURE = textwrap.dedent(
    """
    import json, os, resource, sys, time
    kind, path, review = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    if kind == "screener":
        from screener.cli import app
        try:
            app(["import", path, "--review", review, "--json"], standalone_mode=False)
        except SystemExit as exit:
            if exit.code:
                raise
    elif kind == "rispy":
        import rispy
        with open(path, encoding="utf-8") as handle:
            count = len(rispy.load(handle))
    elif kind == "bibtexparser":
        import bibtexparser
        with open(path, encoding="utf-8") as handle:
            count = len(bibtexparser.parse_string(handle.read()).entries)
    seconds = time.perf_counter() - start
    # ru_maxrss survives exec, so it would count the benchmark's own memory at the fork:
    # VmHWM is this program's alone. Worker processes add their peak (an upper bound, as
    # pages they share with this one count twice).
    try:
        with open("/proc/self/status") as status:
            hwm = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except OSError:
        hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = len(os.sched_getaffinity(0)) if children and kind == "screener" else 0
    peak = (hwm + workers * children) / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}), file=sys.stderr)
    """
)


def _record(rng: random.Random, n: int) -> dict[str, object]:
    authors = [f"{rng.choice(FAMILIES)}, {rng.choice(GIVENS)}" for _ in range(rng.randint(3, 8))]
    first = rng.randint(1, 900)
    return {
        "title": " ".join(rng.choice(WORDS) for _ in range(12)).capitalize(),
        "abstract": " ".join(rng.choice(WORDS) for _ in range(200)),
        "authors": authors,
        "year": rng.randint(1990, 2026),
        "journal": f"Journal of {rng.choice(WORDS).title()} Research",
        "volume": str(rng.randint(1, 60)),
        "issue": str(rng.randint(1, 12)),
        "pages": f"{first}-{first + rng.randint(5, 30)}",
        "doi": f"10.5555/bench.{n}",
        "keywords": [rng.choice(WORDS) for _ in range(5)],
        "pmid": str(39000000 + n),
    }


def _write_ris(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(f"TY  - JOUR\nTI  - {r['title']}\n")
            out.writelines(f"AU  - {a}\n" for a in r["authors"])
            out.write(
                f"PY  - {r['year']}\nT2  - {r['journal']}\nVL  - {r['volume']}\n"
                f"IS  - {r['issue']}\nSP  - {r['pages']}\nDO  - {r['doi']}\n"
                f"AB  - {r['abstract']}\n"
            )
            out.writelines(f"KW  - {k}\n" for k in r["keywords"])
            out.write("ER  - \n\n")


def _write_medline(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(f"PMID- {r['pmid']}\nDP  - {r['year']} Mar 5\n")
            out.write(_wrap("TI  - ", r["title"]))
            out.write(_wrap("AB  - ", r["abstract"]))
            for a in r["authors"]:
                family, given = a.split(", ")
                out.write(f"FAU - {a}\nAU  - {family} {given[0]}\n")
            out.write(
                f"LA  - eng\nPT  - Journal Article\nJT  - {r['journal']}\nVI  - {r['volume']}\n"
                f"IP  - {r['issue']}\nPG  - {r['pages']}\nLID - {r['doi']} [doi]\n"
            )
            out.writelines(f"OT  - {k}\n" for k in r["keywords"])
            out.write("\n")


def _wrap(tag: str, text: str) -> str:
    lines = textwrap.wrap(text, 82 - len(tag))
    return tag + ("\n      ".join(lines)) + "\n"


def _write_bibtex(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n, r in enumerate(records):
            out.write(
                f"@article{{rec{n},\n  title = {{{r['title']}}},\n"
                f"  author = {{{' and '.join(r['authors'])}}},\n  year = {{{r['year']}}},\n"
                f"  journal = {{{r['journal']}}},\n  volume = {{{r['volume']}}},\n"
                f"  number = {{{r['issue']}}},\n  pages = {{{r['pages']}}},\n"
                f"  doi = {{{r['doi']}}},\n  abstract = {{{r['abstract']}}},\n"
                f"  keywords = {{{', '.join(r['keywords'])}}}\n}}\n\n"
            )


def _write_csv(path: Path, records: list[dict]) -> None:
    columns = ["ID", "ENTRYTYPE", "author", "title", "year", "journal", "volume", "number",
               "pages", "abstract", "doi"]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for n, r in enumerate(records):
            writer.writerow([
                f"rec{n}", "article", " and ".join(r["authors"]), r["title"], r["year"],
                r["journal"], r["volume"], r["issue"], r["pages"], r["abstract"], r["doi"],
            ])  # fmt: skip


WRITERS = {"ris": _write_ris, "medline": _write_medline, "bibtex": _write_bibtex, "csv": _write_csv}
SUFFIX = {"ris": ".ris", "medline": ".nbib", "bibtex": ".bib", "csv": ".csv"}
PEERS = {"ris": "rispy", "bibtex": "bibtexparser"}


def _measure(kind: str, path: Path, review: Path | None = None) -> dict[str, float] | None:
    args = [sys.executable, "-c", _MEASURE, kind, str(path), str(review or "")]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"  {kind} on {path.name}: {message}", file=sys.stderr)
        return None
    return json.loads(done.stderr.strip().splitlines()[-1])


def _peer_available(name: str) -> bool:
    check = [sys.executable, "-c", f"import {name}"]
    return subprocess.run(check, capture_output=True, check=False).returncode == 0


def _new_review(root: Path, name: str) -> Path:
    review = root / f"review-{name}"
    subprocess.run(
        [sys.executable, "-m", "screener", "init", str(review)], check=True, capture_output=True
    )
    return review


def _fastest(results: list[dict[str, float] | None]) -> dict[str, float] | None:
    """The fastest run (on a shared machine, others only ever slow a run down), with the
    highest peak memory seen."""
    done = [r for r in results if r is not None]
    if not done:
        return None
    best = min(done, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in done)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=list(WRITERS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the fastest counts")
    args = parser.parse_args()
    rng = random.Random(20261121)
    rows: list[tuple[str, ...]] = []
    # Time the command as installed, with its modules byte-compiled (see dedupe_bench).
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repo / "screener")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in args.sizes:
            records = [_record(rng, n) for n in range(size)]
            paths = {fmt: root / f"bench{size}{SUFFIX[fmt]}" for fmt in args.formats}
            for fmt, path in paths.items():
                WRITERS[fmt](path, records)
            del records
            os.sync()  # the inputs' own writeback would otherwise run during the imports
            peers = {f: p for f in paths if (p := PEERS.get(f)) and _peer_available(p)}
            ours: dict[str, list] = {fmt: [] for fmt in paths}
            theirs: dict[str, list] = {fmt: [] for fmt in peers}
            # Round by round, every format once a round: a slow spell of a shared machine
            # then slows one run of each, not every run of one format.
            for run in range(max(args.repeat, 1)):
                for fmt, path in paths.items():
                    review = _new_review(root, f"{fmt}{size}-{run}")
                    ours[fmt].append(_measure("screener", path, review))
                    shutil.rmtree(review)
                    if fmt in peers:
                        theirs[fmt].append(_measure(peers[fmt], path))
            for fmt, path in paths.items():
                peer = _fastest(theirs[fmt]) if fmt in peers else None
                rows.append(_row(fmt, size, path, _fastest(ours[fmt]), peers.get(fmt), peer))
                path.unlink()
    header = ("format", "records", "MB", "seconds", "records/s", "peak MB", "peer",
              "peer s", "peer rec/s", "peer MB", "speedup")  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def _row(fmt, size, path, ours, peer_name, peer) -> tuple[str, ...]:
    mb = f"{path.stat().st_size / 1e6:.0f}"
    if ours is None:
        return (fmt, str(size), mb, "failed", "", "", "", "", "", "", "")
    cells = [fmt, str(size), mb, f"{ours['seconds']:.2f}", f"{size / ours['seconds']:,.0f}",
             f"{ours['peak_mb']:.0f}"]  # fmt: skip
    if peer:
        ratio = peer["seconds"] / ours["seconds"]
        cells += [peer_name, f"{peer['seconds']:.2f}", f"{size / peer['seconds']:,.0f}",
                  f"{peer['peak_mb']:.0f}", f"{ratio:.2f}x"]  # fmt: skip
    else:
        cells += ["-", "", "", "", ""]
    return tuple(cells)


if __name__ == "__main__":
    main()
