"""RelevanceModel: a linear classifier over the TF-IDF matrix, retrained as decisions come.

Scoring is one sparse matrix-vector product (`margins`), so a review of 50,000 records is
re-ranked in milliseconds; `scores` maps the margins onto [0, 1] for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy
    from scipy.sparse import csr_matrix

    # Row numbers and labels come as lists from a review, as arrays from the simulation.
    Rows = Sequence[int] | numpy.ndarray
    Labels = Sequence[bool] | numpy.ndarray

# The classifier, chosen by simulation on the shared labelled sets (see the report of
# issue 17 and benchmarks/ranking_bench.py): a linear SVM, relevant records weighted as
# ASReview's default model weighs them (`relevant_heavy_weights`).
DEFAULT_KIND = "svm"
KINDS = ("logistic", "svm", "complement-nb", "sgd")


class RelevanceModel:
    """Predicted relevance of records from the decisions made so far."""

    def __init__(self, seed: int = 0, kind: str = DEFAULT_KIND) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown model {kind!r} (known: {', '.join(KINDS)})")
        self.seed = seed
        self.kind = kind
        self._coef: numpy.ndarray | None = None
        self._intercept = 0.0
        self._warm: Any = None

    @property
    def fitted(self) -> bool:
        return self._coef is not None

    def fit(self, matrix: csr_matrix, rows: Rows, labels: Labels) -> None:
        """Learn from the labelled `rows` of `matrix`; needs at least one of each label."""
        import numpy as np

        y = np.asarray(labels, dtype=np.int8)
        if y.size == 0 or y.min() == y.max():
            raise ValueError("the model needs at least one relevant and one irrelevant record")
        x = matrix[np.asarray(rows, dtype=np.intp)]
        if x.shape[1] == 0:
            # No term in two records or more: nothing tells records apart, every margin is 0.
            self._coef, self._intercept = np.zeros(0), 0.0
            return
        coef, intercept = _FITTERS[self.kind](self, x, y)
        self._coef = np.asarray(coef, dtype=np.float64).ravel()
        self._intercept = float(intercept)

    def margins(self, matrix: csr_matrix, rows: Rows | None = None) -> numpy.ndarray:
        """The classifier's raw margin for `rows` (all rows when None): higher is likelier
        relevant. The cheap form of `scores`, for ordering."""
        import numpy as np

        if self._coef is None:
            raise ValueError("the model is not fitted yet")
        x = matrix if rows is None else matrix[np.asarray(rows, dtype=np.intp)]
        return np.asarray(x @ self._coef, dtype=np.float64) + self._intercept

    def scores(self, matrix: csr_matrix, rows: Rows | None = None) -> numpy.ndarray:
        """Predicted relevance in [0, 1] for `rows` (all rows when None); higher first."""
        import numpy as np

        return 1.0 / (1.0 + np.exp(-self.margins(matrix, rows)))


# liblinear's default tolerance (1e-4) polishes weights far past what changes a ranking:
# 1e-2 gave the same simulated orders on the shared sets in 25% less time.
_TOLERANCE = 1e-2
SVM_C = 0.11
LOGISTIC_C = 3.0
# The relevant records together weigh this many times what the irrelevant ones weigh
# (ASReview ELAS u4's "balanced" sample weights, ratio 9.8). Against equal totals, on 10
# simulated reviews of each of the 17 shared sets (with the features of features.py):
# recall@10% 0.470 -> 0.497 on average, WSS@95 on ACE inhibitors 0.702 -> 0.752 and on
# Kitchenham 0.657 -> 0.671, the mean WSS@95 unchanged (0.371 -> 0.369).
RELEVANT_WEIGHT_RATIO = 9.8


def relevant_heavy_weights(y: Any, ratio: float = RELEVANT_WEIGHT_RATIO) -> dict[int, float]:
    """Class weights under which the relevant records together weigh `ratio` times the
    irrelevant ones, scaled so that all records weigh as many as there are (so C keeps its
    meaning whatever the share of relevant records)."""
    relevant = int(y.sum())
    irrelevant = len(y) - relevant
    scale = len(y) * ratio / (relevant * (ratio + 1))
    return {0: scale * relevant / (ratio * irrelevant), 1: scale}


def balanced_weights(y: Any) -> dict[int, float]:
    """Class weights that give both labels the same total weight, as scikit-learn's
    "balanced" does, without its per-fit overhead."""
    relevant = int(y.sum())
    return {0: len(y) / (2 * (len(y) - relevant)), 1: len(y) / (2 * relevant)}


def _fit_quietly(classifier: Any, x: Any, y: Any) -> tuple[Any, float]:
    from sklearn import config_context

    # The matrix is ours and finite: skip scikit-learn's scan of every value on each fit.
    with config_context(assume_finite=True):
        classifier.fit(x, y)
    return classifier.coef_, classifier.intercept_[0]


def _logistic(model: RelevanceModel, x: Any, y: Any) -> tuple[Any, float]:
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(
        C=LOGISTIC_C,
        class_weight=balanced_weights(y),
        solver="liblinear",
        tol=_TOLERANCE,
        random_state=model.seed,
    )
    return _fit_quietly(classifier, x, y)


def _svm(model: RelevanceModel, x: Any, y: Any) -> tuple[Any, float]:
    from sklearn.svm import LinearSVC

    classifier = LinearSVC(
        C=SVM_C, class_weight=relevant_heavy_weights(y), tol=_TOLERANCE, random_state=model.seed
    )
    return _fit_quietly(classifier, x, y)


def _complement_nb(model: RelevanceModel, x: Any, y: Any) -> tuple[Any, float]:
    import numpy as np
    from sklearn.naive_bayes import ComplementNB

    classifier = ComplementNB(alpha=0.1)
    classifier.fit(x, y)
    # Two classes: the margin is the difference of the class log weights (prior ignored,
    # as ComplementNB does by default).
    coef = classifier.feature_log_prob_[1] - classifier.feature_log_prob_[0]
    return np.asarray(coef), 0.0


def _sgd(model: RelevanceModel, x: Any, y: Any) -> tuple[Any, float]:
    from sklearn.linear_model import SGDClassifier

    classifier = SGDClassifier(
        loss="log_loss", alpha=1e-4, class_weight=balanced_weights(y), random_state=model.seed
    )
    return _fit_quietly(classifier, x, y)


_FITTERS = {
    "logistic": _logistic,
    "svm": _svm,
    "complement-nb": _complement_nb,
    "sgd": _sgd,
}
