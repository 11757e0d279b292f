"""Ranking: the relevance model of a review and its stopping estimate.

The feature matrix is built once over every canonical record (a duplicate group's merged
text) and cached beside the store (review/feature_cache.py). Records the criteria exclude
keep their rows: a criteria run that changes which records wait must not cost a rebuild,
and their rows are simply never queued.

Which labels teach a reviewer's model, and what the stopping estimate may say, are in
`ranking_labels` and `stopping_report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from screener.model import Stage, Status
from screener.screening.status import Screening, tally
from screener.store import Store

if TYPE_CHECKING:
    from pathlib import Path

    from screener.model import Record
    from screener.review.settings import Settings
    from screener.review.stopping_view import StoppingInputs, StoppingReport
    from screener.screening.relevance import QueueRanking, ReviewFeatures
    from screener.screening.status import VerdictRow

# Audit entries of screening sessions that followed the relevance order: which records
# they decided, so that `status` can tell whether the stopping estimate means anything.
ORDER_LOG = "screen-order"
# The version of the feature code the cache was built by, when ranking does not name one.
_FEATURES_VERSION = "1"
# Settled states: the team's outcome, which every reviewer's model may learn.
_SETTLED = (Screening.AGREED, Screening.RESOLVED)

Progress = Callable[[str], None]


class RankingMethods:
    """Mixed into `Review`."""

    _store: Store
    settings: Settings
    root: Path
    actor: str

    if TYPE_CHECKING:  # given by Review

        def statuses(self) -> dict[int, str]: ...

        def duplicate_groups(self) -> dict[int, list[int]]: ...

    # -- the features -----------------------------------------------------------------

    def relevance_features(self, progress: Progress | None = None) -> ReviewFeatures:
        """The review's feature matrix, from the cache when it still matches the records,
        else built (`progress` hears what takes time) and cached."""
        from screener.review import feature_cache

        key = self._features_fingerprint()
        path = feature_cache.cache_path(self.root)
        found = feature_cache.load(path, key)
        if found is not None:
            return found
        count = self._store.record_count()
        if progress is not None:
            progress(f"Building the relevance features of {count:,} records (once; cached)")
        built = self._build_features()
        feature_cache.save(path, key, built)
        return built

    def _features_fingerprint(self) -> str:
        from screener.ranking import features
        from screener.review.feature_cache import fingerprint

        version = str(getattr(features, "FEATURES_VERSION", _FEATURES_VERSION))
        sources = [(s.id, s.sha256, s.record_count) for s in self._store.sources()]
        links = sorted(self._store.active_duplicate_links().items())
        return fingerprint(version, [sources, self._store.record_ids(), links])

    def _build_features(self) -> ReviewFeatures:
        import numpy

        from screener.ranking.features import build_features, record_text
        from screener.screening.relevance import ReviewFeatures

        ids: list[int] = []
        texts: list[str] = []
        for record in self._canonical_texts():
            assert record.id is not None
            ids.append(record.id)
            texts.append(record_text(record.title, record.abstract, record.keywords))
        matrix = build_features(texts)
        return ReviewFeatures(numpy.array(ids, dtype=numpy.int64), matrix.tocsr())

    def _canonical_texts(self) -> Iterator[Record]:
        """Every record not merged into another; a group's head with the group's text."""
        from dataclasses import replace

        from screener.dedupe import merge_group

        duplicate_of = self._store.active_duplicate_links()
        groups = self.duplicate_groups()
        for record in self._store.records():
            if record.id in duplicate_of:
                continue
            if record.id in groups:
                members = (record, *self._store.records(groups[record.id][1:]))
                yield replace(merge_group(members), id=record.id)
            else:
                yield record

    # -- what the model learns from --------------------------------------------------

    def ranking_labels(self, stage: str) -> dict[int, bool]:
        """The team's settled outcomes at `stage` as labels (include: relevant).

        With two or more reviewers per record only agreed and resolved records count: a
        verdict that awaits another reviewer's, or is in conflict, teaches no one's model
        but its own reviewer's (`queue_ranking` adds those), so blind screening holds.
        """
        from screener.screening.relevance import label_of

        rows = self._store.current_verdicts(stage)
        required = {stage: max(self.settings.reviewers_per_record, 1)}
        if stage == Stage.PILOT.value:
            return {}  # a calibration sample: every reviewer screens it blind
        labels: dict[int, bool] = {}
        for (record_id, _), (state, verdict) in tally(rows, required).items():
            label = label_of(verdict) if state in _SETTLED else None
            if label is not None:
                labels[record_id] = label
        return labels

    def queue_ranking(
        self,
        *,
        stage: str,
        reviewer: str,
        seed: int | None = None,
        progress: Progress | None = None,
    ) -> QueueRanking | None:
        """The relevance model of `reviewer`'s queue at `stage` (None when `[ranking]`
        turns it off or the review has no records), with the stopping inputs its header
        reports from. With the target method the sample's targets teach no model: the
        ranking must come to them on its own."""
        from screener.review.stopping_tracker import StoppingTracker
        from screener.screening.relevance import QueueRanking

        if not self.settings.ranking.enabled or self._store.record_count() == 0:
            return None
        features = self.relevance_features(progress)
        inputs = self.stopping_inputs(stage)
        held_out = inputs.held_out()
        own = {
            d.record_id: d.verdict
            for d in self._store.current_decisions(stage, reviewer, kind="decision")
            if d.record_id not in held_out
        }
        team = {rid: label for rid, label in inputs.settled.items() if rid not in held_out}
        return QueueRanking(
            features,
            team_labels=team,
            own=own,
            retrain_every=self.settings.ranking.retrain_every,
            stopping=StoppingTracker(inputs, reviewer),
            seed=seed or 0,
        )

    def note_screening_order(self, reviewer: str, stage: str, record_ids: list[int]) -> None:
        """Remember that a session decided `record_ids` in the relevance order."""
        if not record_ids:
            return
        with self._store.transaction():
            self._store.log(reviewer, ORDER_LOG, {"stage": stage, "records": record_ids})

    # -- stopping ---------------------------------------------------------------------

    def stopping_report(
        self, stage: str = Stage.TITLE_ABSTRACT.value, statuses: dict[int, str] | None = None
    ) -> StoppingReport:
        """How much of the relevant records screening has found, and whether it may stop
        (`statuses`: every record's, when the caller has them already). The target method
        trains a model (without the targets) to see whether the ranking has passed them."""
        from screener.review.stopping_view import stopping_report

        inputs = self.stopping_inputs(stage, statuses)
        return stopping_report(inputs, self._target_scores(inputs))

    def stopping_inputs(
        self, stage: str = Stage.TITLE_ABSTRACT.value, statuses: dict[int, str] | None = None
    ) -> StoppingInputs:
        """What the stopping report is computed from, read from the store."""
        from screener.review.stopping_view import StoppingInputs

        if statuses is None:
            statuses = self.statuses()
        reached = self._reached(stage, statuses)
        settings = self.settings.stopping
        return StoppingInputs(
            stage=stage,
            settings=settings,
            rows=tuple(self._verdicts_in_time_order(stage)),
            settled=self.ranking_labels(stage),
            reached=frozenset(reached),
            in_model_order=frozenset(self._decided_in_model_order(stage)),
            draw=tuple(self._sample_draw(stage, reached)) if settings.method == "target" else (),
        )

    def stopping_sample(self, stage: str = Stage.TITLE_ABSTRACT.value) -> tuple[list[int], int]:
        """The target method's random sample: the reached records in the order it draws
        them, and how many relevant records it must find."""
        from screener.ranking.target import target_size

        reached = self._reached(stage, self.statuses())
        stopping = self.settings.stopping
        return self._sample_draw(stage, reached), target_size(
            stopping.recall_target, stopping.confidence
        )

    def _verdicts_in_time_order(self, stage: str) -> list[VerdictRow]:
        """The stage's current verdicts in the order they were given, by the time each was
        made: decisions a sync brought in take their place among this copy's own, so that
        every copy of a team review reads one order."""
        decisions = sorted(self._store.current_decisions(stage), key=lambda d: d.time)
        return [(d.record_id, d.stage, d.reviewer, d.verdict, d.kind) for d in decisions]

    def _sample_draw(self, stage: str, reached: set[int]) -> list[int]:
        """The reached records in the random order of the target method's sample, drawn by
        the review's id from each record's portable key: every copy of a team review draws
        the same sample, and a sync carries the verdicts on it like any other."""
        from screener.ranking.target import draw_order
        from screener.sync import portable_refs

        refs = portable_refs(self._store.record_places())
        keys = {rid: f"{ref.file}:{ref.key}:{ref.n}" for rid, ref in refs.items() if rid in reached}
        return draw_order(keys, f"{self._store.review_id()}:{stage}")

    def _target_scores(self, inputs: StoppingInputs) -> Callable[[int], float | None] | None:
        """Target method, sample complete, targets left that the relevance order did not
        screen: the predicted relevance of a model taught without them (else None)."""
        from screener.screening.relevance import TrainingJob, train

        if inputs.settings.method != "target":
            return None
        held_out = inputs.held_out()
        if not held_out or not self.settings.ranking.enabled:
            return None
        labels = {rid: lab for rid, lab in inputs.settled.items() if rid not in held_out}
        scores = train(TrainingJob(self.relevance_features(), labels))
        return scores.of if scores is not None else None

    def _reached(self, stage: str, statuses: dict[int, str]) -> set[int]:
        """The records that reached `stage` (a record merged away since its verdict, or
        excluded by a later criteria run, no longer counts)."""
        from screener.review.conflicts import REACHED

        reached = REACHED.get(stage, frozenset({Status.TITLE_ABSTRACT.value}))
        return {rid for rid, status in statuses.items() if status in reached}

    def _decided_in_model_order(self, stage: str) -> set[int]:
        return {rid for _, at, rid in relevance_ordered(self._store) if at == stage}


def relevance_ordered(store: Store) -> set[tuple[str, str, int]]:
    """(reviewer, stage, record) of every record a reviewer decided in the relevance order:
    in a session here (the session's reviewer logged it), or on another copy whose sync
    lines said so (the reviewer named in the entry)."""
    found: set[tuple[str, str, int]] = set()
    for _, actor, command, details in store.audit():
        if command != ORDER_LOG:
            continue
        records, stage = details.get("records", []), str(details.get("stage", ""))
        reviewer = str(details.get("reviewer") or actor)
        if isinstance(records, list):
            found.update((reviewer, stage, int(rid)) for rid in records)
    return found
