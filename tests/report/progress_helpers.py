"""A small review screened by two reviewers over three days, with decisions stamped at the
times we give: for the progress report's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.review import Review

DAY1 = "2026-03-02"
DAY2 = "2026-03-03"
DAY3 = "2026-03-04"


def write_records(path: Path, count: int = 10) -> Path:
    lines: list[str] = []
    for n in range(1, count + 1):
        lines += [
            "TY  - JOUR",
            f"TI  - Volunteering and wellbeing in later life, study {n}",
            f"AU  - Author{n}, Robin",
            "PY  - 2020",
            f"DO  - 10.5555/later.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Clocked:
    """A review whose decisions are stamped with the times we give (noon UTC and after:
    the same day in every time zone from UTC-11 to UTC+11)."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch

    def at(self, when: str) -> Clocked:
        self.monkeypatch.setattr("screener.store.decisions.now", lambda: f"{when}+00:00")
        return self

    def decide(self, reviewer: str, record: int, verdict: str, **options: str) -> None:
        with Review.open(self.folder, actor=reviewer) as review:
            review.decide(record, verdict, **options)  # type: ignore[arg-type]


def clocked_review(review_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Clocked:
    """The review with ten records and two reviewers per record."""
    settings = review_dir / "screener.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("reviewers_per_record = 1", "reviewers_per_record = 2"), encoding="utf-8"
    )
    with Review.open(review_dir, actor="lead") as review:
        review.import_file(write_records(review_dir.parent / "records.ris"))
    return Clocked(review_dir, monkeypatch)


def screen_three_days(clocked: Clocked) -> Clocked:
    """ana screens 8 records over two days, with a two-hour break on the first; ben 3 on the
    second (agreeing on 1 and 3, not on 2); carla resolves 2 on the third; ana includes
    record 1 at full text."""
    day1 = [
        ("12:00:00", 1, "include"), ("12:00:30", 2, "include"), ("12:01:00", 3, "exclude"),
        ("12:01:30", 4, "exclude"), ("14:01:30", 5, "exclude"), ("14:02:10", 6, "include"),
    ]  # fmt: skip
    for time, record, verdict in day1:
        clocked.at(f"{DAY1}T{time}").decide("ana", record, verdict)
    clocked.at(f"{DAY2}T12:00:00").decide("ana", 7, "exclude")
    clocked.at(f"{DAY2}T12:00:20").decide("ana", 8, "exclude")
    clocked.at(f"{DAY2}T12:00:40").decide("ana", 9, "include")
    with Review.open(clocked.folder, actor="ana") as review:
        clocked.at(f"{DAY2}T12:00:50")
        assert review.undo(reviewer="ana") == 9  # undone: no verdict, no pace
    for time, record, verdict in (("13:00:00", 1, "include"), ("13:00:45", 2, "exclude"),
                                  ("13:01:30", 3, "exclude")):  # fmt: skip
        clocked.at(f"{DAY2}T{time}").decide("ben", record, verdict)
    with Review.open(clocked.folder, actor="carla") as review:
        clocked.at(f"{DAY3}T12:00:00")
        review.resolve(2, "exclude", reason="")
    clocked.at(f"{DAY3}T12:30:00").decide("ana", 1, "include", stage="full-text")
    return clocked
