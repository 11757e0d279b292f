"""Reporting a large review: the PRISMA report, reasons, progress, the audit and the CSV
export of a 50,000-record review screened at both stages.

    python benchmarks/report_bench.py                  # 50,000 records (built once, cached)
    python benchmarks/report_bench.py --records 5000   # quicker
    python benchmarks/report_bench.py --rebuild        # build the cached review again

The review is built synthetic and fast, through the library and the store (one transaction
per step), and kept in the temp folder for the next run (`screener-report-bench-N-SEED`):
five RIS files imported as sources (PubMed, Scopus, Web of Science and APA PsycInfo, and a
citation search, `--method citation`), a dedupe run linking a quarter of the other
databases' records to PubMed records, a criteria run excluding about 8% of the records
(years, publication type) and flagging 3%, and dual screening (`reviewers_per_record = 2`):
two of three reviewers on every record at title-abstract (ana with ben, or ana with carl),
disagreements resolved by dora, some maybes changed and some verdicts undone, reasons on
most exclusions and notes on a few; the records included go to full text, where the same
pairs find about 10% not retrievable, exclude 55% with a reason and include the rest. Every
record ends settled, so the PRISMA flow adds up. The decisions are spread over weeks of
working days, as progress reads them.

Each timed step is the real command in a fresh process (`python -m screener ...` with this
checkout first on the path), start-up included, the review named by --review:

    report prisma --json              target < 1 s
    report prisma -o flow.svg         target < 1 s and the SVG < 50 KB
    report reasons                    target < 1 s
    report progress                   target < 1 s
    audit --json (to /dev/null)       target < 5 s
    export --format csv -o out.csv    no target

Columns: records = the review's records; seconds = wall time of the whole command; records/s
= records over it; peak MB = the command's peak RSS (os.wait4). A command this checkout does
not have yet is "not built" and skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD_VERSION = 2  # bump when the built review changes shape
DATABASES = (("PubMed", 0.32), ("Scopus", 0.28), ("Web of Science", 0.20),
             ("APA PsycInfo", 0.16), ("Citation search", 0.04))  # fmt: skip
PAIRS = (("ana", "ben"), ("ana", "ben"), ("ana", "carl"))
ADJUDICATOR = "dora"
TA_REASONS = ("population", "intervention", "outcome", "design")
FT_REASONS = ("population", "outcome", "design", "no-full-report", "language")
NOTES = ("check the age range", "protocol only?", "ask the team about the comparator")
CRITERIA = """[[rule]]
id = "years"
kind = "year"
min = 1990
action = "exclude"
reason = "published before 1990"

[[rule]]
id = "pub-type"
kind = "pub_type"
deny = ["editorial", "erratum", "letter"]
action = "exclude"

[reasons]
population = "not children or adolescents"
intervention = "no online-safety intervention or exposure"
outcome = "no outcome of interest"
design = "not empirical research"
no-full-report = "conference abstract only"
language = "not in a language the team reads"
"""
TOPICS = ("online grooming", "help-seeking", "sextortion", "parental monitoring",
          "peer support", "platform moderation", "digital safety curricula")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str


@dataclass(frozen=True, slots=True)
class Row:
    step: str
    records: int
    seconds: float | None
    peak_mb: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


def run(command: list[str], *, stdout_to: str | None = None) -> Run:
    """A command in a fresh process with this checkout first on the path: its wall
    seconds and peak RSS (stdout to a file, or discarded)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
           os.environ.get("PYTHONPATH", "")]))}  # fmt: skip
    with tempfile.TemporaryFile() as err:
        out = open(stdout_to or os.devnull, "wb")  # noqa: SIM115
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.close()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), text)


SCREENER = [sys.executable, "-m", "screener"]


def built(words: list[str]) -> bool:
    """Whether this checkout has the command (its --help exits 0)."""
    return run([*SCREENER, *words, "--help"]).returncode == 0


# -- the synthetic review --------------------------------------------------------------------


def write_ris(path: Path, first: int, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(first, first + count):
            year = 1985 + n % 41
            kind = "JOUR" if rng.random() > 0.02 else "CONF"
            out.write(
                f"TY  - {kind}\nID  - r{n}\nTI  - {rng.choice(TOPICS).capitalize()} among young"
                f" people: study {n}\nAU  - Author{n}, Alex\nPY  - {year}\n"
                f"T2  - Journal of Online Safety\nVL  - {1 + n % 40}\nSP  - {1 + n % 300}\n"
                f"DO  - 10.5555/report.{n}\nAB  - A study of {rng.choice(TOPICS)}.\nER  - \n\n"
            )


def stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


class Clock:
    """Each reviewer's working time: 10 to 60 seconds a record, 09:00 to 17:00 on weekdays."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now: dict[str, datetime] = {}

    def tick(self, reviewer: str) -> str:
        start = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        moment = self.now.get(reviewer, start) + timedelta(seconds=self.rng.randint(10, 60))
        if moment.hour >= 17:
            moment = (moment + timedelta(days=1)).replace(hour=9, minute=0)
            while moment.weekday() >= 5:
                moment += timedelta(days=1)
        self.now[reviewer] = moment
        return stamp(moment)


def build(folder: Path, records: int, rng: random.Random) -> None:
    from screener.review import ImportOptions, Review

    Review.create(folder, title="Report benchmark", actor="ana").close()
    settings = folder / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("reviewers_per_record = 1", "reviewers_per_record = 2"))
    (folder / "criteria.toml").write_text(CRITERIA, encoding="utf-8")
    files = folder.parent / "exports"
    files.mkdir(exist_ok=True)
    first = 1
    with Review.open(folder, actor="ana") as review:
        for n, (database, share) in enumerate(DATABASES):
            count = records - first + 1 if n == len(DATABASES) - 1 else int(records * share)
            path = files / f"source{n + 1}.ris"
            write_ris(path, first, count, rng)
            citation = database == "Citation search"
            options = ImportOptions(database="" if citation else database,
                                    method="citation" if citation else "database",
                                    searched_on="2026-02-20")  # fmt: skip
            review.import_file(path, options)
            first += count
        store = review._store  # the benchmark writes links, criteria and decisions directly
        ids = store.record_ids()
        link_duplicates(store, ids, int(records * DATABASES[0][1]), rng)
        run_criteria(store, folder, ids, rng)
        screen(store, rng)


def link_duplicates(store, ids: list[int], pubmed_count: int, rng: random.Random) -> None:
    from screener.store.duplicates import NewLink

    pubmed, others = ids[:pubmed_count], ids[pubmed_count : int(len(ids) * 0.96)]
    linked = [rid for rid in others if rng.random() < 0.25]
    with store.transaction():
        run_id = store.add_dedupe_run("ana", len(ids))
        links = [NewLink(rid, rng.choice(pubmed), "auto", run_id, 0.98, ("doi",), None)
                 for rid in linked]  # fmt: skip
        store.add_duplicate_links(links, "ana")
        store.finish_dedupe_run(run_id, merged=len(links), possible=0)
        store.log("ana", "dedupe", {"records": len(ids), "merged": len(links), "possible": 0})


def run_criteria(store, folder: Path, ids: list[int], rng: random.Random) -> None:
    text = (folder / "criteria.toml").read_text(encoding="utf-8")
    rows = []
    for rid in ids:
        draw = rng.random()
        if draw < 0.06:
            rows.append((rid, "exclude", "years", "published before 1990", []))
        elif draw < 0.08:
            rows.append((rid, "exclude", "pub-type", "", []))
        elif draw < 0.11:
            rows.append((rid, "flag", "", "", ["topic"]))
        else:
            rows.append((rid, "pass", "", "", []))
    with store.transaction():
        run_id = store.add_criteria_run("ana", hashlib.sha256(text.encode()).hexdigest(), text)
        store.add_criteria_results(run_id, rows)
        store.log("ana", "criteria apply", {"run": run_id, "records": len(ids)})


def screen(store, rng: random.Random) -> None:
    """Dual screening at both stages, every record settled; decision rows in one go."""
    from screener.store.team import DecisionRow

    duplicates = store.active_duplicate_links()
    excluded = {r for r, (o, _, _) in store.latest_criteria_outcomes().items() if o == "exclude"}
    waiting = [r for r in store.record_ids() if r not in duplicates and r not in excluded]
    clock, rows, serial = Clock(rng), [], iter(range(1, 10**9))

    def add(record, stage, reviewer, verdict, reason="", note="", kind="decision", undoes=None):
        uuid = f"bench-{next(serial)}"
        rows.append(DecisionRow(0, uuid, record, stage, reviewer, verdict, reason, note,
                                clock.tick(reviewer), kind, "", undoes))  # fmt: skip
        return uuid

    def settle(record: int, stage: str, likely: str, reasons: tuple[str, ...]) -> str:
        given = []
        for reviewer in rng.choice(PAIRS):
            verdict = likely
            if rng.random() < 0.05:  # strays: a conflict for the adjudicator
                verdict = "include" if likely != "include" else "exclude"
            if rng.random() < 0.03:  # a maybe first, changed later
                add(record, stage, reviewer, "maybe")
            elif rng.random() < 0.01:  # a slip, undone at once
                add(record, stage, reviewer, "", undoes=add(record, stage, reviewer, verdict))
            reason = rng.choice(reasons) if verdict == "exclude" and rng.random() < 0.85 else ""
            note = rng.choice(NOTES) if rng.random() < 0.02 else ""
            add(record, stage, reviewer, verdict, reason, note)
            given.append(verdict)
        if len(set(given)) > 1:
            reason = rng.choice(reasons) if likely == "exclude" else ""
            add(record, stage, ADJUDICATOR, likely, reason, kind="resolution")
        return given[0] if len(set(given)) == 1 else likely

    full_text = [r for r in waiting
                 if settle(r, "title-abstract", "include" if rng.random() < 0.12 else "exclude",
                           TA_REASONS) == "include"]  # fmt: skip
    for record in full_text:
        draw = rng.random()
        likely = "not-retrieved" if draw < 0.1 else "exclude" if draw < 0.65 else "include"
        settle(record, "full-text", likely, FT_REASONS)
    with store.transaction():
        store.add_decision_rows(rows)
        store.log("ana", "decide", {"file": "benchmark", "decisions": len(rows)})


def cached_review(records: int, seed: int, rebuild: bool) -> tuple[Path, Row | None]:
    """The built review (from the cache when there), and the build's row when built now."""
    import shutil

    home = Path(tempfile.gettempdir()) / f"screener-report-bench-{records}-{seed}-v{BUILD_VERSION}"
    folder, done = home / "review", home / "built"
    if done.exists() and not rebuild and _opens(folder):
        return folder, None
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    started = time.perf_counter()
    build(folder, records, random.Random(seed))
    done.write_text("ok\n", encoding="utf-8")
    return folder, Row("(setup) build the review", records, time.perf_counter() - started)


def _opens(folder: Path) -> bool:
    """Whether this checkout opens the cached review (a newer schema may not)."""
    from screener.errors import ScreenerError
    from screener.review import Review

    try:
        Review.open(folder).close()
    except ScreenerError:
        return False
    return True


def describe(folder: Path) -> str:
    from screener.review import Review

    with Review.open(folder) as review:
        counts = review.status().by_status
        decisions = review._store._db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    shown = ", ".join(f"{name} {n:,}" for name, n in counts.items() if n)
    return f"{decisions:,} decision rows; {shown}"


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    words: list[str]  # the command, without --review
    target: float | None  # seconds
    output: str = ""  # the file written with -o, in the work folder


STEPS = (
    Step("report prisma --json", ["report", "prisma", "--json"], 1.0),
    Step(
        "report prisma -o flow.svg", ["report", "prisma", "-o", "{work}/flow.svg"], 1.0, "flow.svg"
    ),
    Step("report reasons", ["report", "reasons"], 1.0),
    Step("report progress", ["report", "progress"], 1.0),
    Step("audit --json (to /dev/null)", ["audit", "--json", "-o", os.devnull], 5.0, "audit"),
    Step("export --format csv", ["export", "--format", "csv", "-o", "{work}/out.csv"], None),
)
SVG_LIMIT_KB = 50


def time_step(step: Step, folder: Path, work: Path, records: int) -> Row:
    command = step.words[: step.words.index("-o")] if "-o" in step.words else step.words
    target = f"< {step.target:g} s" if step.target else ""
    if step.output == "flow.svg":
        target += f", < {SVG_LIMIT_KB} KB"
    if not built(command[:2] if command[0] == "report" else command[:1]):
        return Row(step.name, records, None, target=target, note="not built")
    words = [w.replace("{work}", str(work)) for w in step.words]
    done = run([*SCREENER, *words, "--review", str(folder)])
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return Row(step.name, records, done.seconds, done.peak_mb, target, False,
                   f"exit {done.returncode}: {last[:70]}")  # fmt: skip
    met = None if step.target is None else done.seconds < step.target
    note = ""
    if step.output == "flow.svg":
        size = (work / "flow.svg").stat().st_size / 1024
        note = f"SVG {size:.1f} KB"
        met = bool(met) and size < SVG_LIMIT_KB
    elif step.output == "audit":  # "N changes written to /dev/null"
        note = done.stderr.strip().splitlines()[-1].split(" written")[0] if done.stderr else ""
    return Row(step.name, records, done.seconds, done.peak_mb, target, met, note)


def render(rows: list[Row]) -> None:
    header = ("step", "records", "seconds", "records/s", "peak MB", "target", "", "")
    cells = [header]
    for r in rows:
        rate = f"{r.records / r.seconds:,.0f}" if r.seconds else "-"
        verdict = "" if r.met is None else ("pass" if r.met else "FAIL")
        cells.append((r.step, f"{r.records:,}",
                      "skipped" if r.seconds is None else f"{r.seconds:.3f}", rate,
                      "-" if r.peak_mb is None else f"{r.peak_mb:.0f}", r.target or "-",
                      verdict, r.note))  # fmt: skip
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        line = [row[0].ljust(widths[0])]
        line += [c.rjust(w) for c, w in zip(row[1:6], widths[1:6], strict=True)]
        line += [row[6].ljust(widths[6]), row[7]]
        print("  ".join(line).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--rebuild", action="store_true", help="build the cached review again")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    # Time the commands as installed, with their modules byte-compiled (see dedupe_bench).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "screener")], check=False)
    folder, setup = cached_review(args.records, args.seed, args.rebuild)
    rows = [setup] if setup else []
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        rows += [time_step(step, folder, Path(tmp), args.records) for step in STEPS]
    print(f"review: {folder} ({describe(folder)})\n")
    render(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
