"""`screener agreement` on a review: what is compared, the table, --json, and the lines it
prints where no figure can be computed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_ris

from screener.model import Decision
from screener.review import Review

TITLES = [f"Online safety education for adolescents, study {n}" for n in range(1, 7)]


@pytest.fixture
def team_review(review_dir: Path, tmp_path: Path) -> Path:
    """Six records; ana and ben disagree on record 3, cy decided only the first four."""
    with Review.open(review_dir, actor="tester") as review:
        review.import_file(write_ris(tmp_path / "hits.ris", TITLES))
        ids = [record.id for record in review.records()]
        ana = ["include", "exclude", "include", "exclude", "maybe", "exclude"]
        ben = ["include", "exclude", "exclude", "exclude", "maybe", "exclude"]
        cy = ["include", "exclude", "include", "include"]
        for name, verdicts in (("ana", ana), ("ben", ben), ("cy", cy)):
            for record_id, verdict in zip(ids, verdicts, strict=False):
                review.decide(record_id, verdict, reviewer=name)
    return review_dir


def _json(result: object) -> dict:
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def test_agreement_of_two_named_reviewers_as_json(
    cli: Callable[..., object], team_review: Path
) -> None:
    result = cli("agreement", "--review", team_review, "--reviewers", "ana,ben", "--json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    data = _json(result)
    assert data["reviewers"] == ["ana", "ben"]
    assert data["records"] == 6
    assert data["percent_agreement"] == pytest.approx(5 / 6)
    assert data["conflicts"] == 1
    assert data["kappa_ci"][0] <= data["cohen_kappa"] <= data["kappa_ci"][1]
    assert data["fleiss_kappa"] is None and data["pairs"] == []


def test_three_reviewers_are_compared_over_the_records_all_decided_with_pairs(
    cli: Callable[..., object], team_review: Path
) -> None:
    data = _json(cli("agreement", "--review", team_review, "--json"))
    assert data["reviewers"] == ["ana", "ben", "cy"]
    assert data["records"] == 4
    assert data["fleiss_kappa"] is not None and data["krippendorff_alpha"] is not None
    assert [(p["reviewers"], p["records"]) for p in data["pairs"]] == [
        (["ana", "ben"], 6),
        (["ana", "cy"], 4),
        (["ben", "cy"], 4),
    ]


def test_maybe_as_folds_maybe(cli: Callable[..., object], team_review: Path) -> None:
    # ana and ben both said maybe on record 5: as its own category or folded, they agree;
    # what changes is the number of categories, and so PABAK.
    plain = _json(cli("agreement", "--review", team_review, "--reviewers", "ana,ben", "--json"))
    folded = _json(
        cli(
            "agreement",
            "--review",
            team_review,
            "--reviewers",
            "ana,ben",
            "--maybe-as",
            "exclude",
            "--json",
        )
    )
    assert plain["pabak"] == pytest.approx((3 * 5 / 6 - 1) / 2)
    assert folded["pabak"] == pytest.approx(2 * 5 / 6 - 1)


def test_readable_table_names_every_figure(cli: Callable[..., object], team_review: Path) -> None:
    result = cli("agreement", "--review", team_review)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    for label in (
        "percent agreement",
        "PABAK",
        "Gwet's AC1",
        "Fleiss' kappa",
        "Pairs",
        "ana / ben",
    ):
        assert label in result.stdout  # type: ignore[attr-defined]
    assert "\x1b[" not in result.stdout  # type: ignore[attr-defined]


def test_resolutions_are_not_a_reviewers_verdict(
    cli: Callable[..., object], team_review: Path
) -> None:
    with Review.open(team_review) as review:
        record_id = next(review.records()).id
        with review._store.transaction():
            review._store.add_decision(
                Decision(record_id, "title-abstract", "ana", "exclude", kind="resolution")
            )
            review._store.add_decision(
                Decision(record_id, "title-abstract", "judge", "exclude", kind="resolution")
            )
    data = _json(cli("agreement", "--review", team_review, "--reviewers", "ana,ben", "--json"))
    assert data["percent_agreement"] == pytest.approx(5 / 6)
    assert "judge" not in _json(cli("agreement", "--review", team_review, "--json"))["reviewers"]


def test_a_resolution_from_before_kinds_is_no_reviewers_verdict_either(
    cli: Callable[..., object], team_review: Path
) -> None:
    with Review.open(team_review) as review:
        record_id = next(review.records()).id
        with review._store.transaction():  # as stores from before kinds have it
            review._store.add_decision(Decision(record_id, "title-abstract", "resolver", "exclude"))
    assert "resolver" not in _json(cli("agreement", "--review", team_review, "--json"))["reviewers"]


def test_an_undone_verdict_is_no_verdict(cli: Callable[..., object], team_review: Path) -> None:
    with Review.open(team_review) as review, review._store.transaction():
        review._store.undo_last("cy", "title-abstract")
    data = _json(cli("agreement", "--review", team_review, "--json"))
    assert data["records"] == 3


def test_pilot_decisions_are_compared_at_stage_pilot_only(
    cli: Callable[..., object], team_review: Path
) -> None:
    with Review.open(team_review) as review:
        [record_id] = review.create_pilot(1, seed=1).sample.record_ids
        for name in ("ana", "ben"):
            review.decide(record_id, "include", reviewer=name, stage="pilot")
    pilot = cli("agreement", "--review", team_review, "--stage", "pilot", "--json")
    assert _json(pilot)["records"] == 1
    assert _json(cli("agreement", "--review", team_review, "--json"))["records"] == 4


def test_all_agreeing_on_one_verdict_says_why_kappa_is_undefined(
    cli: Callable[..., object], team_review: Path
) -> None:
    with Review.open(team_review) as review:
        [record_id] = review.create_pilot(1, seed=1).sample.record_ids
        for name in ("ana", "ben"):
            review.decide(record_id, "include", reviewer=name, stage="pilot")
    result = cli("agreement", "--review", team_review, "--stage", "pilot")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "undefined" in result.stdout  # type: ignore[attr-defined]
    assert "Cohen's kappa is undefined: every verdict is 'include'" in result.stderr  # type: ignore[attr-defined]


def test_one_reviewer_only_is_one_line_and_exit_1(
    cli: Callable[..., object], team_review: Path
) -> None:
    with Review.open(team_review) as review:
        review.decide(next(review.records()).id, "include", reviewer="ana", stage="full-text")
    result = cli("agreement", "--review", team_review, "--stage", "full-text")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr.strip() == (  # type: ignore[attr-defined]
        "only one reviewer (ana) decided records here: agreement needs two"
    )


def test_no_decisions_at_a_stage_is_one_line_and_exit_1(
    cli: Callable[..., object], team_review: Path
) -> None:
    result = cli("agreement", "--review", team_review, "--stage", "full-text", "--json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert _json(result)["notes"] == ["no reviewer has decided a record here"]


def test_an_unknown_reviewer_is_named_with_a_suggestion(
    cli: Callable[..., object], team_review: Path
) -> None:
    result = cli("agreement", "--review", team_review, "--reviewers", "ana,bne")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "no decisions by 'bne' at stage title-abstract (did you mean 'ben'?)" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [("--stage", "screening"), ("--maybe-as", "maybe"), ("--reviewers", " , ")],
)
def test_bad_options_are_usage_errors(
    cli: Callable[..., object], team_review: Path, args: tuple[str, str]
) -> None:
    result = cli("agreement", "--review", team_review, *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]


def test_help_names_the_standard_error_and_gives_an_example(cli: Callable[..., object]) -> None:
    result = cli("agreement", "--help")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    text = " ".join(result.stdout.split())  # type: ignore[attr-defined]
    assert "Fleiss, Cohen & Everitt (1969)" in text
    assert "Example: screener agreement" in text
