"""Which room is the bot's direct conversation with each user (each bot its own)."""

from __future__ import annotations

from datetime import datetime

from .clock import to_text
from .connection import Connection


class DirectRoomRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def room_for(self, user_id: str) -> str | None:
        row = await self._conn.one(
            "SELECT room_id FROM direct_rooms WHERE bot = ? AND user_id = ?", (self._bot, user_id)
        )
        return str(row[0]) if row else None

    async def user_for(self, room_id: str) -> str | None:
        row = await self._conn.one(
            "SELECT user_id FROM direct_rooms WHERE bot = ? AND room_id = ?", (self._bot, room_id)
        )
        return str(row[0]) if row else None

    async def remember(self, user_id: str, room_id: str, now: datetime) -> None:
        """The latest room the user talked to us in becomes their DM."""
        await self._conn.execute(
            "INSERT INTO direct_rooms (bot, user_id, room_id, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (bot, user_id) DO UPDATE SET room_id = excluded.room_id",
            (self._bot, user_id, room_id, to_text(now)),
        )
