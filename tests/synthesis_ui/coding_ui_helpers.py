"""Small reviews for the coding tests: included records and a frame with every field kind."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from screener.review import Review

# One field of every kind, two questions; `design` has exactly ten options (0 picks the
# tenth).
FRAME = """
[[question]]
id = "technology"
text = "How do perpetrators use specific technologies?"

[[question]]
id = "targeting"
text = "How do perpetrators identify and target victims?"

[[field]]
id = "design"
kind = "one_of"
label = "Study design"
help = "The design the authors report."
question = ["technology", "targeting"]
options = ["survey", "interviews", "case files", "experiment", "ethnography",
           "content analysis", "mixed methods", "review", "cohort", "other"]

[[field]]
id = "platforms"
kind = "many_of"
label = "Platforms"
question = ["technology"]
options = ["chat", "forums", "social media", "gaming"]

[[field]]
id = "online_only"
kind = "yes_no"
label = "Online-only offending"
question = ["targeting"]

[[field]]
id = "sample"
kind = "number"
label = "Sample size"
unit = "participants"
min = 1

[[field]]
id = "country"
kind = "text"
label = "Country"

[[field]]
id = "finding"
kind = "quote"
label = "Key finding"
question = ["technology"]

[[field]]
id = "quality"
kind = "appraisal"
label = "Weight of evidence"
options = ["high", "medium", "low"]
"""

FIELD_IDS = ("design", "platforms", "online_only", "sample", "country", "finding", "quality")

TITLES = (
    "Online grooming by perpetrators: an interview study",
    "Sextortion offenders and their victims",
    "Platform moderation of self-generated imagery",
    "Risk assessment tools for online offenders",
)


def write_records(path: Path, titles: tuple[str, ...] = TITLES) -> Path:
    lines: list[str] = []
    for n, title in enumerate(titles, 1):
        lines += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{n}, Alex",
            f"AU  - Second{n}, Sam",
            f"PY  - {2015 + n}",
            "T2  - Journal of Online Safety Research",
            f"AB  - Abstract of study {n}: the perpetrators, the platforms and the design.",
            f"DO  - 10.5555/coding.{n}",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def prepare(
    review_dir: Path,
    *,
    frame: str = FRAME,
    titles: tuple[str, ...] = TITLES,
    included: int | None = None,
    coders_per_record: int = 1,
) -> Path:
    """Give the review our frame and records, and include the first `included` records (all
    by default) at both stages; returns the review folder."""
    (review_dir / "coding.toml").write_text(frame, encoding="utf-8")
    if coders_per_record != 1:
        settings = review_dir / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        text = text.replace("coders_per_record = 1", f"coders_per_record = {coders_per_record}")
        if "coders_per_record" not in text:
            text += f"\n[coding]\ncoders_per_record = {coders_per_record}\n"
        settings.write_text(text, encoding="utf-8")
    with Review.open(review_dir, actor="tester") as review:
        review.import_file(write_records(review_dir.parent / "records.ris", titles))
        for record_id in range(1, (included if included is not None else len(titles)) + 1):
            review.decide(record_id, "include", stage="title-abstract", reviewer="tester")
            review.decide(record_id, "include", stage="full-text", reviewer="tester")
    return review_dir


def values(review_dir: Path, coder: str | None = None) -> dict[tuple[int, str], object]:
    """(record, field) -> the current value, of one coder when named."""
    with Review.open(review_dir) as review:
        return {(v.record_id, v.field): v.value for v in review.coded_values(coder=coder)}


def run_app(
    review_dir: Path,
    script: Callable[..., Awaitable[None]],
    *,
    coder: str = "ana",
    status: str | None = None,
    size: tuple[int, int] = (120, 50),
) -> None:
    """Open the coding app on the review under Pilot and run `script(pilot, app)`."""
    from screener.synthesis.ui.app import CodingApp
    from screener.synthesis.ui.session import CodingSession

    async def main() -> None:
        with Review.open(review_dir, actor=coder) as review:
            app = CodingApp(CodingSession(review, coder=coder, status=status))
            async with app.run_test(size=size) as pilot:
                await script(pilot, app)

    asyncio.run(main())


def shown(app, widget_id: str) -> str:
    """The plain text a Static of the app shows."""
    from textual.widgets import Static

    content = app.query_one(f"#{widget_id}", Static).content
    return getattr(content, "plain", str(content))


def focused_field(app) -> str:
    """The id of the field whose widget has the focus."""
    from screener.synthesis.ui.fields import FieldBox

    node = app.focused
    while node is not None and not isinstance(node, FieldBox):
        node = node.parent
    return node.field.id if node is not None else ""
