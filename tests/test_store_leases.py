"""The leases table: its migration, and the queries screening sessions claim records with."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from screener.model import Decision, Record
from screener.store import MIGRATIONS, NewSource, Store


def _store_with_records(path: Path, count: int = 3) -> Store:
    store = Store.open(path, create=True)
    with store.transaction():
        source = store.add_source(NewSource("a.ris", "sha", "ris"))
        written = store.add_records(
            source, (Record(title=f"R{n}", key=str(n)) for n in range(count))
        )
        store.finish_source(source, records=written, skipped=0, warnings=0, database="")
    return store


def test_a_store_of_schema_4_gains_the_leases_table_and_keeps_its_decisions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:4]:
        raw.executescript(script)
    raw.execute("PRAGMA user_version=4")
    raw.execute(
        "INSERT INTO sources (id, path, sha256, format, imported_at)"
        " VALUES (1, 'a', 'x', 'ris', '')"
    )
    raw.execute("INSERT INTO records (id, source_id, key) VALUES (1, 1, 'k')")
    raw.execute(
        "INSERT INTO decisions (record_id, stage, reviewer, verdict, time)"
        " VALUES (1, 'title-abstract', 'ana', 'include', '2026-01-01T00:00:00+00:00')"
    )
    raw.close()
    with Store.open(path) as store:
        assert store.version == len(MIGRATIONS)
        assert [d.verdict for d in store.current_decisions()] == ["include"]
        with store.transaction():
            store.take_lease("s1", 1, "title-abstract", "ana", 100.0)
        assert store.leases_elsewhere("title-abstract", "s2", 50.0) == {1: ["ana"]}


def test_a_session_holds_one_lease_and_a_lapsed_one_counts_for_nothing(tmp_path: Path) -> None:
    with _store_with_records(tmp_path / "s.db") as store, store.transaction():
        store.take_lease("s1", 1, "title-abstract", "ana", 100.0)
        store.take_lease("s1", 2, "title-abstract", "ana", 100.0)  # moves the lease
        store.take_lease("s2", 3, "title-abstract", "ben", 10.0)
        assert store.leases_elsewhere("title-abstract", "s3", 50.0) == {2: ["ana"]}
        assert store.leases_elsewhere("full-text", "s3", 50.0) == {}
        assert store.leases_elsewhere("title-abstract", "s1", 5.0) == {3: ["ben"]}
        assert store.renew_lease("s1", 2, 200.0)
        assert not store.renew_lease("s1", 1, 200.0)  # s1 no longer holds record 1
        store.drop_lapsed_leases(50.0)
        store.release_lease("s1")
        assert store.leases_elsewhere("title-abstract", "s3", 0.0) == {}


def test_leases_leave_decisions_alone(tmp_path: Path) -> None:
    with _store_with_records(tmp_path / "s.db") as store, store.transaction():
        store.add_decision(Decision(1, "title-abstract", "ana", "include"))
        store.take_lease("s1", 1, "title-abstract", "ana", 100.0)
        store.release_lease("s1")
        assert [d.record_id for d in store.current_decisions()] == [1]
