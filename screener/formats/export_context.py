"""What an export writer is told beyond the records, and what it tells back.

A record's `extra` holds the unmapped fields of whatever format it was read from (RIS and
MEDLINE tags, BibTeX fields, CSV columns), and a merged record holds those of every member.
A name means different things in different formats (`IS` is an issue in RIS and an ISSN in
MEDLINE), so a writer passes a field through only when it came from its own format, and
asks this context which fields those are. The writer lists what it left out here; the
caller says so once, not once per record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from screener.model import Record

# format name -> the extra fields read from files of that format
Origins = Mapping[str, Mapping[str, list[str]]]


@dataclass(slots=True)
class WriteContext:
    """`origins(record)`: the record's extra fields by the format they were read from (None:
    guessed from the fields, see `guess_origins`); `notes(record)`: lines a note carries
    (notice links). `left_out` collects the names of fields the writer could not carry."""

    origins: Callable[[Record], Origins] | None = None
    notes: Callable[[Record], Sequence[str]] | None = None
    left_out: dict[str, None] = field(default_factory=dict)  # an ordered set

    def extras_from(self, record: Record, format_name: str) -> Mapping[str, list[str]]:
        """The record's extra fields that were read from `format_name` files."""
        origins = self.origins(record) if self.origins is not None else guess_origins(record)
        return origins.get(format_name, {})

    def notes_of(self, record: Record) -> Sequence[str]:
        return self.notes(record) if self.notes is not None else ()

    def leave_out(self, name: str) -> None:
        self.left_out.setdefault(name, None)

    def left_out_line(self, label: str) -> str | None:
        """'left out 3 fields RIS cannot carry: OWN, STAT, PHST', or None when none was."""
        if not self.left_out:
            return None
        count = len(self.left_out)
        fields = "field" if count == 1 else "fields"
        return f"left out {count} {fields} {label} cannot carry: {', '.join(self.left_out)}"


def guess_origins(record: Record) -> Origins:
    """Where a record's extra fields came from, judged by the fields themselves, for callers
    that do not know (a stateless dedupe): the RIS reader keeps every record's `TY`, a
    MEDLINE record keeps its `DP` (publication date) and has no `TY`. Fields of any other
    format are taken as the writer's own, which only RIS, with its two-letter tags shared
    by other tagged formats, must not do."""
    extra = record.extra
    if "TY" in extra:
        return {"ris": extra}
    if "DP" in extra:
        return {"medline": extra}
    return {"bibtex": extra, "json": extra}
