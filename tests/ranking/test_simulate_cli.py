"""`screener simulate` through the command line: output, files and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ranking_helpers import synthetic_set, write_csv

JSON_KEYS = {
    "records",
    "relevant",
    "wss_95",
    "wss_100",
    "recall_at_10",
    "recall_at_25",
    "rrf_10",
    "atd",
    "seconds",
}


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "exercise.csv", synthetic_set())


def test_json_reports_the_figures_without_the_priors(cli, labelled_csv: Path) -> None:
    result = cli("simulate", labelled_csv, "--labels", "label_included", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) == JSON_KEYS
    assert (figures["records"], figures["relevant"]) == (148, 14)
    assert figures["wss_95"] > 0.3 and 0.0 <= figures["recall_at_10"] <= 1.0


def test_the_same_seed_reports_the_same_figures(cli, labelled_csv: Path) -> None:
    runs = [json.loads(cli("simulate", labelled_csv, "--seed", "4", "--json").stdout)]
    runs.append(json.loads(cli("simulate", labelled_csv, "--seed", "4", "--json").stdout))
    for run in runs:
        del run["seconds"]
    assert runs[0] == runs[1]


def test_stopping_reports_buscar_and_the_target_method(cli, labelled_csv: Path) -> None:
    result = cli("simulate", labelled_csv, "--stopping", "--prior-included", "2", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["relevant"] == 13
    assert set(figures["stopping"]) == {"buscar", "target"}
    buscar = figures["stopping"]["buscar"]
    assert set(buscar) == {"screened", "share_screened", "recall", "reached_target", "p_value"}
    assert 0.0 < buscar["share_screened"] <= 1.0


def test_curve_is_written_as_a_self_contained_svg(cli, labelled_csv: Path, tmp_path: Path) -> None:
    curve = tmp_path / "curve.svg"
    result = cli("simulate", labelled_csv, "-o", curve)
    assert result.exit_code == 0, result.stderr
    assert "WSS@95" in result.stdout
    svg = curve.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "random screening" in svg
    assert "href" not in svg and "<script" not in svg


def test_curve_into_a_missing_folder_fails_and_leaves_nothing(
    cli, labelled_csv: Path, tmp_path: Path
) -> None:
    result = cli("simulate", labelled_csv, "-o", tmp_path / "nowhere" / "curve.svg")
    assert result.exit_code == 1
    assert "no such folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_batch_prints_one_row_per_csv_and_fails_for_the_bad_one(cli, tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    write_csv(folder / "first.csv", synthetic_set(seed=1))
    write_csv(folder / "second.csv", synthetic_set(seed=2))
    write_csv(folder / "broken.csv", synthetic_set(), columns=["title", "abstract"])
    result = cli("simulate", folder, "--batch", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["file"] for row in rows] == ["broken.csv", "first.csv", "second.csv"]
    assert "no column 'label_included'" in rows[0]["error"] and "wss_95" in rows[1]
    assert "broken.csv: no column 'label_included'" in result.stderr


def _bad(tmp_path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    return write_csv(tmp_path / "bad.csv", rows, columns)


def _row(label: str, title: str = "Exercise and mood", abstract: str = "A trial.") -> dict:
    return {"title": title, "abstract": abstract, "label_included": label}


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        (synthetic_set(), ["title", "abstract"], "no column 'label_included'"),
        ([_row("1"), _row("yes"), _row("0")], None, "bad.csv:3: label_included is 'yes'"),
        ([_row("1"), _row("1"), _row("1")], None, "every record has label_included = 1"),
        ([_row("1"), _row("0")], None, "2 records: a simulation needs more than its 2 priors"),
        ([_row("1"), _row("0"), _row("0")], None, "none left to find"),
        ([_row("1", "", ""), _row("0", "", ""), _row("0", "", "")], None, "nothing to learn"),
    ],
    ids=["missing column", "not 0 or 1", "all one value", "two records", "one relevant", "no text"],
)
def test_bad_labels_are_one_line_and_exit_1(
    cli, tmp_path: Path, rows: list[dict[str, str]], columns: list[str] | None, message: str
) -> None:
    result = cli("simulate", _bad(tmp_path, rows, columns), "--labels", "label_included")
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_misspelt_labels_column_is_named_with_the_likely_one(cli, labelled_csv: Path) -> None:
    result = cli("simulate", labelled_csv, "--labels", "label_include")
    assert result.exit_code == 1
    assert "did you mean 'label_included'" in result.stderr


def test_a_set_without_abstracts_runs_with_a_warning(cli, tmp_path: Path) -> None:
    rows = [{**row, "abstract": ""} for row in synthetic_set()]
    result = cli("simulate", write_csv(tmp_path / "titles.csv", rows), "--json")
    assert result.exit_code == 0
    assert "warning: no record has an abstract" in result.stderr
    assert json.loads(result.stdout)["records"] == 148


def test_a_missing_file_is_exit_1_and_a_folder_without_batch_a_usage_error(
    cli, tmp_path: Path
) -> None:
    missing = cli("simulate", tmp_path / "absent.csv")
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    assert cli("simulate", tmp_path).exit_code == 2


def test_more_relevant_priors_than_relevant_records_says_so(cli, labelled_csv: Path) -> None:
    result = cli("simulate", labelled_csv, "--prior-included", "1000")
    assert result.exit_code == 1
    assert "15 relevant records for 1000 priors (--prior-included)" in result.stderr


def test_every_irrelevant_record_a_prior_runs_with_a_warning(cli, labelled_csv: Path) -> None:
    result = cli("simulate", labelled_csv, "--prior-excluded", "135", "--json")
    assert result.exit_code == 0, result.stderr
    assert "every irrelevant record is a prior" in result.stderr


@pytest.mark.parametrize("seed", ["-1", "99999999999999999999"])
def test_a_seed_out_of_range_is_a_usage_error(cli, labelled_csv: Path, seed: str) -> None:
    result = cli("simulate", labelled_csv, "--seed", seed)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_the_curve_never_overwrites_the_labelled_file(cli, tmp_path: Path) -> None:
    labelled = write_csv(tmp_path / "set.svg", synthetic_set())
    before = labelled.read_bytes()
    result = cli("simulate", labelled, "-o", labelled)
    assert result.exit_code == 1
    assert "labelled file" in result.stderr
    assert labelled.read_bytes() == before


def test_the_curve_must_be_an_svg(cli, labelled_csv: Path, tmp_path: Path) -> None:
    result = cli("simulate", labelled_csv, "-o", tmp_path / "curve.png")
    assert result.exit_code == 2
    assert not (tmp_path / "curve.png").exists()


def test_a_control_character_in_the_file_name_keeps_the_curve_valid_xml(
    cli, tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ElementTree

    labelled = write_csv(tmp_path / "set\x01.csv", synthetic_set())
    curve = tmp_path / "curve.svg"
    assert cli("simulate", labelled, "-o", curve).exit_code == 0
    ElementTree.parse(curve)


def test_batch_takes_any_case_of_csv_and_lists_failures_in_json(cli, tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    write_csv(folder / "upper.CSV", synthetic_set())
    write_csv(folder / "one.csv", [_row("1"), _row("0")])
    result = cli("simulate", folder, "--batch", "--json")
    assert result.exit_code == 1
    found = {item["file"]: item for item in json.loads(result.stdout)}
    assert set(found) == {"upper.CSV", "one.csv"}
    assert "error" in found["one.csv"] and "wss_95" in found["upper.CSV"]
