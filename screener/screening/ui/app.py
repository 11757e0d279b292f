"""The terminal screening UI: one record at a time, one key per decision.

Every key that decides calls `ScreeningSession.decide`, which commits the decision before
the next record is drawn; the app itself keeps no state worth losing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from screener.errors import ScreenerError
from screener.screening.decisions import OTHER_REASON
from screener.screening.ui.modals import HelpScreen, ReasonPicker, TextPrompt
from screener.screening.ui.printable import printable, shown
from screener.screening.ui.render import (
    VERDICT_LABELS,
    abstract_text,
    counts_text,
    details_text,
    done_text,
    key_help,
    progress_text,
    reason_lines,
    record_text,
)
from screener.screening.ui.session import ScreeningSession

# The group of the background workers that train the relevance model.
_TRAINING = "relevance-model"
# A training starts once the reviewer pauses this long after a decision (reading the next
# record always takes longer), so that a burst of keys is not slowed by trainings it would
# overtake anyway; after this many decisions without a pause it starts regardless.
PAUSE_BEFORE_TRAINING = 0.25
MOST_DECISIONS_WITHOUT_TRAINING = 10


class ScreeningApp(App[None]):
    """Screen the records of one stage for one reviewer.

    In the relevance order the model retrains in a background thread after decisions (as
    often as ranking's schedule asks); a key never waits for it. The queue takes the new
    order when a training ends, and the record on screen stays where it is.
    """

    TITLE = "screener"
    CSS = """
    #header { height: 2; background: $boost; padding: 0 1;
              text-wrap: nowrap; text-overflow: ellipsis; }
    #question { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    #body { height: 1fr; padding: 0 1; }
    #abstract { margin: 1 0 0 0; }
    #message { height: 1; padding: 0 1; }
    #keys { height: auto; background: $boost; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "decide('include')", "include", show=False),
        Binding("e", "exclude", "exclude", show=False),
        Binding("m", "decide('maybe')", "maybe", show=False),
        Binding("r", "not_retrieved", "not retrieved", show=False),
        Binding("s", "skip", "skip", show=False),
        Binding("n", "note", "note", show=False),
        Binding("a", "attach", "attach report", show=False),
        Binding("u", "undo", "undo", show=False),
        Binding("slash", "jump", "jump", show=False),
        Binding("question_mark", "help", "help", show=False),
        Binding("q", "quit_screening", "quit", show=False),
    ]

    def __init__(self, session: ScreeningSession) -> None:
        super().__init__()
        self.session = session
        self._drawn_id: int | None = None
        self._training_timer: Timer | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        if self.session.criteria.question:
            yield Static(shown(f"Question: {self.session.criteria.question}"), id="question")
        with VerticalScroll(id="body"):
            yield Static(id="record")
            yield Static(id="details")
            yield Static(id="abstract")
        yield Static(id="message")
        yield Static(self._keys_line(), id="keys")

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        if self.session.ranking is not None:
            # the model's line, then the stopping line: each whole on a narrow terminal
            self.query_one("#header", Static).styles.height = 4
            # "last trained Ns ago" stays true while the reviewer reads
            self.set_interval(1.0, self._draw_header)
        self.draw()
        if self.session.criteria.problem:
            self.say(f"Criteria not applied: {self.session.criteria.problem}", error=True)

    def _keys_line(self) -> Text:
        keys = ["i include", "e exclude", "m maybe", "s skip", "n note", "u undo"]
        if self.session.is_full_text:
            keys[3:3] = ["r not retrieved", "a attach"]
        keys += ["/ jump", "? help", "q quit"]
        return Text("  ".join(keys))

    def _draw_header(self) -> None:
        session = self.session
        progress = session.progress()
        header = Text()
        header.append(f"{session.mode_label} · {session.reviewer} · ")
        header.append(session.review.settings.title, style="bold")
        header.append("\n" + progress_text(progress) + "   " + counts_text(progress))
        if session.ranking is not None:
            header.append("\n" + session.ranking.header_line(), style="dim")
            stopping = session.ranking.stopping_line()  # "" until the first training
            header.append("\n" + stopping, style="dim")
        # The once-a-second refresh may tick while the app is closing and the screen's
        # widgets are gone: nothing to draw then.
        found = self.query("#header").results(Static)
        for widget in found:
            # the header and message have fixed heights: no need to lay out the screen again
            widget.update(header, layout=False)

    def draw(self) -> None:
        """Show the header and the current record (or the calm end screen)."""
        session = self.session
        self._draw_header()
        record = session.current()
        record_view = self.query_one("#record", Static)
        details = self.query_one("#details", Static)
        abstract = self.query_one("#abstract", Static)
        if record is None:
            record_view.update(done_text(session))
            details.update("")
            abstract.update("")
        else:
            record_view.update(record_text(session, record))
            extra = details_text(session, record)
            details.update(extra)
            details.display = bool(extra.plain)
            abstract.update(abstract_text(session, record))
        drawn = record.id if record is not None else None
        if drawn != self._drawn_id:
            self.query_one("#body", VerticalScroll).scroll_home(animate=False)
            self._drawn_id = drawn

    def say(self, message: str, *, error: bool = False) -> None:
        style = "bold red" if error else ""
        self.query_one("#message", Static).update(
            Text(printable(message), style=style), layout=False
        )

    # -- decisions ------------------------------------------------------------------------

    def _commit(self, verdict: str, reason: str = "") -> None:
        record_id = self.session.current_id
        if record_id is None:
            self.say("Nothing left to screen at this stage.")
            return
        try:
            self.session.decide(verdict, reason)
        except Exception as error:
            # Whatever failed (a bad verdict, a store busy beyond its timeout), nothing was
            # saved and the record stays on screen: tell the reviewer rather than close.
            self.say(f"Not saved: {error}", error=True)
            return
        why = f" ({reason})" if reason else ""
        label = VERDICT_LABELS.get(verdict, verdict)
        self.say(f"Saved: record {record_id} {label}{why}. u undoes it.")
        self.draw()
        self._train_after_pause()

    # -- the relevance model --------------------------------------------------------------

    def _train_after_pause(self) -> None:
        ranking = self.session.ranking
        if ranking is None:
            return
        if self._training_timer is not None:
            self._training_timer.stop()
        if ranking.model.untrained_decisions >= MOST_DECISIONS_WITHOUT_TRAINING:
            self.train_when_due()
        else:
            self._training_timer = self.set_timer(PAUSE_BEFORE_TRAINING, self.train_when_due)

    def train_when_due(self) -> None:
        """Start a background training when the decisions call for one and none runs."""
        ranking = self.session.ranking
        if ranking is None or ranking.training:
            return
        job = self.session.training_job()
        if job is None:
            return
        trainer = ranking.model.trainer
        ranking.training = True
        self.run_worker(lambda: trainer(job), group=_TRAINING, thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        ranking = self.session.ranking
        if event.worker.group != _TRAINING or ranking is None:
            return
        if event.state is WorkerState.SUCCESS:
            self.session.apply_scores(event.worker.result)
        elif event.state is WorkerState.ERROR:
            self.say(f"The relevance model could not train: {event.worker.error}", error=True)
        elif event.state is not WorkerState.CANCELLED:
            return  # pending or running
        ranking.training = False
        self.draw()
        self.train_when_due()  # decisions made meanwhile

    def action_decide(self, verdict: str) -> None:
        self._commit(verdict)

    def action_not_retrieved(self) -> None:
        if not self.session.is_full_text:
            self.say("r (not retrieved) belongs to the full-text stage.")
            return
        self._commit("not-retrieved")

    def action_exclude(self) -> None:
        if self.session.current_id is None:
            self.say("Nothing left to screen at this stage.")
            return
        reasons = reason_lines(self.session)
        if not reasons:
            self._commit("exclude")
            return

        def picked(reason: str | None) -> None:
            if reason is None:
                self.say("Exclusion cancelled; nothing saved.")
            elif reason == OTHER_REASON:
                self.push_screen(TextPrompt("Other reason for excluding:"), described)
            else:
                self._commit("exclude", reason)

        def described(text: str | None) -> None:
            if not text or not text.strip():
                self.say("Exclusion cancelled; nothing saved.")
                return
            self.session.add_note(text)  # the reviewer's words travel in the decision's note
            self._commit("exclude", OTHER_REASON)

        self.push_screen(ReasonPicker(reasons), picked)

    # -- moving around --------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.session.current_id is None:
            return
        skipped = self.session.current_id
        self.session.skip()
        self.say(f"Skipped record {skipped}; it comes back at the end.")
        self.draw()

    def action_undo(self) -> None:
        try:
            record_id = self.session.undo()
        except ScreenerError as error:
            self.say(f"Not undone: {error}", error=True)
            return
        if record_id is None:
            self.say("Nothing to undo at this stage.")
        else:
            self.say(f"Undone: back to record {record_id}.")
        self.draw()
        self._train_after_pause()

    def action_jump(self) -> None:
        def jump(query: str | None) -> None:
            if not query:
                return
            try:
                record_id = self.session.jump(query)
            except ScreenerError as error:
                self.say(str(error), error=True)
                return
            self.say(f"Jumped to record {record_id}.")
            self.draw()

        self.push_screen(TextPrompt("Jump to a record (id, key or words from its title)"), jump)

    # -- notes, reports, help, quitting ---------------------------------------------------

    def action_note(self) -> None:
        if self.session.current_id is None:
            return

        def add(note: str | None) -> None:
            if note and note.strip():
                self.session.add_note(note)
                self.say("Note kept; it is saved with your verdict on this record.")
                self.draw()

        self.push_screen(TextPrompt("Note on this record (saved with your verdict)"), add)

    def action_attach(self) -> None:
        if not self.session.is_full_text or self.session.current_id is None:
            self.say("a (attach a report) belongs to the full-text stage.")
            return

        def attach(path: str | None) -> None:
            if not path:
                return
            try:
                location = self.session.attach_report(path)
            except ScreenerError as error:
                self.say(str(error), error=True)
                return
            self.say(f"Report attached: {location}")
            self.draw()

        self.push_screen(TextPrompt("Path of the report (PDF or other file)"), attach)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(key_help(self.session), self.session.criteria.question))

    def action_quit_screening(self) -> None:
        self.session.close()
        self.exit()
