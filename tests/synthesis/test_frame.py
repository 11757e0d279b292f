"""The coding frame: every field kind loads; the shipped templates are valid frames."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_helpers import FRAME

from screener.review import Review
from screener.review.resources import coding_template_path, data_dir
from screener.synthesis import FieldKind, load_frame, parse_frame, validate_frame


def test_a_frame_with_every_field_kind_loads_in_file_order() -> None:
    frame = parse_frame(FRAME)
    assert [f.kind for f in frame.fields] == list(FieldKind)
    assert [q.id for q in frame.questions] == ["technologies", "pathways"]
    design = frame.field("design")
    assert design.label == "Study design" and design.help == "The design the authors report."
    assert design.options == ("survey", "interviews", "case files")
    assert frame.field("peers").choices == ("yes", "no", "unclear")
    size = frame.field("sample_size")
    assert (size.unit, size.minimum, size.maximum) == ("participants", 0, None)
    # `question` is a string or a list; `fields_for` serves report evidence --by QUESTION.
    assert frame.field("peers").questions == ("pathways",)
    assert [f.id for f in frame.fields_for("technologies")] == ["platforms", "finding"]
    assert frame.fields[0].line == 9


def test_the_frame_hash_changes_when_the_file_does() -> None:
    assert parse_frame(FRAME).sha256 != parse_frame(FRAME + "\n# edited\n").sha256


@pytest.mark.parametrize("name", ["rea", "pico", "blank"])
def test_every_shipped_frame_is_valid(name: str) -> None:
    path = data_dir("criteria") / "coding" / f"{name}.toml"
    assert validate_frame(path) == []


def test_the_rea_frame_covers_the_reference_sub_questions() -> None:
    frame = load_frame(data_dir("criteria") / "coding" / "rea.toml")
    for question in (
        "technologies",
        "targeting",
        "safeguarding",
        "emerging",
        "peers",
        "offending-types",
        "pathways",
    ):
        assert frame.fields_for(question), f"no field answers {question}"
    kinds = {f.kind for f in frame.fields}
    assert kinds == set(FieldKind)
    assert {"country", "design", "sample", "data_source", "weight_of_evidence"} <= set(
        frame.field_ids
    )


def test_init_copies_the_templates_frame_beside_the_criteria(tmp_path: Path) -> None:
    Review.create(tmp_path / "rea", template="rea", actor="ana").close()
    Review.create(tmp_path / "pico", template="pico", actor="ana").close()
    rea = (tmp_path / "rea" / "coding.toml").read_text(encoding="utf-8")
    assert rea == (data_dir("criteria") / "coding" / "rea.toml").read_text(encoding="utf-8")
    assert load_frame(tmp_path / "pico" / "coding.toml").has_field("risk_of_bias")


def test_a_template_without_a_frame_of_its_own_gets_the_blank_frame() -> None:
    assert coding_template_path("no-such-frame").name == "blank.toml"
    assert load_frame(coding_template_path("blank")).fields == ()


def test_init_keeps_a_coding_frame_already_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "review"
    folder.mkdir()
    (folder / "coding.toml").write_text(FRAME, encoding="utf-8")
    Review.create(folder, template="rea", actor="ana").close()
    assert (folder / "coding.toml").read_text(encoding="utf-8") == FRAME
