"""Small reviews for the PRISMA counts: studies exported by several searches (the same study
in two files is a duplicate dedupe merges), a criteria file with one exclusion rule and a
few reasons, and decisions made through `Review` as reviewers would make them."""

from __future__ import annotations

from pathlib import Path

from screener.review import ImportOptions, Review

# Each a study of its own (distinct titles, DOIs and first authors): (title, author, year).
STUDIES = (
    ("Help-seeking among people concerned about their sexual interest in children",
     "Okafor, Ngozi", 2021),
    ("Risk assessment instruments for online offending: a systematic review",
     "Lindqvist, Sara", 2019),
    ("Platform moderation and the detection of grooming conversations",
     "Ferreira, Joao", 2022),
    ("Sextortion of adolescents: a national survey of victimisation",
     "Nakamura, Hiro", 2020),
    ("Treatment outcomes of a group programme for online offenders",
     "Haddad, Leila", 2018),
    ("Police records of live-streamed abuse: a content analysis",
     "Brennan, Aoife", 2023),
    ("Desistance narratives of men convicted of image offences",
     "Moreau, Claire", 2017),
    ("Peer reporting of harmful messages in secondary schools",
     "Osei, Kwame", 2016),
    ("Telephone counselling demand before and after a prevention campaign",
     "Varga, Eszter", 1996),
    ("Forensic examination of seized devices: time to report",
     "Silva, Mariana", 2015),
    ("Parental monitoring software and adolescent online risk",
     "Kowalski, Piotr", 2024),
    ("Victim support pathways after online image abuse",
     "Adeyemi, Tunde", 2014),
)  # fmt: skip

CRITERIA = """
[[rule]]
id = "years"
kind = "year"
min = 2000
action = "exclude"
reason = "published before 2000"

[reasons]
population = "not perpetrators of online-facilitated abuse"
design = "not empirical research"
"""


def ris(path: Path, studies: list[int], *, erratum_of: int | None = None) -> Path:
    """A RIS file with the given studies (indexes into STUDIES), in that order; with
    `erratum_of`, an erratum of that study at the end."""
    lines: list[str] = []
    for index in studies:
        title, author, year = STUDIES[index]
        lines += ["TY  - JOUR", f"TI  - {title}", f"AU  - {author}", f"PY  - {year}",
                  "T2  - Journal of Online Safety Research", "VL  - 12", f"SP  - {10 + index}",
                  f"EP  - {20 + index}", f"DO  - 10.5555/prisma.{index}", "ER  - ", ""]  # fmt: skip
    if erratum_of is not None:
        title, author, year = STUDIES[erratum_of]
        lines += ["TY  - JOUR", f"TI  - Erratum: {title}", f"AU  - {author}", f"PY  - {year}",
                  "T2  - Journal of Online Safety Research", "VL  - 12", "SP  - 99",
                  f"DO  - 10.5555/erratum.{erratum_of}", "ER  - ", ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def new_review(root: Path, *, reviewers_per_record: int = 1) -> Path:
    """A review folder with CRITERIA as its criteria file."""
    folder = root / "review"
    Review.create(folder, title="Online offending REA", actor="ana").close()
    (folder / "criteria.toml").write_text(CRITERIA, encoding="utf-8")
    if reviewers_per_record != 1:
        settings = folder / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace(
                "reviewers_per_record = 1", f"reviewers_per_record = {reviewers_per_record}"
            ),
            encoding="utf-8",
        )
    return folder


def add_search(
    review: Review,
    name: str,
    studies: list[int],
    *,
    database: str = "",
    method: str = "database",
    erratum_of: int | None = None,
) -> None:
    """Import `studies` as the file `name` found by `method` (in `database`)."""
    path = ris(review.root.parent / name, studies, erratum_of=erratum_of)
    review.import_file(path, ImportOptions(database=database, method=method))


def ids_by_study(review: Review) -> dict[int, int]:
    """study index -> the canonical record holding it (errata left out)."""
    titles = {title: index for index, (title, _, _) in enumerate(STUDIES)}
    found = {}
    for record, _ in review.select():
        if record.title in titles:
            found[titles[record.title]] = record.id
    return found


def erratum_id(review: Review) -> int:
    """The canonical record of the (one) erratum."""
    return next(r.id for r, _ in review.select() if r.title.startswith("Erratum"))


def screen(
    review: Review,
    studies: dict[int, str],
    *,
    stage: str = "title-abstract",
    reviewer: str = "ana",
    reasons: dict[int, str] | None = None,
    notes: dict[int, str] | None = None,
) -> None:
    """One reviewer's verdict on each study (by index) at `stage`, with reasons and notes."""
    ids = ids_by_study(review)
    for index, verdict in studies.items():
        review.decide(
            ids[index],
            verdict,
            stage=stage,
            reviewer=reviewer,
            reason=(reasons or {}).get(index, ""),
            note=(notes or {}).get(index, ""),
        )
