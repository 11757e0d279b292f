"""A small labelled set written for the ranking tests: two sober research topics, the
relevant records (exercise for depression) among many on nearby and distant subjects."""

from __future__ import annotations

import csv
import random
from pathlib import Path

RELEVANT_TERMS = [
    "exercise",
    "depression",
    "randomised",
    "trial",
    "aerobic",
    "depressive",
    "symptoms",
    "adults",
    "physical activity",
    "mood",
]
NEARBY_TERMS = [
    "anxiety",
    "sleep",
    "diet",
    "adolescents",
    "survey",
    "cohort",
    "smoking",
    "stress",
    "school",
    "workplace",
]
DISTANT_TERMS = [
    "soil",
    "nitrogen",
    "crop",
    "yield",
    "irrigation",
    "wheat",
    "fertiliser",
    "drought",
    "harvest",
    "rainfall",
]
SHARED_TERMS = ["study", "effect", "outcomes", "analysis", "results", "methods", "data"]


def synthetic_set(records: int = 150, relevant: int = 15, seed: int = 7) -> list[dict[str, str]]:
    """Rows of `title, abstract, label_included`, relevant ones shuffled among the rest."""
    rng = random.Random(seed)
    rows = []
    for number in range(records):
        is_relevant = number < relevant
        other = NEARBY_TERMS if number % 2 else DISTANT_TERMS
        topic = RELEVANT_TERMS if is_relevant else other
        # Some topic words, some shared words, and a few from a neighbouring topic: a
        # model has to weigh words, not just spot one.
        words = rng.sample(topic, 5) + rng.sample(SHARED_TERMS, 3) + rng.sample(NEARBY_TERMS, 1)
        rng.shuffle(words)
        title = " ".join(words[:4]).capitalize()
        abstract = " ".join(words + rng.sample(SHARED_TERMS, 3)) + "."
        rows.append({"title": title, "abstract": abstract, "label_included": str(int(is_relevant))})
    rng.shuffle(rows)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
