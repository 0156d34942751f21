"""The SQLite connection, its pragmas, and the one transaction boundary of the bot.

One connection serves the whole process; an asyncio lock serialises units of work, so a
reader never sees another coroutine's uncommitted writes.

An erasure (`!oublier`, the retention purge) must leave nothing readable on disk, not
only nothing in the tables: `secure_delete` zeroes what a DELETE or an UPDATE frees, in
the page and in freed pages; the old versions of those pages still sit in the WAL until a
checkpoint, so a unit of work that erased truncates the WAL once it has committed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import aiosqlite

from .agents import AgentRepository
from .campaigns import CampaignRepository
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
from .rows import one
from .sync import SyncRepository
from .trials import TrialRepository

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    """A write could not be made durable; the caller tells the user to retry later."""


class UnitOfWorkLost(StorageError):
    """A failed part of a unit of work could not be undone: the whole unit must go."""


class Session:
    """The repositories bound to the connection, used inside one unit of work."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
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
        A database error becomes a StorageError, as in `Database.transaction`; if even
        the undo fails, UnitOfWorkLost says that the whole unit of work must go."""
        try:
            await self.conn.execute("SAVEPOINT part")
        except aiosqlite.Error as exc:
            raise StorageError(str(exc)) from exc
        try:
            yield self
        except BaseException as exc:
            try:
                await self.conn.execute("ROLLBACK TO part")
                await self.conn.execute("RELEASE part")
            except aiosqlite.Error as undo:  # SQLite may have rolled back everything itself
                raise UnitOfWorkLost(f"could not undo a failed part: {undo}") from exc
            if isinstance(exc, sqlite3.OperationalError):  # disk full, locked, I/O
                raise StorageError(str(exc)) from exc
            raise
        try:
            await self.conn.execute("RELEASE part")
        except aiosqlite.Error as exc:
            raise StorageError(str(exc)) from exc


class Database:
    """Owns the connection; hands out sessions for reads and atomic writes."""

    def __init__(self, conn: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._session = Session(conn)
        self._committed = Session(reader)
        # Held by each read on the reader and by the WAL wipe, which a read in progress
        # would hold up (it may be reading an older snapshot from the WAL).
        self._reading = asyncio.Lock()
        self._wipe_pending = False

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating it readable by its owner only), set pragmas, migrate."""
        await asyncio.to_thread(_create_private, path)
        conn = await connect(path)
        try:
            await migrate(conn)
            reader = await connect(path, read_only=True)
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
                await self._conn.execute("BEGIN IMMEDIATE")
            except aiosqlite.Error as exc:
                raise StorageError(str(exc)) from exc
            try:
                yield self._session
            except sqlite3.OperationalError as exc:  # disk full, locked, I/O: retry later
                await self._rollback_quietly()
                raise StorageError(str(exc)) from exc
            except BaseException:
                await self._rollback_quietly()
                raise
            try:
                await self._conn.execute("COMMIT")
            except aiosqlite.Error as exc:
                await self._rollback_quietly()
                raise StorageError(str(exc)) from exc
            if self._session.erased or self._wipe_pending:
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
                row = await one(self._conn, "PRAGMA wal_checkpoint(TRUNCATE)")
        except aiosqlite.Error as exc:
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
        with suppress(aiosqlite.Error):
            await self._conn.execute("ROLLBACK")


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
