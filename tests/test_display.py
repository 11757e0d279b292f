"""Imported text and people's names are shown as written: never as markup, never raw
control sequences on the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screener.screening.ui.printable import caret_notation, cut, printable

TITLE = "Grooming [sic] in [i]online[/i] fora [link=http://x]here[/link] \x1b]0;pwned\x07\x1b[2J"
JOURNAL = "Journal of [/] Research"


def _ris(path: Path) -> Path:
    lines = ["TY  - JOUR", f"TI  - {TITLE}", f"T2  - {JOURNAL}", "PY  - 2021", "ER  - ", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def review(review_dir: Path, tmp_path: Path, cli) -> Path:
    assert cli("import", _ris(tmp_path / "hits.ris"), "--review", review_dir).exit_code == 0
    return review_dir


def _clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


def test_records_show_prints_markup_as_written_and_no_control_codes(review: Path, cli) -> None:
    result = cli("records", "show", "1", "--review", review)
    assert result.exit_code == 0, result.stderr
    flat = "".join(result.stdout.split())
    assert "[sic]" in flat and "[i]online[/i]" in flat and "[link=http://x]here[/link]" in flat
    assert "Journalof[/]Research" in flat
    _clean(result.stdout)


def test_records_show_json_keeps_the_text_exactly(review: Path, cli) -> None:
    result = cli("records", "show", "1", "--json", "--review", review)
    assert json.loads(result.stdout)["title"].startswith("Grooming [sic] in [i]online[/i]")


def test_a_reviewer_name_with_markup_does_not_break_decisions(review: Path, cli) -> None:
    assert cli("decide", "1", "include", "--reviewer", "[/]ana", "--review", review).exit_code == 0
    result = cli("decisions", "--review", review)
    assert result.exit_code == 0, result.stderr
    assert "[/]ana" in result.stdout


def test_plain_screening_shows_no_control_codes(review: Path, cli) -> None:
    result = cli("screen", "--plain", "--review", review, "--reviewer", "ana", input="q\n")
    assert result.exit_code == 0, result.stderr
    assert "[sic]" in result.stdout
    _clean(result.stdout)


def test_check_prints_keys_and_titles_as_data(tmp_path: Path, cli) -> None:
    criteria = tmp_path / "criteria.toml"
    criteria.write_text('[[rule]]\nid = "y"\nkind = "year"\nmin = 2000\naction = "exclude"\n')
    result = cli("check", "--criteria", criteria, _ris(tmp_path / "hits.ris"))
    assert result.exit_code == 0, result.stderr
    assert "[sic]" in "".join(result.stdout.split())
    _clean(result.stdout)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x1b[2Jb", "a[2Jb"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("bell\x07 and nul\x00 and del\x7f and csi\x9b", "bell and nul and del and csi"),
        ("plain", "plain"),
    ],
)
def test_printable_drops_control_characters_only(text: str, expected: str) -> None:
    assert printable(text) == expected


def test_a_long_field_is_cut_with_what_is_left_said() -> None:
    assert cut("x" * 10, limit=4) == "xxxx … (6 characters more; --full)"
    assert cut("x" * 10, limit=4, whole="") == "xxxx … (6 characters more)"
    assert cut("short", limit=10) == "short"


def test_records_show_cuts_a_huge_field_unless_asked_for_it_in_full(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    abstract = "word " * 30_000  # 150,000 characters
    hits = tmp_path / "big.ris"
    hits.write_text(f"TY  - JOUR\nTI  - Big\nAB  - {abstract}\nER  - \n", encoding="utf-8")
    assert cli("import", hits, "--review", review_dir).exit_code == 0
    cut_short = cli("records", "show", "1", "--review", review_dir)
    assert "characters more; --full)" in " ".join(cut_short.stdout.split())
    assert len(cut_short.stdout) < 120_000 * 2
    whole = cli("records", "show", "1", "--full", "--review", review_dir)
    assert whole.stdout.count("word") == 30_000


def test_a_database_title_and_search_date_with_markup_show_as_written(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    hits = _ris(tmp_path / "hits.ris")
    assert cli("import", hits, "--database", "[/]DB", "--review", review_dir).exit_code == 0
    settings = review_dir / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('title = "Test review"', 'title = "Review [/] one"'))
    for command in (["sources"], ["status"]):
        result = cli(*command, "--review", review_dir)
        assert result.exit_code == 0, result.stderr
    assert "[/]DB" in cli("sources", "--review", review_dir).stdout
    assert "Review [/] one" in cli("status", "--review", review_dir).stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title \x1b]0;pwned\x07 end", "title ^[]0;pwned^G end"),
        ("del\x7f and csi\x9b", "del^? and csiM-^["),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_raw_text_on_a_terminal_shows_control_characters_as_cat_v_does(
    text: str, expected: str
) -> None:
    assert caret_notation(text) == expected
