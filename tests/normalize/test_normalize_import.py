"""Export forms put right on import: fields filled, values kept as read, warnings counted."""

from __future__ import annotations

import json
from pathlib import Path

from screener.model import Record
from screener.normalize.forms import AS_READ, CITATION_DISAGREEMENT
from screener.review import Review
from screener.review.importing import ImportReport

CITED = "Biological Psychiatry.61 (4) ()(pp 410-418) 2007.Date of Publication: 15 Feb 2007."
RIS = f"""TY  - JOUR
TI  - Sleep and mood in a cohort of adolescents
T2  - {CITED}
ER  -

TY  - JOUR
TI  - Sleep and mood in adolescents: a second wave
PY  - 2007
VL  - 62
T2  - {CITED}
ER  -

TY  - JOUR
TI  - Diet and blood pressure in a primary care audit
PY  - 2016
T2  - Journal of Primary Care
IS  - 04-May
SP  - 01-Aug
ER  -

TY  - JOUR
TI  - Hand hygiene on hospital wards
PY  - 2012
T2  - Journal of Hospital Practice
VL  - var.pagings
SP  - No-Specified
ER  -
"""

CSV = """Title,Year,Journal,Volume,Issue,Pages,ISBN
Exercise after stroke,2010,Stroke Care,4,,October,1234-567X
Walking after stroke,2010,Stroke Care,5,,2010,
Balance after stroke,2011,Stroke Care,6,pp 267-282,,
"""


def _imported(review_dir: Path, path: Path) -> tuple[ImportReport, list[Record]]:
    with Review.open(review_dir) as review:
        report = review.import_file(path)
        return report, list(review.records())


def test_a_ris_import_fills_fields_from_a_citation_and_counts_its_disagreement(
    review_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ovid.ris"
    path.write_text(RIS, encoding="utf-8")
    report, records = _imported(review_dir, path)
    first, second, third, fourth = records
    assert (first.journal, first.volume, first.issue, first.pages, first.year) == (
        "Biological Psychiatry",
        "61",
        "4",
        "410-418",
        2007,
    )
    assert (second.volume, second.extra[CITATION_DISAGREEMENT]) == ("62", ["volume: 61"])
    assert (third.issue, third.pages) == ("4-5", "1-8")
    assert (fourth.volume, fourth.pages) == ("", "")
    assert (report.records, report.warnings) == (4, 1)
    (issue,) = report.issues
    assert (issue.severity, issue.line) == ("warning", 6)
    assert "volume 61 there, 62 here" in issue.message


def test_a_csv_import_drops_dates_from_pages_and_moves_an_issn(
    review_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(CSV, encoding="utf-8")
    report, records = _imported(review_dir, path)
    exercise, walking, balance = records
    assert (exercise.pages, exercise.issn, exercise.isbn) == ("", "1234-567X", "")
    assert exercise.extra["pages" + AS_READ] == ["October"]
    assert walking.pages == ""
    assert (balance.issue, balance.pages) == ("", "267-282")
    assert report.warnings == 0


UNMAPPED = "Title,Remarks\n" + "".join(f"A survey of sleep {n},seen\n" for n in range(6))


def test_an_import_says_when_few_records_have_a_title_and_a_year(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(UNMAPPED, encoding="utf-8")
    result = cli("import", path, "--review", review_dir)
    assert result.exit_code == 0
    expected = "only 0 of 6 records have a title and a year; is this file the format it was read as"
    assert expected in " ".join(result.stderr.split())
    assert "(CSV / TSV)" in result.stderr


def test_the_warning_about_few_dated_records_is_in_the_json_report(
    review_dir: Path, tmp_path: Path, cli
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(UNMAPPED, encoding="utf-8")
    (report,) = json.loads(cli("import", path, "--json", "--review", review_dir).stdout)
    assert report["warnings"] == 1
    assert report["issues"][0]["severity"] == "warning"
    assert report["issues"][0]["message"].startswith("only 0 of 6 records have a title and a year")


def test_a_file_where_half_the_records_are_dated_imports_without_that_warning(
    review_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "half.csv"
    path.write_text("Title,Year\nA survey,2001\nA trial,\n", encoding="utf-8")
    report, _ = _imported(review_dir, path)
    assert report.warnings == 0


def test_pieces_read_in_parallel_report_a_disagreement_at_its_record_line(
    review_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    from screener.review import importing, parallel

    workers: list[int] = []
    real = importing.parsed_batches

    def counted(*args, **kwargs):
        workers.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "parsed_batches", counted)
    plain = "TY  - JOUR\nTI  - Study {n}\nPY  - 2007\nT2  - Journal of Trials\nER  - \n"
    cited = f"TY  - JOUR\nTI  - Study {{n}}\nPY  - 2007\nVL  - 62\nT2  - {CITED}\nER  - \n"
    blocks = [(cited if n % 3000 == 2999 else plain).format(n=n) for n in range(9000)]
    path = tmp_path / "big.ris"
    path.write_text("".join(blocks), encoding="utf-8")
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "PIECE_BYTES", 1 << 16)
    report, records = _imported(review_dir, path)
    starts = [sum(b.count("\n") for b in blocks[:n]) + 1 for n in (2999, 5999, 8999)]
    assert [issue.line for issue in report.issues] == starts
    assert report.warnings == 3
    assert workers == [2]
    assert records[2999].volume == "62" and records[2999].issue == "4"
