"""`screener export` in a review: the duplicate groups file, the merged members, the one
line naming the fields a format cannot carry, and the wording of notice links."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sources import write_sources

from screener.model import Record
from screener.review import Review
from screener.review.export import notice_notes
from screener.review.views import NoticePartner, notice_lines
from screener.store import NoticeLink

pytestmark = pytest.mark.cli


@pytest.fixture
def merged_review(review_dir: Path, tmp_path: Path) -> Path:
    """The four sources, and the MEDLINE and CSV ones again as a second database's copy."""
    paths = write_sources(tmp_path)
    copies = tmp_path / "copies"
    copies.mkdir()
    with Review.open(review_dir, actor="ana") as review:
        for path in paths:
            review.import_file(path)
        for path in (paths[0], paths[3]):
            copy = copies / path.name
            copy.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            review.import_file(copy)
        assert review.dedupe().merged == 2
    return review_dir


def test_export_groups_writes_the_stateless_dedupes_columns(
    merged_review: Path, tmp_path: Path, cli
) -> None:
    out, groups = tmp_path / "all.ris", tmp_path / "groups.csv"
    result = cli("export", "-o", out, "--groups", groups, "--review", merged_review)
    assert result.exit_code == 0, result.stderr
    raw = groups.read_bytes()
    assert raw.startswith(b"group,key\r\n")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert [(row["group"], row["key"]) for row in rows] == [
        ("1", "31000001"), ("1", "31000001"), ("2", "csv-1"), ("2", "csv-1"),
    ]  # fmt: skip
    assert "Wrote 4 rows of duplicate groups" in result.stderr


def test_export_names_the_fields_left_out_once_on_stderr(
    merged_review: Path, tmp_path: Path, cli
) -> None:
    result = cli("export", "-o", tmp_path / "all.ris", "--review", merged_review)
    assert result.exit_code == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("left out")]
    # by source, and none whose content the file holds (MEDLINE's AU, IS, TA, PL, PMC); the
    # sources come in the order of the canonical records, which is the files' sha256 order
    head, fields = line.split(": ", 1)
    assert (
        head == "left out 8 source fields RIS has no place for (written nowhere else in the file)"
    )
    assert sorted(fields.split("; ")) == [
        "BibTeX custom_vendor", "CSV Vendor Column", "MEDLINE OWN, STAT, DCOM, DEP, JID, PHST"
    ]  # fmt: skip


def test_export_of_status_duplicate_gives_the_merged_members_with_their_canonical(
    merged_review: Path, tmp_path: Path, cli
) -> None:
    out = tmp_path / "members.csv"
    result = cli("export", "--status", "duplicate", "-o", out, "--review", merged_review)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Which record of a group is canonical follows the files' sha256 (the same in every copy)
    with Review.open(merged_review) as review:
        links = review.duplicate_links()
    assert len(links) == 2
    assert [(row["id"], row["status"], row["duplicate_of"]) for row in rows] == [
        (str(member), "duplicate", str(canonical)) for member, canonical in sorted(links.items())
    ]


def test_export_groups_next_to_a_refused_output_writes_neither(
    merged_review: Path, tmp_path: Path, cli
) -> None:
    groups = tmp_path / "groups.csv"
    result = cli(
        "export", "-o", merged_review / "screener.toml", "--format", "ris", "--groups", groups,
        "--review", merged_review,
    )  # fmt: skip
    assert result.exit_code == 1
    assert not groups.exists()


@pytest.mark.parametrize(
    ("kind", "on_notice", "on_article"),
    [
        ("erratum", 'erratum of: "A trial" (doi:10.1/x; key T1; screener record 42)',
         'has an erratum: "Erratum" (screener record 57)'),
        ("retraction", 'retraction of: "A trial" (doi:10.1/x; key T1; screener record 42)',
         'IS RETRACTED: see "Erratum" (screener record 57)'),
        ("comment", 'comment on: "A trial" (doi:10.1/x; key T1; screener record 42)',
         'has a comment: "Erratum" (screener record 57)'),
        ("reply", 'reply to: "A trial" (doi:10.1/x; key T1; screener record 42)',
         'has a reply: "Erratum" (screener record 57)'),
    ],
)  # fmt: skip
def test_notice_lines_word_each_side_of_a_link(kind: str, on_notice: str, on_article: str) -> None:
    links = [NoticeLink(57, 42, kind)]
    partners = {42: NoticePartner("A trial", "10.1/x", "T1"), 57: NoticePartner("Erratum")}
    assert notice_lines(57, links, partners) == [on_notice]
    assert notice_lines(42, links, partners) == [on_article]
    assert notice_lines(7, links) == []


def test_a_notice_line_without_what_the_partner_is_called_still_names_its_record() -> None:
    assert notice_lines(57, [NoticeLink(57, 42, "erratum")]) == ["erratum of: (screener record 42)"]


def test_a_link_repeated_between_members_of_two_groups_is_one_note_naming_the_partner() -> None:
    # notice 10 and its copy 11; article 20 and its copies 21, 22: six links, one each side
    links = [NoticeLink(n, a, "erratum") for n in (10, 11) for a in (20, 21, 22)]
    canonical_of = {11: 10, 21: 20, 22: 20}
    records = {
        10: Record(id=10, title="Erratum: Sleep in nurses", key="E1"),
        20: Record(id=20, title="Sleep in nurses", doi="10.1/sleep", key="S1"),
    }
    notes = notice_notes(links, canonical_of, records.get, lambda record_id: record_id == 20)
    assert notes(records[10]) == [
        'erratum of: "Sleep in nurses" (doi:10.1/sleep; key S1; screener record 20)'
    ]
    assert notes(records[20]) == ['has an erratum: "Erratum: Sleep in nurses" (screener record 10)']
