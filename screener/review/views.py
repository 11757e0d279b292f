"""What the review's reading commands show, each with the JSON shape scripts parse.

Every `--json` output is built here (or beside the report it belongs to), never in the CLI,
so that a notebook gets the same data the command line prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.model import TEXT_FIELDS, Decision, Record, Source

if TYPE_CHECKING:
    from screener.criteria import Evaluation
    from screener.store import NoticeLink


def shown_path(path: str, root: Path) -> str:
    """A source path as a person reads it: relative to the review folder when inside it."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def source_json(source: Source) -> dict[str, object]:
    return {
        "id": source.id,
        "path": source.path,
        "sha256": source.sha256,
        "format": source.format,
        "database": source.database,
        "searched_on": source.searched_on,
        "query": source.query,
        "imported_at": source.imported_at,
        "records": source.record_count,
        "skipped": source.skipped,
        "warnings": source.warnings,
    }


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """A file of a multi-file import that was refused; the other files were still tried."""

    path: str
    error: ScreenerError

    def as_json(self) -> dict[str, object]:
        return {"file": self.path, "error": self.error.message, "line": self.error.line}


@dataclass(frozen=True, slots=True)
class StatusReport:
    title: str
    sources: int
    records: int
    by_status: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "sources": self.sources,
            "records": self.records,
            "by_status": self.by_status,
        }


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A current decision with the record's key in its file."""

    decision: Decision
    key: str

    def as_json(self) -> dict[str, object]:
        d = self.decision
        return {
            "record": d.record_id,
            "key": self.key,
            "stage": d.stage,
            "reviewer": d.reviewer,
            "verdict": d.verdict,
            "reason": d.reason,
            "note": d.note,
            "time": d.time,
        }


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record with its status and the path of the file it came from."""

    record: Record
    status: str
    source: str
    fields: dict[str, object] = field(init=False)

    def __post_init__(self) -> None:
        record = self.record
        shown: dict[str, object] = {"id": record.id, "key": record.key, "status": self.status}
        shown["source"] = self.source
        shown["authors"] = list(record.authors)
        shown["year"] = record.year
        shown.update({name: getattr(record, name) for name in TEXT_FIELDS})
        shown["keywords"] = list(record.keywords)
        shown["extra"] = record.extra
        object.__setattr__(self, "fields", shown)

    def as_json(self) -> dict[str, object]:
        return dict(self.fields)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a record passed, was flagged or was excluded, rule by rule."""

    record: Record
    evaluation: Evaluation

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record.id,
            "key": self.record.key,
            "outcome": self.evaluation.outcome,
            "rules": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "result": r.result,
                    "action": r.action,
                    "effect": r.effect,
                    "reason": r.reason,
                    "detail": r.detail,
                    "matches": [
                        {"term": m.term, "field": m.field, "spans": m.spans} for m in r.matches
                    ],
                }
                for r in self.evaluation.results
            ],
        }


def merge_json(first: int, second: int, linked: tuple[int, ...]) -> dict[str, object]:
    """`duplicates merge --json`: the two records named and every record newly linked."""
    return {"records": [first, second], "linked": list(linked)}


def unmerge_json(record_id: int, freed: list[int]) -> dict[str, object]:
    """`duplicates unmerge --json`: the record named and every record set apart."""
    return {"record": record_id, "unmerged": freed}


# kind of notice -> (what the notice is of its article, what the article has)
NOTICE_WORDS: dict[str, tuple[str, str]] = {
    "erratum": ("erratum of", "has an erratum:"),
    "retraction": ("retraction of", "IS RETRACTED:"),
    "comment": ("comment on", "has a comment:"),
    "reply": ("reply to", "has a reply:"),
}


def notice_lines(
    record_id: int, links: Iterable[NoticeLink], titles: Mapping[int, str] | None = None
) -> list[str]:
    """What the notice links say about one record, a line each, in the order given: on a
    notice "erratum of record 42 (Its title)", on its article "has an erratum: record 57" or
    "IS RETRACTED: record 57". Links not involving `record_id` say nothing; a title is
    shown where `titles` has it."""
    lines: list[str] = []
    for link in links:
        of_article, on_article = NOTICE_WORDS.get(
            link.kind, (f"{link.kind} of", f"has a {link.kind}:")
        )
        if link.notice_id == record_id:
            title = (titles or {}).get(link.article_id, "")
            lines.append(
                f"{of_article} record {link.article_id}" + (f" ({title})" if title else "")
            )
        elif link.article_id == record_id:
            lines.append(f"{on_article} record {link.notice_id}")
    return lines
