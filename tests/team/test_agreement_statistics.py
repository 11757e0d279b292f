"""The agreement statistics, each checked against values computed independently:
scikit-learn's `cohen_kappa_score`, statsmodels' `fleiss_kappa` and `cohens_kappa`, and the
worked examples their authors published."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.errors import UsageError
from screener.screening.agreement import (
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    measure_agreement,
)

VERDICTS = ("include", "exclude", "maybe")


def _reviewers(count: int, records: int, seed: int, *, kept: float = 0.7) -> dict:
    """`count` reviewers who mostly follow the first one's verdicts."""
    rnd = random.Random(seed)
    first = {r: rnd.choice(VERDICTS) for r in range(records)}
    others = [
        {r: v if rnd.random() < kept else rnd.choice(VERDICTS) for r, v in first.items()}
        for _ in range(count - 1)
    ]
    return {name: given for name, given in zip("abcdefg", [first, *others], strict=False)}


# -- Cohen's kappa and its interval -----------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cohen_kappa_matches_scikit_learn(seed: int) -> None:
    sklearn = pytest.importorskip("sklearn.metrics")
    verdicts = _reviewers(2, 300, seed)
    figures = measure_agreement(verdicts)
    records = sorted(verdicts["a"])
    expected = sklearn.cohen_kappa_score(
        [verdicts["a"][r] for r in records], [verdicts["b"][r] for r in records]
    )
    assert figures.cohen_kappa == pytest.approx(expected, abs=1e-12)


def test_kappa_interval_is_the_fleiss_cohen_everitt_standard_error() -> None:
    # statsmodels' cohens_kappa computes the asymptotic SE of Fleiss, Cohen & Everitt
    # (1969); its kappa_low / kappa_upp are kappa -/+ 1.96 SE.
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    import numpy as np

    verdicts = _reviewers(2, 250, seed=11)
    pairs = Counter((verdicts["a"][r], verdicts["b"][r]) for r in verdicts["a"])
    table = np.array([[pairs[(x, y)] for y in VERDICTS] for x in VERDICTS])
    reference = inter_rater.cohens_kappa(table)
    figures = measure_agreement(verdicts)
    assert figures.kappa_ci == pytest.approx((reference.kappa_low, reference.kappa_upp), abs=1e-9)


def test_kappa_interval_stays_within_minus_one_and_one() -> None:
    figures = measure_agreement(
        {
            "a": {1: "include", 2: "exclude", 3: "exclude"},
            "b": {1: "include", 2: "exclude", 3: "include"},
        }
    )
    assert figures.kappa_ci is not None
    assert -1 <= figures.kappa_ci[0] <= figures.kappa_ci[1] <= 1


# -- Fleiss' kappa ------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "seed"), [(3, 1), (4, 2), (5, 3)])
def test_fleiss_kappa_matches_statsmodels(count: int, seed: int) -> None:
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    import numpy as np

    verdicts = _reviewers(count, 200, seed, kept=0.6)
    names = sorted(verdicts)
    rows = np.array([[verdicts[n][r] for n in names] for r in sorted(verdicts["a"])])
    table, _ = inter_rater.aggregate_raters(rows)
    figures = measure_agreement(verdicts)
    assert figures.fleiss_kappa == pytest.approx(inter_rater.fleiss_kappa(table), abs=1e-12)


def test_fleiss_kappa_of_the_textbook_example_of_ten_subjects_and_fourteen_raters() -> None:
    # The worked example of the Wikipedia article "Fleiss' kappa" (10 subjects, 14 raters,
    # 5 categories): kappa = 0.210.
    rows = [
        (0, 0, 0, 0, 14),
        (0, 2, 6, 4, 2),
        (0, 0, 3, 5, 6),
        (0, 3, 9, 2, 0),
        (2, 2, 8, 1, 1),
        (7, 7, 0, 0, 0),
        (3, 2, 6, 3, 0),
        (2, 5, 3, 2, 2),
        (6, 5, 2, 1, 0),
        (0, 2, 2, 3, 7),
    ]
    units = [{str(k): n for k, n in enumerate(row) if n} for row in rows]
    assert fleiss_kappa(units) == pytest.approx(0.210, abs=5e-4)


# -- Krippendorff's alpha and Gwet's AC1: the published example ----------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, nominal values, missing data ("."). Gwet (2014), Handbook of
# Inter-Rater Reliability (4th ed.), analyses the same ratings (irrCAC's cac.raw4raters).
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def _published_units() -> list[Counter[str]]:
    columns = [row.split() for row in KRIPPENDORFF_2011.values()]
    return [Counter(c[u] for c in columns if c[u] != ".") for u in range(12)]


def test_krippendorff_alpha_of_krippendorffs_nominal_example() -> None:
    assert krippendorff_alpha(_published_units()) == pytest.approx(0.743, abs=5e-4)


def test_gwet_ac1_of_gwets_handbook_example() -> None:
    # Five categories; Gwet reports AC1 = 0.7754 for these ratings.
    assert gwet_ac1(_published_units(), categories=5) == pytest.approx(0.7754, abs=5e-5)


def test_gwet_ac1_stays_high_where_kappa_collapses_under_high_prevalence() -> None:
    # The kappa paradox Gwet's AC1 answers: 118 both yes, 5 yes/no, 2 no/yes, none both no.
    # AC1 worked by hand from Gwet (2008), two raters: pi = (123 + 120) / 250 = 0.972,
    # chance = 2 * 0.972 * 0.028 = 0.054432, AC1 = (0.944 - 0.054432) / 0.945568 = 0.9408.
    a = {r: "include" for r in range(125)}
    b = dict(a)
    for r in range(118, 123):
        b[r] = "exclude"
    for r in (123, 124):
        a[r] = "exclude"
    figures = measure_agreement({"a": a, "b": b})
    assert figures.percent == pytest.approx(118 / 125)
    assert figures.cohen_kappa is not None and figures.cohen_kappa < 0.0
    assert figures.gwet_ac1 == pytest.approx(0.9408, abs=5e-4)


# -- what is compared --------------------------------------------------------------------------


def test_only_records_every_reviewer_decided_are_compared() -> None:
    figures = measure_agreement(
        {
            "a": {1: "include", 2: "exclude", 3: "include"},
            "b": {2: "exclude", 3: "exclude", 4: "maybe"},
        }
    )
    assert figures.records == 2
    assert figures.percent == 0.5
    assert figures.conflicts == 1


def test_maybe_is_its_own_category_unless_folded() -> None:
    verdicts = {"a": {1: "maybe", 2: "exclude"}, "b": {1: "include", 2: "exclude"}}
    assert measure_agreement(verdicts).percent == 0.5
    assert measure_agreement(verdicts, maybe_as="include").percent == 1.0
    assert measure_agreement(verdicts, maybe_as="exclude").percent == 0.5


def test_maybe_folds_only_into_include_or_exclude() -> None:
    with pytest.raises(UsageError):
        measure_agreement({"a": {1: "maybe"}, "b": {1: "maybe"}}, maybe_as="maybe")


def test_three_reviewers_get_fleiss_krippendorff_and_a_table_of_pairs() -> None:
    figures = measure_agreement(_reviewers(3, 100, seed=5))
    assert figures.cohen_kappa is None
    assert figures.fleiss_kappa is not None and figures.krippendorff_alpha is not None
    assert [pair.reviewers for pair in figures.pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    assert all(pair.cohen_kappa is not None for pair in figures.pairs)


def test_a_pair_is_compared_over_the_records_both_decided() -> None:
    verdicts = {
        "a": {1: "include", 2: "exclude", 3: "exclude"},
        "b": {1: "include", 2: "exclude", 3: "exclude"},
        "c": {1: "include"},
    }
    figures = measure_agreement(verdicts)
    assert figures.records == 1
    assert figures.pairs[0].records == 3


def test_json_has_the_contract_keys() -> None:
    data = measure_agreement(_reviewers(3, 50, seed=2)).as_json()
    assert set(data) >= {
        "reviewers", "records", "percent_agreement", "cohen_kappa", "kappa_ci", "pabak",
        "gwet_ac1", "fleiss_kappa", "krippendorff_alpha", "conflicts", "pairs",
    }  # fmt: skip
    assert 0 <= data["percent_agreement"] <= 1  # type: ignore[operator]


# -- degenerate cases ----------------------------------------------------------------------------


def test_all_agreeing_on_one_category_leaves_kappa_undefined_and_says_why() -> None:
    figures = measure_agreement(
        {"a": {1: "exclude", 2: "exclude"}, "b": {1: "exclude", 2: "exclude"}}
    )
    assert figures.percent == 1.0
    assert figures.cohen_kappa is None and figures.kappa_ci is None
    assert figures.pabak == 1.0 and figures.gwet_ac1 == 1.0
    assert figures.notes == (
        "Cohen's kappa is undefined: every verdict is 'exclude', so agreement expected by"
        " chance is already 1 (0/0)",
    )


def test_three_agreeing_on_one_category_leave_fleiss_and_alpha_undefined() -> None:
    one = {1: "include", 2: "include"}
    figures = measure_agreement({"a": one, "b": one, "c": one})
    assert figures.fleiss_kappa is None and figures.krippendorff_alpha is None
    assert len(figures.notes) == 2
    assert all("every verdict is 'include'" in note for note in figures.notes)


def test_one_reviewer_only_is_said_in_one_line() -> None:
    figures = measure_agreement({"ana": {1: "include"}})
    assert figures.percent is None
    assert figures.notes == ("only one reviewer (ana) decided records here: agreement needs two",)


def test_no_records_in_common_is_said_in_one_line() -> None:
    figures = measure_agreement({"ana": {1: "include"}, "ben": {2: "include"}})
    assert figures.records == 0 and figures.percent is None
    assert figures.notes == ("no record was decided by every one of ana, ben",)


# -- properties ----------------------------------------------------------------------------------

verdict_lists = st.lists(st.sampled_from(VERDICTS), min_size=1, max_size=60)


@given(verdict_lists)
def test_kappa_of_a_reviewer_with_itself_is_one_when_defined(given_verdicts: list[str]) -> None:
    same = dict(enumerate(given_verdicts))
    figures = measure_agreement({"a": same, "b": same})
    if len(set(given_verdicts)) > 1:
        assert figures.cohen_kappa == pytest.approx(1.0)
    else:
        assert figures.cohen_kappa is None


@given(
    st.lists(st.tuples(*[st.sampled_from(VERDICTS)] * 3), min_size=1, max_size=60),
    st.permutations(["a", "b", "c"]),
)
def test_statistics_are_symmetric_in_reviewer_order(
    rows: list[tuple[str, ...]], order: list[str]
) -> None:
    columns = {name: {r: row[i] for r, row in enumerate(rows)} for i, name in enumerate("abc")}
    renamed = {order[i]: columns[name] for i, name in enumerate("abc")}
    straight, shuffled = measure_agreement(columns), measure_agreement(renamed)
    for field in ("percent", "pabak", "gwet_ac1", "fleiss_kappa", "krippendorff_alpha"):
        assert getattr(straight, field) == pytest.approx(getattr(shuffled, field))
    pair = measure_agreement({"x": columns["a"], "y": columns["b"]})
    swapped = measure_agreement({"x": columns["b"], "y": columns["a"]})
    assert pair.cohen_kappa == pytest.approx(swapped.cohen_kappa)
    assert pair.kappa_ci == pytest.approx(swapped.kappa_ci)


@given(
    st.lists(
        st.tuples(st.sampled_from(VERDICTS), st.sampled_from(VERDICTS)), min_size=1, max_size=80
    )
)
def test_percent_pabak_and_ac1_follow_their_formulas(rows: list[tuple[str, str]]) -> None:
    figures = measure_agreement(
        {"a": {r: x for r, (x, _) in enumerate(rows)}, "b": {r: y for r, (_, y) in enumerate(rows)}}
    )
    n = len(rows)
    observed = sum(1 for x, y in rows if x == y) / n
    q = max(2, len({v for row in rows for v in row}))
    assert figures.percent is not None and 0 <= figures.percent <= 1
    assert figures.percent == pytest.approx(observed)
    assert figures.pabak == pytest.approx((q * observed - 1) / (q - 1))
    # Gwet (2008), two raters: pi_k is the mean of the two raters' shares of category k.
    shares = {
        k: (sum(1 for x, _ in rows if x == k) + sum(1 for _, y in rows if y == k)) / (2 * n)
        for k in VERDICTS
    }
    chance = sum(p * (1 - p) for p in shares.values()) / (q - 1)
    assert figures.gwet_ac1 == pytest.approx((observed - chance) / (1 - chance))
