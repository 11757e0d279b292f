"""Progress of a review: decided and remaining per stage and reviewer, pace, estimates.

The counts are the ones `status` and the screening queue give: a stage's records are those
that reached it (`conflicts.REACHED`), its remaining ones those still waiting there
(`queue.waiting_at`), and a reviewer's remaining ones those their queue still holds
(`queue.needing_verdict` under the review's policy). The pilot is left out: it is a
calibration round, reported by `screener pilot report`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError
from screener.formats.output import STDOUT
from screener.model import SCREENING_STAGES, Decision, Stage
from screener.report.progress import DatedVerdict, ProgressReport, StageReport, stage_report
from screener.screening.queue import needing_verdict, waiting_at
from screener.screening.status import Screening, is_resolution_row
from screener.store import Store
from screener.store.progress import TimedVerdict

if TYPE_CHECKING:
    from screener.review.conflicts import Snapshot
    from screener.review.settings import Settings

_SETTLED = frozenset({Screening.AGREED, Screening.RESOLVED})
CHART_SUFFIX = ".svg"


class NothingToReport(ScreenerError):
    """A progress report asked of a review without screening decisions."""


class ProgressMethods:
    """Mixed into `Review`."""

    _store: Store
    settings: Settings
    root: Path

    if TYPE_CHECKING:  # given by ConflictMethods

        def _snapshot(self) -> Snapshot: ...

    def progress(self, tz: tzinfo | None = None) -> ProgressReport:
        """Per screening stage and per reviewer: decided, remaining, pace, days left and
        inclusion rate, and the cumulative counts per day; days in `tz` (None: local
        time). `NothingToReport` for a review without screening decisions."""
        rows = [row for row in self._store.current_verdict_times() if row[1] in SCREENING_STAGES]
        if not rows:
            if not self._store.record_count():
                raise NothingToReport("the review has no records yet: no progress to report")
            raise NothingToReport("no screening decisions yet: no progress to report")
        snapshot = self._snapshot()
        clock = Clock(tz)
        by_stage: dict[str, list[TimedVerdict]] = defaultdict(list)
        for row in rows:
            by_stage[row[1]].append(row)
        # Every reviewer who screened at either stage: one who has screened titles is
        # expected at the full texts too, and their queue there says how much awaits them.
        names = tuple(dict.fromkeys(row[2] for row in rows if not is_resolution_row(row[:5])))
        return ProgressReport(
            tuple(
                self._stage_report(stage, by_stage[stage], names, snapshot, clock)
                for stage in SCREENING_STAGES
                if stage == Stage.TITLE_ABSTRACT.value or by_stage.get(stage)
            )
        )

    def progress_chart(self, output: Path | str, tz: tzinfo | None = None) -> ProgressReport:
        """`progress`, and its chart (`report.progress_svg`) written to `output` (an .svg,
        or '-' for stdout) through the atomic writer: the whole file or none. The review's
        own files and its sources are refused, as for an export."""
        from screener.formats.output import OutputSet
        from screener.report.progress_svg import render_svg
        from screener.review.export import protected_files

        if str(output) != STDOUT and Path(output).suffix.lower() != CHART_SUFFIX:
            raise UsageError(f"the progress chart is an SVG: name the file *{CHART_SUFFIX}")
        report = self.progress(tz)
        with OutputSet(refuse=protected_files(self.root, self._store.sources())) as files:
            files.check([output])
            with files.open(output) as stream:
                stream.write(render_svg(report))
        return report

    def _stage_report(
        self,
        stage: str,
        rows: list[TimedVerdict],
        names: tuple[str, ...],
        snapshot: Snapshot,
        clock: Clock,
    ) -> StageReport:
        from screener.review.conflicts import REACHED

        statuses = snapshot.statuses
        reached = REACHED[stage]
        population = {rid for rid, status in statuses.items() if status in reached}
        waiting = waiting_at(stage, statuses)
        verdicts = [row for row in rows if not is_resolution_row(row[:5])]
        per_reviewer: dict[str, list[DatedVerdict]] = defaultdict(list)
        for row in verdicts:
            if row[0] in population:
                per_reviewer[row[2]].append(DatedVerdict(row[0], row[3], *clock(row[5])))
        # The reviewers' current verdicts as the queue reads them; only those on records
        # still waiting here can keep a record in anyone's queue.
        queued = set(waiting)
        current = [
            Decision(row[0], stage, row[2], row[3], kind=row[4])
            for row in verdicts
            if row[0] in queued
        ]
        per_record = self.settings.reviewers_per_record
        reviewers = {
            name: (
                per_reviewer.get(name, []),
                len(needing_verdict(waiting, current, name, per_record)),
            )
            for name in names
        }
        settled = settled_records(rows, snapshot, stage, population, clock)
        return stage_report(stage, len(population), settled, len(waiting), reviewers)


def settled_records(
    rows: list[TimedVerdict],
    snapshot: Snapshot,
    stage: str,
    population: set[int],
    clock: Clock,
) -> list[DatedVerdict]:
    """Each record of `population` settled at `stage` (agreed or resolved, as `status`
    counts it), with its outcome and when it was settled: the resolution's time, else the
    newest verdict's (the one that completed the agreement)."""
    latest: dict[int, str] = {}
    resolved: dict[int, str] = {}
    for row in rows:
        newest = resolved if is_resolution_row(row[:5]) else latest
        if row[5] > newest.get(row[0], ""):  # ISO times in UTC sort as text
            newest[row[0]] = row[5]
    tallies = snapshot.tallies
    settled = []
    for record_id in population:
        found = tallies.get((record_id, stage))
        if found is None or found[0] not in _SETTLED or not found[1]:
            continue
        when = resolved[record_id] if found[0] is Screening.RESOLVED else latest[record_id]
        settled.append(DatedVerdict(record_id, found[1], *clock(when)))
    return settled


class Clock:
    """Stored times (ISO 8601, UTC where no zone is named) as seconds since the epoch and
    the day in `tz` (None: local time). The zone's offset is looked up once per hour of
    stored time: offsets change on the hour, and a large review has many verdicts an hour.
    A time in the store's own form (`YYYY-MM-DDTHH:MM:SS+00:00`) is read from its hour and
    the minutes and seconds after it, without parsing the whole of it again."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz
        self._offsets: dict[str, timedelta | None] = {}
        self._hours: dict[str, tuple[int, int]] = {}  # hour -> (epoch seconds, offset seconds)

    def __call__(self, text: str) -> tuple[float, date]:
        if len(text) == 25 and text.endswith("+00:00"):
            hour = self._hours.get(text[:13])
            if hour is None:
                hour = self._hours[text[:13]] = self._hour(text[:13])
            try:
                seconds = hour[0] + int(text[14:16]) * 60 + int(text[17:19])
            except ValueError:
                return self._read(text)
            return float(seconds), date.fromordinal(_EPOCH_DAY + (seconds + hour[1]) // 86400)
        return self._read(text)

    def _hour(self, hour: str) -> tuple[int, int]:
        start = datetime.fromisoformat(hour + ":00:00+00:00")
        offset = start.astimezone(self.tz).utcoffset() or timedelta(0)
        return int(start.timestamp()), int(offset.total_seconds())

    def _read(self, text: str) -> tuple[float, date]:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        hour = text[:13] + text[19:]  # the hour, and the zone the text names
        if hour not in self._offsets:
            self._offsets[hour] = moment.astimezone(self.tz).utcoffset()
        offset = self._offsets[hour] or timedelta(0)
        return moment.timestamp(), (moment.astimezone(timezone.utc) + offset).date()


_EPOCH_DAY = date(1970, 1, 1).toordinal()


__all__ = ["Clock", "NothingToReport", "ProgressMethods"]
