"""The PRISMA 2020 counts as the PRISMA2020 Shiny app's input CSV, so the app redraws them.

The layout is the app's template (inst/extdata/PRISMA.csv of the PRISMA2020 R package): the
columns data,node,box,description,boxtext,tooltips,url,n and its rows in its order, the
app's identifiers and PRISMA 2020's box wording kept, our counts in `n`. The app finds a
count by the `data` column and reads its number from `n`; per-database, per-register and
per-reason counts go in one cell as "Name, n; Name, n".

How the app reads such a list decides how names are written: it splits the cell at each
";" and takes a name up to its first ",", so a name's own commas and semicolons are written
as dashes ("Wrong population, adults" -> "Wrong population - adults"). A list left empty
keeps the template's placeholder ("Database 1, xxx; ..."), which the app reads as "no
breakdown"; an empty list of reasons is "0".

Screener's own counts (the other-methods column's duplicates, automatic exclusions and
title-abstract screening; each column's included reports) have no row: the app finds a row
by matching its field name anywhere in `data`, so a row `other_duplicates` would be read as a
second `duplicates`. The diagram (SVG, PNG, Markdown) shows them.

Spreadsheet safety: every cell goes through the house CSV writer, so a cell that begins with
= + - @ gets a leading apostrophe. Only user text can begin so (counts are never negative),
and only a list's first name stands at the start of a cell; the app then shows that one
name with the apostrophe, which breaks neither its parsing nor its counts. We keep the rule.
"""

from __future__ import annotations

import io
import re

from screener.formats.csv_table import table_writer
from screener.report.flow import Count, PrismaFlow
from screener.report.prisma_boxes import item_name

HEADER = ("data", "node", "box", "description", "boxtext", "tooltips", "url", "n")
_DB_PLACEHOLDER = "Database 1, xxx; Database 2, xxx; Database 3, xxx"
_REG_PLACEHOLDER = "Register 1, xxx; Register 2, xxx; Register 3, xxx"
_REASON_PLACEHOLDER = "Reason1, xxx; Reason2, xxx; Reason3, xxx"
_EXCLUDED_HINT = ": [separate reasons and numbers using ; e.g. " + _REASON_PLACEHOLDER + "]"
_FROM = "Records identified from: "

# The template's rows: data, node, box, description, boxtext, tooltips, url.
TEMPLATE: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("NA", "node4", "prevstud", "Grey title box; Previous studies", "Previous studies",
     "Grey title box; Previous studies", "prevstud.html"),
    ("previous_studies", "node5", "box1", "Studies included in previous version of review",
     "Studies included in previous version of review",
     "Studies included in previous version of review", "previous_studies.html"),
    ("previous_reports", "NA", "box1",
     "Reports of studies included in previous version of review",
     "Reports of studies included in previous version of review", "NA",
     "previous_reports.html"),
    ("NA", "node6", "newstud",
     "Yellow title box; Identification of new studies via databases and registers",
     "Identification of new studies via databases and registers",
     "Yellow title box; Identification of new studies via databases and registers",
     "newstud.html"),
    ("database_results", "node7", "box2", _FROM + "Databases", "Databases",
     _FROM + "Databases and Registers", "database_results.html"),
    ("database_specific_results", "NA", "box2", _FROM + "specific databases",
     "Specific Databases", "NA", "database_results.html"),
    ("register_results", "NA", "box2", _FROM + "Registers", "Registers", "NA", "NA"),
    ("register_specific_results", "NA", "box2", _FROM + "specific registers",
     "Specific Registers", "NA", "database_results.html"),
    ("NA", "node16", "othstud",
     "Grey title box; Identification of new studies via other methods",
     "Identification of new studies via other methods",
     "Grey title box; Identification of new studies via other methods", "othstud.html"),
    ("website_results", "node17", "box11", _FROM + "Websites", "Websites",
     _FROM + "Websites, Organisations and Citation Searching", "website_results.html"),
    ("organisation_results", "", "box11", _FROM + "Organisations", "Organisations", "NA", "NA"),
    ("citations_results", "NA", "box11", _FROM + "Citation searching", "Citation searching",
     "NA", "NA"),
    ("duplicates", "node8", "box3", "Duplicate records", "Duplicate records",
     "Duplicate records", "duplicates.html"),
    ("excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools",
     "Records marked as ineligible by automation tools", "NA", "NA"),
    ("excluded_other", "NA", "box3", "Records removed for other reasons",
     "Records removed for other reasons", "NA", "NA"),
    ("records_screened", "node9", "box4", "Records screened (databases and registers)",
     "Records screened", "Records screened (databases and registers)",
     "records_screened.html"),
    ("records_excluded", "node10", "box5", "Records excluded (databases and registers)",
     "Records excluded", "Records excluded (databases and registers)",
     "records_excluded.html"),
    ("dbr_sought_reports", "node11", "box6",
     "Reports sought for retrieval (databases and registers)", "Reports sought for retrieval",
     "Reports sought for retrieval (databases and registers)", "dbr_sought_reports.html"),
    ("dbr_notretrieved_reports", "node12", "box7",
     "Reports not retrieved (databases and registers)", "Reports not retrieved",
     "Reports not retrieved (databases and registers)", "dbr_notretrieved_reports.html"),
    ("other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)",
     "Reports sought for retrieval", "Reports sought for retrieval (other)",
     "other_sought_reports.html"),
    ("other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)",
     "Reports not retrieved", "Reports not retrieved (other)",
     "other_notretrieved_reports.html"),
    ("dbr_assessed", "node13", "box8",
     "Reports assessed for eligibility (databases and registers)",
     "Reports assessed for eligibility",
     "Reports assessed for eligibility (databases and registers)", "dbr_assessed.html"),
    ("dbr_excluded", "node14", "box9",
     "Reports excluded (databases and registers)" + _EXCLUDED_HINT, "Reports excluded",
     "Reports excluded (databases and registers)", "dbrexcludedrecords.html"),
    ("other_assessed", "node20", "box14", "Reports assessed for eligibility (other)",
     "Reports assessed for eligibility", "Reports assessed for eligibility (other)",
     "other_assessed.html"),
    ("other_excluded", "node21", "box15", "Reports excluded (other)" + _EXCLUDED_HINT,
     "Reports excluded", "Reports excluded (other)", "other_excluded.html"),
    ("new_studies", "node15", "box10", "New studies included in review",
     "New studies included in review", "New studies included in review", "new_studies.html"),
    ("new_reports", "NA", "box10", "Reports of new included studies",
     "Reports of new included studies", "NA", "NA"),
    ("total_studies", "node22", "box16", "Total studies included in review",
     "Total studies included in review", "Total studies included in review",
     "total_studies.html"),
    ("total_reports", "NA", "box16", "Reports of total included studies",
     "Reports of total included studies", "NA", "NA"),
    ("identification", "node1", "identification", "Blue identification box", "Identification",
     "Blue identification box", "identification.html"),
    ("screening", "node2", "screening", "Blue screening box", "Screening",
     "Blue screening box", "screening.html"),
    ("included", "node3", "included", "Blue included box", "Included", "Blue included box",
     "included.html"),
    ("total_studies_ma", "node23", "box17", "Total studies included in meta-analysis",
     "Total studies included in meta-analysis", "Total studies included in meta-analysis",
     "total_studies_meta_analysis.html"),
    ("total_reports_ma", "NA", "box17", "Reports of total included studies in meta-analysis",
     "Reports of total included studies in meta-analysis", "NA", "NA"),
)  # fmt: skip
# Records from "other" sources have no field in the app; this row, written only when there
# are such records, is one the app passes over (no field name of the app contains it).
OTHER_SOURCES_ROW = (
    "other_results", "NA", "box11", _FROM + "other sources", "Other sources", "NA", "NA",
)  # fmt: skip
_LISTS: dict[str, str] = {
    "database_specific_results": _DB_PLACEHOLDER,
    "register_specific_results": _REG_PLACEHOLDER,
    "dbr_excluded": "0",
    "other_excluded": "0",
}
# Rows with no count of ours (the titles, the stage labels, the meta-analysis box).
_NOT_COUNTED = frozenset(
    {"NA", "identification", "screening", "included", "total_studies_ma", "total_reports_ma"}
)
_SEPARATORS = re.compile(r"\s*[,;]+\s*")


def render_csv(flow: PrismaFlow) -> bytes:
    """The app's CSV for `flow`, UTF-8, one row per template row (plus other sources)."""
    stream = io.StringIO()
    writerow = table_writer(stream)
    writerow(HEADER)
    for row in TEMPLATE:
        writerow((*row, _n(flow, row[0])))
        if row[0] == "citations_results" and flow.other_results:
            writerow((*OTHER_SOURCES_ROW, str(flow.other_results)))
    return stream.getvalue().encode("utf-8")


def _n(flow: PrismaFlow, data: str) -> str:
    if data in _NOT_COUNTED:
        return "0"
    value = getattr(flow, data)
    if data in _LISTS:
        return list_cell(value) or _LISTS[data]
    return str(int(value))


def list_cell(counts: tuple[Count, ...]) -> str:
    """'Name, n; Name, n' as the app splits it: no comma or semicolon inside a name."""
    return "; ".join(f"{app_name(name)}, {n}" for name, n in counts)


def app_name(name: str) -> str:
    """A name the app reads back whole: its commas and semicolons written as dashes."""
    return _SEPARATORS.sub(" - ", item_name(name).strip(" ,;")) or item_name("")
