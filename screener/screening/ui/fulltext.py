"""Finding the report (the full text) of a record for full-text screening."""

from __future__ import annotations

from pathlib import Path

from screener.model import Record

# Fields that reference managers and databases use for a link or a file of the full text.
REPORT_FIELDS: tuple[str, ...] = ("L1", "L2", "file", "pdf", "UR", "url", "link")
REPORT_PREFIX = "report: "


def report_file_names(record: Record) -> list[str]:
    """File names a report of `record` may have in a folder of PDFs, most specific first.

    `<doi>.pdf` with every `/` replaced by `_`, then `<pmid>.pdf`, then `<key>.pdf`.
    """
    names = []
    if record.doi:
        names.append(record.doi.replace("/", "_") + ".pdf")
    if record.pmid:
        names.append(f"{record.pmid}.pdf")
    if record.key:
        names.append(record.key.replace("/", "_") + ".pdf")
    return list(dict.fromkeys(names))


class ReportFolder:
    """A folder of reports (PDFs) named after DOIs, PMIDs or record keys."""

    def __init__(self, path: Path | None) -> None:
        self.path = path if path is not None and path.is_dir() else None
        self._by_lower_name: dict[str, Path] | None = None

    def find(self, record: Record) -> Path | None:
        """The first file named after the record's DOI, PMID or key, if any.

        Names are compared without regard to case, because DOIs are case-insensitive and
        file systems and download tools disagree on case.
        """
        if self.path is None:
            return None
        names = report_file_names(record)
        for name in names:
            if (self.path / name).is_file():
                return self.path / name
        if self._by_lower_name is None:
            # Listed once: a folder of thousands of PDFs must not be read per record.
            self._by_lower_name = {p.name.lower(): p for p in self.path.iterdir() if p.is_file()}
        for name in names:
            if name.lower() in self._by_lower_name:
                return self._by_lower_name[name.lower()]
        return None


def report_locations(record: Record, folder: ReportFolder | None = None) -> list[str]:
    """Where the report may be: a found file first, then links and paths in the record."""
    found = folder.find(record) if folder is not None else None
    locations = [str(found)] if found else []
    if record.url:
        locations.append(record.url)
    lowered = {name.lower(): values for name, values in record.extra.items()}
    for name in REPORT_FIELDS:
        locations += [value for value in lowered.get(name.lower(), []) if value.strip()]
    return list(dict.fromkeys(locations))


def attached_report(notes: list[str]) -> str:
    """The report path attached during this session, from the pending notes, or ""."""
    for note in reversed(notes):
        if note.startswith(REPORT_PREFIX):
            return note[len(REPORT_PREFIX) :]
    return ""
