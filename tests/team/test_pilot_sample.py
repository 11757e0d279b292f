"""Drawing pilot samples: reproducible by seed, stratified by database in proportion, never a
merged duplicate, new records in a later round."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.errors import ScreenerError, UsageError
from screener.review import ImportOptions, Review
from screener.screening.pilot import allocate, draw_sample


def write_ris(path: Path, titles: list[str], doi_prefix: str) -> Path:
    lines = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Alex",
            "PY  - 2020",
            f"DO  - 10.5555/{doi_prefix}.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def titles(topic: str, count: int) -> list[str]:
    return [f"{topic} in school-aged children: cohort study number {n}" for n in range(count)]


@pytest.fixture
def review(review_dir: Path, tmp_path: Path):
    """60 records from PubMed, 30 from Scopus, 10 from ERIC."""
    with Review.open(review_dir, actor="lead") as opened:
        for name, count in (("PubMed", 60), ("Scopus", 30), ("ERIC", 10)):
            path = write_ris(tmp_path / f"{name}.ris", titles(f"Reading {name}", count), name)
            opened.import_file(path, ImportOptions(database=name))
        yield opened


def databases_of(review: Review, ids: tuple[int, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in review.records(sorted(ids)):
        counts[record.database] = counts.get(record.database, 0) + 1
    return counts


def test_the_same_seed_draws_the_same_sample(review_dir: Path, tmp_path: Path) -> None:
    samples = []
    for copy in ("a", "b"):
        folder = tmp_path / copy
        Review.create(folder, template="blank", actor="lead").close()
        with Review.open(folder, actor="lead") as opened:
            opened.import_file(write_ris(tmp_path / f"{copy}.ris", titles("Sleep", 40), "s"))
            samples.append(opened.create_pilot(10, seed=42).sample.record_ids)
    assert samples[0] == samples[1]
    assert len(set(samples[0])) == 10


def test_the_same_seed_draws_the_same_records_whatever_the_import_order(
    review_dir: Path, tmp_path: Path
) -> None:
    files = {
        name: write_ris(tmp_path / f"{name}.ris", titles(f"Sleep {name}", 20), name)
        for name in ("PubMed", "Scopus")
    }
    samples = []
    for copy, order in (("a", ["PubMed", "Scopus"]), ("b", ["Scopus", "PubMed"])):
        folder = tmp_path / copy
        Review.create(folder, template="blank", actor="lead").close()
        with Review.open(folder, actor="lead") as opened:
            for name in order:
                opened.import_file(files[name])
            drawn = opened.create_pilot(8, seed=7).sample.record_ids
            samples.append([r.key for r in opened.records(drawn)])
    assert sorted(samples[0]) == sorted(samples[1])


def test_another_seed_draws_another_sample(review: Review) -> None:
    first = set(draw_sample(dict.fromkeys(range(100), ""), 10, seed=1).record_ids)
    second = set(draw_sample(dict.fromkeys(range(100), ""), 10, seed=2).record_ids)
    assert first != second


def test_a_seed_is_chosen_kept_and_given_back_when_none_is_given(review: Review) -> None:
    draw = review.create_pilot(10)
    assert review.pilot_rounds()[0].seed == draw.sample.seed
    assert not draw.seed_given
    # The kept seed draws the sample again: the round that says it, after the first.
    other = review.create_pilot(10, seed=draw.sample.seed, round=2)
    assert other.sample.seed == draw.sample.seed


def test_by_database_the_sample_follows_each_databases_share(review: Review) -> None:
    draw = review.create_pilot(20, seed=3, by_database=True)
    assert databases_of(review, draw.sample.record_ids) == {"PubMed": 12, "Scopus": 6, "ERIC": 2}
    assert ("ERIC", 10, 2) in draw.sample.allocation


def test_by_database_a_small_database_still_gets_one_record(review: Review) -> None:
    # ERIC's share of 5 records is 0.5: it still gets one, taken from the largest share.
    draw = review.create_pilot(5, seed=3, by_database=True)
    assert databases_of(review, draw.sample.record_ids) == {"PubMed": 3, "Scopus": 1, "ERIC": 1}


@given(
    strata=st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(1, 50), min_size=1),
    data=st.data(),
)
def test_allocation_is_proportional_and_gives_every_database_one(strata, data) -> None:
    total = sum(strata.values())
    size = data.draw(st.integers(1, total))
    places = allocate(strata, size)
    assert sum(places.values()) == size
    assert all(0 <= places[name] <= strata[name] for name in strata)
    if size >= len(strata):
        assert all(places[name] >= 1 for name in strata)
        # nobody is more than one place (plus the one guaranteed) off their share
        assert all(abs(places[name] - size * strata[name] / total) < 2 for name in strata)


def test_merged_duplicates_are_never_drawn(review_dir: Path, tmp_path: Path) -> None:
    with Review.open(review_dir, actor="lead") as opened:
        opened.import_file(write_ris(tmp_path / "a.ris", titles("Bullying", 12), "b"))
        copy = write_ris(tmp_path / "b.ris", titles("Bullying", 12), "b")
        copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another file
        opened.import_file(copy)
        opened.dedupe()
        merged = {rid for rid, s in opened.statuses().items() if s == "duplicate"}
        assert len(merged) == 12
        draw = opened.create_pilot(12, seed=5)
        assert not merged & set(draw.sample.record_ids)
        with pytest.raises(ScreenerError, match="larger than the 12 records"):
            opened.create_pilot(13, seed=5, round=2)


def test_a_second_round_draws_records_the_first_did_not(review: Review) -> None:
    first = review.create_pilot(30, seed=1)
    second = review.create_pilot(30, seed=1, round=2)
    assert second.round == 2
    assert not set(first.sample.record_ids) & set(second.sample.record_ids)
    assert second.sample.redrawn == 0
    assert review.pilot_record_ids(1) == list(first.sample.record_ids)


def test_a_round_redraws_earlier_records_only_when_too_few_are_left(review: Review) -> None:
    review.create_pilot(90, seed=1)
    second = review.create_pilot(15, seed=1, round=2)
    assert second.sample.redrawn == 5
    assert len(set(second.sample.record_ids)) == 15


def test_each_round_is_one_audited_transaction(review: Review) -> None:
    review.create_pilot(10, seed=9)
    entries = [details for _, _, command, details in review.audit() if command == "pilot-create"]
    assert entries == [
        {
            "round": 1,
            "size": 10,
            "seed": 9,
            "from_status": "title-abstract",
            "by_database": False,
            "redrawn": 0,
        }
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"size": 0}, UsageError, "at least 1 record, not 0"),
        ({"size": 101}, ScreenerError, "larger than the 100 records"),
        ({"size": 5, "round": 3}, ScreenerError, "the next pilot round is 1, not 3"),
        ({"size": 5, "from_status": "duplicate"}, UsageError, "cannot be drawn from status"),
    ],
)
def test_bad_draws_are_refused_and_store_nothing(review: Review, kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        review.create_pilot(**kwargs)
    assert review.pilot_rounds() == []


def test_a_round_is_drawn_once(review: Review) -> None:
    review.create_pilot(5, seed=1)
    with pytest.raises(ScreenerError, match="pilot round 1 exists already; the next round is 2"):
        review.create_pilot(5, seed=1, round=1)


def test_a_new_round_while_the_last_is_unscreened_needs_its_number(review: Review) -> None:
    review.create_pilot(5, seed=1)
    with pytest.raises(ScreenerError, match="round 1 has no pilot decision yet"):
        review.create_pilot(5, seed=2)
    assert len(review.pilot_rounds()) == 1
    assert review.create_pilot(5, seed=2, round=2).round == 2
