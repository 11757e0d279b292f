"""What the screening screens show from the criteria: the question, highlights and flags.

ADAPTER: the criteria engine (`screener.criteria`) is written alongside this module. When it
is importable and offers a highlighter and an evaluator, they are used; otherwise a small
reader of the `[review]` and `[highlight]` tables stands in, and flags come from the newest
`screener criteria apply` run in the store. Either way a criteria file without a
`[highlight]` section simply means no highlighting.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from screener.model import Record

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# (start, end, "include" | "exclude") over a text
Span = tuple[int, int, str]


def _term_pattern(term: str) -> str:
    """A regex for one highlight term: words in any case, `*` any ending, `?` one letter."""
    stem = term.strip().strip('"')
    wildcard = stem.endswith("*")
    stem = stem.rstrip("*")
    words = [re.escape(word).replace(r"\?", r"\w") for word in stem.split()]
    body = r"\s+".join(words)
    return rf"\b{body}\w*" if wildcard else rf"\b{body}\b"


def _compile(terms: list[str]) -> re.Pattern[str] | None:
    patterns = [_term_pattern(t) for t in terms if t.strip().rstrip("*")]
    if not patterns:
        return None
    return re.compile("|".join(patterns), re.IGNORECASE)


def _literal_stem(term: str) -> str:
    """The lower-case text a term's every match starts with ("organi" for "organi?ation")."""
    stem = term.strip().strip('"').lower()
    return re.split(r"[*?\s]", stem, maxsplit=1)[0]


def _scorer(include: list[str], exclude: list[str]) -> re.Pattern[str] | None:
    """One pattern for both lists over lower-case text; a match's group says which list."""
    groups = []
    for name, terms in (("i", include), ("x", exclude)):
        patterns = [_term_pattern(t.lower()) for t in terms if t.strip().strip('"').rstrip("*")]
        if patterns:
            groups.append(f"(?P<{name}>{'|'.join(patterns)})")
    return re.compile("|".join(groups)) if groups else None


def _merge(spans: list[Span]) -> list[Span]:
    """Sorted spans without overlaps (the earlier, then longer, span wins)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and span[0] < merged[-1][1]:
            continue
        merged.append(span)
    return merged


@dataclass
class CriteriaView:
    """The parts of a review's criteria that a reviewer sees while screening."""

    question: str = ""
    include_terms: list[str] = field(default_factory=list)
    exclude_terms: list[str] = field(default_factory=list)
    # record id -> (outcome, rule id, reason) from the newest criteria run
    stored_outcomes: Mapping[int, tuple[str, str, str]] = field(default_factory=dict)
    problem: str = ""
    _engine_spans: Callable[[str], list[Span]] | None = None
    _engine_flags: Callable[[Record], list[str]] | None = None

    def __post_init__(self) -> None:
        self._include = _compile(self.include_terms)
        self._exclude = _compile(self.exclude_terms)
        self._scorer = _scorer(self.include_terms, self.exclude_terms)
        # literal beginnings of every term: a text holding none of them scores 0 at once
        self._stems = tuple(
            _literal_stem(t) for t in (*self.include_terms, *self.exclude_terms) if _literal_stem(t)
        )

    @classmethod
    def load(
        cls, criteria_path: Path, stored_outcomes: Mapping[int, tuple[str, str, str]] | None = None
    ) -> CriteriaView:
        """Read the criteria file; a missing or unreadable file gives an empty view."""
        try:
            data = tomllib.loads(criteria_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # unreadable, not UTF-8, not TOML: the engine says why
            data = {}
        review = data.get("review", {}) if isinstance(data.get("review"), dict) else {}
        highlight = data.get("highlight", {}) if isinstance(data.get("highlight"), dict) else {}
        view = cls(
            question=str(review.get("question", "")),
            include_terms=[str(t) for t in highlight.get("include", []) or []],
            exclude_terms=[str(t) for t in highlight.get("exclude", []) or []],
            stored_outcomes=stored_outcomes or {},
        )
        view._attach_engine(criteria_path)
        return view

    def _attach_engine(self, criteria_path: Path) -> None:
        # The engine is optional here: screening must work before and without it.
        try:
            from screener.criteria import Highlighter, load_criteria

            criteria = load_criteria(criteria_path)
            highlighter = Highlighter.from_criteria(criteria)
        except Exception as error:
            # A criteria file with a mistake must not stop screening; say so instead.
            self.problem = str(error)
            return
        self._engine_spans = highlighter.spans
        if hasattr(criteria, "evaluate"):
            self._engine_flags = lambda record: _failed_rules(criteria.evaluate(record))

    @property
    def highlights(self) -> bool:
        return bool(self._engine_spans or self._include or self._exclude)

    def spans(self, text: str) -> list[Span]:
        """Where include and exclude terms occur in `text`, sorted, without overlaps."""
        if self._engine_spans is not None:
            try:
                return _merge(
                    [(int(a), int(b), str(kind)) for a, b, kind in self._engine_spans(text)]
                )
            except Exception:
                self._engine_spans = None
        found: list[Span] = []
        for pattern, kind in ((self._include, "include"), (self._exclude, "exclude")):
            if pattern is not None:
                found += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        return _merge(found)

    def score(self, record: Record) -> int:
        """Include-term hits minus exclude-term hits in title and abstract (for ordering).

        Counted with plain term patterns rather than the criteria engine: ordering a large
        queue scores every record at start-up, and an approximate count is enough.
        """
        if self._scorer is None:
            return 0
        text = f"{record.title}\n{record.abstract}".lower()
        if not any(stem in text for stem in self._stems):
            return 0
        return sum(1 if m.lastgroup == "i" else -1 for m in self._scorer.finditer(text))

    def flags(self, record: Record) -> list[str]:
        """The criteria rules this record fails, each with its reason, for the reviewer."""
        if self._engine_flags is not None:
            try:
                return self._engine_flags(record)
            except Exception:
                self._engine_flags = None
        outcome, rule, reason = self.stored_outcomes.get(record.id or 0, ("pass", "", ""))
        if outcome == "pass":
            return []
        return [f"{rule}: {reason}" if reason else rule or outcome]


def _failed_rules(evaluation: object) -> list[str]:
    """The rules that affect the outcome (failed, or unknown with an effect), with reasons."""
    lines = []
    for result in getattr(evaluation, "results", []):
        effect = getattr(result, "effect", None)
        if not effect:
            continue
        reason = str(getattr(result, "reason", ""))
        label = f"{getattr(result, 'id', '')} ({effect})"
        lines.append(f"{label}: {reason}" if reason else label)
    return lines
