"""RIS out: RIS tags only, so that any reader (EndNote, Zotero, rispy) reads each value as
what it is.

Each Record field goes under its tag (`ris.FIELD_TAGS`; the PMID under `AN`, with `DP  - NLM`
when no database tag names PubMed, as EndNote keeps PubMed records). A few MEDLINE fields
have a RIS tag of their own (`MEDLINE_TAGS`, the publication date as `DA`). Unmapped fields
pass through only when they came from a RIS file, are tags of the RIS specification, and do
not repeat a tag written for a field; every other field is left out and named in the
`WriteContext`, which the caller reports once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

from screener.formats.export_context import WriteContext
from screener.formats.ris import (
    ARTICLE_NUMBER,
    CONSUMED_TAGS,
    DATABASE_TAGS,
    END_PAGE,
    FIELD_TAGS,
    NOTE_TAG,
    PMID_TAGS,
    PUBMED_PROVIDERS,
    SERIAL_TAGS,
    START_PAGE,
    TY_CODES,
    YEAR_TAGS,
    _is_pmid,
)
from screener.formats.ris_lines import TWO_CHAR_TAGS, parse_tag
from screener.model import Record
from screener.normalize import normalize_pub_type, parse_year

# The tags of the RIS specification (Research Information Systems, 2012), `TY` and `ER` aside.
SPEC_TAGS = frozenset(
    [
        "A1",
        "A2",
        "A3",
        "A4",
        "AB",
        "AD",
        "AN",
        "AU",
        "AV",
        "BT",
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        "C8",
        "CA",
        "CN",
        "CP",
        "CT",
        "CY",
        "DA",
        "DB",
        "DI",
        "DO",
        "DP",
        "ED",
        "EP",
        "ET",
        "ID",
        "IS",
        "J1",
        "J2",
        "JA",
        "JF",
        "JO",
        "KW",
        "L1",
        "L2",
        "L3",
        "L4",
        "LA",
        "LB",
        "LK",
        "M1",
        "M2",
        "M3",
        "N1",
        "N2",
        "NV",
        "OP",
        "PB",
        "PP",
        "PY",
        "RI",
        "RN",
        "RP",
        "SE",
        "SN",
        "SP",
        "ST",
        "SV",
        "T1",
        "T2",
        "T3",
        "TA",
        "TI",
        "TT",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "UR",
        "VL",
        "VO",
        "Y1",
        "Y2",
    ]
)
# Tags a record may hold more than once; any other tag written twice reads as a list.
REPEATABLE_TAGS = frozenset({"A1", "A2", "A3", "A4", "AU", "KW", "N1", "UR"})
# MEDLINE tag -> the RIS tag that carries it (EndNote's and Zotero's reading of PubMed).
MEDLINE_TAGS = {"TA": "J2", "PMC": "C2", "PL": "CY", "PB": "PB"}
# Format -> its fields that have a RIS tag (a name matched as written or in lower case).
FOREIGN_TAGS: dict[str, dict[str, str]] = {
    "medline": MEDLINE_TAGS,
    "wos": {"PU": "PB", "PI": "CY", "J9": "J2", "JI": "J2"},  # publisher, its city
    "wos-tab": {"PU": "PB", "PI": "CY", "J9": "J2", "JI": "J2"},
    "bibtex": {"publisher": "PB", "address": "CY", "location": "CY"},
    "csv": {"publisher": "PB"},
}
# MEDLINE dates, the first present written as `DA`: publication date, else electronic.
MEDLINE_DATES = ("DP", "DEP")
# MEDLINE tags whose values the record's own fields hold (authors, ISSN, types, keywords,
# the year of the publication date).
MEDLINE_HELD = frozenset({"AU", "IS", "PT", "MH", "OT", "BTI", "DP"})
PMID_PROVIDER = "NLM"  # DP for a record whose AN is its PMID

# The TY written for a pub_type -> codes of the RIS specification for the same type, more
# finely, that a source's TY may keep (beside the codes screener reads as the pub_type).
TY_REFINEMENTS: dict[str, frozenset[str]] = {
    "JOUR": frozenset({"EJOUR", "JFULL", "MGZN", "INPR"}),
    "CONF": frozenset({"CPAPER", "ABST"}),
    "BOOK": frozenset({"EBOOK", "EDBOOK"}),
    "CHAP": frozenset({"ECHAP"}),
    "RPRT": frozenset({"GOVDOC", "STAND"}),
    "UNPB": frozenset({"MANSCPT", "INPR"}),
}
_TY_CODE = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_PAGE_RANGE = re.compile(r"([^\s-]+)-([^\s-]+)")
_FIELD_OF = {tag: name for name, tags in FIELD_TAGS.items() for tag in tags}
_MONTHS = {
    name: f"{number:02d}"
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MEDLINE_DATE = re.compile(r"(\d{4})(?: ([A-Za-z]{3})(?: (\d{1,2}))?)?(?:[ -](.*))?$")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})$")


def write(records: Iterable[Record], stream: TextIO, *, context: WriteContext | None = None) -> int:
    """Write records as standard RIS with "\n" line ends; returns how many were written.

    `read` gives back every field RIS carries (text whose lines have no leading or trailing
    blanks and do not read as tag lines). The names of fields left out are added to
    `context.left_out`.
    """
    context = context or WriteContext()
    count = 0
    for record in records:
        stream.write(format_record(record, context))
        count += 1
    return count


class _Lines:
    """The tag lines of one record, and which tags and fields they hold."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.tags: set[str] = set()
        self.fields: set[str] = set()

    def put(self, tag: str, value: str, name: str = "") -> None:
        if value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            self.out.append(f"{tag}  - {value}\n")
            self.tags.add(tag)
            self.fields.add(name or tag)

    def put_each(self, tag: str, values: Iterable[str]) -> None:
        for value in values:
            self.put(tag, " ".join(value.splitlines()))


def format_record(record: Record, context: WriteContext | None = None) -> str:
    """One record as RIS text, from `TY  - ` to `ER  - ` and a blank line."""
    context = context or WriteContext()
    native = context.extras_from(record, "ris")
    medline = context.extras_from(record, "medline")
    lines = _Lines()
    carried: set[tuple[str, str]] = set()  # (origin, extra name) written, in full or by a field

    type_code, work_type = type_codes(record.pub_type, native.get("TY") or ())
    carried.add(("ris", "TY"))  # the record's type is written, whatever code its source had
    lines.put("TY", type_code)
    lines.put("TI", record.title, "title")
    lines.put_each("AU", record.authors)
    if record.year is not None:
        lines.put(YEAR_TAGS[0], str(record.year), "year")
    lines.put("DA", _date(record, native, medline, carried))
    lines.put("T2", record.journal, "journal")
    lines.put("VL", record.volume, "volume")
    lines.put("IS", record.issue, "issue")
    article_numbers = native.get(ARTICLE_NUMBER) or [""]
    if record.pages != article_numbers[0]:
        pages = _PAGE_RANGE.fullmatch(record.pages)
        lines.put(START_PAGE, pages[1] if pages else record.pages, START_PAGE)
        lines.put(END_PAGE, pages[2] if pages else "", END_PAGE)
    _serial_numbers(record, lines, context)
    lines.put("DO", record.doi, "doi")
    _accession_numbers(record, native, lines, context)
    lines.put("UR", record.url, "url")
    lines.put("LA", record.language, "language")
    if record.database != next(_values(native, DATABASE_TAGS), ""):
        lines.put(DATABASE_TAGS[0], record.database, "database")
    lines.put_each("KW", record.keywords)
    lines.put("AB", record.abstract, "abstract")
    lines.put("ID", record.key, "key")
    if work_type and not native.get("M3"):
        lines.put("M3", work_type)
    carried.update(("medline", name) for name in MEDLINE_HELD & medline.keys())
    lines.put_each(NOTE_TAG, context.notes_of(record))
    mapped = frozenset(lines.tags)  # a RIS field repeated in its own file may repeat here
    for tag, values in native.items():
        if tag == "TY":
            continue
        passing = [value for value in values if _passes(record, tag, value, mapped, lines)]
        for value in passing:
            lines.put(tag, value)
        if len(passing) == len(values):
            carried.add(("ris", tag))
    _foreign_fields(record, context, lines, carried)
    context.leave_out_rest(record, lambda origin, name: (origin, name) in carried)
    lines.out.append("ER  - \n\n")
    return "".join(lines.out)


def type_codes(pub_type: str, source_codes: Iterable[str]) -> tuple[str, str]:
    """The `TY` code and the type of work (`M3`) for a record of `pub_type`.

    The type is screener's reading (`pub_type`), not a `TY` kept from the source when the
    two disagree; a source's code is kept where it is a finer code for the same type
    (`EJOUR` for an article, `CPAPER` for a conference paper). A record with no known type
    keeps its source's code.
    """
    base, work_type = TY_CODES.get(pub_type, ("", ""))
    plain = [code for code in source_codes if _TY_CODE.fullmatch(code)]
    if not base:
        if plain:
            return plain[0], ""
        return (pub_type if _TY_CODE.fullmatch(pub_type) else "GEN"), ""
    for code in plain:
        if is_same_type(code, base, pub_type):
            return code, work_type
    return base, work_type


def is_same_type(code: str, base: str, pub_type: str) -> bool:
    """Whether the TY `code` is `base` or a finer code for `pub_type`: one listed under
    `base` in TY_REFINEMENTS, or one that screener reads as `pub_type` itself."""
    return (
        code == base
        or code in TY_REFINEMENTS.get(base, ())
        or (normalize_pub_type(code) == pub_type)
    )


def _date(
    record: Record,
    native: Mapping[str, list[str]],
    medline: Mapping[str, list[str]],
    carried: set[tuple[str, str]],
) -> str:
    """The `DA` line: a fuller publication date than the year, in the record's year (a RIS
    `PY` such as 2019/01/28/, a MEDLINE `DP` such as 2019 Jan 28), as YYYY/MM/DD/other."""
    if native.get("DA") or record.year is None:
        return ""  # a RIS date passes through with the other RIS tags
    for value in native.get("PY", ()):
        if value != str(record.year) and parse_year(value) == record.year and _plain_text(value):
            carried.add(("ris", "PY"))
            return value
    for tag in MEDLINE_DATES:
        for value in medline.get(tag, ()):
            date = _ris_date(value)
            if date and parse_year(date) == record.year:
                carried.add(("medline", tag))
                return date
    return ""


def _ris_date(value: str) -> str:
    """A MEDLINE date ("2019 Jan 28", "2019 Jan-Feb", "20190128") as RIS has it, or ""."""
    compact = _COMPACT_DATE.match(value.strip())
    if compact:
        return "/".join(compact.groups()) + "/"
    match = _MEDLINE_DATE.match(value.strip())
    if match is None:
        return ""
    year, month, day, other = match.groups()
    number = _MONTHS.get((month or "").lower(), "")
    if month and not number:  # "2019 Spring": a season is other information
        other = f"{month} {other}" if other else month
    if number and other and value.strip()[len(year) + 4 : len(year) + 5] == "-":
        other = f"{month}-{other}"  # a range of months, "2019 Jan-Feb"
    if not number and not other:
        return ""  # the year alone: PY holds it
    day_text = f"{int(day):02d}" if day and number else ""
    return f"{year}/{number}/{day_text}/{other or ''}"


def _foreign_fields(
    record: Record, context: WriteContext, lines: _Lines, carried: set[tuple[str, str]]
) -> None:
    """The fields of other formats that have a RIS tag (FOREIGN_TAGS), each where the
    record's own RIS fields left the tag free; a tag already written holds the field."""
    for origin, tags in FOREIGN_TAGS.items():
        for name, values in context.extras_from(record, origin).items():
            tag = tags.get(name) or tags.get(name.lower())
            if tag is None or not values:
                continue
            if tag not in lines.tags and _plain_text(values[0]):
                lines.put(tag, values[0])
            if tag in lines.tags:
                carried.add((origin, name))


def _serial_numbers(record: Record, lines: _Lines, context: WriteContext) -> None:
    """One `SN`: the ISBN of a book or chapter, else the ISSN (RIS has one SN per record)."""
    first, second = ("isbn", "issn") if record.pub_type in ("book", "chapter") else ("issn", "isbn")
    written = ""
    for name in (first, second):
        value = getattr(record, name)
        if not value:
            continue
        if written:
            context.leave_out(name)
        else:
            lines.put(SERIAL_TAGS[0], value, name)
            written = name


def _accession_numbers(
    record: Record, native: Mapping[str, list[str]], lines: _Lines, context: WriteContext
) -> None:
    """`AN`: the PMID where there is one (EndNote's place for it), else the accession number."""
    if not record.pmid:
        lines.put("AN", record.accession, "accession")
        return
    lines.put("AN", record.pmid, "pmid")
    if record.accession not in ("", record.pmid, record.key):  # the key is written as ID
        context.leave_out("accession")
    named = [record.database, *_values(native, DATABASE_TAGS)]
    if not any(name.lower() in PUBMED_PROVIDERS for name in named):
        lines.put(DATABASE_TAGS[1], PMID_PROVIDER)


def _values(fields: Mapping[str, list[str]], tags: tuple[str, ...]) -> Iterator[str]:
    return (value for tag in tags for value in fields.get(tag, ()))


def _passes(record: Record, tag: str, value: str, mapped: frozenset[str], lines: _Lines) -> bool:
    """Whether a RIS field passes through: a tag of the specification, not repeating a tag
    written for a field (`mapped`), that `read` gives back under `tag` in extra."""
    if tag not in SPEC_TAGS or tag in CONSUMED_TAGS or not _plain_text(value):
        return False
    if tag in mapped and tag not in REPEATABLE_TAGS:
        return False
    # A value the reader would take for a field must follow the field's own value.
    if tag in _FIELD_OF:
        return _FIELD_OF[tag] in lines.fields
    if tag in YEAR_TAGS:
        return record.year is not None or parse_year(value) is None
    if tag in PMID_TAGS:  # the reader takes a bare number there for the PMID
        return not _is_pmid(value)
    if tag in SERIAL_TAGS:
        return False  # SN is written for a field above; BN is no RIS tag
    if tag in DATABASE_TAGS:
        return bool(record.database)
    if tag == ARTICLE_NUMBER:
        return bool(record.pages)
    if tag in (START_PAGE, END_PAGE):  # read as pages when an SP line is there
        return tag == END_PAGE and START_PAGE not in mapped
    return True


def _plain_text(value: str) -> bool:
    """Whether `read` gives `value` back as written: RIS strips lines and cannot escape."""
    if not value or "\r" in value:
        return False
    lines = value.split("\n")
    if not lines[0] or not lines[-1]:
        return False
    for index, line in enumerate(lines):
        if line != line.strip():
            return False
        if index and line and _looks_tagged(line):
            return False
    return True


def _looks_tagged(line: str) -> bool:
    if line[2:6] == "  - " and line[:2] in TWO_CHAR_TAGS:
        return True
    return parse_tag(line.lstrip("\ufeff")) is not None
