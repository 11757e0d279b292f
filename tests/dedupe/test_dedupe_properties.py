"""Properties that hold for any input: keys never fail, comparison is symmetric."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screener.dedupe import compare
from screener.dedupe.authors import author_key
from screener.dedupe.text import fold
from screener.dedupe.titles import title_key
from screener.dedupe.venues import page_range, volume_key
from screener.model import Record

texts = st.text(max_size=80)
records = st.builds(
    Record,
    title=texts,
    authors=st.lists(texts, max_size=3).map(tuple),
    year=st.one_of(st.none(), st.integers(1900, 2030)),
    journal=texts,
    volume=st.text(max_size=8),
    pages=st.text(max_size=12),
    doi=st.sampled_from(["", "10.1/a", "10.1/b"]),
)


@given(texts)
def test_every_key_accepts_any_text(text: str) -> None:
    title_key(text)
    author_key((text,))
    page_range(text)
    volume_key(text)
    assert fold(fold(text)) == fold(text)


@settings(max_examples=150)
@given(records, records)
def test_comparison_does_not_depend_on_the_order_of_the_pair(a: Record, b: Record) -> None:
    one, two = compare(a, b), compare(b, a)
    assert one.outcome == two.outcome
    assert one.score == two.score
