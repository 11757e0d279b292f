"""The synthesis stage: a coding frame (`coding.toml`) and the values coded against it.

    frame = load_frame("coding.toml")        # Frame: questions and fields (frame.py)
    validate_frame("coding.toml")            # every problem, with file and line (loader.py)
    parse_value(frame.field("design"), "survey")   # a Value from text (values.py)
    settle(values, kinds, coders_per_record) # which value stands (settle.py)

Pure: no store, no printing. `Review` (review/coding.py) stores and reads the values.
"""

from __future__ import annotations

from screener.synthesis.frame import (
    FIELD_KINDS,
    YES_NO_ANSWERS,
    CodingField,
    FieldKind,
    Frame,
    Question,
)
from screener.synthesis.loader import (
    FrameError,
    check_frame_text,
    load_frame,
    parse_frame,
    validate_frame,
)
from screener.synthesis.values import (
    Appraisal,
    CodedValue,
    Quote,
    Value,
    ValueProblem,
    cell_text,
    parse_value,
    value_json,
)

__all__ = [
    "FIELD_KINDS",
    "YES_NO_ANSWERS",
    "Appraisal",
    "CodedValue",
    "CodingField",
    "FieldKind",
    "Frame",
    "FrameError",
    "Question",
    "Quote",
    "Value",
    "ValueProblem",
    "cell_text",
    "check_frame_text",
    "load_frame",
    "parse_frame",
    "parse_value",
    "validate_frame",
    "value_json",
]
