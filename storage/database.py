"""The connection, its settings, and the one transaction boundary of the bot.

One connection serves the whole process; an asyncio lock serialises units of work, so a
reader never sees another coroutine's uncommitted writes. Each tenant's view of the
database (`Database.scoped`) shares that connection and that lock. SQLite is the embedded default;
a structure serving many communes gives a PostgreSQL URL instead (`[storage] url`), and
the same repositories run on it (`storage/connection.py`).

An erasure (`!oublier`, the retention purge) must leave nothing readable on disk, not
only nothing in the tables. On SQLite, `secure_delete` zeroes what a DELETE or an UPDATE
frees, in the page and in freed pages; the old versions of those pages still sit in the
WAL until a checkpoint, so a unit of work that erased truncates the WAL once it has
committed. PostgreSQL has no such setting: erased rows are gone from every query at once,
and their bytes from the data files when VACUUM reuses the space (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
import asyncpg

from .bots import adopt
from .connection import (
    DATABASE_ERRORS,
    Connection,
    PostgresConnection,
    Row,
    SqliteConnection,
    is_disconnect,
    is_transient,
)
from .errors import StorageError, UnitOfWorkLost
from .migrations import migrate
from .scope import DEFAULT_TENANT
from .session import Session

__all__ = ["Database", "Session", "StorageError", "UnitOfWorkLost", "connect"]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_T = TypeVar("_T")


class _Connections:
    """What one process holds once, whatever the scope: the connections, the lock that
    serialises units of work, and the state of the WAL's wipe."""

    def __init__(self, conn: Connection, reader: Connection) -> None:
        self.conn = conn
        self.reader = reader
        self.begin = "BEGIN IMMEDIATE" if conn.dialect == "sqlite" else "BEGIN"
        self.lock = asyncio.Lock()
        # Held by each read on the reader and by the WAL wipe, which a read in progress
        # would hold up (it may be reading an older snapshot from the WAL).
        self.reading = asyncio.Lock()
        self.wipe_pending = False

    async def close(self) -> None:
        await self.reader.close()
        await self.conn.close()

    async def wipe_wal(self) -> None:
        """Copy the WAL into the database file and truncate it to nothing, so that the old
        page versions holding what was just erased are gone from the disk (the database
        file itself was cleared by secure_delete). No writer can run meanwhile (we hold the
        write lock), nor a read of ours; a reader of another process (a backup, the
        sqlite3 shell) may hold the checkpoint up: then it is tried again after the next
        unit of work, and a clean stop checkpoints anyway. The erasure has committed: a
        failure here is logged, never raised."""
        try:
            async with self.reading:
                row = await self.conn.one("PRAGMA wal_checkpoint(TRUNCATE)")
        except DATABASE_ERRORS as exc:
            row, error = None, str(exc)
        else:
            error = "no result"
        if row is not None:
            busy, frames, checkpointed = row  # frames in the WAL, and those copied
            if not busy:
                if self.wipe_pending:
                    log.info("erased data wiped from the WAL at last")
                self.wipe_pending = False
                return
            error = f"busy ({checkpointed} of {frames} WAL frames copied)"
        if not self.wipe_pending:
            log.warning("erased data may remain in the WAL until the next write: %s", error)
        self.wipe_pending = True


class Database:
    """Owns the connections; hands out sessions for reads and atomic writes, scoped to one
    tenant and one bot. `open` gives the default scope (tenant `default`, bot ''): a
    single commune's installation, and every caller that does not name a scope; `scoped`
    gives a view of another scope on the same connections, lock and reader."""

    def __init__(
        self, connections: _Connections, organisation: str = DEFAULT_TENANT, bot: str = ""
    ) -> None:
        self._shared = connections
        self.dialect = connections.conn.dialect
        self._session = Session(connections.conn, organisation, bot)
        self._committed = Session(connections.reader, organisation, bot)
        self.organisation = self._session.organisation
        self.bot = bot

    @classmethod
    async def open(cls, target: Path | str) -> Database:
        """Open a SQLite file (created readable by its owner only) or a PostgreSQL URL
        (`postgresql://…`); bring the schema up to date."""
        if isinstance(target, str) and is_postgresql_url(target):
            return await cls._open_postgresql(target)
        path = Path(target)
        await asyncio.to_thread(_create_private, path)
        raw = await connect(path)
        try:
            conn = SqliteConnection(raw)
            await migrate(conn)
            reader = SqliteConnection(await connect(path, read_only=True))
        except BaseException:
            await raw.close()
            raise
        return cls(_Connections(conn, reader))

    @classmethod
    async def _open_postgresql(cls, url: str) -> Database:
        conn = await ReconnectingPostgres.open(url)
        try:
            await migrate(conn)
            reader = await ReconnectingPostgres.open(url)
        except BaseException:
            await conn.close()
            raise
        return cls(_Connections(conn, reader))

    def scoped(self, organisation: str, bot: str) -> Database:
        """The same database seen by one tenant served by one bot: what the handlers and
        jobs of that tenant are given. Its units of work queue behind every other view's;
        close only the database that was opened."""
        return Database(self._shared, organisation, bot)

    async def adopt(self, bot: str) -> int:
        """Make the rows of no bot (bot '': a database written before bots were named,
        or by the default scope) this bot's, in one unit of work; how many moved. A
        single commune's bot calls it at start, so its upgraded database keeps working;
        idempotent."""
        async with self.transaction() as session:
            return await adopt(session.conn, bot)

    async def close(self) -> None:
        await self._shared.close()

    @asynccontextmanager
    async def committed(self) -> AsyncIterator[Session]:
        """What is committed, read on a connection of its own, without waiting for the
        units of work queued on the main one: under load, the outbox sender would wait
        for a whole sync batch of other agents' answers before sending the first reply.
        Reads only, one statement at a time (no consistency across statements); never
        open a unit of work inside."""
        async with self._shared.reading:
            yield self._committed

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Session]:
        """A consistent view: waits for any unit of work in progress."""
        async with self._shared.lock:
            yield self._session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        """All or nothing: commit on success, roll back on any exception. After a unit of
        work that erased personal data, the WAL is wiped before the next one begins."""
        shared = self._shared
        async with shared.lock:
            self._session.erased = False
            try:
                await shared.conn.execute(shared.begin)
            except DATABASE_ERRORS as exc:
                raise StorageError(str(exc)) from exc
            try:
                yield self._session
            except DATABASE_ERRORS as exc:
                await self._rollback_quietly()
                if is_transient(exc):  # disk full, locked, I/O, the server gone: retry later
                    raise StorageError(str(exc)) from exc
                raise
            except BaseException:
                await self._rollback_quietly()
                raise
            try:
                await shared.conn.execute("COMMIT")
            except DATABASE_ERRORS as exc:
                await self._rollback_quietly()
                raise StorageError(str(exc)) from exc
            if self.dialect == "sqlite" and (self._session.erased or shared.wipe_pending):
                await shared.wipe_wal()

    async def _rollback_quietly(self) -> None:
        with suppress(*DATABASE_ERRORS):
            await self._shared.conn.execute("ROLLBACK")


def is_postgresql_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class ReconnectingPostgres(PostgresConnection):
    """A PostgreSQL connection that comes back after the server went away. Never inside
    a unit of work: there, the statement fails (StorageError, the unit rolled back with
    the connection and retried later by its caller); the next BEGIN, or the next read
    outside a unit of work, opens a new connection."""

    def __init__(
        self, raw: asyncpg.Connection, reopen: Callable[[], Awaitable[asyncpg.Connection]]
    ) -> None:
        super().__init__(raw)
        self._reopen = reopen
        self._in_unit_of_work = False

    @classmethod
    async def open(cls, url: str) -> ReconnectingPostgres:
        async def reopen() -> asyncpg.Connection:
            return await asyncpg.connect(url)

        return cls(await reopen(), reopen)

    async def _ready(self, sql: str) -> bool:
        """Open a new connection if the old one is gone and it is safe to; whether a
        failure of the statement may be retried once on a new connection (BEGIN, or a
        read outside a unit of work: nothing written is lost with the old one)."""
        if sql.lstrip()[:5].upper() == "BEGIN":
            self._in_unit_of_work = True
        elif self._in_unit_of_work:
            return False  # a new connection would not hold what the unit wrote so far
        if self.raw.is_closed():
            self.raw = await self._reopen()
        return True

    def _after(self, sql: str, error: BaseException | None = None) -> None:
        """After a failure of the connection itself, never reuse it (asyncpg may not have
        noticed that the server hung up); after COMMIT or ROLLBACK, the unit is over."""
        if error is not None and is_disconnect(error):
            self.raw.terminate()
        if sql.strip().upper() in ("COMMIT", "ROLLBACK"):  # not ROLLBACK TO SAVEPOINT
            self._in_unit_of_work = False

    async def _run(self, sql: str, statement: Callable[[], Awaitable[_T]]) -> _T:
        retry = await self._ready(sql)
        try:
            result = await statement()
        except DATABASE_ERRORS as error:
            self._after(sql, error)
            if not (retry and is_disconnect(error)):
                raise
            log.info("the database connection was lost; opening a new one")
            self.raw = await self._reopen()
            result = await statement()
        self._after(sql)
        return result

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await self._run(sql, lambda: super(ReconnectingPostgres, self).execute(sql, params))

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        await self._run(sql, lambda: super(ReconnectingPostgres, self).execute_many(sql, batch))

    async def every(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._run(sql, lambda: super(ReconnectingPostgres, self).every(sql, params))

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self._run(sql, lambda: super(ReconnectingPostgres, self).one(sql, params))

    async def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return await self._run(sql, lambda: super(ReconnectingPostgres, self).records(sql, params))


async def connect(path: Path, read_only: bool = False) -> aiosqlite.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves) with WAL and foreign keys,
    that zeroes what it deletes (secure_delete: a per-connection setting, hence on both)."""
    if read_only:
        conn = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        pragmas = [f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA secure_delete = ON"]
    else:
        conn = await aiosqlite.connect(path, isolation_level=None)
        pragmas = [
            "PRAGMA secure_delete = ON",
            "PRAGMA journal_mode = WAL",
            "PRAGMA foreign_keys = ON",
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
            "PRAGMA synchronous = NORMAL",
        ]
    try:
        for pragma in pragmas:
            await conn.execute(pragma)
    except BaseException:
        # Not a database, say: an unclosed connection's thread would keep the process alive.
        await conn.close()
        raise
    return conn


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
