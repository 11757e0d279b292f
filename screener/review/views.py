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
    from screener.review.conflict_views import ScreeningLine, StageProgress
    from screener.review.merging import LinkChange, Unmerged
    from screener.review.stopping_view import StoppingReport
    from screener.store.duplicates import DuplicateLink, Merge
    from screener.store.notices import NoticeLink


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
        "method": source.method,
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
    screening: tuple[StageProgress, ...] = ()  # per stage: progress per reviewer, conflicts
    stopping: StoppingReport | None = None  # title-abstract: recall so far, safe to stop

    @property
    def conflicts(self) -> int:
        """Conflicts at the screening stages (a pilot's disagreements are no conflicts)."""
        return sum(stage.conflicts for stage in self.screening if stage.stage != "pilot")

    def as_json(self) -> dict[str, object]:
        """`{"title", "sources", "records", "by_status", "conflicts", "screening": [{"stage",
        "records", "reviewers_per_record", "reviewers": {name: verdicts}, "awaiting",
        "conflicts", "resolved"}], "stopping": {"stage", "method", "recall_target",
        "confidence", "records", "screened", "relevant_found", "screened_in_model_order",
        "meaningful", "why_not", "estimated_recall", "p_value", "safe_to_stop"} or null}`"""
        return {
            "title": self.title,
            "sources": self.sources,
            "records": self.records,
            "by_status": self.by_status,
            "conflicts": self.conflicts,
            "screening": [stage.as_json() for stage in self.screening],
            "stopping": self.stopping.as_json() if self.stopping is not None else None,
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
            "kind": d.kind,
        }


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record with its status and the path of the file it came from."""

    record: Record
    status: str
    source: str
    duplicate_of: int | None = None  # the canonical record it is merged into
    group: tuple[int, ...] = ()  # on a group's canonical record: the group, itself first
    notices: tuple[NoticeLink, ...] = ()  # errata, retractions, comments, replies linked
    screening: tuple[ScreeningLine, ...] = ()  # its decisions, as the viewer may see them
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

    @property
    def _group_head(self) -> int:
        """The canonical record of the record's group (itself outside a group): notice links
        run between canonical records."""
        return self.duplicate_of if self.duplicate_of is not None else self.record.id or 0

    def duplicate_lines(self) -> list[str]:
        """ "duplicate of record 12", or the group a canonical record heads; then each
        notice link, one line each."""
        lines = []
        if self.duplicate_of is not None:
            lines.append(f"duplicate of record {self.duplicate_of}")
        elif self.group:
            others = ", ".join(str(rid) for rid in self.group[1:])
            lines.append(f"canonical record of a group of {len(self.group)}: also {others}")
        lines.extend(notice_text(link, self._group_head) for link in self.notices)
        lines.extend(line.text() for line in self.screening)
        return lines

    def as_json(self) -> dict[str, object]:
        """Every field, and `duplicate_of` (id or null), `group` (ids, canonical first; []
        outside a group) and `notices` (`{"kind", "notice", "article", "text"}`)."""
        shown = dict(self.fields)
        shown["duplicate_of"] = self.duplicate_of
        shown["group"] = list(self.group)
        shown["notices"] = [
            {
                "kind": link.kind,
                "notice": link.notice_id,
                "article": link.article_id,
                "text": notice_text(link, self._group_head),
            }
            for link in self.notices
        ]
        shown["screening"] = [line.as_json() for line in self.screening]
        return shown


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


def merge_json(first: int, second: int, change: LinkChange) -> dict[str, object]:
    """`duplicates merge --json`: the two records named, every record that joined the group,
    and the person's merge (its id) or None when they were in one group already."""
    return {"records": [first, second], "linked": list(change.linked), "merge": change.merge_id}


def unmerge_json(result: Unmerged) -> dict[str, object]:
    """`duplicates unmerge --json`: the record named, every record set apart, the canonical
    record of the group they left, and the person's merge undone (or None)."""
    return {
        "record": result.record,
        "unmerged": list(result.freed),
        "group": result.group,
        "merge_undone": None if result.merge is None else _merge_json(result.merge),
    }


# -- duplicate groups: who is in them and why ----------------------------------------------


def _when(stamp: str) -> str:
    """A stored time as a person reads it: "2026-12-07 14:05 UTC"."""
    if len(stamp) >= 16 and stamp[10] == "T" and stamp.endswith("+00:00"):
        return f"{stamp[:10]} {stamp[11:16]} UTC"
    return stamp


def _merge_json(merge: Merge) -> dict[str, object]:
    return {
        "id": merge.id,
        "records": [merge.a_id, merge.b_id],
        "reason": merge.reason,
        "by": merge.actor,
        "time": merge.time,
    }


@dataclass(frozen=True, slots=True)
class LinkView:
    """How a member came to be linked to its group's canonical record, and on what evidence."""

    link: DuplicateLink
    merge: Merge | None  # the person's merge that put the link in place, if any

    @property
    def by_person(self) -> bool:
        """Whether a person made this link (the group it headed was merged by hand)."""
        return self.link.how == "manual"

    def lines(self) -> list[str]:
        """The evidence in words: how the link was made, then a person's merge it rode in on."""
        link, merge = self.link, self.merge
        if self.by_person:
            who = merge.actor if merge else link.actor
            when = merge.time if merge else link.created_at
            first = f"merged by {who} on {_when(when)}"
            if link.matched_id is not None:
                first += f" with record {link.matched_id}"
            if merge and merge.reason:
                first += f": {merge.reason}"
            return [first]
        first = f"auto, dedupe run {link.run_id}" if link.run_id else "auto"
        if link.score is not None:
            first += f", score {link.score:.2f}"
        if link.matched_id is not None:
            first += f" with record {link.matched_id}"
        if link.reasons is None:
            first += " (reasons not recorded: linked before screener kept them)"
        elif link.reasons:
            first += ": " + "; ".join(link.reasons)
        lines = [first]
        if merge is not None:
            lines.append(
                f"in this group by {merge.actor}'s merge of records {merge.a_id} and"
                f" {merge.b_id} on {_when(merge.time)}"
            )
        return lines

    def as_json(self) -> dict[str, object]:
        link = self.link
        return {
            "how": link.how,
            "run": link.run_id,
            "score": link.score,
            "reasons": None if link.reasons is None else list(link.reasons),
            "matched": link.matched_id,
            "by": link.actor,
            "time": link.created_at,
            "merge": None if self.merge is None else _merge_json(self.merge),
        }


@dataclass(frozen=True, slots=True)
class MemberView:
    """A record of a duplicate group, as a short citation, with its link (None on the
    group's canonical record)."""

    record: Record
    source: str  # the file it came from, relative to the review folder when inside it
    link: LinkView | None

    @property
    def first_author(self) -> str:
        """The first author's family name ("" when the record names none)."""
        if not self.record.authors:
            return ""
        return self.record.authors[0].split(",")[0].strip()

    def citation(self) -> str:
        """ "Okafor 2021" , "(no author) 2021", "Okafor (no year)" """
        author = self.first_author or "(no author)"
        return f"{author} {self.record.year or '(no year)'}"

    def where(self, *, file_name_only: bool = False) -> str:
        """The source file and database: "searches/scopus.ris, Scopus" (with
        `file_name_only`, "scopus.ris, Scopus")."""
        source = Path(self.source).name if file_name_only else self.source
        return ", ".join(part for part in (source, self.record.database or "") if part)

    def as_json(self) -> dict[str, object]:
        record = self.record
        return {
            "id": record.id,
            "key": record.key,
            "first_author": self.first_author,
            "year": record.year,
            "title": record.title,
            "source": self.source,
            "database": record.database,
            "link": None if self.link is None else self.link.as_json(),
        }


@dataclass(frozen=True, slots=True)
class GroupView:
    """One duplicate group: the canonical record first, then the records merged into it."""

    canonical: int
    members: tuple[MemberView, ...]

    @property
    def steered_by_person(self) -> bool:
        """Whether a person's merge put any of its members in place."""
        return any(
            m.link is not None and (m.link.by_person or m.link.merge is not None)
            for m in self.members
        )

    def as_json(self) -> dict[str, object]:
        """`duplicates show --json` (and each element of `duplicates list --json`):
        `{"canonical": id, "size": n, "members": [{"id", "key", "first_author", "year",
        "title", "source", "database", "link": null | {"how": "auto"|"manual", "run",
        "score", "reasons", "matched", "by", "time", "merge": null | {"id", "records",
        "reason", "by", "time"}}}]}`; the canonical record's link is null."""
        return {
            "canonical": self.canonical,
            "size": len(self.members),
            "members": [member.as_json() for member in self.members],
        }


# -- notice links ------------------------------------------------------------------------

_NOTICE_OF = {"erratum": "erratum of", "retraction": "retraction of", "comment": "comment on",
              "reply": "reply to"}  # fmt: skip
_ARTICLE_HAS = {"erratum": "has an erratum", "retraction": "IS RETRACTED",
                "comment": "has a comment", "reply": "has a reply"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NoticeLine:
    """A notice link as one record shows it; `retracted`: the line says it is retracted."""

    text: str
    retracted: bool


def is_retraction_of(link: NoticeLink, record_id: int) -> bool:
    """Whether `link` says that the record `record_id` is retracted."""
    return link.kind == "retraction" and link.article_id == record_id


def notice_text(link: NoticeLink, record_id: int) -> str:
    """The link as the record `record_id` shows it: "erratum of record 42" on the notice,
    "has an erratum: record 57" or "IS RETRACTED: record 57" on its article."""
    if link.notice_id == record_id:
        return f"{_NOTICE_OF.get(link.kind, link.kind + ' of')} record {link.article_id}"
    return f"{_ARTICLE_HAS.get(link.kind, 'has a ' + link.kind)}: record {link.notice_id}"


@dataclass(frozen=True, slots=True)
class NoticePartner:
    """The other record of a notice link as an export names it: its title and DOI, and its
    key where it is in the same export (the file's `ID` or citation key)."""

    title: str = ""
    doi: str = ""
    key: str = ""


# The article's side of a link, in an export: a retracted article points to its notice.
_ARTICLE_SEES = {"retraction": "IS RETRACTED: see"}


def notice_lines(
    record_id: int, links: Iterable[NoticeLink], partners: Mapping[int, NoticePartner] | None = None
) -> list[str]:
    """Each link involving `record_id`, once, as an export's note: what the link is, then
    the partner as a reader of the file can find it (title, DOI, key in the export) and as
    the review knows it (screener's record id), e.g. `erratum of: "A trial" (doi:10.1/x;
    screener record 42)`, `IS RETRACTED: see "Retraction: A trial" (screener record 57)`."""
    lines: list[str] = []
    for link in links:
        if record_id not in (link.notice_id, link.article_id):
            continue
        if link.notice_id == record_id:
            partner_id, phrase = link.article_id, _NOTICE_OF.get(link.kind, link.kind + " of") + ":"
        else:
            partner_id = link.notice_id
            phrase = (
                _ARTICLE_SEES.get(link.kind)
                or _ARTICLE_HAS.get(link.kind, "has a " + link.kind) + ":"
            )
        partner = (partners or {}).get(partner_id, NoticePartner())
        where = [
            f"doi:{partner.doi}" if partner.doi else "",
            f"key {partner.key}" if partner.key else "",
        ]
        details = "; ".join([*filter(None, where), f"screener record {partner_id}"])
        title = f'"{partner.title}" ' if partner.title else ""
        line = f"{phrase} {title}({details})"
        if line not in lines:
            lines.append(line)
    return lines
