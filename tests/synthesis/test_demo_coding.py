"""The demo review codes six studies from examples/coding.csv: every value lands as given."""

from __future__ import annotations

import csv
from pathlib import Path

from screener.review.demo import DEMO_CODING, build_demo
from screener.review.resources import data_dir
from screener.synthesis import parse_frame, parse_value
from screener.synthesis.values import cell_text


def test_the_demo_codes_the_studies_of_its_coding_csv(tmp_path: Path) -> None:
    path = data_dir("examples") / DEMO_CODING
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    run = build_demo(tmp_path / "demo")
    with run.review as review:
        frame = review.coding_frame()
        by_doi = {record.doi: record.id for record, _ in review.select("included")}
        assert set(by_doi) == {row["doi"] for row in rows}
        assert run.coded_studies == 6
        columns = review.coded_columns(sorted(by_doi.values()))
    expected: dict[int, dict[str, str]] = {
        i: dict.fromkeys(frame.field_ids, "") for i in by_doi.values()
    }
    for row in rows:
        value = parse_value(
            frame.field(row["field"]), row["value"], page=row["page"], reason=row["reason"]
        )
        expected[by_doi[row["doi"]]][row["field"]] = cell_text(value)
    assert columns == expected
    # A few cells spelled out, so that a change in the cell format shows here too.
    germany = by_doi["10.5555/jiv.2021.21930"]
    assert columns[germany]["offence_types"] == "indecent images of children; other"
    assert columns[germany]["weight_of_evidence"] == (
        "high: Large sample from court records, with a comparison group"
    )
    assert columns[germany]["offending_relationship"].endswith('sexual preoccupation." (p. 5)')


def test_the_rea_frame_reads_every_value_of_the_demo_csv() -> None:
    frame = parse_frame((data_dir("criteria") / "coding" / "rea.toml").read_text(encoding="utf-8"))
    with (data_dir("examples") / DEMO_CODING).open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            parse_value(
                frame.field(row["field"]), row["value"], page=row["page"], reason=row["reason"]
            )
