"""The duplicates half of `Review`: dedupe runs, the groups and the evidence of their links,
a person's merge and unmerge, the queue of uncertain pairs, and notice links."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from screener.errors import ScreenerError
from screener.review.views import (
    GroupView,
    LinkView,
    MemberView,
    NoticeLine,
    is_retraction_of,
    notice_text,
    shown_path,
)
from screener.store import NoticeLink, PairReview, Store

if TYPE_CHECKING:
    from screener.model import Record, Source
    from screener.review.dedupe import DedupeSummary, Progress
    from screener.review.merging import LinkChange, Unmerged
    from screener.review.pairs import PairDecision, PairSession


def between_groups(
    links: Iterable[NoticeLink], canonical: Callable[[int], int]
) -> list[NoticeLink]:
    """The links with each side replaced by its group's canonical record, once each, in the
    order first met; a link inside one group (a person merged the two) says nothing."""
    seen: dict[tuple[int, int, str], NoticeLink] = {}
    for link in links:
        notice, article = canonical(link.notice_id), canonical(link.article_id)
        if notice != article:
            seen.setdefault((notice, article, link.kind), NoticeLink(notice, article, link.kind))
    return list(seen.values())


class DuplicateMethods:
    """Mixed into `Review`; every write is one transaction with an audit entry."""

    _store: Store
    actor: str
    root: Path

    if TYPE_CHECKING:  # given by Review

        def record(self, record_id: int) -> Record: ...

        def sources(self) -> list[Source]: ...

    def dedupe(self, progress: Progress | None = None) -> DedupeSummary:
        """Merge sure duplicates and queue uncertain pairs, in one transaction."""
        from dataclasses import replace

        from screener.review.dedupe import dedupe_review

        summary = dedupe_review(self._store, self.actor, progress)
        links = self._store.active_duplicate_links()
        return replace(
            summary,
            groups_total=len(set(links.values())),
            merged_total=len(links),
            open_pairs=len(self.pairs()),
            notices_total=len(self.notice_links()),
        )

    def duplicate_links(self) -> dict[int, int]:
        """record id -> the canonical record it is merged into."""
        return self._store.active_duplicate_links()

    def canonical_of(self, record_id: int) -> int | None:
        """The canonical record `record_id` is merged into, or None."""
        return self._store.canonical_of(record_id)

    def notices_of(self, record_id: int) -> list[NoticeLink]:
        """The notice links (erratum, retraction, comment, reply) of `record_id`'s duplicate
        group, as the notice or as the article, between canonical records: an erratum found
        in three databases is one erratum of the article's group."""
        store = self._store
        canonical = store.canonical_of(record_id) or record_id
        links = [
            link
            for member in (canonical, *store.members_of(canonical))
            for link in store.notice_links_of(member)
        ]
        return between_groups(links, lambda rid: store.canonical_of(rid) or rid)

    def notice_lines_of(self, record_id: int) -> list[NoticeLine]:
        """The record's notice links in words, one line each, as `records show` and the
        screening UI print them."""
        canonical = self._store.canonical_of(record_id) or record_id
        return [
            NoticeLine(notice_text(link, canonical), is_retraction_of(link, canonical))
            for link in self.notices_of(record_id)
        ]

    def notice_links(self) -> list[NoticeLink]:
        """Every standing notice link in the review, between canonical records, once each."""
        links = self._store.active_duplicate_links()
        return between_groups(self._store.notice_links(), lambda rid: links.get(rid, rid))

    def duplicates_per_source(self) -> dict[int, int]:
        """source id -> how many of its records are merged into another record."""
        return self._store.duplicates_per_source()

    def duplicate_groups(self) -> dict[int, list[int]]:
        """canonical id -> its members (canonical first), for every group of two or more."""
        from screener.review.dedupe import group_members

        return group_members(self._store)

    # -- the groups as a person reads them ----------------------------------------------

    def group_views(self) -> list[GroupView]:
        """Every duplicate group with its members' citations and the evidence of each link,
        in the order of the canonical records."""
        return self._group_views(None)

    def group_view(self, record_id: int) -> GroupView | None:
        """The group `record_id` belongs to (as canonical record or member), or None."""
        self.record(record_id)  # a clear error for an unknown id
        canonical = self._store.canonical_of(record_id) or record_id
        found = self._group_views(canonical)
        return found[0] if found else None

    def _group_views(self, only: int | None) -> list[GroupView]:
        standing = self._store.standing_links()
        groups: dict[int, list[int]] = {}
        for rid, link in sorted(standing.items()):
            if only is None or link.canonical_id == only:
                groups.setdefault(link.canonical_id, []).append(rid)
        wanted = sorted({*groups, *(m for members in groups.values() for m in members)})
        records = {r.id: r for r in self._store.records(wanted)}
        merges = self._store.merges(
            link.merge_id for link in standing.values() if link.merge_id is not None
        )
        paths = {s.id: shown_path(s.path, self.root) for s in self.sources()}

        def member(record_id: int) -> MemberView:
            record = records[record_id]
            link = standing.get(record_id)
            shown = None
            if link is not None:
                merge = merges.get(link.merge_id) if link.merge_id is not None else None
                shown = LinkView(link, merge)
            return MemberView(record, paths.get(record.source_id, ""), shown)

        return [
            GroupView(canonical, tuple(member(rid) for rid in [canonical, *members]))
            for canonical, members in sorted(groups.items())
        ]

    # -- a person's merge and unmerge ---------------------------------------------------

    def merge(self, a_id: int, b_id: int, *, reason: str = "") -> LinkChange:
        """A person's merge: the groups of the two records become one (one transaction).
        It stands against any dedupe re-run and replaces the person's earlier "distinct"
        between the two groups; `unmerge` of either record undoes it exactly."""
        from screener.review.merging import merge_groups

        self.record(a_id), self.record(b_id)  # clear errors for unknown ids
        with self._store.transaction():
            change = merge_groups(self._store, a_id, b_id, self.actor, reason)
            self._store.log(
                self.actor,
                "merge",
                {"records": [a_id, b_id], "linked": list(change.linked), "reason": reason},
            )
        return change

    def unmerge(self, record_id: int) -> Unmerged:
        """Undo the newest merge by a person that named the record (what it moved stands
        as before), else take the record out of its group alone (the canonical record too:
        the others stay one group). One transaction; a dedupe re-run does not undo it."""
        from screener.review.merging import unmerge

        self.record(record_id)
        return unmerge(self._store, record_id, self.actor)

    # -- the queue of uncertain pairs ---------------------------------------------------

    def pairs(self, *, open_only: bool = True) -> list[PairReview]:
        """Uncertain pairs queued by dedupe: those waiting for a person, or all. A pair
        whose records are in one group by now (merged meanwhile) waits for nobody."""
        found = self._store.pair_reviews(open_only=open_only)
        if not open_only:
            return found
        links = self._store.active_duplicate_links()
        return [p for p in found if links.get(p.a_id, p.a_id) != links.get(p.b_id, p.b_id)]

    def decide_pair(self, pair_id: int, verdict: str) -> PairDecision:
        """A person's verdict on a queued pair: "duplicate" merges it, "distinct" keeps it
        apart for good. Committed before this returns."""
        from screener.review.merging import merge_groups
        from screener.review.pairs import PAIR_VERDICTS, PairDecision

        if verdict not in PAIR_VERDICTS:
            raise ScreenerError(f"unknown pair verdict {verdict!r} (duplicate or distinct)")
        pair = self._store.pair_review(pair_id)
        if pair is None:
            raise ScreenerError(f"no uncertain pair with id {pair_id}")
        change = None
        with self._store.transaction():
            if verdict == "duplicate":
                change = merge_groups(self._store, pair.a_id, pair.b_id, self.actor, "pair review")
            self._store.decide_pair(pair.id, verdict, self.actor)
        return PairDecision(pair, verdict, change)

    def undo_pair(self, decision: PairDecision) -> None:
        """Take back `decide_pair`: the groups stand as before and the pair is open again."""
        from screener.review.merging import take_back

        with self._store.transaction():
            if decision.change is not None:
                take_back(self._store, decision.change, self.actor)
            self._store.decide_pair(decision.pair.id, None, self.actor)

    def pair_session(self) -> PairSession:
        """The open pairs, one at a time, for a keyboard review."""
        from screener.review.pairs import PairSession

        return PairSession(self)  # type: ignore[arg-type]

    def log_pair_session(self, *, duplicate: int, distinct: int) -> None:
        with self._store.transaction():
            self._store.log(
                self.actor, "duplicates review", {"duplicate": duplicate, "distinct": distinct}
            )
