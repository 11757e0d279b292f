"""Small reviews for the screening tests: records with abstracts, reasons and highlights."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from screener.review import Review

CRITERIA = """
[review]
question = "What is known about people who sexually exploit children online?"

[highlight]
include = ["perpetrat*", "groom*"]
exclude = ["animal*", "mice"]

[reasons]
population = "not perpetrators of online-facilitated abuse"
design = "not empirical research"
"""

CRITERIA_WITHOUT_REASONS = """
[review]
question = "What is known about people who sexually exploit children online?"
"""

TITLES = (
    "Online grooming by perpetrators: an interview study",
    "Animal models of attachment in mice",
    "Sextortion offenders and their victims",
    "Help-seeking among people at risk of offending",
    "Platform moderation of self-generated imagery",
    "Risk assessment tools for online offenders",
)


def write_records(path: Path, titles: tuple[str, ...] = TITLES) -> Path:
    """A RIS file: one article per title, each with an abstract, DOI and keyword."""
    lines: list[str] = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Alex",
            f"PY  - {2010 + n}",
            "T2  - Journal of Online Safety Research",
            f"AB  - Abstract of study {n}. " + "A sentence about the design. " * 60,
            "KW  - online safety",
            f"DO  - 10.5555/test.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def prepare(
    review_dir: Path, *, criteria: str = CRITERIA, titles: tuple[str, ...] = TITLES
) -> Path:
    """Give the review our criteria and records; returns the review folder."""
    (review_dir / "criteria.toml").write_text(criteria, encoding="utf-8")
    with Review.open(review_dir, actor="tester") as review:
        review.import_file(write_records(review_dir.parent / "records.ris", titles))
    return review_dir


def decisions(review_dir: Path, stage: str = "title-abstract", reviewer: str | None = None):
    """The current decisions as (record, verdict, reason, note) tuples."""
    with Review.open(review_dir) as review:
        return [
            (d.record_id, d.verdict, d.reason, d.note) for d in review.decisions(stage, reviewer)
        ]


def run_app(
    review_dir: Path,
    script: Callable[..., Awaitable[None]],
    *,
    stage: str = "title-abstract",
    reviewer: str = "ana",
    size: tuple[int, int] = (80, 24),
    **session_options: object,
) -> None:
    """Open the screening app on the review under Pilot and run `script(pilot, app)`."""
    from screener.screening.ui.app import ScreeningApp
    from screener.screening.ui.session import ScreeningSession

    async def main() -> None:
        with Review.open(review_dir, actor=reviewer) as review:
            session = ScreeningSession(
                review, stage=stage, reviewer=reviewer, order="imported", **session_options
            )
            app = ScreeningApp(session)
            async with app.run_test(size=size) as pilot:
                await script(pilot, app)

    asyncio.run(main())


def shown(app, widget_id: str = "record") -> str:
    """The plain text a widget of the app shows."""
    from textual.widgets import Static

    content = app.query_one(f"#{widget_id}", Static).content
    return getattr(content, "plain", str(content))


async def answer(pilot, app, text: str) -> None:
    """Fill the open text prompt with `text` and press Enter (typing key by key is slow)."""
    from textual.widgets import Input

    app.screen.query_one(Input).value = text
    await pilot.press("enter")
