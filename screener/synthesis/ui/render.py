"""The record, the fields and the progress lines as rich Text, for the app and line mode.

Everything that comes from a file or a coder (titles, options, values) is shown as data:
no markup, no control characters.
"""

from __future__ import annotations

from rich.text import Text

from screener.model import Record
from screener.screening.ui.printable import printable
from screener.synthesis.frame import CodingField
from screener.synthesis.ui.drafts import Draft, is_many, kind_hint
from screener.synthesis.ui.session import CodingSession, FieldProgress, RecordProgress
from screener.synthesis.values import Value, cell_text

KEYS = [
    ("1-9", "pick an option (0 is the tenth); in an any-of field, toggle it"),
    ("Space", "pick or toggle the option under the cursor (Up, Down move it)"),
    ("Tab", "next field (Shift+Tab: previous)"),
    ("Enter", "save the field: it is in the store the moment you press it"),
    ("Esc", "put the field back as saved"),
    ("u", "undo your last saved field (any record)"),
    ("n p", "next / previous record (PageDown / PageUp also inside a text box)"),
    ("?", "this help"),
    ("q", "quit"),
]


def record_text(record: Record) -> Text:
    """Title, authors, year, journal and identifiers: what a coder cites the study by."""
    text = Text()
    text.append(f"Record {record.id}", style="dim")
    if record.key:
        text.append(f"  key {printable(record.key)}", style="dim")
    text.append("\n")
    text.append(printable(record.title or "(no title)"), style="bold")
    authors = "; ".join(record.authors[:8])
    if len(record.authors) > 8:
        authors += f"; and {len(record.authors) - 8} more"
    where = ", ".join(
        part
        for part in (
            record.journal,
            str(record.year) if record.year else "",
            f"vol. {record.volume}" if record.volume else "",
            f"pp. {record.pages}" if record.pages else "",
        )
        if part
    )
    for line in (authors, where, f"DOI {record.doi}" if record.doi else ""):
        if line:
            text.append("\n" + printable(line), style="italic")
    return text


def abstract_text(record: Record) -> Text:
    return Text(printable(record.abstract or "(no abstract)"))


def header_text(session: CodingSession, progress: RecordProgress) -> Text:
    text = Text()
    text.append(f"coding · {printable(session.coder)} · ")
    text.append(printable(session.review.settings.title), style="bold")
    text.append("\n" + progress_line(progress))
    return text


def progress_line(progress: RecordProgress) -> str:
    if progress.position == 0:
        where = f"end of {progress.total} records"
    else:
        where = (
            f"record {progress.position} of {progress.total}"
            f" · {progress.fields_coded} of {progress.fields} fields coded"
        )
    complete = f"{progress.complete} record{'' if progress.complete == 1 else 's'} complete"
    return f"{where} · {complete} · {progress.saved} saved this session"


def field_heading(field: CodingField, progress: FieldProgress, *, saved: bool, dirty: bool) -> Text:
    """`Label (what it takes) · id coded/total`, and whether the field is saved."""
    text = Text()
    text.append(printable(field.label), style="bold")
    text.append(f"  ({kind_hint(field)})", style="dim")
    text.append(f"  {printable(str(progress))}", style="dim")
    if dirty:
        text.append("  * not saved (Enter saves)", style="bold yellow")
    elif saved:
        text.append("  saved", style="green")
    return text


def choices_text(field: CodingField, draft: Draft, cursor: int, focused: bool) -> Text:
    """The options, numbered, with the draft's picks marked and the cursor shown."""
    text = Text()
    for index, option in enumerate(field.choices):
        number = str(index + 1) if index < 9 else ("0" if index == 9 else " ")
        chosen = option in draft.picked
        mark = ("[x]" if chosen else "[ ]") if is_many(field) else ("(•)" if chosen else "( )")
        pointer = ">" if focused and index == cursor else " "
        if index:
            text.append("\n")
        text.append(f"{pointer}{number} {mark} ", style="bold" if chosen else "")
        text.append(printable(option), style="bold" if chosen else "")
    gone = [o for o in draft.picked if o not in field.choices]
    for option in gone:
        text.append(f"\n      {printable(option)} (no longer an option)", style="yellow")
    return text


def value_line(value: Value | None) -> str:
    return printable(cell_text(value)) if value is not None else "(not coded)"


def end_line(session: CodingSession) -> str:
    """The end of the walk: how many of the coder's records are complete, and how many
    studies are left to the coders who have them (one coder per study, or two)."""
    progress = session.progress()
    line = f"End of your records: {progress.complete} of {progress.total} complete."
    left = session.left_to_others
    if left:
        names = ", ".join(sorted({name for coders in left.values() for name in coders}))
        studies = f"{len(left)} stud{'y' if len(left) == 1 else 'ies'}"
        per = (
            "one coder per study"
            if session.coders_per_record == 1
            else f"{session.coders_per_record} coders per study"
        )
        line += f" Left to their coders: {studies} ({printable(names)}; {per})."
    return line
