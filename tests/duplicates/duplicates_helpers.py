"""Small reviews with duplicate groups: distinct studies, each exported one to three times
across two files, so that dedupe merges the copies of a study and nothing else."""

from __future__ import annotations

from pathlib import Path

from screener.review import Review
from screener.store import NoticeLink, Store
from screener.store.base import StoreBase

# (title, first author, year, pages): each a study of its own
STUDIES = (
    ("Help-seeking among people concerned about their sexual interest in children",
     "Okafor, Ngozi", 2021, "45-60"),
    ("Risk assessment instruments for online offending: a systematic review",
     "Lindqvist, Sara", 2019, "101-120"),
    ("Platform moderation and the detection of grooming conversations",
     "Ferreira, Joao", 2022, "7-19"),
    ("Sextortion of adolescents: a national survey of victimisation",
     "Nakamura, Hiro", 2020, "211-230"),
    ("Treatment outcomes of a group programme for online offenders",
     "Haddad, Leila", 2018, "55-71"),
    ("Police records of live-streamed abuse: a content analysis",
     "Brennan, Aoife", 2023, "300-318"),
)  # fmt: skip


def ris(path: Path, studies: list[int], *, upper: bool = False) -> Path:
    """A RIS file with the given studies (indexes into STUDIES), in that order."""
    lines: list[str] = []
    for index in studies:
        title, author, year, pages = STUDIES[index]
        first, last = pages.split("-")
        lines += ["TY  - JOUR", f"TI  - {title.upper() if upper else title}", f"AU  - {author}",
                  f"PY  - {year}", "T2  - Journal of Online Safety Research", "VL  - 12",
                  f"SP  - {first}", f"EP  - {last}", f"DO  - 10.5555/dup.{index}",
                  "ER  - ", ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build(review_dir: Path, first: list[int], second: list[int]) -> None:
    """Import `first` from psycinfo.ris and `second` from scopus.ris, then dedupe."""
    with Review.open(review_dir, actor="ana") as review:
        review.import_file(ris(review_dir.parent / "psycinfo.ris", first))
        review.import_file(ris(review_dir.parent / "scopus.ris", second, upper=True))
        review.dedupe()


def link_notice(review_dir: Path, notice: int, article: int, kind: str) -> None:
    """A notice link, as a dedupe rule would store it."""
    with Store.open(review_dir / "screener.db") as store, store.transaction():
        store.add_notice_links([NoticeLink(notice, article, kind)], run_id=None, actor="ana")


def forget_reasons(review_dir: Path) -> None:
    """Make the links look as links made before screener kept the engine's reasons."""
    with Store.open(review_dir / "screener.db") as store, store.transaction():
        _db(store).execute("UPDATE duplicate_links SET reasons = NULL, score = NULL")


def _db(store: StoreBase):  # the tests' one look behind the store's API
    return store._db
