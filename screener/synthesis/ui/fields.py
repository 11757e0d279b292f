"""The widgets of one field: its heading, its options or text boxes, and the coders'
standing once blind coding lifts.

A `FieldBox` holds a field's draft (what is picked and typed, not saved yet) and tells the
app when the coder asks to save it (`FieldBox.SaveRequested`, on Enter).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from screener.screening.ui.printable import printable
from screener.synthesis.frame import CodingField, FieldKind
from screener.synthesis.ui.drafts import EMPTY, Draft, for_field, is_picked, pick, pick_number
from screener.synthesis.ui.render import choices_text, field_heading
from screener.synthesis.ui.session import FieldProgress, Standing
from screener.synthesis.values import Value


class Choices(Widget, can_focus=True):
    """The options of a field: digits pick (or toggle), Up/Down move the cursor, Space picks
    the option under it."""

    DEFAULT_CSS = """
    Choices { height: auto; padding: 0 1; }
    Choices:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("space", "pick_cursor", show=False),
    ]

    def __init__(self, field: CodingField, *, id: str) -> None:
        super().__init__(id=id)
        self.field = field
        self.draft: Draft = EMPTY
        self.cursor = 0

    def render(self) -> Text:
        return choices_text(self.field, self.draft, self.cursor, self.has_focus)

    def set_draft(self, draft: Draft) -> None:
        self.draft = draft
        if draft.picked and draft.picked[0] in self.field.choices:
            self.cursor = self.field.choices.index(draft.picked[0])
        self.refresh(layout=True)

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        event.prevent_default()
        picked = pick_number(self.field, self.draft, int(event.character))
        if picked is None:
            self.notify(f"no option {event.character} in this field", severity="warning")
            return
        self.cursor = 9 if event.character == "0" else int(event.character) - 1
        self._changed(picked)

    def action_cursor(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.field.choices)
        self.refresh()

    def action_pick_cursor(self) -> None:
        self._changed(pick(self.field, self.draft, self.field.choices[self.cursor]))

    def _changed(self, draft: Draft) -> None:
        self.draft = draft
        self.refresh()
        self.post_message(FieldBox.Edited())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class FieldBox(Vertical):
    """One field of the frame: heading, help, options and/or text boxes, standing."""

    DEFAULT_CSS = """
    FieldBox { height: auto; margin: 0 0 1 0; }
    FieldBox .help { color: $text-muted; padding: 0 1; }
    FieldBox .standing { padding: 0 1; color: $text-muted; }
    FieldBox Input { margin: 0 1; }
    """

    class SaveRequested(Message):
        def __init__(self, box: FieldBox) -> None:
            super().__init__()
            self.box = box

    class Edited(Message):
        """The draft changed: the heading's 'not saved' mark may change."""

    def __init__(self, field: CodingField, index: int) -> None:
        super().__init__(id=f"field-{index}")
        self.field = field
        self.index = index
        self.saved: Value | None = None
        self._progress = FieldProgress(field.id, 0, 0)

    def compose(self) -> ComposeResult:
        field = self.field
        yield Static(classes="heading", id=f"heading-{self.index}")
        if field.help:
            yield Static(Text(printable(field.help)), classes="help")
        if is_picked(field):
            yield Choices(field, id=f"choices-{self.index}")
        if field.kind in (FieldKind.NUMBER, FieldKind.TEXT, FieldKind.QUOTE):
            placeholder = {
                FieldKind.NUMBER: f"a number ({field.unit})" if field.unit else "a number",
                FieldKind.TEXT: "a short text",
                FieldKind.QUOTE: "the passage, as written in the report",
            }[field.kind]
            yield Input(placeholder=placeholder, id=f"text-{self.index}")
        if field.kind is FieldKind.QUOTE:
            yield Input(placeholder="page", id=f"page-{self.index}")
        if field.kind is FieldKind.APPRAISAL:
            yield Input(placeholder="the reason for this rating", id=f"reason-{self.index}")
        yield Static(classes="standing", id=f"standing-{self.index}")

    # -- the draft ------------------------------------------------------------------------

    def _input(self, part: str) -> Input | None:
        found = self.query(f"#{part}-{self.index}")
        return found.first(Input) if found else None

    def draft(self) -> Draft:
        """What is picked and typed in the field now."""
        choices = self.query(Choices)
        picked = choices.first().draft.picked if choices else ()
        parts = {part: (box.value if (box := self._input(part)) else "") for part in
                 ("text", "page", "reason")}  # fmt: skip
        return Draft(picked, parts["text"], parts["page"], parts["reason"])

    @property
    def dirty(self) -> bool:
        """Something is entered that differs from the saved value."""
        draft = self.draft()
        return draft != for_field(self.field, self.saved) and not (
            self.saved is None and draft.empty
        )

    def load(self, saved: Value | None, progress: FieldProgress, standing: Standing | None) -> None:
        """Show the saved value (the draft starts from it), progress and standing."""
        self.saved = saved
        self._progress = progress
        self.revert()
        standing_view = self.query_one(f"#standing-{self.index}", Static)
        standing_view.update(Text(printable(standing.describe())) if standing else "")
        standing_view.display = standing is not None

    def revert(self) -> None:
        """Put the field back as saved."""
        draft = for_field(self.field, self.saved)
        for choices in self.query(Choices):
            choices.set_draft(draft)
        for part, value in (("text", draft.text), ("page", draft.page), ("reason", draft.reason)):
            box = self._input(part)
            if box is not None:
                box.value = value
        self.show_heading()

    def show_heading(self) -> None:
        heading = field_heading(
            self.field, self._progress, saved=self.saved is not None, dirty=self.dirty
        )
        self.query_one(f"#heading-{self.index}", Static).update(heading)

    def first_focus(self) -> Widget:
        return next(iter(self.query("Choices, Input")))

    # -- events ---------------------------------------------------------------------------

    def on_field_box_edited(self, event: FieldBox.Edited) -> None:
        event.stop()
        self.show_heading()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_heading()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FieldBox.SaveRequested(self))

    def on_key(self, event: events.Key) -> None:
        # Enter on the options saves; inside a text box Enter is Input.Submitted.
        if event.key == "enter" and isinstance(self.screen.focused, Choices):
            event.stop()
            event.prevent_default()
            self.post_message(FieldBox.SaveRequested(self))
