"""Volume, issue, pages and ISBN fields that hold something else: dates, spreadsheet-mangled
ranges, placeholders, pages in the issue, an ISSN."""

from __future__ import annotations

import calendar
import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from screener.model import Record
from screener.normalize import normalize_pages, normalize_record, normalize_record_reporting
from screener.normalize.forms import AS_READ, needs_repair, repair_forms

# --- dates where pages belong ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "year"),
    [
        ("October", 2010),
        ("Oct.", 2010),
        ("2010", 2010),
        ("2010", 2011),
        ("2011", 2010),
        ("2010-2Feb", 2010),
        ("15 Feb 2007", 2007),
        ("Jan-Feb", 2019),
        ("Jan-12", 2012),  # a month and a year: no range a spreadsheet writes
    ],
)
def test_a_date_in_the_pages_is_no_page_and_is_kept_as_read(pages: str, year: int) -> None:
    record = normalize_record(Record(pages=pages, year=year))
    assert record.pages == ""
    assert record.extra["pages" + AS_READ] == [pages]


@pytest.mark.parametrize(
    ("pages", "year"),
    [("2010", 2015), ("2010", None), ("1998-2010", 2010), ("e2010", 2010), ("S12", 2010)],
)
def test_pages_that_are_no_date_stay(pages: str, year: int | None) -> None:
    assert normalize_record(Record(pages=pages, year=year)).pages == pages


@pytest.mark.parametrize(
    ("issue", "pages", "fixed_issue", "fixed_pages"),
    [
        ("pp 267-282", "", "", "267-282"),
        ("pp. S12-S18", "", "", "S12-S18"),
        ("pp 267-282", "267-82", "", "267-282"),
        ("Pt 2", "", "Pt 2", ""),
        ("P1", "", "P1", ""),
    ],
)
def test_pages_in_the_issue_field_are_the_pages(
    issue: str, pages: str, fixed_issue: str, fixed_pages: str
) -> None:
    record = normalize_record(Record(issue=issue, pages=pages))
    assert (record.issue, record.pages) == (fixed_issue, fixed_pages)


def test_pages_in_the_issue_that_disagree_with_the_pages_are_kept_as_read() -> None:
    record = normalize_record(Record(issue="pp 267-282", pages="12-19"))
    assert (record.issue, record.pages) == ("", "12-19")
    assert record.extra["issue" + AS_READ] == ["pp 267-282"]


# --- ranges a spreadsheet turned into dates --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "fixed"),
    [
        ("issue", "04-May", "4-5"),
        ("issue", "1-Feb", "1-2"),
        ("pages", "01-Aug", "1-8"),
        ("pages", "12-Jan", "1-12"),  # "1-12" in a month-first locale
        ("pages", "1-Dec", "1-12"),  # "1-12" in a day-first locale
        ("pages", "21-Mar", "21-23"),  # MEDLINE's short "21-3" in a day-first locale
        ("pages", "21-Aug", "21-28"),
        ("pages", "15-Mar", "3-15"),  # "15-3" reads backwards: "3-15", month first
        ("pages", "Jan-45", "1-45"),  # "1-45": 45 is no day, so month and year
        ("pages", "Mar-13", "3-13"),
    ],
)
def test_a_range_a_spreadsheet_turned_into_a_date_is_a_range_again(
    field: str, value: str, fixed: str
) -> None:
    record = normalize_record(Record(**{field: value}))
    assert getattr(record, field) == fixed
    assert record.extra[field + AS_READ] == [value]


@pytest.mark.parametrize("issue", ["MAR", "SEPTEMBER", "Jan-Feb", "Jan-45", "Winter", "4 Suppl 2"])
def test_an_issue_named_by_its_month_is_a_real_issue(issue: str) -> None:
    assert normalize_record(Record(issue=issue)).issue == issue


_MONTHS = [calendar.month_abbr[n] for n in range(13)]


def spreadsheet_date(first: int, last: int, *, day_first: bool) -> str | None:
    """What a spreadsheet shows for a cell typed "first-last", or None when it keeps text."""
    if day_first:  # day, month: else month, year
        if last <= 12 and first <= calendar.monthrange(2001, last)[1]:
            return f"{first:02d}-{_MONTHS[last]}"
        return f"{_MONTHS[first]}-{last:02d}" if first <= 12 else None
    if first > 12:
        return None
    days = calendar.monthrange(2001, first)[1]  # in a year of 365 days
    return f"{last:02d}-{_MONTHS[first]}" if last <= days else f"{_MONTHS[first]}-{last:02d}"


def reads_forward_day_first(shown: str) -> bool:
    """Whether a "dd-Mon" date also reads as a forward range day first, in full or short
    ("21-Aug": 21-28), which the rule prefers (MEDLINE writes short end pages)."""
    day, _, month_name = shown.partition("-")
    if not day.isdigit() or month_name not in _MONTHS:
        return False
    day_n, month = int(day), _MONTHS.index(month_name)
    if day_n <= month:
        return True
    first, end = str(day_n), str(month)
    return len(end) < len(first) and int(first[: len(first) - len(end)] + end) > day_n


# A spreadsheet reads "a-b" as a date only when a or b can be a month, the smaller: a <= 12.
@given(st.integers(1, 12), st.integers(1, 87), st.booleans())
def test_every_page_range_a_spreadsheet_turned_into_a_date_comes_back(
    first: int, length: int, day_first: bool
) -> None:
    last = first + length
    shown = spreadsheet_date(first, last, day_first=day_first)
    assume(shown is not None)
    # Month first, "3-21" shows as "21-Mar", which reads day first as MEDLINE's short
    # "21-3" (21-23): the rule takes that reading, so only the others come back.
    assume(day_first or not (shown[0].isdigit() and reads_forward_day_first(shown)))
    assert normalize_record(Record(pages=shown, year=2020)).pages == f"{first}-{last}"


@given(st.integers(10, 31), st.integers(1, 9))
def test_a_short_medline_range_a_day_first_spreadsheet_turned_into_a_date_comes_back(
    first: int, end_digit: int
) -> None:
    end = int(str(first)[:-1] + str(end_digit))
    assume(end > first and end_digit <= 12)
    shown = f"{first:02d}-{_MONTHS[end_digit]}"
    assert normalize_record(Record(pages=shown, year=2020)).pages == f"{first}-{end}"


@given(
    st.from_regex(r"[SeAE]?", fullmatch=True),
    st.integers(1, 99_999),
    st.integers(0, 500),
    st.one_of(st.none(), st.integers(1900, 2030)),
)
def test_a_real_page_range_is_never_altered_by_the_date_rules(
    prefix: str, first: int, length: int, year: int | None
) -> None:
    pages = f"{prefix}{first}-{prefix}{first + length}"
    assert normalize_record(Record(pages=pages, year=year)).pages == normalize_pages(pages)


@given(st.integers(1, 9999), st.integers(1900, 2030))
def test_a_single_page_stays_unless_it_is_the_year(page: int, year: int) -> None:
    pages = str(page)
    kept = normalize_record(Record(pages=pages, year=year)).pages
    assert kept == ("" if abs(page - year) <= 1 else pages)


# --- placeholders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pages", "No-Specified"),
        ("pages", "No Pagination Specified"),
        ("pages", "not specified"),
        ("pages", "no pagination"),
        ("pages", "n/a"),
        ("volume", "var.pagings"),
        ("issue", "var.pagings"),
        ("volume", "Not available"),
    ],
)
def test_a_placeholder_is_no_value(field: str, value: str) -> None:
    assert getattr(normalize_record(Record(**{field: value})), field) == ""


@given(
    st.sampled_from(["No", "NO", "no", "Not", "not"]),
    st.sampled_from([" ", "-", "_", ".", ""]),
    st.sampled_from(["", "Pagination ", "pagination-", "Pages "]),
    st.sampled_from(["Specified", "specified", "SPECIFIED", "available", "given"]),
)
def test_every_spelling_of_not_specified_is_no_pages(
    no: str, joiner: str, noun: str, verb: str
) -> None:
    pages = f"{no}{joiner}{noun}{verb}"
    assert normalize_record(Record(pages=pages)).pages == ""


@pytest.mark.parametrize(
    ("field", "value"), [("volume", "No. 3"), ("issue", "Nov"), ("pages", "N1")]
)
def test_a_value_that_only_starts_like_a_placeholder_stays(field: str, value: str) -> None:
    assert getattr(normalize_record(Record(**{field: value})), field) == value


# --- an ISSN in the ISBN field ---------------------------------------------------------------


@pytest.mark.parametrize(("isbn", "issn"), [("1234-567X", "1234-567X"), ("1234567x", "1234-567X")])
def test_an_issn_in_the_isbn_field_is_the_issn(isbn: str, issn: str) -> None:
    record = normalize_record(Record(isbn=isbn))
    assert (record.isbn, record.issn) == ("", issn)


def test_an_issn_in_the_isbn_field_stays_when_the_record_has_an_issn() -> None:
    record = normalize_record(Record(isbn="1234-567X", issn="0000-0019"))
    assert (record.isbn, record.issn) == ("1234-567X", "0000-0019")


@given(st.from_regex(r"\d{4}-?\d{3}[\dX]", fullmatch=True))
def test_every_issn_shaped_isbn_moves_to_the_empty_issn(isbn: str) -> None:
    record = normalize_record(Record(isbn=isbn))
    assert record.isbn == "" and record.issn.replace("-", "") == isbn.replace("-", "")


@given(st.from_regex(r"(97[89]-?)?\d-?\d{3}-?\d{5}-?[\dX]", fullmatch=True))
def test_an_isbn_stays_an_isbn(isbn: str) -> None:
    record, warnings = normalize_record_reporting(Record(isbn=isbn))
    assert (record.isbn, record.issn, warnings) == (isbn, "", ())


# --- any text ------------------------------------------------------------------------------

_FIELD_TEXT = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[0-9²٢]{1,4}([-/ ][0-9A-Za-z]{1,4})?", fullmatch=True),
    st.sampled_from(["01-Aug", "Jan-45", "pp 1-2", "No-Specified", "1234-567X", "October"]),
)


@given(_FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT, st.one_of(st.none(), st.integers()))
def test_the_rules_take_any_text_and_a_second_pass_changes_nothing(
    volume: str, issue: str, pages: str, isbn: str, year: int | None
) -> None:
    once = normalize_record(Record(volume=volume, issue=issue, pages=pages, isbn=isbn, year=year))
    assert normalize_record(once) == once


# --- hostile pages ---------------------------------------------------------------------------


def test_pages_of_thousands_of_digits_are_kept_not_a_crash() -> None:
    pages = "1" * 5_000 + "-1"  # int() refuses more than 4,300 digits
    assert normalize_record(Record(title="A study", pages=pages)).pages == pages
    assert normalize_pages("2" + "0" * 5_000 + "-1") == "2" + "0" * 5_000 + "-2" + "0" * 4_999 + "1"


def test_a_long_run_of_spaces_in_the_pages_is_read_in_bounded_time() -> None:
    started = time.perf_counter()
    pages = normalize_pages("12" + " " * 50_000 + "x")  # 10 s when each space began a scan
    assert time.perf_counter() - started < 0.5
    assert pages == "12" + " " * 50_000 + "x"
    assert normalize_pages("12 " + " " * 50_000 + "- 15") == "12-15"


_GATE_WORDS = st.sampled_from(
    ["Jan", "Oct", "May", "pp", "p.", "No-Specified", "n/a", "var.pagings", "Suppl", "e", "S",
     "2010", "2011", "-", "1", "12", "08"]
)  # fmt: skip
_GATE_VALUES = st.one_of(
    st.text("abcpPnN0123456789 -./()", max_size=12),
    st.lists(_GATE_WORDS, max_size=3).map("-".join),
    st.lists(_GATE_WORDS, max_size=3).map(" ".join),
)


@given(_GATE_VALUES, _GATE_VALUES, _GATE_VALUES, st.one_of(st.none(), st.integers(2008, 2012)))
def test_a_record_the_quick_test_passes_is_one_no_rule_would_change(
    volume: str, issue: str, pages: str, year: int | None
) -> None:
    record = Record(title="A study", volume=volume, issue=issue, pages=pages, year=year)
    if not needs_repair(record):
        repaired, _ = repair_forms(record)
        assert (repaired.volume, repaired.issue, repaired.pages) == (volume, issue, pages)
