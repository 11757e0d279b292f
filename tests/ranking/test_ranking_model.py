"""The relevance model, the retraining schedule and the simulation that replays them."""

from __future__ import annotations

import pytest
from ranking_helpers import synthetic_set

from screener.ranking import metrics
from screener.ranking.features import build_features, record_text
from screener.ranking.model import RelevanceModel, relevant_heavy_weights
from screener.ranking.order import can_train, order_by_score
from screener.ranking.schedule import retrain_due, retrain_interval
from screener.ranking.simulate import simulate


@pytest.fixture(scope="module")
def labelled() -> tuple[object, list[bool]]:
    rows = synthetic_set()
    texts = [record_text(row["title"], row["abstract"], ()) for row in rows]
    return build_features(texts), [row["label_included"] == "1" for row in rows]


def test_record_text_joins_title_abstract_and_keywords() -> None:
    text = record_text("Exercise and mood", "A trial.", ["depression", "adults"])
    assert text == "Exercise and mood\nA trial.\ndepression adults"
    assert record_text(None, None, ()) == ""


def test_features_have_one_row_per_text_and_unit_length() -> None:
    matrix = build_features(["exercise for depression", "exercise and soil", "soil depression"])
    assert matrix.shape[0] == 3
    assert (abs(matrix.multiply(matrix).sum(axis=1) - 1.0) < 1e-9).all()


def test_model_ranks_an_unseen_relevant_record_above_an_unseen_irrelevant_one(
    labelled: tuple[object, list[bool]],
) -> None:
    matrix, labels = labelled
    relevant = [row for row, label in enumerate(labels) if label]
    irrelevant = [row for row, label in enumerate(labels) if not label]
    rows = relevant[:3] + irrelevant[:30]
    model = RelevanceModel(seed=1)
    model.fit(matrix, rows, [labels[row] for row in rows])
    scores = model.scores(matrix, [relevant[-1], irrelevant[-1]])
    assert scores.min() >= 0.0 and scores.max() <= 1.0
    assert scores[0] > scores[1]


def test_model_needs_both_labels() -> None:
    matrix = build_features(["a b", "c d", "e f"])
    with pytest.raises(ValueError, match="at least one relevant and one irrelevant"):
        RelevanceModel().fit(matrix, [0, 1], [True, True])


def test_simulated_screening_beats_random(labelled: tuple[object, list[bool]]) -> None:
    matrix, labels = labelled
    run = simulate(matrix, labels, seed=3)
    found = run.screened_labels
    # Random screening finds 10% of the relevant records in the first 10% and saves
    # nothing at 95% recall.
    assert metrics.recall_at(found, 0.10) > 0.5
    assert metrics.wss(found, 0.95) > 0.5
    assert sorted(run.order) == list(range(len(labels)))


def test_the_same_seed_gives_the_same_run_and_another_seed_other_priors(
    labelled: tuple[object, list[bool]],
) -> None:
    matrix, labels = labelled
    first = simulate(matrix, labels, seed=5)
    assert simulate(matrix, labels, seed=5).order == first.order
    assert simulate(matrix, labels, seed=6).order[:2] != first.order[:2]


def test_priors_are_one_relevant_and_one_irrelevant_by_default(
    labelled: tuple[object, list[bool]],
) -> None:
    matrix, labels = labelled
    run = simulate(matrix, labels, seed=2, prior_included=2, prior_excluded=3)
    assert run.priors == 5
    assert sorted(run.labels[:5]) == [False, False, False, True, True]


@pytest.mark.parametrize(
    ("decisions", "interval"),
    [(0, 1), (1, 1), (199, 1), (200, 2), (299, 2), (300, 3), (999, 9), (1000, 10), (50000, 10)],
)
def test_the_model_is_retrained_after_every_decision_then_at_most_every_ten(
    decisions: int, interval: int
) -> None:
    assert retrain_interval(decisions) == interval


def test_retraining_is_due_once_the_interval_has_passed() -> None:
    assert retrain_due(2, None)
    assert retrain_due(11, 10)
    assert not retrain_due(301, 300)
    assert retrain_due(303, 300)


def test_a_model_can_train_once_both_labels_are_there() -> None:
    assert not can_train([])
    assert not can_train([True, True])
    assert can_train([False, True])


def test_order_by_score_puts_high_scores_first_and_shuffles_ties_by_seed() -> None:
    scores = [0.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    order = order_by_score(scores, seed=1)
    assert order[:2] == [1, 3]
    assert sorted(order[2:]) == [0, 2, 4, 5, 6, 7]
    assert order == order_by_score(scores, seed=1)
    assert any(order_by_score(scores, seed=s)[2:] != order[2:] for s in range(2, 6))


def test_records_sharing_no_word_with_the_decided_ones_score_alike() -> None:
    matrix = build_features(["alpha", "beta", "gamma", "delta"])
    model = RelevanceModel()
    model.fit(matrix, [0, 1], [True, False])
    scores = model.scores(matrix).tolist()
    assert scores[0] > scores[2] == scores[3] > scores[1]


def test_texts_without_words_rank_at_random_without_failing() -> None:
    matrix = build_features(["", "", "", ""])
    model = RelevanceModel()
    model.fit(matrix, [0, 1], [True, False])
    assert model.scores(matrix).tolist() == [0.5] * 4


def test_a_term_in_nearly_every_record_is_not_a_feature() -> None:
    # "screening" is in every record; "record7" and "screening record7" in one each.
    texts = [f"screening record{i}" for i in range(30)]
    matrix = build_features(texts)
    # Each record's own terms fold into a column of its own.
    assert matrix.shape == (30, 30)
    assert build_features(texts[:1]).shape[1] == 0


def test_folding_a_records_own_terms_keeps_every_product_of_rows() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [
        "exercise therapy for depression in adults",
        "exercise and sleep quality in older adults",
        "soil nitrogen and crop yield",
        "group therapy for anxiety in adolescents",
    ]
    full = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")
    unfolded = full.fit_transform(texts)
    folded = build_features(texts)
    assert folded.shape[1] < unfolded.shape[1]
    assert abs((folded @ folded.T - unfolded @ unfolded.T).toarray()).max() < 1e-12


def test_relevant_records_together_outweigh_irrelevant_ones_by_the_ratio() -> None:
    import numpy as np

    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    weights = relevant_heavy_weights(y, ratio=4.0)
    assert weights[1] * 2 == pytest.approx(4.0 * weights[0] * 8)
    assert weights[1] * 2 + weights[0] * 8 == pytest.approx(10)
