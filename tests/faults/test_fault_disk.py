"""A disk that fills up under the store or under stdout, and a damaged gzip export: one line,
exit 1, and the store as it was."""

from __future__ import annotations

import gzip
import resource
import signal
from pathlib import Path

import pytest
from faults_helpers import assert_one_line, integrity, run_screener, state, write_ris

from screener.review import Review

HAS_DEV_FULL = Path("/dev/full").exists()


@pytest.fixture
def review(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    with Review.create(folder, title="Faults", actor="tester") as created:
        created.import_file(write_ris(tmp_path / "small.ris", 20))
    return folder


def file_size_limit(size: int):
    """A process's files cannot grow past `size` bytes, as on a disk that is full; with
    SIGXFSZ ignored, a write past it fails with EFBIG instead of killing the process."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


# An import that outgrows SQLite's page cache writes to the WAL as it goes, and one that
# fits writes it all at the commit: the disk fills up in either.
@pytest.mark.parametrize(
    ("records", "limit"),
    [(1_500, 1 << 20), (8_000, 2 << 20)],
    ids=["full-at-commit", "full-halfway"],
)
def test_a_full_disk_during_an_import_is_one_line_and_the_store_as_it_was(
    review: Path, tmp_path: Path, records: int, limit: int
) -> None:
    big = write_ris(tmp_path / "big.ris", records)
    before = state(review)
    result = run_screener(
        "import", big, "--review", review, preexec_fn=file_size_limit(limit), SCREENER_WORKERS="0"
    )
    assert_one_line(
        result, f"screener: {review / 'screener.db'}: cannot write the review store: disk I/O error"
    )
    assert state(review) == before
    assert integrity(review) == "ok"
    # Room again: the same file imports whole.
    assert run_screener("import", big, "--review", review).returncode == 0
    assert state(review).records == before.records + records


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full here")
@pytest.mark.parametrize(
    "command",
    [
        ["status", "--json"],
        ["status"],
        ["sources", "--json"],
        ["records", "show", "1"],
        ["records", "show", "1", "--raw"],
        ["export", "-o", "-", "--format", "ris"],
    ],
    ids=" ".join,
)
def test_stdout_on_a_full_disk_is_one_line(review: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run_screener(*command, "--review", review, stdout=full)
    assert result.stderr.splitlines() == ["screener: stdout: cannot write: no space left on device"]
    assert result.returncode == 1


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full here")
@pytest.mark.parametrize("command", [["--version"], ["--help"], ["status", "--help"]], ids=" ".join)
def test_help_and_version_on_a_full_disk_are_one_line(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run_screener(*command, stdout=full)
    assert result.stderr.splitlines() == ["screener: stdout: cannot write: no space left on device"]
    assert result.returncode == 1


def damaged_gzip(path: Path, how: str) -> Path:
    packed = gzip.compress(write_ris(path.with_suffix(""), 300).read_bytes())
    if how == "cut short":
        packed = packed[: len(packed) // 2]
    elif how == "bytes changed":
        middle = len(packed) // 2
        packed = packed[:middle] + b"x" * 50 + packed[middle + 50 :]
    else:  # "not deflate": a gzip header over bytes that never were compressed
        packed = packed[:10] + b"garbage" * 40
    path.write_bytes(packed)
    return path


@pytest.mark.parametrize("how", ["cut short", "bytes changed", "not deflate"])
def test_a_damaged_gzip_export_is_one_line(review: Path, tmp_path: Path, cli, how: str) -> None:
    path = damaged_gzip(tmp_path / "export.ris.gz", how)
    before = state(review)
    result = cli("import", path, "--review", review)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"screener: {path}: damaged gzip file: ")
    assert state(review) == before
