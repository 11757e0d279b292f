"""`screener code set | undo | --from | status` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coding_helpers import coding_review, write_csv


@pytest.fixture(params=["plain", "colour"])
def terminal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command reads the same in a narrow dumb terminal and with colour forced."""
    if request.param == "plain":
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "60")
        monkeypatch.setenv("TERM", "dumb")
    else:
        monkeypatch.setenv("FORCE_COLOR", "1")


def test_set_undo_and_status(tmp_path: Path, cli, terminal) -> None:
    folder = coding_review(tmp_path)
    result = cli("code", "set", "1", "platforms", "online gaming; social media", "--review", folder)
    assert result.exit_code == 0, result.stderr
    assert "Record 1: platforms = social media; online gaming (tester)." in result.stderr
    result = cli(
        "code", "set", "1", "finding", "Most approaches began in game chat.", "--page", "12",
        "--coder", "ana", "--review", folder,
    )  # fmt: skip
    assert 'finding = "Most approaches began in game chat." (p. 12) (ana)' in result.stderr
    result = cli(
        "code", "set", "2", "weight", "low", "--reason", "small sample", "--review", folder
    )
    assert result.exit_code == 0, result.stderr

    status = json.loads(cli("code", "status", "--review", folder, "--json").stdout)
    by_field = {f["field"]: f for f in status["fields"]}
    assert status["records"] == 4
    assert (by_field["platforms"]["coded"], by_field["platforms"]["to_code"]) == (1, 3)
    shown = cli("code", "status", "--review", folder).stdout
    assert "4 studies to code" in shown

    result = cli("code", "undo", "--review", folder)
    assert "Undone: record 2, weight is now (no value) (tester)." in result.stderr
    assert cli("code", "undo", "--coder", "ana", "--review", folder).exit_code == 0
    assert "Nothing to undo." in cli("code", "undo", "--coder", "ana", "--review", folder).stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("6", "design", "survey"), "screener: record 6 is excluded-screening, not included"),
        (("1", "design", "ethnography"), "'ethnography' is not an option of field 'design'"),
        (("1", "desgn", "survey"), "no field 'desgn' in the coding frame (did you mean 'design'?)"),
        (("1", "finding", "A passage."), "a quote needs its page"),
    ],
)
def test_set_refuses_in_one_line_with_exit_1(tmp_path: Path, cli, args, message) -> None:
    folder = coding_review(tmp_path)
    result = cli("code", "set", *args, "--review", folder)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (
        json.loads(cli("code", "status", "--review", folder, "--json").stdout)["fields"][0]["coded"]
        == 0
    )


def test_code_from_a_csv(tmp_path: Path, cli, terminal) -> None:
    folder = coding_review(tmp_path)
    path = write_csv(
        tmp_path / "coded.csv",
        ["record,field,value,page", "1,design,survey,", "2,finding,Offenders used aliases.,3"],
    )
    result = cli("code", "--from", path, "--coder", "ben", "--review", folder)
    assert result.exit_code == 0, result.stderr
    assert f"2 values coded from {path}." in result.stderr
    bad = write_csv(
        tmp_path / "bad.csv", ["record,field,value", "3,design,survey", "3,peers,perhaps"]
    )
    result = cli("code", "--from", bad, "--review", folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"screener: {bad}:3: 'perhaps' is not an option of field 'peers'"
        " (options: yes; no; unclear); nothing was written"
    )
    status = json.loads(cli("code", "status", "--review", folder, "--json").stdout)
    assert {f["field"]: f["coded"] for f in status["fields"]}["design"] == 1


def test_the_coding_screen_needs_its_package(tmp_path: Path, cli, monkeypatch) -> None:
    import importlib

    real = importlib.import_module

    def without_ui(name: str, *args):
        if name == "screener.synthesis.ui":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_ui)
    result = cli("code", "--review", coding_review(tmp_path))
    assert result.exit_code == 1
    assert "use 'screener code set' or 'screener code --from F.csv'" in result.stderr
