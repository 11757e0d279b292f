from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest

from screener.errors import ScreenerError
from screener.model import Record
from screener.store import MIGRATIONS, NewSource, Placement, Store
from screener.store.rows import pack_raw, record_values


def _store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "s.db", create=True)


def test_new_store_is_wal_with_foreign_keys_and_current_schema(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.version == len(MIGRATIONS)
    raw = sqlite3.connect(tmp_path / "s.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_schema_newer_than_it_knows(tmp_path: Path) -> None:
    _store(tmp_path).close()
    raw = sqlite3.connect(tmp_path / "s.db")
    raw.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    raw.close()
    with pytest.raises(ScreenerError, match="newer screener"):
        Store.open(tmp_path / "s.db")


def test_records_round_trip_every_field(tmp_path: Path) -> None:
    record = Record(
        title="Risk factors: a cohort study",
        abstract="Line one.\nLine two.",
        authors=("Müller, Anna", "Ó Súilleabháin, Cian"),
        year=2020,
        journal="Journal of Research",
        volume="12",
        issue="3",
        pages="45-67",
        doi="10.5555/abc",
        pmid="39000001",
        issn="1234-5678",
        isbn="",
        language="en",
        pub_type="article",
        keywords=("online", "prevention"),
        url="https://example.org/a",
        database="PubMed",
        accession="A1",
        key="39000001",
        extra={"MH": ["Humans", "Adolescent"]},
        raw="PMID- 39000001",
        line=7,
    )
    with _store(tmp_path) as store, store.transaction():
        source = store.add_source(NewSource(path="a.nbib", sha256="x", format="medline"))
        store.add_records(source, [record])
    with Store.open(tmp_path / "s.db") as store:
        (back,) = list(store.records())
    assert back == record
    assert back.extra == record.extra and back.raw == record.raw and back.line == 7
    assert back.id == 1 and back.source_id == 1


def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        with pytest.raises(RuntimeError), store.transaction():
            source = store.add_source(NewSource(path="a.ris", sha256="y", format="ris"))
            store.add_records(source, [Record(title="A")])
            raise RuntimeError("injected")
        assert store.sources() == []
        assert store.record_count() == 0


def test_records_must_belong_to_a_source(tmp_path: Path) -> None:
    with _store(tmp_path) as store, pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.add_records(99, [Record(title="orphan")])


def _blocks(data: bytes, texts: list[str]) -> list[tuple[bytes, list[tuple]]]:
    rows, at = [], 0
    for number, text in enumerate(texts, 1):
        record = Record(title=f"Study {number}", key=f"k{number}")
        rows.append((*record_values(record)[:-1], at, at + len(text)))
        at += len(text)
    return [(data, rows)]


def test_raw_texts_come_back_from_a_compressed_block(tmp_path: Path) -> None:
    texts = ["TY  - JOUR\nTI  - Study 1\nER  - \n", "TY  - JOUR\nTI  - Stüdy 2\nER  - \n"]
    (block,) = pack_raw(
        [(*record_values(Record(key=f"k{n}"))[:-1], t) for n, t in enumerate(texts)]
    )
    with _store(tmp_path) as store, store.transaction():
        source = store.add_source(NewSource(path="a.ris", sha256="z", format="ris"))
        store.add_record_blocks(source, [block])
        assert [store.raw_text(n) for n in (1, 2)] == texts


def test_raw_texts_written_by_earlier_versions_as_zlib_still_read(tmp_path: Path) -> None:
    texts = ["PMID- 1\nTI  - First\n", "PMID- 2\nTI  - Sécond\n"]
    data = zlib.compress("".join(texts).encode("utf-8"), 1)
    with _store(tmp_path) as store, store.transaction():
        source = store.add_source(NewSource(path="a.nbib", sha256="w", format="medline"))
        store.add_record_blocks(source, _blocks(data, texts))
        assert [store.raw_text(n) for n in (1, 2)] == texts


@pytest.mark.parametrize("name", ["a.ris", "O'Brien's export.ris", "naïve.ris"])
def test_placement_renames_marked_keys_and_moves_lines_only(tmp_path: Path, name: str) -> None:
    keys = ["\x00#1", "PMID123", "#2", "x\x00#3", "\x00#12"]
    rows = [(*record_values(Record(key=key, line=n))[:-1], "") for n, key in enumerate(keys)]
    (block,) = pack_raw(rows)
    placement = Placement(name, "\x00", ordinals=40, lines=100, database="Scopus")
    with _store(tmp_path) as store, store.transaction():
        source = store.add_source(NewSource(path=name, sha256="p", format="ris"))
        store.add_record_blocks(source, [block], placement)
        records = list(store.records())
    assert [r.key for r in records] == [f"{name}#41", "PMID123", "#2", "x\x00#3", f"{name}#52"]
    assert [r.line for r in records] == [100, 101, 102, 103, 104]
    assert {r.database for r in records} == {"Scopus"}


@pytest.mark.parametrize(
    "extra",
    [
        {"AU": ["García E", 'Smith "J"'], "OT": [], "N1": ["line\nbreak\t\\ ’ 😀"]},
        {"odd": ("a tuple",), "num": [1, 2]},  # not lists of strings: json writes them
    ],
)
def test_extra_is_stored_as_json_writes_it(tmp_path: Path, extra: dict) -> None:
    record = Record(title="A", key="k", extra=extra)
    assert record_values(record)[-2] == json.dumps(extra, ensure_ascii=False)


def _back_to_schema_8(raw: sqlite3.Connection) -> None:
    raw.execute("DROP TABLE coded_values")
    raw.execute("ALTER TABLE sources DROP COLUMN method")
    raw.execute("PRAGMA user_version=8")


def test_a_schema_8_store_gains_source_methods_and_coded_values(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with _store(tmp_path) as store, store.transaction():
        store.add_source(NewSource(path="a.ris", sha256="z", format="ris"))
    raw = sqlite3.connect(path)
    _back_to_schema_8(raw)
    raw.commit()
    raw.close()
    with Store.open(path) as store:
        assert store.version == len(MIGRATIONS)
        [source] = store.sources()
        assert source.method == "database"
        with store.transaction():
            store.add_source(NewSource(path="b.ris", sha256="y", format="ris", method="citation"))
        assert [s.method for s in store.sources()] == ["database", "citation"]


def test_a_schema_7_store_gains_decision_identities_and_a_review_id(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with _store(tmp_path) as store, store.transaction():
        source = store.add_source(NewSource(path="a.ris", sha256="z", format="ris"))
        store.add_records(source, [Record(title="A trial", key="a#1")])
    raw = sqlite3.connect(path)
    _back_to_schema_8(raw)
    raw.execute("DELETE FROM review_meta")
    raw.execute("DROP TABLE review_meta")
    raw.execute("DROP TABLE pilot_records")
    raw.execute("DROP TABLE pilot_rounds")
    raw.execute("DROP TABLE sync_pending")
    raw.execute("DROP INDEX decisions_by_uuid")
    raw.execute("ALTER TABLE decisions DROP COLUMN uuid")
    raw.execute("ALTER TABLE decisions DROP COLUMN criteria_sha256")
    raw.execute("ALTER TABLE decisions DROP COLUMN kind")
    raw.execute(
        "INSERT INTO decisions (record_id, stage, reviewer, verdict, time)"
        " VALUES (1, 'title-abstract', 'ana', 'include', '2026-01-01')"
    )
    raw.execute("PRAGMA user_version=7")
    raw.commit()
    raw.close()
    with Store.open(path) as store:
        assert store.version == len(MIGRATIONS)
        [decision] = store.current_decisions()
        assert (decision.verdict, decision.kind, len(decision.uuid)) == ("include", "decision", 32)
        assert len(store.review_id()) == 32


def test_a_store_whose_tables_are_ahead_of_its_version_is_one_line_and_unchanged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    with _store(tmp_path):
        pass
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version=8")
    raw.commit()
    raw.close()
    with pytest.raises(ScreenerError, match="says schema 8 but its tables do not match"):
        Store.open(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (8,)
    raw.close()
