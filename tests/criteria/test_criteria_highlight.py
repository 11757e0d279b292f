"""Highlighting include and exclude terms in a record's text for the screening view."""

from __future__ import annotations

import itertools

import pytest

from screener.criteria import Highlighter, parse_criteria


def _marked(highlighter: Highlighter, text: str) -> list[tuple[str, str]]:
    return [(text[start:end], label) for start, end, label in highlighter.spans(text)]


@pytest.mark.parametrize(
    ("include", "exclude", "text", "marked"),
    [
        (
            ["groom*"],
            [],
            "Grooming and groomers",
            [("Grooming", "include"), ("groomers", "include")],
        ),
        (["organi?ation"], [], "An organization.", [("organization", "include")]),
        (['"social media"'], [], "On social, media.", [("social, media", "include")]),
        (["social media"], [], "Social media use", [("Social media", "include")]),
        (["self-generated"], [], "Self generated", [("Self generated", "include")]),
        (["self-generated"], [], "self-generated", [("self-generated", "include")]),
        (["offender"], [], "The offender’s view", [("offender’s", "include")]),
        (["zurich"], [], "Police in Zürich", [("Zürich", "include")]),
        (
            [],
            ["mice", "animal*"],
            "Mice and animals",
            [("Mice", "exclude"), ("animals", "exclude")],
        ),
        (["child*"], ["children"], "children", [("children", "exclude")]),  # same span: exclude
        (['"child abuse"'], ["abuse"], "child abuse", [("child abuse", "include")]),  # longer
        (["groom*"], [], "No match here", []),
    ],
)
def test_spans_mark_terms_in_the_original_text(
    include: list[str], exclude: list[str], text: str, marked: list[tuple[str, str]]
) -> None:
    assert _marked(Highlighter(include, exclude), text) == marked


def test_spans_are_sorted_and_do_not_overlap() -> None:
    highlighter = Highlighter(["child*", '"child sexual abuse"', "abuse"], ["sexual"])
    spans = highlighter.spans("child sexual abuse online; abuse of children")
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert spans[0] == (0, 18, "include")


def test_highlighter_reads_the_criteria_lists() -> None:
    criteria = parse_criteria('[highlight]\ninclude = ["groom*"]\nexclude = ["mice"]\n')
    text = "Grooming, not mice"
    assert _marked(Highlighter.from_criteria(criteria), text) == [
        ("Grooming", "include"),
        ("mice", "exclude"),
    ]
