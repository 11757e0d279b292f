"""The text of a record and its feature matrix: TF-IDF over word 1-2-grams.

The vectoriser is fitted once per review (on every record's text, labels play no part), so
the matrix can be cached beside the store and reused by every retraining. Its settings are
ASReview's default model's (ELAS u4, chosen by its authors on the SYNERGY sets, not ours);
measured against our earlier choice (terms in two records or more) see model.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# The version of these features: a review's cached matrix is rebuilt when it changes.
FEATURES_VERSION = "2"
# Terms in a single record are kept (as ASReview keeps them): they say nothing a classifier
# generalises from, but they weigh in the record's length normalisation and give the
# classifier a way to fit that one record without bending the weights of shared terms.
# With the sample weights of model.py this raised WSS@95 on ACE inhibitors from 0.70 to
# 0.75 in simulation. They are kept folded (`_fold_own_terms`), which costs nothing.
MIN_RECORDS_PER_TERM = 1
# A term in more than this share of the records tells none of them apart.
MOST_RECORDS_SHARE = 0.95


def record_text(title: str | None, abstract: str | None, keywords: Sequence[str]) -> str:
    """Title, abstract and keywords as one text, the input of `build_features`."""
    parts = [title or "", abstract or "", " ".join(keywords)]
    return "\n".join(part for part in parts if part)


def build_features(texts: Sequence[str]) -> csr_matrix:
    """One L2-normalised TF-IDF row per text (word 1-2-grams, sublinear tf), float64 CSR:
    a column per term in two records or more, then one per record for its own terms."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=MIN_RECORDS_PER_TERM,
        max_df=MOST_RECORDS_SHARE,
        # No stop-word list: "of", "for", "in" carry the phrases ("review of", "tools for")
        # that tell apart the records of a review; dropping them cost 0.12 WSS@95 on
        # Kitchenham in simulation.
        strip_accents="unicode",
        dtype=np.float64,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:
        # No text at all, or only terms in (nearly) every record: nothing tells records
        # apart. An empty matrix ranks nothing better than chance, the honest answer.
        from scipy.sparse import csr_matrix as sparse

        return sparse((len(texts), 0), dtype=np.float64)
    return _fold_own_terms(matrix.tocsr())


def _fold_own_terms(matrix: csr_matrix) -> csr_matrix:
    """The matrix with the terms found in one record only folded into one column per
    record, holding their joint length (the root of their squared weights).

    No two records share such a column, so every product of two rows, and each row's
    length, is what it was: a linear classifier with an L2 penalty (the SVM, logistic
    regression) learns the same margins for every record (the same simulated orders),
    from a matrix a quarter as wide (Kitchenham: 34,562 columns instead of 131,484),
    in two thirds of the time.
    """
    import numpy as np
    from scipy.sparse import diags, hstack

    own = matrix.getnnz(axis=0) == 1
    if not own.any():
        return matrix
    own_length = np.sqrt(np.asarray(matrix[:, own].multiply(matrix[:, own]).sum(axis=1)))
    folded = diags(own_length.ravel(), format="csr")
    folded.eliminate_zeros()
    return hstack([matrix[:, ~own], folded], format="csr", dtype=np.float64)
