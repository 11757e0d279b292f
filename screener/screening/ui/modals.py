"""The small screens that open over a record: reason picker, text prompts, help."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screener.screening.decisions import OTHER_REASON

_MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 76;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    padding: 0 1;
    background: $surface;
}}
"""


class ReasonPicker(ModalScreen[str | None]):
    """Pick an exclusion reason: a digit picks, o is another reason in the reviewer's own
    words, Enter means no reason, Esc cancels.

    Dismisses with the reason key (OTHER_REASON for o), "" for no reason, or None when
    cancelled.
    """

    DEFAULT_CSS = _MODAL_CSS.format(name="ReasonPicker")

    def __init__(self, reasons: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._by_digit = {digit: key for digit, key, _ in reasons}
        self._reasons = reasons

    def compose(self) -> ComposeResult:
        text = Text("Exclude: why?\n\n", style="bold")
        for digit, key, reason in self._reasons:
            text.append(f" {digit}  ", style="bold")
            text.append(f"{key}: {reason}\n")
        text.append(" o  ", style="bold")
        text.append("other: a reason in your own words\n")
        text.append("\n Enter  exclude with no reason    Esc  cancel", style="dim")
        with Vertical():
            yield Static(text, id="reasons")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in self._by_digit:
            self.dismiss(self._by_digit[event.key])
        elif event.key == "o":
            self.dismiss(OTHER_REASON)
        elif event.key == "enter":
            self.dismiss("")
        elif event.key == "escape":
            self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """One line of text: Enter gives it, Esc cancels (None)."""

    DEFAULT_CSS = _MODAL_CSS.format(name="TextPrompt")
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def __init__(self, label: str, placeholder: str = "") -> None:
        super().__init__()
        self._label = label
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self._label, style="bold"))
            yield Input(placeholder=self._placeholder, id="prompt")
            yield Static(Text("Enter  save    Esc  cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys, and that every decision is saved the moment its key is pressed."""

    DEFAULT_CSS = _MODAL_CSS.format(name="HelpScreen")

    def __init__(self, keys: list[tuple[str, str]], question: str) -> None:
        super().__init__()
        self._keys = keys
        self._question = question

    def compose(self) -> ComposeResult:
        text = Text("Screening keys\n\n", style="bold")
        for key, what in self._keys:
            text.append(f" {key:<3}", style="bold")
            text.append(f"{what}\n")
        text.append("\n Up, Down, PgUp, PgDn scroll a long abstract.\n")
        text.append(" Each decision is saved the moment its key is pressed.\n")
        if self._question:
            text.append(f"\n Review question: {self._question}\n", style="italic")
        text.append("\n Any key closes this help.", style="dim")
        with Vertical():
            yield Static(text, id="help")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)
