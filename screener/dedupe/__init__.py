"""Duplicate detection for systematic reviews.

Public API:

- `find_duplicates(records, *, progress=None) -> DedupeResult`: groups of records to merge
  automatically (indices into `records`), the queue of possible duplicates for a person, and
  counts. Records are compared only when they share a blocking key, so the work grows about
  linearly with the number of records.
- `compare(a, b) -> PairScore`: the outcome (`Outcome.DUPLICATE`, `POSSIBLE` or `DISTINCT`),
  a 0-1 score and the reasons for one pair, for the review screen.
- `merge_group(records) -> Record`: the canonical record of a group, the most complete value
  of every field, independent of the members' order.

A pair is merged automatically only when the evidence is strong and no veto applies; vetoes
(different DOIs, an erratum or comment and its article, part 1 and part 2, conflicting pages or
volumes, years apart, a conference abstract or preprint and the article) either keep the records
apart or send the pair to a person. Groups are checked so that no chain of pairs joins two
records a veto keeps apart.
"""

from __future__ import annotations

from screener.dedupe.engine import DedupeResult, find_duplicates
from screener.dedupe.merge import merge_group
from screener.dedupe.profile import profile
from screener.dedupe.scoring import Outcome, PairScore, score_profiles
from screener.model import Record


def compare(a: Record, b: Record) -> PairScore:
    """The outcome, score and reasons for two records (indices 0 and 1)."""
    return score_profiles(profile(a), profile(b), 0, 1)


__all__ = ["DedupeResult", "Outcome", "PairScore", "compare", "find_duplicates", "merge_group"]
