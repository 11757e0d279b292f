"""`screener export` with the decisions: the reason, reviewers, verdicts, notes, the criteria
rules and a duplicate's canonical record, in CSV and CSL-JSON, one stage at a time, blind
while a record awaits a reviewer."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from screener.formats.csv_layouts import EXPORT_COLUMNS
from screener.review import Review
from screener.review import export_columns as providers
from screener.review.export_columns import ColumnSet, Selection

pytestmark = pytest.mark.cli

CRITERIA = """
[review]
question = "Which interventions reduce loneliness in older adults?"

[[rule]]
id = "years"
kind = "year"
min = 2014
action = "exclude"
reason = "published before 2014"

[[rule]]
id = "off-topic"
kind = "query"
query = "NOT soil"
fields = ["title"]
action = "flag"
reason = "about soil"

[reasons]
population = "not older adults"
design = "not an intervention study"
"""

TITLES = (
    "Befriending calls for isolated older people",  # 1: 2013, excluded by "years"
    "Group exercise and loneliness in later life: a randomised trial",
    "Soil bacteria in alpine meadows",  # 3: flagged by "off-topic"
    "Intergenerational volunteering and wellbeing",
    "Digital skills courses for retirees",
    "Social prescribing in primary care: a cohort study",
)
NEW_COLUMNS = [
    "stage", "reason", "reviewers", "verdicts", "notes", "criteria_rules", "duplicate_of_key",
]  # fmt: skip


def write_records(path: Path, titles: tuple[str, ...] = TITLES, *, tail: str = "") -> Path:
    lines: list[str] = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"ID  - study{n}",
            f"TI  - {title}",
            f"AU  - Author{n}, Robin",
            f"PY  - {2012 + n}",
            "T2  - Journal of Ageing Studies",
            f"DO  - 10.5555/ageing.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines) + tail, encoding="utf-8")
    return path


def make_review(review_dir: Path, per_record: int, criteria: str = CRITERIA) -> Path:
    (review_dir / "criteria.toml").write_text(criteria, encoding="utf-8")
    settings = review_dir / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("reviewers_per_record = 1", f"reviewers_per_record = {per_record}"),
        encoding="utf-8",
    )
    with Review.open(review_dir, actor="lead") as review:
        review.import_file(write_records(review_dir.parent / "records.ris"))
    return review_dir


@pytest.fixture
def dual(review_dir: Path) -> Path:
    """Six records, two reviewers per record, reasons in the criteria file."""
    return make_review(review_dir, 2)


def decide(folder: Path, reviewer: str, record: int, verdict: str, **options: str) -> None:
    with Review.open(folder, actor=reviewer) as review:
        review.decide(record, verdict, **options)  # type: ignore[arg-type]


def export_csv(cli: Callable[..., object], folder: Path, *args: str) -> dict[str, dict[str, str]]:
    """The CSV export's rows by record key."""
    out = folder.parent / "export.csv"
    result = cli("export", "-o", out, "--format", "csv", *args, "--review", folder)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    with out.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def export_json(cli: Callable[..., object], folder: Path, *args: str) -> dict[str, dict]:
    """The CSL-JSON export's `custom.screener` objects by record key (the item id)."""
    out = folder.parent / "export.json"
    result = cli("export", "-o", out, "--format", "json", *args, "--review", folder)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    items = json.loads(out.read_text(encoding="utf-8"))
    return {item["id"]: item["custom"]["screener"] for item in items}


def decision_cells(row: dict[str, str]) -> tuple[str, str, str, str, str]:
    return row["stage"], row["reason"], row["reviewers"], row["verdicts"], row["notes"]


def test_new_columns_come_after_the_existing_ones_in_order(dual: Path, cli) -> None:
    out = dual.parent / "all.csv"
    assert cli("export", "-o", out, "--review", dual).exit_code == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [*EXPORT_COLUMNS, "duplicate_of", "notices", *NEW_COLUMNS]


def test_a_verdict_stays_out_while_the_record_awaits_the_second_reviewer(dual: Path, cli) -> None:
    decide(dual, "ana", 4, "exclude", reason="population", note="retired teachers only")
    row = export_csv(cli, dual)["study4"]
    assert decision_cells(row) == ("title-abstract", "", "", "awaiting a second reviewer", "")
    assert "population" not in json.dumps(export_json(cli, dual)["study4"])

    decide(dual, "ben", 4, "exclude", reason="population")
    row = export_csv(cli, dual)["study4"]
    assert decision_cells(row) == (
        "title-abstract",
        "not older adults (population)",
        "ana; ben",
        "ana: exclude (population); ben: exclude (population)",
        "ana: retired teachers only",
    )


def test_the_exporting_reviewer_does_not_see_their_own_verdict_early(dual: Path, cli) -> None:
    """The export is no one's view: even the person running it finds their verdict hidden."""
    decide(dual, "tester", 5, "include", note="promising")
    row = export_csv(cli, dual)["study5"]
    assert (row["reviewers"], row["verdicts"], row["notes"]) == (
        "",
        "awaiting a second reviewer",
        "",
    )


def test_a_conflict_shows_every_verdict_and_no_reason_until_resolved(dual: Path, cli) -> None:
    decide(dual, "ana", 6, "include")
    decide(dual, "ben", 6, "exclude", reason="design", note="cohort, no intervention")
    row = export_csv(cli, dual)["study6"]
    assert row["verdicts"] == "ana: include; ben: exclude (design); conflict"
    assert row["reason"] == ""

    with Review.open(dual, actor="carla") as review:
        review.resolve(6, "exclude", reason="design", note="agreed at the team meeting")
    row = export_csv(cli, dual)["study6"]
    assert row["verdicts"] == (
        "ana: include; ben: exclude (design); resolution by carla: exclude (design)"
    )
    assert row["reason"] == "not an intervention study (design)"
    assert row["notes"] == (
        "ben: cohort, no intervention; resolution by carla: agreed at the team meeting"
    )
    assert row["reviewers"] == "ana; ben"


def test_stage_picks_whose_decisions_and_the_default_is_the_latest_stage(dual: Path, cli) -> None:
    for reviewer in ("ana", "ben"):
        decide(dual, reviewer, 2, "include")
    decide(dual, "ana", 2, "exclude", stage="full-text", reason="design")
    decide(dual, "ben", 2, "exclude", stage="full-text", reason="other", note="a protocol only")
    full_text = (
        "full-text",
        "not an intervention study (design)",  # the one reason it counts under: the first
        "ana; ben",
        "ana: exclude (design); ben: exclude (other)",
        "ben: a protocol only",
    )
    assert decision_cells(export_csv(cli, dual)["study2"]) == full_text
    assert decision_cells(export_csv(cli, dual, "--stage", "full-text")["study2"]) == full_text
    title_abstract = export_csv(cli, dual, "--stage", "title-abstract")["study2"]
    assert decision_cells(title_abstract) == (
        "title-abstract",
        "",
        "ana; ben",
        "ana: include; ben: include",
        "",
    )
    # a record without full-text decisions has nothing of that stage
    assert decision_cells(export_csv(cli, dual, "--stage", "full-text")["study4"]) == ("",) * 5


def test_the_reason_column_counts_as_report_reasons_counts(dual: Path, cli) -> None:
    # Three exclusions, each settled otherwise: two reasons (the first given counts), a
    # resolution without a reason (the reviewers' exclusions speak), and "other" in the
    # reviewers' words, written in two cases.
    decide(dual, "ana", 2, "exclude", reason="population")
    decide(dual, "ben", 2, "exclude", reason="design")
    decide(dual, "ana", 4, "exclude", reason="design")
    decide(dual, "ben", 4, "include")
    with Review.open(dual, actor="carla") as review:
        review.resolve(4, "exclude")
    decide(dual, "ana", 5, "exclude", reason="other", note="Adults only")
    decide(dual, "ben", 5, "exclude", reason="other", note="adults only.")
    rows = export_csv(cli, dual)
    exported = Counter(rows[key]["reason"] for key in ("study2", "study4", "study5"))
    with Review.open(dual, actor="lead") as review:
        [counted] = review.exclusion_reasons("title-abstract").stages
    labels = {"population": "not older adults (population)"}
    labels["design"] = "not an intervention study (design)"
    assert exported == {
        labels.get(c.reason.key, f"other: {c.reason.label}"): c.n for c in counted.counts
    }
    assert exported == {
        "not older adults (population)": 1,
        "not an intervention study (design)": 1,
        "other: Adults only": 1,
    }


def test_an_undone_verdict_is_not_exported(review_dir: Path, cli) -> None:
    folder = make_review(review_dir, 1)
    decide(folder, "ana", 4, "include")
    decide(folder, "ana", 5, "exclude", reason="design")
    assert export_csv(cli, folder)["study5"]["verdicts"] == "ana: exclude (design)"
    with Review.open(folder, actor="ana") as review:
        assert review.undo(reviewer="ana") == 5
    rows = export_csv(cli, folder)
    assert decision_cells(rows["study5"]) == ("",) * 5
    assert rows["study4"]["verdicts"] == "ana: include"


def test_one_reviewer_per_record_is_shown_at_once(review_dir: Path, cli) -> None:
    folder = make_review(review_dir, 1)
    decide(folder, "ana", 4, "exclude", reason="population", note="students")
    assert decision_cells(export_csv(cli, folder)["study4"]) == (
        "title-abstract",
        "not older adults (population)",
        "ana",
        "ana: exclude (population)",
        "ana: students",
    )


def test_criteria_rules_name_the_rules_that_excluded_or_flagged(dual: Path, cli) -> None:
    rows = export_csv(cli, dual, "--all")
    assert {row["criteria_rules"] for row in rows.values()} == {""}  # no run yet
    with Review.open(dual, actor="lead") as review:
        review.apply_criteria()
    excluded = export_csv(cli, dual, "--status", "excluded-automatic")
    assert {key: row["criteria_rules"] for key, row in excluded.items()} == {"study1": "years"}
    rows = export_csv(cli, dual)
    assert rows["study3"]["criteria_rules"] == "off-topic"
    assert rows["study4"]["criteria_rules"] == ""


def test_a_merged_duplicate_names_its_canonical_record(dual: Path, cli) -> None:
    copy = write_records(dual.parent / "copy.ris", tail="\n")  # the same records, new sha256
    with Review.open(dual, actor="lead") as review:
        review.import_file(copy)
        review.dedupe()
        links = review.duplicate_links()
        keys = {record.id: record.key for record in review.records()}
        sources = {record.id: record.source_id for record in review.records()}
    assert len(links) == len(TITLES)
    out = dual.parent / "members.csv"
    result = cli("export", "--status", "duplicate", "-o", out, "--review", dual)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["id"], row["duplicate_of"], row["duplicate_of_key"]) for row in rows] == [
        (str(member), str(canonical), keys[canonical])
        for member, canonical in sorted(links.items())
    ]
    assert all(sources[canonical] != sources[member] for member, canonical in links.items())
    # the canonical records themselves point nowhere
    assert {row["duplicate_of_key"] for row in export_csv(cli, dual).values()} == {""}


def test_json_carries_the_same_fields_as_the_csv(dual: Path, cli) -> None:
    with Review.open(dual, actor="lead") as review:
        review.apply_criteria()
    decide(dual, "ana", 4, "exclude", reason="population", note="=HYPERLINK(x)")
    decide(dual, "ben", 4, "exclude", reason="design")
    decide(dual, "ana", 5, "include")
    decide(dual, "ana", 6, "include")
    decide(dual, "ben", 6, "exclude", reason="design")
    rows = export_csv(cli, dual)
    items = export_json(cli, dual)
    assert set(items) == set(rows)
    for key, item in items.items():
        assert list(item) == ["id", "status", "duplicate_of", *NEW_COLUMNS]
        assert item == {name: rows[key][name] for name in item}
    assert items["study4"]["notes"] == "ana: =HYPERLINK(x)"


def test_cells_a_spreadsheet_would_run_are_neutralised(review_dir: Path, cli) -> None:
    """Without [reasons] a reason is the reviewer's free text, which may begin like a formula."""
    folder = make_review(review_dir, 1, criteria='[review]\nquestion = "Loneliness"\n')
    decide(folder, "ana", 4, "exclude", reason="=1+1")
    out = folder.parent / "sheet.csv"
    assert cli("export", "-o", out, "--review", folder).exit_code == 0
    assert ",'=1+1," in out.read_text(encoding="utf-8")
    assert export_json(cli, folder)["study4"]["reason"] == "=1+1"


def test_ris_and_bibtex_exports_are_unchanged_by_decisions(dual: Path, cli) -> None:
    def exported(suffix: str) -> str:
        out = dual.parent / f"all.{suffix}"
        assert cli("export", "-o", out, "--review", dual).exit_code == 0
        return out.read_text(encoding="utf-8")

    before = {suffix: exported(suffix) for suffix in ("ris", "bib")}
    for reviewer in ("ana", "ben"):
        decide(dual, reviewer, 4, "exclude", reason="population", note="students")
    assert {suffix: exported(suffix) for suffix in ("ris", "bib")} == before


def test_another_set_of_columns_plugs_in_as_one_provider(
    dual: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def checked(selection: Selection) -> ColumnSet:
        cells = {rid: {"checked": f"#{rid}"} for rid in selection.record_ids}
        return ColumnSet(("checked",), cells)

    monkeypatch.setattr(providers, "PROVIDERS", (*providers.PROVIDERS, checked))
    out = dual.parent / "plugged.csv"
    assert cli("export", "-o", out, "--review", dual).exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[-2:] == ["duplicate_of_key", "checked"]
    assert [row["checked"] for row in rows] == [f"#{row['id']}" for row in rows]
    assert export_json(cli, dual)["study2"]["checked"] == "#2"


def test_a_column_given_by_two_providers_is_refused(dual: Path) -> None:
    def again(selection: Selection) -> ColumnSet:
        return ColumnSet(("reason",), {})

    with Review.open(dual) as review:
        statuses = review.statuses()
        selection = Selection(
            store=review._store,
            root=review.root,
            record_ids=tuple(statuses),
            statuses=statuses,
            stage=None,
            reviewers_per_record=2,
            reasons={},
            states={},
        )
        with pytest.raises(ValueError, match="reason"):
            providers.provided_columns(selection, (*providers.PROVIDERS, again))


def test_stage_must_be_a_screening_stage(dual: Path, cli) -> None:
    result = cli("export", "-o", dual.parent / "x.csv", "--stage", "full-txt", "--review", dual)
    assert result.exit_code == 2
    assert "full-text" in result.stderr
    assert not (dual.parent / "x.csv").exists()


def test_help_says_what_the_stage_defaults_to(cli) -> None:
    result = cli("export", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "latest stage with a decision" in text
