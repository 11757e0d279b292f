"""Volume, issue and pages that hold something else: a placeholder, a date, pages in the
issue, or a range a spreadsheet turned into a date.

Spreadsheets read a range "a-b" as a date: as day a of month b where b can be a month
("4-5" -> "04-May", "1-12" -> "01-Dec", and MEDLINE's short "21-8" for 21-28 -> "21-Aug";
"12-Jan" in a month-first locale), else as month a of the year b ("1-45" -> "Jan-45"). So
a day and a month name give the range back: day first where that reads forward, as a full
or a short range ("21-Aug" -> "21-28"), else month first ("12-Jan" -> "1-12"); a month name
with two digits does when those cannot be a day ("Jan-45"); "Jan-12" is no range a
spreadsheet writes, but a month and a year.
"""

from __future__ import annotations

import re

# A run of dashes and spaces; the runs that hold a dash become one hyphen. (One class, so a
# long run of spaces with no dash is passed over once, not once for each of its spaces.)
_DASH_RUN = re.compile(r"[\s‐‑‒–—―−-]+")
_DASHES = frozenset("‐‑‒–—―−-")
_PAGE_PREFIX = re.compile(r"^(?:pp?\.\s*|pp\s+|pages?:?\s+)", re.IGNORECASE)
# "482-91", "S180-5": an end page written with its leading digits left off.
# ASCII digits, so that pages compare as text: int() refuses more than 4,300 digits.
_SHORT_RANGE = re.compile(r"([A-Za-z]?)([0-9]+)-\1?([0-9]+)")
_PLAIN_PAGES = re.compile(r"\d+(?:-\d+)?")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, 1)}
# A month's name, whole or cut short, standing apart from other letters ("2Feb", "Oct.").
_MONTH_WORD = re.compile(
    r"(?<![A-Za-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![A-Za-z])",
    re.IGNORECASE,
)
_MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY_MONTH = re.compile(r"(\d{1,2})-" + _MONTH, re.IGNORECASE)
_MONTH_YEAR = re.compile(_MONTH + r"-(\d\d)", re.IGNORECASE)
# A spreadsheet writes a month and a two-digit year only when those digits cannot be a
# day (see above): from 13 on, where day-first locales fall back to month and year.
_NOT_A_DAY = 13

# "No-Specified", "No Pagination Specified", "not available", "n/a", "var.pagings".
_NOT_GIVEN = re.compile(
    r"\s*(?:no|not)[\s._-]*(?:(?:pagination|pages?|pagings?)[\s._-]*)?"
    r"(?:specified|available|given|stated|applicable|known)\.?\s*"
    r"|\s*no[\s._-]*(?:pagination|pages?|pagings?)\.?\s*"
    r"|\s*n\.?\s*/\s*a\.?\s*"
    r"|\s*var(?:ious|\.)?\s*pagings?\.?\s*",
    re.IGNORECASE,
)
# "pp 267-282", "pp. S12", "p. 4" in an issue field.
_PAGES_IN_ISSUE = re.compile(
    r"\s*(?:pp\.?\s*|p\.\s*)([A-Za-z]?\d+[A-Za-z]?(?:\s*[-‐‑–—]\s*[A-Za-z]?\d+[A-Za-z]?)?)\s*",
    re.IGNORECASE,
)


def is_not_given(text: str) -> bool:
    """Whether a volume, issue or pages value says only that there is none."""
    return _NOT_GIVEN.fullmatch(text) is not None


def spreadsheet_range(text: str, *, month_year: bool) -> str | None:
    """The range a spreadsheet turned into a date ("04-May" -> "4-5"), or None when `text`
    is not such a date. `month_year` also reads "Jan-45" (month, then year) as "1-45"."""
    day_month = _DAY_MONTH.fullmatch(text)
    if day_month is not None:
        day, month = int(day_month[1]), _MONTH_NUMBERS[day_month[2].lower()]
        if not 1 <= day <= 31:
            return None
        if day <= month:
            return f"{day}-{month}"
        end = _short_end(day, month)
        return f"{day}-{end}" if end else f"{month}-{day}"
    if month_year:
        month_and_year = _MONTH_YEAR.fullmatch(text)
        if month_and_year is not None and int(month_and_year[2]) >= _NOT_A_DAY:
            return f"{_MONTH_NUMBERS[month_and_year[1].lower()]}-{int(month_and_year[2])}"
    return None


def _short_end(first: int, end: int) -> int | None:
    """The end page a short range "first-end" means (21, 8 -> 28), or None when it reads
    no further forward than `first` (12, 1 -> 11)."""
    first_digits, end_digits = str(first), str(end)
    if len(end_digits) >= len(first_digits):
        return None
    full = int(first_digits[: len(first_digits) - len(end_digits)] + end_digits)
    return full if full > first else None


def is_date_not_pages(text: str, year: int | None) -> bool:
    """Whether a pages value is a date: a month named ("October", "2010-2Feb"), or a bare
    year within one of the record's own."""
    if text.isdigit():
        if year is None or len(text) != 4 or not text.isdecimal():  # int() refuses "²"
            return False
        return abs(int(text) - year) <= 1
    return _MONTH_WORD.search(text) is not None


def pages_in_issue(text: str) -> str | None:
    """The pages an issue value holds ("pp 267-282" -> "267-282"), or None."""
    match = _PAGES_IN_ISSUE.fullmatch(text)
    return match[1] if match else None


def normalize_pages(text: str) -> str:
    """Pages with one plain hyphen and end pages written out: "482-91" -> "482-491".

    Drops a "pp." prefix; keeps single pages, article numbers ("e1234") and anything it
    cannot read as written (spreadsheet dates like "08-Nov" are the record's rules' to undo:
    `normalize.forms`).
    """
    if _PLAIN_PAGES.fullmatch(text):
        first, _, last = text.partition("-")
        if len(last) >= len(first) or not last:
            return text
    pages = _DASH_RUN.sub(_one_hyphen, text.strip())
    pages = _PAGE_PREFIX.sub("", pages)
    short = _SHORT_RANGE.fullmatch(pages)
    if short:
        prefix, first, last = short.groups()
        if len(last) < len(first):
            full = first[: len(first) - len(last)] + last
            if full > first:  # as numbers: one length of ASCII digits
                last = full
        if len(last) >= len(first):
            return f"{prefix}{first}-{prefix}{last}"
    return pages


def _one_hyphen(run: re.Match[str]) -> str:
    return "-" if _DASHES.intersection(run[0]) else run[0]
