"""The record model: the names and types derived from Record stay in step with it."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import get_args, get_type_hints

import pytest

from screener.model import (
    BIBLIOGRAPHIC_FIELDS,
    TEXT_FIELDS,
    Record,
    RecordFields,
    TextTarget,
    is_text_target,
    stored,
)


def test_record_fields_name_every_field_of_record_in_order_with_its_type() -> None:
    assert list(RecordFields.__annotations__) == [f.name for f in fields(Record)]
    assert get_type_hints(RecordFields) == get_type_hints(Record)


def test_text_fields_are_the_bibliographic_fields_that_hold_one_text() -> None:
    others = [name for name in BIBLIOGRAPHIC_FIELDS if name not in TEXT_FIELDS]
    assert others == ["authors", "year", "keywords"]
    assert all(getattr(Record(), name) == "" for name in TEXT_FIELDS)


def test_text_targets_are_the_key_and_the_text_fields() -> None:
    assert get_args(TextTarget) == ("key", *TEXT_FIELDS)
    assert is_text_target("key") and is_text_target("pub_type")
    assert not is_text_target("year") and not is_text_target("authors")
    assert not is_text_target(None)


def test_stored_passes_a_record_with_an_id_and_refuses_one_without() -> None:
    record = Record(title="Read, not yet stored", key="a.ris#1")
    with pytest.raises(ValueError, match=r"'a\.ris#1' is not in a review's store"):
        stored(record)
    kept = replace(record, id=3, source_id=1)
    assert stored(kept) is kept
