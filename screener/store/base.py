"""The connection, schema migrations, transactions and the audit log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from screener.errors import ScreenerError
from screener.store.rows import now
from screener.store.schema import MIGRATIONS

_S = TypeVar("_S", bound="StoreBase")
PAGE_SIZE = 65536


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the cursor's INSERT wrote."""
    row_id = cursor.lastrowid
    if row_id is None:  # only before any INSERT on this cursor
        raise RuntimeError("no row was inserted")
    return row_id


class StoreBase:
    """An open SQLite store: connection, schema version, transactions, audit."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls: type[_S], path: Path, *, create: bool = False) -> _S:
        if not create and not path.exists():
            raise ScreenerError("no review store here", file=str(path))
        new = create and not path.exists()
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            if new:
                # Records with their raw text run to 4-8 KB: on 64 KB pages they sit whole
                # in the b-tree instead of half-empty overflow pages, which halves an
                # import's writes. Only a new, empty store can take a page size.
                connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
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

    def __enter__(self: _S) -> _S:
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
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            # Another writer held the store past the busy timeout.
            raise ScreenerError(f"the review store is busy: {error}", file=str(self.path)) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the current transaction that an exception undoes on its own."""
        self._db.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK TO part")
            self._db.execute("RELEASE part")
            raise
        self._db.execute("RELEASE part")

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
