"""Two copies of one review, as a team builds them: the same exports, imported in another
order (so local ids differ) and under other file names, then deduplicated."""

from __future__ import annotations

from pathlib import Path

from screener.review import Review
from screener.sync import RecordRef, portable_refs

# (title, first author, year): each a study of its own
STUDIES = (
    ("Help-seeking among people concerned about their sexual interest in children",
     "Okafor, Ngozi", 2021),
    ("Risk assessment instruments for online offending: a systematic review",
     "Lindqvist, Sara", 2019),
    ("Platform moderation and the detection of grooming conversations", "Ferreira, Joao", 2022),
    ("Sextortion of adolescents: a national survey of victimisation", "Nakamura, Hiro", 2020),
    ("Treatment outcomes of a group programme for online offenders", "Haddad, Leila", 2018),
    ("Police records of live-streamed abuse: a content analysis", "Brennan, Aoife", 2023),
    ("Parental monitoring software and adolescent online risk", "Kowalski, Marta", 2017),
    ("Peer support forums for desisting offenders: a qualitative study", "Osei, Kwame", 2024),
    ("Age verification on social platforms: an evaluation", "Moreau, Claire", 2016),
)  # fmt: skip

# file name -> the studies it holds; records without an ID of their own where `ids` is False
EXPORTS = {
    "psycinfo.ris": ([0, 1, 2, 3, 4, 5], True),
    "scopus.ris": ([6, 0, 1, 2, 3], False),
    "pubmed.ris": ([7, 4, 2, 8], True),
}


def write_export(folder: Path, name: str, *, as_name: str | None = None) -> Path:
    studies, ids = EXPORTS[name]
    lines: list[str] = []
    for n, index in enumerate(studies, 1):
        title, author, year = STUDIES[index]
        lines += ["TY  - JOUR", f"TI  - {title}", f"AU  - {author}", f"PY  - {year}",
                  "T2  - Journal of Online Safety Research",
                  f"DO  - 10.5555/team.{index}"]  # fmt: skip
        if ids:
            lines.append(f"ID  - {name.split('.')[0]}-{n}")
        lines += ["ER  - ", ""]
    path = folder / (as_name or name)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def make_copy(root: Path, order: list[str], *, actor: str, renamed: bool = False) -> Path:
    """A review folder at `root` importing the exports in `order`, then deduplicated;
    `renamed`: each file saved under another name (as a colleague's download may be)."""
    root.mkdir(parents=True)
    Review.create(root / "review", title="Team", actor=actor).close()
    with Review.open(root / "review", actor=actor) as review:
        for name in order:
            saved = f"export-{name}" if renamed else name
            review.import_file(write_export(root, name, as_name=saved))
        review.dedupe()
    return root / "review"


def refs(review: Review) -> dict[int, RecordRef]:
    return portable_refs(review._store.record_places())


def portable_state(folder: Path) -> dict[str, object]:
    """What both copies must agree on, by portable key: duplicate groups, decision rows,
    current decisions, statuses, conflicts and agreement figures."""
    with Review.open(folder) as review:
        ref = refs(review)
        groups = {
            ref[head]: frozenset(ref[m] for m in members)
            for head, members in review.duplicate_groups().items()
        }
        rows = {
            (r.uuid, ref[r.record_id], r.stage, r.reviewer, r.verdict, r.reason, r.kind, r.undoes)
            for r in review._store.decision_rows()
        }
        current = {
            (ref[d.record_id], d.stage, d.reviewer, d.verdict, d.reason) for d in review.decisions()
        }
        statuses = {ref[rid]: status for rid, status in review.statuses().items()}
        conflicts = {
            (ref[c.record_id], c.stage, tuple(sorted((d.reviewer, d.verdict) for d in c.verdicts)))
            for c in review.conflicts()
        }
        figures = review.agreement().as_json()
    return {
        "groups": groups,
        "rows": rows,
        "current": current,
        "statuses": statuses,
        "conflicts": conflicts,
        "agreement": figures,
    }


def record_of(folder: Path, name: str, position: int) -> int:
    """The id, in the copy at `folder`, of the `position`-th record (1-based) read from
    the export `name` (whatever name the copy saved it under), as its canonical record."""
    with Review.open(folder) as review:
        sources = {Path(s.path).name.removeprefix("export-"): s.id for s in review.sources()}
        found = [r for r in review.records() if r.source_id == sources[name]]
        record = found[position - 1]
        return review.canonical_of(record.id) or record.id
