"""Small reviews for the synthesis tests: a frame with every field kind, included studies."""

from __future__ import annotations

from pathlib import Path

from conftest import write_ris

from screener.review import Review

# One field of every kind, each answering one of two questions or none (study level).
FRAME = """\
[[question]]
id = "technologies"
text = "How do perpetrators use specific technologies?"

[[question]]
id = "pathways"
text = "What pathways into offending does the research describe?"

[[field]]
id = "design"
kind = "one_of"
label = "Study design"
help = "The design the authors report."
options = ["survey", "interviews", "case files"]

[[field]]
id = "platforms"
kind = "many_of"
label = "Platforms"
question = ["technologies"]
options = ["social media", "messaging apps", "online gaming"]

[[field]]
id = "peers"
kind = "yes_no"
label = "Children perpetrating against peers"
question = "pathways"

[[field]]
id = "sample_size"
kind = "number"
label = "Sample size"
unit = "participants"
min = 0

[[field]]
id = "country"
kind = "text"
label = "Country"

[[field]]
id = "finding"
kind = "quote"
label = "Finding on technologies"
question = ["technologies", "pathways"]

[[field]]
id = "weight"
kind = "appraisal"
label = "Weight of evidence"
options = ["high", "medium", "low"]
"""

TITLES = (
    "Online grooming by perpetrators: an interview study",
    "Sextortion offenders and their victims: case file analysis",
    "Help-seeking among people at risk of offending online",
    "Platform moderation of self-generated imagery",
    "Risk assessment tools for online offenders",
    "Peer-on-peer image sharing among adolescents",
)


def coding_review(
    tmp_path: Path,
    *,
    included: int = 4,
    coders_per_record: int = 1,
    frame: str = FRAME,
) -> Path:
    """A review of six records, the first `included` of them included (both stages), the
    fifth at full text, the sixth excluded at title and abstract; `frame` as coding.toml."""
    folder = tmp_path / "review"
    with Review.create(folder, title="Coding test", actor="lead") as review:
        review.import_file(write_ris(tmp_path / "hits.ris", list(TITLES)))
        for record_id in range(1, included + 1):
            review.decide(record_id, "include")
            review.decide(record_id, "include", stage="full-text")
        review.decide(5, "include")
        review.decide(6, "exclude")
    (folder / "coding.toml").write_text(frame, encoding="utf-8")
    if coders_per_record != 1:
        settings = folder / "screener.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("coders_per_record = 1", f"coders_per_record = {coders_per_record}"),
            encoding="utf-8",
        )
    return folder


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
