"""A bad coding frame: one line per problem, naming the file and line, with hints."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_helpers import FRAME, coding_review

from screener.synthesis import FrameError, check_frame_text, load_frame


def _messages(text: str) -> list[str]:
    frame, problems = check_frame_text(text, "coding.toml")
    assert frame is None
    return [str(p) for p in problems]


FIELD = '[[field]]\nid = "design"\nlabel = "Design"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            FIELD + 'kind = "one_off"\noptions = ["a"]\n',
            "coding.toml:4: unknown kind 'one_off' in field 'design' (did you mean 'one_of'?)",
        ),
        (
            FIELD + 'kind = "scale"\n',
            "coding.toml:4: unknown kind 'scale' in field 'design' (one of one_of, many_of,"
            " yes_no, number, text, quote, appraisal)",
        ),
        (
            FIELD + 'kind = "text"\n\n' + FIELD + 'kind = "text"\n',
            "coding.toml:7: duplicate field id 'design' (first used on line 2)",
        ),
        (
            FIELD + 'kind = "one_of"\noptions = []\n',
            "coding.toml:5: field 'design' has no options: list the values a coder picks from",
        ),
        (
            FIELD + 'kind = "many_of"\n',
            "coding.toml:1: field 'design' needs options = [...], the values a coder picks from",
        ),
        (
            FIELD + 'kind = "text"\nlabl = "x"\n',
            "coding.toml:5: unknown key 'labl' in field 'design' (did you mean 'label'?)",
        ),
        (
            FIELD + 'kind = "text"\noptions = ["a"]\n',
            "coding.toml:5: 'options' does not apply to a text field (field 'design')",
        ),
        (
            '[[question]]\nid = "pathways"\ntext = "Pathways?"\n\n'
            + FIELD
            + 'kind = "text"\nquestion = ["pathway"]\n',
            "coding.toml:9: field 'design' names an unknown question 'pathway'"
            " (did you mean 'pathways'?)",
        ),
        (
            FIELD.replace("design", "size") + 'kind = "number"\n',
            "coding.toml:1: field 'size' needs unit = \"...\" (what is counted or measured)",
        ),
        (
            FIELD + 'kind = "one_of"\noptions = ["survey", "Survey"]\n',
            "coding.toml:5: option 'Survey' is listed twice in field 'design'",
        ),
        (
            FIELD + 'kind = "many_of"\noptions = ["chat; forums"]\n',
            "coding.toml:5: option 'chat; forums' of field 'design' has a ';', which"
            " separates many_of options",
        ),
        (
            FIELD.replace("design", "title") + 'kind = "text"\n',
            "coding.toml:2: field id 'title' is a column every export has already; choose another",
        ),
        (
            '[[field]]\nid = "design"\nkind = "text"\n',
            "coding.toml:1: field 'design' has no label",
        ),
        ('[frame]\ntitle = "x"\n', "coding.toml:1: unknown key 'frame' in the coding frame"),
        (FIELD + 'kind = "text\n', "coding.toml:4: TOML syntax: "),
    ],
    ids=[
        "kind-near-miss",
        "kind-unknown",
        "duplicate-id",
        "empty-options",
        "no-options",
        "unknown-key",
        "key-of-another-kind",
        "unknown-question",
        "number-without-unit",
        "option-twice",
        "separator-in-option",
        "reserved-id",
        "no-label",
        "unknown-table",
        "toml-syntax",
    ],
)
def test_each_problem_is_one_line_with_file_and_line(text: str, expected: str) -> None:
    messages = _messages(text)
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected)


def test_every_problem_is_listed_in_line_order() -> None:
    text = FIELD + 'kind = "scale"\n\n[[field]]\nid = "design"\nkind = "one_of"\noptions = []\n'
    messages = _messages(text)
    assert [m.split(":")[1] for m in messages] == ["4", "6", "7", "9"]
    assert messages[1] == "coding.toml:6: field 'design' has no label"


def test_loading_a_bad_frame_raises_for_the_first_problem(tmp_path: Path) -> None:
    path = tmp_path / "coding.toml"
    path.write_text(FIELD + 'kind = "one_off"\n', encoding="utf-8")
    with pytest.raises(FrameError) as caught:
        load_frame(path)
    assert (caught.value.file, caught.value.line) == (str(path), 4)


def test_code_validate_exits_1_with_one_line_per_problem(tmp_path: Path, cli) -> None:
    path = tmp_path / "coding.toml"
    path.write_text(FIELD + 'kind = "scale"\n\n' + FIELD + 'kind = "one_of"\noptions = []\n')
    result = cli("code", "validate", path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{path}:4: unknown kind 'scale' in field 'design' (one of one_of, many_of, yes_no,"
        " number, text, quote, appraisal)",
        f"{path}:7: duplicate field id 'design' (first used on line 2)",
        f"{path}:10: field 'design' has no options: list the values a coder picks from",
    ]


def test_code_validate_of_the_reviews_frame(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    result = cli("code", "validate", "--review", folder, "--json")
    assert result.exit_code == 0
    assert '"problems": []' in result.stdout
    (folder / "coding.toml").write_text(FRAME.replace('"one_of"', '"one-of"'), encoding="utf-8")
    result = cli("code", "validate", "--review", folder)
    assert result.exit_code == 1
    assert "coding.toml:11: unknown kind 'one-of' in field 'design' (did you mean 'one_of'?)" in (
        result.stderr
    )


def test_a_misspelt_table_is_named_at_its_own_line() -> None:
    text = FIELD + 'kind = "text"\n\n[[feild]]\nid = "country"\n'
    assert _messages(text) == [
        "coding.toml:6: unknown key 'feild' in the coding frame (did you mean 'field'?)"
    ]


def test_code_validate_of_a_missing_file_names_no_line(tmp_path: Path, cli) -> None:
    path = tmp_path / "coding.toml"
    result = cli("code", "validate", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}: no coding frame (copy one: screener init --template, or write coding.toml)"
    )
