from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import write_ris

from screener.cli import app
from screener.formats.csv_layouts import EXPORT_COLUMNS


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_has_help_with_an_example() -> None:
    commands = list(_commands(app))
    assert len(commands) >= 7
    for path, command in commands:
        text = command.help or ""
        assert text.strip(), f"{' '.join(path)} has no help"
        assert "Example:" in text and "screener " in text, f"{' '.join(path)} has no example"


def test_every_command_summary_is_one_paragraph_without_hard_line_breaks() -> None:
    for path, command in _commands(app):
        summary = (command.help or "").split("\n\n")[0]
        assert "\n" not in summary, f"{' '.join(path)}: its summary breaks mid-line in --help"


def test_help_shows_every_bracketed_word_it_was_written_with(cli, monkeypatch) -> None:
    # Rich reads "[ids]" as a style tag and drops it unless written "\\[ids]".
    monkeypatch.setenv("COLUMNS", "250")
    for path, command in _commands(app):
        shown = " ".join(cli(*path, "--help").stdout.split())
        written = [command.help or "", *(getattr(p, "help", "") or "" for p in command.params)]
        for text in written:
            for bracketed in re.findall(r"\[[^\]\s][^\]]*\]", text.replace("\\[", "[")):
                assert " ".join(bracketed.split()) in shown, f"{' '.join(path)}: {bracketed}"


def test_init_creates_a_review_from_a_template(tmp_path: Path, cli) -> None:
    result = cli("init", tmp_path / "rea", "--template", "rea", "--title", "My REA")
    assert result.exit_code == 0, result.stderr
    for name in ("screener.toml", "criteria.toml", "screener.db"):
        assert (tmp_path / "rea" / name).is_file()
    assert "My REA" in (tmp_path / "rea" / "screener.toml").read_text()


def test_init_keeps_a_criteria_file_already_in_the_folder(tmp_path: Path, cli) -> None:
    folder = tmp_path / "rea"
    folder.mkdir()
    (folder / "criteria.toml").write_text("# our own criteria\n", encoding="utf-8")
    result = cli("init", folder, "--template", "rea")
    assert result.exit_code == 0, result.stderr
    assert (folder / "criteria.toml").read_text(encoding="utf-8") == "# our own criteria\n"
    assert "Kept the criteria.toml already in the folder" in result.stderr
    assert (folder / "coding.toml").is_file()


def test_init_refuses_an_existing_review(review_dir: Path, cli) -> None:
    result = cli("init", review_dir)
    assert result.exit_code == 1
    assert "already exists" in result.stderr


def test_init_with_an_unknown_template_lists_the_known(tmp_path: Path, cli) -> None:
    result = cli("init", tmp_path / "x", "--template", "nosuch")
    assert result.exit_code == 2  # a value typed on the command line: a usage error
    assert "one of" in result.stderr and "rea" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_with_a_misspelt_template_suggests_the_known_one(tmp_path: Path, cli) -> None:
    result = cli("init", tmp_path / "x", "--template", "rae")
    assert result.exit_code == 2
    assert "did you mean 'rea'?" in result.stderr


def test_init_inside_a_review_refuses_to_nest_one(tmp_path: Path, cli) -> None:
    assert cli("init", tmp_path / "outer").exit_code == 0
    result = cli("init", tmp_path / "outer" / "inner")
    assert result.exit_code == 1
    assert "a review already exists in" in result.stderr
    assert not (tmp_path / "outer" / "inner").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["decide", "abc", "include"], "'abc' is not a valid int"),
        (["decide", "1", "inclde"], "did you mean 'include'?"),
        (["decide", "1", "include", "--stage", "ful-text"], "did you mean 'full-text'?"),
        (["screen", "--order", "relevnce"], "did you mean 'relevance'?"),
        (["import", "x.ris", "--format", "riss"], "did you mean 'ris'?"),
        (["import", "x.ris", "--searched-on", "2999-01-01"], "is in the future"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, cli, args, expected) -> None:
    assert cli("init", tmp_path / "r").exit_code == 0
    result = cli(*args, "--review", tmp_path / "r")
    assert result.exit_code == 2, result.stderr
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["decide", str(2**64), "include"],
        ["records", "show", str(2**64)],
        ["criteria", "explain", str(2**64)],
        ["unmerge", str(2**64)],
    ],
)
def test_a_record_id_beyond_any_store_is_no_such_record(tmp_path: Path, cli, args) -> None:
    assert cli("init", tmp_path / "r").exit_code == 0
    result = cli(*args, "--review", tmp_path / "r")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"screener: no record with id {2**64}"


def test_unmerge_of_an_unknown_record_says_there_is_none(tmp_path: Path, cli) -> None:
    assert cli("init", tmp_path / "r").exit_code == 0
    result = cli("unmerge", "9999", "--review", tmp_path / "r")
    assert result.exit_code == 1
    assert result.stderr.strip() == "screener: no record with id 9999"


def test_commands_outside_a_review_say_so(tmp_path: Path, cli, monkeypatch) -> None:
    monkeypatch.setenv("SCREENER_REVIEW", str(tmp_path))
    result = cli("status")
    assert result.exit_code == 1
    assert "not a review folder" in result.stderr


def test_status_and_sources_json(review_dir: Path, tmp_path: Path, cli) -> None:
    path = write_ris(tmp_path / "a.ris", ["One", "Two"])
    cli(
        "import",
        path,
        "--database",
        "PsycInfo",
        "--searched-on",
        "2026-11-01",
        "--review",
        review_dir,
    )
    status = json.loads(cli("status", "--review", review_dir, "--json").stdout)
    assert status["records"] == 2 and status["by_status"]["title-abstract"] == 2
    (source,) = json.loads(cli("sources", "--review", review_dir, "--json").stdout)
    assert (source["database"], source["searched_on"], source["records"]) == (
        "PsycInfo",
        "2026-11-01",
        2,
    )


def test_import_method_says_how_a_source_was_found(
    review_dir: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("import", write_ris(tmp_path / "a.ris", ["One"]), "--review", review_dir)
    cli(
        "import",
        write_ris(tmp_path / "refs.ris", ["Two"]),
        "--method",
        "citation",
        "--review",
        review_dir,
    )
    found = json.loads(cli("sources", "--review", review_dir, "--json").stdout)
    assert [s["method"] for s in found] == ["database", "citation"]
    monkeypatch.setenv("COLUMNS", "160")  # a wide table: no cell folds
    assert "citation" in cli("sources", "--review", review_dir).stdout


def test_an_unknown_import_method_is_a_usage_error_naming_the_likely_one(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    result = cli(
        "import",
        write_ris(tmp_path / "a.ris", ["One"]),
        "--method",
        "citations",
        "--review",
        review_dir,
    )
    assert result.exit_code == 2
    assert "citation" in result.stderr
    assert json.loads(cli("sources", "--review", review_dir, "--json").stdout) == []


def test_bad_search_date_is_a_usage_error(review_dir: Path, tmp_path: Path, cli) -> None:
    path = write_ris(tmp_path / "a.ris", ["One"])
    result = cli("import", path, "--searched-on", "yesterday", "--review", review_dir)
    assert result.exit_code == 2


def test_records_show_prints_fields(review_dir: Path, tmp_path: Path, cli) -> None:
    cli("import", write_ris(tmp_path / "a.ris", ["Risk assessment study"]), "--review", review_dir)
    shown = json.loads(cli("records", "show", "1", "--review", review_dir, "--json").stdout)
    assert shown["title"] == "Risk assessment study"
    assert shown["status"] == "title-abstract"
    missing = cli("records", "show", "99", "--review", review_dir)
    assert missing.exit_code == 1 and "no record with id 99" in missing.stderr


def test_export_csv_has_the_contract_columns(review_dir: Path, tmp_path: Path, cli) -> None:
    cli(
        "import",
        write_ris(tmp_path / "a.ris", ["=cmd|' /C calc'!A0", "Plain"]),
        "--review",
        review_dir,
    )
    out = tmp_path / "out.csv"
    result = cli("export", "--all", "-o", out, "--review", review_dir)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # The contract's columns themselves are pinned in tests/formats/test_csv_table.py.
    assert list(rows[0])[: len(EXPORT_COLUMNS)] == list(EXPORT_COLUMNS)
    assert rows[0]["title"].startswith("'=")  # neutralised for spreadsheets
    assert rows[1]["status"] == "title-abstract"


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_export_reimports_with_no_field_lost(
    review_dir: Path, tmp_path: Path, cli, fmt: str
) -> None:
    cli("import", write_ris(tmp_path / "a.ris", ["One study", "Two study"]), "--review", review_dir)
    out = tmp_path / f"out.{fmt}"
    assert cli("export", "-o", out, "--format", fmt, "--review", review_dir).exit_code == 0
    other = tmp_path / "other"
    cli("init", other)
    assert cli("import", out, "--review", other).exit_code == 0
    first = json.loads(cli("records", "show", "1", "--review", review_dir, "--json").stdout)
    again = json.loads(cli("records", "show", "1", "--review", other, "--json").stdout)
    for field in ("title", "authors", "year", "journal", "doi", "pub_type"):
        assert first[field] == again[field], field


def test_records_show_raw_prints_the_record_exactly_as_read(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    path = write_ris(tmp_path / "a.ris", ["First study", "Second study"])
    cli("import", path, "--review", review_dir)
    shown = cli("records", "show", "2", "--raw", "--review", review_dir)
    assert shown.exit_code == 0
    assert shown.stdout.startswith("TY  - JOUR\nTI  - Second study\nAU  - Author2, Alex\n")
    assert shown.stdout.rstrip().endswith("DO  - 10.5555/test.2\nER  -")
