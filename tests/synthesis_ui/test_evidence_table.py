"""The evidence table's model: JSON objects, counts per option, studies per question."""

from __future__ import annotations

from evidence_helpers import small_table

from screener.report.evidence import (
    DISAGREEMENT_ROW,
    PENDING_ROW,
    by_question,
    option_counts,
    study_objects,
)


def test_one_json_object_per_study_with_each_field_id_as_a_key() -> None:
    objects = list(study_objects(small_table()))
    assert [item["record"] for item in objects] == [1, 2, 3]
    first = objects[0]
    assert first["citation"]["title"] == "Grooming in chat rooms"
    assert first["platforms"] == ["chat", "forums"]
    assert first["sample"] == 120
    assert first["finding"] == {"quote": "moved to private chat", "page": "12"}
    assert objects[1]["design"] == "disagreement"
    assert objects[2]["platforms"] is None  # pending: the other coder's value stays blind
    assert objects[2]["finding"] is None


def test_counts_per_option_count_many_of_picks_and_name_what_is_not_settled() -> None:
    counts = {(c.field, c.option): c.studies for c in option_counts(small_table())}
    assert counts[("design", "survey")] == 2
    assert counts[("design", "interviews")] == 0
    assert counts[("design", DISAGREEMENT_ROW)] == 1
    assert counts[("platforms", "chat")] == 1
    assert counts[("platforms", "gaming")] == 1
    assert counts[("platforms", PENDING_ROW)] == 1
    assert counts[("online", "yes")] == counts[("online", "no")] == 1
    assert not any(field == "sample" for field, _ in counts)  # no options, no counts


def test_an_option_since_removed_from_the_frame_is_still_counted() -> None:
    from dataclasses import replace

    table = small_table()
    columns = (replace(table.columns[0], options=("interviews", "other")), *table.columns[1:])
    edited = replace(table, columns=columns)
    counts = {(c.field, c.option): c.studies for c in option_counts(edited)}
    assert counts[("design", "survey")] == 2


def test_by_question_lists_the_studies_that_say_something_with_their_quotes() -> None:
    tech, target = by_question(small_table())
    assert [s.citation.record_id for s in tech.studies] == [1, 2, 3]
    assert [s.citation.record_id for s in target.studies] == [1, 2]  # 'no' says nothing
    first = target.studies[0]
    assert [f.column.id for f in first.findings] == ["finding"]
    assert first.quotes[0][1].text == "moved to private chat"
    assert target.as_json()["studies"][0]["quotes"] == [
        {"field": "finding", "quote": "moved to private chat", "page": "12"}
    ]


def test_by_one_question() -> None:
    (only,) = by_question(small_table(), "target")
    assert only.question.id == "target"


def test_short_citations_read_as_in_running_text() -> None:
    table = small_table()
    assert table.studies[0].citation.short == "Family1 and Other (2019)"
    assert table.studies[1].citation.short == "Family2 and Other (n.d.)"
