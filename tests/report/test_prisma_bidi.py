"""A bidirectional control in a database name or a reason (someone else's text) must not
reorder the count drawn after it: the flow's outputs and the terminal table draw names
without them."""

from __future__ import annotations

from pathlib import Path

import pytest
from prisma_counts_helpers import add_search, new_review, screen

from screener.review import Review

pytestmark = pytest.mark.cli

RLO, PDI, LRM = "\u202e", "\u2069", "\u200e"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2067", "\u2068", PDI]
BIDI += [LRM, "\u200f", "\u061c"]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = new_review(tmp_path)
    with Review.open(folder, actor="ana") as review:
        add_search(review, "pubmed.ris", [0, 1, 2, 3], database=f"Pub{RLO}Med")
        add_search(review, "scopus.ris", [4, 5], database=f"Sco{LRM}pus{PDI}")
        review.dedupe()
        review.apply_criteria()
        screen(review, {n: "include" for n in range(6)})
        screen(
            review,
            {0: "exclude", 1: "include", 2: "include", 3: "include", 4: "include", 5: "include"},
            stage="full-text",
            reasons={0: "other"},
            notes={0: f"Adults{RLO} only"},
        )
    return folder


@pytest.mark.parametrize("suffix", [".svg", ".md", ".csv", None])
def test_no_bidi_control_reaches_the_flow(hostile: Path, cli, tmp_path: Path, suffix) -> None:
    if suffix is None:
        result = cli("report", "prisma", "--review", hostile)
        drawn = result.stdout
    else:
        output = tmp_path / f"flow{suffix}"
        result = cli("report", "prisma", "-o", output, "--review", hostile)
        drawn = output.read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    assert not [c for c in BIDI if c in drawn]
    assert "PubMed" in drawn and "Scopus" in drawn and "Adults only" in drawn


def test_no_bidi_control_reaches_the_reasons_table(hostile: Path, cli) -> None:
    result = cli("report", "reasons", "--review", hostile)
    assert result.exit_code == 0, result.stderr
    assert not [c for c in BIDI if c in result.stdout]
    assert "Adults only" in result.stdout
