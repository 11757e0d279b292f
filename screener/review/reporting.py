"""Reporting in `Review`: the PRISMA 2020 flow and the exclusion reasons, counted from the
store's records, links, criteria run in force and current decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from screener.errors import ScreenerError
from screener.model import SCREENING_STAGES, Stage, Status

if TYPE_CHECKING:
    from screener.report.pending import PrismaReport, Why
    from screener.report.reasons import Reason, ReasonRow, ReasonsReport
    from screener.review.conflicts import Snapshot, Tallies
    from screener.review.settings import Settings
    from screener.screening.status import VerdictRow
    from screener.store import NoticeLink, Store

_RENDERER = "screener.report.prisma_render"
# Statuses compared per record: an enum's value is a lookup each time it is read.
_EXCLUDED_FULL_TEXT = Status.EXCLUDED_FULL_TEXT.value
_EXCLUDED_AUTOMATIC = Status.EXCLUDED_AUTOMATIC.value
_AT_TITLE_ABSTRACT = Status.TITLE_ABSTRACT.value


class ReportMethods:
    """Mixed into `Review`."""

    _store: Store
    settings: Settings
    root: Path

    if TYPE_CHECKING:  # given by Review

        def _snapshot(self, rows: list[VerdictRow] | None = None) -> Snapshot: ...
        def reasons(self) -> dict[str, str]: ...
        def required(self, stage: str) -> int: ...
        def notice_links(self) -> list[NoticeLink]: ...

    # -- the PRISMA flow --------------------------------------------------------------------

    def prisma_report(self) -> PrismaReport:
        """The review's PRISMA 2020 flow, its arithmetic checked (`FlowDoesNotAddUp`, a bug,
        when a check fails), with why each pending record waits. ScreenerError for a review
        with no records, or records to screen and no screening decision yet: there is no
        flow to report."""
        from screener.report.arithmetic import check_flow
        from screener.report.pending import PrismaReport
        from screener.report.prisma_counts import FlowInputs, NoticeOf, count_flow, screened_heads

        snapshot = self._snapshot()
        self._refuse_nothing_to_report(snapshot)
        statuses = snapshot.statuses
        excluded = [rid for rid, s in statuses.items() if s == _EXCLUDED_FULL_TEXT]
        warnings: list[str] = []
        labels = self._reason_labels(warnings) if excluded else {}
        reasons = self._settled_reasons(Stage.FULL_TEXT.value, excluded, labels)
        inputs = FlowInputs(
            sources=self._store.sources(),
            record_sources=self._store.record_source_ids(),
            duplicate_of=self._store.active_duplicate_links(),
            statuses=statuses,
            notices=[NoticeOf(link.notice_id, link.article_id) for link in self.notice_links()],
            full_text_reasons={rid: reason.label for rid, reason in reasons.items()},
        )
        flow = check_flow(count_flow(inputs))
        waiting = {}
        if not flow.complete:
            waiting = _why_waiting(screened_heads(inputs), statuses, snapshot.tallies)
        return PrismaReport(flow, waiting, tuple(warnings))

    def _refuse_nothing_to_report(self, snapshot: Snapshot) -> None:
        if not snapshot.statuses:
            raise ScreenerError("the review has no records yet: import a search first")
        # Criteria that exclude every record leave nothing to screen: such a review is
        # complete without a decision, and its flow is drawn.
        awaiting = any(s == _AT_TITLE_ABSTRACT for s in snapshot.statuses.values())
        if awaiting and not any(row[1] in SCREENING_STAGES for row in snapshot.rows):
            raise ScreenerError(
                "no screening decision yet: the flow has nothing past identification"
                " (screen records first: 'screener screen')"
            )

    def write_prisma(self, output: Path | str, report: PrismaReport) -> None:
        """The flow drawn or tabled by `output`'s suffix (.svg, .png, .csv, .md), written
        whole or not at all; a flow in progress is drawn with its "awaiting decision" boxes.
        The review's own files and its sources are refused, before anything is rendered."""
        from screener.formats.output import OutputSet
        from screener.review.export import protected_files

        suffix = Path(str(output)).suffix.lower()
        with OutputSet(refuse=protected_files(self.root, self._store.sources())) as files:
            files.check([output])
            render = _renderer()
            data = render(report.flow, suffix, allow_pending=not report.flow.complete)
            with files.open(output) as stream:
                # The atomic writer hands out text streams; a PNG is bytes, so they go to
                # the stream's binary buffer, after anything the text layer holds.
                stream.flush()
                stream.buffer.write(data)

    # -- exclusion reasons ------------------------------------------------------------------

    def exclusion_reasons(self, stage: str | None = None) -> ReasonsReport:
        """Per stage (automatic, title-abstract, full-text; or just `stage`) the excluded
        records counted by the reason that settled each. ScreenerError for a review with no
        records, or with nothing excluded yet by a rule or a decision."""
        from screener.report.reasons import (
            AUTOMATIC,
            REASON_STAGES,
            ReasonsReport,
            count_reasons,
            rule_reason,
        )

        # Every stage's decisions with their reasons, read once: the statuses come from the
        # same rows as the reasons that count them.
        rows = self._store.current_reason_rows()
        snapshot = self._snapshot([row[:5] for row in rows])
        statuses = snapshot.statuses
        if not statuses:
            raise ScreenerError("the review has no records yet: import a search first")
        automatic = [rid for rid, s in statuses.items() if s == _EXCLUDED_AUTOMATIC]
        if not automatic and not any(row[1] in SCREENING_STAGES for row in snapshot.rows):
            raise ScreenerError(
                "nothing excluded yet: no criteria rule excluded a record and no screening"
                " decision was made"
            )
        found = []
        warnings: list[str] = []
        for name in REASON_STAGES if stage is None else (stage,):
            if name == AUTOMATIC:
                rules = self._store.criteria_exclusions()
                reasons: list[Reason] = [rule_reason(*rules[rid]) for rid in automatic]
            else:
                status = _EXCLUDED_AT[name]
                excluded = [rid for rid, s in statuses.items() if s == status]
                at_stage = [row for row in rows if row[1] == name]
                labels = self._reason_labels(warnings) if excluded else {}
                reasons = list(self._settled_reasons(name, excluded, labels, at_stage).values())
            found.append(count_reasons(name, reasons))
        return ReasonsReport(tuple(found), tuple(warnings))

    def _reason_labels(self, warnings: list[str]) -> dict[str, str]:
        """The criteria file's `[reasons]` labels. The counts come from the store, so a
        criteria file that cannot be read does not stop a report: its reasons are shown by
        their stored keys, and why is added to `warnings` (once)."""
        try:
            return self.reasons()
        except ScreenerError as error:
            warning = f"{error}; the reasons are shown by their stored keys"
            if warning not in warnings:
                warnings.append(warning)
            return {}

    def _settled_reasons(
        self,
        stage: str,
        excluded: list[int],
        labels: dict[str, str],
        rows: list[ReasonRow] | None = None,
    ) -> dict[int, Reason]:
        """record id -> the reason its exclusion at `stage` counts under (labelled by
        `labels`), from `rows` (the current decisions at `stage` with their reasons) or else
        read here."""
        from screener.report.reasons import settled_reasons

        if not excluded:
            return {}
        if rows is None:
            rows = self._store.current_reason_rows(stage)
        return settled_reasons(rows, excluded, self.required(stage), labels)


_EXCLUDED_AT = {
    Stage.TITLE_ABSTRACT.value: Status.EXCLUDED_SCREENING.value,
    Stage.FULL_TEXT.value: Status.EXCLUDED_FULL_TEXT.value,
}
_WAITING_AT = {
    Status.TITLE_ABSTRACT.value: Stage.TITLE_ABSTRACT.value,
    Status.FULL_TEXT.value: Stage.FULL_TEXT.value,
}


def _why_waiting(
    heads: dict[int, str], statuses: dict[int, str], tallies: Tallies
) -> dict[str, Counter[Why]]:
    """Per stage, why the screened records waiting there wait, from their tallies."""
    from screener.report.pending import Why
    from screener.screening.status import Screening

    why_of = {Screening.AWAITING: Why.AWAITING, Screening.CONFLICT: Why.CONFLICT}
    waiting: dict[str, Counter[Why]] = {}
    for head in heads:
        stage = _WAITING_AT.get(statuses.get(head, ""))
        if stage is None:
            continue
        state = tallies.get((head, stage), (Screening.UNDECIDED, ""))[0]
        if state in why_of:
            why = why_of[state]
        elif state is Screening.UNDECIDED:
            why = Why.UNSCREENED
        else:
            why = Why.MAYBE  # agreed or resolved, yet settled nothing: a maybe
        waiting.setdefault(stage, Counter())[why] += 1
    return waiting


def _renderer() -> Callable[..., bytes]:
    """prisma-render's `render(flow, suffix, *, allow_pending) -> bytes`."""
    import importlib

    try:
        module = importlib.import_module(_RENDERER)
    except ModuleNotFoundError as error:
        if error.name != _RENDERER:
            raise
        raise ScreenerError(
            "this screener cannot draw the flow (no diagram renderer); use --json"
        ) from None
    return cast("Callable[..., bytes]", module.render)
