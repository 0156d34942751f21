"""Messages the bot has decided to send, stored before they are sent.

The transaction id is derived from what caused the message, so a resend after a crash
reuses it and the homeserver returns the event it already has instead of a duplicate.
Each bot has its own outbox (a transaction id is unique per bot, as per device on the
homeserver).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import to_text
from .connection import Connection


def transaction_id(cause: str, index: int) -> str:
    """Stable across restarts: the same cause and position always give the same id."""
    digest = hashlib.sha256(f"{cause}\x00{index}".encode()).hexdigest()
    return f"harmonie-{digest[:40]}"


@dataclass(frozen=True)
class OutgoingMessage:
    """What a handler wants sent; `cause` is usually the event id that triggered it."""

    room_id: str
    content: dict[str, Any]
    event_type: str = "m.room.message"


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    txn_id: str
    room_id: str
    event_type: str
    content: dict[str, Any]
    attempts: int


class OutboxRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def add(self, cause: str, messages: list[OutgoingMessage], now: datetime) -> list[str]:
        """Queue messages; a cause already queued is not queued twice. Returns txn ids."""
        txn_ids = [transaction_id(cause, index) for index in range(len(messages))]
        if messages:
            await self._conn.execute_many(
                "INSERT INTO outbox (bot, txn_id, room_id, event_type, content, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (
                        self._bot,
                        txn,
                        message.room_id,
                        message.event_type,
                        json.dumps(message.content, ensure_ascii=False, separators=(",", ":")),
                        to_text(now),
                    )
                    for txn, message in zip(txn_ids, messages, strict=True)
                ],
            )
        return txn_ids

    async def unsent(self, limit: int = 100) -> list[OutboxEntry]:
        rows = await self._conn.every(
            "SELECT id, txn_id, room_id, event_type, content, attempts FROM outbox"
            " WHERE bot = ? AND sent_at IS NULL ORDER BY id LIMIT ?",
            (self._bot, limit),
        )
        return [
            OutboxEntry(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5]) for row in rows
        ]

    async def mark_sent(self, entry_id: int, event_id: str, now: datetime) -> None:
        """Sent: the row stays (its transaction id keeps a replay idempotent), its content
        goes, since it may repeat what agents wrote (a reply, a report with comments)."""
        await self.mark_sent_many([(entry_id, event_id)], now)

    async def mark_sent_many(self, sent: Sequence[tuple[int, str]], now: datetime) -> None:
        """`mark_sent` for several (entry id, event id) at once, in one statement: the
        sender marks what it sent meanwhile together, not one transaction a message."""
        if not sent:
            return
        await self._conn.execute_many(
            "UPDATE outbox SET sent_at = ?, event_id = ?, attempts = attempts + 1,"
            " content = '{}' WHERE id = ? AND bot = ?",
            [(to_text(now), event_id, entry_id, self._bot) for entry_id, event_id in sent],
        )

    async def mark_failed(self, entry_id: int, error: str) -> None:
        await self._conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND bot = ?",
            (error[:500], entry_id, self._bot),
        )

    async def count_unsent(self) -> int:
        row = await self._conn.one(
            "SELECT COUNT(*) FROM outbox WHERE bot = ? AND sent_at IS NULL", (self._bot,)
        )
        return int(row[0]) if row else 0
