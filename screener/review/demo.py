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


# The synthesis stage of the demo: studies included and coded from this file of the
# examples (doi, field, value, page, reason), by this coder.
DEMO_CODING = "coding.csv"
DEMO_CODER = "demo"


@dataclass(frozen=True, slots=True)
class DemoRun:
    review: Review
    imports: list[ImportReport]
    dedupe: DedupeSummary
    criteria: ApplyReport
    coded_studies: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "review": str(self.review.root),
            "imports": [r.as_json() for r in self.imports],
            "dedupe": self.dedupe.as_json(),
            "criteria": self.criteria.as_json(),
            "coded_studies": self.coded_studies,
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
    on_step(f"synthesis: include the studies of {DEMO_CODING} and code them")
    coded = code_demo_studies(review, examples / DEMO_CODING)
    return DemoRun(
        review=review, imports=imports, dedupe=dedupe, criteria=criteria, coded_studies=coded
    )


def code_demo_studies(review: Review, path: Path) -> int:
    """Include the studies named (by DOI) in `path` at both stages and code them with its
    values, as the coder "demo"; the number of studies. The evidence table of the demo
    review shows exactly these values (see synthesis/values.py `cell_text`)."""
    import csv

    from screener.synthesis.values import CodingEntry

    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    by_doi = {
        record.doi: record.id
        for record, _ in review.select()
        if record.doi and record.id is not None
    }
    studies = list(dict.fromkeys(row["doi"] for row in rows))
    for doi in studies:
        for stage in ("title-abstract", "full-text"):
            review.decide(by_doi[doi], "include", stage=stage, reviewer=DEMO_CODER)
    entries = [
        CodingEntry(
            by_doi[row["doi"]],
            row["field"],
            DEMO_CODER,
            review.parse_coded_value(
                row["field"], row["value"], page=row["page"], reason=row["reason"]
            ),
            line,
        )
        for line, row in enumerate(rows, 2)
    ]
    review.code_entries(entries, file=str(path))
    return len(studies)
