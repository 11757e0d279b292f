"""Running a review's criteria over its records, and over files without a review."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from screener.criteria import Criteria, Evaluation, parse_criteria, read_criteria_text
from screener.errors import ParseIssue
from screener.formats import read_file
from screener.model import Record, Stage
from screener.store import Store

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """What a criteria run did (or, dry, would do)."""

    records: int
    excluded: int
    flagged: int
    passed: int
    decided_by_person: int
    would_exclude: dict[str, int] = field(default_factory=dict)
    would_flag: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    dry_run: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "records": self.records,
            "excluded": self.excluded,
            "flagged": self.flagged,
            "passed": self.passed,
            "decided_by_person": self.decided_by_person,
            "rules": {
                rule: {
                    "exclude": self.would_exclude.get(rule, 0),
                    "flag": self.would_flag.get(rule, 0),
                }
                for rule in {**self.would_exclude, **self.would_flag}
            },
            "seconds": round(self.seconds, 3),
            "dry_run": self.dry_run,
        }


def _failed_by_effect(evaluation: Evaluation, effect: str) -> list[str]:
    return [r.id for r in evaluation.results if r.effect == effect]


def apply_criteria(
    store: Store,
    criteria_path: Path,
    actor: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ApplyReport:
    """Evaluate every record; store the outcomes as a new run (the one in force) unless dry.

    A record that heads a duplicate group is judged on the group's merged record (an abstract
    may come from another copy). A record a person has decided keeps its status whatever the
    criteria say: status puts human decisions first. Duplicates are evaluated on their own
    and stored but not counted, so an unmerge needs no re-run.
    """
    from screener.dedupe import merge_group
    from screener.review.dedupe import group_members

    started = time.perf_counter()
    text = read_criteria_text(criteria_path)
    criteria = parse_criteria(text, str(criteria_path))
    decided = {
        d.record_id
        for d in store.current_decisions()
        if d.stage in (Stage.TITLE_ABSTRACT.value, Stage.FULL_TEXT.value)
    }
    total = store.record_count()
    outcomes: Counter[str] = Counter()
    would_exclude: Counter[str] = Counter()
    would_flag: Counter[str] = Counter()
    rows: list[tuple[int, str, str, str, list[str]]] = []
    protected = 0
    duplicates = store.active_duplicate_links()
    groups = group_members(store)
    for done, record in enumerate(store.records(), 1):
        members = groups.get(record.id)
        judged: Record = record
        if members:
            merged = merge_group([record, *store.records(members[1:])])
            judged = replace(merged, id=record.id, key=record.key)
        evaluation = criteria.evaluate(judged)
        outcome = evaluation.outcome
        flagged_by = _failed_by_effect(evaluation, "flag")
        if record.id not in duplicates:
            if record.id in decided:
                protected += outcome == "exclude"
            outcomes[outcome] += 1
            would_exclude.update(_failed_by_effect(evaluation, "exclude"))
            would_flag.update(flagged_by)
        decider = evaluation.failed_rule
        rows.append(
            (
                record.id,
                outcome,
                decider.id if decider else "",
                decider.reason if decider else "",
                flagged_by,
            )
        )
        if progress is not None and done % 500 == 0:
            progress(done, total)
    if not dry_run:
        with store.transaction():
            run_id = store.add_criteria_run(actor, hashlib.sha256(text.encode()).hexdigest(), text)
            store.add_criteria_results(run_id, rows)
            store.log(
                actor,
                "criteria apply",
                {"run": run_id, "records": total, **{k: outcomes[k] for k in outcomes}},
            )
    return ApplyReport(
        records=total - len(duplicates),
        excluded=outcomes["exclude"] - protected,
        flagged=outcomes["flag"],
        passed=outcomes["pass"],
        decided_by_person=protected,
        would_exclude=dict(would_exclude),
        would_flag=dict(would_flag),
        seconds=time.perf_counter() - started,
        dry_run=dry_run,
    )


def check_line(record: Record, evaluation: Evaluation) -> dict[str, object]:
    """One record's line for `screener check --json` (DESIGN's command contract)."""
    return {
        "key": record.key,
        "title": record.title,
        "outcome": evaluation.outcome,
        "rules": [{"id": r.id, "result": r.result, "action": r.action} for r in evaluation.results],
    }


def check_files(
    criteria: Criteria, paths: Sequence[Path]
) -> Iterator[tuple[Record, Evaluation] | ParseIssue]:
    """Every record of every file with its evaluation, in file order; parse issues as met."""
    for path in paths:
        for item in read_file(path):
            if isinstance(item, Record):
                yield item, criteria.evaluate(item)
            else:
                yield replace(item, file=str(path))
