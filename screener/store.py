"""The review store: the only module that speaks SQL.

SQLite in WAL mode with foreign keys on; the schema version lives in `PRAGMA user_version`
and moves forward through `MIGRATIONS`. Every writing command runs inside one
`Store.transaction()`, so it lands whole or not at all. Nothing is ever deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from screener.errors import ScreenerError
from screener.model import Decision, Record, Source

MIGRATIONS: tuple[str, ...] = (
    # 1: sources, records, audit
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        database TEXT NOT NULL DEFAULT '',
        searched_on TEXT NOT NULL DEFAULT '',
        query TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        record_count INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        line INTEGER NOT NULL DEFAULT 0,
        title TEXT, abstract TEXT, authors TEXT, year INTEGER,
        journal TEXT, volume TEXT, issue TEXT, pages TEXT,
        doi TEXT, pmid TEXT, issn TEXT, isbn TEXT,
        language TEXT, pub_type TEXT, keywords TEXT, url TEXT,
        database TEXT, accession TEXT,
        extra TEXT, raw TEXT
    );
    CREATE INDEX records_by_source ON records(source_id);
    CREATE INDEX records_by_doi ON records(doi) WHERE doi IS NOT NULL;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        details TEXT NOT NULL
    );
    """,
    # 2: duplicate links and the pair review queue, criteria runs, screening decisions
    """
    CREATE TABLE dedupe_runs (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        records INTEGER NOT NULL,
        merged INTEGER NOT NULL,
        possible INTEGER NOT NULL
    );
    CREATE TABLE duplicate_links (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        canonical_id INTEGER NOT NULL REFERENCES records(id),
        run_id INTEGER REFERENCES dedupe_runs(id),
        how TEXT NOT NULL,
        score REAL,
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        undone_at TEXT,
        undone_by TEXT
    );
    CREATE UNIQUE INDEX duplicate_links_active ON duplicate_links(record_id)
        WHERE undone_at IS NULL;
    CREATE INDEX duplicate_links_by_canonical ON duplicate_links(canonical_id);
    CREATE TABLE pair_reviews (
        id INTEGER PRIMARY KEY,
        a_id INTEGER NOT NULL REFERENCES records(id),
        b_id INTEGER NOT NULL REFERENCES records(id),
        score REAL NOT NULL,
        reasons TEXT NOT NULL,
        run_id INTEGER REFERENCES dedupe_runs(id),
        verdict TEXT,
        decided_by TEXT,
        decided_at TEXT
    );
    CREATE INDEX pair_reviews_by_pair ON pair_reviews(a_id, b_id);
    CREATE TABLE criteria_runs (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        criteria_sha256 TEXT NOT NULL,
        criteria TEXT NOT NULL
    );
    CREATE TABLE criteria_results (
        run_id INTEGER NOT NULL REFERENCES criteria_runs(id),
        record_id INTEGER NOT NULL REFERENCES records(id),
        outcome TEXT NOT NULL,
        rule_id TEXT,
        reason TEXT,
        flags TEXT,
        PRIMARY KEY (run_id, record_id)
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        stage TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        time TEXT NOT NULL,
        undoes INTEGER REFERENCES decisions(id)
    );
    CREATE INDEX decisions_by_record ON decisions(record_id, stage, reviewer);
    """,
)

_RECORD_COLUMNS = (
    "source_id, key, line, title, abstract, authors, year, journal, volume, issue, pages, "
    "doi, pmid, issn, isbn, language, pub_type, keywords, url, database, accession, extra, raw"
)
_INSERT_RECORD = (
    f"INSERT INTO records ({_RECORD_COLUMNS}) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT_RECORD = f"SELECT id, {_RECORD_COLUMNS} FROM records"


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _text(value: str) -> str | None:
    return value or None


def _record_row(source_id: int, record: Record) -> tuple:
    return (
        source_id,
        record.key,
        record.line,
        _text(record.title),
        _text(record.abstract),
        json.dumps(record.authors, ensure_ascii=False) if record.authors else None,
        record.year,
        _text(record.journal),
        _text(record.volume),
        _text(record.issue),
        _text(record.pages),
        _text(record.doi),
        _text(record.pmid),
        _text(record.issn),
        _text(record.isbn),
        _text(record.language),
        _text(record.pub_type),
        json.dumps(record.keywords, ensure_ascii=False) if record.keywords else None,
        _text(record.url),
        _text(record.database),
        _text(record.accession),
        json.dumps(record.extra, ensure_ascii=False) if record.extra else None,
        _text(record.raw),
    )


def _record_from_row(row: Sequence) -> Record:
    (
        id_,
        source_id,
        key,
        line,
        title,
        abstract,
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        issn,
        isbn,
        language,
        pub_type,
        keywords,
        url,
        database,
        accession,
        extra,
        raw,
    ) = row
    return Record(
        id=id_,
        source_id=source_id,
        key=key,
        line=line,
        title=title or "",
        abstract=abstract or "",
        authors=tuple(json.loads(authors)) if authors else (),
        year=year,
        journal=journal or "",
        volume=volume or "",
        issue=issue or "",
        pages=pages or "",
        doi=doi or "",
        pmid=pmid or "",
        issn=issn or "",
        isbn=isbn or "",
        language=language or "",
        pub_type=pub_type or "",
        keywords=tuple(json.loads(keywords)) if keywords else (),
        url=url or "",
        database=database or "",
        accession=accession or "",
        extra=json.loads(extra) if extra else {},
        raw=raw or "",
    )


@dataclass(frozen=True, slots=True)
class NewSource:
    path: str
    sha256: str
    format: str
    database: str = ""
    searched_on: str = ""
    query: str = ""


class Store:
    """A review's SQLite store. Open with `Store.open(path)`; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> Store:
        if not create and not path.exists():
            raise ScreenerError("no review store here", file=str(path))
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as error:
            raise ScreenerError(f"cannot open the review store: {error}", file=str(path)) from None
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=30000")
        store = cls(connection, path)
        store._migrate()
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise ScreenerError(
                f"this review was written by a newer screener (schema {current}); upgrade screener",
                file=str(self.path),
            )
        if current == len(MIGRATIONS):
            return
        with self.transaction():
            for version in range(current, len(MIGRATIONS)):
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={len(MIGRATIONS)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside lands, or nothing does."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- sources --------------------------------------------------------------------------

    def source_by_sha256(self, sha256: str) -> Source | None:
        row = self._db.execute(_SELECT_SOURCE + " WHERE sha256 = ?", (sha256,)).fetchone()
        return Source(*row) if row else None

    def add_source(self, source: NewSource) -> int:
        cursor = self._db.execute(
            "INSERT INTO sources (path, sha256, format, database, searched_on, query, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source.path,
                source.sha256,
                source.format,
                source.database,
                source.searched_on,
                source.query,
                now(),
            ),
        )
        return int(cursor.lastrowid)

    def finish_source(
        self, source_id: int, *, records: int, skipped: int, warnings: int, database: str
    ) -> None:
        self._db.execute(
            "UPDATE sources SET record_count = ?, skipped = ?, warnings = ?, database = ?"
            " WHERE id = ?",
            (records, skipped, warnings, database, source_id),
        )

    def sources(self) -> list[Source]:
        return [Source(*row) for row in self._db.execute(_SELECT_SOURCE + " ORDER BY id")]

    # -- records --------------------------------------------------------------------------

    def add_records(self, source_id: int, records: Iterable[Record]) -> int:
        """Insert records of one source; returns how many were written."""
        rows = [_record_row(source_id, record) for record in records]
        self._db.executemany(_INSERT_RECORD, rows)
        return len(rows)

    def record(self, record_id: int) -> Record | None:
        row = self._db.execute(_SELECT_RECORD + " WHERE id = ?", (record_id,)).fetchone()
        return _record_from_row(row) if row else None

    def records(self, ids: Iterable[int] | None = None) -> Iterator[Record]:
        """Records in id order (all, or the given ids), streamed."""
        if ids is None:
            cursor = self._db.execute(_SELECT_RECORD + " ORDER BY id")
            for row in cursor:
                yield _record_from_row(row)
            return
        for record_id in ids:
            found = self.record(record_id)
            if found is not None:
                yield found

    def record_ids(self) -> list[int]:
        return [row[0] for row in self._db.execute("SELECT id FROM records ORDER BY id")]

    def record_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM records").fetchone()[0]

    def records_per_source(self) -> dict[int, int]:
        rows = self._db.execute("SELECT source_id, count(*) FROM records GROUP BY source_id")
        return dict(rows.fetchall())

    # -- screening decisions ----------------------------------------------------------

    def add_decision(self, decision: Decision) -> int:
        """Append one decision row (undo is a row with an empty verdict)."""
        cursor = self._db.execute(
            "INSERT INTO decisions (record_id, stage, reviewer, verdict, reason, note, time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                decision.record_id,
                decision.stage,
                decision.reviewer,
                decision.verdict,
                decision.reason,
                decision.note,
                decision.time or now(),
            ),
        )
        return int(cursor.lastrowid)

    def current_decisions(
        self, stage: str | None = None, reviewer: str | None = None
    ) -> list[Decision]:
        """The latest verdict per (record, stage, reviewer), undone ones left out."""
        where, params = ["d.verdict != ''"], []
        if stage is not None:
            where.append("d.stage = ?")
            params.append(stage)
        if reviewer is not None:
            where.append("d.reviewer = ?")
            params.append(reviewer)
        rows = self._db.execute(
            "SELECT d.record_id, d.stage, d.reviewer, d.verdict, d.reason, d.note, d.time"
            " FROM decisions d JOIN (SELECT max(id) AS id FROM decisions"
            " GROUP BY record_id, stage, reviewer) latest ON d.id = latest.id"
            f" WHERE {' AND '.join(where)} ORDER BY d.id",
            params,
        )
        return [Decision(*row) for row in rows]

    def decision_history(self, record_id: int) -> list[Decision]:
        rows = self._db.execute(
            "SELECT record_id, stage, reviewer, verdict, reason, note, time FROM decisions"
            " WHERE record_id = ? ORDER BY id",
            (record_id,),
        )
        return [Decision(*row) for row in rows]

    def undo_last(self, reviewer: str, stage: str) -> int | None:
        """Cancel `reviewer`'s newest standing decision at `stage`; returns its record id.

        The cancelling row carries the verdict the record had before (or none), and points
        at the row it cancels, so undo can go back any number of steps, across sessions.
        """
        target = self._db.execute(
            "SELECT id, record_id FROM decisions WHERE reviewer = ? AND stage = ?"
            " AND undoes IS NULL AND id NOT IN"
            " (SELECT undoes FROM decisions WHERE undoes IS NOT NULL)"
            " ORDER BY id DESC LIMIT 1",
            (reviewer, stage),
        ).fetchone()
        if target is None:
            return None
        target_id, record_id = target
        before = self._db.execute(
            "SELECT verdict, reason, note FROM decisions WHERE record_id = ? AND stage = ?"
            " AND reviewer = ? AND id < ? ORDER BY id DESC LIMIT 1",
            (record_id, stage, reviewer, target_id),
        ).fetchone() or ("", "", "")
        self._db.execute(
            "INSERT INTO decisions (record_id, stage, reviewer, verdict, reason, note, time,"
            " undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, stage, reviewer, *before, now(), target_id),
        )
        return int(record_id)

    # -- duplicate links and criteria outcomes (read side) ------------------------------

    def active_duplicate_links(self) -> dict[int, int]:
        """record id -> canonical record id, for every record merged into another."""
        rows = self._db.execute(
            "SELECT record_id, canonical_id FROM duplicate_links WHERE undone_at IS NULL"
        )
        return dict(rows.fetchall())

    def latest_criteria_outcomes(self) -> dict[int, tuple[str, str, str]]:
        """record id -> (outcome, rule id, reason) from the newest criteria run."""
        rows = self._db.execute(
            "SELECT record_id, outcome, coalesce(rule_id, ''), coalesce(reason, '')"
            " FROM criteria_results WHERE run_id = (SELECT max(id) FROM criteria_runs)"
        )
        return {record_id: (outcome, rule, reason) for record_id, outcome, rule, reason in rows}

    # -- audit ----------------------------------------------------------------------------

    def log(self, actor: str, command: str, details: dict[str, object]) -> None:
        """Record that `actor` changed the store with `command`; part of the caller's txn."""
        self._db.execute(
            "INSERT INTO audit (time, actor, command, details) VALUES (?, ?, ?, ?)",
            (now(), actor, command, json.dumps(details, ensure_ascii=False, default=str)),
        )

    def audit(self) -> list[tuple[str, str, str, dict[str, object]]]:
        rows = self._db.execute("SELECT time, actor, command, details FROM audit ORDER BY id")
        return [
            (time, actor, command, json.loads(details)) for time, actor, command, details in rows
        ]


_SELECT_SOURCE = (
    "SELECT id, path, sha256, format, database, searched_on, query, imported_at,"
    " record_count, skipped, warnings FROM sources"
)
