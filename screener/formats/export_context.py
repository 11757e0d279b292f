"""What an export writer is told beyond the records, and what it tells back.

A record's `extra` holds the unmapped fields of whatever format it was read from (RIS and
MEDLINE tags, BibTeX fields, CSV columns), and a merged record holds those of every member.
A name means different things in different formats (`IS` is an issue in RIS and an ISSN in
MEDLINE), so a writer passes a field through only when it came from its own format, and
asks this context which fields those are. The writer lists what it left out here; the
caller says so once, not once per record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from screener.model import Record
from screener.normalize.forms import ARTICLE_NUMBER, AS_READ, CITATION_DISAGREEMENT, CONFERENCE

# format name -> the extra fields read from files of that format
Origins = Mapping[str, Mapping[str, list[str]]]


# Format name -> how the one line on what an export left out names a source's fields;
# "" is screener's own (a field of the record, a value kept by a repair).
ORIGIN_LABELS = {
    "": "screener", "ris": "RIS", "medline": "MEDLINE", "wos": "Web of Science",
    "wos-tab": "Web of Science", "bibtex": "BibTeX", "csv": "CSV", "json": "CSL-JSON",
    "endnote-xml": "EndNote XML", "refer": "EndNote",
}  # fmt: skip

# Fields of a source whose content the record's own fields hold, by the vendors'
# documentation: source format -> field name (lower case) -> the Record field. Once that
# field is written, the source's copy is no loss and goes unnamed.
HELD_BY = {
    "ris": {"ty": "pub_type", "m3": "pub_type", "db": "database", "dp": "database",
            "y1": "year", "c7": "pages", "j2": "journal", "ja": "journal", "j1": "journal"},
    "medline": {"au": "authors", "fau": "authors", "pt": "pub_type", "is": "issn",
                "dp": "year", "mh": "keywords", "ot": "keywords",
                "so": "journal", "jt": "journal", "ta": "journal", "lid": "doi",
                "aid": "doi", "pmid": "pmid", "bti": "journal"},
    "wos": {"au": "authors", "af": "authors", "pt": "pub_type", "dt": "pub_type",
            "so": "journal", "j9": "journal", "ji": "journal", "de": "keywords",
            "id": "keywords", "py": "year", "ar": "pages", "ut": "accession", "sn": "issn",
            "ei": "issn", "bn": "isbn", "di": "doi", "pm": "pmid"},
    "csv": {"source": "journal", "art. no.": "pages", "article number": "pages",
            "author names": "authors", "authors": "authors", "document type": "pub_type"},
    "bibtex": {"date": "year", "journaltitle": "journal", "shortjournal": "journal",
               "eid": "pages"},
}  # fmt: skip
HELD_BY["wos-tab"] = HELD_BY["wos"]
# Values screener's repairs keep in extra (see normalize.forms): a field "as read", and the
# article number that became the pages.
SCREENER_HELD = {ARTICLE_NUMBER: "pages"}
# The other values they keep: a citation's conference name, a value it disagreed on.
SCREENER_KEPT = frozenset({CONFERENCE, CITATION_DISAGREEMENT})


@dataclass(slots=True)
class WriteContext:
    """`origins(record)`: the record's extra fields by the format they were read from (None:
    guessed from the fields, see `guess_origins`); `notes(record)`: lines a note carries
    (notice links). `left_out` collects the names of fields the writer could not carry,
    `left_out_from` the same by where they came from (an ORIGIN_LABELS key)."""

    origins: Callable[[Record], Origins] | None = None
    notes: Callable[[Record], Sequence[str]] | None = None
    left_out: dict[str, None] = field(default_factory=dict)  # an ordered set
    left_out_from: dict[str, dict[str, None]] = field(default_factory=dict)

    def extras_from(self, record: Record, format_name: str) -> Mapping[str, list[str]]:
        """The record's extra fields that were read from `format_name` files."""
        return self.origins_of(record).get(format_name, {})

    def origins_of(self, record: Record) -> Origins:
        return self.origins(record) if self.origins is not None else guess_origins(record)

    def notes_of(self, record: Record) -> Sequence[str]:
        return self.notes(record) if self.notes is not None else ()

    def leave_out(self, name: str, origin: str = "") -> None:
        self.left_out.setdefault(name, None)
        self.left_out_from.setdefault(origin, {}).setdefault(name, None)

    def leave_out_rest(self, record: Record, carried: Callable[[str, str], bool]) -> None:
        """Name every extra field of `record` that the writer did not carry (`carried(origin,
        name)`) and whose content no written field of the record holds (`is_held`)."""
        origins: dict[str, Mapping[str, list[str]]] = {}
        for origin, fields in self.origins_of(record).items():
            if all(fields is not other for other in origins.values()):
                origins[origin] = fields  # a guess may give one set of fields two origins
        for name in record.extra:
            if name.endswith(AS_READ) or name in SCREENER_HELD or name in SCREENER_KEPT:
                if not is_held(record, "", name):
                    self.leave_out(name, "")
                continue
            found = [origin for origin, fields in origins.items() if name in fields] or [""]
            for origin in found:
                if not carried(origin, name) and not is_held(record, origin, name):
                    self.leave_out(name, origin)

    def left_out_line(self, label: str) -> str | None:
        """One line naming, by source, the fields left out, or None when none was:
        'left out 3 source fields RIS has no place for: MEDLINE OWN, STAT; Web of Science PG'."""
        return left_out_line(label, self.left_out_from or {"": self.left_out})


def left_out_line(label: str, left_out_from: Mapping[str, Iterable[str]]) -> str | None:
    """`WriteContext.left_out_line` from names grouped by origin."""
    groups = [(origin, list(names)) for origin, names in left_out_from.items()]
    groups = [(origin, names) for origin, names in groups if names]
    if not groups:
        return None
    count = sum(len(names) for _, names in groups)
    fields = "field" if count == 1 else "fields"
    parts = [f"{ORIGIN_LABELS.get(origin, origin)} {', '.join(names)}" for origin, names in groups]
    return (
        f"left out {count} source {fields} {label} has no place for (written nowhere else in"
        f" the file): {'; '.join(parts)}"
    )


def is_held(record: Record, origin: str, name: str) -> bool:
    """Whether the content of the extra field `name` read from `origin` is written anyway,
    under one of the record's own fields (HELD_BY): a short-author tag when the authors are."""
    if name.endswith(AS_READ):
        holder = name[: -len(AS_READ)]
    else:
        holder = SCREENER_HELD.get(name) or HELD_BY.get(origin, {}).get(name.lower(), "")
    if not holder or not hasattr(record, holder):
        return False
    if holder == "pub_type":
        return True  # every writer writes a type
    value = getattr(record, holder)
    return value is not None and value != "" and value != ()


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
