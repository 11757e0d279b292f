"""SQLite's failures as the user's problem, in one line: a damaged, full, read-only or busy
store.

The store's connection is a `GuardedConnection`: a statement it runs, or a row its cursors
hand out, that fails with a sqlite3 error raises a ScreenerError naming the store file
instead. A failure that damaged pages may explain is checked with `PRAGMA quick_check`
first, so that a damaged store says so, and how to recover it, rather than failing one
command after another with "database disk image is malformed" deep in a traceback.
"""

from __future__ import annotations

import enum
import sqlite3
from pathlib import Path
from typing import Any, NoReturn

from screener.errors import ScreenerError, StoreDamaged, StoreReadOnly


class Failure(enum.Enum):
    """What a sqlite3 error says about the store."""

    BUSY = "another writer held the store past the busy timeout"
    READ_ONLY = "the store cannot be written"
    FULL = "a write found no room"
    CANNOT_OPEN = "the file or its folder cannot be opened (gone, or no permission)"
    WRITE = "a write failed (EIO, or EFBIG past a file size limit)"
    DAMAGED = "SQLite found damaged pages"
    MAYBE_DAMAGED = "any other failure of the database; quick_check tells"
    MISUSE = "a closed connection or a wrong parameter: a bug, not the store's doing"


# SQLite's primary result codes (the low byte of an extended one): sqlite.org/rescode.html
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_FAILURES = {
    _BUSY: Failure.BUSY,
    _LOCKED: Failure.BUSY,
    _READONLY: Failure.READ_ONLY,
    _IOERR: Failure.WRITE,
    _CORRUPT: Failure.DAMAGED,
    _FULL: Failure.FULL,
    _CANTOPEN: Failure.CANNOT_OPEN,
    _NOTADB: Failure.DAMAGED,
}
# I/O errors that are reads: damaged media, perhaps, for quick_check to look at.
_IOERR_READS = (266, 522)  # SQLITE_IOERR_READ, SQLITE_IOERR_SHORT_READ
# Python 3.10 gives no codes: the messages SQLite gives for them.
_MESSAGES = {
    "database is locked": _BUSY,
    "database table is locked": _LOCKED,
    "attempt to write a readonly database": _READONLY,
    "disk I/O error": _IOERR,
    "database disk image is malformed": _CORRUPT,
    "database or disk is full": _FULL,
    "unable to open database file": _CANTOPEN,
    "file is not a database": _NOTADB,
}
# What a failure of the store (not of its pages) says, in one line.
_SAYS = {
    Failure.BUSY: "the review store is busy: another screener is writing to it ({error})",
    Failure.FULL: "cannot write the review store: the disk is full ({error})",
    Failure.CANNOT_OPEN: "cannot open the review store: {error}",
    Failure.WRITE: "cannot write the review store: {error} (is the disk full?)",
}
_CHECKED_ROWS = 3  # quick_check lines worth a look; the first goes in the message


def failure(error: sqlite3.Error) -> Failure:
    """The kind of `error`, from its SQLite result code (its message on Python 3.10)."""
    if isinstance(error, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return Failure.MISUSE
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        code = _MESSAGES.get(str(error), 0)
    if code in _IOERR_READS:
        return Failure.MAYBE_DAMAGED
    return _FAILURES.get(code & 0xFF, Failure.MAYBE_DAMAGED)


def damage(connection: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA quick_check` finds, or None when it finds none (or cannot
    run, which leaves the question open)."""
    found: list[str] = []
    try:
        cursor = sqlite3.Connection.execute(connection, f"PRAGMA quick_check({_CHECKED_ROWS})")
        # Row by row: the check may name a damaged page, then fail on the next one.
        while (row := cursor.fetchone()) is not None:
            # A row may hold several lines, under a "*** in database main ***" heading.
            found += [line for line in row[0].splitlines() if line not in ("ok", "")]
            found = [line for line in found if not line.startswith("*** ")]
    except sqlite3.DatabaseError as error:
        if not found and failure(error) is Failure.DAMAGED:
            found.append(str(error))
    return found[0] if found else None


def explain(error: sqlite3.Error, connection: sqlite3.Connection, path: Path) -> Exception:
    """The ScreenerError to raise for `error` on the store at `path`; `error` itself when it
    is a bug in screener rather than anything wrong with the store."""
    kind = failure(error)
    if kind is Failure.MISUSE:
        return error
    if kind is Failure.READ_ONLY:
        return StoreReadOnly(read_only_message(), file=str(path.parent))
    if kind in _SAYS:
        return ScreenerError(_SAYS[kind].format(error=error), file=str(path))
    found = damage(connection)
    if found is None and kind is Failure.MAYBE_DAMAGED:
        return error
    return StoreDamaged(damaged_message(path, found or str(error)), file=str(path))


def read_only_message() -> str:
    return "the review folder is read-only, and this command changes the review"


def damaged_message(path: Path, found: str) -> str:
    name = path.name
    return (
        f"the review store is damaged ({found}); recover what it holds with"
        f" 'sqlite3 {name} .recover | sqlite3 recovered.db' and put recovered.db in its place"
    )


class GuardedCursor(sqlite3.Cursor):
    """A cursor whose statements and rows raise ScreenerError for the store's failures."""

    connection: GuardedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as error:
            self.connection.fail(error)

    def executemany(self, sql: str, parameters: Any, /) -> GuardedCursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as error:
            self.connection.fail(error)

    def __next__(self) -> Any:
        # Damaged pages in the middle of a table show only when a scan reaches them.
        try:
            return super().__next__()
        except sqlite3.Error as error:
            self.connection.fail(error)

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as error:
            self.connection.fail(error)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as error:
            self.connection.fail(error)

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as error:
            self.connection.fail(error)


class GuardedConnection(sqlite3.Connection):
    """The store's connection (`sqlite3.connect(..., factory=GuardedConnection)`); `path`
    is the store file its errors name."""

    path: Path

    def cursor(self, factory: Any = GuardedCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> GuardedCursor:
        return self.cursor().executemany(sql, parameters)

    def fail(self, error: sqlite3.Error) -> NoReturn:
        """Raise what `error` means for the store (see `explain`)."""
        explained = explain(error, self, self.path)
        if explained is error:
            raise error
        raise explained from error
