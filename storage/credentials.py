"""The bot's own Matrix login, reused at every start (E2EE keys belong to the device):
one row per bot account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .clock import to_text
from .connection import Connection


@dataclass(frozen=True)
class Credentials:
    user_id: str
    device_id: str
    access_token: str

    def __repr__(self) -> str:  # never let the token reach a log line
        return f"Credentials(user_id={self.user_id!r}, device_id={self.device_id!r})"


class CredentialsRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def get(self) -> Credentials | None:
        row = await self._conn.one(
            "SELECT user_id, device_id, access_token FROM credentials WHERE bot = ?", (self._bot,)
        )
        return Credentials(row[0], row[1], row[2]) if row else None

    async def save(self, credentials: Credentials, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO credentials (bot, user_id, device_id, access_token, created_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (bot) DO UPDATE SET user_id = excluded.user_id,"
            " device_id = excluded.device_id, access_token = excluded.access_token,"
            " created_at = excluded.created_at",
            (
                self._bot,
                credentials.user_id,
                credentials.device_id,
                credentials.access_token,
                to_text(now),
            ),
        )

    async def clear(self) -> None:
        await self._conn.execute("DELETE FROM credentials WHERE bot = ?", (self._bot,))
