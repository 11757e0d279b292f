"""Wrapping a box's text by its estimated width: nothing lost, nothing wider than the box."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from screener.report.text_width import text_width, wrap

SIZE = 10.0
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)


@given(st.lists(words, min_size=1, max_size=25), st.floats(min_value=30, max_value=300))
def test_wrap_keeps_every_character_in_order_and_fits_each_line(
    text_words: list[str], width: float
) -> None:
    text = " ".join(text_words)
    lines = wrap(text, width, SIZE)
    assert "".join("".join(lines).split()) == "".join(text.split())  # only spaces go, at breaks
    for line in lines:
        assert text_width(line, SIZE) <= width or len(line) == 1


def test_wrap_breaks_at_spaces_when_it_can() -> None:
    lines = wrap("Records marked as ineligible by automation tools", 120, SIZE)
    assert len(lines) > 1
    assert " ".join(lines) == "Records marked as ineligible by automation tools"


def test_a_word_longer_than_the_line_is_cut() -> None:
    word = "Pseudohypoparathyroidism" * 3
    lines = wrap(word, 80, SIZE)
    assert len(lines) > 2
    assert "".join(lines) == word


def test_wide_characters_count_wider_than_latin_ones() -> None:
    assert text_width("研究研究", SIZE) > text_width("abcd", SIZE)
    assert text_width("é", SIZE) == text_width("e", SIZE)
