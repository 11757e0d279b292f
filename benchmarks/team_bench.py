"""Team screening at scale: `agreement`, `conflicts`, `status` and `sync` on a large review.

    python benchmarks/team_bench.py                    # 50,000 records, three reviewers
    python benchmarks/team_bench.py --records 5000     # quicker
    python benchmarks/team_bench.py --skip-ui          # leave out the key-press latency

Builds a review of --records synthetic records (a RIS file of sober research titles and
abstracts, `screener init` and `screener import`, with `reviewers_per_record = 2` under
`[screening]`), then gives three simulated reviewers (ana, ben, carl) a verdict on every
record at title-abstract, written through the library in one transaction: each reviewer
strays from the record's likely verdict about 5% of the time (pairwise agreement near 90%),
says `maybe` now and then, gives a reason for most exclusions and a note on a few records.

Each timed step is the real command in a subprocess, start-up included, with the review
named by --review:

    screener agreement --json         target < 1 s
    screener conflicts --json         target < 1 s
    screener status --json            target < 1 s
    screener sync DIR                 target < 5 s and < 300 MB

For sync, the built review writes its decisions to one file per reviewer (`screener sync`,
so DIR holds ana.jsonl, ben.jsonl and carl.jsonl: three decisions per record), and the timed
sync reads them into a second review initialised and imported from the same RIS file (same
file, same portable record keys, another local review id: it joins with `--join`).

Last, `benchmarks/screen_latency.py --records N --reviewers-per-record 2` measures the UI's
key-to-next-record latency in dual mode (target: p95 under 50 ms); its p95 line is printed
under the table. Its row gives the p95 in the seconds column and no peak (that process also
builds its own review).

Columns: records/decisions the step handles; seconds = wall time of the whole command; per
second = the first column over it; peak MB = the command's peak RSS (from `os.wait4`, the
same figure as `resource.getrusage(RUSAGE_CHILDREN)` in a process that ran that command
alone). Setup rows have no target. Skips politely when the `screener` command is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LATENCY = REPO / "benchmarks" / "screen_latency.py"
REVIEWERS = ("ana", "ben", "carl")
STAGE = "title-abstract"

POPULATIONS = ("adolescents", "adults in primary care", "older adults", "university students",
               "children aged 8 to 12", "parents", "police officers", "social workers",
               "people in prison", "young adults")  # fmt: skip
EXPOSURES = ("a school-based prevention programme", "online peer support",
             "cognitive behavioural therapy", "a brief motivational intervention",
             "parental monitoring", "social media use", "a community outreach service",
             "a digital safety curriculum", "case management", "mindfulness training")  # fmt: skip
OUTCOMES = ("help-seeking", "risk-taking behaviour", "disclosure of abuse", "wellbeing",
            "reoffending", "anxiety symptoms", "school attendance", "victimisation",
            "service uptake", "knowledge of online risks")  # fmt: skip
DESIGNS = ("a randomised controlled trial", "a cohort study", "a cross-sectional survey",
           "a qualitative study", "a systematic review", "a case-control study",
           "a mixed-methods evaluation", "a pilot feasibility study")  # fmt: skip
SENTENCES = (
    "We recruited participants through schools, clinics and community services.",
    "Data were collected at baseline and at six and twelve months.",
    "Outcomes were measured with validated self-report instruments.",
    "Analyses adjusted for age, sex and socioeconomic position.",
    "Findings were consistent across sensitivity analyses.",
    "Attrition was modest and balanced between groups.",
    "Semi-structured interviews were analysed thematically.",
    "The evidence was judged to be of moderate certainty.",
    "Implications for practice and policy are discussed.",
    "Further research should examine long-term effects in other settings.",
)
REASONS = ("wrong population", "wrong intervention", "wrong outcome", "wrong study design",
           "not primary research", "conference abstract only")  # fmt: skip
NOTES = ("check the full text for the age range", "possible duplicate of a trial report",
         "ask the team about the comparator", "abstract unclear on setting")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Run:
    """One command, run to the end."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    step: str
    count: int | None
    seconds: float | None
    peak_mb: float | None = None
    target: str = ""
    met: bool | None = None  # None: no target, or not measured
    unit: str = "records"
    rated: bool = True  # False where the seconds are a latency, not a command's wall time


def screener_command() -> list[str] | None:
    """The installed console script, as a user runs it (see dedupe_bench)."""
    script = Path(sys.executable).with_name("screener")
    if script.exists():
        return [str(script)]
    found = shutil.which("screener")
    return [found] if found else None


def run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command with its output in files (a big --json would fill a pipe), returning
    its wall seconds and its own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,  # Linux reports kilobytes
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def checked(command: list[str], env: dict[str, str] | None = None) -> Run:
    done = run(command, env)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command[1:3])}: {last}")
    return done


def write_ris(path: Path, count: int, rng: random.Random) -> None:
    """`count` journal articles in RIS, each with a title, authors, abstract and DOI."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            title = (
                f"{rng.choice(EXPOSURES).capitalize()} and {rng.choice(OUTCOMES)} among "
                f"{rng.choice(POPULATIONS)}: {rng.choice(DESIGNS)}"
            )
            abstract = " ".join(rng.sample(SENTENCES, 6))
            out.write(f"TY  - JOUR\nTI  - {title}\nAU  - Author{n}, Alex\nAU  - Second, Sam\n")
            out.write(
                f"PY  - {1995 + n % 30}\nT2  - Journal of Applied Social Research\n"
                f"VL  - {1 + n % 40}\nSP  - {1 + n % 300}-{12 + n % 300}\n"
                f"DO  - 10.5555/team.{n}\nAB  - {abstract}\nER  - \n\n"
            )


def new_review(folder: Path, source: Path, screener: list[str]) -> Run:
    """`screener init` and `screener import`, dual screening on; the import's run."""
    checked([*screener, "init", str(folder), "--title", "Team benchmark"])
    settings = folder / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("reviewers_per_record = 1", "reviewers_per_record = 2"), encoding="utf-8"
    )
    command = [*screener, "import", str(source), "--database", "Synthetic"]
    return checked([*command, "--searched-on", "2026-11-01", "--review", str(folder)])


def simulate_team(folder: Path, rng: random.Random) -> tuple[int, float]:
    """Every reviewer's verdict on every record, in one transaction; (decisions, seconds)."""
    from screener.model import Decision
    from screener.review import Review

    started = time.perf_counter()
    written = 0
    with Review.open(folder, actor="bench") as review:
        store = review._store  # the benchmark writes decisions straight into the store
        with store.transaction():
            for record_id in store.record_ids():
                likely = "include" if rng.random() < 0.15 else "exclude"
                for reviewer in REVIEWERS:
                    verdict = likely
                    if rng.random() < 0.05:  # strays: pairwise agreement near 90%
                        other = "include" if likely == "exclude" else "exclude"
                        verdict = "maybe" if rng.random() < 0.4 else other
                    elif rng.random() < 0.01:
                        verdict = "maybe"
                    reason = (
                        rng.choice(REASONS) if verdict == "exclude" and rng.random() < 0.8 else ""
                    )
                    note = rng.choice(NOTES) if rng.random() < 0.03 else ""
                    decision = Decision(record_id, STAGE, reviewer, verdict, reason, note)
                    store.add_decision(decision)
                    written += 1
    return written, time.perf_counter() - started


def time_views(folder: Path, records: int, screener: list[str]) -> list[Row]:
    rows = []
    for name in ("agreement", "conflicts", "status"):
        done = checked([*screener, name, "--json", "--review", str(folder)])
        rows.append(
            Row(f"{name} --json", records, done.seconds, done.peak_mb, "< 1 s", done.seconds < 1)
        )
    return rows


def time_sync(
    built: Path, source: Path, shared: Path, work: Path, screener: list[str]
) -> tuple[list[Row], Row]:
    """Setup rows (the files written, the second review) and the timed sync's row."""
    env = {**os.environ, "SCREENER_REVIEWER": "ana"}
    shared.mkdir()
    written = checked([*screener, "sync", str(shared), "--json", "--review", str(built)], env)
    files = sorted(shared.glob("*.jsonl"))
    lines = sum(sum(1 for _ in f.open(encoding="utf-8")) - 1 for f in files)  # less headers
    copy = work / "second"
    imported = new_review(copy, source, screener)
    setup = [
        Row(f"(setup) sync writes {len(files)} files", lines, written.seconds, written.peak_mb,
            unit="decisions"),
        Row("(setup) second copy: import", None, imported.seconds, imported.peak_mb),
    ]  # fmt: skip
    env = {**os.environ, "SCREENER_REVIEWER": "lead"}
    command = [*screener, "sync", str(shared), "--join", "--json", "--review", str(copy)]
    done = checked(command, env)
    added = json.loads(done.stdout)["added"]
    if added != lines:
        print(f"note: sync added {added:,} of {lines:,} decisions", file=sys.stderr)
    met = done.seconds < 5 and done.peak_mb < 300
    check = checked([*screener, "status", "--json", "--review", str(copy)])
    expected = checked([*screener, "status", "--json", "--review", str(built)])
    if check.stdout != expected.stdout:
        print("note: the synced copy's status differs from the built review's", file=sys.stderr)
    row = Row(f"sync DIR ({len(files)} files)", lines, done.seconds, done.peak_mb,
              "< 5 s, < 300 MB", met, unit="decisions")  # fmt: skip
    return setup, row


def time_ui(records: int, presses: int) -> tuple[Row, str]:
    """The dual-mode key-press latency from screen_latency.py; its row and its p95 line."""
    if not LATENCY.exists():
        return Row("screen p95 key->next (dual)", None, None, target="p95 < 50 ms"), "skipped"
    command = [sys.executable, str(LATENCY), "--records", str(records)]
    done = run([*command, "--reviewers-per-record", "2", "--presses", str(presses)])
    line = next((s for s in done.stdout.splitlines() if s.startswith("p95 key")), "")
    found = re.search(r"([\d.]+) ms", line)
    if done.returncode or not found:
        last = (done.stderr.strip().splitlines() or ["no p95 line"])[-1]
        return Row("screen p95 key->next (dual)", None, None, target="p95 < 50 ms"), last
    p95 = float(found.group(1)) / 1000
    met = p95 < 0.05
    return Row(
        "screen p95 key->next (dual)", records, p95, None, "p95 < 50 ms", met, rated=False
    ), line


def render(rows: list[Row]) -> None:
    header = ("step", "records/decisions", "seconds", "per second", "peak MB", "target", "")
    cells = [header]
    for r in rows:
        per = f"{r.count / r.seconds:,.0f}" if r.rated and r.count and r.seconds else "-"
        cells.append(
            (
                r.step,
                f"{r.count:,} {r.unit}" if r.count is not None else "-",
                "skipped" if r.seconds is None else f"{r.seconds:.3f}",
                per,
                f"{r.peak_mb:.0f}" if r.peak_mb is not None else "-",
                r.target or "-",
                "" if r.met is None else ("met" if r.met else "MISSED"),
            )
        )
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        first = row[0].ljust(widths[0])
        print("  ".join([first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--presses", type=int, default=300, help="key presses timed in the UI")
    parser.add_argument("--skip-ui", action="store_true", help="leave out the key-press latency")
    args = parser.parse_args(argv)
    screener = screener_command()
    if screener is None:
        print("skipped: no `screener` command beside this Python or on PATH")
        return 0
    # Time the command as installed, with its modules byte-compiled (see dedupe_bench).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "screener")], check=False)
    rng = random.Random(args.seed)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="team-bench-") as tmp:
        work = Path(tmp)
        source = work / "records.ris"
        write_ris(source, args.records, rng)
        built = work / "review"
        imported = new_review(built, source, screener)
        rows.append(Row("(setup) import", args.records, imported.seconds, imported.peak_mb))
        decisions, seconds = simulate_team(built, rng)
        rows.append(Row("(setup) decisions, one transaction", decisions, seconds, unit="decisions"))
        rows += time_views(built, args.records, screener)
        setup, synced = time_sync(built, source, work / "shared", work, screener)
        rows += [*setup, synced]
    line = "skipped (--skip-ui)"
    if not args.skip_ui:
        ui, line = time_ui(args.records, args.presses)
        rows.append(ui)
    render(rows)
    print(f"\nscreen_latency.py: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
