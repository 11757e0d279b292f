"""Candidate pairs: records that share at least one cheap key.

Comparing every pair of 50,000 records is 1.25 billion comparisons; comparing the records that
share a key (the same DOI, first author and year, title opening, rare title words, journal
volume and first page ...) finds the duplicates in a few hundred thousand. Keys are chosen so
that a duplicate pair with one field garbled still shares another. A block larger than
`MAX_BLOCK` (a common surname in a busy year, a generic title) is not compared all against all:
its members are sorted by title and each is compared with its `WINDOW` nearest neighbours,
which keeps the work linear where a quadratic block would stall.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from screener.dedupe.profile import Profile

MAX_BLOCK = 40
WINDOW = 12
TITLE_PREFIX_CHARS = 24
TITLE_SUFFIX_CHARS = 24
MIN_TITLE_KEY = 8  # shorter titles ("Editorial", "Reply") block only with their first author
RARE_WORDS = 3  # a title's rarest words, paired, each pair a key
MIN_RARE_WORD = 4  # shorter words are too common to be rare
TITLE_STOPWORDS: frozenset[str] = frozenset(
    ["with", "from", "that", "this", "into", "after", "among", "versus", "their", "using"]
)


def _rare_words(title: str, frequency: Counter[str]) -> list[str]:
    words = {w for w in title.split() if len(w) >= MIN_RARE_WORD and w not in TITLE_STOPWORDS}
    return sorted(words, key=lambda w: (frequency[w], w))[:RARE_WORDS]


def block_keys(profiles: Sequence[Profile]) -> Iterator[tuple[str, int]]:
    """(key, record index) for every blocking key of every record."""
    frequency: Counter[str] = Counter()
    for p in profiles:
        frequency.update(set(p.title.text.split()))
    for index, p in enumerate(profiles):
        compact = p.title.compact
        if p.doi:
            yield f"doi:{p.doi}", index
        if p.pmid:
            yield f"pmid:{p.pmid}", index
        if len(compact) >= MIN_TITLE_KEY:
            yield f"tp:{compact[:TITLE_PREFIX_CHARS]}", index
            yield f"ts:{compact[-TITLE_SUFFIX_CHARS:]}", index
        elif compact and p.authors.first:
            # A one-word title ("Autism") is too common to block on alone, and its updates
            # years later share neither a year nor a page.
            yield f"at:{p.authors.first}:{compact}", index
        rare = _rare_words(p.title.text, frequency)
        for i, first in enumerate(rare):
            for second in rare[i + 1 :]:
                yield f"rw:{first}:{second}", index
        if p.authors.first and p.year:
            yield f"ay:{p.authors.first}:{p.year}", index
        if p.volume and p.first_page:
            yield f"vp:{p.volume}:{p.first_page}", index
        if p.first_page and p.authors.first:
            yield f"ap:{p.authors.first}:{p.first_page}", index


def _block_pairs(members: list[int], profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    if len(members) <= MAX_BLOCK:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
        return
    ordered = sorted(members, key=lambda m: (profiles[m].title.compact, m))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 : i + 1 + WINDOW]:
            yield (a, b) if a < b else (b, a)


def candidate_pairs(profiles: Sequence[Profile]) -> list[tuple[int, int]]:
    """Distinct pairs (i, j), i < j, of records sharing a blocking key, in a stable order."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for key, index in block_keys(profiles):
        blocks[key].append(index)
    seen: set[int] = set()
    n = len(profiles)
    for members in blocks.values():
        if len(members) < 2:
            continue
        for a, b in _block_pairs(members, profiles):
            seen.add(a * n + b)
    return [divmod(code, n) for code in sorted(seen)]
