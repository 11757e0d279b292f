"""The report and export commands agree on what a bad `-o` is: a suffix no format has is a
usage error (exit 2); a path that cannot be written (a folder, a missing folder, a path
with a trailing '/') is bad data (exit 1). One line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.cli

# command, then the suffix it writes
WRITERS = [
    (("report", "prisma", "--allow-pending"), ".svg"),
    (("report", "progress"), ".svg"),
    (("report", "evidence"), ".html"),
    (("audit",), ".jsonl"),
    (("export", "--format", "csv"), ".csv"),
]
# The audit writes JSON lines or text to any name; export takes --format, else the suffix.
SUFFIXED = [*WRITERS[:3], (("export",), ".csv")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from screener.cli import app

    folder = tmp_path_factory.mktemp("demo") / "review"
    result = CliRunner().invoke(app, ["demo", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


def _one_line(result) -> str:
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    return message


@pytest.mark.parametrize(("command", "suffix"), SUFFIXED)
def test_an_unknown_suffix_is_a_usage_error(demo: Path, cli, tmp_path: Path, command, suffix):
    target = tmp_path / "flow.zzz"
    result = cli(*command, "-o", target, "--review", demo)
    assert result.exit_code == 2, result.output
    _one_line(result)
    assert not target.exists()


@pytest.mark.parametrize(("command", "suffix"), WRITERS)
@pytest.mark.parametrize("where", ["folder", "missing folder", "trailing slash"])
def test_a_path_that_cannot_be_written_is_bad_data(
    demo: Path, cli, tmp_path: Path, command, suffix: str, where: str
) -> None:
    given = {
        "folder": str(tmp_path),
        "missing folder": str(tmp_path / "nowhere" / f"out{suffix}"),
        "trailing slash": str(tmp_path / f"out{suffix}") + "/",
    }[where]
    result = cli(*command, "-o", given, "--review", demo)
    assert result.exit_code == 1, result.output
    assert "cannot write" in _one_line(result)
    assert list(tmp_path.iterdir()) == []
