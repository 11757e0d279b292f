"""The demo review: the shipped synthetic exports run through the pipeline end to end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screener.review import Review
from screener.review.criteria import ApplyReport
from screener.review.dedupe import DedupeSummary
from screener.review.importing import ImportOptions, ImportReport
from screener.review.resources import data_dir

# file, database, search date, query file: one per database searched in the demo REA.
DEMO_SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("pubmed.nbib", "PubMed", "2026-11-01", "pubmed.txt"),
    ("scopus.csv", "Scopus", "2026-11-01", "scopus.txt"),
    ("psycinfo.ris", "APA PsycInfo", "2026-11-02", "psycinfo.txt"),
    ("wos.txt", "Web of Science", "2026-11-02", "wos.txt"),
)


@dataclass(frozen=True, slots=True)
class DemoRun:
    review: Review
    imports: list[ImportReport]
    dedupe: DedupeSummary
    criteria: ApplyReport

    def as_json(self) -> dict[str, object]:
        return {
            "review": str(self.review.root),
            "imports": [r.as_json() for r in self.imports],
            "dedupe": self.dedupe.as_json(),
            "criteria": self.criteria.as_json(),
            "status": self.review.status().as_json(),
        }


def build_demo(folder: Path, on_step: Callable[[str], None] = lambda _: None) -> DemoRun:
    """Create a review in `folder` from the shipped examples and run every stage built so far."""
    examples = data_dir("examples")
    review = Review.create(folder, title="Demo REA: online offending research", template="rea")
    imports = []
    for file_name, database, searched_on, query_name in DEMO_SOURCES:
        query_path = examples / "queries" / query_name
        query = query_path.read_text(encoding="utf-8").strip() if query_path.is_file() else ""
        on_step(f"import {file_name} ({database})")
        imports.append(
            review.import_file(
                examples / file_name,
                ImportOptions(database=database, searched_on=searched_on, query=query),
            )
        )
    on_step("dedupe: merge sure duplicates, queue uncertain pairs")
    dedupe = review.dedupe()
    on_step("criteria apply: the REA template's rules")
    criteria = review.apply_criteria()
    return DemoRun(review=review, imports=imports, dedupe=dedupe, criteria=criteria)
