from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_ris

import screener.formats as formats
from screener.errors import AlreadyImported, FormatError, ScreenerError
from screener.review import Review
from screener.review.importing import ImportOptions


def test_import_keeps_provenance_for_every_record(review_dir: Path, tmp_path: Path) -> None:
    path = write_ris(tmp_path / "psycinfo.ris", ["First study", "Second study"])
    with Review.open(review_dir) as review:
        report = review.import_file(
            path,
            ImportOptions(database="APA PsycInfo", searched_on="2026-11-01", query="groom*"),
        )
        (source,) = review.sources()
        records = list(review.records())
    assert (report.records, report.skipped, report.format) == (2, 0, "ris")
    assert (source.database, source.searched_on, source.query) == (
        "APA PsycInfo",
        "2026-11-01",
        "groom*",
    )
    assert [r.source_id for r in records] == [source.id, source.id]
    assert [r.database for r in records] == ["APA PsycInfo", "APA PsycInfo"]


def test_the_same_file_twice_is_refused_and_changes_nothing(
    review_dir: Path, tmp_path: Path
) -> None:
    path = write_ris(tmp_path / "a.ris", ["Only study"])
    copy = tmp_path / "renamed.ris"
    copy.write_bytes(path.read_bytes())
    with Review.open(review_dir) as review:
        review.import_file(path)
        with pytest.raises(AlreadyImported, match="already imported as source 1"):
            review.import_file(copy)
        assert review.record_count() == 1


def test_an_import_interrupted_midway_leaves_the_store_as_it_was(
    review_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ris(tmp_path / "big.ris", [f"Study {n}" for n in range(2500)])
    seen = 0
    real = formats.normalize_record_reporting

    def failing(record):
        nonlocal seen
        seen += 1
        if seen == 2200:  # after two batches of 1,000 have been written
            raise OSError("disk went away")
        return real(record)

    monkeypatch.setattr(formats, "normalize_record_reporting", failing)
    with Review.open(review_dir) as review:
        with pytest.raises(OSError):
            review.import_file(path)
        assert review.record_count() == 0
        assert review.sources() == []
        assert [entry[2] for entry in review.audit()] == ["init"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Dear colleague, please find the results attached.", "unknown format"),
    ],
)
def test_unusable_files_are_refused_with_one_line(
    review_dir: Path, tmp_path: Path, cli, content: bytes, message: str
) -> None:
    path = tmp_path / "input.ris"
    path.write_bytes(content)
    result = cli("import", path, "--review", review_dir)
    assert result.exit_code == 1
    assert message in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with Review.open(review_dir) as review:
        assert review.record_count() == 0


def test_a_missing_file_is_named(review_dir: Path, tmp_path: Path, cli) -> None:
    result = cli("import", tmp_path / "nope.ris", "--review", review_dir)
    assert result.exit_code == 1
    assert "nope.ris: no such file" in result.stderr


def test_import_json_reports_counts_per_file(review_dir: Path, tmp_path: Path, cli) -> None:
    a = write_ris(tmp_path / "a.ris", ["One", "Two", "Three"])
    b = write_ris(tmp_path / "b.ris", ["Four"])
    result = cli("import", a, b, "--database", "PsycInfo", "--review", review_dir, "--json")
    assert result.exit_code == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [(r["records"], r["skipped"], r["format"]) for r in reports] == [
        (3, 0, "ris"),
        (1, 0, "ris"),
    ]


def test_latin1_export_reads_without_mojibake(review_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.ris"
    path.write_bytes(
        "TY  - JOUR\nTI  - Études sur la prévention\nAU  - Müller, Jörg\nER  - \n".encode("cp1252")
    )
    with Review.open(review_dir) as review:
        review.import_file(path)
        (record,) = review.records()
    assert record.title == "Études sur la prévention"
    assert record.authors == ("Müller, Jörg",)


def test_utf16_export_with_bom_reads(review_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "wide.ris"
    path.write_bytes("TY  - JOUR\r\nTI  - Überblick\r\nER  - \r\n".encode("utf-16"))
    with Review.open(review_dir) as review:
        review.import_file(path)
        (record,) = review.records()
    assert record.title == "Überblick"


def test_strict_refuses_a_file_with_a_malformed_record(review_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.ris"
    path.write_text(
        "TY  - JOUR\nTI  - Good record\nER  - \n\n"
        "TI  - Record without a type\nAU  - Lost, A\nER  - \n",
        encoding="utf-8",
    )
    with Review.open(review_dir) as review:
        with pytest.raises(ScreenerError, match="--strict") as caught:
            review.import_file(path, ImportOptions(strict=True))
        assert caught.value.line is not None
        assert review.record_count() == 0
        report = review.import_file(path)
    assert (report.records, report.skipped) == (1, 1)


def test_unknown_format_name_is_a_usage_error(review_dir: Path, tmp_path: Path, cli) -> None:
    path = write_ris(tmp_path / "a.ris", ["One"])
    result = cli("import", path, "--format", "marc", "--review", review_dir)
    assert result.exit_code == 2


def test_format_error_names_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        list(formats.read_file(tmp_path / "absent.nbib"))
    assert "absent.nbib" in str(caught.value)


def _ris_with_databases(path: Path, databases: list[str]) -> Path:
    blocks = [
        f"TY  - JOUR\nTI  - Study {n}\n" + (f"DB  - {db}\n" if db else "") + "ER  - \n"
        for n, db in enumerate(databases)
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Scopus", ["Scopus", "Embase", "Scopus"]),  # --database names the rest
        ("", ["Embase", "Embase", "Embase"]),  # the database the file names first
    ],
)
def test_records_naming_no_database_take_the_given_or_the_files_first(
    review_dir: Path, tmp_path: Path, given: str, expected: list[str]
) -> None:
    path = _ris_with_databases(tmp_path / "mixed.ris", ["", "Embase", ""])
    with Review.open(review_dir) as review:
        review.import_file(path, ImportOptions(database=given))
        records = list(review.records())
    assert [r.database for r in records] == expected


def test_every_file_is_tried_and_a_refused_one_changes_nothing(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    first = write_ris(tmp_path / "a.ris", ["Online grooming by perpetrators"])
    bad = tmp_path / "truth.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    last = write_ris(tmp_path / "b.ris", ["Sexual extortion of adolescents"])
    result = cli("import", first, bad, last, "--review", review_dir)
    assert result.exit_code == 1
    assert f"screener: {bad}:" in result.stderr
    assert "2 files imported, 1 refused" in result.stderr
    with Review.open(review_dir) as review:
        assert [s.path.rsplit("/", 1)[-1] for s in review.sources()] == ["a.ris", "b.ris"]
    as_json = cli("import", bad, "--json", "--review", review_dir)
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)[0]["file"] == str(bad)


def test_one_kind_of_issue_many_times_is_one_line_naming_its_first_lines(
    review_dir: Path, cli
) -> None:
    ris_file = review_dir.parent / "ovid.ris"
    records = [
        f"TY  - JOUR\nTI  - Study {n} of sleep and mood\nPY  - 2020\nER  - \n"
        f"NL  - https://links.example.org/{n}\n"
        for n in range(1, 8)
    ]
    ris_file.write_text("\n".join(records), encoding="utf-8")
    result = cli("import", ris_file, "--review", review_dir)
    assert result.exit_code == 0
    warned = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warned) == 1
    assert "7 times (lines 5, 11, 17 and 4 more)" in warned[0]
