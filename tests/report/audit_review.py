"""A small review that has been through everything the audit records: imports from two
databases and a citation search, a dedupe run (duplicates and an erratum beside its
article), a person's merge and unmerge, two criteria runs, a pilot round, dual screening
at both stages (agreement, a conflict and its resolution, an undo), a note kept, and a
sync from a colleague's copy (his decisions and his merge)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screener.review import ImportOptions, Review
from screener.review.settings import CRITERIA_FILE, SETTINGS_FILE

# (title, first author, year, DOI suffix): each a study of its own
STUDIES = (
    ("School-based prevention of online grooming: a cluster randomised trial",
     "Okafor, Ngozi", 2021, "s0"),
    ("Help-seeking by adolescents after online victimisation", "Lindqvist, Sara", 2019, "s1"),
    ("Moderation of live-streamed content on social platforms", "Ferreira, Joao", 2022, "s2"),
    ("Parental monitoring software and adolescent online risk", "Kowalski, Marta", 2017, "s3"),
    ("Digital safety curricula in primary schools: a cohort study", "Nakamura, Hiro", 2020,
     "s4"),
    ("Police records of online offending: a content analysis", "Brennan, Aoife", 2008, "s5"),
    ("Peer support forums for young people: a qualitative study", "Osei, Kwame", 2024, "s6"),
    ("Age verification on social platforms: an evaluation", "Moreau, Claire", 2013, "s7"),
    ("Reporting tools for children on gaming platforms", "Haddad, Leila", 2023, "s8"),
)  # fmt: skip

# file -> (studies, an erratum of this study or None)
EXPORTS = {
    "pubmed.ris": ((0, 1, 2, 3, 4, 5), None),
    "scopus.ris": ((0, 1, 6, 7), 3),
    "citations.ris": ((8,), None),
}

CRITERIA = """
[[rule]]
id = "years"
kind = "year"
min = {min_year}
action = "exclude"
reason = "published before {min_year}"

[reasons]
population = "not children or adolescents"
design = "not empirical research"
"""


def write_export(folder: Path, name: str) -> Path:
    studies, erratum = EXPORTS[name]
    lines: list[str] = []
    for n, index in enumerate(studies, 1):
        title, author, year, doi = STUDIES[index]
        lines += ["TY  - JOUR", f"ID  - {name.split('.')[0]}-{n}", f"TI  - {title}",
                  f"AU  - {author}", f"PY  - {year}", "T2  - Journal of Online Safety",
                  "VL  - 12", f"SP  - {100 + index}", f"DO  - 10.5555/audit.{doi}",
                  "ER  - ", ""]  # fmt: skip
    if erratum is not None:
        title, author, year, doi = STUDIES[erratum]
        lines += ["TY  - JOUR", f"ID  - {name.split('.')[0]}-erratum", f"TI  - Erratum: {title}",
                  f"AU  - {author}", f"PY  - {year}", "T2  - Journal of Online Safety",
                  "VL  - 13", "SP  - 9", "ER  - ", ""]  # fmt: skip
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def set_criteria(review_dir: Path, min_year: int) -> None:
    (review_dir / CRITERIA_FILE).write_text(CRITERIA.format(min_year=min_year), encoding="utf-8")


def new_review(folder: Path, actor: str) -> Path:
    """A review with two reviewers per record and the criteria above, its exports
    imported and deduplicated."""
    Review.create(folder, title="Online safety REA", actor=actor).close()
    settings = folder / SETTINGS_FILE
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("reviewers_per_record = 1", "reviewers_per_record = 2"))
    set_criteria(folder, 2010)
    files = folder.parent / f"{folder.name}-exports"
    files.mkdir()
    with Review.open(folder, actor=actor) as review:
        review.import_file(write_export(files, "pubmed.ris"), ImportOptions(database="PubMed"))
        review.import_file(write_export(files, "scopus.ris"), ImportOptions(database="Scopus"))
        review.import_file(write_export(files, "citations.ris"), ImportOptions(method="citation"))
        review.dedupe()
    return folder


def study(review: Review, index: int) -> int:
    """The canonical record of a study (first its title, never the erratum)."""
    title = STUDIES[index][0]
    found = next(r for r in review.records() if r.title == title)
    return review.canonical_of(found.id) or found.id


@dataclass(frozen=True)
class Built:
    review: Path  # Ana's copy, where everything happened
    colleague: Path  # Dan's copy, synced into Ana's through `shared`
    shared: Path


def build(tmp_path: Path) -> Built:
    ana_dir = new_review(tmp_path / "ana" / "review", "ana")
    dan_dir = new_review(tmp_path / "dan" / "review", "dan")
    shared = tmp_path / "team"
    shared.mkdir()
    with Review.open(ana_dir, actor="ana") as review:
        review.sync(shared)  # Dan's copy joins Ana's review
        review.merge(study(review, 6), study(review, 7), reason="same cohort")
        review.unmerge(study(review, 7))
        review.apply_criteria()
    set_criteria(ana_dir, 2015)  # the criteria change: a second run excludes more
    with Review.open(ana_dir, actor="ana") as review:
        review.apply_criteria()
        review.create_pilot(3, seed=7)
        for record_id in review.pilot_record_ids():
            review.decide(record_id, "include", stage="pilot")
        screen_both_stages(review)
        review.keep_notes("ana", "title-abstract", {study(review, 4): "ask about the setting"})
    with Review.open(dan_dir, actor="dan") as review:
        review.sync(shared, join=True)
        review.decide(study(review, 4), "include", reviewer="dan")  # agrees with Ana's include
        review.merge(study(review, 6), study(review, 8), reason="a report of the same study")
        review.sync(shared)
    with Review.open(ana_dir, actor="ana") as review:
        review.sync(shared)
    return Built(ana_dir, dan_dir, shared)


def screen_both_stages(review: Review) -> None:
    s0, s1, s2, s4, s6 = (study(review, i) for i in (0, 1, 2, 4, 6))
    ft = "full-text"
    for reviewer in ("ana", "ben"):  # agreement at both stages: included
        review.decide(s0, "include", reviewer=reviewer)
        review.decide(s0, "include", stage=ft, reviewer=reviewer)
        review.decide(s6, "exclude", reviewer=reviewer, reason="design")  # excluded
    review.decide(s1, "include", reviewer="ana")  # a conflict, resolved by Carl
    review.decide(s1, "exclude", reviewer="ben", reason="population")
    review.resolve(s1, "include", adjudicator="carl", note="population is in scope")
    review.decide(s1, "not-retrieved", stage=ft, reviewer="ana")
    review.decide(s1, "not-retrieved", stage=ft, reviewer="ben")
    review.decide(s2, "include", reviewer="ana")
    review.decide(s2, "include", reviewer="ben")
    review.decide(s2, "exclude", stage=ft, reviewer="ana", reason="design")
    review.decide(s2, "exclude", stage=ft, reviewer="ben", reason="design")
    review.decide(s4, "maybe", reviewer="ana")
    review.undo(reviewer="ana")  # the maybe taken back
    review.decide(s4, "include", reviewer="ana")  # awaits Dan
