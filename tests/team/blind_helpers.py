"""Small reviews screened by a team: synthetic records, two or more reviewers per record."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from screener.review import Review

CRITERIA = """
[review]
question = "Which interventions reduce loneliness in older adults?"

[reasons]
population = "not older adults"
design = "not an intervention study"
"""

TITLES = (
    "Group exercise and loneliness in later life: a randomised trial",
    "Telephone befriending for isolated older people",
    "Soil bacteria in alpine meadows",
    "Intergenerational volunteering and wellbeing",
    "Digital skills courses for retirees",
    "Social prescribing in primary care: a cohort study",
)


def write_records(path: Path, titles: tuple[str, ...] = TITLES) -> Path:
    lines: list[str] = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Robin",
            f"PY  - {2012 + n}",
            "T2  - Journal of Ageing Studies",
            f"AB  - Abstract of study {n} on social connection in older age.",
            f"DO  - 10.5555/team.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def team_review(review_dir: Path, per_record: int = 2, titles: tuple[str, ...] = TITLES) -> Path:
    """The review with our criteria, records and `per_record` reviewers per record."""
    (review_dir / "criteria.toml").write_text(CRITERIA, encoding="utf-8")
    settings = review_dir / "screener.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "reviewers_per_record = 1", f"reviewers_per_record = {per_record}"
        ),
        encoding="utf-8",
    )
    with Review.open(review_dir, actor="lead") as review:
        review.import_file(write_records(review_dir.parent / "records.ris", titles))
    return review_dir


def decide(review_dir: Path, reviewer: str, record: int, verdict: str, **options: str) -> None:
    with Review.open(review_dir, actor=reviewer) as review:
        review.decide(record, verdict, **options)  # type: ignore[arg-type]


def draw_pilot(review_dir: Path, record_ids: list[int]) -> None:
    """A pilot round of these records, as `pilot create` would store it."""
    with Review.open(review_dir, actor="lead") as review:
        store = review._store
        with store.transaction():
            store.add_pilot_round(
                round=1, seed=7, record_ids=record_ids, from_status="title-abstract",
                by_database=False, criteria_sha256="", actor="lead",
            )  # fmt: skip


def run_app(review_dir: Path, session_of: Callable[[Review], object],
            script: Callable[..., Awaitable[None]], reviewer: str) -> None:  # fmt: skip
    """Open the screening app on the session `session_of(review)` and run `script`."""
    from screener.screening.ui.app import ScreeningApp

    async def main() -> None:
        with Review.open(review_dir, actor=reviewer) as review:
            app = ScreeningApp(session_of(review))  # type: ignore[arg-type]
            async with app.run_test(size=(100, 30)) as pilot:
                await script(pilot, app)

    asyncio.run(main())


def shown(app, widget_id: str) -> str:
    from textual.widgets import Static

    content = app.query_one(f"#{widget_id}", Static).content
    return getattr(content, "plain", str(content))
