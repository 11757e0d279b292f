"""The evidence table at scale: `report evidence` in every format on a large coded review.

    python benchmarks/evidence_bench.py                  # 2,000 included studies x 30 fields
    python benchmarks/evidence_bench.py --studies 500    # quicker
    python benchmarks/evidence_bench.py --coders 2       # two coders per study
    python benchmarks/evidence_bench.py --saves 200      # seconds per save, 50,000 records

Builds a review of --studies synthetic records (a RIS file of sober research titles and
abstracts, `screener init` and `screener import`), includes every one at both stages
(`screener decide --from`, one transaction), writes a 30-field coding frame (one_of,
many_of, yes_no, number, text, quote and appraisal fields over five questions) and codes
every field of every study through the library in one transaction. With two coders per
study (--coders 2) both code everything, and they differ on about 5% of the categorical
values, which the table shows as "disagreement".

Each timed step is the real command in a subprocess, start-up included:

    screener report evidence --json                   target < 2 s
    screener report evidence -o table.csv|.md|.html|.xlsx   target < 2 s each
    screener report evidence --by question -o q.html  target < 2 s

Columns: studies the table holds; seconds = wall time of the whole command; cpu s = its user
and system time (on a busy machine, the figure other processes cannot inflate); studies per
second (by wall time); peak MB = the command's peak RSS (from `os.wait4`); the file's size.
Skips the xlsx row politely when openpyxl (the extra `xlsx`) is not installed.

With --saves N it times instead what a coder waits for on Enter: N saves through
`Review.code_value` (as the coding screen makes them, one field of one included study at a
time), on a copy of report_bench.py's 50,000-record review (about 1,700 records included;
built once and cached by that benchmark) with the `rea` template's frame.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TOPICS = ("online grooming", "sexual extortion", "self-generated imagery", "peer abuse",
          "livestreamed abuse", "forum communities", "help-seeking", "risk assessment",
          "platform moderation", "offending pathways")  # fmt: skip
SETTINGS = ("police records", "court files", "a national survey", "treatment services",
            "chat logs", "school samples", "helpline contacts", "forum archives")  # fmt: skip
COUNTRIES = ("United Kingdom", "Germany", "Australia", "Canada", "United States", "Sweden",
             "Netherlands", "Ireland", "Poland", "New Zealand")  # fmt: skip
QUESTIONS = ("technology", "targeting", "safeguarding", "emerging", "pathways")
OPTIONS = ("survey", "interviews", "case files", "content analysis", "mixed methods",
           "evidence review", "cohort", "experiment", "other")  # fmt: skip
MANY = ("chat", "forums", "social media", "gaming", "livestreaming", "messaging apps",
        "dark web", "file sharing")  # fmt: skip
RATINGS = ("high", "medium", "low")
# Kinds of the 30 fields, in frame order.
KINDS = (
    ["one_of"] * 8 + ["many_of"] * 5 + ["yes_no"] * 4 + ["number"] * 4 + ["text"] * 4
    + ["quote"] * 3 + ["appraisal"] * 2
)  # fmt: skip
CODERS = ("ana", "ben")


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the command: what a shared machine cannot inflate
    peak_mb: float
    returncode: int
    stderr: str


def screener_command() -> list[str]:
    """This checkout's CLI, as a user runs it (the console script beside this Python when
    there is one), with the repository first on the path."""
    script = Path(sys.executable).with_name("screener")
    return [str(script)] if script.exists() else [sys.executable, "-m", "screener"]


def run(command: list[str]) -> Run:
    """Run a command with its output in files, returning wall seconds and its peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCREENER_REVIEWER": "bench"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        return Run(
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,  # Linux reports kilobytes
            os.waitstatus_to_exitcode(status),
            err.read().decode("utf-8", "replace"),
        )


def checked(command: list[str]) -> Run:
    done = run(command)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command[-4:])}: {last}")
    return done


# -- building the review -------------------------------------------------------------------


def write_ris(path: Path, count: int, rng: random.Random) -> None:
    lines: list[str] = []
    for n in range(1, count + 1):
        topic, setting = rng.choice(TOPICS), rng.choice(SETTINGS)
        lines += [
            "TY  - JOUR",
            f"TI  - {topic.capitalize()} in {setting}: study {n}",
            f"AU  - Author{n}, Alex",
            f"AU  - Colleague{n % 97}, Sam",
            f"PY  - {2005 + n % 20}",
            "T2  - Journal of Online Safety Research",
            f"AB  - We examined {topic} using {setting}. " * 4,
            f"DO  - 10.5555/bench.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def frame_text() -> str:
    parts = [f'[[question]]\nid = "{q}"\ntext = "What is known about {q}?"\n' for q in QUESTIONS]
    for n, kind in enumerate(KINDS, 1):
        field = [
            "[[field]]",
            f'id = "f{n:02d}_{kind}"',
            f'kind = "{kind}"',
            f'label = "Field {n} ({kind})"',
            f'question = ["{QUESTIONS[n % len(QUESTIONS)]}"]',
        ]
        if kind in ("one_of", "many_of", "appraisal"):
            options = {"one_of": OPTIONS, "many_of": MANY, "appraisal": RATINGS}[kind]
            field.append("options = [" + ", ".join(f'"{o}"' for o in options) + "]")
        if kind == "number":
            field.append('unit = "participants"')
        parts.append("\n".join(field) + "\n")
    return "\n".join(parts)


def value_text(kind: str, rng: random.Random) -> tuple[str, str, str]:
    """(value, page, reason) as `code set` takes them."""
    if kind == "one_of":
        return rng.choice(OPTIONS), "", ""
    if kind == "many_of":
        return "; ".join(rng.sample(MANY, rng.randint(1, 3))), "", ""
    if kind == "yes_no":
        return rng.choice(("yes", "no", "unclear")), "", ""
    if kind == "number":
        return str(rng.randint(12, 4000)), "", ""
    if kind == "text":
        return rng.choice(COUNTRIES), "", ""
    if kind == "quote":
        passage = f"Offenders moved contact from {rng.choice(MANY)} to private messages."
        return passage, str(rng.randint(1, 40)), ""
    return rng.choice(RATINGS), "", "Sample and design as reported; " + rng.choice(SETTINGS)


def build(folder: Path, studies: int, coders: int, rng: random.Random) -> list[tuple[str, float]]:
    """The coded review; the seconds of each setup step."""
    from screener.review import Review
    from screener.synthesis.values import CodingEntry

    timings: list[tuple[str, float]] = []
    source = folder.parent / "records.ris"
    write_ris(source, studies, rng)
    screener = screener_command()
    started = time.perf_counter()
    checked([*screener, "init", str(folder), "--title", "Evidence bench", "--template", "blank"])
    checked([*screener, "import", str(source), "--review", str(folder)])
    timings.append(("(setup) init and import", time.perf_counter() - started))
    settings = folder / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    if "coders_per_record" in text:
        text = text.replace("coders_per_record = 1", f"coders_per_record = {coders}")
    else:
        text += f"\n[coding]\ncoders_per_record = {coders}\n"
    settings.write_text(text, encoding="utf-8")
    (folder / "coding.toml").write_text(frame_text(), encoding="utf-8")
    decisions = folder.parent / "include.csv"
    with decisions.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["record", "verdict", "reviewer", "stage"])
        for record_id in range(1, studies + 1):
            for stage in ("title-abstract", "full-text"):
                writer.writerow([record_id, "include", "bench", stage])
    started = time.perf_counter()
    checked([*screener, "decide", "--from", str(decisions), "--review", str(folder)])
    timings.append(("(setup) include all, one transaction", time.perf_counter() - started))
    started = time.perf_counter()
    with Review.open(folder, actor="bench") as review:
        frame = review.coding_frame()
        entries = []
        for record_id in range(1, studies + 1):
            for field in frame.fields:
                first = value_text(field.kind.value, rng)
                for number, coder in enumerate(CODERS[:coders]):
                    given = first
                    if number and field.categorical and rng.random() < 0.05:
                        given = value_text(field.kind.value, rng)  # the second coder differs
                    value = review.parse_coded_value(
                        field.id, given[0], page=given[1] or None, reason=given[2] or None
                    )
                    entries.append(CodingEntry(record_id, field.id, coder, value, 0))
        review.code_entries(entries)
    timings.append((f"(setup) code {len(entries):,} values", time.perf_counter() - started))
    return timings


# -- timing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    step: str
    studies: int | None
    seconds: float | None
    cpu: float | None = None
    peak_mb: float | None = None
    size: int | None = None
    target: str = ""

    @property
    def met(self) -> bool | None:
        if not self.target or self.seconds is None:
            return None
        return self.seconds < 2


def time_formats(folder: Path, studies: int, work: Path) -> list[Row]:
    screener = screener_command()
    review = ["--review", str(folder)]
    steps: list[tuple[str, list[str], Path | None]] = [("--json", ["--json"], None)]
    for suffix in (".csv", ".md", ".html", ".xlsx"):
        output = work / f"evidence{suffix}"
        steps.append((f"-o evidence{suffix}", ["-o", str(output)], output))
    by = work / "by-question.html"
    steps.append(("--by question -o .html", ["--by", "question", "-o", str(by)], by))
    rows: list[Row] = []
    for name, options, output in steps:
        label = f"report evidence {name}"
        if name.endswith(".xlsx") and importlib.util.find_spec("openpyxl") is None:
            rows.append(Row(f"{label} (no openpyxl)", studies, None, target="< 2 s"))
            continue
        done = checked([*screener, "report", "evidence", *options, *review])
        size = output.stat().st_size if output is not None else None
        rows.append(Row(label, studies, done.seconds, done.cpu, done.peak_mb, size, "< 2 s"))
    return rows


def render(rows: list[Row]) -> None:
    header = ("step", "records", "seconds", "cpu s", "records/s", "peak MB", "size KB", "target",
              "")  # fmt: skip
    cells = [header]
    for r in rows:
        per = f"{r.studies / r.seconds:,.0f}" if r.studies and r.seconds else "-"
        cells.append(
            (
                r.step,
                f"{r.studies:,}" if r.studies is not None else "-",
                "skipped" if r.seconds is None else f"{r.seconds:.3f}",
                f"{r.cpu:.3f}" if r.cpu is not None else "-",
                per,
                f"{r.peak_mb:.0f}" if r.peak_mb is not None else "-",
                f"{r.size / 1024:,.0f}" if r.size is not None else "-",
                r.target or "-",
                "" if r.met is None else ("met" if r.met else "MISSED"),
            )
        )
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        first = row[0].ljust(widths[0])
        print("  ".join([first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))


def time_saves(saves: int, coders: int, seed: int) -> list[str]:
    """Seconds per save on a copy of report_bench's 50,000-record review."""
    import shutil

    import report_bench

    from screener.review import Review
    from screener.synthesis.loader import load_frame

    cached, _ = report_bench.cached_review(50_000, 16, False)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="evidence-saves-") as tmp:
        folder = Path(tmp) / "review"
        shutil.copytree(cached, folder)
        template = REPO / "criteria" / "coding" / "rea.toml"
        shutil.copyfile(template, folder / "coding.toml")
        settings = folder / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("coders_per_record = 1", f"coders_per_record = {coders}"),
            encoding="utf-8",
        )
        fields = [
            f for f in load_frame(template).fields if f.categorical and f.kind.value != "appraisal"
        ]
        with Review.open(folder, actor="ana") as review:
            started = time.perf_counter()
            ids = review.coding_ids()
            first = time.perf_counter() - started
            records = len(review.statuses())
            started = time.perf_counter()
            for _ in range(saves):
                field = rng.choice(fields)
                value = rng.choice(field.choices)
                if field.kind.value == "many_of":
                    value = (value,)
                review.code_value(
                    rng.choice(ids), field.id, value, coder=rng.choice(CODERS[:coders])
                )
            per_save = (time.perf_counter() - started) / saves
    return [
        f"records to code: {len(ids):,} of {records:,} (found in {first:.3f} s)",
        f"code_value: {per_save * 1000:.1f} ms per save ({saves} saves, {coders} coder(s))",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=2_000)
    parser.add_argument("--coders", type=int, choices=(1, 2), default=1)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--saves", type=int, default=0, help="time N saves instead (see above)")
    args = parser.parse_args(argv)
    if args.saves:
        sys.path.insert(0, str(REPO / "benchmarks"))
        print("\n".join(time_saves(args.saves, args.coders, args.seed)))
        return 0
    # Time the command as installed, with its modules byte-compiled.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "screener")], check=False)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        work = Path(tmp)
        folder = work / "review"
        setup = build(folder, args.studies, args.coders, rng)
        rows = [Row(name, None, seconds) for name, seconds in setup]
        rows += time_formats(folder, args.studies, work)
    render(rows)
    fields = len(KINDS)
    load = os.getloadavg()[0]
    print(f"\n{args.studies:,} included studies x {fields} fields, {args.coders} coder(s) each;"
          f" load average {load:.1f} on {os.cpu_count()} CPUs while it ran")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
