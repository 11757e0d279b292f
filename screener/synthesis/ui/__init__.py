"""Coding in the terminal: the Textual app, and the line mode for pipes and dumb terminals.

`run_coding` is what `screener code` calls; the app and the line mode drive the same
`CodingSession`, which saves each field the moment it is entered.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screener.review import Review


def run_coding(review: Review, *, coder: str, plain: bool, status: str | None) -> None:
    """Walk `coder`'s records to code (included ones; with `status="full-text"` those at
    full text too) in the terminal UI, or with line prompts when `plain` or when stdin or
    stdout is not a terminal; then one line on stderr of what was saved."""
    from screener.synthesis.ui.session import CodingSession

    review.check_coder(coder)  # a reserved name would post resolutions: refused before the walk
    session = CodingSession(review, coder=coder, status=status)
    if plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from screener.synthesis.ui.plain import run_plain

        run_plain(session, sys.stdin, sys.stdout)
    else:
        from screener.synthesis.ui.app import CodingApp

        CodingApp(session).run()
    progress = session.progress()
    saved = "1 value" if progress.saved == 1 else f"{progress.saved} values"
    print(
        f"{saved} saved this session; {progress.complete} of {progress.total} records"
        f" fully coded by {coder}.",
        file=sys.stderr,
    )
