"""Every output file goes through one atomic writer (screener.formats.output).

For each output (export -o, dedupe -o, --groups, --pairs) and each fault: one line on stderr
naming the file, exit 1, no traceback, nothing left behind and existing files untouched.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import write_ris

import screener.formats.output as output_module
from screener.errors import ScreenerError
from screener.formats.output import OutputSet, atomic_output
from screener.model import Source
from screener.review import Review
from screener.review.export import protected_files

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# An exact duplicate (a group) and a pair two years apart (uncertain) whose title begins
# with "-"; the file name begins with "=", so every key does too.
_HELP = "Help-seeking among people concerned about their sexual interest in children"
_RISK = "Risk assessment instruments for online offending: a systematic review"
_STUDIES = [(_HELP, "Okafor, Ngozi", "2021", "10.5555/demo.1"),
            (_HELP, "Okafor, Ngozi", "2021", "10.5555/demo.1"),
            ("-" + _RISK, "Lindqvist, Sara", "2019", ""),
            (_RISK, "Lindqvist, Sara", "2021", "")]  # fmt: skip


def _ris(studies: list[tuple[str, str, str, str]]) -> str:
    lines = []
    for title, author, year, doi in studies:
        lines += ["TY  - JOUR", f"TI  - {title}", f"AU  - {author}", f"PY  - {year}",
                  "T2  - Journal of Online Safety Research"]  # fmt: skip
        lines += [f"DO  - {doi}"] if doi else []
        lines += ["ER  - ", ""]
    return "\n".join(lines)


# What each output holds when it was written.
_OPENING = {
    "export -o": "TY  - JOUR",
    "dedupe -o": "TY  - JOUR",
    "dedupe --groups": "group,key",
    "dedupe --pairs": "key_a,key_b",
}
OUTPUTS = tuple(_OPENING)


class Setup:
    """A review with one import, an input file for the stateless dedupe, and an empty `out`
    folder where every output of the test goes."""

    def __init__(self, tmp_path: Path, review_dir: Path) -> None:
        self.review = review_dir
        inputs = tmp_path / "in"
        inputs.mkdir()
        self.source = write_ris(inputs / "source.ris", ["One", "Two"])
        with Review.open(review_dir, actor="tester") as review:
            review.import_file(self.source)
        self.input = inputs / "=in.ris"
        self.input.write_text(_ris(_STUDIES), encoding="utf-8")
        self.out = tmp_path / "out"
        self.out.mkdir()

    def siblings(self, which: str) -> dict[str, Path]:
        """The other outputs a dedupe writes along with `which`, in the `out` folder."""
        files = {
            "dedupe -o": self.out / "merged.ris",
            "dedupe --groups": self.out / "groups.csv",
            "dedupe --pairs": self.out / "pairs.csv",
        }
        files.pop(which, None)
        return {} if which == "export -o" else files

    def args(self, which: str, target: Path | str) -> list[Any]:
        if which == "export -o":
            return ["export", "-o", target, "--format", "ris", "--review", self.review]
        files: dict[str, Path | str] = {**self.siblings(which), which: target}
        return [
            "dedupe",
            self.input,
            "-o",
            files["dedupe -o"],
            "--format",
            "ris",
            "--groups",
            files["dedupe --groups"],
            "--pairs",
            files["dedupe --pairs"],
        ]


@pytest.fixture
def setup(tmp_path: Path, review_dir: Path) -> Setup:
    return Setup(tmp_path, review_dir)


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def assert_one_line(result: Any, shown: Path | str, message: str) -> None:
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [f"screener: {shown}: {message}"]
    assert "Traceback" not in result.stdout + result.stderr


def fail_writes_to(monkeypatch: pytest.MonkeyPatch, name: str, error: BaseException) -> None:
    """Writes to the output file `name` (its temporary, or the file itself when streamed)
    write half of what they are given, then raise `error`, as a filling disk does."""
    real_open = open

    class Failing:
        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def write(self, text: str) -> int:
            self._stream.write(text[: len(text) // 2])
            raise error

        def __getattr__(self, attribute: str) -> Any:
            return getattr(self._stream, attribute)

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        stream = real_open(file, *args, **kwargs)
        opened = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else str(file)
        base = os.path.basename(opened)
        return Failing(stream) if base == name or base.startswith(f".{name}.") else stream

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell the temporaries apart")
    monkeypatch.setattr(output_module, "open", fake_open, raising=False)


# -- faults, for every output ---------------------------------------------------------------


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_missing_folder_is_one_line_and_nothing_is_written(setup: Setup, cli, which) -> None:
    target = setup.out / "no-such-folder" / "x.csv"
    result = cli(*setup.args(which, target))
    assert_one_line(result, target, "cannot write: no such folder")
    assert listing(setup.out) == []


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_folder_as_target_is_one_line_and_nothing_is_written(setup: Setup, cli, which) -> None:
    target = setup.out / "folder"
    target.mkdir()
    result = cli(*setup.args(which, target))
    assert_one_line(result, target, "cannot write: is a folder")
    assert listing(setup.out) == ["folder"]
    assert listing(target) == []


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_full_device_is_one_line_and_the_other_outputs_are_not_written(
    setup: Setup, cli, which
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = cli(*setup.args(which, "/dev/full"))
    assert_one_line(result, "/dev/full", "cannot write: no space left on device")
    assert listing(setup.out) == []
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_full_disk_keeps_every_existing_output_as_it_was(
    setup: Setup, cli, monkeypatch, which
) -> None:
    target = setup.out / "target.csv"
    existing = [target, *setup.siblings(which).values()]
    for path in existing:
        path.write_text("old\n", encoding="utf-8")
    fail_writes_to(monkeypatch, target.name, OSError(errno.ENOSPC, "No space left on device"))
    result = cli(*setup.args(which, target))
    assert_one_line(result, target, "cannot write: no space left on device")
    assert listing(setup.out) == sorted(path.name for path in existing)
    assert all(path.read_text(encoding="utf-8") == "old\n" for path in existing)


@pytest.mark.parametrize("which", OUTPUTS)
def test_an_interrupted_write_leaves_no_temporary_and_the_old_file(
    setup: Setup, cli, monkeypatch, which
) -> None:
    target = setup.out / "target.csv"
    target.write_text("old\n", encoding="utf-8")
    fail_writes_to(monkeypatch, target.name, KeyboardInterrupt())
    result = cli(*setup.args(which, target))
    assert result.exit_code == 130
    assert listing(setup.out) == ["target.csv"]
    assert target.read_text(encoding="utf-8") == "old\n"


@pytest.mark.skipif(AS_ROOT, reason="root writes into a read-only folder")
@pytest.mark.parametrize("which", OUTPUTS)
def test_a_read_only_folder_is_one_line(setup: Setup, cli, which) -> None:
    folder = setup.out / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = cli(*setup.args(which, folder / "x.csv"))
    finally:
        folder.chmod(0o755)
    assert_one_line(result, folder / "x.csv", "cannot write: permission denied")
    assert listing(setup.out) == ["read-only"]
    assert listing(folder) == []


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_folder_that_refuses_new_files_is_one_line(setup: Setup, cli, monkeypatch, which) -> None:
    # As root the permission bits do not stop a write, so the folder's answer is simulated.
    folder = setup.out / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        output_module.os,
        "access",
        lambda path, mode, **kw: Path(path) != folder and real_access(path, mode, **kw),
    )
    result = cli(*setup.args(which, folder / "x.csv"))
    assert_one_line(result, folder / "x.csv", "cannot write: permission denied")
    assert listing(setup.out) == ["locked"]
    assert listing(folder) == []


def test_a_bad_groups_path_leaves_no_merged_file(setup: Setup, cli) -> None:
    merged = setup.out / "merged.ris"
    result = cli("dedupe", setup.input, "-o", merged, "--groups", setup.out / "no" / "g.csv")
    assert_one_line(result, setup.out / "no" / "g.csv", "cannot write: no such folder")
    assert listing(setup.out) == []


def test_a_bad_groups_path_keeps_the_existing_merged_file(setup: Setup, cli) -> None:
    merged = setup.out / "merged.ris"
    merged.write_text("old\n", encoding="utf-8")
    result = cli("dedupe", setup.input, "-o", merged, "--groups", setup.out)
    assert_one_line(result, setup.out, "cannot write: is a folder")
    assert listing(setup.out) == ["merged.ris"]
    assert merged.read_text(encoding="utf-8") == "old\n"


def test_a_bad_output_path_is_told_before_the_dedupe_runs(setup: Setup, cli, monkeypatch) -> None:
    import screener.review.batch as batch

    def dedupe_files(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the dedupe ran before the output paths were checked")

    monkeypatch.setattr(batch, "dedupe_files", dedupe_files)
    pairs = setup.out / "no" / "p.csv"
    result = cli("dedupe", setup.input, "-o", setup.out / "merged.ris", "--pairs", pairs)
    assert_one_line(result, pairs, "cannot write: no such folder")


def test_one_file_given_for_two_outputs_is_refused(setup: Setup, cli) -> None:
    merged = setup.out / "merged.csv"
    result = cli("dedupe", setup.input, "-o", merged, "--pairs", merged)
    assert_one_line(
        result, merged, f"cannot write: the same file is given for another output ({merged})"
    )
    assert listing(setup.out) == []


def test_the_stateless_dedupe_never_writes_over_its_input(setup: Setup, cli) -> None:
    before = setup.input.read_bytes()
    result = cli("dedupe", setup.input, "-o", setup.input)
    assert_one_line(result, setup.input, "refusing to write: is one of the input files")
    assert setup.input.read_bytes() == before
    assert listing(setup.input.parent) == ["=in.ris", "source.ris"]


# -- what every output does when it can be written ------------------------------------------


@pytest.mark.parametrize("which", OUTPUTS)
def test_an_existing_file_is_replaced_atomically(setup: Setup, cli, which) -> None:
    target = setup.out / "target.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    before = target.stat()
    result = cli(*setup.args(which, target))
    assert result.exit_code == 0, result.stderr
    after = target.stat()
    assert target.read_text(encoding="utf-8").startswith(_OPENING[which])
    # A new file renamed over the old one, not the old one truncated and written again.
    assert after.st_ino != before.st_ino
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert not [name for name in listing(setup.out) if name.startswith(".")]


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_symlink_is_written_through_to_its_target(setup: Setup, cli, which) -> None:
    real = setup.out / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = setup.out / "link.csv"
    link.symlink_to(real.name)
    result = cli(*setup.args(which, link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8").startswith(_OPENING[which])
    assert not [name for name in listing(setup.out) if name.startswith(".")]


@pytest.mark.parametrize("which", OUTPUTS)
def test_a_fifo_is_written_as_a_stream(setup: Setup, cli, which) -> None:
    fifo = setup.out / "fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    result = cli(*setup.args(which, fifo))
    reader.join(10)
    if reader.is_alive():  # never opened for writing: let the reader go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert received and received[0].startswith(_OPENING[which])
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("which", ["export -o", "dedupe -o"])
def test_a_dash_writes_to_stdout(setup: Setup, cli, which) -> None:
    result = cli(*setup.args(which, "-"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("TY  - JOUR")
    assert "-" not in listing(setup.out)


def test_groups_and_pairs_neutralise_formula_like_cells(setup: Setup, cli) -> None:
    groups, pairs = setup.out / "groups.csv", setup.out / "pairs.csv"
    merged = setup.out / "merged.ris"
    result = cli("dedupe", setup.input, "-o", merged, "--groups", groups, "--pairs", pairs)
    assert result.exit_code == 0, result.stderr
    assert groups.read_bytes() == b"group,key\r\n1,'=in.ris#1\r\n1,'=in.ris#2\r\n"
    _, row = pairs.read_text(encoding="utf-8").splitlines()
    assert row.startswith("'=in.ris#3,'=in.ris#4,")
    assert ",'-Risk assessment" in row and ",Risk assessment" in row


@pytest.mark.parametrize("command", ["export", "dedupe"])
def test_help_says_an_existing_file_is_replaced_atomically(cli, command) -> None:
    text = re.sub(r"\x1b\[[0-9;]*m", "", cli(command, "--help").stdout)  # FORCE_COLOR
    assert "replaced atomically" in " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


# -- the review's own files -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["screener.db", "screener.db-wal", "screener.db-shm", "screener.toml", "criteria.toml"]
)
def test_export_refuses_the_reviews_own_files(setup: Setup, cli, name) -> None:
    target = setup.review / name
    before = listing(setup.review)
    result = cli("export", "--all", "-o", target, "--format", "ris", "--review", setup.review)
    assert_one_line(result, target, "refusing to write: is one of the review's own files")
    assert listing(setup.review) == before
    with Review.open(setup.review) as review:
        assert review.status().records == 2


def test_export_refuses_a_symlink_to_the_store(setup: Setup, cli) -> None:
    link = setup.out / "store.ris"
    link.symlink_to(setup.review / "screener.db")
    result = cli("export", "-o", link, "--format", "ris", "--review", setup.review)
    assert_one_line(result, link, "refusing to write: is one of the review's own files")
    with Review.open(setup.review) as review:
        assert review.status().records == 2


def test_export_refuses_an_imported_source(setup: Setup, cli) -> None:
    before = setup.source.read_bytes()
    result = cli("export", "-o", setup.source, "--review", setup.review)
    assert_one_line(result, setup.source, "refusing to write: is an imported source file")
    assert setup.source.read_bytes() == before


def test_a_relative_source_path_is_protected_from_here_and_from_the_review(
    tmp_path: Path,
) -> None:
    source = Source(1, "searches/a.ris", "0" * 64, "ris", "", "", "", "", 2)
    protected = protected_files(tmp_path, [source])
    assert protected[tmp_path / "searches" / "a.ris"] == "is an imported source file"
    assert protected[Path.cwd() / "searches" / "a.ris"] == "is an imported source file"


# -- the writer itself ----------------------------------------------------------------------


def test_the_temporary_is_hidden_beside_the_target_until_the_end(tmp_path: Path) -> None:
    target = tmp_path / "out.ris"
    target.write_text("old\n", encoding="utf-8")
    with atomic_output(target) as stream:
        stream.write("new\n")
        (temporary,) = (name for name in listing(tmp_path) if name != "out.ris")
        assert temporary.startswith(".out.ris.") and temporary.endswith(".tmp")
        assert target.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["out.ris"]
    assert target.read_text(encoding="utf-8") == "new\n"


def test_text_goes_out_as_utf8_with_newlines_untranslated(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_output(target) as stream:
        stream.write("Åsa\r\nZoë\n")
    assert target.read_bytes() == "Åsa\r\nZoë\n".encode()


@pytest.mark.parametrize("error", [ValueError("bad record"), KeyboardInterrupt()])
def test_any_exception_removes_every_temporary(tmp_path: Path, error: BaseException) -> None:
    first, second = tmp_path / "a.ris", tmp_path / "b.csv"
    second.write_text("old\n", encoding="utf-8")
    with pytest.raises(type(error)), OutputSet() as outputs:
        with outputs.open(first) as stream:
            stream.write("written\n")
        with outputs.open(second) as stream:
            stream.write("half")
            raise error
    assert listing(tmp_path) == ["b.csv"]
    assert second.read_text(encoding="utf-8") == "old\n"


def test_a_failing_flush_names_the_output_and_removes_its_temporary(
    tmp_path: Path, monkeypatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_module.os, "fsync", full)
    with pytest.raises(ScreenerError) as raised, atomic_output(tmp_path / "x.ris") as stream:
        stream.write("text\n")
    assert (raised.value.file, raised.value.message) == (
        str(tmp_path / "x.ris"),
        "cannot write: no space left on device",
    )
    assert listing(tmp_path) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.ris"
    link.symlink_to("made.ris")
    with atomic_output(link) as stream:
        stream.write("new\n")
    assert link.is_symlink()
    assert (tmp_path / "made.ris").read_text(encoding="utf-8") == "new\n"


def test_a_long_file_name_still_gets_a_temporary(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250 + ".ris")
    with atomic_output(target) as stream:
        stream.write("new\n")
    assert listing(tmp_path) == [target.name]


def test_a_hard_link_to_a_refused_file_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "screener.db"
    store.write_text("store\n", encoding="utf-8")
    os.link(store, tmp_path / "copy.db")
    refuse = {store: "is one of the review's own files"}
    with pytest.raises(ScreenerError, match="own files"):
        OutputSet(refuse=refuse).check([tmp_path / "copy.db"])
    assert store.read_text(encoding="utf-8") == "store\n"


def test_check_creates_nothing(tmp_path: Path) -> None:
    OutputSet().check([tmp_path / "a.ris", tmp_path / "b.csv"])
    assert listing(tmp_path) == []


@pytest.mark.skipif(AS_ROOT, reason="root may write a read-only file")
def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "kept.ris"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(ScreenerError, match="permission denied"):
        OutputSet().check([target])
    assert target.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("option", ["-o", "--groups", "--pairs"])
@pytest.mark.parametrize("name", ["screener.db", "criteria.toml", "screener.toml", "source.ris"])
def test_the_stateless_dedupe_never_writes_over_a_reviews_own_files(
    tmp_path: Path, cli, option: str, name: str
) -> None:
    review = tmp_path / "review"
    assert cli("init", review).exit_code == 0
    source = review / "source.ris"
    source.write_text("TY  - JOUR\nTI  - One study\nER  - \n", encoding="utf-8")
    assert cli("import", source, "--review", review).exit_code == 0
    before = {path.name: path.read_bytes() for path in review.iterdir() if path.is_file()}
    other = tmp_path / "other.ris"
    other.write_text("TY  - JOUR\nTI  - Another study\nER  - \n", encoding="utf-8")
    outputs = {"-o": tmp_path / "merged.ris", option: review / name}
    args = [part for pair in outputs.items() for part in pair]
    result = cli("dedupe", other, *args, "--format", "ris")
    assert result.exit_code == 1
    assert "refusing to write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    after = {path.name: path.read_bytes() for path in review.iterdir() if path.is_file()}
    assert after == before
