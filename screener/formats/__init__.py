"""Bibliographic export formats: one module per format, a registry, and `read_file`.

Every format module offers

    read(stream: TextIO, name: str) -> Iterator[Record | ParseIssue]
    write(records: Iterable[Record], stream: TextIO) -> int        (where writable)

`stream` is decoded text with universal newlines; `name` is the file name used for keys of
the form `FILE#N` and in messages. Readers map vendor fields onto Record and keep the rest
in `extra`; `read_file` then runs every record through `normalize.normalize_record`
(its warnings follow the record as issues).
`Format.reader` gives the module's `read` wrapped to report the bytes of a file that is
UTF-8 but for a few (`bad_bytes`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from screener.errors import FormatError, ParseIssue
from screener.formats.bad_bytes import reported
from screener.model import Record
from screener.normalize import normalize_record_reporting

Reader = Callable[[TextIO, str], Iterator["Record | ParseIssue"]]
Writer = Callable[[Iterable[Record], TextIO], int]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    module: str
    extensions: tuple[str, ...]
    writable: bool = False

    def reader(self) -> Reader:
        return reported(importlib.import_module(self.module).read)

    def writer(self) -> Writer:
        if not self.writable:
            raise FormatError(f"screener cannot write {self.label}")
        return importlib.import_module(self.module).write


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ris", "RIS", "screener.formats.ris", (".ris", ".txt"), writable=True),
        Format("medline", "PubMed MEDLINE", "screener.formats.medline", (".nbib", ".txt")),
        Format("wos", "Web of Science plain text", "screener.formats.wos", (".ciw", ".isi")),
        Format("wos-tab", "Web of Science tab-delimited", "screener.formats.wos_tab", (".txt",)),
        Format("bibtex", "BibTeX", "screener.formats.bibtex", (".bib",), writable=True),
        Format("csv", "CSV / TSV", "screener.formats.csv_table", (".csv", ".tsv"), writable=True),
        Format("endnote-xml", "EndNote XML", "screener.formats.endnote_xml", (".xml",)),
        Format("refer", "EndNote tagged (Refer)", "screener.formats.refer", (".enl",)),
        Format("json", "CSL-JSON", "screener.formats.csl_json", (".json",), writable=True),
    )
}

# Output formats by the names the export command takes.
EXPORT_FORMATS = ("ris", "bibtex", "csv", "json")
_EXPORT_SUFFIXES = {".ris": "ris", ".bib": "bibtex", ".csv": "csv", ".json": "json"}


def export_format_for(path: Path) -> str | None:
    """The export format an output file's suffix asks for, or None when it says nothing."""
    return _EXPORT_SUFFIXES.get(path.suffix.lower())


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise FormatError(f"unknown format {name!r} (known: {known})") from None


def read_file(
    path: Path,
    format: str | None = None,
    *,
    encoding: str | None = None,
    options: dict[str, object] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Record | ParseIssue]:
    """Records (normalised) and parse issues from one export file, streamed in file order.

    `options` go to the format's reader (e.g. `mapping` for CSV); `on_progress` is called
    now and then with the number of bytes read so far.
    """
    from screener.formats.detect import detect_format
    from screener.formats.text import GZIP_ERRORS, open_text, sniff_encoding, unreadable

    encoding = encoding or sniff_encoding(path)
    fmt = get_format(format) if format else get_format(detect_format(path, encoding))
    read = fmt.reader()
    name = path.name
    with open_text(path, encoding) as stream:
        items = read(stream, name, **options) if options else read(stream, name)
        buffer = stream.buffer
        # Progress counts bytes on disk: through the raw file, or a gzip file's own handle.
        raw = getattr(buffer, "raw", None) or getattr(buffer, "fileobj", None) or buffer
        try:
            for count, item in enumerate(items, 1):
                if isinstance(item, Record):
                    record, warnings = normalize_record_reporting(item)
                    yield record
                    for warning in warnings:
                        yield ParseIssue(record.line, warning, "", "warning", name)
                else:
                    yield item
                if on_progress is not None and count % 512 == 0:
                    on_progress(raw.tell())
        except UnicodeDecodeError as error:
            raise FormatError(f"cannot decode the file: {error.reason}", file=str(path)) from None
        except GZIP_ERRORS as error:  # damaged after the part read to sniff its codec
            raise unreadable(error, path) from None
