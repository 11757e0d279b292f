"""Decisions that travel: two copies of one review, built from the same exports in another
order, screened by two reviewers, synced through a folder and through a git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sync_helpers import make_copy, portable_state, record_of

from screener.review import Review

ORDER_A = ["psycinfo.ris", "scopus.ris", "pubmed.ris"]
ORDER_B = ["pubmed.ris", "scopus.ris", "psycinfo.ris"]


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Ana's copy and Ben's, each made on its own machine (own review id)."""
    return (
        make_copy(tmp_path / "ana", ORDER_A, actor="ana"),
        make_copy(tmp_path / "ben", ORDER_B, actor="ben", renamed=True),
    )


def screen(folder: Path, reviewer: str, verdicts: dict[tuple[str, int], str]) -> None:
    with Review.open(folder, actor=reviewer) as review:
        for (name, position), verdict in verdicts.items():
            reason = ""
            review.decide(record_of(folder, name, position), verdict, reason=reason)


def sync(cli, folder: Path, shared: Path, *more: str):
    return cli("sync", shared, "--review", folder, "--reviewer", folder.parent.name, *more)


def test_copies_built_in_another_order_agree_on_every_group_and_canonical_record(
    copies: tuple[Path, Path],
) -> None:
    ana, ben = copies
    assert record_of(ana, "psycinfo.ris", 1) != record_of(ben, "psycinfo.ris", 1)  # ids differ
    assert portable_state(ana)["groups"] == portable_state(ben)["groups"]
    assert len(portable_state(ana)["groups"]) == 5  # studies 0-4, each in two or three files


def test_two_reviewers_sync_both_ways_through_a_folder_and_end_alike(
    copies: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    ana, ben = copies
    for copy in copies:  # blind dual screening, so that a disagreement is a conflict
        settings = copy / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace("reviewers_per_record = 1", "reviewers_per_record = 2"))
    shared = tmp_path / "team"
    shared.mkdir()
    screen(ana, "ana", {("psycinfo.ris", 1): "include", ("scopus.ris", 3): "exclude",
                        ("pubmed.ris", 1): "maybe"})  # fmt: skip
    with Review.open(ana, actor="ana") as review:
        review.undo()  # the maybe is taken back: the undo row travels too
    assert sync(cli, ana, shared).exit_code == 0
    first = sync(cli, ben, shared)  # Ben has decided nothing yet: his copy joins the review
    assert first.exit_code == 0, first.stderr
    assert "joined review" in first.stderr
    # Ben decides the record Ana included, by its id in his copy (another number), and
    # one of his own; he merges two records Ana's copy keeps apart.
    screen(ben, "ben", {("psycinfo.ris", 1): "exclude", ("pubmed.ris", 4): "include"})
    with Review.open(ben, actor="ben") as review:
        review.merge(record_of(ben, "psycinfo.ris", 6), record_of(ben, "pubmed.ris", 1))
    assert sync(cli, ben, shared).exit_code == 0
    assert sync(cli, ana, shared).exit_code == 0

    assert sorted(p.name for p in shared.iterdir()) == [".gitattributes", "ana.jsonl", "ben.jsonl"]
    assert "merge=union" in (shared / ".gitattributes").read_text()
    a_state, b_state = portable_state(ana), portable_state(ben)
    assert a_state == b_state
    assert len(a_state["rows"]) == 6  # 3 of Ana's, her undo, 2 of Ben's
    assert len(a_state["conflicts"]) == 1  # Ana included what Ben excluded
    assert a_state["agreement"]["records"] == 1
    assert {(v, r) for _, _, r, v, _ in a_state["current"]} == {
        ("include", "ana"),
        ("exclude", "ana"),
        ("exclude", "ben"),
        ("include", "ben"),
    }
    with Review.open(ana) as review:
        assert review._store.review_id() == Review.open(ben)._store.review_id()


def test_a_second_sync_adds_nothing_and_writes_nothing(
    copies: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    ana, ben = copies
    shared = tmp_path / "team"
    shared.mkdir()
    sync(cli, ana, shared)  # the first sync names the review in the folder
    assert (shared / "ana.jsonl").read_text().count("\n") == 1  # the header alone
    sync(cli, ben, shared)  # Ben, who has decided nothing yet, joins Ana's review
    screen(ana, "ana", {("psycinfo.ris", 2): "include"})
    sync(cli, ana, shared)
    screen(ben, "ben", {("psycinfo.ris", 2): "include"})
    for folder in (ben, ana):
        assert sync(cli, folder, shared).exit_code == 0
    files = {p.name: p.read_bytes() for p in shared.iterdir()}
    before = portable_state(ana)
    again = sync(cli, ben, shared, "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["added"] == 0
    assert json.loads(again.stdout)["known"] == 2
    assert json.loads(again.stdout)["written"] == {}
    assert sync(cli, ana, shared).exit_code == 0
    assert {p.name: p.read_bytes() for p in shared.iterdir()} == files
    assert portable_state(ana) == before == portable_state(ben)


def git(where: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=where, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def test_two_reviewers_sync_through_a_git_repository(
    copies: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    ana, ben = copies
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(tmp_path, "clone", "-q", str(origin), "ana-team")
    git(tmp_path, "clone", "-q", str(origin), "ben-team")
    ana_team, ben_team = tmp_path / "ana-team", tmp_path / "ben-team"

    screen(ana, "ana", {("psycinfo.ris", 3): "include", ("scopus.ris", 1): "exclude"})
    sync(cli, ana, ana_team)
    git(ana_team, "add", "-A")
    git(ana_team, "commit", "-qm", "ana")
    git(ana_team, "push", "-q", "origin", "HEAD")

    git(ben_team, "pull", "-q", "origin", git(ana_team, "branch", "--show-current").strip())
    sync(cli, ben, ben_team)  # joins
    screen(ben, "ben", {("psycinfo.ris", 3): "exclude", ("scopus.ris", 1): "exclude"})
    sync(cli, ben, ben_team)
    git(ben_team, "add", "-A")
    git(ben_team, "commit", "-qm", "ben")
    git(ben_team, "push", "-q", "origin", "HEAD")

    # Ana screens on, then takes Ben's work: her new lines are only added lines.
    screen(ana, "ana", {("pubmed.ris", 1): "include"})
    git(ana_team, "pull", "-q", "--rebase", "origin", "HEAD")
    sync(cli, ana, ana_team)
    diff = git(ana_team, "diff", "--numstat")
    assert diff.split() == ["1", "0", "ana.jsonl"]  # one line added, none changed
    git(ana_team, "commit", "-qam", "ana again")
    git(ana_team, "push", "-q", "origin", "HEAD")
    git(ben_team, "pull", "-q", "--rebase", "origin", "HEAD")
    sync(cli, ben, ben_team)

    assert portable_state(ana) == portable_state(ben)
    assert len(portable_state(ana)["current"]) == 5


def test_decisions_for_records_a_copy_lacks_are_kept_aside_and_applied_later(
    tmp_path: Path, cli
) -> None:
    ana = make_copy(tmp_path / "ana", ORDER_A, actor="ana")
    ben = make_copy(tmp_path / "ben", ["scopus.ris"], actor="ben")
    screen(ana, "ana", {("pubmed.ris", 1): "include", ("pubmed.ris", 4): "exclude",
                        ("scopus.ris", 1): "include"})  # fmt: skip
    shared = tmp_path / "team"
    shared.mkdir()
    sync(cli, ana, shared)
    first = sync(cli, ben, shared)
    assert first.exit_code == 0
    assert "2 decisions for records this copy lacks" in first.stderr
    again = sync(cli, ben, shared, "--json")
    assert json.loads(again.stdout)["pending"] == 2  # kept, not counted twice
    assert json.loads(again.stdout)["kept_aside"] == 0

    from sync_helpers import write_export

    with Review.open(ben, actor="ben") as review:
        review.import_file(write_export(tmp_path / "ben", "pubmed.ris"))
        review.dedupe()
    later = sync(cli, ben, shared, "--json")
    assert json.loads(later.stdout)["from_pending"] == 2
    assert json.loads(later.stdout)["pending"] == 0
    ana_current = portable_state(ana)["current"]
    assert portable_state(ben)["current"] == ana_current


def test_a_file_of_another_review_is_refused_with_one_line(
    copies: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    ana, ben = copies
    shared = tmp_path / "team"
    shared.mkdir()
    screen(ana, "ana", {("psycinfo.ris", 1): "include"})
    screen(ben, "ben", {("psycinfo.ris", 1): "include"})  # Ben screened before joining
    sync(cli, ana, shared)
    before = portable_state(ben)
    refused = sync(cli, ben, shared)
    assert refused.exit_code == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "ana.jsonl" in refused.stderr and "another review" in refused.stderr
    assert "--join" in refused.stderr
    assert sorted(p.name for p in shared.glob("*.jsonl")) == ["ana.jsonl"]  # nothing written
    assert portable_state(ben) == before
    joined = sync(cli, ben, shared, "--join")  # Ben says so: his copy joins Ana's review
    assert joined.exit_code == 0
    assert portable_state(ben)["current"] == portable_state(ana)["current"] | before["current"]


def test_decisions_export_and_import_carry_one_file(
    copies: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    ana, ben = copies
    screen(ana, "ana", {("psycinfo.ris", 4): "exclude", ("scopus.ris", 1): "include"})
    mail = tmp_path / "ana-decisions.jsonl"
    assert cli("decisions", "export", mail, "--review", ana).exit_code == 0
    taken = cli("decisions", "import", mail, "--review", ben, "--json")
    assert taken.exit_code == 0, taken.stderr
    assert json.loads(taken.stdout)["added"] == 2
    again = cli("decisions", "import", mail, "--review", ben, "--json")
    assert json.loads(again.stdout)["added"] == 0
    assert portable_state(ben)["current"] == portable_state(ana)["current"]
    listed = cli("decisions", "--json", "--review", ben)  # the plain listing still works
    assert listed.exit_code == 0
    assert sorted(json.loads(line)["verdict"] for line in listed.stdout.splitlines()) == [
        "exclude",
        "include",
    ]
