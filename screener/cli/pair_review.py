"""`screener duplicates review`: the keys and the screen of the pair review.

d duplicate, n not, s skip, u undo, q quit. The pair is shown side by side with the fields that
differ highlighted; `Review.pair_session()` commits each verdict before the next pair is drawn.
On a terminal single keys act at once; on a pipe (or with --plain) one key per line is read
from stdin, which makes the review scriptable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from screener.cli.common import err, out
from screener.screening.ui.printable import printable, shown

if TYPE_CHECKING:
    from screener.model import Record
    from screener.review import Review
    from screener.review.pairs import PairReview, PairSummary

_FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid",
           "pub_type", "database", "key")  # fmt: skip
# Printed as plain text: in Rich markup "[s]" would strike the rest through and "[u]" underline.
KEYS = "[d] duplicate  [n] not a duplicate  [s] skip  [u] undo  [q] quit"


def _value(record: Record, field: str) -> str:
    value = getattr(record, field)
    if isinstance(value, tuple):
        return "; ".join(value)
    return "" if value is None else str(value)


def pair_table(a: Record, b: Record, pair: PairReview, position: str) -> Table:
    """The two records side by side; differing fields in bold yellow."""
    table = Table(title=Text(f"Pair {position}  score {pair.score:.2f}"), title_justify="left")
    table.add_column("field", style="dim")
    table.add_column(f"record {a.id}", overflow="fold", ratio=1)
    table.add_column(f"record {b.id}", overflow="fold", ratio=1)
    for field in _FIELDS:
        left, right = _value(a, field), _value(b, field)
        if not left and not right:
            continue
        style = "" if left.casefold() == right.casefold() else "bold yellow"
        table.add_row(
            field,
            Text(printable(left) or "-", style=style),
            Text(printable(right) or "-", style=style),
        )
    if pair.reasons:
        table.caption = shown("why asked: " + "; ".join(pair.reasons))
    return table


def _key_reader(plain: bool) -> Callable[[], str]:
    if plain or not sys.stdin.isatty():

        def read_line() -> str:
            line = sys.stdin.readline()
            return line.strip()[:1].lower() if line else "q"

        return read_line
    import termios
    import tty

    def read_key() -> str:
        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            return sys.stdin.read(1).lower()
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)

    return read_key


def review_pairs_interactively(
    review: Review, *, plain: bool = False, pairs_on_stderr: bool = False
) -> PairSummary | None:
    """Show each open pair and act on its key; None when no pair was waiting.

    With `pairs_on_stderr` (for --json) the pairs are drawn on stderr, keeping stdout for
    the summary."""
    session = review.pair_session()
    if not session.pairs:
        return None
    messages = err()
    console = messages if pairs_on_stderr else out()
    read_key = _key_reader(plain)
    actions = {"d": session.duplicate, "n": session.distinct, "s": session.skip}
    while (found := session.current()) is not None:
        pair, a, b = found
        console.print(pair_table(a, b, pair, f"{session.position} of {len(session.pairs)}"))
        console.print(KEYS, markup=False)
        key = read_key()
        if key == "q":
            break
        if key in actions:
            actions[key]()
        elif key == "u":
            if session.undo() is None:
                messages.print("Nothing to undo.")
        else:
            messages.print(shown(f"Unknown key {key!r}. {KEYS}"))
    return session.close()
