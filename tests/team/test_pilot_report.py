"""Screening a pilot round and reporting it: decisions kept apart from statuses, the
disagreements, the criteria version each reviewer saw, the target, the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_ris

from screener.errors import ScreenerError
from screener.review import Review

TITLES = [f"Peer tutoring and reading outcomes in primary schools, trial {n}" for n in range(12)]


@pytest.fixture
def review(review_dir: Path, tmp_path: Path):
    with Review.open(review_dir, actor="lead") as opened:
        opened.import_file(write_ris(tmp_path / "a.ris", TITLES))
        opened.create_pilot(6, seed=11)
        yield opened


def screen(review: Review, reviewer: str, verdicts: list[str], reason: str = "") -> None:
    for record_id, verdict in zip(review.pilot_record_ids(), verdicts, strict=True):
        why = reason if verdict == "exclude" else ""
        review.decide(record_id, verdict, stage="pilot", reviewer=reviewer, reason=why)


def test_pilot_decisions_leave_every_status_unchanged(review: Review) -> None:
    before = review.statuses()
    screen(review, "ana", ["include"] * 3 + ["exclude"] * 3)
    screen(review, "ben", ["include"] * 6)
    assert review.statuses() == before
    assert set(before.values()) == {"title-abstract"}
    assert review.queue(stage="title-abstract", reviewer="ana") == sorted(before)


def test_a_pilot_decision_outside_every_round_is_refused(review: Review) -> None:
    outside = next(rid for rid in review.statuses() if rid not in review.pilot_record_ids())
    with pytest.raises(ScreenerError, match=f"record {outside} is in no pilot round"):
        review.decide(outside, "include", stage="pilot", reviewer="ana")
    review.decide(outside, "include", reviewer="ana")  # at title-abstract: any record
    assert [d.stage for d in review.decisions(reviewer="ana")] == ["title-abstract"]


def test_the_report_lists_each_disagreement_with_every_verdict_and_reason(
    review: Review,
) -> None:
    screen(review, "ana", ["include", "include", "exclude", "exclude", "include", "maybe"])
    screen(review, "ben", ["include", "exclude", "exclude", "include", "include", "maybe"], "other")
    report = review.pilot_report()
    sample = review.pilot_record_ids()
    assert [d.record_id for d in report.disagreements] == [sample[1], sample[3]]
    second = report.disagreements[0]
    assert [(v.reviewer, v.verdict, v.reason) for v in second.verdicts] == [
        ("ana", "include", ""),
        ("ben", "exclude", "other"),
    ]
    assert second.title in TITLES
    assert report.figures is not None and report.figures.records == 6
    assert report.figures.percent == pytest.approx(4 / 6)
    assert [(p.reviewer, p.screened, p.of) for p in report.progress] == [
        ("ana", 6, 6),
        ("ben", 6, 6),
    ]


def test_the_report_names_the_criteria_version_each_reviewer_saw(review: Review) -> None:
    screen(review, "ana", ["include"] * 6)
    first = review.criteria_sha256()
    with review.criteria_path.open("a", encoding="utf-8") as criteria:
        criteria.write("\n# the population is pupils of primary-school age\n")
    second = review.criteria_sha256()
    assert first != second
    sample = review.pilot_record_ids()
    for record_id in sample[:2]:
        review.decide(record_id, "include", stage="pilot", reviewer="ben")
    with review.criteria_path.open("a", encoding="utf-8") as criteria:
        criteria.write("# a school setting only\n")
    for record_id in sample[2:]:
        review.decide(record_id, "include", stage="pilot", reviewer="ben")
    report = review.pilot_report()
    seen = {c.reviewer: c for c in report.criteria}
    assert seen["ana"].versions == ((first, 6),)
    assert not seen["ana"].spans_versions
    assert seen["ben"].versions == ((second, 2), (review.criteria_sha256(), 4))
    assert seen["ben"].spans_versions
    shown = report.as_json()["criteria"]
    assert isinstance(shown, dict)
    ana = shown["reviewers"][0]["versions"][0]
    assert ana == {"sha256": first, "short": first[:12], "current": False, "decisions": 6}


def test_two_rounds_are_compared_side_by_side(review: Review) -> None:
    screen(review, "ana", ["include", "exclude"] * 3)
    screen(review, "ben", ["include", "include", "exclude", "exclude", "include", "exclude"])
    review.create_pilot(6, seed=12)
    screen(review, "ana", ["include", "exclude"] * 3)
    screen(review, "ben", ["include", "exclude"] * 3)
    report = review.pilot_report()
    assert report.round.round == 2
    assert [(f.round, f.records) for f in report.rounds] == [(1, 6), (2, 6)]
    assert report.rounds[0].percent == pytest.approx(4 / 6)
    assert report.rounds[1].percent == 1.0 and report.rounds[1].kappa == 1.0
    assert review.pilot_report(1).round.round == 1
    with pytest.raises(ScreenerError, match=r"no pilot round 3 \(rounds: 1, 2\)"):
        review.pilot_report(3)


# -- the command line -----------------------------------------------------------------


def target(review_dir: Path, kappa: float) -> None:
    settings = review_dir / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + f"\n[pilot]\nkappa_target = {kappa}\n", encoding="utf-8")


@pytest.fixture
def screened(review_dir: Path, tmp_path: Path, cli) -> Path:
    """Round 1 of 6 records, screened by ana and ben; they disagree on two (kappa 1/3)."""
    cli("import", write_ris(tmp_path / "a.ris", TITLES), "--review", review_dir)
    result = cli("pilot", "create", "--size", "6", "--seed", "4", "--json", "--review", review_dir)
    assert result.exit_code == 0, result.stderr
    sample = json.loads(result.stdout)["records"]
    ana = ["include", "include", "exclude", "exclude", "include", "exclude"]
    ben = ["include", "exclude", "exclude", "include", "include", "exclude"]
    for who, verdicts in (("ana", ana), ("ben", ben)):
        for record_id, verdict in zip(sample, verdicts, strict=True):
            result = cli(
                "decide", record_id, verdict, "--stage", "pilot", "--reviewer", who,
                "--review", review_dir,
            )  # fmt: skip
            assert result.exit_code == 0, result.stderr
    return review_dir


def test_pilot_create_prints_the_seed_it_chose(review_dir: Path, tmp_path: Path, cli) -> None:
    cli("import", write_ris(tmp_path / "a.ris", TITLES), "--review", review_dir)
    result = cli("pilot", "create", "--size", "4", "--review", review_dir)
    assert result.exit_code == 0
    with Review.open(review_dir) as review:
        seed = review.pilot_rounds()[0].seed
    assert f"--seed {seed} draws it again" in result.stderr


def test_pilot_report_shows_figures_progress_criteria_and_disagreements(
    screened: Path, cli
) -> None:
    result = cli("pilot", "report", "--review", screened)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "66.7% agreement" in text and "Cohen's κ 0.33" in text
    assert "Progress: ana 6/6, ben 6/6" in text
    assert "(current, 6 decisions)" in text
    assert "Disagreements: 2" in text
    assert all(len(line) <= 80 for line in text.splitlines())


@pytest.mark.parametrize(("kappa", "code"), [(0.6, 1), (0.3, 0)])
def test_fail_under_exits_1_below_the_target_and_0_at_or_above(
    screened: Path, cli, kappa: float, code: int
) -> None:
    target(screened, kappa)
    result = cli("pilot", "report", "--fail-under", "--json", "--review", screened)
    assert result.exit_code == code
    assert json.loads(result.stdout)["kappa_target"] == kappa
    if code:
        assert result.stderr.strip() == "κ 0.33 is below the target 0.60 of screener.toml."


def test_fail_under_without_a_target_names_the_setting(screened: Path, cli) -> None:
    result = cli("pilot", "report", "--fail-under", "--review", screened)
    assert result.exit_code == 2
    assert "kappa_target under [pilot] in screener.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("pilot", "create", "--size", "0"), 2, "at least 1 record, not 0"),
        (("pilot", "create", "--size", "500"), 1, "larger than the 12 records"),
        (("pilot", "create", "--size", "3", "--by", "journal"), 2, "unknown value 'journal'"),
        (("pilot", "report", "--round", "7"), 1, "no pilot round 7 (rounds: 1)"),
        (("decide", "99", "include", "--stage", "pilot"), 1, "no record with id 99"),
    ],
)
def test_bad_input_is_one_line(screened: Path, cli, args, code: int, message: str) -> None:
    result = cli(*args, "--review", screened)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_target_names_its_line(screened: Path, cli) -> None:
    target(screened, 1.5)
    result = cli("pilot", "report", "--review", screened)
    assert result.exit_code == 1
    assert "screener.toml:" in result.stderr and "kappa_target must be" in result.stderr


def test_pilot_decisions_from_a_csv_outside_the_sample_are_refused_whole(
    screened: Path, tmp_path: Path, cli
) -> None:
    with Review.open(screened) as review:
        inside = review.pilot_record_ids()[0]
        outside = next(r for r in review.statuses() if r not in review.pilot_record_ids())
        before = len(review.decisions(stage="pilot"))
    rows = tmp_path / "pilot.csv"
    rows.write_text(
        f"record,verdict,reviewer,stage\n{inside},include,cy,pilot\n{outside},include,cy,pilot\n",
        encoding="utf-8",
    )
    result = cli("decide", "--from", rows, "--review", screened)
    assert result.exit_code == 1
    assert f"record {outside} is in no pilot round" in result.stderr
    with Review.open(screened) as review:
        assert len(review.decisions(stage="pilot")) == before


def test_the_report_of_a_second_round_sets_the_rounds_side_by_side(screened: Path, cli) -> None:
    result = cli("pilot", "create", "--size", "6", "--seed", "5", "--review", screened)
    assert result.exit_code == 0
    assert "6 records drawn from 12 records" in result.stderr
    with Review.open(screened) as review:
        assert not set(review.pilot_record_ids(1)) & set(review.pilot_record_ids(2))
        for who in ("ana", "ben"):
            for record_id in review.pilot_record_ids(2):
                review.decide(record_id, "include", stage="pilot", reviewer=who)
    result = cli("pilot", "report", "--review", screened)
    lines = result.stdout.splitlines()
    rounds = lines[lines.index("Rounds:") + 1 :]
    assert rounds[1].split() == ["1", "6", "66.7%", "0.33"]
    assert rounds[2].split() == ["2", "6", "100.0%", "-"]  # all agree on one verdict: κ undefined
