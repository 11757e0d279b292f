"""What a pilot round shows: agreement, the disagreements, the criteria each reviewer saw,
who has screened how much, and how the rounds compare. Pure: built from decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.model import Decision

if TYPE_CHECKING:
    from screener.screening.agreement import AgreementFigures

# How much of a criteria.toml sha256 a person reads: enough to tell versions apart.
SHORT_HASH = 12


def short_hash(sha256: str) -> str:
    return sha256[:SHORT_HASH] if sha256 else "(none)"


@dataclass(frozen=True, slots=True)
class ReviewerVerdict:
    reviewer: str
    verdict: str
    reason: str
    note: str

    def as_json(self) -> dict[str, object]:
        return {
            "reviewer": self.reviewer,
            "verdict": self.verdict,
            "reason": self.reason,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A sample record on which the reviewers who decided it gave different verdicts."""

    record_id: int
    key: str
    title: str
    verdicts: tuple[ReviewerVerdict, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "key": self.key,
            "title": self.title,
            "verdicts": [v.as_json() for v in self.verdicts],
        }


@dataclass(frozen=True, slots=True)
class CriteriaSeen:
    """The criteria versions (sha256, decisions made under it) of one reviewer's pilot
    decisions, oldest first."""

    reviewer: str
    versions: tuple[tuple[str, int], ...]

    @property
    def spans_versions(self) -> bool:
        return len(self.versions) > 1

    def as_json(self, current: str) -> dict[str, object]:
        return {
            "reviewer": self.reviewer,
            "versions": [
                {
                    "sha256": sha,
                    "short": short_hash(sha),
                    "current": bool(sha) and sha == current,
                    "decisions": count,
                }
                for sha, count in self.versions
            ],
        }


@dataclass(frozen=True, slots=True)
class ReviewerProgress:
    reviewer: str
    screened: int
    of: int

    def as_json(self) -> dict[str, object]:
        return {"reviewer": self.reviewer, "screened": self.screened, "of": self.of}


@dataclass(frozen=True, slots=True)
class RoundFigures:
    """One round's headline figures, for the comparison of rounds."""

    round: int
    size: int
    reviewers: tuple[str, ...]
    records: int  # records every reviewer decided
    percent: float | None
    kappa: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "round": self.round,
            "size": self.size,
            "reviewers": list(self.reviewers),
            "records": self.records,
            "percent_agreement": self.percent,
            "kappa": self.kappa,
        }


def headline_kappa(figures: AgreementFigures | None) -> float | None:
    """The κ a target is read against: Cohen's for two reviewers, Fleiss' for more."""
    if figures is None:
        return None
    if len(figures.reviewers) == 2:
        return figures.cohen_kappa
    return figures.fleiss_kappa


def verdicts_by_reviewer(
    decisions: Iterable[Decision], sample: Sequence[int]
) -> dict[str, dict[int, str]]:
    """reviewer -> {record id: verdict} over the sample's records, reviewers by name."""
    wanted = set(sample)
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for decision in decisions:
        if decision.record_id in wanted:
            found[decision.reviewer][decision.record_id] = decision.verdict
    return {name: found[name] for name in sorted(found)}


def measure(verdicts: Mapping[str, Mapping[int, str]]) -> AgreementFigures | None:
    """The agreement of the reviewers over the records all of them decided; None with fewer
    than two reviewers (nothing to compare)."""
    if len(verdicts) < 2:
        return None
    from screener.screening.agreement import measure_agreement

    return measure_agreement(verdicts)


def round_figures(round: int, size: int, verdicts: Mapping[str, Mapping[int, str]]) -> RoundFigures:
    figures = measure(verdicts)
    return RoundFigures(
        round,
        size,
        tuple(verdicts),
        figures.records if figures else 0,
        figures.percent if figures else None,
        headline_kappa(figures),
    )


def disagreements(
    decisions: Iterable[Decision],
    sample: Sequence[int],
    titles: Mapping[int, tuple[str, str]],
) -> list[Disagreement]:
    """Sample records (in sample order) two reviewers decided differently, with every
    reviewer's verdict on them; `titles`: record id -> (key, title)."""
    by_record: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_record[decision.record_id].append(decision)
    found = []
    for record_id in sample:
        current = sorted(by_record.get(record_id, ()), key=lambda d: d.reviewer)
        if len({d.verdict for d in current}) < 2:
            continue
        key, title = titles.get(record_id, ("", ""))
        verdicts = tuple(ReviewerVerdict(d.reviewer, d.verdict, d.reason, d.note) for d in current)
        found.append(Disagreement(record_id, key, title, verdicts))
    return found


def criteria_seen(decisions: Iterable[Decision]) -> list[CriteriaSeen]:
    """Per reviewer (by name), the criteria versions of their decisions, oldest first."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for decision in sorted(decisions, key=lambda d: d.time):
        versions = counts[decision.reviewer]
        versions[decision.criteria_sha256] = versions.get(decision.criteria_sha256, 0) + 1
    return [CriteriaSeen(name, tuple(counts[name].items())) for name in sorted(counts)]


def progress(verdicts: Mapping[str, Mapping[int, str]], size: int) -> list[ReviewerProgress]:
    return [ReviewerProgress(name, len(decided), size) for name, decided in verdicts.items()]
