"""Criteria evaluation speed: ten rules of mixed kinds over synthetic records.

    python benchmarks/criteria_bench.py [--records 10000 50000 100000] [--seed 7] [--repeat 3]

Records look like database exports: a 15-word title, a 250-word abstract and 6 keywords,
mostly in English, from 1980 on, a quarter of them on topic. The table gives records,
seconds, records per second (best of --repeat runs), the peak resident memory of the
process, and records per second of CPU time (telling on a shared machine); a last line
gives the time to highlight one 300-word abstract.
The target is at least 50,000 records/s.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Iterator

from screener.criteria import Highlighter, parse_criteria
from screener.model import Record

CRITERIA = """
[review]
question = "How do perpetrators of online-facilitated child sexual abuse behave?"

[[rule]]
id = "years"
kind = "year"
min = 1990

[[rule]]
id = "language"
kind = "language"
allow = ["en"]

[[rule]]
id = "pub-type"
kind = "pub_type"
deny = ["editorial", "erratum", "letter"]

[[rule]]
id = "has-abstract"
kind = "has"
field = "abstract"
action = "flag"

[[rule]]
id = "topic"
kind = "query"
query = '''(online OR internet OR digital OR cyber* OR "social media" OR livestream*)
  AND (child* OR minor* OR adolescen* OR youth*) AND (offend* OR perpetrat* OR abuser*)'''
action = "flag"

[[rule]]
id = "not-animal"
kind = "query"
query = "NOT ti:(animal* OR mice OR rat OR rats OR rodent*)"
action = "flag"

[[rule]]
id = "contact"
kind = "query"
query = '(child* OR minor*) NEAR/5 (groom* OR solicit*)'
action = "flag"
missing = "flag"

[[rule]]
id = "design"
kind = "any"
action = "flag"
rules = [
  { kind = "query", query = 'interview* OR survey* OR sample* OR "case file*" OR organi?ation*' },
  { kind = "pub_type", allow = ["thesis", "report"] },
]

[[rule]]
id = "recent-titled"
kind = "all"
rules = [ { kind = "year", max = 2030 }, { kind = "has", field = "title" } ]

[[rule]]
id = "not-commentary"
kind = "query"
query = "NOT title:(commentary OR editorial* OR reply)"
fields = ["title"]
action = "flag"

[highlight]
include = ["perpetrat*", "offend*", "groom*", "sextortion", "self-generated", "livestream*",
  "online", "child*", "\\"social media\\"", "abuser*"]
exclude = ["animal*", "mice", "rat", "rats", "rodent*"]
"""

TOPIC_WORDS = [
    "online",
    "internet",
    "digital",
    "cyberspace",
    "social",
    "media",
    "livestreaming",
    "children",
    "child",
    "minors",
    "adolescents",
    "youth",
    "offenders",
    "offending",
    "perpetrators",
    "abusers",
    "grooming",
    "solicitation",
    "sextortion",
    "self-generated",
    "interview",
    "survey",
    "sample",
    "organisation",
    "case",
    "files",
]
LANGUAGES = ("en",) * 17 + ("fr", "de", "")
PUB_TYPES = ("article",) * 12 + ("review", "thesis", "report", "letter", "editorial", "")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = [
        "ba",
        "be",
        "co",
        "da",
        "di",
        "fa",
        "ge",
        "ha",
        "in",
        "ko",
        "la",
        "me",
        "no",
        "pe",
        "ra",
        "si",
        "to",
        "un",
        "ve",
        "wa",
        "ex",
        "or",
        "al",
    ]
    return ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(size)]


def _words(rng: random.Random, vocabulary: list[str], n: int, topic_rate: float) -> str:
    words = [
        rng.choice(TOPIC_WORDS) if rng.random() < topic_rate else rng.choice(vocabulary)
        for _ in range(n)
    ]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_records(n: int, seed: int) -> list[Record]:
    """`n` records of typical size; about one in four is on topic."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 5000)
    records = []
    for i in range(n):
        rate = 0.08 if rng.random() < 0.25 else 0.005
        records.append(
            Record(
                title=_words(rng, vocabulary, 15, rate),
                abstract=_words(rng, vocabulary, 250, rate) if rng.random() < 0.9 else "",
                keywords=tuple(_words(rng, vocabulary, rng.randint(1, 3), rate) for _ in range(6)),
                year=rng.randint(1980, 2025),
                language=rng.choice(LANGUAGES),
                pub_type=rng.choice(PUB_TYPES),
                key=f"rec{i}",
            )
        )
    return records


def _cycle(pool: list[Record], n: int) -> Iterator[Record]:
    for i in range(n):
        yield pool[i % len(pool)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    args = parser.parse_args(argv)

    criteria = parse_criteria(CRITERIA, "bench.toml")
    # A pool of distinct records, cycled: evaluation keeps no per-record cache to favour it.
    pool = synthetic_records(5_000, args.seed)
    print(f"{len(criteria.rules)} rules: " + ", ".join(r.kind for r in criteria.rules))
    print(
        f"{'records':>10} {'seconds':>9} {'records/s':>11} {'peak MB':>9} {'cpu rec/s':>11}"
        "  outcomes"
    )
    for n in args.records:
        # Best of --repeat runs, as timeit does: other processes only ever slow a run down.
        seconds = cpu = float("inf")
        for _ in range(args.repeat):
            counts = {"pass": 0, "flag": 0, "exclude": 0}
            start, start_cpu = time.perf_counter(), time.process_time()
            for record in _cycle(pool, n):
                counts[criteria.evaluate(record).outcome] += 1
            seconds = min(seconds, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        shares = " ".join(f"{k}={v / n:.0%}" for k, v in counts.items())
        print(
            f"{n:>10,} {seconds:>9.3f} {n / seconds:>11,.0f} {peak_mb:>9.1f} {n / cpu:>11,.0f}"
            f"  {shares}"
        )

    highlighter = Highlighter.from_criteria(criteria)
    abstract = _words(random.Random(args.seed), _vocabulary(random.Random(1), 5000), 300, 0.08)
    runs = 2_000
    start = time.perf_counter()
    for _ in range(runs):
        highlighter.spans(abstract)
    per_call = (time.perf_counter() - start) / runs
    print(f"highlight: 300-word abstract, {len(highlighter.terms)} terms: {per_call * 1e6:,.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
