"""Notices beside their articles (screener.dedupe.notices): an erratum, retraction, comment or
reply is never merged with its article, but linked to it, to the best candidate only."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from dedupe_pairs import ARTICLE
from hypothesis import given
from hypothesis import strategies as st

from screener.dedupe import Notice, find_duplicates
from screener.model import Record

ERRATUM = replace(
    ARTICLE,
    title="Erratum: " + ARTICLE.title,
    authors=("Zhai, Q. J.",),
    issue="6",
    pages="512",
    doi="10.1136/jnnp.2010.000111",
    key="erratum",
)


@pytest.mark.parametrize(
    ("notice", "kind"),
    [
        pytest.param(ERRATUM, "erratum", id="an erratum"),
        pytest.param(
            replace(ERRATUM, title=ARTICLE.title + " (vol 81, pg 173, 2010)"),
            "erratum",
            id="an erratum citing its article's volume and page",
        ),
        pytest.param(
            replace(ERRATUM, title="Retraction note: " + ARTICLE.title, year=2013),
            "retraction",
            id="a retraction years later",
        ),
        pytest.param(
            replace(ERRATUM, title="Comment on: " + ARTICLE.title, authors=("Berg, L.",)),
            "comment",
            id="a comment by other authors",
        ),
        pytest.param(
            replace(ERRATUM, title=ARTICLE.title + " - Reply", doi=""), "reply", id="a reply"
        ),
    ],
)
def test_a_notice_beside_its_article_is_linked_never_merged(notice: Record, kind: str) -> None:
    result = find_duplicates([ARTICLE, notice])
    assert result.groups == []
    assert result.notices == [Notice(notice=1, article=0, kind=kind)]


def test_a_notice_is_linked_to_its_best_article_only() -> None:
    # The notice's article, and a conference abstract of it in another journal the next year.
    abstract = replace(
        ARTICLE,
        journal="Cerebrovascular Diseases",
        volume="30",
        issue="Suppl 1",
        pages="S12",
        doi="",
        year=2009,
        pub_type="conference",
        key="abstract",
    )
    result = find_duplicates([abstract, ERRATUM, ARTICLE])
    assert result.notices == [Notice(notice=1, article=2, kind="erratum")]


def test_a_notice_between_two_equal_articles_is_linked_to_neither() -> None:
    # Two letters under one title in one issue by other people: which one the reply answers
    # cannot be told.
    letter = replace(ARTICLE, authors=("Lee, K.",), pages="512-513", doi="", key="lee")
    other = replace(letter, authors=("Wang, P.",), pages="514", key="wang")
    reply = replace(letter, title=letter.title + " - Reply", authors=("Zhai, Q. J.",), pages="515")
    assert find_duplicates([letter, other, reply]).notices == []


def test_a_notice_links_to_one_member_of_a_duplicate_group() -> None:
    medline = replace(ARTICLE, journal="J Neurol Neurosurg Psychiatry", doi="", key="medline")
    result = find_duplicates([ARTICLE, ERRATUM, medline])
    assert result.groups == [[0, 2]]
    assert result.notices == [Notice(notice=1, article=0, kind="erratum")]


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(
            replace(ERRATUM, title="Erratum: Home visits after hip fracture: a cohort study"),
            id="an erratum of another article",
        ),
        pytest.param(
            replace(
                ERRATUM,
                title="Correction: Cognitive rehabilitation after stroke",
                journal="Stroke",
                doi="10.1161/str.0000000000000999",
            ),
            id="a short title in another journal",
        ),
        pytest.param(replace(ERRATUM, year=2004), id="a notice years before the article"),
    ],
)
def test_a_notice_about_something_else_is_not_linked(other: Record) -> None:
    assert find_duplicates([ARTICLE, other]).notices == []


@given(st.sampled_from(["Erratum: ", "Correction to: ", "Retraction: ", "Comment on: "]))
def test_a_notice_and_its_article_never_share_a_group(marker: str) -> None:
    twin = replace(ARTICLE, journal="J Neurol Neurosurg Psychiatry", doi="", key="twin")
    notice = replace(ARTICLE, title=marker + ARTICLE.title, key="notice")
    result = find_duplicates([ARTICLE, notice, twin])
    assert all(1 not in group for group in result.groups)
    assert [n.notice for n in result.notices] == [1]


def _ris(path: Path, records: list[Record]) -> Path:
    lines = []
    for r in records:
        lines += ["TY  - JOUR", f"ID  - {r.key}", f"TI  - {r.title}"]
        lines += [f"AU  - {a}" for a in r.authors]
        lines += [f"PY  - {r.year}", f"JO  - {r.journal}", f"VL  - {r.volume}"]
        lines += [f"IS  - {r.issue}", f"SP  - {r.pages}", f"DO  - {r.doi}", "ER  - "]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_stateless_dedupe_writes_the_notices(tmp_path: Path, cli) -> None:
    source = _ris(tmp_path / "in.ris", [ARTICLE, replace(ERRATUM, pages="512-512")])
    notices = tmp_path / "notices.csv"
    result = cli("dedupe", source, "-o", tmp_path / "out.ris", "--notices", notices, "--json")
    assert result.exit_code == 0, result.stderr
    with notices.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["notice_key"], r["article_key"], r["kind"]) for r in rows] == [
        ("erratum", "a", "erratum")
    ]
    assert '"notices": 1' in result.stdout


def test_stateless_outputs_stay_the_same_with_the_notices(tmp_path: Path, cli) -> None:
    source = _ris(tmp_path / "in.ris", [ARTICLE, ERRATUM])
    outputs = []
    for run, extra in (("plain", []), ("noticed", ["--notices", tmp_path / "n.csv"])):
        out, pairs = tmp_path / f"{run}.ris", tmp_path / f"{run}-pairs.csv"
        result = cli("dedupe", source, "-o", out, "--pairs", pairs, *extra)
        assert result.exit_code == 0, result.stderr
        outputs.append((out.read_bytes(), pairs.read_bytes()))
    assert outputs[0] == outputs[1]
