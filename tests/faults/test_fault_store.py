"""A store that is gone, damaged or in a folder that cannot be written: one line that says
so, never a new empty review in its place, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults_helpers import Run, assert_one_line, run_screener, write_ris

from screener.review import Review
from screener.store.base import PAGE_SIZE
from screener.store.guard import Failure, failure

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


@pytest.fixture
def review(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    with Review.create(folder, title="Faults", actor="tester") as created:
        created.import_file(write_ris(tmp_path / "a.ris", 600))
    return folder


# -- a store that is gone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["status"], ["sources"], ["decisions"], ["dedupe"], ["records", "show", "1"]],
    ids=" ".join,
)
@pytest.mark.parametrize("loss", ["deleted", "emptied"])
def test_a_lost_store_is_one_line_not_a_new_empty_review(
    review: Path, cli, command: list[str], loss: str
) -> None:
    store = review / "screener.db"
    if loss == "deleted":
        store.unlink()
    else:
        store.write_bytes(b"")
    result = cli(*command, "--review", review)
    assert result.exit_code == 1
    state = "is missing" if loss == "deleted" else "is empty (0 bytes)"
    assert result.stderr.splitlines() == [
        f"screener: {store}: the review's store is gone: the file {state}; restore it from"
        " a backup (only 'screener init' makes a new store, in a new folder)"
    ]
    assert (store.exists(), store.exists() and store.stat().st_size) == (
        loss == "emptied",
        0,
    )


def test_an_import_into_a_lost_store_writes_nothing(review: Path, tmp_path: Path, cli) -> None:
    (review / "screener.db").unlink()
    result = cli("import", write_ris(tmp_path / "b.ris", 3), "--review", review)
    assert result.exit_code == 1 and "the review's store is gone" in result.stderr
    assert not (review / "screener.db").exists()


# -- a damaged store ------------------------------------------------------------------------


def damage_middle(store: Path) -> None:
    """Overwrite every third page from the second quarter of the store on, away from its
    first (schema) page: whichever tables a command reads, it meets a damaged page."""
    pages = store.stat().st_size // PAGE_SIZE
    assert pages > 6, "the store is too small to damage in the middle"
    with store.open("r+b") as handle:
        for page in range(pages // 4, pages, 3):
            handle.seek(PAGE_SIZE * page)
            handle.write(b"\xa5\x5a" * (PAGE_SIZE // 2))


@pytest.mark.parametrize(
    "command", [["status"], ["dedupe"], ["export", "-o", "-", "--format", "ris"]], ids=" ".join
)
def test_a_store_with_damaged_pages_says_so_and_how_to_recover(
    review: Path, cli, command: list[str]
) -> None:
    store = review / "screener.db"
    damage_middle(store)
    result = cli(*command, "--review", review)
    assert result.exit_code == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"screener: {store}: the review store is damaged (")
    assert "'sqlite3 screener.db .recover | sqlite3 recovered.db'" in line


def test_a_damaged_store_file_header_is_damage_too(review: Path, cli) -> None:
    store = review / "screener.db"
    with store.open("r+b") as handle:
        handle.write(b"not a database at all, only text" * 4)
    result = cli("status", "--review", review)
    assert result.exit_code == 1
    assert "the review store is damaged (file is not a database)" in result.stderr


# -- a read-only review folder --------------------------------------------------------------


def check_read_only(review: Path, run: Callable[..., Run]) -> None:
    """Reading commands work in the read-only `review`; writing ones say it is read-only
    in one line; the store is left byte for byte as it was."""
    store = review / "screener.db"
    before = store.read_bytes()
    for command in (
        ["status", "--json"],
        ["sources"],
        ["decisions"],
        ["records", "show", "1"],
        ["export", "-o", "-", "--format", "ris"],
    ):
        result = run(*command, "--review", review)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    for command in (["dedupe"], ["decide", "1", "include"], ["criteria", "apply"]):
        result = run(*command, "--review", review)
        assert_one_line(result, f"{review}: the review folder is read-only")
    result = run("import", review.parent / "b.ris", "--review", review)
    assert_one_line(result, f"{review}: the review folder is read-only")
    assert store.read_bytes() == before
    assert sorted(p.name for p in review.iterdir()) == [
        "coding.toml",
        "criteria.toml",
        "screener.db",
        "screener.toml",
    ]


@pytest.fixture
def shared_review() -> Iterator[Path]:
    """A review in a folder that other users can read (tmp_path's parents are root's only)."""
    top = Path(tempfile.mkdtemp(prefix="screener-faults-"))
    folder = top / "review"
    with Review.create(folder, title="Faults", actor="tester") as created:
        created.import_file(write_ris(top / "a.ris", 200))
    write_ris(top / "b.ris", 3)
    for path in (top, *top.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(top)


def without_write_permission(folder: Path) -> Callable[..., Run]:
    if AS_ROOT:
        pytest.skip("root writes into a folder without write permission")
    folder.chmod(0o555)
    return run_screener


def as_another_user(folder: Path) -> Callable[..., Run]:
    """Run screener as `nobody`, to whom the (root's) folder is read-only: what a colleague
    without write permission sees."""
    if not AS_ROOT:
        pytest.skip("only root can run a command as another user")
    who = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    try:
        subprocess.run(
            [sys.executable, "-c", "import screener"], capture_output=True, check=True, **who
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"uid {NOBODY} cannot run this Python ({sys.executable}): {error}")
    return lambda *args: run_screener(*args, **who)


def on_a_read_only_mount(folder: Path) -> Callable[..., Run]:
    """Run screener with `folder` bind-mounted read-only over itself, in a mount namespace
    of the command's own: a read-only file system stops root as well."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1) here")
    remount = f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"'
    prefix = ["unshare", "--mount", "sh", "-c", remount, "sh"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount read-only here: {probe.stderr.strip()}")
    return lambda *args: run_screener(*args, prefix=prefix)


READ_ONLY = pytest.mark.parametrize(
    "read_only",
    [without_write_permission, as_another_user, on_a_read_only_mount],
    ids=["no-write-permission", "another-user", "read-only-mount"],
)


@READ_ONLY
def test_a_read_only_review_serves_reading_commands_and_refuses_writing_ones(
    shared_review: Path, read_only: Callable[[Path], Callable[..., Run]]
) -> None:
    check_read_only(shared_review, read_only(shared_review))


@READ_ONLY
def test_a_read_only_review_with_changes_left_in_the_wal_says_where_they_are(
    shared_review: Path, read_only: Callable[[Path], Callable[..., Run]]
) -> None:
    # A writer that died leaves its last changes in screener.db-wal; without the shared
    # memory file beside it, a reader that cannot create one cannot read them.
    wal = shared_review / "screener.db-wal"
    wal.write_bytes(b"\0" * 4096)
    wal.chmod(0o644)
    result = read_only(shared_review)("status", "--review", shared_review)
    assert_one_line(
        result,
        f"{shared_review / 'screener.db'}: the review folder is read-only and screener.db-wal"
        " holds changes not yet in screener.db",
    )


def test_init_in_a_folder_on_a_read_only_file_system_is_one_line(shared_review: Path) -> None:
    folder = shared_review.parent / "empty"
    folder.mkdir()
    run = on_a_read_only_mount(folder)
    result = run("init", folder)
    assert_one_line(result, f"{folder / 'criteria.toml'}: cannot create the review: Read-only")
    assert list(folder.iterdir()) == []


@READ_ONLY
def test_a_read_only_reader_sees_what_a_writer_with_permission_committed(
    shared_review: Path, read_only: Callable[[Path], Callable[..., Run]]
) -> None:
    # A colleague with write permission has the review open, its last import still in
    # screener.db-wal: a reader without permission reads through the shared memory file.
    run = read_only(shared_review)
    with Review.open(shared_review, actor="writer") as writer:
        writer.import_file(write_ris(shared_review.parent / "c.ris", 7))
        assert (shared_review / "screener.db-wal").stat().st_size > 0
        result = run("status", "--json", "--review", shared_review)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["records"] == writer.record_count() == 207


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite3.OperationalError("database is locked"), Failure.BUSY),
        (sqlite3.OperationalError("attempt to write a readonly database"), Failure.READ_ONLY),
        (sqlite3.OperationalError("database or disk is full"), Failure.FULL),
        (sqlite3.OperationalError("disk I/O error"), Failure.WRITE),
        (sqlite3.OperationalError("unable to open database file"), Failure.CANNOT_OPEN),
        (sqlite3.DatabaseError("database disk image is malformed"), Failure.DAMAGED),
        (sqlite3.DatabaseError("file is not a database"), Failure.DAMAGED),
        (sqlite3.IntegrityError("UNIQUE constraint failed: x.y"), Failure.MAYBE_DAMAGED),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), Failure.MISUSE),
    ],
    ids=lambda value: value.name if isinstance(value, Failure) else None,
)
def test_sqlite_errors_without_codes_are_told_apart_by_their_message(
    error: sqlite3.Error, kind: Failure
) -> None:
    # Python 3.10 gives a sqlite3 error no result code: its message tells the kind.
    assert failure(error) is kind
