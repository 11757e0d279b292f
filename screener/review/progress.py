"""Progress of a review: decided and remaining per stage and reviewer, pace, estimates.

The counts are the ones `status` and the screening queue give: a stage's records are those
that reached it (`conflicts.REACHED`), its remaining ones those still waiting there
(`queue.waiting_at`), and a reviewer's remaining ones those their queue still holds
(`queue.needing_verdict` under the review's policy). The pilot is left out: it is a
calibration round, reported by `screener pilot report`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError, UsageError
from screener.formats.output import STDOUT
from screener.model import SCREENING_STAGES, Decision, Stage
from screener.report.progress import DatedVerdict, ProgressReport, StageReport, stage_report
from screener.screening.queue import needing_verdict, waiting_at
from screener.screening.status import Screening, VerdictRow, is_resolution_row
from screener.store import Store
from screener.store.progress import TimedVerdict

if TYPE_CHECKING:
    from screener.review.conflicts import Snapshot
    from screener.review.settings import Settings

_AGREED, _RESOLVED = Screening.AGREED, Screening.RESOLVED  # a record settled at a stage
_AWAITING = Screening.AWAITING
CHART_SUFFIX = ".svg"


class NothingToReport(ScreenerError):
    """A progress report asked of a review without screening decisions."""


class ProgressMethods:
    """Mixed into `Review`."""

    _store: Store
    settings: Settings
    root: Path
    actor: str

    if TYPE_CHECKING:  # given by ConflictMethods

        def _snapshot(self, rows: list[VerdictRow] | None = None) -> Snapshot: ...
        @property
        def is_blind(self) -> bool: ...

    def progress(self, tz: tzinfo | None = None, viewer: str | None = None) -> ProgressReport:
        """Per screening stage and per reviewer: decided, remaining, pace, days left and
        inclusion rate, and the cumulative counts per day; days in `tz` (None: local
        time). Screening blind, another reviewer's inclusions (and rate) count only their
        verdicts on records whose verdicts are all in, as `viewer` (None: the review's
        actor) may see them. `NothingToReport` for a review without screening decisions."""
        # The verdicts with their times, read once: the statuses come from the same rows.
        timed = self._store.current_verdict_times()
        rows = [row for row in timed if row[1] in SCREENING_STAGES]
        if not rows:
            if not self._store.record_count():
                raise NothingToReport("the review has no records yet: no progress to report")
            raise NothingToReport("no screening decisions yet: no progress to report")
        clock = Clock(tz)
        snapshot = self._snapshot([row[:5] for row in timed])
        # Per stage, the reviewers' verdicts and the adjudicators' resolutions, told apart
        # once (a large review has a hundred thousand rows).
        verdicts: dict[str, list[TimedVerdict]] = defaultdict(list)
        resolutions: dict[str, list[TimedVerdict]] = defaultdict(list)
        # Every reviewer who screened at either stage: one who has screened titles is
        # expected at the full texts too, and their queue there says how much awaits them.
        names: dict[str, None] = {}
        for row in rows:
            if is_resolution_row(row[:5]):
                resolutions[row[1]].append(row)
            else:
                verdicts[row[1]].append(row)
                names[row[2]] = None
        stages = [
            Given(stage, verdicts[stage], resolutions[stage])
            for stage in SCREENING_STAGES
            if stage == Stage.TITLE_ABSTRACT.value or verdicts[stage] or resolutions[stage]
        ]
        # Blind: whose inclusions are shown whole (the viewer's own); None, everyone's.
        own = (viewer or self.actor) if self.is_blind else None
        try:
            return ProgressReport(
                tuple(
                    self._stage_report(given, tuple(names), snapshot, clock, own)
                    for given in stages
                )
            )
        except UnreadableTime as error:
            raise _refusal(error.text, rows, str(self._store.path)) from None

    def progress_chart(
        self, output: Path | str, tz: tzinfo | None = None, viewer: str | None = None
    ) -> ProgressReport:
        """`progress`, and its chart (`report.progress_svg`) written to `output` (an .svg,
        or '-' for stdout) through the atomic writer: the whole file or none. The review's
        own files and its sources are refused, as for an export."""
        from screener.formats.output import OutputSet
        from screener.report.progress_svg import render_svg
        from screener.review.export import protected_files

        if str(output) != STDOUT and Path(output).suffix.lower() != CHART_SUFFIX:
            raise UsageError(f"the progress chart is an SVG: name the file *{CHART_SUFFIX}")
        report = self.progress(tz, viewer)
        with OutputSet(refuse=protected_files(self.root, self._store.sources())) as files:
            files.check([output])
            with files.open(output) as stream:
                stream.write(render_svg(report))
        return report

    def _stage_report(
        self,
        given: Given,
        names: tuple[str, ...],
        snapshot: Snapshot,
        clock: Clock,
        own: str | None,
    ) -> StageReport:
        from screener.review.conflicts import REACHED

        stage, verdicts = given.stage, given.verdicts
        statuses = snapshot.statuses
        reached = REACHED[stage]
        previous = snapshot.previous  # included in the previous version: not screened
        population = {
            rid for rid, status in statuses.items() if status in reached and rid not in previous
        }
        waiting = waiting_at(stage, statuses)
        per_reviewer: dict[str, list[DatedVerdict]] = defaultdict(list)
        # record -> its newest verdict here and that verdict's stored time: an agreement is
        # settled when its last verdict is in (each time is read once, for both uses)
        newest: dict[int, tuple[str, DatedVerdict]] = {}
        for row in verdicts:
            record_id = row[0]
            if record_id in population:
                dated = DatedVerdict(record_id, row[3], *clock(row[5]))
                per_reviewer[row[2]].append(dated)
                before = newest.get(record_id)
                if before is None or row[5] > before[0]:  # ISO times in UTC sort as text
                    newest[record_id] = (row[5], dated)
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
        settled = settled_records(given, newest, snapshot, population, clock)
        shown = None
        awaiting = awaiting_at(stage, snapshot) if own is not None else set()
        if awaiting:
            shown = {
                name: [v for v in verdicts if v.record_id not in awaiting]
                for name, (verdicts, _) in reviewers.items()
                if name != own
            }
        return stage_report(stage, len(population), settled, len(waiting), reviewers, shown)


@dataclass(frozen=True, slots=True)
class Given:
    """A stage's current rows: the reviewers' verdicts and the adjudicators' resolutions."""

    stage: str
    verdicts: list[TimedVerdict]
    resolutions: list[TimedVerdict]


def awaiting_at(stage: str, snapshot: Snapshot) -> set[int]:
    """The records at `stage` whose verdicts are not all in: screening blind, another
    reviewer's verdicts on them are not to be counted towards their inclusions, or a count
    that moved with each verdict would tell the reader the verdict
    (`screening.blind.REVEALED` is every other state a record with a verdict can be in)."""
    # `is` spares an enum's hash per record
    return {
        record_id
        for (record_id, at), (state, _) in snapshot.tallies.items()
        if state is _AWAITING and at == stage
    }


def settled_records(
    given: Given,
    newest: Mapping[int, tuple[str, DatedVerdict]],
    snapshot: Snapshot,
    population: set[int],
    clock: Clock,
) -> list[DatedVerdict]:
    """Each record of `population` settled at the stage (agreed or resolved, as `status`
    counts it), with its outcome and when it was settled: the resolution's time, else the
    newest verdict's (the one that completed the agreement; `newest` per record)."""
    resolved = _newest_times(given.resolutions)
    stage = given.stage
    tallies = snapshot.tallies
    settled = []
    for record_id in population:
        found = tallies.get((record_id, stage))
        # `is`, not a set of states: an enum hashes in Python, and this runs per record
        if found is None or not found[1] or not (found[0] is _AGREED or found[0] is _RESOLVED):
            continue
        if found[0] is _RESOLVED:
            settled.append(DatedVerdict(record_id, found[1], *clock(resolved[record_id])))
            continue
        last = newest[record_id][1]
        settled.append(last if last.verdict == found[1] else last._replace(verdict=found[1]))
    return settled


def _newest_times(rows: list[TimedVerdict]) -> dict[int, str]:
    """record id -> the newest time among `rows` (ISO times in UTC sort as text)."""
    newest: dict[int, str] = {}
    get = newest.get
    for row in rows:
        if row[5] > get(row[0], ""):
            newest[row[0]] = row[5]
    return newest


# The years a stored decision time may name: a time outside them is no screening's (a
# hand-edited or damaged store), and the chart's days around it would overflow `date`.
FIRST_YEAR, LAST_YEAR = 1970, 9998


class UnreadableTime(ValueError):
    """A stored time the report cannot read: not ISO 8601, or outside
    FIRST_YEAR..LAST_YEAR."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _refusal(text: str, rows: list[TimedVerdict], store: str) -> ScreenerError:
    """The refusal naming the decision whose time is `text`. A report that skipped such a
    decision would count a different review from the one `status` shows, so it refuses."""
    record_id, stage, reviewer = next((r[0], r[1], r[2]) for r in rows if r[5] == text)
    return ScreenerError(
        f"the {stage} decision of reviewer {reviewer!r} on record {record_id} has the time"
        f" {text!r}, not an ISO 8601 time between {FIRST_YEAR} and {LAST_YEAR}"
        " (a hand-edited store?)",
        file=store,
    )


class Clock:
    """Stored times (ISO 8601, UTC where no zone is named) as seconds since the epoch and
    the day in `tz` (None: local time). The zone's offset is looked up once per hour of
    stored time: offsets change on the hour, and a large review has many verdicts an hour.
    A time in the store's own form (`YYYY-MM-DDTHH:MM:SS+00:00`) is read from its hour and
    the minutes and seconds after it, without parsing the whole of it again."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz
        self._offsets: dict[str, timedelta | None] = {}
        # hour -> (epoch seconds, offset seconds, the day in `tz` all through the hour, or
        # None when a day ends within it: an offset of a part of an hour)
        self._hours: dict[str, tuple[int, int, date | None]] = {}

    def __call__(self, text: str) -> tuple[float, date]:
        """Seconds since the epoch and the day in `tz`; `UnreadableTime` for a time that is
        not ISO 8601 or lies outside FIRST_YEAR..LAST_YEAR."""
        try:
            return self._reading(text)
        except (ValueError, TypeError, OverflowError):
            raise UnreadableTime(str(text)) from None

    def _reading(self, text: str) -> tuple[float, date]:
        if len(text) == 25 and text.endswith("+00:00"):
            hour = self._hours.get(text[:13])
            if hour is None:
                hour = self._hours[text[:13]] = self._hour(text[:13])
            after = _SECONDS_AFTER.get(text[14:19])
            if after is None:
                try:
                    after = int(text[14:16]) * 60 + int(text[17:19])
                except ValueError:
                    return self._read(text)
            seconds = hour[0] + after
            day = hour[2]
            if day is None:
                day = date.fromordinal(_EPOCH_DAY + (seconds + hour[1]) // 86400)
            return float(seconds), day
        return self._read(text)

    def _hour(self, hour: str) -> tuple[int, int, date | None]:
        start = datetime.fromisoformat(hour + ":00:00+00:00")
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise ValueError(hour)
        offset = start.astimezone(self.tz).utcoffset() or timedelta(0)
        epoch, shift = int(start.timestamp()), int(offset.total_seconds())
        first, last = (epoch + shift) // 86400, (epoch + 3599 + shift) // 86400
        return epoch, shift, date.fromordinal(_EPOCH_DAY + first) if first == last else None

    def _read(self, text: str) -> tuple[float, date]:
        moment = datetime.fromisoformat(text)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise ValueError(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        hour = text[:13] + text[19:]  # the hour, and the zone the text names
        if hour not in self._offsets:
            self._offsets[hour] = moment.astimezone(self.tz).utcoffset()
        offset = self._offsets[hour] or timedelta(0)
        return moment.timestamp(), (moment.astimezone(timezone.utc) + offset).date()


_EPOCH_DAY = date(1970, 1, 1).toordinal()
# "MM:SS" -> the seconds after the hour: one look-up where two numbers were parsed.
_SECONDS_AFTER = {f"{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(60)}


__all__ = ["Clock", "NothingToReport", "ProgressMethods"]
