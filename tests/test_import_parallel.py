"""Reading a big export in several processes gives exactly what reading it in one does."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import shared_data_folder

from screener.errors import AlreadyImported, FormatError, ParseIssue
from screener.formats.detect import detect_format
from screener.formats.pieces import CUTTERS, cut_medline, cut_ris
from screener.formats.text import sniff_encoding
from screener.review import Review, importing
from screener.review import parallel as importing_parallel
from screener.review.importing import ImportOptions
from screener.review.parallel import SENTINEL, ReadWhole, parsed_batches
from screener.store import NewSource, Placement, Store

REPO = Path(__file__).resolve().parents[1]
PARALLEL_FORMATS = tuple(CUTTERS)


def _read(path: Path, workers: int, piece_bytes: int | None = None):
    """What reading `path` stores: each record's row and raw text, and the issues; or the
    error that stops it."""
    encoding = sniff_encoding(path)
    format_name = detect_format(path, encoding)
    issues: list[ParseIssue] = []
    ordinals = lines = 0
    batches = parsed_batches(
        path, format_name, encoding, {}, workers=workers, piece_bytes=piece_bytes
    )
    store = Store.open(path.with_name(f"{path.name}-{workers}-{piece_bytes}.db"), create=True)
    try:
        with store.transaction():
            source = store.add_source(NewSource(path=str(path), sha256="-", format=format_name))
            for batch in batches:
                if batch.error is not None:
                    message, line = batch.error
                    return message, line + lines if line else None
                placement = Placement(path.name, SENTINEL, ordinals, lines)
                store.add_record_blocks(source, batch.blocks, placement)
                issues += [replace(issue, line=issue.line + lines) for issue in batch.issues]
                ordinals += batch.ordinals
                lines += batch.lines
            rows = [(record, store.raw_text(record.id)) for record in store.records()]
    except FormatError as error:
        return (error.message, error.line)
    except ReadWhole:  # as import_file does: one reader reads the whole file again
        return _read(path, workers=0)
    finally:
        store.close()
        Path(store.path).unlink()
    return rows, sorted((i.line, i.message, i.severity) for i in issues)


def _export_files() -> list[Path]:
    found = sorted((REPO / "tests" / "fixtures").rglob("*")) + sorted(REPO.glob("examples/*"))
    exports = shared_data_folder() / "exports"
    if exports.is_dir():
        found += sorted(exports.iterdir())
    chosen = []
    for path in found:
        if not path.is_file():
            continue
        try:
            if detect_format(path, sniff_encoding(path)) in PARALLEL_FORMATS:
                chosen.append(path)
        except Exception:  # fixtures of broken files are not for this test
            continue
    return chosen


@pytest.mark.parametrize("path", _export_files(), ids=lambda p: p.name)
def test_pieces_read_in_processes_give_the_same_rows_keys_lines_and_issues(path: Path) -> None:
    # Tiny pieces cut the file at (nearly) every record end it has.
    assert _read(path, workers=2, piece_bytes=64) == _read(path, workers=0)


def _ris(count: int, ending: str = "\n") -> str:
    records = [
        f"TY  - JOUR{ending}TI  - Study {n}{ending}AB  - First line{ending}"
        f"  continued here{ending}ER  - {ending}{ending}"
        for n in range(count)
    ]
    return "".join(records)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_big_ris_file_read_in_pieces_numbers_keys_and_lines_through_the_file(
    tmp_path: Path, ending: str
) -> None:
    path = tmp_path / "big.ris"
    path.write_bytes(_ris(300, ending).encode())
    rows, issues = _read(path, workers=2, piece_bytes=500)
    assert issues == []
    assert [record.key for record, _ in rows] == [f"big.ris#{n}" for n in range(1, 301)]
    assert [record.line for record, _ in rows] == [1 + 6 * n for n in range(300)]


def test_a_gzipped_ris_file_read_in_pieces_matches_one_reader(tmp_path: Path) -> None:
    # Workers read a plain file's pieces themselves; a gzip file's pieces are sent to them.
    path = tmp_path / "big.ris.gz"
    path.write_bytes(gzip.compress(_ris(300).encode()))
    rows, issues = _read(path, workers=2, piece_bytes=500)
    assert (rows, issues) == _read(path, workers=0)
    assert [record.key for record, _ in rows] == [f"big.ris.gz#{n}" for n in range(1, 301)]


def test_a_cr_only_ris_file_has_no_cut_and_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "mac.ris"
    path.write_bytes(_ris(50, "\r").encode())
    assert _read(path, workers=2, piece_bytes=100) == _read(path, workers=0)
    assert len(_read(path, workers=0)[0]) == 50


def test_the_ris_cut_falls_after_an_er_line_only() -> None:
    data = b"TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\n"
    assert data[: cut_ris(data)] == b"TY  - JOUR\nTI  - A\nER  - \n"
    assert cut_ris(b"TY  - JOUR\nTI  - A\n") == 0
    # a lone CR ends the ER line before this LF: the next record began in between
    assert cut_ris(b"TY  - JOUR\nER  - \rTY  - JOUR\rTI  - B\r\n") == 0


def test_the_medline_cut_falls_before_a_pmid_after_a_blank_line() -> None:
    data = b"PMID- 1\nTI  - A\n\nPMID- 2\nTI  - B\n"
    assert data[cut_medline(data) :] == b"PMID- 2\nTI  - B\n"
    crlf = b"PMID- 1\r\nTI  - A\r\n\r\n"
    assert cut_medline(crlf + b"PMID- 2\r\n") == len(crlf)
    assert cut_medline(b"PMID- 1\nTI  - A\nPMID- 2\n") == 0


def test_an_import_in_processes_stores_what_one_in_a_single_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.ris"
    path.write_bytes(_ris(400).encode())
    stored = []
    for workers in ("1", "2"):
        monkeypatch.setenv("SCREENER_WORKERS", workers)
        monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
        monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 1000)
        review = Review.create(tmp_path / f"r{workers}", title="t", template="blank", actor="t")
        with review:
            review.import_file(path, ImportOptions(database="Scopus"))
            stored.append(
                [
                    (r.key, r.line, r.title, r.database, review.raw_text(r.id or 0))
                    for r in review.records()
                ]
            )
    assert stored[0] == stored[1]
    assert len(stored[1]) == 400 and {row[3] for row in stored[1]} == {"Scopus"}
    last = "TY  - JOUR\nTI  - Study 399\nAB  - First line\n  continued here\nER  - \n"
    assert stored[1][399][4] == last


def test_strict_mode_refuses_a_file_whose_error_lies_in_a_late_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "late.ris"
    path.write_bytes((_ris(200) + "TI  - no type line\nER  - \n").encode())
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 1000)
    review = Review.create(tmp_path / "r", title="t", template="blank", actor="t")
    with review, pytest.raises(Exception, match="strict"):
        review.import_file(path, ImportOptions(strict=True))
    with Review.open(tmp_path / "r") as again:
        assert list(again.records()) == []


def _csv(count: int, multiline_at: int | None = None) -> str:
    rows = ["\ufeffID,title,author,year,abstract\n"]
    for n in range(count):
        abstract = "First part\nsecond part" if n == multiline_at else f'He said ""yes"", {n}'
        rows.append(f'r{n},"Study {n}, a trial","Smith, J.",2020,"{abstract}"\n')
    return "".join(rows)


@pytest.mark.parametrize("multiline_at", [None, 150])
def test_a_big_csv_read_in_pieces_keeps_header_keys_and_lines(
    tmp_path: Path, multiline_at: int | None
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_csv(300, multiline_at), encoding="utf-8")
    rows, issues = _read(path, workers=2, piece_bytes=400)
    assert (rows, issues) == _read(path, workers=0)
    assert issues == []
    assert [record.key for record, _ in rows] == [f"r{n}" for n in range(300)]
    expected_lines = [n + 2 + (multiline_at is not None and n > multiline_at) for n in range(300)]
    assert [record.line for record, _ in rows] == expected_lines
    assert rows[7][0].title == "Study 7, a trial"


def test_a_big_medline_file_read_in_pieces_matches_one_reader(tmp_path: Path) -> None:
    blocks = []
    for n in range(200):
        pmid = "" if n % 37 == 5 else f"PMID- {1000 + n}\n"  # some records carry no PMID
        blocks.append(f"{pmid}TI  - Study {n} of online\n      safety\nDP  - 2020\n")
    path = tmp_path / "big.nbib"
    path.write_text("\n".join(blocks), encoding="utf-8")
    rows, issues = _read(path, workers=2, piece_bytes=300)
    assert (rows, issues) == _read(path, workers=0)
    assert len(rows) == 200
    assert rows[5][0].key == "big.nbib#6" and rows[6][0].key == "1006"
    assert rows[199][0].line == 1 + 5 * 199 - 6  # five lines a record; six lack the PMID line


def _bibtex(keys: list[str]) -> str:
    entry = "@article{{{0},\n  title = {{Study of {0}}},\n  year = {{2020}}\n}}\n\n"
    return "".join(entry.format(key) for key in keys)


def test_a_big_bibtex_file_read_in_pieces_matches_one_reader(tmp_path: Path) -> None:
    path = tmp_path / "big.bib"
    path.write_text(_bibtex([f"e{n}" for n in range(300)]), encoding="utf-8")
    rows, issues = _read(path, workers=2, piece_bytes=500)
    assert (rows, issues) == _read(path, workers=0)
    assert [record.key for record, _ in rows] == [f"e{n}" for n in range(300)]
    assert rows[299][0].line == 1 + 5 * 299


@pytest.mark.parametrize("repeat_at", [3, 250])  # in the same piece, in a later one
def test_a_bibtex_key_repeated_anywhere_is_renamed_as_by_one_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repeat_at: int
) -> None:
    keys = [f"e{n}" for n in range(300)]
    keys[repeat_at] = "e1"
    path = tmp_path / "repeats.bib"
    path.write_text(_bibtex(keys), encoding="utf-8")
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 500)
    review = Review.create(tmp_path / "r", title="t", template="blank", actor="t")
    with review:
        report = review.import_file(path)
        stored = [r.key for r in review.records()]
    assert report.records == 300 and report.warnings == 1
    assert stored[repeat_at] == "e1-2" and stored.count("e1") == 1
    assert "first at line 6" in report.issues[0].message


def _import_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path, piece_bytes: int = 300
) -> list:
    """Keys, lines, titles, raw texts and the report of one import in one process and of
    one in pieces, side by side."""
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", piece_bytes)
    results = []
    for workers in ("1", "2"):
        monkeypatch.setenv("SCREENER_WORKERS", workers)
        folder = tmp_path / f"r{workers}-{path.stem}"
        with Review.create(folder, title="t", template="blank", actor="t") as review:
            report = review.import_file(path)
            records = [
                (r.key, r.line, r.title, review.raw_text(r.id or 0)) for r in review.records()
            ]
            issues = [(i.line, i.message) for i in report.issues]
            results.append((records, report.records, report.skipped, issues))
    return results


def test_a_stray_quote_hiding_a_cell_that_spans_lines_does_not_tear_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = ["ID,Title,Authors,Year,Abstract\n"]
    rows += [f"r{n},Study {n},Smith,2020,Abstract {n}\n" for n in range(40)]
    rows[21] = 'r20,Disk 5" drive,"Smith\nJones",2020,Abstract 20\n'
    path = tmp_path / "stray.csv"
    path.write_text("".join(rows), encoding="utf-8")
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert single == parallel
    assert single[1:3] == (40, 0)


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_a_csv_header_ending_in_cr_is_the_only_header_of_later_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    text = "ID,Title\r" + "".join(f"r{n},Study {n}{ending}" for n in range(40))
    path = tmp_path / "cr.csv"
    path.write_bytes(text.encode())
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert single == parallel
    assert [row[0] for row in single[0]] == [f"r{n}" for n in range(40)]


def test_a_bom_read_as_cp1252_text_stays_in_every_piece_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "ID,Title\n" + "".join(f"r{n},Study {n}\n" for n in range(40))
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode() + "r40,Caf\xe9\n".encode("cp1252"))
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert single == parallel


def test_a_bibtex_entry_cut_short_before_a_cut_reads_as_one_reader_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [
        f"@article{{e{n},\n  title = {{Study of e{n}}},\n  year = {{2020}}\n}}\n\n"
        for n in range(30)
    ]
    entries[4] = entries[4].replace("}\n}\n\n", "}\n\n")  # the entry's closing brace is missing
    path = tmp_path / "short.bib"
    path.write_text("".join(entries), encoding="utf-8")
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert single == parallel
    assert single[2] >= 1


def test_a_ris_file_with_cr_only_lines_is_read_on_by_one_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mac.ris"
    path.write_bytes(_ris(200, "\r").encode())
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert single == parallel
    assert single[1] == 200


def test_a_file_whose_late_bytes_are_not_utf8_is_read_again_in_its_codec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first MB is plain ASCII, so pieces start reading as UTF-8; a cp1252 byte deep in
    # the file proves otherwise and one reader reads it all again as cp1252.
    text = _ris(25_000) + "TY  - JOUR\nTI  - Caf\xe9 study\nER  - \n"
    assert len(text) > 1 << 20
    path = tmp_path / "late.ris"
    path.write_bytes(text.encode("cp1252"))
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 1 << 16)
    with Review.create(tmp_path / "r", title="t", template="blank", actor="t") as review:
        report = review.import_file(path)
        titles = [r.title for r in review.records()]
    assert report.records == 25_001 and report.skipped == 0
    assert titles[-1] == "Café study" and titles[0] == "Study 0"


@pytest.mark.parametrize(
    ("name", "text", "piece_bytes"),
    [
        ("big.ris", _ris(300), 500),
        # A quoted cell spanning lines sends the pieces back: one reader reads it again.
        ("big.csv", _csv(300, multiline_at=150), 400),
    ],
)
def test_a_big_file_imported_twice_is_refused_and_its_digest_is_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, piece_bytes: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", piece_bytes)
    with Review.create(tmp_path / "r", title="t", template="blank", actor="t") as review:
        review.import_file(path)
        [source] = review.sources()
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(AlreadyImported):
            review.import_file(path)
        assert len(review.sources()) == 1
        assert len(list(review.records())) == 300


def test_a_piece_of_a_file_changed_since_it_was_cut_is_sent_back(tmp_path: Path) -> None:
    path = tmp_path / "a.ris"
    path.write_bytes(_ris(3).encode())
    stamp = (path.stat().st_size, path.stat().st_mtime_ns)
    where = {"path": str(path), "start": 0, "length": path.stat().st_size}
    piece = importing_parallel._Piece("ris", b"", "utf-8", b"", {}, **where, stamp=stamp)
    assert importing_parallel.parse_piece(piece).records == 3
    path.write_bytes(_ris(4).encode())  # rewritten: another size
    assert importing_parallel.parse_piece(piece).doubtful


@pytest.mark.parametrize("kind", ["gzip", "cp1252"])
def test_a_big_gzip_or_windows_1252_file_is_read_in_pieces_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # Their codec is proven by reading the whole file first; then pieces are read as usual.
    text = _ris(300).replace("Study 7\n", "Café study 7\n")
    data = gzip.compress(text.encode()) if kind == "gzip" else text.encode("cp1252")
    path = tmp_path / ("big.ris.gz" if kind == "gzip" else "big.ris")
    path.write_bytes(data)
    workers: list[int] = []
    real = importing.parsed_batches

    def counted(*args: object, **kwargs: object) -> object:
        workers.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "parsed_batches", counted)
    single, parallel = _import_both(tmp_path, monkeypatch, path)
    assert workers == [0, 2]
    assert single == parallel
    assert (f"{path.name}#8", 43, "Café study 7") == single[0][7][:3]
