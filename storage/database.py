"""The SQLite connection, its pragmas, and the one transaction boundary of the bot.

One connection serves the whole process; an asyncio lock serialises units of work, so a
reader never sees another coroutine's uncommitted writes.
"""

from __future__ import annotations

import asyncio
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
from .migrations import migrate
from .notices import NoticeRepository
from .outbox import OutboxRepository
from .participations import ParticipationRepository
from .privacy import PrivacyRepository
from .reports import ReportRepository
from .rollout import RolloutRepository
from .room_devices import RoomDeviceRepository
from .rooms import DirectRoomRepository
from .sync import SyncRepository

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    """A write could not be made durable; the caller tells the user to retry later."""


class Session:
    """The repositories bound to the connection, used inside one unit of work."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
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
        self.notices = NoticeRepository(conn)
        self.privacy = PrivacyRepository(conn)


class Database:
    """Owns the connection; hands out sessions for reads and atomic writes."""

    def __init__(self, conn: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._session = Session(conn)
        self._committed = Session(reader)

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
        Reads only, one statement at a time (no consistency across statements)."""
        yield self._committed

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Session]:
        """A consistent view: waits for any unit of work in progress."""
        async with self._lock:
            yield self._session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        """All or nothing: commit on success, roll back on any exception."""
        async with self._lock:
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

    async def _rollback_quietly(self) -> None:
        with suppress(aiosqlite.Error):
            await self._conn.execute("ROLLBACK")


async def connect(path: Path, read_only: bool = False) -> aiosqlite.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves) with WAL and foreign keys."""
    if read_only:
        conn = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        pragmas = [f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"]
    else:
        conn = await aiosqlite.connect(path, isolation_level=None)
        pragmas = [
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
