"""The connection, its settings, and the one transaction boundary of the bot.

One connection serves the whole process; an asyncio lock serialises units of work, so a
reader never sees another coroutine's uncommitted writes. SQLite is the embedded default;
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

from .agents import AgentRepository
from .campaigns import CampaignRepository
from .connection import (
    DATABASE_ERRORS,
    Connection,
    PostgresConnection,
    Row,
    SqliteConnection,
    is_disconnect,
    is_transient,
)
from .credentials import CredentialsRepository
from .events import EventRepository
from .letters import LetterRepository
from .migrations import migrate
from .outbox import OutboxRepository
from .participations import ParticipationRepository
from .privacy import PrivacyRepository
from .reports import ReportRepository
from .rollout import RolloutRepository
from .room_devices import RoomDeviceRepository
from .rooms import DirectRoomRepository
from .sync import SyncRepository
from .trials import TrialRepository

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_T = TypeVar("_T")


class StorageError(RuntimeError):
    """A write could not be made durable; the caller tells the user to retry later."""


class UnitOfWorkLost(StorageError):
    """A failed part of a unit of work could not be undone: the whole unit must go."""


class Session:
    """The repositories bound to the connection, used inside one unit of work."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Set by an erasure; once the unit of work commits, the WAL is wiped (see the module).
        self.erased = False
        self.credentials = CredentialsRepository(conn)
        self.sync = SyncRepository(conn)
        self.events = EventRepository(conn)
        self.outbox = OutboxRepository(conn)
        self.direct_rooms = DirectRoomRepository(conn)
        self.room_devices = RoomDeviceRepository(conn)
        self.agents = AgentRepository(conn)
        self.campaigns = CampaignRepository(conn)
        self.participations = ParticipationRepository(conn)
        self.reports = ReportRepository(conn)
        self.rollout = RolloutRepository(conn)
        self.letters = LetterRepository(conn)
        self.trials = TrialRepository(conn)
        self.privacy = PrivacyRepository(conn, self._note_erasure)

    def _note_erasure(self) -> None:
        self.erased = True

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Session]:
        """A part of the unit of work that fails alone: on an exception, what it wrote is
        undone and the exception goes on, while what the unit of work wrote before (and
        writes after) stands. The sync loop handles a batch's events in one transaction,
        one savepoint each, so that a bad event does not cost the others their answers.
        A transient database error becomes a StorageError, as in `Database.transaction`;
        if even the undo fails, UnitOfWorkLost says that the whole unit of work must go."""
        try:
            await self.conn.execute("SAVEPOINT part")
        except DATABASE_ERRORS as exc:
            raise StorageError(str(exc)) from exc
        try:
            yield self
        except BaseException as exc:
            try:
                await self.conn.execute("ROLLBACK TO SAVEPOINT part")
                await self.conn.execute("RELEASE SAVEPOINT part")
            except DATABASE_ERRORS as undo:  # SQLite may have rolled back everything itself
                raise UnitOfWorkLost(f"could not undo a failed part: {undo}") from exc
            if is_transient(exc):  # disk full, locked, I/O, the server gone
                raise StorageError(str(exc)) from exc
            raise
        try:
            await self.conn.execute("RELEASE SAVEPOINT part")
        except DATABASE_ERRORS as exc:
            raise StorageError(str(exc)) from exc


class Database:
    """Owns the connections; hands out sessions for reads and atomic writes."""

    def __init__(self, conn: Connection, reader: Connection) -> None:
        self._conn = conn
        self.dialect = conn.dialect
        self._begin = "BEGIN IMMEDIATE" if conn.dialect == "sqlite" else "BEGIN"
        self._lock = asyncio.Lock()
        self._session = Session(conn)
        self._committed = Session(reader)
        # Held by each read on the reader and by the WAL wipe, which a read in progress
        # would hold up (it may be reading an older snapshot from the WAL).
        self._reading = asyncio.Lock()
        self._wipe_pending = False

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
        return cls(conn, reader)

    @classmethod
    async def _open_postgresql(cls, url: str) -> Database:
        conn = await ReconnectingPostgres.open(url)
        try:
            await migrate(conn)
            reader = await ReconnectingPostgres.open(url)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, reader)

    async def close(self) -> None:
        await self._committed.conn.close()
        await self._conn.close()

    @asynccontextmanager
    async def committed(self) -> AsyncIterator[Session]:
        """What is committed, read on a connection of its own, without waiting for the
        units of work queued on the main one: under load, the outbox sender would wait
        for a whole sync batch of other agents' answers before sending the first reply.
        Reads only, one statement at a time (no consistency across statements); never
        open a unit of work inside."""
        async with self._reading:
            yield self._committed

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Session]:
        """A consistent view: waits for any unit of work in progress."""
        async with self._lock:
            yield self._session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        """All or nothing: commit on success, roll back on any exception. After a unit of
        work that erased personal data, the WAL is wiped before the next one begins."""
        async with self._lock:
            self._session.erased = False
            try:
                await self._conn.execute(self._begin)
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
                await self._conn.execute("COMMIT")
            except DATABASE_ERRORS as exc:
                await self._rollback_quietly()
                raise StorageError(str(exc)) from exc
            if self.dialect == "sqlite" and (self._session.erased or self._wipe_pending):
                await self._wipe_wal()

    async def _wipe_wal(self) -> None:
        """Copy the WAL into the database file and truncate it to nothing, so that the old
        page versions holding what was just erased are gone from the disk (the database
        file itself was cleared by secure_delete). No writer can run meanwhile (we hold the
        write lock), nor a read of ours; a reader of another process (a backup, the
        sqlite3 shell) may hold the checkpoint up: then it is tried again after the next
        unit of work, and a clean stop checkpoints anyway. The erasure has committed: a
        failure here is logged, never raised."""
        try:
            async with self._reading:
                row = await self._conn.one("PRAGMA wal_checkpoint(TRUNCATE)")
        except DATABASE_ERRORS as exc:
            row, error = None, str(exc)
        else:
            error = "no result"
        if row is not None:
            busy, frames, checkpointed = row  # frames in the WAL, and those copied
            if not busy:
                if self._wipe_pending:
                    log.info("erased data wiped from the WAL at last")
                self._wipe_pending = False
                return
            error = f"busy ({checkpointed} of {frames} WAL frames copied)"
        if not self._wipe_pending:
            log.warning("erased data may remain in the WAL until the next write: %s", error)
        self._wipe_pending = True

    async def _rollback_quietly(self) -> None:
        with suppress(*DATABASE_ERRORS):
            await self._conn.execute("ROLLBACK")


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
        if sql.lstrip()[:8].upper().startswith(("COMMIT", "ROLLBACK")) and "TO" not in sql:
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
