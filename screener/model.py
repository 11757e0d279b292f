"""The review's vocabulary: records, sources, decisions, stages and verdicts."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal, TypedDict, TypeGuard, cast, get_args

# Controlled vocabulary for Record.pub_type (DESIGN, data model).
PUB_TYPES: tuple[str, ...] = (
    "article",
    "review",
    "conference",
    "book",
    "chapter",
    "thesis",
    "report",
    "preprint",
    "editorial",
    "letter",
    "erratum",
    "other",
)


@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic record as read from an export, normalised.

    Text fields are "" when absent; `extra` keeps every field the reader did not map
    (field name -> values, in file order) so that an export round-trips without loss.
    `key` is the record's identifier in its file; `line` the line it starts on.
    `id` and `source_id` are set once the record is in a review's store.
    """

    title: str = ""
    abstract: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    issn: str = ""
    isbn: str = ""
    language: str = ""
    pub_type: str = ""
    keywords: tuple[str, ...] = ()
    url: str = ""
    database: str = ""
    accession: str = ""
    key: str = ""
    extra: dict[str, list[str]] = field(default_factory=dict, compare=False)
    raw: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    id: int | None = field(default=None, compare=False)
    source_id: int | None = field(default=None, compare=False)


if TYPE_CHECKING:

    class StoredRecord(Record):
        """A Record read from a review's store, so its `id` and `source_id` are set.

        Only the type checker tells the two apart: at run time a StoredRecord is a Record,
        equal to the same record read from its file (and pickled, replaced and compared
        like one). The store builds them; `stored` narrows a Record known to be one.
        """

        id: int
        source_id: int

else:
    StoredRecord = Record


def stored(record: Record) -> StoredRecord:
    """The record as a StoredRecord; ValueError when it has no id or source yet."""
    if record.id is None or record.source_id is None:
        raise ValueError(f"record {record.key!r} is not in a review's store")
    return cast(StoredRecord, record)


class RecordFields(TypedDict, total=False):
    """Keyword arguments of Record, for the dicts readers fill before building one."""

    title: str
    abstract: str
    authors: tuple[str, ...]
    year: int | None
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    pmid: str
    issn: str
    isbn: str
    language: str
    pub_type: str
    keywords: tuple[str, ...]
    url: str
    database: str
    accession: str
    key: str
    extra: dict[str, list[str]]
    raw: str
    line: int
    id: int | None
    source_id: int | None


_BIBLIOGRAPHIC = tuple(f for f in fields(Record) if f.compare and f.name != "key")
# Every bibliographic field of a Record, in declaration order (not key or bookkeeping).
BIBLIOGRAPHIC_FIELDS: tuple[str, ...] = tuple(f.name for f in _BIBLIOGRAPHIC)
# The bibliographic fields that hold one plain text ("" when absent), in declaration order.
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in _BIBLIOGRAPHIC if f.default == "")

# What a format's field table maps a tag or column onto: the key or a text field. As a type,
# so that a table's names are checked and the reader's RecordFields takes them; tests keep
# it, and RecordFields, in step with Record.
TextTarget = Literal[
    "key",
    "title",
    "abstract",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "issn",
    "isbn",
    "language",
    "pub_type",
    "url",
    "database",
    "accession",
]
_TEXT_TARGETS: frozenset[str] = frozenset(get_args(TextTarget))


def is_text_target(name: str | None) -> TypeGuard[TextTarget]:
    """Whether a table may map onto `name`: the key or a text field of Record."""
    return name in _TEXT_TARGETS


@dataclass(frozen=True, slots=True)
class Source:
    """One imported file and the search that produced it."""

    id: int
    path: str
    sha256: str
    format: str
    database: str
    searched_on: str
    query: str
    imported_at: str
    record_count: int
    skipped: int = 0
    warnings: int = 0
    method: str = "database"


# How a source was found, as the PRISMA 2020 flow diagram tells them apart: a bibliographic
# database, or one of the "other methods" (a trial register, a website, an organisation,
# citation searching, anything else), or the studies and reports of the review being updated.
SOURCE_METHODS: tuple[str, ...] = (
    "database",
    "register",
    "website",
    "organisation",
    "citation",
    "other",
    "previous",
)


class Stage(str, enum.Enum):
    PILOT = "pilot"
    TITLE_ABSTRACT = "title-abstract"
    FULL_TEXT = "full-text"


class Verdict(str, enum.Enum):
    INCLUDE = "include"
    EXCLUDE = "exclude"
    MAYBE = "maybe"
    NOT_RETRIEVED = "not-retrieved"


# The names a user types, as the command line and the CSV files check them.
STAGES: tuple[str, ...] = tuple(s.value for s in Stage)
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)
# The stages that decide a record's place in the flow (the pilot decides nothing).
SCREENING_STAGES: tuple[str, ...] = (Stage.TITLE_ABSTRACT.value, Stage.FULL_TEXT.value)


class Status(str, enum.Enum):
    """A canonical record's place in the PRISMA flow, in PRISMA order."""

    DUPLICATE = "duplicate"
    EXCLUDED_AUTOMATIC = "excluded-automatic"
    TITLE_ABSTRACT = "title-abstract"
    EXCLUDED_SCREENING = "excluded-screening"
    FULL_TEXT = "full-text"
    NOT_RETRIEVED = "not-retrieved"
    EXCLUDED_FULL_TEXT = "excluded-full-text"
    INCLUDED = "included"


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewer's verdict on one record at one stage; decisions are append-only."""

    record_id: int
    stage: str
    reviewer: str
    verdict: str
    reason: str = ""
    note: str = ""
    time: str = ""
    kind: str = "decision"  # or "resolution": an adjudicator settling a conflict
    uuid: str = ""  # given when stored; the same on every machine a sync carries it to
    criteria_sha256: str = ""  # the criteria.toml in force when it was made
