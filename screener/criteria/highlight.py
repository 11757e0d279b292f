"""Highlighting criteria terms in a record's text, for the screening UI.

`Highlighter.from_criteria(criteria)` takes the `[highlight]` lists of a criteria file: each
entry is a term as in queries (`perpetrat*`, `organi?ation`, `self-generated`) or a phrase,
quoted or not (`"social media"` and `social media` are the same). `spans(text)` returns
(start, end, "include" | "exclude") over the original text, sorted and non-overlapping:
where two matches overlap the one starting first wins, then the longer, then "exclude".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from screener.criteria.terms import SearchTerm
from screener.criteria.tokens import TokenSeq

if TYPE_CHECKING:
    from screener.criteria.rules import Criteria

LABELS: tuple[str, ...] = ("include", "exclude")
# Between two matches of the same span, the exclusion signal is the one a reviewer must see.
_LABEL_RANK = {"exclude": 0, "include": 1}


def highlight_term(entry: str) -> SearchTerm:
    """The search term of one highlight entry; raises terms.TermError when it has none."""
    entry = entry.strip()
    if len(entry) >= 2 and entry[0] == entry[-1] == '"':
        return SearchTerm(entry[1:-1], phrase=True)
    return SearchTerm(entry, phrase=any(c.isspace() for c in entry))


class Highlighter:
    """Finds include and exclude terms in text (see the module docstring)."""

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> None:
        self.terms: list[tuple[SearchTerm, str]] = [
            (highlight_term(entry), label)
            for label, entries in (("include", include), ("exclude", exclude))
            for entry in entries
        ]

    @classmethod
    def from_criteria(cls, criteria: Criteria) -> Highlighter:
        return cls(criteria.highlight_include, criteria.highlight_exclude)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of each term found in `text`: sorted, non-overlapping."""
        if not text or not self.terms:
            return []
        seq = TokenSeq.from_text([(0, text)])
        found = []
        for term, label in self.terms:
            for i, j in term.ranges(seq):
                found.append((*seq.span(i, j), label))
        found.sort(key=lambda s: (s[0], -s[1], _LABEL_RANK[s[2]]))
        spans: list[tuple[int, int, str]] = []
        for span in found:
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
        return spans
