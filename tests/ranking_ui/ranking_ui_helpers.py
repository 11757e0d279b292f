"""Small reviews for the relevance-order tests: two topics a model tells apart at once.

Odd records are about online grooming by offenders (the review's topic), even ones about
laboratory mice; a model taught one of each should put the rest of the first topic first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from screener.review import Review

CRITERIA = """
[review]
question = "What is known about people who sexually exploit children online?"
"""

CRITERIA_WITH_HIGHLIGHTS = (
    CRITERIA
    + """
[highlight]
include = ["groom*"]
"""
)

ON_TOPIC = (
    "Online grooming of children by offenders: an interview study",
    "Offenders who groom children online: risk factors",
    "Grooming conversations of online offenders with children",
    "Detecting online grooming of children by offenders in chat",
    "Online offenders and the grooming of children: a review",
    "Children groomed online: what offenders said in interviews",
)
OFF_TOPIC = (
    "Laboratory mice and maternal behaviour in cages",
    "Maternal care in laboratory mice: a cage experiment",
    "Cage enrichment for laboratory mice and maternal stress",
    "Laboratory mice in cages: maternal nest building",
    "Maternal behaviour of laboratory mice after cage change",
    "Nest building in cages by maternal laboratory mice",
)
# interleaved: on topic are the odd record ids, off topic the even ones
TITLES = tuple(title for pair in zip(ON_TOPIC, OFF_TOPIC, strict=True) for title in pair)


def on_topic(record_id: int) -> bool:
    return record_id % 2 == 1


def write_records(path: Path, titles: tuple[str, ...] = TITLES, start: int = 1) -> Path:
    """A RIS file, one article per title; the abstract repeats the title's words."""
    lines: list[str] = []
    for n, title in enumerate(titles, start):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Alex",
            "PY  - 2020",
            f"AB  - {title}. {title.lower()}.",
            f"DO  - 10.5555/rank.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def prepare(review_dir: Path, *, criteria: str = CRITERIA, reviewers_per_record: int = 1) -> Path:
    """The review with our criteria and the twelve records; returns its folder."""
    (review_dir / "criteria.toml").write_text(criteria, encoding="utf-8")
    if reviewers_per_record != 1:
        settings = review_dir / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace(
                "reviewers_per_record = 1", f"reviewers_per_record = {reviewers_per_record}"
            ),
            encoding="utf-8",
        )
    with Review.open(review_dir, actor="tester") as review:
        review.import_file(write_records(review_dir.parent / "records.ris"))
    return review_dir


def add_setting(review_dir: Path, text: str) -> None:
    settings = review_dir / "screener.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def run_app(
    review_dir: Path,
    script: Callable[..., Awaitable[None]],
    *,
    reviewer: str = "ana",
    prepare_session: Callable[..., None] | None = None,
) -> None:
    """Open the screening app in the relevance order under Pilot and run `script`."""
    from screener.screening.ui.app import ScreeningApp
    from screener.screening.ui.session import ScreeningSession

    async def main() -> None:
        with Review.open(review_dir, actor=reviewer) as review:
            session = ScreeningSession(review, reviewer=reviewer, order="relevance", seed=3)
            if prepare_session is not None:
                prepare_session(session)
            app = ScreeningApp(session)
            async with app.run_test(size=(100, 30)) as pilot:
                await script(pilot, app)

    asyncio.run(main())


def shown(app, widget_id: str = "record") -> str:
    from textual.widgets import Static

    content = app.query_one(f"#{widget_id}", Static).content
    return getattr(content, "plain", str(content))


async def trained(pilot, app) -> None:
    """Wait for the pause after which a training starts, until no training runs and the
    app has taken its result."""
    from screener.screening.ui.app import PAUSE_BEFORE_TRAINING

    await pilot.pause(PAUSE_BEFORE_TRAINING + 0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()
