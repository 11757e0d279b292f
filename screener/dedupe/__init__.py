"""Duplicate detection for systematic reviews.

Public API:

- `find_duplicates(records, *, progress=None) -> DedupeResult`: `groups` (lists of indices
  into `records`, two or more records merged automatically), `possible` (`PairScore`s a person
  should decide: at most one per pair of groups, best first), `pairs` (every pair judged
  duplicate or possible, with reasons: for a `--pairs` file), `notices` (`Notice(notice,
  article, kind)`: an erratum, retraction, comment or reply linked to the article it is
  about, never merged with it) and counts (`records`, `candidate_pairs`, `duplicate_pairs`,
  `duplicates`). `progress(stage, done, total)` is called now and then for the stages
  "profile", "compare" and "group".
- `compare(a, b) -> PairScore`: `outcome` (`Outcome.DUPLICATE`, `POSSIBLE` or `DISTINCT`),
  a 0-1 `score`, the `reasons` (vetoes first, then agreements), `vetoed` and `kept_apart`.
- `merge_group(records) -> Record`: the canonical record of a group, the most complete value
  of every field, independent of the members' order; for versions of one work (an updated
  review), the latest version's. Nothing is deleted: callers keep the members and link them to
  the canonical record.

How it decides. Records are compared only when they share a cheap blocking key (DOI, PMID, title
opening or ending, rare title words, first author and year, volume and first page), so the work
grows about linearly with the records. Each field is normalised for matching (titles without
language tags, notes or markup; surnames from any author format; abbreviated journal names;
mangled page ranges; DOIs). A pair merges automatically only on strong agreement and no veto.
Final vetoes keep records apart (an erratum, retraction, comment or reply and its article; part
1 and part 2; years four or more apart; chapters sharing a book's DOI; two conflicting fields at
once, where the conflicts of place of a record whose venue fields are unreadable, or of one
abstract printed by two journals for two meetings, count once). Held vetoes send a pair to a
person (different DOIs; a preprint or meeting abstract and an article; one conflicting page,
volume, journal or number in the title, where a shared last page in another issue or a shared
page 1 reconciles nothing; a short title recurring in other issues; versions of one work whose
title changed under a new lead author, or linked only by an article number a meeting may reuse).
Proceedings named by one series in any form (an ordinal and year, an acronym and the year's
theme, "Proceedings of the ...") are one venue. A notice found beside its article (the title
after its marker is the article's, in one journal or under one DOI stem) is linked to it, to the
best candidate only. Versions of one work whose title stayed or kept its lead author (a Cochrane
review and its update, linked by the DOI's version suffix or the review number in the DOI, pages
or issue field; a title, abstract and team a journal republishes years later) are one work:
review teams screen the latest version. Groups are built strongest pair first, and no chain of
pairs may join two records a final veto or different DOIs keep apart.
"""

from __future__ import annotations

from screener.dedupe.engine import DedupeResult, Notice, find_duplicates
from screener.dedupe.merge import merge_group
from screener.dedupe.profile import profile
from screener.dedupe.scoring import Outcome, PairScore, score_profiles
from screener.model import Record


def compare(a: Record, b: Record) -> PairScore:
    """The outcome, score and reasons for two records (reported as indices 0 and 1)."""
    return score_profiles(profile(a), profile(b), 0, 1)


__all__ = [
    "DedupeResult",
    "Notice",
    "Outcome",
    "PairScore",
    "compare",
    "find_duplicates",
    "merge_group",
]
