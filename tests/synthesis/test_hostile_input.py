"""Hostile input to the synthesis commands: each refused in one line, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coding_helpers import coding_review, write_csv

pytestmark = pytest.mark.cli


def _standing(cli, folder: Path, field: str) -> object:
    """The value the evidence table shows for record 1's `field`."""
    lines = cli("report", "evidence", "--json", "--review", folder).stdout.splitlines()
    return next(row for row in map(json.loads, lines) if row["record"] == 1).get(field)


def _two_coders_disagree(cli, folder: Path) -> None:
    for coder, design in (("ana", "survey"), ("ben", "interviews")):
        result = cli("code", "set", "1", "design", design, "--coder", coder, "--review", folder)
        assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name", ["resolution:eve", "Resolution:eve", " resolution:eve"])
def test_a_coder_cannot_take_the_resolution_namespace(tmp_path: Path, cli, name) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    _two_coders_disagree(cli, folder)
    before = _standing(cli, folder, "design")
    result = cli("code", "set", "1", "design", "case files", "--coder", name, "--review", folder)
    assert result.exit_code == 2
    assert "is reserved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _standing(cli, folder, "design") == before


def test_a_csv_coder_cannot_take_the_resolution_namespace(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    _two_coders_disagree(cli, folder)
    before = _standing(cli, folder, "design")
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value,coder", "2,design,survey,cy", "1,design,case files,resolution:eve"],
    )
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"screener: {path}:3: coder name 'resolution:eve'")
    assert result.stderr.strip().endswith("nothing was written")
    assert _standing(cli, folder, "design") == before


def test_resolve_still_settles(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    _two_coders_disagree(cli, folder)
    args = ("code", "set", "1", "design", "case files", "--resolve", "--coder", "eve")
    assert cli(*args, "--review", folder).exit_code == 0
    assert _standing(cli, folder, "design") == "case files"


def test_the_coding_walk_refuses_a_reserved_coder(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    result = cli("code", "--plain", "--coder", "resolution:eve", "--review", folder)
    assert result.exit_code == 2
    assert "is reserved" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("report", "evidence"),
        ("code", "status"),
        ("code", "agreement"),
        ("export", "--included", "--format", "csv", "-o", "-"),
    ],
)
def test_a_stored_value_that_is_not_json_is_one_line(tmp_path: Path, cli, command) -> None:
    import sqlite3

    folder = coding_review(tmp_path)
    assert cli("code", "set", "2", "country", "Norway", "--review", folder).exit_code == 0
    with sqlite3.connect(folder / "screener.db") as db:
        db.execute("UPDATE coded_values SET value = 'Norway' WHERE record_id = 2")
    db.close()
    result = cli(*command, "--review", folder)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "record 2, field 'country'" in line
    assert "is not JSON" in line


def _coded(cli, folder: Path, field: str) -> int:
    status = json.loads(cli("code", "status", "--review", folder, "--json").stdout)
    return {f["field"]: f["coded"] for f in status["fields"]}[field]


def test_a_latin1_csv_is_read_as_the_other_readers_read_it(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    path = tmp_path / "coded.csv"
    path.write_bytes("record,field,value\n1,country,Côte d'Ivoire\n".encode("latin-1"))
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 0, result.stderr
    values = json.loads(
        cli("report", "evidence", "--json", "--review", folder).stdout.split("\n")[0]
    )
    assert values["country"] == "Côte d'Ivoire"


def test_a_utf8_csv_with_a_stray_byte_names_its_line(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    path = tmp_path / "coded.csv"
    text = "record,field,value\n1,country,Türkiye\n2,country,Norge\n3,country,Sverige\n"
    path.write_bytes(text.encode("utf-8").replace(b"Norge", b"N\xf8rge"))
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"screener: {path}:3: byte 0xf8 is not UTF-8 text; nothing was written"
    )
    assert _coded(cli, folder, "country") == 0


def test_two_values_for_one_field_and_coder_are_refused(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value", "1,design,survey", "2,design,survey", "1,design,interviews"],
    )
    result = cli("code", "--from", path, "--coder", "ana", "--review", folder)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith(f"screener: {path}:4: record 1, field 'design', coder 'ana'")
    assert "another value at line 2" in line
    assert _coded(cli, folder, "design") == 0


def test_identical_rows_are_written_once(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    path = write_csv(
        tmp_path / "coded.csv", ["record,field,value", "1,design,Survey", "1,design,survey"]
    )
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 0, result.stderr
    assert f"1 value coded from {path}." in result.stderr


def test_cells_beyond_the_header_are_refused(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value", "1,design,survey", "2,country,Bosnia,Herzegovina"],
    )
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(
        f"screener: {path}:3: 1 cell(s) beyond the 3 columns of the header"
    )
    assert _coded(cli, folder, "design") == 0


def test_a_third_coder_is_refused_on_a_record_with_two(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    _two_coders_disagree(cli, folder)
    result = cli("code", "set", "1", "peers", "yes", "--coder", "cy", "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "screener: record 1 already has its 2 coders (ana, ben); cy cannot code it"
        " (settle a disagreement with --resolve)"
    )
    assert _coded(cli, folder, "peers") == 0
    # the two coders go on coding it, and a resolution stays possible
    assert (
        cli("code", "set", "1", "peers", "no", "--coder", "ben", "--review", folder).exit_code == 0
    )
    args = ("code", "set", "1", "design", "survey", "--resolve", "--coder", "cy")
    assert cli(*args, "--review", folder).exit_code == 0


def test_a_csv_cannot_bring_a_third_coder(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value,coder", "2,design,survey,ana", "2,design,survey,ben",
         "2,peers,no,cy", "2,peers,no,dee"],
    )  # fmt: skip
    result = cli("code", "--from", path, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(
        f"screener: {path}:4: record 2 already has its 2 coders (ana, ben); cy cannot code it"
    )
    assert _coded(cli, folder, "design") == 0


@pytest.mark.parametrize(
    ("coders", "why"),
    [
        ((), "nobody has coded it"),
        (("ana",), "it awaits its second coder"),
        (("ana", "ben"), "its value is settled"),
    ],
)
def test_resolve_where_nothing_disagrees_is_refused(tmp_path: Path, cli, coders, why) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    for coder in coders:
        cli("code", "set", "1", "design", "survey", "--coder", coder, "--review", folder)
    args = ("code", "set", "1", "design", "interviews", "--resolve", "--coder", "eve")
    result = cli(*args, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"screener: nothing to resolve: record 1, field 'design': {why}"
    )


def test_kappa_over_one_record_is_withheld_and_said_so(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path, coders_per_record=2)
    _two_coders_disagree(cli, folder)
    report = json.loads(cli("code", "agreement", "--json", "--review", folder).stdout)
    design = next(f for f in report["fields"] if f["field"] == "design")
    assert design["kappa"] is None
    assert "kappa needs 2 or more records coded by every coder (here 1)" in design["notes"]
    shown = cli("code", "agreement", "--review", folder).stdout
    assert "design: kappa needs 2 or more records" in " ".join(shown.split())


def _validate(cli, tmp_path: Path, frame: str):
    path = tmp_path / "frame.toml"
    path.write_text(frame, encoding="utf-8")
    return path, cli("code", "validate", path)


@pytest.mark.parametrize(("key", "bound"), [("min", "nan"), ("max", "inf"), ("min", "-inf")])
def test_number_bounds_must_be_finite(tmp_path: Path, cli, key, bound) -> None:
    frame = '[[field]]\nid = "size"\nkind = "number"\nlabel = "Size"\nunit = "people"\n'
    frame += f"{key} = {bound}\n"
    path, result = _validate(cli, tmp_path, frame)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{path}:6: {key} of field 'size' must be a finite number")


def test_field_ids_differing_only_in_case_are_duplicates(tmp_path: Path, cli) -> None:
    field = '[[field]]\nid = "{}"\nkind = "text"\nlabel = "Country"\n\n'
    path, result = _validate(cli, tmp_path, field.format("country") + field.format("Country"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}:7: duplicate field id 'Country' ('country' on line 2 differs only in case)"
    )


def test_a_coding_frame_that_is_a_folder_is_one_plain_line(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    (folder / "coding.toml").unlink()
    (folder / "coding.toml").mkdir()
    result = cli("code", "validate", "--review", folder)
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"{folder / 'coding.toml'}: is a folder, not a coding frame file"
    )


def test_a_misspelt_coding_setting_is_refused(tmp_path: Path, cli) -> None:
    folder = coding_review(tmp_path)
    settings = folder / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("coders_per_record", "coder_per_record"), encoding="utf-8")
    result = cli("code", "status", "--review", folder)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith(f"screener: {settings}:")
    assert line.endswith(
        "[coding] has no setting 'coder_per_record' (did you mean 'coders_per_record'?)"
    )
