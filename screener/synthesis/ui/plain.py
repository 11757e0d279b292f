"""Line mode: coding with prompts on stdin and stdout (dumb terminals, screen readers,
scripts).

Each record is printed, then one prompt per field, starting at the first field the coder
has not coded. A line answers the prompt and is saved at once (as the app's Enter does):
a digit or an option's name (several, separated by spaces or ';', for an any-of field), a
number, a text; a quote asks for its page next, an appraisal for its reason. An empty line
leaves the field as it is and goes on. Commands begin with ':': `:n` next record, `:p`
previous, `:u` undo the last saved field, `:?` help, `:q` quit. End of input quits.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TextIO

from rich.console import Console
from rich.text import Text

from screener.errors import ScreenerError
from screener.screening.ui.printable import printable, shown
from screener.synthesis.frame import CodingField, FieldKind
from screener.synthesis.ui.drafts import Draft, is_many, is_picked, kind_hint, value_of
from screener.synthesis.ui.render import (
    abstract_text,
    end_line,
    progress_line,
    record_text,
    value_line,
)
from screener.synthesis.ui.session import CodingSession

COMMANDS = [
    (":n", "next record"),
    (":p", "previous record"),
    (":u", "undo your last saved field"),
    (":?", "this help"),
    (":q", "quit"),
    ("(empty)", "leave the field as it is and go on"),
]


class _Quit(Exception):
    """End of input or :q."""


class _Moved(Exception):
    """The coder moved to another record (or undid into one): start its fields again."""


class PlainCoding:
    def __init__(self, session: CodingSession, stdin: TextIO, console: Console) -> None:
        self.session = session
        self.stdin = stdin
        self.console = console
        self._echo = not _is_terminal(stdin)

    def run(self) -> None:
        session = self.session
        self._say(f"{session.review.settings.title}: coding as {session.coder}")
        try:
            while True:
                record = session.current()
                if record is None:
                    self._show_end()
                    line = self._read("command (:p back, :q quit) > ")
                    if line:
                        with suppress(_Moved):
                            self._command(line if line.startswith(":") else ":" + line)
                    continue
                self._show_record()
                try:
                    self._code_record()
                except _Moved:
                    continue
                session.go(1)
        except _Quit:
            pass

    # -- one record -----------------------------------------------------------------------

    def _code_record(self) -> None:
        fields = self.session.fields
        start = next(
            (n for n, field in enumerate(fields) if self.session.mine(field.id) is None), 0
        )
        for field in fields[start:]:
            self._code_field(field)

    def _code_field(self, field: CodingField) -> None:
        while True:
            self._show_field(field)
            line = self._answer(f"{field.id} > ")
            if not line:
                return
            draft = self._draft(field, line)
            try:
                value = value_of(field, draft)
                self.session.save(field, value)
            except ScreenerError as error:
                self._say(f"Not saved: {error.message}")
                continue
            self._say(f"Saved: {field.id} = {value_line(value)}")
            return

    def _draft(self, field: CodingField, line: str) -> Draft:
        """The draft a line (and, for a quote or appraisal, the next) gives."""
        if field.kind is FieldKind.APPRAISAL:
            return Draft(picked=_picks(field, line), reason=self._answer(f"{field.id} reason > "))
        if is_picked(field):
            return Draft(picked=_picks(field, line))
        if field.kind is FieldKind.QUOTE:
            return Draft(text=line, page=self._answer(f"{field.id} page > "))
        return Draft(text=line)

    def _answer(self, prompt: str) -> str:
        """The next line that is not a command (commands are carried out on the way)."""
        while True:
            line = self._read(prompt)
            if not line.startswith(":"):
                return line
            self._command(line)

    def _command(self, line: str) -> None:
        word = line[1:].strip().lower()
        session = self.session
        if word in ("q", "quit"):
            raise _Quit
        if word in ("n", "p"):
            if not session.go(1 if word == "n" else -1):
                self._say("No record before this one." if word == "p" else "No more records.")
                return
            raise _Moved
        if word == "u":
            undone = session.undo()
            if undone is None:
                self._say("Nothing to undo.")
                return
            self._say(
                f"Undone: record {undone.record_id} {undone.field} is now"
                f" {value_line(undone.value)}."
            )
            if undone.in_walk:
                raise _Moved
            return
        if word in ("?", "h", "help"):
            for key, what in COMMANDS:
                self._say(f"  {key:<8}{what}")
            return
        self._say(f"Unknown command {line!r}; :? lists them.")

    # -- input and output -----------------------------------------------------------------

    def _read(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")
        self.console.file.flush()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise _Quit
        if self._echo:
            # a terminal echoes what was typed; a pipe does not, so the transcript would
            # otherwise lose the answers
            self.console.print(line.rstrip("\n"), markup=False, highlight=False)
        return line.strip()

    def _say(self, message: str) -> None:
        self.console.print(shown(message))
        self.console.file.flush()

    def _show_record(self) -> None:
        session = self.session
        record = session.current()
        assert record is not None
        self.console.print()
        self.console.print(f"[{progress_line(session.progress())}]", markup=False)
        self.console.print(record_text(record))
        self.console.print()
        self.console.print(abstract_text(record))
        self.console.print()
        self.console.print("Fields: a line saves it; empty keeps it; :? for commands.")

    def _show_field(self, field: CodingField) -> None:
        session = self.session
        progress = session.field_progress()[field.id]
        self.console.print()
        self._say(f"{field.label} ({kind_hint(field)}) · {progress}")
        if field.help:
            self._say(f"  {field.help}")
        if is_picked(field):
            options = "  ".join(
                f"{n if n < 10 else 0 if n == 10 else '-'} {printable(option)}"
                for n, option in enumerate(field.choices, 1)
            )
            self._say(f"  {options}")
        current = session.mine(field.id)
        if current is not None:
            self._say(f"  now: {value_line(current)}")
        standing = session.standing(field.id)
        if standing is not None:
            self._say(f"  {standing.describe()}")

    def _show_end(self) -> None:
        self.console.print()
        self._say(end_line(self.session))


def _picks(field: CodingField, line: str) -> tuple[str, ...]:
    """Options by number or name: an any-of field takes several, separated by ';' (or by
    spaces when they are all numbers)."""
    if not is_many(field):
        parts = [line]
    elif ";" in line:
        parts = line.split(";")
    elif all(word.isdigit() for word in line.split()):
        parts = line.split()
    else:
        parts = [line]
    return tuple(_option(field, part.strip()) for part in parts if part.strip())


def _option(field: CodingField, word: str) -> str:
    """The option numbered `word` (0 is the tenth), else `word` itself: a name, which
    `value_of` checks (with "did you mean")."""
    if word.isdigit():
        index = 9 if word == "0" else int(word) - 1
        if 0 <= index < len(field.choices):
            return field.choices[index]
    return word


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_plain(session: CodingSession, stdin: TextIO, stdout: TextIO) -> None:
    """Code with line prompts; colour only on a terminal and never with NO_COLOR."""
    console = Console(
        file=stdout,
        force_terminal=None if _is_terminal(stdout) else False,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    PlainCoding(session, stdin, console).run()
