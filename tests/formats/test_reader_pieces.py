"""The readers' warnings when a big file is read in pieces by several processes: the same
records, lines and issues as one reader gives (see screener.formats.pieces)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screener.formats.bad_bytes import UTF8_WITH_BAD_BYTES
from screener.formats.text import sniff_encoding
from screener.review import Review, importing
from screener.review import parallel as importing_parallel


def _imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path, workers: str
) -> tuple[list[tuple], list[tuple]]:
    """(key, line, title) of each record and (line, message) of each issue an import
    stores, with SCREENER_WORKERS=`workers` and pieces of a few records."""
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 90)
    monkeypatch.setenv("SCREENER_WORKERS", workers)
    folder = tmp_path / f"review-{workers}"
    with Review.create(folder, title="t", template="blank", actor="t") as review:
        report = review.import_file(path)
        records = [(r.key, r.line, r.title) for r in review.records()]
    return records, [(issue.line, issue.message) for issue in report.issues]


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path
) -> tuple[tuple[list[tuple], list[tuple]], list[int]]:
    """What one reader imports, having checked that pieces import the same; and the worker
    counts the import asked for (0: one reader, after pieces gave up or before any)."""
    workers: list[int] = []
    real = importing.parsed_batches

    def counted(*args: object, **kwargs: Any) -> Any:
        workers.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "parsed_batches", counted)
    single = _imported(tmp_path, monkeypatch, path, "1")
    workers.clear()
    assert _imported(tmp_path, monkeypatch, path, "2") == single
    return single, workers


MANY_RIS = "".join(f"TY  - JOUR\nTI  - Étude {n}\nPY  - 2020\nER  - \n" for n in range(40)).encode()
MANY_CSV = ("ID,Year,Title\n" + "".join(f"r{n},2020,Étude {n}\n" for n in range(40))).encode()
MANY_NBIB = "".join(f"PMID- {n + 1}\nTI  - Étude {n}\n\n" for n in range(40)).encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("many.ris", MANY_RIS),
        ("many.nbib", MANY_NBIB),
        ("many.csv", MANY_CSV),
        ("header.csv", MANY_CSV.replace(b"ID,", b"I\xcf,")),  # a bad byte every piece holds
    ],
)
def test_pieces_report_the_bad_bytes_of_a_utf8_file_as_one_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes
) -> None:
    # A bad byte in the first MB: the whole file is scanned first, then read in pieces.
    path = tmp_path / name
    path.write_bytes(data.replace(b"\xc3\x89tude 3\n", b"\xc9tude 3\n"))
    assert sniff_encoding(path) == UTF8_WITH_BAD_BYTES
    (records, issues), workers = _both(tmp_path, monkeypatch, path)
    assert workers[0] == 2
    assert issues[-1][1] == "not UTF-8: byte 0xC9 replaced"
    assert records[3][2] == "\ufffdtude 3"


def test_pieces_warn_once_about_a_ris_record_the_file_ends_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cut.ris"
    path.write_bytes(MANY_RIS + b"TY  - JOUR\nTI  - Cut sh")
    (records, issues), workers = _both(tmp_path, monkeypatch, path)
    assert workers == [2]
    assert [line for line, _ in issues] == [161]
    assert records[-1][1:] == (161, "Cut sh")


def test_pieces_read_a_csv_stray_quote_as_one_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stray.csv"
    path.write_bytes(MANY_CSV.replace(b"r20,", b'r20,"'))
    (records, issues), _ = _both(tmp_path, monkeypatch, path)
    assert [line for line, _ in issues] == [22]
    assert len(records) == 40


def test_pieces_resolve_a_bibtex_crossref_to_an_entry_in_another_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [
        f"@inproceedings{{e{n},\n  title = {{Study {n}}},\n  crossref = {{proc}}\n}}\n\n"
        for n in range(30)
    ]
    entries.append("@proceedings{proc,\n  title = {Proceedings},\n  year = {2019}\n}\n")
    path = tmp_path / "crossref.bib"
    path.write_text("".join(entries), encoding="utf-8")
    (records, issues), workers = _both(tmp_path, monkeypatch, path)
    assert workers == [2, 0]  # the first pieces name an entry they lack: one reader reads on
    # The proceedings serve only as the papers' crossref: no record of their own.
    assert issues == [] and len(records) == 30
    with Review.open(tmp_path / "review-2") as review:
        assert {record.year for record in review.records()} == {2019}
