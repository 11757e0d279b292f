"""A frame edited after coding began keeps every value, and flags what no longer fits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coding_helpers import FRAME, coding_review

from screener.review import Review
from screener.synthesis import Quote

# Coding went on under FRAME; then the team renamed an option, dropped one from platforms,
# removed the country field, and made the weight ratings strong / moderate / weak.
EDITED = (
    FRAME.replace('"interviews"', '"interviews or focus groups"')
    .replace(
        '["social media", "messaging apps", "online gaming"]', '["social media", "online gaming"]'
    )
    .replace('[[field]]\nid = "country"\nkind = "text"\nlabel = "Country"\n', "")
    .replace('["high", "medium", "low"]', '["strong", "moderate", "weak"]')
)


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    folder = coding_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        review.code_text(1, "design", "interviews")
        review.code_text(2, "design", "survey")
        review.code_text(1, "platforms", "messaging apps; social media")
        review.code_text(1, "country", "Norway")
        review.code_text(3, "country", "Spain")
        review.code_text(2, "weight", "high", reason="national register data")
        review.code_text(2, "finding", "Contact moved to private messaging.", page="9")
        old_sha = review.coding_frame().sha256
    assert "country" not in EDITED
    (folder / "coding.toml").write_text(EDITED, encoding="utf-8")
    with Review.open(folder, actor="ana") as review:
        assert review.coding_frame().sha256 != old_sha
    return folder


def test_no_value_is_lost_when_the_frame_changes(edited: Path) -> None:
    with Review.open(edited) as review:
        kept = {(v.record_id, v.field): v.value for v in review.coded_values()}
    assert kept == {
        (1, "design"): "interviews",
        (2, "design"): "survey",
        (1, "platforms"): ("social media", "messaging apps"),
        (1, "country"): "Norway",
        (3, "country"): "Spain",
        (2, "weight"): kept[(2, "weight")],
        (2, "finding"): Quote("Contact moved to private messaging.", "9"),
    }
    assert kept[(2, "weight")].rating == "high"


def test_status_lists_removed_fields_and_values_no_longer_options(edited: Path) -> None:
    with Review.open(edited) as review:
        status = review.coding_status()
    assert [str(r) for r in status.removed] == [
        "field 'country' is no longer in the frame: 2 values on 2 records kept"
    ]
    assert [(m.record_id, m.field, m.why) for m in status.misfits] == [
        (1, "design", "'interviews' is no longer an option"),
        (1, "platforms", "'messaging apps' no longer an option"),
        (2, "weight", "'high' is no longer a rating"),
    ]
    design = {f.field: f for f in status.fields}["design"]
    assert (design.coded, design.to_code) == (2, 2)  # a flagged value still counts as coded


def test_code_status_and_validate_show_the_flags(edited: Path, cli) -> None:
    result = cli("code", "status", "--review", edited)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "flag: field 'country' is no longer in the frame" in text
    assert "flag: record 1, field 'design' (ana): 'interviews' is no longer an option" in text
    assert "(value kept: interviews)" in text
    as_json = json.loads(cli("code", "status", "--review", edited, "--json").stdout)
    assert as_json["removed_fields"] == [{"field": "country", "values": 2, "records": 2}]
    assert [m["field"] for m in as_json["misfits"]] == ["design", "platforms", "weight"]
    # The edited frame itself is valid: the flags are notes, and validate exits 0.
    result = cli("code", "validate", "--review", edited)
    assert result.exit_code == 0, result.stderr
    assert "note: record 2, field 'weight' (ana): 'high' is no longer a rating" in " ".join(
        result.stderr.split()
    )


def test_a_flagged_value_is_exported_as_it_was_coded_until_recoded(edited: Path) -> None:
    with Review.open(edited, actor="ana") as review:
        assert review.coded_columns([1])[1]["design"] == "interviews"
        assert "country" not in review.coded_columns([1])[1]
        review.code_text(1, "design", "interviews or focus groups")
        assert review.coded_columns([1])[1]["design"] == "interviews or focus groups"
        assert [m.field for m in review.coding_status().misfits] == ["platforms", "weight"]


def test_putting_a_field_back_brings_its_values_back(edited: Path) -> None:
    (edited / "coding.toml").write_text(FRAME, encoding="utf-8")
    with Review.open(edited) as review:
        assert review.coded_columns([1, 3])[3]["country"] == "Spain"
        assert review.coding_status().flags == ()


def test_a_removed_field_with_one_value_reads_in_the_singular() -> None:
    from screener.synthesis.progress import RemovedField

    assert str(RemovedField("country", 1, 1)) == (
        "field 'country' is no longer in the frame: 1 value on 1 record kept"
    )
