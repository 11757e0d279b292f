"""Records and expectations shared by the pair-outcome tables of tests/dedupe."""

from __future__ import annotations

from dataclasses import replace

from screener.dedupe import Outcome, compare
from screener.model import Record

# What becomes of a pair. NOT_MERGED: a person decides or the records stay apart, never an
# automatic merge.
MERGED = frozenset([Outcome.DUPLICATE])
TO_A_PERSON = frozenset([Outcome.POSSIBLE])
APART = frozenset([Outcome.DISTINCT])
NOT_MERGED = frozenset([Outcome.POSSIBLE, Outcome.DISTINCT])

ARTICLE = Record(
    title="Cognitive rehabilitation after stroke: a randomised controlled trial of home visits",
    authors=("Zhai, Q. J.", "Yue, X. Y.", "Hong, Z."),
    year=2010,
    journal="Journal of Neurology, Neurosurgery and Psychiatry",
    volume="81",
    issue="2",
    pages="173-180",
    doi="10.1136/jnnp.2009.123456",
    key="a",
)

COCHRANE_REVIEW = replace(
    ARTICLE,
    doi="10.1002/14651858.cd009622.pub4",
    journal="Cochrane Database Syst Rev",
    volume="",
    issue="",
    pages="CD009622",
    year=2016,
)

# A meeting abstract in a journal supplement.
MEETING_ABSTRACT = Record(
    title="Amantadine for the posttraumatic confusional state: a randomised double-blind trial",
    authors=("Yablon, S.", "Sherer, M.", "Todd, N."),
    year=2010,
    journal="Archives of Physical Medicine and Rehabilitation",
    volume="91",
    issue="10",
    pages="e8-e9",
    key="session",
)


def outcome(a: Record, b: Record) -> Outcome:
    return compare(a, b).outcome


# An article of a journal whose issue numbers look like years (Proc Biol Sci 285(1873)).
ISSUE_LIKE_A_YEAR = Record(
    title="Meta-analysis reveals weak associations between intrinsic state and personality",
    authors=("Niemela, P. T.", "Dingemanse, N. J."),
    year=2018,
    journal="Proc Biol Sci",
    volume="285",
    issue="1873",
    doi="10.1098/rspb.2017.2823",
    key="meta",
)
