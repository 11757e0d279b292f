"""Notice links: an erratum, retraction, comment or reply tied to the article it is about.

A notice is not a duplicate: it keeps its own record and place in screening, and its link
only tells a reader of either record that the other exists. Links are never deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from screener.store.rows import now


@dataclass(frozen=True, slots=True)
class NoticeLink:
    """`notice_id` is a notice of `kind` ("erratum", "retraction", "comment", "reply")
    about the article `article_id`."""

    notice_id: int
    article_id: int
    kind: str


_SELECT = "SELECT notice_id, article_id, kind FROM notice_links WHERE undone_at IS NULL"


class NoticesMixin:
    _db: sqlite3.Connection

    def add_notice_links(
        self, links: Iterable[NoticeLink], *, run_id: int | None, actor: str
    ) -> int:
        """Link each notice to its article unless that link already stands; returns how
        many links were written."""
        standing = {(link.notice_id, link.article_id) for link in self.notice_links()}
        rows = []
        for link in links:
            key = (link.notice_id, link.article_id)
            if key in standing:
                continue
            standing.add(key)
            rows.append((link.notice_id, link.article_id, link.kind, run_id, now(), actor))
        self._db.executemany(
            "INSERT INTO notice_links (notice_id, article_id, kind, run_id, created_at, actor)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def notice_links(self) -> list[NoticeLink]:
        """Every standing notice link, in the order they were made."""
        rows = self._db.execute(f"{_SELECT} ORDER BY id")
        return [NoticeLink(*row) for row in rows]

    def notice_links_of(self, record_id: int) -> list[NoticeLink]:
        """The standing links in which `record_id` is the notice or the article."""
        rows = self._db.execute(
            f"{_SELECT} AND (notice_id = ? OR article_id = ?) ORDER BY id",
            (record_id, record_id),
        )
        return [NoticeLink(*row) for row in rows]
