"""The CSL-JSON export's layout: the writer indents items itself (twice as fast as the
standard library), which must give json.dumps's text exactly, whatever the values."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from screener.formats.csl_json import indented

LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(VALUES)
def test_indented_is_json_dumps_with_an_indent_of_two(value: object) -> None:
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_an_item_with_nested_names_and_an_empty_list_keeps_its_layout() -> None:
    item = {"id": "a", "author": [{"family": "Ng", "given": "Ó"}], "custom": {"x": []}}
    assert indented(item) == json.dumps(item, ensure_ascii=False, indent=2)
