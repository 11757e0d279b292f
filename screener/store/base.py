"""The connection, schema migrations, transactions and the audit log."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from screener.errors import ScreenerError, StoreGone, StoreReadOnly
from screener.store.guard import GuardedConnection, read_only_message
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


# Ids per "IN (...)" query: under SQLite's oldest limit of 999 parameters.
IN_CHUNK = 900


def rows_with_ids(
    db: sqlite3.Connection | GuardedConnection, select: str, column: str, ids: Iterable[int]
) -> Iterator[tuple]:
    """The rows of `select` whose `column` is one of `ids`: a few queries for thousands of
    ids, each id asked once; rows in no particular order."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        yield from db.execute(f"{select} WHERE {column} IN ({marks})", chunk)


class StoreBase:
    """An open SQLite store: connection, schema version, transactions, audit."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False
    ) -> None:
        self._db = connection
        self.path = path
        # Opened read-only because its folder (or file system) cannot be written: reading
        # works, a transaction is refused in one line.
        self.read_only = read_only

    @classmethod
    def open(cls: type[_S], path: Path, *, create: bool = False) -> _S:
        """Open the store at `path`; only `create` makes one where there is none (or an empty
        file), else StoreGone. A store its process cannot write opens read-only."""
        if not create:
            _refuse_gone(path)
        new = create and not (path.exists() and path.stat().st_size)
        read_only = not new and not _writable(path)
        connection = _connect(path, read_only=read_only)
        try:
            if new:
                # Records with their raw text run to 4-8 KB: on 64 KB pages they sit whole
                # in the b-tree instead of half-empty overflow pages, which halves an
                # import's writes. Only a new, empty store can take a page size.
                connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
            if not read_only:
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=30000")
            store = cls(connection, path, read_only=read_only)
            store._migrate()
        except BaseException:
            connection.close()
            raise
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
        if self.read_only:
            raise StoreReadOnly(
                f"the review store needs upgrading to schema {len(MIGRATIONS)}, and its folder"
                " is read-only: open it once with a folder this screener can write",
                file=str(self.path),
            )
        try:
            with self.transaction():
                for version in range(current, len(MIGRATIONS)):
                    for statement in MIGRATIONS[version].split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
        except sqlite3.OperationalError as error:
            # A store whose tables are ahead of, or apart from, the version it states (edited
            # by hand, or restored in part) cannot be brought forward step by step.
            raise ScreenerError(
                f"the review store says schema {current} but its tables do not match it"
                f" ({error}); nothing was changed: restore the store from a backup",
                file=str(self.path),
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside lands, or nothing does."""
        if self._db.in_transaction:
            yield
            return
        if self.read_only:
            raise StoreReadOnly(read_only_message(), file=str(self.path.parent))
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._undo("ROLLBACK")
            raise

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the current transaction that an exception undoes on its own."""
        self._db.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            self._undo("ROLLBACK TO part", "RELEASE part")
            raise
        self._db.execute("RELEASE part")

    def _undo(self, *statements: str) -> None:
        """Roll back after a failure, which stays the error to report. On a full disk or an
        I/O error SQLite may have rolled the whole transaction back itself already, and
        a rollback that fails as well leaves it to closing the connection."""
        if not self._db.in_transaction:
            return
        try:
            for statement in statements:  # unguarded: its failure is not the one to explain
                sqlite3.Connection.execute(self._db, statement)
        except sqlite3.Error:
            pass

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


def _refuse_gone(path: Path) -> None:
    """StoreGone for a missing or empty store file: opening it would make a new, empty
    review in its place ("0 records from 0 sources") and hide the loss."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as error:
        raise ScreenerError(
            f"cannot open the review store: {error.strerror}", file=str(path)
        ) from None
    if size:
        return
    state = "is missing" if size is None else "is empty (0 bytes)"
    raise StoreGone(
        f"the review's store is gone: the file {state}; restore it from a backup"
        " (only 'screener init' makes a new store, in a new folder)",
        file=str(path),
    )


def _writable(path: Path) -> bool:
    """Whether this process may write the store and, for its WAL and shared-memory files,
    its folder. access() says no on a read-only file system, even to root."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _connect(path: Path, *, read_only: bool) -> GuardedConnection:
    if not read_only:
        return _connected(path, path)
    # Reading a WAL store takes its shared-memory file, which a read-only folder cannot
    # gain. Where one is there (a writer with permission has the store open) the store is
    # read through it. Without one, and with no WAL file holding changes (the last writer
    # closed cleanly), the store is all in screener.db and opens as immutable: no locks,
    # no shared memory. (Were a writer with permission to start meanwhile and checkpoint
    # into screener.db, this reader would not know; it could never have locked it out.)
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if pending or path.with_name(path.name + "-shm").exists():
        connection = _connected(path, f"{path.resolve().as_uri()}?mode=ro")
        try:
            sqlite3.Connection.execute(connection, "SELECT count(*) FROM sqlite_schema")
            return connection
        except sqlite3.Error:
            connection.close()
        if pending:
            raise StoreReadOnly(
                f"the review folder is read-only and {wal.name} holds changes not yet in"
                f" {path.name}: open the review once with a folder this screener can write",
                file=str(path),
            )
    return _connected(path, f"{path.resolve().as_uri()}?mode=ro&immutable=1")


def _connected(path: Path, target: Path | str) -> GuardedConnection:
    connection = sqlite3.connect(
        target,
        uri=isinstance(target, str),
        isolation_level=None,
        timeout=30.0,
        factory=GuardedConnection,
    )
    connection.path = path
    return connection
