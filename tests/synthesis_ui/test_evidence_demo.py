"""The demo review's evidence table, checked cell by cell against examples/coding.csv (the
values the demo codes), read here independently of the code that stores and shows them."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from screener.review import Review
from screener.synthesis.loader import load_frame

REPO = Path(__file__).resolve().parents[2]
CODING_CSV = REPO / "examples" / "coding.csv"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from screener.review.demo import build_demo

    folder = tmp_path_factory.mktemp("demo") / "review"
    build_demo(folder).review.close()
    return folder


def coded_rows() -> dict[str, dict[str, dict[str, str]]]:
    """DOI -> field -> the CSV row that codes it."""
    with CODING_CSV.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["doi"], {})[row["field"]] = row
    return found


def expected_cell(kind: str, options: tuple[str, ...], row: dict[str, str] | None) -> str:
    """The cell a value of the CSV should read as, by the rules documented for the table."""
    if row is None:
        return ""
    value = row["value"].strip()
    if kind == "many_of":
        picked = {part.strip().casefold() for part in value.split(";")}
        return "; ".join(option for option in options if option.casefold() in picked)
    if kind == "quote":
        return f'"{value}" (p. {row["page"]})'
    if kind == "appraisal":
        return f"{value}: {row['reason']}"
    return value


def test_every_cell_of_the_demo_table_is_the_value_coded(cli, demo: Path, tmp_path: Path) -> None:
    output = tmp_path / "evidence.csv"
    result = cli("report", "evidence", "-o", output, "--review", demo)
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    expected = coded_rows()
    frame = load_frame(demo / "coding.toml")
    assert sorted(row["doi"] for row in table) == sorted(expected)  # one row per study
    with Review.open(demo) as review:
        # the citation of a study found in several databases is its merged record, as an
        # export gives it
        merged = {record.id: record for record, _ in review.select("included")}
        for row in table:
            record = merged[int(row["record"])]
            assert row["title"] == record.title and row["year"] == str(record.year)
            assert row["authors"] == "; ".join(record.authors)
            assert row["journal"] == record.journal
            for field in frame.fields:
                given = expected[row["doi"]].get(field.id)
                assert row[field.id] == expected_cell(field.kind.value, field.choices, given), (
                    row["doi"],
                    field.id,
                )
    assert len(table[0]) == 7 + len(frame.fields)  # the citation, then every field


def test_the_demo_json_carries_the_coded_values(cli, demo: Path) -> None:
    result = cli("report", "evidence", "--json", "--review", demo)
    objects = {
        item["citation"]["doi"]: item for item in map(json.loads, result.stdout.split("\n")[:-1])
    }
    for doi, fields in coded_rows().items():
        for field_id, row in fields.items():
            value = objects[doi][field_id]
            if isinstance(value, dict) and "quote" in value:
                assert value == {"quote": row["value"], "page": row["page"]}
            elif isinstance(value, dict):
                assert value == {"rating": row["value"], "reason": row["reason"]}
            elif isinstance(value, list):
                assert {v.casefold() for v in value} == {
                    p.strip().casefold() for p in row["value"].split(";")
                }
            else:
                assert str(value) == row["value"]


def test_the_demo_summary_counts_studies_per_design(cli, demo: Path) -> None:
    result = cli("report", "evidence", "--json", "--review", demo)
    designs = Counter(json.loads(line)["design"] for line in result.stdout.splitlines())
    coded = Counter(
        fields["design"]["value"] for fields in coded_rows().values() if "design" in fields
    )
    assert designs - Counter({None: designs[None]}) == coded
    md = cli("report", "evidence", "-o", demo.parent / "e.md", "--review", demo)
    assert md.exit_code == 0
    text = (demo.parent / "e.md").read_text(encoding="utf-8")
    for design, studies in coded.items():
        assert f"| Study design | {design} | {studies} |" in text


def test_the_demo_citations_keep_the_accents_one_database_stripped(cli, demo: Path) -> None:
    # Web of Science exports these studies as "Muller", "Schafer", "O Suilleabhain"; PubMed
    # and PsycInfo keep the accents, and so must the merged record the table cites.
    result = cli("report", "evidence", "--json", "--review", demo)
    authors = {
        item["citation"]["doi"]: item["citation"]["authors"]
        for item in map(json.loads, result.stdout.split("\n")[:-1])
    }
    assert authors["10.5555/jiv.2021.21930"][::2] == ["Müller, Anna", "Schäfer, Lea Marie"]
    assert "Ó Súilleabháin, Cian" in authors["10.5555/chiabu.2023.94465"]
