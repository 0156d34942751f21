"""Which devices could read the bot in a room: those that already wrote there, and those
that held the room key of the bot's latest message.

A device is named by its Curve25519 identity key, the key a Megolm session is bound to:
a decrypted event carries it (device ids in encrypted events are unauthenticated, and
newer clients leave them out).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .clock import to_text
from .connection import Connection


@dataclass(frozen=True)
class RoomView:
    """What handling a message needs to know of its room, read in one statement."""

    direct_with: str | None  # whose direct room this is (None: not a DM of the bot's)
    wrote_before: bool  # the sending device already wrote in this room
    key_holders: frozenset[str] | None  # held the key of the bot's latest message here


class RoomDeviceRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def record_writer(
        self, room_id: str, user_id: str, device_key: str, now: datetime
    ) -> bool:
        """Note that this device wrote in the room; True if it never had before."""
        changed = await self._conn.execute(
            "INSERT INTO room_writers (bot, room_id, user_id, device_key, first_seen_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (self._bot, room_id, user_id, device_key, to_text(now)),
        )
        return changed == 1

    async def record_key_holders(
        self, room_id: str, session_id: str, device_keys: Iterable[str], now: datetime
    ) -> None:
        """The devices that held the room key of the message the bot just sent here."""
        await self.record_many_key_holders([(room_id, session_id, device_keys)], now)

    async def record_many_key_holders(
        self, holders: Iterable[tuple[str, str, Iterable[str]]], now: datetime
    ) -> None:
        """`record_key_holders` for several sends, in one statement; for a room named
        twice, the last one stands (give them in the order they were sent)."""
        rows = [
            (self._bot, room_id, session_id, json.dumps(sorted(set(keys))), to_text(now))
            for room_id, session_id, keys in holders
        ]
        if not rows:
            return
        await self._conn.execute_many(
            "INSERT INTO room_key_holders (bot, room_id, session_id, device_keys, sent_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (bot, room_id) DO UPDATE SET"
            " session_id = excluded.session_id, device_keys = excluded.device_keys,"
            " sent_at = excluded.sent_at",
            rows,
        )

    async def view(self, room_id: str, device_key: str | None) -> RoomView:
        """Whose DM the room is, whether the device wrote here before, and the devices
        that held the key of the bot's latest message here: one trip to the database
        instead of three, for every message the bot reads."""
        bot = self._bot
        row = await self._conn.one(
            "SELECT (SELECT user_id FROM direct_rooms WHERE bot = ? AND room_id = ?),"
            " EXISTS (SELECT 1 FROM room_writers WHERE bot = ? AND room_id = ?"
            " AND device_key = ?),"
            " (SELECT device_keys FROM room_key_holders WHERE bot = ? AND room_id = ?)",
            (bot, room_id, bot, room_id, device_key or "", bot, room_id),
        )
        assert row is not None  # a SELECT without FROM always has its row
        holders = frozenset(json.loads(row[2])) if row[2] is not None else None
        return RoomView(
            str(row[0]) if row[0] is not None else None,
            bool(row[1]) and bool(device_key),
            holders,
        )

    async def held_latest_key(self, room_id: str, device_key: str) -> bool | None:
        """Whether the device held the key of the bot's latest message here; None if no
        encrypted message of the bot was recorded in this room."""
        row = await self._conn.one(
            "SELECT device_keys FROM room_key_holders WHERE bot = ? AND room_id = ?",
            (self._bot, room_id),
        )
        if row is None:
            return None
        return device_key in json.loads(row[0])
