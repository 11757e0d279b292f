"""Plain mode: line prompts for pipes, screen readers and thin terminals.

Each record is printed as plain text, then a prompt; one command per line:
`i`, `e` (no reason), `e 2` or `e population` (with a reason), `m`, `s`, `n TEXT`, `u`,
`/ QUERY`, `?`, `q`, and at the full-text stage `r` (not retrieved) and `a PATH`.
End of input quits. Every decision is committed before the next record is printed.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from screener.errors import ScreenerError
from screener.screening.decisions import OTHER_REASON
from screener.screening.ui.printable import shown
from screener.screening.ui.render import (
    VERDICT_LABELS,
    abstract_text,
    counts_text,
    details_text,
    done_text,
    key_help,
    progress_text,
    ranking_text,
    record_text,
)
from screener.screening.ui.session import ScreeningSession

_VERDICT_WORDS = {"i": "include", "m": "maybe", "r": "not-retrieved"}


class PlainScreening:
    """Drives a session from lines of text; `run` reads until `q` or end of input."""

    def __init__(self, session: ScreeningSession, stdin: TextIO, console: Console) -> None:
        self.session = session
        self.stdin = stdin
        self.console = console
        self._echo = not _is_terminal(stdin)

    def run(self) -> None:
        self._show_start()
        shown: int | None = -1
        try:
            while True:
                if self.session.current_id != shown:
                    shown = self.session.current_id
                    self._show_current()
                self.console.print(self._prompt(), end="")
                self.console.file.flush()
                line = self.stdin.readline()
                if not line:
                    self.console.print()
                    break
                if self._echo:
                    # a terminal echoes what was typed; a pipe does not, so the
                    # transcript would otherwise lose the commands
                    self.console.print(line.rstrip("\n"), markup=False, highlight=False)
                if not self.handle(line.strip()):
                    break
                # between records, the model learns from the decision just made (when due)
                self.session.train_if_due()
        finally:
            kept = self.session.close()
            if kept:
                kept_notes = (
                    "1 note without a verdict was"
                    if kept == 1
                    else f"{kept} notes without a verdict were"
                )
                self._say(f"{kept_notes} kept in the audit log.")

    def handle(self, line: str) -> bool:
        """Carry out one command line; False when the reviewer quits."""
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if not word:
            return True
        try:
            return self._dispatch(word.lower(), rest)
        except ScreenerError as error:
            self._say(f"Not done: {error}")
            return True

    def _dispatch(self, word: str, rest: str) -> bool:
        session = self.session
        if word in {"q", "quit"}:
            return False
        if word in {"?", "h", "help"}:
            for key, what in key_help(session):
                self._say(f"  {key:<3}{what}")
        elif word in _VERDICT_WORDS or word == "e":
            self._decide(_VERDICT_WORDS.get(word, "exclude"), rest)
        elif word == "s":
            session.skip()
            self.console.print("Skipped; it comes back at the end.")
        elif word == "n":
            session.add_note(rest)
            self.console.print("Note kept; it is saved with your verdict on this record.")
        elif word == "a" and session.is_full_text:
            self._say(f"Report attached: {session.attach_report(rest)}")
        elif word == "u":
            undone = session.undo()
            self.console.print(
                "Nothing to undo." if undone is None else f"Undone: back to record {undone}."
            )
        elif word.startswith("/"):
            query = (word[1:] + " " + rest).strip()
            self._say(f"Jumped to record {session.jump(query)}.")
        else:
            self._say(f"Unknown command {word!r}; ? lists the keys.")
        return True

    def _decide(self, verdict: str, reason: str) -> None:
        if self.session.current_id is None:
            self.console.print("Nothing left to screen at this stage.")
            return
        if reason and verdict == "exclude":
            reason = self._reason_key(reason)
        record_id = self.session.current_id
        self.session.decide(verdict, reason)
        why = f" ({reason})" if reason else ""
        self._say(f"Saved: record {record_id} {VERDICT_LABELS[verdict]}{why}.")

    def _reason_key(self, given: str) -> str:
        """The reason key for 'e 2', 'e population' or 'e o WORDS' (another reason in the
        reviewer's own words, kept as the decision's note)."""
        keys = list(self.session.reasons)
        if given.isdigit() and 1 <= int(given) <= len(keys):
            return keys[int(given) - 1]
        if given in self.session.reasons:
            return given
        word, _, words = given.partition(" ")
        if word in ("o", OTHER_REASON) and words.strip():
            self.session.add_note(words)
            return OTHER_REASON
        if word in ("o", OTHER_REASON):
            raise ScreenerError("say the other reason in words: e o WORDS")
        known = ", ".join(f"{n} {key}" for n, key in enumerate(keys, 1)) or "none defined"
        raise ScreenerError(f"unknown reason {given!r} (reasons: {known}, o WORDS for another)")

    # -- output ---------------------------------------------------------------------------

    def _say(self, message: str) -> None:
        """One line that may carry a reviewer's or a record's words: shown as data."""
        self.console.print(shown(message))

    def _show_start(self) -> None:
        session = self.session
        self.console.print(
            shown(
                f"{session.review.settings.title}: stage {session.stage},"
                f" reviewer {session.reviewer}"
            )
        )
        if session.criteria.question:
            self.console.print(shown(f"Question: {session.criteria.question}"))
        if session.criteria.problem:
            self._say(f"Criteria not applied: {session.criteria.problem}")

    def _show_current(self) -> None:
        session = self.session
        record = session.current()
        progress = session.progress()
        self.console.print()
        if record is None:
            self.console.print(done_text(session))
            return
        self.console.print(f"[{progress_text(progress)}; {counts_text(progress)}]", markup=False)
        model = ranking_text(session)
        if model:
            self.console.print(f"[{model}]", markup=False)
        self.console.print(record_text(session, record))
        details = details_text(session, record)
        if details.plain:
            self.console.print(details)
        self.console.print()
        self.console.print(abstract_text(session, record))
        if session.reasons:
            reasons = ", ".join(f"{n} {key}" for n, key in enumerate(session.reasons, 1))
            self._say(f"Exclusion reasons (e.g. 'e 1'): {reasons}; 'e o WORDS' for another")

    def _prompt(self) -> Text:
        session = self.session
        keys = "i e m s n u / ? q"
        if session.is_full_text:
            keys = "i e m r a s n u / ? q"
        return Text(f"{keys} > ", style="bold")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_plain(session: ScreeningSession, stdin: TextIO, stdout: TextIO) -> None:
    """Screen with line prompts; colour only on a terminal and never with NO_COLOR."""
    # A pipe gets plain text even when FORCE_COLOR or TTY_COMPATIBLE (set for a CI log, say)
    # would have rich colour it: the transcript is read by scripts and screen readers.
    console = Console(
        file=stdout,
        force_terminal=None if _is_terminal(stdout) else False,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    PlainScreening(session, stdin, console).run()
