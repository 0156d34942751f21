"""Which devices could read the bot in a room: those that already wrote there, and those
that held the room key of the bot's latest message.

A device is named by its Curve25519 identity key, the key a Megolm session is bound to:
a decrypted event carries it (device ids in encrypted events are unauthenticated, and
newer clients leave them out).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from .clock import to_text
from .rows import one


class RoomDeviceRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record_writer(
        self, room_id: str, user_id: str, device_key: str, now: datetime
    ) -> bool:
        """Note that this device wrote in the room; True if it never had before."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO room_writers (room_id, user_id, device_key, first_seen_at)"
            " VALUES (?, ?, ?, ?)",
            (room_id, user_id, device_key, to_text(now)),
        )
        return cursor.rowcount == 1

    async def record_key_holders(
        self, room_id: str, session_id: str, device_keys: Iterable[str], now: datetime
    ) -> None:
        """The devices that held the room key of the message the bot just sent here."""
        await self._conn.execute(
            "INSERT INTO room_key_holders (room_id, session_id, device_keys, sent_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (room_id) DO UPDATE SET"
            " session_id = excluded.session_id, device_keys = excluded.device_keys,"
            " sent_at = excluded.sent_at",
            (room_id, session_id, json.dumps(sorted(set(device_keys))), to_text(now)),
        )

    async def held_latest_key(self, room_id: str, device_key: str) -> bool | None:
        """Whether the device held the key of the bot's latest message here; None if no
        encrypted message of the bot was recorded in this room."""
        row = await one(
            self._conn, "SELECT device_keys FROM room_key_holders WHERE room_id = ?", (room_id,)
        )
        if row is None:
            return None
        return device_key in json.loads(row[0])
