"""Properties that hold for any input: keys never fail, comparison is symmetric."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from screener.dedupe import compare, find_duplicates, merge_group
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


_DIGITS = "1" * 5_000  # int() refuses more than 4,300 digits


@given(
    st.sampled_from(
        [
            {"volume": _DIGITS},
            {"pages": "1-" + _DIGITS},
            {"pages": _DIGITS + "-" + _DIGITS},
            {"doi": "10.1002/14651858.CD000001.pub" + _DIGITS},
            {"doi": "10.1101/2020.01.01." + _DIGITS + "v" + _DIGITS},
            {"issue": "3-" + _DIGITS},
        ]
    )
)
def test_a_field_of_thousands_of_digits_is_compared_and_merged_without_a_crash(
    field: dict[str, Any],
) -> None:
    one = Record(title="Sleep in shift workers", authors=("Smith, J",), year=2001, doi="10.1/a")
    two = replace(one, **field)
    find_duplicates([one, two, replace(two, title="Sleep in shift workers.")])
    merge_group([one, two])
