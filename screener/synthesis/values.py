"""Coded values: read from what a person types, kept as JSON, shown in a table cell.

What a value is, kind by kind (`Value`):

    one_of, yes_no, text    a string: "survey", "yes", "United Kingdom"
    many_of                 a tuple of options, in the frame's order: ("chat", "forums")
    number                  an int or a float: 120, 4.5
    quote                   Quote(text, page): a passage of the report and its page
    appraisal               Appraisal(rating, reason): a rating (one of the options) and why

As text (`code set`, a CSV's `value` column): an option's name for one_of (any case);
options separated by ';' for many_of ("chat; forums"); yes, no or unclear; a number written
in ASCII digits with a '.' for decimals (no '1_000', '1,000' or '1e3'); the passage
itself for quote, with its page given apart (`--page`, a CSV's `page` column); the rating
for appraisal, with its reason given apart (`--reason`, a CSV's `reason` column).

Stored as JSON in the store's `coded_values.value`: a string, a list, a number,
{"quote": ..., "page": ...} or {"rating": ..., "reason": ...}; `null` for a field that an
undo left without a value. A value is read back from its JSON alone, without the frame, so
that a value of a field the frame no longer has is still shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from screener.errors import ScreenerError, suggest
from screener.synthesis.frame import MANY_SEPARATOR, CodingField, FieldKind


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage of a study's report and the page it is on ("12", "e34", "S4")."""

    text: str
    page: str


@dataclass(frozen=True, slots=True)
class Appraisal:
    """A study-level quality rating and the coder's reason for it."""

    rating: str
    reason: str


Value = str | int | float | tuple[str, ...] | Quote | Appraisal


@dataclass(frozen=True, slots=True)
class CodedValue:
    """A field's current value for one record and one coder (the latest row standing)."""

    record_id: int
    field: str
    coder: str
    value: Value
    time: str = ""
    frame_sha256: str = ""
    uuid: str = ""


@dataclass(frozen=True, slots=True)
class CodingEntry:
    """A value to save: for a script (`code --from F.csv`, the demo), checked, with the
    line it came from (0 when none)."""

    record_id: int
    field: str
    coder: str
    value: Value
    line: int = 0


class ValueProblem(ScreenerError):
    """A value that does not fit its field: not an option, not a number, out of bounds."""


class DamagedValue(ScreenerError):
    """A stored value that is not the JSON the store writes (a store edited by hand)."""


# -- reading what a person typed ------------------------------------------------------------


def parse_value(
    field: CodingField, text: str, *, page: str | None = None, reason: str | None = None
) -> Value:
    """The value `text` gives `field`; ValueProblem when it does not fit.

    `page` goes with a quote and `reason` with an appraisal; given for another kind they
    are refused rather than dropped.
    """
    text = text.strip()
    page, reason = (page or "").strip(), (reason or "").strip()
    if page and field.kind is not FieldKind.QUOTE:
        raise ValueProblem(f"a page goes with a quote; field '{field.id}' is {field.kind.value}")
    if reason and field.kind is not FieldKind.APPRAISAL:
        raise ValueProblem(
            f"a reason goes with an appraisal; field '{field.id}' is {field.kind.value}"
        )
    if not text:
        raise ValueProblem(f"no value for field '{field.id}'")
    return _READERS[field.kind](field, text, page, reason)


def _option(field: CodingField, text: str) -> str:
    """The option `text` names (any case), or a ValueProblem with the nearest one."""
    choices = field.choices
    for option in choices:
        if option.casefold() == text.casefold():
            return option
    hint = suggest(text, choices) or f" (options: {'; '.join(choices)})"
    raise ValueProblem(f"'{text}' is not an option of field '{field.id}'{hint}")


def _one(field: CodingField, text: str, page: str, reason: str) -> Value:
    return _option(field, text)


def _many(field: CodingField, text: str, page: str, reason: str) -> Value:
    chosen = {_option(field, part.strip()) for part in text.split(MANY_SEPARATOR) if part.strip()}
    if not chosen:
        raise ValueProblem(f"no options for field '{field.id}' (separate them with ';')")
    return tuple(option for option in field.options if option in chosen)


# What `code set --help` promises a number is: ASCII digits, a sign, a '.' for decimals.
# int() and float() take more ('1_000', full-width '１２', '1e3', ' nan'): not read as typed.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


def _number(field: CodingField, text: str, page: str, reason: str) -> Value:
    if not _NUMBER.fullmatch(text):
        raise ValueProblem(
            f"field '{field.id}' takes a number ({field.unit}), not '{text}' (digits, with"
            " '.' for decimals)"
        )
    number: int | float = float(text) if "." in text else int(text)
    problem = _bounds_problem(field, number)
    if problem:
        raise ValueProblem(problem)
    return number


def _text(field: CodingField, text: str, page: str, reason: str) -> Value:
    return text


def _quote(field: CodingField, text: str, page: str, reason: str) -> Value:
    if not page:
        raise ValueProblem(f"a quote needs its page (--page, or a CSV's page column): '{field.id}'")
    return Quote(text, page)


def _appraisal(field: CodingField, text: str, page: str, reason: str) -> Value:
    rating = _option(field, text)
    if not reason:
        raise ValueProblem(
            f"an appraisal needs its reason (--reason, or a CSV's reason column): '{field.id}'"
        )
    return Appraisal(rating, reason)


_READERS = {
    FieldKind.ONE_OF: _one,
    FieldKind.YES_NO: _one,
    FieldKind.MANY_OF: _many,
    FieldKind.NUMBER: _number,
    FieldKind.TEXT: _text,
    FieldKind.QUOTE: _quote,
    FieldKind.APPRAISAL: _appraisal,
}


# -- whether a stored value still fits the frame ---------------------------------------------


def _bounds_problem(field: CodingField, number: float) -> str:
    if field.minimum is not None and number < field.minimum:
        return f"{number:g} is below the minimum of field '{field.id}' ({field.minimum:g})"
    if field.maximum is not None and number > field.maximum:
        return f"{number:g} is above the maximum of field '{field.id}' ({field.maximum:g})"
    return ""


def misfit(field: CodingField, value: Value) -> str:
    """Why a stored value no longer fits `field` as the frame has it now ("" when it fits):
    an option renamed or removed, another kind, a bound moved. Such a value is kept and
    flagged, never dropped."""
    kind = field.kind
    if kind in (FieldKind.ONE_OF, FieldKind.YES_NO):
        if not isinstance(value, str):
            return f"not a single option of the {kind.value} field"
        return "" if value in field.choices else f"'{value}' is no longer an option"
    if kind is FieldKind.MANY_OF:
        if not isinstance(value, tuple):
            return "not a list of options"
        gone = [option for option in value if option not in field.options]
        return f"{', '.join(repr(g) for g in gone)} no longer an option" if gone else ""
    if kind is FieldKind.APPRAISAL:
        if not isinstance(value, Appraisal):
            return "not a rating with a reason"
        return "" if value.rating in field.options else f"'{value.rating}' is no longer a rating"
    if kind is FieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "not a number"
        return _bounds_problem(field, value)
    if kind is FieldKind.QUOTE:
        return "" if isinstance(value, Quote) else "not a quote with its page"
    return "" if isinstance(value, str) else "not a text"


# -- JSON and table cells --------------------------------------------------------------------


def value_json(value: Value | None) -> object:
    """The JSON-ready form of a value (None for no value)."""
    if isinstance(value, Quote):
        return {"quote": value.text, "page": value.page}
    if isinstance(value, Appraisal):
        return {"rating": value.rating, "reason": value.reason}
    if isinstance(value, tuple):
        return list(value)
    return value


def encode_value(value: Value | None) -> str:
    """The text stored in `coded_values.value`."""
    return json.dumps(value_json(value), ensure_ascii=False)


def value_from_json(data: object) -> Value | None:
    """A value from its JSON-ready form (as `value_json` gives it)."""
    if data is None:
        return None
    if isinstance(data, list):
        return tuple(str(item) for item in data)
    if isinstance(data, dict):
        if "quote" in data:
            return Quote(str(data["quote"]), str(data.get("page", "")))
        return Appraisal(str(data.get("rating", "")), str(data.get("reason", "")))
    if isinstance(data, (int, float, str)) and not isinstance(data, bool):
        return data
    return str(data)


@lru_cache(maxsize=8192)
def decode_value(text: str) -> Value | None:
    """A value from the text stored in `coded_values.value`. Kept for the next time the
    same text is read (values are immutable, and 2,000 studies share a few dozen options).
    DamagedValue when the text is not JSON: the caller names the record and field."""
    try:
        return value_from_json(json.loads(text))
    except (ValueError, TypeError, RecursionError):
        raise DamagedValue(f"the stored value {str(text)[:40]!r} is not JSON") from None


def cell_text(value: Value | None) -> str:
    """A value as one table or CSV cell: options joined by '; ', a quote as
    `"passage" (p. 12)`, an appraisal as `rating: reason`, "" for none."""
    if value is None:
        return ""
    if isinstance(value, Quote):
        return f'"{value.text}" (p. {value.page})'
    if isinstance(value, Appraisal):
        return f"{value.rating}: {value.reason}"
    if isinstance(value, tuple):
        return f"{MANY_SEPARATOR} ".join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def category(value: Value) -> str:
    """The category a categorical value falls in, for agreement between coders: the option,
    the options joined (a many_of value agrees only when the sets are the same), or the
    rating of an appraisal (its reason is free text)."""
    if isinstance(value, Appraisal):
        return value.rating
    if isinstance(value, tuple):
        return f"{MANY_SEPARATOR} ".join(value)
    return str(value)
