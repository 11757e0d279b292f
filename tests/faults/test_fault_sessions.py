"""Two sessions on one review at the same moment: two imports of one file make one source,
and the other import says "already imported", as it does one after the other."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from faults_helpers import screener_command, screener_env, state, write_ris

from screener.errors import AlreadyImported
from screener.review import Review, importing


@pytest.fixture
def review(tmp_path: Path) -> Path:
    folder = tmp_path / "review"
    Review.create(folder, title="Faults", actor="tester").close()
    return folder


def test_two_imports_of_one_file_that_both_checked_it_first_make_one_source(
    review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both imports have found the file new before either writes: the race, every time.
    path = write_ris(tmp_path / "a.ris", 200)
    both_checked = threading.Barrier(2, timeout=10)
    checked = importing._checked

    def check_then_wait(store, file):
        found = checked(store, file)
        both_checked.wait()
        return found

    monkeypatch.setattr(importing, "_checked", check_then_wait)
    outcomes: list[object] = []

    def run() -> None:
        with Review.open(review, actor="tester") as opened:
            try:
                outcomes.append(opened.import_file(path).source_id)
            except Exception as error:
                outcomes.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    (imported,) = [o for o in outcomes if isinstance(o, int)]
    (refused,) = [o for o in outcomes if not isinstance(o, int)]
    assert isinstance(refused, AlreadyImported), repr(refused)
    assert str(refused).startswith(f"{path}: already imported as source {imported} (")
    assert [s[0] for s in state(review).sources] == [imported]


def test_two_import_processes_of_one_file_at_once_make_one_source(
    review: Path, tmp_path: Path
) -> None:
    path = write_ris(tmp_path / "a.ris", 2_000)
    command = screener_command("import", path, "--review", review)
    processes = [
        subprocess.Popen(
            command, env=screener_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        results.append((process.returncode, stderr))
    assert sorted(code for code, _ in results) == [0, 1], results
    (refusal,) = [err for code, err in results if code == 1]
    assert refusal.startswith(f"screener: {path}: already imported as source 1 (")
    assert len(refusal.splitlines()) == 1
    assert [s[0] for s in state(review).sources] == [1]
