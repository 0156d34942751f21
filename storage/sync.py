"""The sync token, saved only once the events of its batch are durably handled; one per bot."""

from __future__ import annotations

from datetime import datetime

from .clock import from_text, to_text
from .connection import Connection


class SyncRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def next_batch(self) -> str | None:
        row = await self._conn.one("SELECT next_batch FROM sync_state WHERE bot = ?", (self._bot,))
        return str(row[0]) if row and row[0] is not None else None

    async def first_started_at(self) -> datetime | None:
        """When the bot first ran on this database: older history is not answered."""
        row = await self._conn.one(
            "SELECT first_started_at FROM sync_state WHERE bot = ?", (self._bot,)
        )
        return from_text(row[0]) if row else None

    async def record_first_start(self, now: datetime) -> datetime:
        await self._conn.execute(
            "INSERT INTO sync_state (bot, next_batch, first_started_at)"
            " VALUES (?, NULL, ?) ON CONFLICT DO NOTHING",
            (self._bot, to_text(now)),
        )
        started = await self.first_started_at()
        assert started is not None
        return started

    async def save_next_batch(self, token: str) -> None:
        await self._conn.execute(
            "UPDATE sync_state SET next_batch = ? WHERE bot = ?", (token, self._bot)
        )
