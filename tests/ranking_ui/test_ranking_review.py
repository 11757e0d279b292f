"""The review's side of the relevance order: the cached features, who teaches whose
model, the order before the model can learn, and the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from ranking_ui_helpers import (
    CRITERIA_WITH_HIGHLIGHTS,
    add_setting,
    on_topic,
    prepare,
    write_records,
)

from screener.errors import ScreenerError
from screener.review import Review
from screener.review.feature_cache import cache_path
from screener.screening.ui.session import ScreeningSession


@pytest.fixture
def review(review_dir: Path) -> Path:
    return prepare(review_dir)


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import screener.ranking.features as features

    built: list[int] = []
    real = features.build_features

    def counting(texts):  # type: ignore[no-untyped-def]
        built.append(len(texts))
        return real(texts)

    monkeypatch.setattr(features, "build_features", counting)
    return built


def test_the_feature_matrix_is_built_once_and_read_back_from_its_cache(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _count_builds(monkeypatch)
    with Review.open(review) as opened:
        first = opened.relevance_features()
    with Review.open(review) as opened:
        again = opened.relevance_features()
    assert built == [12]
    assert (again.matrix != first.matrix).nnz == 0
    assert list(again.record_ids) == list(first.record_ids)
    # the cache never travels: its folder ignores itself for git
    assert (cache_path(review).parent / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_feature_matrix_is_rebuilt_when_records_are_imported(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _count_builds(monkeypatch)
    with Review.open(review) as opened:
        opened.relevance_features()
        more = write_records(review.parent / "more.ris", ("Offenders groom children online",), 20)
        opened.import_file(more)
        features = opened.relevance_features()
    assert built == [12, 13]
    assert 13 in features.row_of


def test_a_damaged_cache_is_rebuilt_not_trusted(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Review.open(review) as opened:
        opened.relevance_features()
    cache_path(review).write_bytes(b"not a matrix")
    built = _count_builds(monkeypatch)
    with Review.open(review) as opened:
        assert len(opened.relevance_features()) == 12
    assert built == [12]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _emptied(data: bytes) -> bytes:
    return b""


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


@pytest.mark.parametrize("damage", [_truncated, _emptied, _flipped])
def test_a_cache_cut_short_emptied_or_with_a_flipped_byte_is_rebuilt(
    review: Path, monkeypatch: pytest.MonkeyPatch, damage
) -> None:
    with Review.open(review) as opened:
        opened.relevance_features()
    path = cache_path(review)
    path.write_bytes(damage(path.read_bytes()))
    built = _count_builds(monkeypatch)
    with Review.open(review) as opened:
        assert len(opened.relevance_features()) == 12
    assert built == [12]


def test_a_cache_whose_arrays_do_not_make_its_matrix_is_rebuilt(
    review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy

    with Review.open(review) as opened:
        opened.relevance_features()
    path = cache_path(review)
    with numpy.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["indices"] = arrays["indices"] + 10**6  # beyond the matrix's columns
    with path.open("wb") as stream:
        numpy.savez(stream, **arrays)
    built = _count_builds(monkeypatch)
    with Review.open(review) as opened:
        assert len(opened.relevance_features()) == 12
    assert built == [12]


def test_before_an_include_and_an_exclude_the_highlight_terms_come_first(
    review_dir: Path,
) -> None:
    review = prepare(review_dir, criteria=CRITERIA_WITH_HIGHLIGHTS)
    with Review.open(review) as opened:
        opened.decide(1, "include", reviewer="ana")  # an include alone teaches nothing
        session = ScreeningSession(opened, reviewer="ana", order="relevance", seed=1)
        queue = list(session._pending)
        session.close()
    assert session.ranking is not None and session.ranking.model.scores is None
    grooming = [rid for rid in queue if on_topic(rid)]  # each says groom, grooming or groomed
    assert set(queue[: len(grooming)]) == set(grooming)
    # records without the terms follow in random (seeded) order, not as imported
    rest = queue[len(grooming) :]
    assert rest != sorted(rest)


def _order_of(review: Path, reviewer: str) -> list[int]:
    with Review.open(review, actor=reviewer) as opened:
        session = ScreeningSession(opened, reviewer=reviewer, order="relevance", seed=1)
        queue = list(session._pending)
        scores = session.ranking.model.scores if session.ranking else None
        session.close()
    assert scores is not None
    return queue


def test_another_reviewers_unsettled_verdict_does_not_change_my_order(review_dir: Path) -> None:
    review = prepare(review_dir, reviewers_per_record=2)
    with Review.open(review) as opened:
        for record, verdict in ((1, "include"), (2, "exclude")):
            opened.decide(record, verdict, reviewer="ana")
            opened.decide(record, verdict, reviewer="ben")  # agreed: the team's
        mine = _order_of(review, "ana")
        # ben says the off-topic records are relevant: his alone, awaiting ana
        for record in (4, 6, 8):
            opened.decide(record, "include", reviewer="ben")
        assert _order_of(review, "ana") == mine
        assert opened.ranking_labels("title-abstract") == {1: True, 2: False}
        # once ana agrees on one, it is settled and teaches both models
        opened.decide(4, "include", reviewer="ana")
        assert opened.ranking_labels("title-abstract") == {1: True, 2: False, 4: True}


def test_ranking_can_be_turned_off_in_the_settings(review: Path) -> None:
    add_setting(review, "[ranking]\nenabled = false\n")
    with Review.open(review) as opened:
        opened.decide(1, "include", reviewer="ana")
        opened.decide(2, "exclude", reviewer="ana")
        session = ScreeningSession(opened, reviewer="ana", order="relevance")
        session.close()
    assert session.ranking is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ranking]\nretrain_every = 0\n", "retrain_every must be a whole number"),
        ("[ranking]\nenabled = 'yes'\n", "enabled must be true or false"),
        ("[ranking]\nretrain_evry = 5\n", "did you mean 'retrain_every'"),
        ("[stopping]\nrecall_target = 95\n", "recall_target must be a share above 0"),
        ("[stopping]\nmethod = 'safe'\n", "method must be one of buscar, target"),
    ],
)
def test_a_bad_ranking_or_stopping_setting_is_one_line_with_its_place(
    review: Path, text: str, expected: str
) -> None:
    add_setting(review, text)
    lines = (review / "screener.toml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ScreenerError) as raised:
        Review.open(review).close()
    assert expected in raised.value.message
    assert raised.value.line == len(lines)


def test_stopping_settings_default_to_buscar_at_95_percent(review: Path) -> None:
    with Review.open(review) as opened:
        stopping = opened.settings.stopping
    assert (stopping.method, stopping.recall_target, stopping.confidence) == (
        "buscar",
        0.95,
        0.95,
    )
