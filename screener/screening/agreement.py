"""Inter-rater agreement between reviewers' verdicts: percent agreement, Cohen's kappa with
its confidence interval, PABAK, Gwet's AC1, Fleiss' kappa and Krippendorff's alpha.

Pure: verdicts in (reviewer -> {record id: verdict}), figures out. Every figure is computed
over the records that every compared reviewer decided; each verdict is a nominal category
(`maybe` is its own unless folded into include or exclude).

Formulas, with their sources:
- Cohen's kappa (Cohen 1960), its large-sample standard error from Fleiss, Cohen & Everitt
  (1969), "Large sample standard errors of kappa and weighted kappa", Psychological
  Bulletin 72(5); the 95% interval is kappa +/- 1.96 SE, clipped to [-1, 1].
- PABAK (Byrt, Bishop & Carlin 1993) generalised to q categories: (q * p_o - 1) / (q - 1),
  the same as Brennan & Prediger's free-marginal kappa; with three or more reviewers p_o is
  the mean pairwise agreement (Randolph 2005).
- Gwet's AC1 for several raters, in the form that allows units not every rater rated
  (Gwet 2008; Gwet 2014, Handbook of Inter-Rater Reliability).
- Fleiss' kappa (Fleiss 1971).
- Krippendorff's alpha, nominal, from the coincidence matrix (Krippendorff 2011,
  "Computing Krippendorff's Alpha-Reliability").
q, the number of categories, is the number of verdicts the compared reviewers gave, at least
two (a screening verdict always had two to choose from).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from screener.errors import UsageError

# What `maybe_as` may fold a `maybe` into.
FOLDS = ("include", "exclude")
MAYBE = "maybe"
Z_95 = 1.959963984540054

Verdicts = Mapping[str, Mapping[int, str]]
# One record's ratings as category -> how many reviewers gave it.
Unit = Mapping[str, int]
# Each pattern of verdicts (in reviewer order) -> how many records got it.
Ratings = Mapping[tuple[str, ...], int]


@dataclass(frozen=True, slots=True)
class AgreementFigures:
    """How far reviewers agree; a figure is None where it is undefined, and `notes` say why."""

    reviewers: tuple[str, ...]
    records: int  # records every compared reviewer decided
    percent: float | None  # share of those records on which all gave the same verdict
    cohen_kappa: float | None  # two reviewers only
    kappa_ci: tuple[float, float] | None
    pabak: float | None
    gwet_ac1: float | None
    fleiss_kappa: float | None  # three or more
    krippendorff_alpha: float | None  # three or more
    pairs: tuple[AgreementFigures, ...]  # pairwise, for three or more
    notes: tuple[str, ...]  # why a figure is undefined ("all agree on one category")

    @property
    def conflicts(self) -> int:
        """Records on which the compared reviewers' verdicts differ."""
        if self.percent is None:
            return 0
        return self.records - round(self.percent * self.records)

    def as_json(self) -> dict[str, object]:
        """The `screener agreement --json` object (keys of the command contract)."""
        return {
            "reviewers": list(self.reviewers),
            "records": self.records,
            "percent_agreement": _shown(self.percent),
            "cohen_kappa": _shown(self.cohen_kappa),
            "kappa_ci": [_shown(v) for v in self.kappa_ci] if self.kappa_ci is not None else None,
            "pabak": _shown(self.pabak),
            "gwet_ac1": _shown(self.gwet_ac1),
            "fleiss_kappa": _shown(self.fleiss_kappa),
            "krippendorff_alpha": _shown(self.krippendorff_alpha),
            "conflicts": self.conflicts,
            "pairs": [pair.as_json() for pair in self.pairs],
            "notes": list(self.notes),
        }


def _shown(value: float | None) -> float | None:
    """A figure to 12 decimals: sums taken in another record order (another copy of the
    review) differ in the last bits, and the figures must read the same on every copy."""
    return None if value is None else round(value, 12)


def measure_agreement(verdicts: Verdicts, *, maybe_as: str | None = None) -> AgreementFigures:
    """The agreement of every reviewer in `verdicts`, over the records all of them decided.

    With three or more reviewers, `pairs` holds each pair's figures, over the records that
    pair decided. `maybe_as` ("include" or "exclude") folds `maybe` into that verdict.
    """
    if maybe_as is not None and maybe_as not in FOLDS:
        raise UsageError(f"maybe can be counted as include or exclude, not {maybe_as!r}")
    folded = {name: _folded(given, maybe_as) for name, given in verdicts.items()}
    return _measure(folded, with_pairs=True)


def _folded(given: Mapping[int, str], maybe_as: str | None) -> Mapping[int, str]:
    if maybe_as is None or MAYBE not in given.values():
        return given
    return {record: maybe_as if v == MAYBE else v for record, v in given.items()}


def _measure(verdicts: Mapping[str, Mapping[int, str]], *, with_pairs: bool) -> AgreementFigures:
    reviewers = tuple(sorted(verdicts))
    if not reviewers:
        return _undefined(reviewers, 0, "no reviewer has decided a record here")
    if len(reviewers) == 1:
        only = reviewers[0]
        return _undefined(
            reviewers,
            len(verdicts[only]),
            f"only one reviewer ({only}) decided records here: agreement needs two",
        )
    common = _common_records([verdicts[name] for name in reviewers])
    if not common:
        return _undefined(
            reviewers, 0, f"no record was decided by every one of {', '.join(reviewers)}"
        )
    columns = [[verdicts[name][record] for record in common] for name in reviewers]
    # Records that got the same verdicts count once, with their number: a few dozen
    # patterns however many records, so the figures cost nothing after this pass.
    ratings = Counter(zip(*columns, strict=True))
    if len(reviewers) == 2:
        figures = _two_reviewers(reviewers, ratings)
    else:
        figures = _several_reviewers(reviewers, ratings)
    if not with_pairs or len(reviewers) == 2:
        return figures
    pairs = tuple(
        _measure({a: verdicts[a], b: verdicts[b]}, with_pairs=False)
        for a, b in combinations(reviewers, 2)
    )
    return replace(figures, pairs=pairs)


def _common_records(decided: Sequence[Mapping[int, str]]) -> list[int]:
    """The records every reviewer decided."""
    common = set(decided[0]).intersection(*decided[1:])
    return list(common)


def _undefined(reviewers: tuple[str, ...], records: int, why: str) -> AgreementFigures:
    return AgreementFigures(
        reviewers, records, None, None, None, None, None, None, None, (), (why,)
    )


def _two_reviewers(reviewers: tuple[str, ...], ratings: Ratings) -> AgreementFigures:
    records = sum(ratings.values())
    table = {(a, b): n for (a, b), n in ratings.items()}
    categories = _categories(ratings)
    kappa = cohen_kappa(table)
    units, weights = _units(ratings)
    percent = sum(n for (a, b), n in table.items() if a == b) / records
    notes: tuple[str, ...] = (
        () if kappa is not None else (_one_category_note("Cohen's kappa", categories),)
    )
    if kappa is not None and kappa[1] is None:
        notes = (
            "the 95% CI of Cohen's kappa is undefined: a reviewer gave one verdict"
            " throughout, so its standard error is 0",
        )
    return AgreementFigures(
        reviewers=reviewers,
        records=records,
        percent=percent,
        cohen_kappa=kappa[0] if kappa else None,
        kappa_ci=kappa[1] if kappa else None,
        pabak=pabak(percent, len(categories)),
        gwet_ac1=gwet_ac1(units, len(categories), weights),
        fleiss_kappa=None,
        krippendorff_alpha=None,
        pairs=(),
        notes=notes,
    )


def _several_reviewers(reviewers: tuple[str, ...], ratings: Ratings) -> AgreementFigures:
    records = sum(ratings.values())
    categories = _categories(ratings)
    units, weights = _units(ratings)
    unanimous = sum(n for unit, n in zip(units, weights, strict=True) if len(unit) == 1)
    fleiss = fleiss_kappa(units, weights)
    alpha = krippendorff_alpha(units, weights)
    notes = []
    if fleiss is None:
        notes.append(_one_category_note("Fleiss' kappa", categories))
    if alpha is None:
        notes.append(_one_category_note("Krippendorff's alpha", categories))
    return AgreementFigures(
        reviewers=reviewers,
        records=records,
        percent=unanimous / records,
        cohen_kappa=None,
        kappa_ci=None,
        pabak=pabak(_pairwise_agreement(units, weights), len(categories)),
        gwet_ac1=gwet_ac1(units, len(categories), weights),
        fleiss_kappa=fleiss,
        krippendorff_alpha=alpha,
        pairs=(),
        notes=tuple(notes),
    )


def _categories(ratings: Iterable[tuple[str, ...]]) -> set[str]:
    return {verdict for rating in ratings for verdict in rating}


def _units(ratings: Ratings) -> tuple[list[Unit], list[int]]:
    """Each pattern of verdicts as a unit (verdict -> how many gave it) and its count."""
    return [Counter(rating) for rating in ratings], list(ratings.values())


def _one_category_note(figure: str, categories: set[str]) -> str:
    only = next(iter(categories))
    return (
        f"{figure} is undefined: every verdict is '{only}', so agreement expected by"
        " chance is already 1 (0/0)"
    )


# -- the statistics ---------------------------------------------------------------------------


def cohen_kappa(
    table: Mapping[tuple[str, str], int],
) -> tuple[float, tuple[float, float] | None] | None:
    """Cohen's kappa and its 95% interval from a table of (first, second) verdict -> count;
    None when chance agreement is 1 (both reviewers gave one and the same verdict)."""
    total = sum(table.values())
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), n in table.items():
        first[a] += n
        second[b] += n
    row = {c: n / total for c, n in first.items()}
    col = {c: n / total for c, n in second.items()}
    observed = sum(n for (a, b), n in table.items() if a == b) / total
    expected = sum(p * col.get(c, 0.0) for c, p in row.items())
    if math.isclose(expected, 1.0):
        return None
    kappa = (observed - expected) / (1 - expected)
    se = _kappa_standard_error(table, total, row, col, kappa, expected)
    if not se > 0:  # a reviewer gave one verdict throughout: no spread to estimate
        return kappa, None
    low, high = kappa - Z_95 * se, kappa + Z_95 * se
    return kappa, (max(-1.0, low), min(1.0, high))


def _kappa_standard_error(
    table: Mapping[tuple[str, str], int],
    total: int,
    row: Mapping[str, float],
    col: Mapping[str, float],
    kappa: float,
    expected: float,
) -> float:
    """The large-sample SE of kappa, Fleiss, Cohen & Everitt (1969), equation 13."""
    spread = 0.0
    for (a, b), n in table.items():
        p = n / total
        if a == b:
            spread += p * (1 - (row[a] + col[a]) * (1 - kappa)) ** 2
        else:
            spread += p * (1 - kappa) ** 2 * (col.get(a, 0.0) + row.get(b, 0.0)) ** 2
    spread -= (kappa - expected * (1 - kappa)) ** 2
    return math.sqrt(max(spread, 0.0) / (total * (1 - expected) ** 2))


def pabak(observed: float, categories: int) -> float:
    """Prevalence- and bias-adjusted kappa: (q * p_o - 1) / (q - 1), q at least two."""
    q = max(categories, 2)
    return (q * observed - 1) / (q - 1)


def _weights(units: Sequence[Unit], weights: Sequence[int] | None) -> Sequence[int]:
    return weights if weights is not None else [1] * len(units)


def _pairwise_agreement(units: Sequence[Unit], weights: Sequence[int] | None = None) -> float:
    """Mean, over units rated at least twice, of the share of rater pairs that agree."""
    agreeing = 0.0
    counted = 0
    for unit, weight in zip(units, _weights(units, weights), strict=True):
        m = sum(unit.values())
        if m >= 2:
            agreeing += weight * sum(n * (n - 1) for n in unit.values()) / (m * (m - 1))
            counted += weight
    return agreeing / counted


def _mean_category_shares(
    units: Sequence[Unit], weights: Sequence[int] | None = None
) -> dict[str, float]:
    """pi_k: the mean over units of the share of a unit's ratings in category k."""
    shares: dict[str, float] = {}
    total = 0
    for unit, weight in zip(units, _weights(units, weights), strict=True):
        m = sum(unit.values())
        total += weight
        for category, n in unit.items():
            shares[category] = shares.get(category, 0.0) + weight * n / m
    return {category: share / total for category, share in shares.items()}


def _has_pairs(units: Sequence[Unit]) -> bool:
    return any(sum(unit.values()) >= 2 for unit in units)


def gwet_ac1(
    units: Sequence[Unit], categories: int, weights: Sequence[int] | None = None
) -> float | None:
    """Gwet's AC1 over units (category -> count of raters), each counted `weights` times
    (default once); units may have different numbers of raters, those rated once count
    only towards the category shares. `categories` is q, the number of categories of the
    scale (at least two). None without a unit rated twice."""
    if not _has_pairs(units):
        return None
    q = max(categories, 2)
    observed = _pairwise_agreement(units, weights)
    shares = _mean_category_shares(units, weights)
    expected = sum(p * (1 - p) for p in shares.values()) / (q - 1)
    return (observed - expected) / (1 - expected)


def fleiss_kappa(units: Sequence[Unit], weights: Sequence[int] | None = None) -> float | None:
    """Fleiss' kappa over units (category -> count of raters), each rated by the same number
    of raters and counted `weights` times (default once); None when every rating is one
    category."""
    if not _has_pairs(units):
        return None
    observed = _pairwise_agreement(units, weights)
    expected = sum(p * p for p in _mean_category_shares(units, weights).values())
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Sequence[Unit], weights: Sequence[int] | None = None) -> float | None:
    """Krippendorff's alpha for nominal data over units (category -> count of values), each
    counted `weights` times (default once); units with a single value are not pairable and
    left out. None when no pairable values differ in category (alpha is 0/0)."""
    values: Counter[str] = Counter()
    matched = 0.0  # the diagonal of the coincidence matrix
    for unit, weight in zip(units, _weights(units, weights), strict=True):
        m = sum(unit.values())
        if m < 2:
            continue
        for category, n in unit.items():
            values[category] += weight * n
            matched += weight * n * (n - 1) / (m - 1)
    n_total = sum(values.values())
    expected_spread = n_total * n_total - sum(n * n for n in values.values())
    if n_total < 2 or expected_spread == 0:
        return None
    return 1 - (n_total - 1) * (n_total - matched) / expected_spread
