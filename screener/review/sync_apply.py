"""Applying lines read from sync files to this copy: a person's words on pairs first (so
that groups stand as they stood where the decisions were made), then decision rows, each
on the group that holds its record here. Rows for records this copy lacks, and rows that
fork a reviewer's history (two people under one name), are kept aside, never dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screener.review.merging import merge_groups
from screener.store import Store
from screener.store.team import DecisionRow
from screener.sync import (
    RELEVANCE_ORDER,
    Chains,
    PairLine,
    SyncLine,
    decision_line,
    pair_line,
    pair_uuid,
)

if TYPE_CHECKING:
    from screener.review.sync import SyncReport


def apply_lines(
    store: Store,
    pairs: list[PairLine],
    decisions: list[SyncLine],
    pending: set[str],
    report: SyncReport,
) -> dict[tuple[str, str], list[int]]:
    """Apply `pairs` and `decisions` inside the caller's transaction; `pending` are the
    UUIDs of lines kept aside before (dropped from there once applied). Returns, by
    (reviewer, stage), the records of added lines decided in the relevance order."""
    from screener.sync import portable_refs

    refs = portable_refs(store.record_places())
    ids = {ref: rid for rid, ref in refs.items()}

    def keep(line: PairLine | SyncLine) -> None:
        text = pair_line(line) if isinstance(line, PairLine) else decision_line(line)
        if store.keep_pending(line.uuid, line.reviewer, text):
            report.kept_aside += 1

    def done(line: PairLine | SyncLine, *, added: bool) -> None:
        if line.uuid in pending:
            store.drop_pending(line.uuid)
            report.from_pending += added
        elif not added:
            report.known += 1

    held_pairs = set()
    for word in store.person_pair_verdicts():
        a, b = refs.get(word.a_id), refs.get(word.b_id)
        if a is not None and b is not None:
            held_pairs.add(pair_uuid(word.verdict, a, b, word.actor))
    for pair in pairs:
        if pair.uuid in held_pairs:
            done(pair, added=False)
            continue
        a_id, b_id = ids.get(pair.a), ids.get(pair.b)
        if a_id is None or b_id is None:
            keep(pair)
            continue
        _apply_pair(store, pair, a_id, b_id)
        held_pairs.add(pair.uuid)
        report.pairs += 1
        done(pair, added=True)

    links = store.active_duplicate_links()
    held = set()
    last: dict[tuple[int, str, str], str] = {}
    for row in store.decision_rows():
        held.add(row.uuid)
        last[(row.record_id, row.stage, row.reviewer)] = row.uuid
    chains = Chains(last)
    rows: list[DecisionRow] = []
    ordered: dict[tuple[str, str], list[int]] = {}
    for line in decisions:
        if line.uuid in held:
            done(line, added=False)
            continue
        record_id = ids.get(line.record)
        if record_id is None or (line.undoes and line.undoes not in held):
            keep(line)  # the record, or the row an undo cancels, is not here (yet)
            continue
        group = links.get(record_id, record_id)
        key = (group, line.stage, line.reviewer)
        conflict = chains.fork(key, line)
        if conflict is not None:
            report.identity.append(conflict)
            keep(line)
            continue
        chains.extend(key, line.uuid)
        held.add(line.uuid)
        rows.append(
            DecisionRow(0, line.uuid, group, line.stage, line.reviewer, line.verdict,
                        line.reason, line.note, line.time, line.kind, line.criteria_sha256,
                        line.undoes)
        )  # fmt: skip
        if line.order == RELEVANCE_ORDER:
            ordered.setdefault((line.reviewer, line.stage), []).append(group)
        done(line, added=True)
    store.add_decision_rows(rows)
    report.added += len(rows)
    return ordered


def _apply_pair(store: Store, pair: PairLine, a_id: int, b_id: int) -> None:
    """A "duplicate" merges the two groups as the person's merge did; a "distinct" is kept
    between the two records named (and settles the queued pair between them, if any)."""
    if pair.verdict == "duplicate":
        merge_groups(store, a_id, b_id, pair.reviewer, pair.reason)
        return
    first, second = min(a_id, b_id), max(a_id, b_id)
    queued = next(
        (p for p in store.pair_reviews(open_only=True) if (p.a_id, p.b_id) == (first, second)),
        None,
    )
    if queued is not None:
        store.decide_pair(queued.id, "distinct", pair.reviewer)
    else:
        store.add_distinct_pair(first, second, pair.reviewer, pair.reason)
