from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from screener.review import Review
from screener.review.settings import STORE_FILE
from screener.store import Store

STUDIES = [
    ("Help-seeking among people concerned about their sexual interest in children: a survey",
     "Okafor, Ngozi", "2021", "10.5555/demo.1", "45-60"),
    ("Risk assessment instruments for online offending: a systematic review",
     "Lindqvist, Sara", "2019", "10.5555/demo.2", "101-120"),
    ("Platform moderation and the detection of grooming conversations",
     "Ferreira, Joao", "2022", "10.5555/demo.3", "7-19"),
]  # fmt: skip


def _ris(path: Path, rows: list[tuple[str, str, str, str, str]], *, upper: bool = False) -> Path:
    lines = []
    for title, author, year, doi, pages in rows:
        first, last = pages.split("-")
        lines += ["TY  - JOUR", f"TI  - {title.upper() if upper else title}", f"AU  - {author}",
                  f"PY  - {year}", "T2  - Journal of Online Safety Research", "VL  - 12",
                  f"SP  - {first}", f"EP  - {last}", f"DO  - {doi}", "ER  - ", ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def review(review_dir: Path, tmp_path: Path):
    with Review.open(review_dir, actor="ana") as opened:
        opened.import_file(_ris(tmp_path / "psycinfo.ris", STUDIES))
        opened.import_file(_ris(tmp_path / "scopus.ris", STUDIES[:2], upper=True))
        yield opened


def test_dedupe_links_copies_across_imports_and_counts_per_source(review: Review) -> None:
    summary = review.dedupe()
    assert (summary.records, summary.merged) == (5, 2)
    statuses = review.statuses()
    assert statuses == {1: "title-abstract", 2: "title-abstract", 3: "title-abstract",
                        4: "duplicate", 5: "duplicate"}  # fmt: skip
    assert review.duplicates_per_source() == {2: 2}
    assert [r.id for r, _ in review.select()] == [1, 2, 3]


def test_a_second_run_changes_nothing(review: Review) -> None:
    review.dedupe()
    again = review.dedupe()
    assert again.merged == 0
    assert len(review.duplicate_links()) == 2


def test_unmerge_restores_exactly_and_is_not_undone_by_a_rerun(review: Review) -> None:
    before = review.statuses()
    review.dedupe()
    assert review.unmerge(4).freed == (4,)
    after = review.statuses()
    assert after[4] == before[4] == "title-abstract"
    assert after[5] == "duplicate"
    review.dedupe()
    assert review.statuses()[4] == "title-abstract"
    assert review.record_count() == 5  # nothing deleted


def test_export_writes_one_merged_record_per_group(review: Review, tmp_path: Path) -> None:
    review.dedupe()
    out = tmp_path / "all.csv"
    with out.open("w", encoding="utf-8", newline="") as stream:
        assert review.export(stream, "csv") == 3


def test_stateless_dedupe_writes_merged_groups_and_pairs(tmp_path: Path, cli) -> None:
    a = _ris(tmp_path / "a.ris", STUDIES)
    b = _ris(tmp_path / "b.ris", STUDIES[:2], upper=True)
    out, groups = tmp_path / "merged.ris", tmp_path / "groups.csv"
    pairs = tmp_path / "pairs.csv"
    result = cli("dedupe", a, b, "-o", out, "--groups", groups, "--pairs", pairs, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["records"], summary["merged"], summary["written"]) == (5, 2, 3)
    with groups.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["key"] for r in rows} == {"a.ris#1", "a.ris#2", "b.ris#1", "b.ris#2"}
    assert len({r["group"] for r in rows}) == 2
    assert out.read_text(encoding="utf-8").count("TY  - ") == 3
    assert pairs.read_text(encoding="utf-8").startswith("key_a,key_b,score")


def test_stateless_dedupe_says_what_it_did_in_one_plain_line(tmp_path: Path, cli) -> None:
    a = _ris(tmp_path / "a.ris", STUDIES)
    b = _ris(tmp_path / "b.ris", STUDIES[:2], upper=True)
    result = cli("dedupe", a, b, "-o", tmp_path / "merged.ris")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("5 records -> 3 after merging 2 duplicates in 2 groups;")
    assert "\x1b" not in line and "\n" not in line


def test_pair_review_by_keys_merges_and_undoes(review: Review, review_dir: Path, cli) -> None:
    pairs = [(1, 3, 0.7, ("titles differ",)), (2, 3, 0.6, ("years differ",))]
    with Store.open(review_dir / STORE_FILE) as store, store.transaction():
        store.add_pair_reviews(pairs, run_id=None)
    keys = "d\nu\nn\nd\n"  # merge, undo it, call it distinct, then merge the second pair
    result = cli("duplicates", "review", "--plain", "--review", review_dir, input=keys)
    assert result.exit_code == 0, result.stderr
    assert review.duplicate_links() == {3: 2}
    verdicts = {(p.a_id, p.b_id): p.verdict for p in review.pairs(open_only=False)}
    assert verdicts == {(1, 3): "distinct", (2, 3): "duplicate"}
    assert review.pairs() == []
    assert "1 marked duplicate, 1 not duplicate" in result.stderr
    # the keys are shown as typed, not read as markup ("[s]" would strike the rest through)
    assert "[d] duplicate  [n] not a duplicate  [s] skip  [u] undo  [q] quit" in result.stdout


def test_export_of_status_duplicate_gives_the_merged_members(
    review: Review, review_dir: Path, tmp_path: Path, cli
) -> None:
    review.dedupe()
    out = tmp_path / "duplicates.csv"
    result = cli("export", "--status", "duplicate", "-o", out, "--review", review_dir)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(int(row["id"]) for row in rows) == [4, 5]
    assert {row["status"] for row in rows} == {"duplicate"}


def test_pair_review_with_json_keeps_stdout_for_the_summary(
    review: Review, review_dir: Path, cli
) -> None:
    with Store.open(review_dir / STORE_FILE) as store, store.transaction():
        store.add_pair_reviews([(1, 3, 0.7, ("titles differ",))], run_id=None)
    result = cli("duplicates", "review", "--plain", "--json", "--review", review_dir, input="n\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"duplicate": 0, "distinct": 1, "skipped": 0, "open": 0}
    assert "Pair 1 of 1" in result.stderr


def test_dedupe_takes_a_review_or_files_not_both(review_dir: Path, tmp_path: Path, cli) -> None:
    a = _ris(tmp_path / "a.ris", STUDIES)
    both = cli("dedupe", a, "-o", tmp_path / "m.ris", "--review", review_dir)
    assert both.exit_code == 2 and "not both" in both.stderr
    loose = cli("dedupe", "--format", "ris", "--review", review_dir)
    assert loose.exit_code == 2 and "go with input FILEs" in loose.stderr
