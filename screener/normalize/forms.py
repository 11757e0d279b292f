"""Export forms that put a record's volume, issue, pages, ISSN or whole citation in the
wrong field, put back where they belong.

`repair_forms` walks the rules of FORM_RULES over one record. A value a rule moves or
rewrites is kept in `extra` under "<field> as read"; what a citation gives that a Record
has no field for goes to `extra` too (the key names are below). Where the citation in the
journal field and the record disagree, the record's value wins, the citation's is kept
(CITATION_DISAGREEMENT), and the record comes back with one warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from screener.model import Record
from screener.normalize.citation import Citation, might_be_citation, parse_citation
from screener.normalize.issn import as_issn
from screener.normalize.locators import (
    is_date_not_pages,
    is_not_given,
    normalize_pages,
    pages_in_issue,
    spreadsheet_range,
)

# Pages no rule changes: a page or range, each with an optional letter ("e1234", "S12-S15").
_PLAIN_PAGES = re.compile(r"[A-Za-z]?\d+(?:-[A-Za-z]?\d+)?")

# Keys in `extra`.
AS_READ = " as read"  # after a field's name: its value as read, before a rule changed it
ARTICLE_NUMBER = "article number"
CONFERENCE = "conference"
CITATION_DISAGREEMENT = "citation disagreement"  # "volume: 61", the citation's value


def needs_repair(record: Record) -> bool:
    """Whether any rule may apply: a few cheap tests that a clean record passes."""
    journal, volume, issue, pages = record.journal, record.volume, record.issue, record.pages
    return bool(
        (journal and might_be_citation(journal))
        or (volume and _has_letter(volume))
        or (issue and _has_letter(issue))
        or (pages and _maybe_not_pages(pages))
        or (record.isbn and as_issn(record.isbn))
    )


@dataclass(slots=True)
class Repair:
    """One record under repair: the changes so far, the values for `extra`, the warnings."""

    record: Record
    changes: dict[str, Any] = field(default_factory=dict)
    noted: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cited: Citation | None = None

    def value(self, name: str) -> Any:
        return self.changes.get(name, getattr(self.record, name))

    def set(self, name: str, value: object, *, keep: bool = True) -> None:
        """Change a field; `keep` keeps the value as read in `extra`."""
        old = self.value(name)
        if keep and old and name not in self.changes:
            self.note(name + AS_READ, str(old))
        self.changes[name] = value

    def note(self, key: str, value: str) -> None:
        self.noted.setdefault(key, []).append(value)

    @property
    def year(self) -> int | None:
        year = self.value("year")
        return year if year is not None or self.cited is None else self.cited.year

    def result(self) -> Record:
        if not self.changes and not self.noted:
            return self.record
        extra = {name: list(values) for name, values in self.record.extra.items()}
        for key, values in self.noted.items():
            extra.setdefault(key, []).extend(values)
        return replace(self.record, **self.changes, extra=extra)


def placeholders_are_none(repair: Repair) -> None:
    """A volume, issue or pages that says there is none ("No-Specified", "var.pagings")."""
    for name in ("volume", "issue", "pages"):
        value = repair.value(name)
        if value and not value.isdigit() and is_not_given(value):
            repair.set(name, "", keep=False)


def pages_in_the_issue_are_pages(repair: Repair) -> None:
    """An issue "pp 267-282" is the record's pages."""
    issue = repair.value("issue")
    pages = pages_in_issue(issue) if issue and not issue.isdigit() else None
    if pages is None:
        return
    current = repair.value("pages")
    # Kept as read only when the record's own pages differ (and win).
    repair.set("issue", "", keep=bool(current) and not _same_pages(current, pages))
    if not current:
        repair.changes["pages"] = pages


def spreadsheet_dates_are_ranges(repair: Repair) -> None:
    """An issue "04-May" is "4-5", pages "01-Aug" are "1-8" and "Jan-45" "1-45"."""
    issue, pages = repair.value("issue"), repair.value("pages")
    if issue and not issue.isdigit():
        issues = spreadsheet_range(issue, month_year=False)  # "Jan-12" may name an issue
        if issues is not None:
            repair.set("issue", issues)
    if pages and not pages.isdigit():
        range_ = spreadsheet_range(pages, month_year=True)
        if range_ is not None:
            repair.set("pages", range_)


def dates_are_no_pages(repair: Repair) -> None:
    """Pages that are a month, a date or the year (within one) are no pages."""
    pages = repair.value("pages")
    if pages and is_date_not_pages(pages, repair.year):
        repair.set("pages", "")


def citation_fills_empty_fields(repair: Repair) -> None:
    """A citation in the journal field gives the journal's name and fills the empty fields
    (volume, issue, pages, year); a filled field keeps its value."""
    cited = repair.cited
    if cited is None:
        return
    repair.set("journal", cited.journal)
    disagreements: list[str] = []
    for name, given, same in (
        ("volume", cited.volume, _same_text),
        ("issue", cited.issue, _same_text),
        ("pages", cited.pages, _same_pages),
        ("year", cited.year, _same_year),
    ):
        current = repair.value(name)
        if given in ("", None) or same(current, given):
            continue
        if current in ("", None):
            repair.changes[name] = given
        else:
            repair.note(CITATION_DISAGREEMENT, f"{name}: {given}")
            disagreements.append(f"{name} {given} there, {current} here")
    if cited.article_number:
        repair.note(ARTICLE_NUMBER, cited.article_number)
        if not repair.value("pages"):  # as the RIS reader reads C7 without SP
            repair.changes["pages"] = cited.article_number
    if cited.conference:
        repair.note(CONFERENCE, cited.conference)
    if disagreements:
        repair.warnings.append(
            "the citation in the journal field disagrees with the record ("
            + "; ".join(disagreements)
            + "); the record's values are kept"
        )


def issn_in_isbn_is_issn(repair: Repair) -> None:
    """An ISSN-shaped value in the ISBN field is the ISSN (when the record has none)."""
    isbn = repair.value("isbn")
    issn = as_issn(isbn) if isbn else None
    if issn is not None and not repair.value("issn"):
        repair.set("isbn", "", keep=False)  # nothing lost: it is the ISSN now
        repair.changes["issn"] = issn


# In order: placeholders go before a citation fills the fields they held.
FORM_RULES: tuple[Callable[[Repair], None], ...] = (
    placeholders_are_none,
    pages_in_the_issue_are_pages,
    spreadsheet_dates_are_ranges,
    dates_are_no_pages,
    citation_fills_empty_fields,
    issn_in_isbn_is_issn,
)


def repair_forms(record: Record) -> tuple[Record, tuple[str, ...]]:
    """The record with FORM_RULES applied (the same object when none applied), and its
    warnings."""
    repair = Repair(record)
    if record.journal and might_be_citation(record.journal):
        repair.cited = parse_citation(record.journal)
    for rule in FORM_RULES:
        rule(repair)
    return repair.result(), tuple(repair.warnings)


def _maybe_not_pages(pages: str) -> bool:
    # Plain pages pass ("12", "410-418", "e1234", "S12-S15"), all but four digits, which
    # may be the year: every other rule looks for words (a month, "pp", "not specified").
    if pages.isdigit():
        return len(pages) == 4
    return _PLAIN_PAGES.fullmatch(pages) is None


def _has_letter(value: str) -> bool:
    # A volume or issue without a letter ("12", "3-4", "2 (5)") holds nothing the rules
    # read: each looks for a word (a month, "pp", "var.pagings", "not specified").
    return not value.isdigit() and any(ch.isalpha() for ch in value)


def _same_text(current: object, given: object) -> bool:
    return str(current).strip().casefold() == str(given).strip().casefold()


def _same_pages(current: object, given: object) -> bool:
    return normalize_pages(str(current)) == normalize_pages(str(given))


def _same_year(current: object, given: object) -> bool:
    return current == given
