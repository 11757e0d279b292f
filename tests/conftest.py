"""Shared fixtures: a fresh review folder and a CLI runner that targets it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from screener.cli import app
from screener.errors import ParseIssue
from screener.model import Record
from screener.review import Review

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    Review.create(folder, title="Test review", template="blank", actor="tester").close()
    return folder


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Run `screener ARGS...`; returns the click Result (exit_code, stdout, stderr)."""
    monkeypatch.setenv("SCREENER_REVIEWER", "tester")
    monkeypatch.delenv("SCREENER_REVIEW", raising=False)
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def write_ris(path: Path, titles: list[str]) -> Path:
    """A small RIS file with one journal article per title."""
    lines = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Alex",
            "PY  - 2021",
            "T2  - Journal of Online Safety Research",
            f"DO  - 10.5555/test.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def records_of(items: list[Record | ParseIssue]) -> list[Record]:
    """The records of a reader's output, without its issues."""
    return [item for item in items if isinstance(item, Record)]


def issues_of(items: list[Record | ParseIssue]) -> list[ParseIssue]:
    """The issues of a reader's output, without its records."""
    return [item for item in items if isinstance(item, ParseIssue)]
