"""What a coder has entered in a field but not saved yet, and the value it makes.

A `Draft` holds the parts a person enters, whatever the field's kind: the options picked,
the text typed (a number, a short text, a passage), the page of a passage and the reason of
an appraisal. `value_of` reads it through the same rules as `screener code set`
(synthesis/values.py), so the terminal, the line mode and scripts accept the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from screener.synthesis.frame import MANY_SEPARATOR, CodingField, FieldKind
from screener.synthesis.values import Appraisal, Quote, Value, cell_text, parse_value

# Kinds whose value is picked with digits (or space) rather than typed.
PICKED_KINDS = frozenset(
    {FieldKind.ONE_OF, FieldKind.MANY_OF, FieldKind.YES_NO, FieldKind.APPRAISAL}
)
# Kinds with a line of typed text (an appraisal's reason is typed too, beside its rating).
TYPED_KINDS = frozenset({FieldKind.NUMBER, FieldKind.TEXT, FieldKind.QUOTE})


@dataclass(frozen=True, slots=True)
class Draft:
    picked: tuple[str, ...] = ()
    text: str = ""
    page: str = ""
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not (self.picked or self.text.strip() or self.page.strip() or self.reason.strip())


EMPTY = Draft()


def is_picked(field: CodingField) -> bool:
    return field.kind in PICKED_KINDS


def is_many(field: CodingField) -> bool:
    return field.kind is FieldKind.MANY_OF


def draft_of(value: Value | None) -> Draft:
    """The draft a saved value reads as, so that editing starts from it."""
    if value is None:
        return EMPTY
    if isinstance(value, Quote):
        return Draft(text=value.text, page=value.page)
    if isinstance(value, Appraisal):
        return Draft(picked=(value.rating,), reason=value.reason)
    if isinstance(value, tuple):
        return Draft(picked=value)
    if isinstance(value, str):
        return Draft(picked=(value,), text=value)
    return Draft(text=cell_text(value))


def for_field(field: CodingField, value: Value | None) -> Draft:
    """`draft_of`, keeping only the parts the field's kind uses."""
    draft = draft_of(value)
    if is_picked(field):
        return replace(draft, text="")
    return replace(draft, picked=())


def pick(field: CodingField, draft: Draft, option: str) -> Draft:
    """Choose `option`: it replaces the pick of a one-of field, and toggles in a many-of."""
    if not is_many(field):
        return replace(draft, picked=(option,))
    chosen = set(draft.picked) ^ {option}
    # kept in the frame's order, as the saved value is; options the frame lost stay last
    ordered = [o for o in field.choices if o in chosen]
    return replace(draft, picked=(*ordered, *(o for o in draft.picked if o in chosen and
                                               o not in field.choices)))  # fmt: skip


def pick_number(field: CodingField, draft: Draft, digit: int) -> Draft | None:
    """`pick` by the option's number as shown (1-9, and 0 for the tenth); None when the
    field has no such option."""
    index = 9 if digit == 0 else digit - 1
    if not 0 <= index < len(field.choices):
        return None
    return pick(field, draft, field.choices[index])


def value_of(field: CodingField, draft: Draft) -> Value:
    """The value the draft gives the field; ValueProblem (one line) when it does not fit."""
    text = f"{MANY_SEPARATOR} ".join(draft.picked) if is_picked(field) else draft.text
    page = draft.page if field.kind is FieldKind.QUOTE else None
    reason = draft.reason if field.kind is FieldKind.APPRAISAL else None
    return parse_value(field, text, page=page, reason=reason)


def kind_hint(field: CodingField) -> str:
    """What the field takes, in a few words, for its heading and the line mode's prompt."""
    hints = {
        FieldKind.ONE_OF: "one of",
        FieldKind.MANY_OF: "any of",
        FieldKind.YES_NO: "yes / no / unclear",
        FieldKind.NUMBER: f"number, {field.unit}" if field.unit else "number",
        FieldKind.TEXT: "short text",
        FieldKind.QUOTE: "quote and page",
        FieldKind.APPRAISAL: "rating and reason",
    }
    return hints[field.kind]
