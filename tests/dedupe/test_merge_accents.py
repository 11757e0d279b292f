"""The merged record keeps the accents one database's export stripped (Web of Science
writes "Muller" for "Müller", "O Suilleabhain" for "Ó Súilleabháin")."""

from __future__ import annotations

import itertools

import pytest

from screener.dedupe import merge_group
from screener.model import Record

ACCENTED = Record(
    key="pubmed",
    title="Sextortion offenders who target minors: a content analysis of court judgements",
    authors=("Sánchez-Ortega, Mateo", "Ruiz, Carmen", "Ó Súilleabháin, Cian"),
    year=2023,
    journal="Child Abuse and Neglect",
    doi="10.5555/can.2023.1",
)
STRIPPED = Record(
    key="wos",
    title=ACCENTED.title,
    authors=("Sanchez-Ortega, Mateo", "Ruiz, Carmen", "O Suilleabhain, Cian"),
    year=2023,
    journal="Child Abuse and Neglect",
    doi="10.5555/can.2023.1",
)


@pytest.mark.parametrize("order", list(itertools.permutations([ACCENTED, STRIPPED])))
def test_merge_prefers_the_authors_with_their_accents(order: tuple[Record, ...]) -> None:
    assert merge_group(order).authors == ACCENTED.authors


@pytest.mark.parametrize("first_is_accented", [True, False])
def test_merge_prefers_the_title_with_its_accents(first_is_accented: bool) -> None:
    accented = Record(key="a", title="Zürich cohort of help-seeking adults", year=2020)
    stripped = Record(key="b", title="Zurich cohort of help-seeking adults", year=2020)
    pair = [accented, stripped] if first_is_accented else [stripped, accented]
    assert merge_group(pair).title == "Zürich cohort of help-seeking adults"


def test_a_longer_value_still_wins_over_accents() -> None:
    short = Record(key="a", title="Müller cohort", year=2020)
    longer = Record(key="b", title="Muller cohort study", year=2020)
    assert merge_group([short, longer]).title == "Muller cohort study"
