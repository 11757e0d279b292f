"""Two coders per study: agreement per field against hand-worked figures, and which value
stands (agreed, resolved, or none while they disagree)."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_helpers import FRAME, coding_review

from screener.review import Review
from screener.synthesis import CodedValue, parse_frame
from screener.synthesis.agreement import Measure, coding_agreement
from screener.synthesis.settle import Settlement

FRAME_ = parse_frame(FRAME)


def _values(field: str, ana: list[object], ben: list[object]) -> list[CodedValue]:
    """Values of two coders on records 1..n; None where a coder left the record."""
    found = []
    for coder, given in (("ana", ana), ("ben", ben)):
        for record_id, value in enumerate(given, 1):
            if value is not None:
                found.append(CodedValue(record_id, field, coder, value))
    return found


def _field(agreement, field_id: str):
    return next(f for f in agreement.fields if f.field == field_id)


def test_categorical_fields_get_percent_agreement_and_cohens_kappa() -> None:
    # By hand: 8 of 10 agree, p_o = 0.8; each coder says survey 5 times and interviews 5,
    # so p_e = 0.5 * 0.5 + 0.5 * 0.5 = 0.5, and kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6.
    s, i = "survey", "interviews"
    values = _values("design", [s, s, s, s, s, i, i, i, i, i], [s, s, s, s, i, i, i, i, i, s])
    design = _field(coding_agreement(FRAME_, values), "design")
    assert design.measure is Measure.KAPPA
    assert design.records == 10 and design.coded_by_one == 0
    assert design.percent == pytest.approx(0.8)
    assert design.kappa == pytest.approx(0.6)
    assert [(d.record_id, d.values) for d in design.disagreements] == [
        (5, (("ana", "survey"), ("ben", "interviews"))),
        (10, (("ana", "interviews"), ("ben", "survey"))),
    ]


def test_yes_no_with_unbalanced_answers() -> None:
    # 2x2 table: yes/yes 6, yes/no 1, no/yes 1, no/no 2 (n = 10): p_o = 0.8;
    # ana yes 7 no 3, ben yes 7 no 3: p_e = 0.49 + 0.09 = 0.58; kappa = 0.22 / 0.42.
    y, n = "yes", "no"
    values = _values("peers", [y] * 6 + [y, n, n, n], [y] * 6 + [n, y, n, n])
    peers = _field(coding_agreement(FRAME_, values), "peers")
    assert peers.percent == pytest.approx(0.8)
    assert peers.kappa == pytest.approx(0.22 / 0.42)


def test_many_of_values_agree_only_as_the_same_set() -> None:
    a, b = ("social media",), ("social media", "messaging apps")
    values = _values("platforms", [a, b, b, a], [a, b, a, a])
    platforms = _field(coding_agreement(FRAME_, values), "platforms")
    assert platforms.percent == pytest.approx(0.75)
    assert [d.record_id for d in platforms.disagreements] == [3]


def test_numbers_agree_by_exact_match_and_text_only_by_both_coding() -> None:
    values = [
        *_values("sample_size", [120, 40, 12.5, 300, None], [120, 41, 12.5, 300, 8]),
        *_values("country", ["Spain", "UK", None], ["Spain", "United Kingdom", "Norway"]),
    ]
    agreement = coding_agreement(FRAME_, values)
    size = _field(agreement, "sample_size")
    assert (size.measure, size.records, size.coded_by_one) == (Measure.EXACT, 4, 1)
    assert size.percent == pytest.approx(0.75)
    assert size.kappa is None
    assert [d.record_id for d in size.disagreements] == [2]
    country = _field(agreement, "country")
    assert (country.measure, country.records, country.coded_by_one) == (Measure.CODED, 2, 1)
    assert country.percent is None and country.disagreements == ()


def test_appraisals_are_compared_by_rating_not_by_reason() -> None:
    from screener.synthesis import Appraisal

    values = _values(
        "weight",
        [Appraisal("high", "large sample"), Appraisal("low", "no comparison")],
        [Appraisal("high", "national data"), Appraisal("medium", "some comparison")],
    )
    weight = _field(coding_agreement(FRAME_, values), "weight")
    assert weight.percent == pytest.approx(0.5)
    assert [d.values for d in weight.disagreements] == [
        (("ana", "low: no comparison"), ("ben", "medium: some comparison"))
    ]


@pytest.fixture
def double(tmp_path: Path):
    with Review.open(coding_review(tmp_path, coders_per_record=2), actor="lead") as review:
        yield review


def test_with_two_coders_a_value_stands_once_both_agree(double: Review) -> None:
    assert double.coders_per_record == 2
    double.code_text(1, "design", "survey", coder="ana")
    assert double.settled_values() == {}  # awaiting the second coder
    double.code_text(1, "design", "survey", coder="ben")
    double.code_text(2, "design", "survey", coder="ana")
    double.code_text(2, "design", "case files", coder="ben")
    outcomes = double.coding_outcomes()
    assert outcomes[(1, "design")].state is Settlement.SETTLED
    assert outcomes[(2, "design")].state is Settlement.DISAGREE
    assert double.settled_values() == {1: {"design": "survey"}}
    status = {f.field: f for f in double.coding_status().fields}["design"]
    assert (status.coded, status.disagreements, status.to_code) == (1, 1, 2)


def test_a_resolution_stands_over_the_coders_values(double: Review) -> None:
    double.code_text(2, "design", "survey", coder="ana")
    double.code_text(2, "design", "case files", coder="ben")
    double.code_text(2, "design", "case files", coder="cleo", resolve=True)
    assert double.settled_values() == {2: {"design": "case files"}}
    design = _field(double.coding_agreement(), "design")
    assert design.coders == ("ana", "ben")  # a resolution is not a coder's judgement
    assert [(d.record_id, d.resolved) for d in design.disagreements] == [(2, True)]
    double.undo_coding("cleo", resolve=True)
    assert double.settled_values() == {}


def test_a_quote_of_the_first_coder_stands_when_both_quote(double: Review) -> None:
    double.code_text(3, "finding", "Contact began on gaming platforms.", page="4", coder="ana")
    double.code_text(3, "finding", "Most began in game chat.", page="5", coder="ben")
    assert double.settled_values()[3]["finding"].text == "Contact began on gaming platforms."


def test_code_agreement_json_through_the_command(double: Review, cli) -> None:
    double.code_text(1, "peers", "yes", coder="ana")
    double.code_text(1, "peers", "no", coder="ben")
    result = cli("code", "agreement", "--review", double.root, "--json")
    assert result.exit_code == 0, result.stderr
    import json

    peers = next(f for f in json.loads(result.stdout)["fields"] if f["field"] == "peers")
    assert peers["percent_agreement"] == 0.0
    assert peers["disagreements"] == [
        {"record": 1, "field": "peers", "values": {"ana": "yes", "ben": "no"}, "resolved": False}
    ]
    shown = cli("code", "agreement", "--review", double.root)
    assert "record 1, peers: ana: yes; ben: no" in shown.stdout
