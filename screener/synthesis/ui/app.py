"""The terminal coding UI: the record on the left, the frame's fields on the right.

Keyboard only. Digits pick options, Tab moves between fields, Enter saves the field: each
field goes to the store the moment it is entered (`CodingSession.save`), so quitting, a
crash or a kill loses at most the field being typed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from screener.errors import ScreenerError
from screener.screening.ui.printable import printable
from screener.synthesis.ui.drafts import value_of
from screener.synthesis.ui.fields import FieldBox
from screener.synthesis.ui.render import (
    KEYS,
    abstract_text,
    end_line,
    header_text,
    record_text,
    value_line,
)
from screener.synthesis.ui.session import CodingSession


class CodingApp(App[None]):
    """Code the records of one coder's walk, field by field."""

    TITLE = "screener code"
    CSS = """
    #header { height: 2; background: $boost; padding: 0 1;
              text-wrap: nowrap; text-overflow: ellipsis; }
    #panes { height: 1fr; }
    #record-pane { width: 1fr; padding: 0 1; border-right: solid $primary-background; }
    #abstract { margin: 1 0 0 0; }
    #fields-pane { width: 1fr; padding: 0 1; }
    #message { height: 1; padding: 0 1; }
    #keys { height: auto; background: $boost; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # n, p, u, q and ? are letters: inside a text box they are typed, not obeyed.
        Binding("n", "move(1)", "next record", show=False),
        Binding("p", "move(-1)", "previous record", show=False),
        Binding("pagedown", "move(1)", "next record", show=False, priority=True),
        Binding("pageup", "move(-1)", "previous record", show=False, priority=True),
        Binding("u", "undo", "undo", show=False),
        Binding("escape", "revert", "revert the field", show=False),
        Binding("question_mark", "help", "help", show=False),
        Binding("q", "quit_coding", "quit", show=False),
    ]

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self._boxes: list[FieldBox] = []
        self._leaving: str | None = None  # a move asked for once with unsaved fields

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Horizontal(id="panes"):
            with VerticalScroll(id="record-pane"):
                yield Static(id="record")
                yield Static(id="abstract")
            with VerticalScroll(id="fields-pane"):
                self._boxes = [FieldBox(f, n) for n, f in enumerate(self.session.fields)]
                yield from self._boxes
        yield Static(id="message")
        yield Static(
            Text("digits pick · Tab next field · Enter saves · u undo · n/p record · ? · q"),
            id="keys",
        )

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        """The header, the current record and every field as the coder left it."""
        session = self.session
        self._leaving = None
        self.query_one("#header", Static).update(header_text(session, session.progress()))
        record = session.current()
        record_view = self.query_one("#record", Static)
        abstract = self.query_one("#abstract", Static)
        pane = self.query_one("#fields-pane", VerticalScroll)
        if record is None:
            record_view.update(Text(f"{end_line(session)}\np goes back; q quits."))
            abstract.update("")
            pane.display = False
            self.query_one("#record-pane").focus()
            return
        pane.display = True
        record_view.update(record_text(record))
        abstract.update(abstract_text(record))
        progress = session.field_progress()
        for box in self._boxes:
            field_id = box.field.id
            box.load(session.mine(field_id), progress[field_id], session.standing(field_id))
        self.query_one("#record-pane", VerticalScroll).scroll_home(animate=False)
        pane.scroll_home(animate=False)
        self._focus_box(self._first_open())

    def _first_open(self) -> int:
        for n, box in enumerate(self._boxes):
            if box.saved is None:
                return n
        return 0

    def _focus_box(self, index: int) -> None:
        if self._boxes:
            box = self._boxes[index % len(self._boxes)]
            box.first_focus().focus()
            box.scroll_visible(animate=False)

    def say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#message", Static).update(
            Text(printable(message), style="bold red" if error else "")
        )

    # -- saving ---------------------------------------------------------------------------

    def on_field_box_save_requested(self, event: FieldBox.SaveRequested) -> None:
        box = event.box
        field = box.field
        try:
            value = value_of(field, box.draft())
            self.session.save(field, value)
        except ScreenerError as error:
            # nothing was saved; the draft stays for the coder to mend
            self.say(f"Not saved: {error.message}", error=True)
            return
        except Exception as error:
            self.say(f"Not saved: {error}", error=True)
            return
        done = self.session.current_id is not None and self.session.complete(
            self.session.current_id
        )
        after = " Every field is coded: n for the next record." if done else " u undoes it."
        self.say(f"Saved: {field.id} = {value_line(value)}.{after}")
        progress = self.session.field_progress()
        box.load(value, progress[field.id], self.session.standing(field.id))
        self.query_one("#header", Static).update(header_text(self.session, self.session.progress()))
        self._focus_box(box.index + 1)

    def action_revert(self) -> None:
        box = self._focused_box()
        if box is not None and box.dirty:
            box.revert()
            self.say(f"{box.field.id}: back to what is saved.")

    def _focused_box(self) -> FieldBox | None:
        node = self.focused
        while node is not None and not isinstance(node, FieldBox):
            node = node.parent  # type: ignore[assignment]
        return node

    # -- moving ---------------------------------------------------------------------------

    def _unsaved(self) -> list[str]:
        if self.session.current_id is None:
            return []
        return [box.field.id for box in self._boxes if box.dirty]

    def _confirmed(self, what: str) -> bool:
        """With unsaved fields, the first press warns and the second goes ahead."""
        unsaved = self._unsaved()
        if not unsaved or self._leaving == what:
            return True
        self._leaving = what
        fields = ", ".join(unsaved)
        self.say(f"Not saved: {fields} (Enter saves). Press again to leave them.", error=True)
        return False

    def action_move(self, step: int) -> None:
        if not self._confirmed(f"move{step}"):
            return
        if not self.session.go(step):
            self.say("No record before this one." if step < 0 else "No more records.")
            return
        self.say("")
        self.draw()

    def action_undo(self) -> None:
        try:
            undone = self.session.undo()
        except ScreenerError as error:
            self.say(f"Not undone: {error.message}", error=True)
            return
        if undone is None:
            self.say("Nothing to undo.")
            return
        now = value_line(undone.value)
        where = "" if undone.in_walk else " (not in this walk)"
        self.say(f"Undone: record {undone.record_id} {undone.field} is now {now}{where}.")
        self.draw()
        if undone.in_walk:
            for box in self._boxes:
                if box.field.id == undone.field:
                    self._focus_box(box.index)

    # -- help and quitting ----------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(CodingHelp())

    def action_quit_coding(self) -> None:
        if self._confirmed("quit"):
            self.exit()


class CodingHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    CodingHelp { align: center middle; }
    CodingHelp > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
                            border: round $accent; padding: 0 1; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        text = Text("Coding keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f" {key:<6}", style="bold")
            text.append(f"{what}\n")
        text.append(
            "\n Letters typed in a text box are text: leave it with Tab first.\n"
            " With two coders per study, the other coder's values show only once you\n"
            " have both coded the field.\n"
        )
        text.append("\n Any key closes this help.", style="dim")
        with Vertical():
            yield Static(text, id="help")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)
