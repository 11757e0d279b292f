"""Values as a person types them, as the store keeps them, as a table cell shows them."""

from __future__ import annotations

import pytest
from coding_helpers import FRAME
from hypothesis import given
from hypothesis import strategies as st

from screener.synthesis import Appraisal, Quote, ValueProblem, cell_text, parse_frame, parse_value
from screener.synthesis.values import decode_value, encode_value, misfit

FIELDS = parse_frame(FRAME)


@pytest.mark.parametrize(
    ("field", "text", "extra", "value", "cell"),
    [
        ("design", "Interviews", {}, "interviews", "interviews"),
        (
            "platforms",
            "online gaming;  Social media",
            {},
            ("social media", "online gaming"),
            "social media; online gaming",
        ),
        ("peers", "UNCLEAR", {}, "unclear", "unclear"),
        ("sample_size", "120", {}, 120, "120"),
        ("sample_size", "12.5", {}, 12.5, "12.5"),
        ("country", "  United Kingdom ", {}, "United Kingdom", "United Kingdom"),
        (
            "finding",
            "Most contact moved to private messaging.",
            {"page": "14"},
            Quote("Most contact moved to private messaging.", "14"),
            '"Most contact moved to private messaging." (p. 14)',
        ),
        (
            "weight",
            "Medium",
            {"reason": "small convenience sample"},
            Appraisal("medium", "small convenience sample"),
            "medium: small convenience sample",
        ),
    ],
)
def test_a_value_is_read_from_text_by_its_fields_kind(field, text, extra, value, cell) -> None:
    parsed = parse_value(FIELDS.field(field), text, **extra)
    assert parsed == value
    assert cell_text(parsed) == cell
    assert decode_value(encode_value(parsed)) == parsed


NOT_AN_OPTION = "'surveys' is not an option of field 'design'"


@pytest.mark.parametrize(
    ("field", "text", "extra", "message"),
    [
        ("design", "surveys", {}, NOT_AN_OPTION + " (did you mean 'survey'?)"),
        ("design", "ethnography", {}, "'ethnography' is not an option of field 'design'"
         " (options: survey; interviews; case files)"),
        ("platforms", "social media; forums", {}, "'forums' is not an option of field 'platforms'"),
        ("platforms", " ; ", {}, "no options for field 'platforms'"),
        ("peers", "maybe", {}, "'maybe' is not an option of field 'peers'"),
        ("sample_size", "about 40", {}, "field 'sample_size' takes a number (participants),"
         " not 'about 40'"),
        ("sample_size", "-3", {}, "-3 is below the minimum of field 'sample_size' (0)"),
        ("sample_size", "nan", {}, "field 'sample_size' takes a number (participants), not 'nan'"),
        ("sample_size", "1_000", {}, "field 'sample_size' takes a number (participants), not"),
        ("sample_size", "１２", {}, "field 'sample_size' takes a number (participants), not"),
        ("sample_size", "1e3", {}, "field 'sample_size' takes a number (participants), not"),
        ("finding", "A passage", {}, "a quote needs its page"),
        ("weight", "high", {}, "an appraisal needs its reason"),
        ("weight", "excellent", {"reason": "r"}, "'excellent' is not an option of field 'weight'"),
        ("design", "survey", {"page": "3"}, "a page goes with a quote; field 'design' is one_of"),
        ("country", "Spain", {"reason": "x"}, "a reason goes with an appraisal"),
        ("country", "   ", {}, "no value for field 'country'"),
    ],
)  # fmt: skip
def test_a_value_that_does_not_fit_is_refused(field, text, extra, message) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(FIELDS.field(field), text, **extra)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("text", "number"), [("40", 40), ("-2", -2), ("12.5", 12.5), (".5", 0.5)])
def test_numbers_read_as_the_help_writes_them(text, number) -> None:
    from dataclasses import replace

    unbounded = replace(FIELDS.field("sample_size"), minimum=None)
    value = parse_value(unbounded, text)
    assert value == number and type(value) is type(number)


def test_a_stored_value_is_flagged_once_its_option_is_gone() -> None:
    edited = parse_frame(FRAME.replace('"interviews"', '"interviews or focus groups"'))
    assert misfit(edited.field("design"), "interviews") == "'interviews' is no longer an option"
    assert misfit(edited.field("design"), "survey") == ""
    assert misfit(edited.field("weight"), Appraisal("low", "r")) == ""
    assert misfit(edited.field("sample_size"), "forty") == "not a number"


_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1)
_values = st.one_of(
    _text,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(_text, max_size=4).map(tuple),
    st.builds(Quote, _text, _text),
    st.builds(Appraisal, _text, _text),
)


@given(_values)
def test_every_value_reads_back_from_what_the_store_keeps(value) -> None:
    assert decode_value(encode_value(value)) == value
