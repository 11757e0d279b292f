"""A record, the header line and the help as rich Text, shared by the app and plain mode.

Styles carry meaning only as a second channel: every highlighted term is also readable
without colour, and NO_COLOR or a pipe drops the styles altogether.
"""

from __future__ import annotations

from rich.text import Text

from screener.model import Record
from screener.screening.ui.criteria_view import CriteriaView
from screener.screening.ui.pace import Progress, format_duration
from screener.screening.ui.printable import printable
from screener.screening.ui.session import ScreeningSession

SPAN_STYLES = {"include": "bold green", "exclude": "bold red"}
VERDICT_LABELS = {
    "include": "include",
    "exclude": "exclude",
    "maybe": "maybe",
    "not-retrieved": "not retrieved",
}


def highlighted(text: str, criteria: CriteriaView, style: str = "") -> Text:
    """`text` with include terms in green and exclude terms in red (shown as data: no
    markup, no control characters)."""
    text = printable(text)
    rich_text = Text(text, style=style)
    for start, end, kind in criteria.spans(text):
        rich_text.stylize(SPAN_STYLES.get(kind, ""), start, end)
    return rich_text


def _meta_lines(record: Record) -> list[str]:
    authors = "; ".join(record.authors[:6])
    if len(record.authors) > 6:
        authors += f"; and {len(record.authors) - 6} more"
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
    ids = "  ".join(
        part
        for part in (
            f"DOI {record.doi}" if record.doi else "",
            f"PMID {record.pmid}" if record.pmid else "",
            f"from {record.database}" if record.database else "",
            f"key {record.key}" if record.key else "",
        )
        if part
    )
    return [printable(line) for line in (authors, where, ids) if line]


def record_text(session: ScreeningSession, record: Record) -> Text:
    """The record's heading: title, bibliographic lines and keywords."""
    criteria = session.criteria
    text = Text()
    text.append(f"Record {record.id}", style="dim")
    predicted = session.predicted_relevance()
    if predicted is not None:
        text.append(f" · predicted relevance {predicted:.2f}", style="dim")
    text.append("\n")
    text.append_text(highlighted(record.title or "(no title)", criteria, "bold"))
    for line in _meta_lines(record):
        text.append("\n" + line, style="italic")
    if record.keywords:
        text.append("\nKeywords: ", style="dim")
        text.append_text(highlighted("; ".join(record.keywords), criteria))
    return text


def abstract_text(session: ScreeningSession, record: Record) -> Text:
    """The abstract, highlighted; it scrolls when long."""
    return highlighted(record.abstract or "(no abstract)", session.criteria)


def details_text(session: ScreeningSession, record: Record) -> Text:
    """What else bears on the verdict: the report, criteria flags, notes, a standing verdict.

    Shown above the abstract, so that none of it hides below a long abstract.
    """
    lines: list[Text] = []
    if session.is_full_text:
        locations = session.report_locations()
        where = "\n  ".join(locations) if locations else "not found (a: attach a path)"
        lines.append(Text("Report: ", style="bold").append(printable(where)))
    if record.id is not None:
        # One sober line per notice link; a retraction stands out (styles drop off a pipe).
        for notice in session.review.notice_lines_of(record.id):
            lines.append(Text(notice.text, style="bold red" if notice.retracted else ""))
    for decision in session.shown_verdicts():
        why = f" ({printable(decision.reason)})" if decision.reason else ""
        line = Text(f"{printable(decision.reviewer)}: ", style="bold")
        line.append(f"{VERDICT_LABELS.get(decision.verdict, decision.verdict)}{why}")
        if decision.note:
            line.append(f"  note: {printable(decision.note)}", style="cyan")
        lines.append(line)
    for flag in session.criteria.flags(record):
        lines.append(Text(f"Criteria flag: {printable(flag)}", style="yellow"))
    for note in session.notes():
        lines.append(Text(f"Note (saved with your verdict): {printable(note)}", style="cyan"))
    standing = session.current_verdict()
    if standing:
        lines.append(Text(f"Your standing verdict: {VERDICT_LABELS.get(standing, standing)}"))
    return Text("\n").join(lines)


def counts_text(progress: Progress) -> str:
    """ "include 3  exclude 5  maybe 1" (not-retrieved only when there is any)."""
    parts = [f"{name} {progress.counts.get(name, 0)}" for name in ("include", "exclude", "maybe")]
    if progress.counts.get("not-retrieved"):
        parts.append(f"not retrieved {progress.counts['not-retrieved']}")
    return "  ".join(parts)


def ranking_text(session: ScreeningSession) -> str:
    """ "relevance model: 42 decisions, last trained 3s ago · recall so far about 80%, buscar
    p = 0.412: keep screening" ("" when the queue is not in the relevance order)."""
    if session.ranking is None:
        return ""
    stopping = session.ranking.stopping_line()
    return session.ranking.header_line() + (f" · {stopping}" if stopping else "")


def progress_text(progress: Progress) -> str:
    """ "12 of 340 screened, about 25 min left" """
    line = f"{progress.done} of {progress.total} screened"
    left = format_duration(progress.seconds_left)
    if left and progress.remaining:
        line += f", {left} left"
    return line


def done_text(session: ScreeningSession) -> Text:
    """The calm screen shown when the queue is empty, or all that is left is on screen in
    other sessions."""
    progress = session.progress()
    text = Text()
    elsewhere = session.open_elsewhere()
    if elsewhere:
        records = "1 record is" if elsewhere == 1 else f"{elsewhere} records are"
        text.append(f"Nothing to screen here now: {records} open in", style="bold")
        text.append(" other sessions and come back if they are left undecided.\n\n", style="bold")
    else:
        text.append("Nothing left to screen at this stage.\n\n", style="bold")
    where = f"Stage {session.stage}" if session.mode_label == session.stage else session.mode_label
    text.append(f"{where[0].upper()}{where[1:]}, reviewer {printable(session.reviewer)}\n")
    text.append(progress_text(progress) + "\n")
    text.append(counts_text(progress) + "\n\n")
    text.append("u undoes your last decision; q quits.\n", style="dim")
    return text


def key_help(session: ScreeningSession) -> list[tuple[str, str]]:
    """The screening keys and what they do at this stage."""
    keys = [
        ("i", "include"),
        ("e", "exclude (with a reason when the review defines reasons)"),
        ("m", "maybe"),
        ("s", "skip: leave undecided, it comes back at the end"),
        ("n", "note: saved with your next verdict on this record"),
        ("u", "undo your last decision and go back to that record"),
        ("/", "jump to a record by id, key or words from its title"),
        ("?", "this help"),
        ("q", "quit (every decision is already saved)"),
    ]
    if session.is_full_text:
        keys[3:3] = [("r", "report not retrieved"), ("a", "attach the path of the report")]
    return keys


def reason_lines(session: ScreeningSession) -> list[tuple[str, str, str]]:
    """(digit, key, text) for each exclusion reason a digit can pick (at most nine)."""
    return [
        (str(n), key, text) for n, (key, text) in enumerate(session.reasons.items(), 1) if n <= 9
    ]
