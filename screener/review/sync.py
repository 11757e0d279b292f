"""Decisions that travel: `sync DIR` and `decisions export|import FILE` (the format and
its checks: screener.sync).

Which file a copy writes: every decision row (and every person's word on a pair) this copy
holds that no file of the folder holds yet goes to the file of the reviewer who gave it,
`DIR/<reviewer>.jsonl`, appended in the order it was made. A reviewer who screens on one
machine is thus the only writer of their file; rows this copy read from a file are in it
already and are never written twice.

Every sync leaves the file of the reviewer running it in the folder (a header alone when they
have nothing to share yet), so the folder names its review from the first sync on.

Which review a copy belongs to: its review id (`screener init` makes one; a copy of a
review folder shares it). A copy with no decisions of its own that never synced adopts the
id of the folder's files on its first sync (or import); otherwise a file of another review
is refused, unless `--join` says this copy is to become part of that review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from screener.errors import ScreenerError
from screener.store import Store
from screener.store.team import DecisionRow
from screener.sync import (
    RELEVANCE_ORDER,
    BadSyncFile,
    Chains,
    IdentityConflict,
    PairLine,
    RecordRef,
    SyncFile,
    SyncLine,
    decision_line,
    header_line,
    pair_line,
    pair_uuid,
    parse_line,
    portable_refs,
    read_sync_file,
)

SUFFIX = ".jsonl"
_SYNCED = "synced"  # review_meta key: this copy has read or written a sync file
_KEPT = "(kept aside)"


@dataclass(slots=True)
class SyncReport:
    """What a sync or an import did."""

    files: list[str] = field(default_factory=list)  # read
    added: int = 0  # decision rows added
    pairs: int = 0  # a person's words on pairs applied
    known: int = 0  # rows this copy held already
    kept_aside: int = 0  # rows for records this copy lacks, newly kept aside
    pending: int = 0  # rows kept aside in all, after this sync
    from_pending: int = 0  # rows kept aside before, applied now
    written: dict[str, int] = field(default_factory=dict)  # file -> lines appended
    identity: list[IdentityConflict] = field(default_factory=list)
    joined: str | None = None  # the review id adopted

    def as_json(self) -> dict[str, object]:
        return {
            "files": self.files,
            "added": self.added,
            "pairs": self.pairs,
            "known": self.known,
            "kept_aside": self.kept_aside,
            "pending": self.pending,
            "from_pending": self.from_pending,
            "written": self.written,
            "identity_conflicts": [c.describe() for c in self.identity],
            "joined": self.joined,
        }


def reviewer_file(folder: Path, reviewer: str) -> Path:
    """`DIR/<reviewer>.jsonl`, the name made safe for any file system."""
    name = re.sub(r"[^\w.-]", "_", reviewer.strip()) or "_"
    return folder / f"{'_' if name.startswith('.') else ''}{name}{SUFFIX}"


class _Copy:
    """This copy as sync sees it: portable references both ways, groups, what it holds."""

    def __init__(self, store: Store) -> None:
        from screener.review.ranking import relevance_ordered

        self.store = store
        # (reviewer, stage, record) decided in the relevance order: their lines say so
        self.ordered = relevance_ordered(store)
        self.refs = portable_refs(store.record_places())
        self.ids = {ref: rid for rid, ref in self.refs.items()}
        self.rows = store.decision_rows()
        self.pair_lines = list(self._pair_lines())
        self.pair_uuids = {line.uuid for line in self.pair_lines}

    def _pair_lines(self) -> Iterable[PairLine]:
        for row in self.store.person_pair_verdicts():
            a, b = self.refs.get(row.a_id), self.refs.get(row.b_id)
            if a is None or b is None:
                continue
            uuid = pair_uuid(row.verdict, a, b, row.actor)
            yield PairLine(uuid, a, b, row.verdict, row.actor, row.reason, row.time)

    def decision_lines(self, skip: frozenset[str] | set[str] = frozenset()) -> list[SyncLine]:
        """Every decision row as a line (but those with a UUID in `skip`), each naming
        the row it follows."""
        chains = Chains()
        lines = []
        for row in self.rows:
            key = (row.record_id, row.stage, row.reviewer)
            if row.uuid in skip:
                chains.extend(key, row.uuid)
                continue
            ref = self.refs[row.record_id]
            order = (
                RELEVANCE_ORDER if (row.reviewer, row.stage, row.record_id) in self.ordered else ""
            )
            lines.append(
                SyncLine(row.uuid, ref, row.stage, row.reviewer, row.verdict, row.reason,
                         row.note, row.time, row.kind, row.criteria_sha256, row.undoes,
                         chains.after(key), order=order)
            )  # fmt: skip
            chains.extend(key, row.uuid)
        return lines

    def is_fresh(self) -> bool:
        """No decision or word on a pair of its own, never synced: free to join a review."""
        return not self.rows and not self.pair_lines and self.store.meta(_SYNCED) is None


class SyncMethods:
    """Mixed into `Review`."""

    _store: Store
    actor: str

    def sync(self, folder: Path, *, join: bool = False) -> SyncReport:
        """Read every sync file of `folder`, then append what this copy holds that the
        folder lacks to each reviewer's file. All files are checked before anything is
        written; reading twice adds nothing."""
        if not folder.is_dir():
            raise ScreenerError("not a folder", file=str(folder))
        files = _read_all(sorted(folder.glob(f"*{SUFFIX}")))
        report = self._take_in(files, join=join)
        held = {d.uuid for f in files for d in f.decisions} | {
            p.uuid for f in files for p in f.pairs
        }
        del files  # a whole review's worth of lines, not to be held twice
        copy = _Copy(self._store)
        review_id = self._store.review_id()
        for reviewer, lines in _by_reviewer(copy, held).items():
            path = reviewer_file(folder, reviewer)
            _append(path, review_id, lines)
            report.written[str(path)] = report.written.get(str(path), 0) + len(lines)
        own = reviewer_file(folder, self.actor)
        if not own.exists():
            # The first sync of a reviewer with nothing to share yet still puts the review's
            # id in the folder, so that a colleague's new copy can join it before screening.
            _append(own, review_id, [])
            report.written[str(own)] = 0
        _union_merge(folder)
        if report.written:
            with self._store.transaction():
                self._store.set_meta(_SYNCED, "yes")
        return report

    def import_decisions(self, path: Path, *, join: bool = False) -> SyncReport:
        """Read one sync file (from `decisions export`, mail or a USB stick)."""
        return self._take_in(_read_all([path]), join=join)

    def export_decisions(self, path: Path) -> int:
        """Write every decision and person's word on a pair this copy holds to one file;
        returns the number of lines after the header."""
        copy = _Copy(self._store)
        lines = [pair_line(p) for p in copy.pair_lines]
        lines += [decision_line(d) for d in copy.decision_lines()]
        _write_whole(path, [header_line(self._store.review_id()), *lines])
        return len(lines)

    def pending_count(self) -> int:
        return len(self._store.pending_lines())

    def _take_in(self, files: list[SyncFile], *, join: bool) -> SyncReport:
        from screener.review.sync_apply import apply_lines

        report = SyncReport(files=[str(f.path) for f in files])
        with self._store.transaction():
            report.joined = self._check_review(files, join=join)
            kept = [_kept(uuid, text) for uuid, _, text in self._store.pending_lines()]
            pairs = [p for p in kept if isinstance(p, PairLine)]
            decisions = [d for d in kept if isinstance(d, SyncLine)]
            seen = {line.uuid for line in kept}
            for f in files:
                pairs += [p for p in f.pairs if p.uuid not in seen]
                decisions += [d for d in f.decisions if d.uuid not in seen]
            ordered = apply_lines(
                self._store, pairs, decisions, {line.uuid for line in kept}, report
            )
            self._note_synced_order(ordered)
            if files:
                self._store.set_meta(_SYNCED, "yes")
            self._store.log(self.actor, "sync", {k: v for k, v in report.as_json().items()
                                                if k not in ("identity_conflicts",)})  # fmt: skip
        report.pending = len(self._store.pending_lines())
        return report

    def _note_synced_order(self, ordered: dict[tuple[str, str], list[int]]) -> None:
        """Keep the relevance order the added lines say their decisions were made in, as a
        screening session here would have (for the stopping estimate, and for the lines
        this copy writes on)."""
        from screener.review.ranking import ORDER_LOG

        for (reviewer, stage), records in ordered.items():
            details: dict[str, object] = {
                "stage": stage,
                "records": records,
                "reviewer": reviewer,
                "via": "sync",
            }
            self._store.log(self.actor, ORDER_LOG, details)

    def _check_review(self, files: list[SyncFile], *, join: bool) -> str | None:
        """Refuse a file of another review; adopt the folder's review id when this copy
        may join it (returns the id adopted)."""
        ours = self._store.review_id()
        theirs = [f for f in files if f.header.review != ours]
        if not theirs:
            return None
        adopt = theirs[0].header.review
        other = next((f for f in theirs if f.header.review != adopt), None)
        if other is None and (join or _Copy(self._store).is_fresh()):
            self._store.set_review_id(adopt)
            return adopt
        refused = other or theirs[0]
        hint = "" if other else " (--join makes this copy part of that review)"
        raise ScreenerError(
            f"a file of another review (review id {refused.header.review}; this review's is"
            f" {ours}); nothing was written{hint}",
            file=str(refused.path),
        )


def _kept(uuid: str, text: str) -> SyncLine | PairLine:
    try:
        return parse_line(text, _KEPT, 0)
    except ValueError as error:  # written by this screener: cannot happen but by hand
        raise ScreenerError(f"a decision kept aside ({uuid}) cannot be read: {error}") from None


def _read_all(paths: list[Path]) -> list[SyncFile]:
    """Every file read and checked; the bad lines of all of them in one error."""
    files, problems = [], []
    for path in paths:
        try:
            files.append(read_sync_file(path))
        except BadSyncFile as bad:
            problems += bad.problems
    if problems:
        raise BadSyncFile(problems)
    return files


def _by_reviewer(copy: _Copy, held: set[str]) -> dict[str, list[str]]:
    """The lines the folder lacks, by the reviewer who gave them: pairs, then decisions,
    each in the order they were made."""
    found: dict[str, list[str]] = {}
    for pair in copy.pair_lines:
        if pair.uuid not in held:
            found.setdefault(pair.reviewer, []).append(pair_line(pair))
    for line in copy.decision_lines(skip=held):
        found.setdefault(line.reviewer, []).append(decision_line(line))
    return found


def _append(path: Path, review_id: str, lines: list[str]) -> None:
    """Add lines at the end of a reviewer's file (a new file starts with the header); the
    file is replaced whole, so a reader never sees half a line."""
    try:
        before = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as error:
        raise ScreenerError(f"cannot read: {error.strerror}", file=str(path)) from None
    head = [header_line(review_id)] if not before else []
    if before and not before.endswith("\n"):
        before += "\n"
    _write_text(path, before + "".join(f"{line}\n" for line in [*head, *lines]))


GITATTRIBUTES = "*.jsonl merge=union\n"


def _union_merge(folder: Path) -> None:
    """A `.gitattributes` asking git to merge sync files by keeping both sides' lines: the
    files are append-only, so two copies that each appended to one reviewer's file (one
    reviewer on two laptops) merge without a conflict. An existing file is left alone."""
    attributes = folder / ".gitattributes"
    if not attributes.exists():
        _write_text(
            attributes, "# screener sync files are append-only JSON lines\n" + GITATTRIBUTES
        )


def _write_whole(path: Path, lines: list[str]) -> None:
    _write_text(path, "".join(f"{line}\n" for line in lines))


def _write_text(path: Path, text: str) -> None:
    # The house writer: all or nothing, and a new file's mode from the umask (a shared
    # folder's other users read it), an existing file's kept.
    from screener.formats.output import atomic_output

    with atomic_output(path) as stream:
        stream.write(text)


__all__ = ["DecisionRow", "RecordRef", "SyncMethods", "SyncReport", "reviewer_file"]
