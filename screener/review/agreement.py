"""The agreement half of `Review`: how far the reviewers' verdicts at a stage agree."""

from __future__ import annotations

from collections.abc import Sequence

from screener.errors import ScreenerError, UsageError, did_you_mean
from screener.model import STAGES, Stage
from screener.screening.agreement import AgreementFigures, measure_agreement
from screener.store import Store


class AgreementMethods:
    """Mixed into `Review`; reads only."""

    _store: Store

    def agreement(
        self,
        stage: str = Stage.TITLE_ABSTRACT.value,
        reviewers: Sequence[str] | None = None,
        maybe_as: str | None = None,
    ) -> AgreementFigures:
        """The agreement of `reviewers` (default: everyone who decided records at `stage`)
        over the records all of them decided; `maybe_as` folds `maybe` into include or
        exclude. Pilot decisions are compared at stage "pilot"; resolutions never count."""
        if stage not in STAGES:
            raise UsageError(f"unknown stage {stage!r}{did_you_mean(stage, STAGES)}")
        verdicts = self.verdicts_by_reviewer(stage)
        if reviewers:
            named = _unique(reviewers)
            _refuse_silent_reviewers(named, verdicts, stage)
            verdicts = {name: verdicts[name] for name in named}
        return measure_agreement(verdicts, maybe_as=maybe_as)

    def verdicts_by_reviewer(self, stage: str) -> dict[str, dict[int, str]]:
        """Each reviewer's current verdicts at `stage` (record id -> verdict), resolutions
        left out."""
        from screener.screening.status import is_resolution_row

        verdicts: dict[str, dict[int, str]] = {}
        for row in self._store.current_verdicts(stage):
            if is_resolution_row(row):  # an adjudicator's ruling (of either kind of record)
                continue
            record_id, _, reviewer, verdict, _ = row
            given = verdicts.get(reviewer)
            if given is None:
                given = verdicts[reviewer] = {}
            given[record_id] = verdict
        return verdicts


def _unique(names: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


def _refuse_silent_reviewers(
    named: Sequence[str], verdicts: dict[str, dict[int, str]], stage: str
) -> None:
    """A named reviewer without a verdict at the stage is most likely a typo: say so."""
    for name in named:
        if name not in verdicts:
            hint = did_you_mean(name, sorted(verdicts)) if verdicts else ""
            raise ScreenerError(f"no decisions by {name!r} at stage {stage}{hint}")
