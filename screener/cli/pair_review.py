"""Deciding uncertain duplicate pairs by keyboard: d duplicate, n not, s skip, u undo, q quit.

The pair is shown side by side with the fields that differ highlighted. Each key commits its
verdict before the next pair is drawn. On a terminal single keys act at once; on a pipe (or
with --plain) one key per line is read from stdin, which makes the review scriptable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from screener.cli.common import err, out
from screener.review.dedupe import link_pair, open_pairs, undo_link

if TYPE_CHECKING:
    from screener.model import Record
    from screener.review import Review
    from screener.review.dedupe import LinkChange
    from screener.store import PairReview

_FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid",
           "pub_type", "database", "key")  # fmt: skip
_KEYS = "[d] duplicate  [n] not a duplicate  [s] skip  [u] undo  [q] quit"


def _value(record: Record, field: str) -> str:
    value = getattr(record, field)
    if isinstance(value, tuple):
        return "; ".join(value)
    return "" if value is None else str(value)


def pair_table(a: Record, b: Record, pair: PairReview, position: str) -> Table:
    """The two records side by side; differing fields in bold yellow."""
    table = Table(title=f"Pair {position}  score {pair.score:.2f}", title_justify="left")
    table.add_column("field", style="dim")
    table.add_column(f"record {a.id}", overflow="fold", ratio=1)
    table.add_column(f"record {b.id}", overflow="fold", ratio=1)
    for field in _FIELDS:
        left, right = _value(a, field), _value(b, field)
        if not left and not right:
            continue
        style = "" if left.casefold() == right.casefold() else "bold yellow"
        table.add_row(field, Text(left or "-", style=style), Text(right or "-", style=style))
    table.caption = "why asked: " + "; ".join(pair.reasons) if pair.reasons else None
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


def review_pairs_interactively(review: Review, *, plain: bool = False) -> None:
    """Walk the open pairs; every verdict is committed before the next pair is shown."""
    store, actor = review.store, review.actor
    pairs = open_pairs(store)
    console, messages = out(), err()
    if not pairs:
        messages.print("No uncertain pairs to review. Run 'screener dedupe' first.")
        return
    read_key = _key_reader(plain)
    history: list[tuple[PairReview, LinkChange | None, str]] = []
    index = 0
    counts = {"d": 0, "n": 0, "s": 0}
    while index < len(pairs):
        pair = pairs[index]
        a, b = review.record(pair.a_id), review.record(pair.b_id)
        console.print(pair_table(a, b, pair, f"{index + 1} of {len(pairs)}"))
        console.print(_KEYS)
        key = read_key()
        if key == "q":
            break
        if key == "d":
            with store.transaction():
                change = link_pair(store, pair.a_id, pair.b_id, actor)
                store.decide_pair(pair.id, "duplicate", actor)
            history.append((pair, change, key))
        elif key == "n":
            with store.transaction():
                store.decide_pair(pair.id, "distinct", actor)
            history.append((pair, None, key))
        elif key == "s":
            history.append((pair, None, key))
        elif key == "u":
            if not history:
                messages.print("Nothing to undo.")
                continue
            pair, change, undone_key = history.pop()
            counts[undone_key] -= 1
            with store.transaction():
                if change is not None:
                    undo_link(store, change, actor)
                store.decide_pair(pair.id, None, actor)
            index = pairs.index(pair)
            continue
        else:
            messages.print(f"Unknown key {key!r}. {_KEYS}")
            continue
        counts[key] += 1
        index += 1
    with store.transaction():
        store.log(actor, "dedupe --review", {"duplicate": counts["d"], "distinct": counts["n"]})
    messages.print(
        f"{counts['d']} marked duplicate, {counts['n']} not duplicate, {counts['s']} skipped;"
        f" {len(open_pairs(store))} pairs still open."
    )
