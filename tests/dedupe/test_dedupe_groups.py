"""Groups, the transitive-merge guard, canonical records and the pipeline end to end."""

from __future__ import annotations

import csv
import itertools
import random
from dataclasses import replace
from pathlib import Path

import pytest

from screener.dedupe import find_duplicates, merge_group
from screener.dedupe.blocking import MAX_BLOCK, WINDOW, candidate_pairs
from screener.dedupe.clusters import connected_groups, guarded_groups
from screener.dedupe.profile import profile
from screener.model import Record

BASE = Record(
    title="Cognitive rehabilitation after stroke: a randomised controlled trial of home visits",
    authors=("Zhai, Q. J.", "Yue, X. Y."),
    year=2010,
    journal="Journal of Neurology, Neurosurgery and Psychiatry",
    volume="81",
    pages="173-180",
    key="a",
)


def test_union_find_joins_chains_transitively() -> None:
    assert connected_groups(5, [(0, 1), (1, 2), (3, 4)]) == [[0, 1, 2], [3, 4]]


def test_guard_splits_a_chain_on_its_weakest_link() -> None:
    # 0~1 strongly, 1~2 weakly, and 0 and 2 are different works: the weak link goes.
    groups = guarded_groups(3, [(0, 1, 0.99), (1, 2, 0.8)], lambda a, b: (a, b) == (0, 2))
    assert groups == [[0, 1]]


def test_guard_result_does_not_depend_on_edge_order() -> None:
    edges = [(0, 1, 0.9), (1, 2, 0.9), (2, 3, 0.95), (3, 4, 0.7)]
    apart = lambda a, b: (a, b) == (0, 3)  # noqa: E731
    expected = guarded_groups(5, edges, apart)
    for order in itertools.permutations(edges):
        assert guarded_groups(5, list(order), apart) == expected


def test_erratum_between_two_exports_does_not_chain_them_to_its_article() -> None:
    erratum = replace(BASE, title="Erratum: " + BASE.title, pages="", key="erratum")
    records = [BASE, replace(BASE, journal="J Neurol Neurosurg Psychiatry", key="b"), erratum]
    assert find_duplicates(records).groups == [[0, 1]]


def test_merge_keeps_the_most_complete_value_of_every_field() -> None:
    sparse = replace(BASE, journal="J Neurol Neurosurg Psychiatry", pages="173-80", key="m")
    full = replace(
        BASE,
        abstract="Background: ...",
        doi="10.1/x",
        authors=(*BASE.authors, "Hong, Z."),
        key="e",
    )
    merged = merge_group([sparse, full])
    assert merged.journal == BASE.journal
    assert merged.pages == "173-180"
    assert merged.abstract == "Background: ..."
    assert merged.doi == "10.1/x"
    assert len(merged.authors) == 3


def test_merge_is_deterministic_whatever_the_order() -> None:
    members = [
        replace(BASE, key="x", extra={"note": ["one"]}, keywords=("stroke",)),
        replace(BASE, key="y", abstract="Longer abstract.", extra={"note": ["two"]}),
        replace(BASE, key="z", title=BASE.title.upper(), doi="10.1/y"),
    ]
    results = {merge_group(list(order)) for order in itertools.permutations(members)}
    assert len(results) == 1
    assert merge_group(members).extra["note"] == ["one", "two"]


def test_merge_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        merge_group([])


def test_oversized_blocks_grow_linearly() -> None:
    # 400 unrelated records by one prolific author in one year share a block.
    rng = random.Random(7)
    words = ["stroke", "aphasia", "gait", "memory", "therapy", "balance", "robot", "sleep"]
    records = [
        replace(BASE, title=" ".join(rng.choices(words, k=8)) + f" {i}", pages=str(i), key=str(i))
        for i in range(400)
    ]
    pairs = candidate_pairs([profile(r) for r in records])
    assert len(pairs) < 400 * (WINDOW + MAX_BLOCK)


def test_find_duplicates_reports_counts_and_progress() -> None:
    seen: list[str] = []
    records = [
        BASE,
        replace(BASE, key="b"),
        replace(BASE, title="Unrelated title on sleep", key="c"),
    ]
    result = find_duplicates(records, progress=lambda stage, done, total: seen.append(stage))
    assert result.groups == [[0, 1]]
    assert result.records == 3 and result.duplicates == 1
    assert {"profile", "compare"} <= set(seen)


def _load(folder: Path) -> tuple[list[Record], list[list[str]]]:
    with (folder / "records_pre_merged.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    records = [
        Record(
            key=row["ID"],
            title=row["title"],
            authors=tuple(a for a in row["author"].split(" and ") if a),
            year=int(row["year"]) if row["year"].isdigit() else None,
            journal=row["journal"] or row.get("booktitle", ""),
            volume=row["volume"],
            issue=row.get("issue", ""),
            pages=row["pages"],
            doi=row["doi"].lower(),
            abstract=row["abstract"],
            pub_type=row["ENTRYTYPE"],
        )
        for row in rows
    ]
    with (folder / "merged_record_ids.csv").open(encoding="utf-8") as stream:
        truth = [line.strip().strip('"').split(";") for line in list(stream)[1:] if line.strip()]
    return records, truth


def test_special_cases_set_finds_its_three_groups_and_nothing_else(shared_data: Path) -> None:
    folder = shared_data / "dedup" / "special_cases"
    if not folder.is_dir():
        pytest.skip("benchmark data not available")
    records, truth = _load(folder)
    found = [sorted(records[i].key for i in group) for group in find_duplicates(records).groups]
    assert sorted(found) == sorted(sorted(g) for g in truth)


def test_a_tie_of_types_goes_to_the_most_complete_member() -> None:
    book = Record(
        title="Community care in rural districts", authors=("Berg, K.",), year=1981,
        pub_type="book", isbn="9780000000001", abstract="A survey of services.", key="b",
    )  # fmt: skip
    article = Record(
        title="Community care in rural districts", authors=("Berg, K.",), year=1981,
        pub_type="article", key="a",
    )  # fmt: skip
    assert merge_group([article, book]).pub_type == "book"
    assert merge_group([book, article]).pub_type == "book"
