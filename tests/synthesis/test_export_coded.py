"""`export --included` carries the coded fields: one column per field id, in frame order."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from coding_helpers import FRAME, coding_review

from screener.review import Review
from screener.synthesis import parse_frame

FIELD_IDS = list(parse_frame(FRAME).field_ids)


def _coded(folder: Path) -> None:
    with Review.open(folder, actor="ana") as review:
        review.code_text(1, "design", "case files")
        review.code_text(1, "platforms", "online gaming; messaging apps")
        review.code_text(1, "peers", "unclear")
        review.code_text(1, "sample_size", "251")
        review.code_text(1, "country", "United States")
        review.code_text(1, "finding", 'Offenders said "hi" first, then moved chats.', page="e12")
        review.code_text(1, "weight", "medium", reason="decoys, not children; one region")
        review.code_text(2, "design", "survey")


def test_a_csv_export_carries_every_coded_field(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    _coded(folder)
    out = tmp_path / "included.csv"
    result = cli("export", "--included", "--format", "csv", "-o", out, "--review", folder)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = {row["id"]: row for row in reader}
        columns = reader.fieldnames or []
    assert columns[-len(FIELD_IDS) :] == FIELD_IDS
    assert {name: rows["1"][name] for name in FIELD_IDS} == {
        "design": "case files",
        "platforms": "messaging apps; online gaming",
        "peers": "unclear",
        "sample_size": "251",
        "country": "United States",
        "finding": '"Offenders said "hi" first, then moved chats." (p. e12)',
        "weight": "medium: decoys, not children; one region",
    }
    assert rows["2"]["design"] == "survey" and rows["2"]["finding"] == ""
    assert set(rows) == {"1", "2", "3", "4"}


def test_a_json_export_carries_the_same_cells(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    _coded(folder)
    as_csv, as_json = tmp_path / "included.csv", tmp_path / "included.json"
    cli("export", "--included", "--format", "csv", "-o", as_csv, "--review", folder)
    result = cli("export", "--included", "--format", "json", "-o", as_json, "--review", folder)
    assert result.exit_code == 0, result.stderr
    with as_csv.open(encoding="utf-8", newline="") as stream:
        by_id = {row["id"]: row for row in csv.DictReader(stream)}
    for item in json.loads(as_json.read_text(encoding="utf-8")):
        annotations = item["custom"]["screener"]
        row = by_id[annotations["id"]]
        assert {f: annotations[f] for f in FIELD_IDS} == {f: row[f] for f in FIELD_IDS}


def test_with_two_coders_only_a_value_that_stands_is_exported(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    with Review.open(folder, actor="lead") as review:
        review.code_text(1, "design", "survey", coder="ana")
        review.code_text(1, "design", "survey", coder="ben")
        review.code_text(2, "design", "survey", coder="ana")
        review.code_text(2, "design", "case files", coder="ben")
        review.code_text(3, "design", "survey", coder="ana")
    out = tmp_path / "included.csv"
    cli("export", "--included", "--format", "csv", "-o", out, "--review", folder)
    with out.open(encoding="utf-8", newline="") as stream:
        design = {row["id"]: row["design"] for row in csv.DictReader(stream)}
    assert design == {"1": "survey", "2": "", "3": "", "4": ""}


def test_a_review_without_a_coding_frame_exports_as_before(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    (folder / "coding.toml").unlink()
    out = tmp_path / "included.csv"
    assert (
        cli("export", "--included", "--format", "csv", "-o", out, "--review", folder).exit_code == 0
    )
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not set(FIELD_IDS) & set(header)


def test_an_export_stops_at_a_broken_frame_and_writes_nothing(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    (folder / "coding.toml").write_text(FRAME.replace('"one_of"', '"one-of"'), encoding="utf-8")
    out = tmp_path / "included.csv"
    result = cli("export", "--included", "--format", "csv", "-o", out, "--review", folder)
    assert result.exit_code == 1
    assert "coding.toml:11: unknown kind 'one-of'" in result.stderr
    assert not out.exists()
