"""Events already handled (dedupe by event id) and encrypted events waiting for their key,
each bot its own: an event two bots see is new for each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import from_text, to_text
from .connection import Connection


@dataclass(frozen=True)
class PendingEncryptedEvent:
    """A Megolm event kept until its room key arrives, so a crash cannot lose it."""

    event_id: str
    room_id: str
    sender: str
    session_id: str
    source: dict[str, Any]
    received_at: datetime
    key_requested_at: datetime | None


class EventRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def is_processed(self, event_id: str) -> bool:
        return (
            await self._conn.one(
                "SELECT 1 FROM processed_events WHERE bot = ? AND event_id = ?",
                (self._bot, event_id),
            )
            is not None
        )

    async def mark_processed(self, event_id: str, room_id: str, now: datetime) -> bool:
        """Record the event; False if it was already there (a replay to ignore)."""
        changed = await self._conn.execute(
            "INSERT INTO processed_events (bot, event_id, room_id, processed_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (self._bot, event_id, room_id, to_text(now)),
        )
        return changed == 1

    async def keep_pending(self, event: PendingEncryptedEvent) -> None:
        await self._conn.execute(
            "INSERT INTO pending_encrypted (bot, event_id, room_id, sender, session_id,"
            " source, received_at, key_requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (
                self._bot,
                event.event_id,
                event.room_id,
                event.sender,
                event.session_id,
                json.dumps(event.source, separators=(",", ":")),
                to_text(event.received_at),
                to_text(event.key_requested_at) if event.key_requested_at else None,
            ),
        )

    async def pending(self) -> list[PendingEncryptedEvent]:
        rows = await self._conn.every(
            "SELECT event_id, room_id, sender, session_id, source, received_at,"
            " key_requested_at FROM pending_encrypted WHERE bot = ? ORDER BY received_at",
            (self._bot,),
        )
        return [
            PendingEncryptedEvent(
                event_id=row[0],
                room_id=row[1],
                sender=row[2],
                session_id=row[3],
                source=json.loads(row[4]),
                received_at=from_text(row[5]),
                key_requested_at=from_text(row[6]) if row[6] else None,
            )
            for row in rows
        ]

    async def mark_key_requested(self, event_id: str, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE pending_encrypted SET key_requested_at = ? WHERE bot = ? AND event_id = ?",
            (to_text(now), self._bot, event_id),
        )

    async def drop_pending(self, event_id: str) -> None:
        await self._conn.execute(
            "DELETE FROM pending_encrypted WHERE bot = ? AND event_id = ?", (self._bot, event_id)
        )
