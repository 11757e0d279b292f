"""Shared fixtures: the same terminal for every test, the real data sets, a fresh review
folder and a CLI runner that targets it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from typer.testing import CliRunner

from screener.cli import app
from screener.errors import ParseIssue
from screener.model import Record
from screener.review import Review

REPO = Path(__file__).resolve().parents[1]

# What rich and textual read to decide on colour, width and whether they write to a terminal.
TERMINAL_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM")
COLUMNS = "80"
KEEP_TERMINAL = "--keep-terminal-env"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        KEEP_TERMINAL,
        action="store_true",
        help="run under the terminal variables of the environment (NO_COLOR, COLUMNS, TERM ...)"
        " instead of clearing them; CI runs the cli tests this way in a narrow, dumb terminal",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cli: runs commands through the `cli` fixture")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "cli" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.cli)


@pytest.fixture(autouse=True)
def plain_terminal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same terminal, whatever the developer's or CI's: no colour
    variables, no TERM, 80 columns. A test about colour or width sets the variable itself."""
    if request.config.getoption(KEEP_TERMINAL):
        return
    for name in TERMINAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", COLUMNS)


def shared_data_folder() -> Path:
    """The real data sets (exports, dedup, screening): SCREENER_SHARED_DATA, else
    `../shared/data` beside the repository. Tests that need a file skip when it is absent."""
    return Path(os.environ.get("SCREENER_SHARED_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real data sets; see `shared_data_folder`."""
    return shared_data_folder()


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


# CI runs the property tests on a fixed sequence of examples, so that a run fails for a
# reason someone can reproduce; locally every run explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
