"""`screener duplicates list|show|merge|unmerge`, `records show` and `decide` on the groups
a person sees and steers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from duplicates_helpers import build, forget_reasons, link_notice

from screener.review import Review
from screener.store import Store


@pytest.fixture
def review(review_dir: Path) -> Path:
    # records 1-4: studies 0-3 from psycinfo.ris; records 5, 6: studies 0, 1 from scopus.ris
    build(review_dir, [0, 1, 2, 3], [0, 1])
    return review_dir


def test_list_shows_each_group_with_members_and_the_engines_reasons(
    review: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # the layout at one width; any width: below
    result = cli("duplicates", "list", "--review", review)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Group of 2: canonical record 1"
    assert lines[1].startswith("  1  Okafor 2021  Help-seeking among people")
    assert lines[1].endswith("psycinfo.ris")
    assert lines[2].startswith("  5  Okafor 2021  HELP-SEEKING AMONG PEOPLE")
    assert "auto, dedupe run 1, score" in lines[3] and "with record 1: same DOI" in lines[3]
    assert "Group of 2: canonical record 2" in lines
    assert all(len(line) <= 80 for line in lines)  # titles cut to the terminal
    assert result.stderr.strip() == "2 groups, 2 records merged into another."


def test_list_json_is_built_by_the_library(review: Path, cli) -> None:
    result = cli("duplicates", "list", "--json", "--review", review)
    groups = json.loads(result.stdout)
    assert [(g["canonical"], g["size"]) for g in groups] == [(1, 2), (2, 2)]
    head, member = groups[0]["members"]
    assert head["link"] is None
    assert (member["id"], member["first_author"], member["year"]) == (5, "Okafor", 2021)
    assert member["source"].endswith("scopus.ris")
    link = member["link"]
    assert (link["how"], link["run"], link["matched"], link["merge"]) == ("auto", 1, 1, None)
    assert "same DOI" in link["reasons"] and link["score"] > 0.9
    with Review.open(review) as opened:
        assert groups == [group.as_json() for group in opened.group_views()]


def test_show_finds_the_group_from_any_member(review: Path, cli) -> None:
    by_member = cli("duplicates", "show", "6", "--json", "--review", review)
    by_head = cli("duplicates", "show", "2", "--json", "--review", review)
    assert json.loads(by_member.stdout) == json.loads(by_head.stdout)
    assert json.loads(by_head.stdout)["canonical"] == 2


def test_show_of_a_record_in_no_group_says_so_in_one_line(review: Path, cli) -> None:
    result = cli("duplicates", "show", "3", "--review", review)
    assert result.exit_code == 1
    assert result.stderr == "screener: record 3 is in no duplicate group\n"
    assert cli("duplicates", "show", "99", "--review", review).exit_code == 1


def test_links_made_before_reasons_were_kept_say_so(review: Path, cli) -> None:
    forget_reasons(review)
    result = cli("duplicates", "show", "1", "--review", review)
    assert "reasons not recorded" in result.stdout
    assert (
        json.loads(cli("duplicates", "show", "1", "--json", "--review", review).stdout)["members"][
            1
        ]["link"]["reasons"]
        is None
    )


def test_a_persons_merge_shows_who_when_and_why(review: Path, cli) -> None:
    result = cli("duplicates", "merge", "6", "5", "--reason", "same sample", "--review", review)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "Merged 2 records into one group: 2, 6"
    shown = " ".join(cli("duplicates", "show", "2", "--review", review).stdout.split())
    assert "merged by tester on " in shown and "with record 5: same sample" in shown
    assert "in this group by tester's merge of records 6 and 5" in shown  # record 6 rode in
    group = json.loads(cli("duplicates", "show", "1", "--json", "--review", review).stdout)
    assert [m["id"] for m in group["members"]] == [1, 2, 5, 6]
    merge = group["members"][1]["link"]["merge"]
    assert (merge["records"], merge["reason"], merge["by"]) == ([6, 5], "same sample", "tester")
    assert group["members"][3]["link"]["how"] == "auto"  # its own evidence stays


def test_merge_then_unmerge_through_the_cli_restores_the_groups(review: Path, cli) -> None:
    before = json.loads(cli("duplicates", "list", "--json", "--review", review).stdout)
    merged = cli("duplicates", "merge", "5", "2", "--json", "--review", review)
    assert json.loads(merged.stdout) == {"records": [5, 2], "linked": [2, 6], "merge": 1}
    undone = cli("duplicates", "unmerge", "2", "--json", "--review", review)
    assert undone.exit_code == 0, undone.stderr
    result = json.loads(undone.stdout)
    assert (result["unmerged"], result["group"]) == ([2, 6], 1)
    assert result["merge_undone"]["records"] == [5, 2]
    after = json.loads(cli("duplicates", "list", "--json", "--review", review).stdout)
    assert [[m["id"] for m in g["members"]] for g in after] == [
        [m["id"] for m in g["members"]] for g in before
    ]
    # the restored link is the engine's, with its evidence
    assert after[1]["members"][1]["link"] == before[1]["members"][1]["link"] | {
        "time": after[1]["members"][1]["link"]["time"]
    }


def test_screener_unmerge_stays_an_alias(review: Path, cli) -> None:
    result = cli("unmerge", "5", "--review", review)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "Unmerged 1 record from the group of record 1: 5"
    assert cli("duplicates", "show", "5", "--review", review).exit_code == 1
    again = cli("duplicates", "merge", "5", "1", "--review", review)
    assert (
        again.exit_code == 0 and cli("duplicates", "show", "5", "--review", review).exit_code == 0
    )


def test_merging_records_of_one_group_says_so(review: Path, cli) -> None:
    result = cli("duplicates", "merge", "1", "5", "--review", review)
    assert result.exit_code == 0
    assert result.stderr.strip() == "Records 1 and 5 are already in one group."


def test_merge_and_unmerge_are_audited(review: Path, cli) -> None:
    cli("duplicates", "merge", "3", "4", "--reason", "one trial", "--review", review)
    cli("duplicates", "unmerge", "4", "--review", review)
    with Review.open(review) as opened:
        entries = [(command, details) for _, _, command, details in opened.audit()]
    assert ("merge", {"records": [3, 4], "linked": [4], "reason": "one trial"}) in entries
    unmerge = next(details for command, details in entries if command == "unmerge")
    assert (unmerge["record"], unmerge["freed"], unmerge["group"]) == (4, [4], 3)


def test_records_show_names_the_canonical_record_or_the_group(review: Path, cli) -> None:
    member = cli("records", "show", "5", "--review", review)
    assert member.stdout.splitlines()[-1] == "duplicate of record 1"
    head = cli("records", "show", "1", "--review", review)
    assert head.stdout.splitlines()[-1] == "canonical record of a group of 2: also 5"
    alone = cli("records", "show", "3", "--review", review)
    assert "duplicate" not in alone.stdout and "group" not in alone.stdout
    shown = json.loads(cli("records", "show", "5", "--json", "--review", review).stdout)
    assert (shown["duplicate_of"], shown["group"], shown["notices"]) == (1, [1, 5], [])


def test_records_show_gives_notice_links_both_ways(review: Path, cli) -> None:
    link_notice(review, 3, 4, "erratum")
    link_notice(review, 2, 4, "retraction")
    notice = cli("records", "show", "3", "--review", review).stdout.splitlines()
    assert notice[-1] == "erratum of record 4"
    article = cli("records", "show", "4", "--review", review).stdout.splitlines()
    assert article[-2:] == ["has an erratum: record 3", "IS RETRACTED: record 2"]
    assert "\x1b" not in "".join(article)  # bold red only on a terminal
    shown = json.loads(cli("records", "show", "4", "--json", "--review", review).stdout)
    assert shown["notices"][1] == {
        "kind": "retraction", "notice": 2, "article": 4, "text": "IS RETRACTED: record 2"
    }  # fmt: skip


def test_deciding_a_merged_record_names_its_canonical_record(review: Path, cli) -> None:
    result = cli("decide", "5", "include", "--review", review)
    assert result.exit_code == 1
    assert result.stderr == "screener: record 5 is a duplicate of record 1; decide record 1\n"
    assert cli("decide", "1", "include", "--review", review).exit_code == 0


def test_the_screening_queue_never_offers_a_merged_record(review: Path) -> None:
    with Review.open(review) as opened:
        assert opened.queue() == [1, 2, 3, 4]


def test_the_pair_review_shows_groups_by_their_canonical_records(review: Path, cli) -> None:
    with Store.open(review / "screener.db") as store, store.transaction():
        # queued before the records were merged: 5 is shown as 1, 6 as 2; (1, 5) is settled
        store.add_pair_reviews([(5, 6, 0.7, ("titles differ",)), (1, 5, 0.8, ())], run_id=None)
    result = cli("duplicates", "review", "--plain", "--review", review, input="d\n")
    assert result.exit_code == 0, result.stderr
    assert "Pair 1 of 1" in result.stdout
    assert "record 1" in result.stdout and "record 2" in result.stdout
    assert "record 5" not in result.stdout and "record 6" not in result.stdout
    with Review.open(review) as opened:
        assert opened.duplicate_groups() == {1: [1, 2, 5, 6]}
        assert opened.pairs() == []  # the merge settled the other pair too


def test_every_duplicates_command_has_help_with_an_example(cli) -> None:
    for command in ("list", "show", "review", "merge", "unmerge"):
        result = cli("duplicates", command, "--help")
        assert result.exit_code == 0
        assert "Example:  screener duplicates" in result.stdout


def test_the_old_dedupe_review_says_where_the_pair_review_went(cli) -> None:
    result = cli("dedupe", "--review")
    assert result.exit_code == 2
    assert "'screener duplicates review'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_notice_found_in_several_databases_is_one_link_between_groups(review: Path, cli) -> None:
    # Record 5 is a copy of record 1 (one group); both copies are linked as errata of 4.
    link_notice(review, 1, 4, "erratum")
    link_notice(review, 5, 4, "erratum")
    article = cli("records", "show", "4", "--review", review).stdout.splitlines()
    assert [line for line in article if "erratum" in line] == ["has an erratum: record 1"]
    copy = cli("records", "show", "5", "--review", review).stdout.splitlines()
    assert copy[-2:] == ["duplicate of record 1", "erratum of record 4"]
    with Review.open(review) as opened:
        assert [(n.notice_id, n.article_id) for n in opened.notice_links()] == [(1, 4)]


def test_a_rerun_of_dedupe_gives_the_reviews_totals_beside_what_it_added(review: Path, cli) -> None:
    result = cli("dedupe", "--review", review)
    assert result.exit_code == 0
    # The fixture's dedupe merged records 5 and 6 into 1 and 2; this run adds nothing.
    assert "2 merged as duplicates in 2 groups (0 new)" in " ".join(result.stderr.split())
    totals = json.loads(cli("dedupe", "--json", "--review", review).stdout)
    assert (totals["merged"], totals["groups_total"], totals["merged_total"]) == (0, 2, 2)


def test_list_lines_up_titles_within_a_group_and_keeps_to_the_width(
    review: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for columns in ("100", "60"):
        monkeypatch.setenv("COLUMNS", columns)
        lines = cli("duplicates", "list", "--review", review).stdout.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
    # Within a group, the file column starts at one place on every member's line.
    monkeypatch.setenv("COLUMNS", "100")
    text = cli("duplicates", "list", "--review", review).stdout
    for group in text.split("Group of ")[1:]:
        members = [line for line in group.splitlines() if re.match(r"\s+\d+  ", line)]
        assert len({line.rindex("  ") for line in members}) == 1, members


def test_list_brief_and_by_person(review: Path, cli) -> None:
    brief = cli("duplicates", "list", "--brief", "--review", review).stdout.splitlines()
    assert [line.split()[:2] for line in brief[:2]] == [["1", "x2"], ["2", "x2"]]
    none = cli("duplicates", "list", "--by-person", "--review", review)
    assert none.stderr.strip() == "No group holds a person's merge."
    cli("duplicates", "merge", "6", "5", "--review", review)
    steered = json.loads(
        cli("duplicates", "list", "--by-person", "--json", "--review", review).stdout
    )
    assert [group["canonical"] for group in steered] == [1]
