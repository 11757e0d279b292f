"""Opening exports as text: which codec a file is read in, bytes that are not UTF-8 in a
UTF-8 file, and damaged gzip files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import issues_of, records_of

from screener.errors import FormatError
from screener.formats import read_file
from screener.formats.bad_bytes import UTF8_WITH_BAD_BYTES
from screener.formats.detect import detect_format
from screener.formats.text import head_encoding, scan_file, sniff_encoding
from screener.review import Review
from screener.review import parallel as importing_parallel

MULLER = "TY  - JOUR\nTI  - Müller study\nAU  - Müller, Jörg\nER  - \n\n".encode()
CAFE_CP1252 = "TY  - JOUR\nTI  - Café study\nPY  - 2020\nER  - \n\n".encode("cp1252")

# the file's bytes, and the codec it is read in
CODECS = [
    ("plain ASCII", b"TY  - JOUR\nTI  - Plain\nER  - \n", "utf-8"),
    ("UTF-8", MULLER, "utf-8"),
    ("UTF-8 with a BOM", b"\xef\xbb\xbf" + MULLER, "utf-8-sig"),
    ("UTF-8 but one byte", MULLER + CAFE_CP1252, UTF8_WITH_BAD_BYTES),
    ("UTF-8 with a BOM but one byte", b"\xef\xbb\xbf" + MULLER + CAFE_CP1252, UTF8_WITH_BAD_BYTES),
    ("UTF-8 cut inside its last character", MULLER + "TI  - é".encode()[:-1], UTF8_WITH_BAD_BYTES),
    # Every accented letter is a bad byte: far more of them than valid UTF-8 characters.
    (
        "Windows-1252",
        "TY  - JOUR\nTI  - Études sur la prévention\nAU  - Müller, Jörg\nER  - \n".encode("cp1252"),
        "cp1252",
    ),
    ("ASCII but one Windows-1252 letter", b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n", "cp1252"),
    # "Ü’" (DC 92) happens to be a valid UTF-8 sequence; the other letters are not.
    (
        "Windows-1252 with a chance UTF-8 sequence",
        "TY  - JOUR\nTI  - MÜ’s prévention à l'école\nER  - \n".encode("cp1252"),
        "cp1252",
    ),
    ("Latin-1 with a byte Windows-1252 lacks", b"TI  - Caf\xe9 \x81\n", "latin-1"),
    # More bad bytes than a few: a file in two encodings is not read as UTF-8.
    ("UTF-8 with many bad bytes", MULLER * 3 + CAFE_CP1252 * 25, "cp1252"),
]


@pytest.mark.parametrize(("data", "codec"), [c[1:] for c in CODECS], ids=[c[0] for c in CODECS])
def test_a_file_is_read_in_the_codec_its_bytes_prove(
    tmp_path: Path, data: bytes, codec: str
) -> None:
    path = tmp_path / "export.ris"
    path.write_bytes(data)
    assert sniff_encoding(path) == codec


def test_a_utf8_file_with_one_bad_byte_keeps_its_utf8_and_reports_the_byte_at_its_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.ris"
    path.write_bytes(MULLER + CAFE_CP1252)
    items = list(read_file(path))
    first, second = records_of(items)
    assert first.authors == ("Müller, Jörg",)
    assert second.title == "Caf\ufffd study"
    (issue,) = issues_of(items)
    assert (issue.line, issue.severity, issue.file) == (7, "warning", "export.ris")
    assert issue.message == "not UTF-8: byte 0xE9 replaced"


def test_each_bad_byte_is_reported_in_line_order_among_the_reader_issues(tmp_path: Path) -> None:
    path = tmp_path / "export.ris"
    text = MULLER + b"TY  - JOUR\nTI  - \xff\xfe\nAU -Malformed, Tag\nER  - \n\nTI  - \xe9\n"
    path.write_bytes(text)
    issues = issues_of(list(read_file(path)))
    assert [(issue.line, issue.message[:21]) for issue in issues] == [
        (7, "not UTF-8: byte 0xFF "),
        (7, "not UTF-8: byte 0xFE "),
        (8, "malformed tag line re"),
        (11, "tagged lines with no "),
        (11, "not UTF-8: byte 0xE9 "),
    ]


def test_an_import_counts_the_bad_bytes_of_a_utf8_file_as_warnings(tmp_path: Path) -> None:
    path = tmp_path / "export.ris"
    path.write_bytes(MULLER + CAFE_CP1252)
    with Review.create(tmp_path / "r", title="t", template="blank", actor="t") as review:
        report = review.import_file(path)
        authors = [record.authors for record in review.records()]
    assert (report.records, report.skipped, report.warnings) == (2, 0, 1)
    assert [(issue.line, issue.message) for issue in report.issues] == [
        (7, "not UTF-8: byte 0xE9 replaced")
    ]
    assert authors[0] == ("Müller, Jörg",)


def test_a_big_utf8_file_with_a_bad_byte_late_is_read_again_with_the_byte_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first MB is UTF-8, so pieces start reading as UTF-8; the bad byte sends the file
    # to one reader, which reads it as UTF-8 with the byte replaced.
    text = "".join(f"TY  - JOUR\nTI  - Étude {n}\nPY  - 2020\nER  - \n" for n in range(40_000))
    data = text.encode() + b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n"
    path = tmp_path / "late.ris"
    path.write_bytes(data)
    assert head_encoding(path) == "utf-8"
    monkeypatch.setenv("SCREENER_WORKERS", "2")
    monkeypatch.setattr(importing_parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(importing_parallel, "PIECE_BYTES", 1 << 18)
    with Review.create(tmp_path / "r", title="t", template="blank", actor="t") as review:
        report = review.import_file(path)
        titles = [record.title for record in review.records()]
    assert (report.records, report.warnings) == (40_001, 1)
    assert report.issues[0].line == 160_002
    assert titles[0] == "Étude 0" and titles[-1] == "Caf\ufffd"


# --- damaged gzip files ---------------------------------------------------------------------

GZIPPED = gzip.compress(b"TY  - JOUR\nTI  - A study of damage\nER  - \n\n" * 400)


def _damaged() -> dict[str, bytes]:
    middle = len(GZIPPED) // 2
    return {
        "cut short": GZIPPED[:middle],
        "bad deflate data": GZIPPED[:20] + bytes([GZIPPED[20] ^ 0xFF]) + GZIPPED[21:],
        "bad checksum": GZIPPED[:-8] + b"\0\0\0\0" + GZIPPED[-4:],
        "junk after the data": GZIPPED + b"junk",
    }


@pytest.mark.parametrize("damage", list(_damaged()))
def test_a_damaged_gzip_file_raises_a_format_error_naming_it(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "export.ris.gz"
    path.write_bytes(_damaged()[damage])
    with pytest.raises(FormatError, match="damaged gzip file") as raised:
        scan_file(path)
    assert raised.value.file == str(path)
    # Read in a codec given, the file's bytes are first met by the reader.
    with pytest.raises(FormatError, match="damaged gzip file"):
        list(read_file(path, "ris", encoding="utf-8"))


def test_a_gzip_file_damaged_at_its_start_fails_format_detection_with_a_format_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.ris.gz"
    path.write_bytes(_damaged()["bad deflate data"])
    with pytest.raises(FormatError, match="damaged gzip file"):
        detect_format(path, "utf-8")
