"""The coding frame: the review's questions and the fields coded for each included study.

A `Frame` is what a coding file (coding.toml) describes; `loader` builds one from the file
and reports every problem with its line. Each `CodingField` has a `FieldKind` that says what
its values look like (see `values` for how a value is read, stored and shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FieldKind(str, Enum):
    """What a field's values are."""

    ONE_OF = "one_of"  # one option of a list
    MANY_OF = "many_of"  # any number of options of a list
    YES_NO = "yes_no"  # yes, no or unclear
    NUMBER = "number"  # a number in a unit, within optional bounds
    TEXT = "text"  # a short text
    QUOTE = "quote"  # a passage of the report, with its page
    APPRAISAL = "appraisal"  # a study-level rating (options) with the reason for it


FIELD_KINDS: tuple[str, ...] = tuple(kind.value for kind in FieldKind)
YES_NO_ANSWERS: tuple[str, ...] = ("yes", "no", "unclear")
# Separates the options of a many_of value written as text ("survey; interviews").
MANY_SEPARATOR = ";"

# Kinds whose values are picked from a list of options (yes_no's list is fixed).
OPTION_KINDS = frozenset({FieldKind.ONE_OF, FieldKind.MANY_OF, FieldKind.APPRAISAL})
# Kinds whose values are categories: agreement between coders is measured with kappa.
CATEGORICAL_KINDS = frozenset(
    {FieldKind.ONE_OF, FieldKind.MANY_OF, FieldKind.YES_NO, FieldKind.APPRAISAL}
)
# Kinds whose values are free text: two coders can only be compared on whether both coded.
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.QUOTE})


@dataclass(frozen=True, slots=True)
class Question:
    """A question of the review that fields answer (an REA's sub-question)."""

    id: str
    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class CodingField:
    """One field of the frame.

    `options` for one_of, many_of and appraisal (the ratings); `unit`, `minimum` and
    `maximum` for number; `questions` the ids of the questions the field helps answer.
    `line` is where the field starts in its file (0 if none).
    """

    id: str
    kind: FieldKind
    label: str
    help: str = ""
    questions: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    line: int = 0

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a person picks from: the options, or yes / no / unclear."""
        if self.kind is FieldKind.YES_NO:
            return YES_NO_ANSWERS
        return self.options

    @property
    def categorical(self) -> bool:
        return self.kind in CATEGORICAL_KINDS


@dataclass(frozen=True, slots=True)
class Frame:
    """A review's coding frame: its questions and its fields, in file order.

    `sha256` is that of the file's bytes ("" for a frame built in code): every coded value
    keeps it, so a value can be told apart from the frame it was coded under.
    """

    questions: tuple[Question, ...] = ()
    fields: tuple[CodingField, ...] = ()
    path: str = ""
    sha256: str = ""

    def field(self, field_id: str) -> CodingField:
        """The field with this id; KeyError when there is none."""
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)

    def has_field(self, field_id: str) -> bool:
        return any(candidate.id == field_id for candidate in self.fields)

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(candidate.id for candidate in self.fields)

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError when there is none."""
        for candidate in self.questions:
            if candidate.id == question_id:
                return candidate
        raise KeyError(question_id)

    def fields_for(self, question_id: str) -> tuple[CodingField, ...]:
        """The fields that help answer a question (for `report evidence --by QUESTION`)."""
        return tuple(f for f in self.fields if question_id in f.questions)
