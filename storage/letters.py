"""Letters: messages to a person rather than to a room, held until their DM exists.

("Letter" in the code, so that "notice" keeps one meaning, the privacy notice; the table
is still called `notices`, its name since migration 6.)

Owner reminders, escalations and feedback surveys go to people the bot may never have
talked to. A letter is stored with the decision that caused it (its cause is unique, so
a job that runs twice queues it once); delivery finds or opens the DM, then moves it to
the outbox under the same cause, whose transaction ids make the send idempotent. A
letter belongs to the bot that queued it: that bot delivers it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import to_text
from .connection import Connection


@dataclass(frozen=True)
class Letter:
    id: int
    cause: str
    user_id: str
    contents: tuple[dict[str, Any], ...]
    room_requested: bool


class LetterRepository:
    def __init__(self, conn: Connection, bot: str) -> None:
        self._conn = conn
        self._bot = bot

    async def add(
        self, cause: str, user_id: str, contents: Sequence[dict[str, Any]], now: datetime
    ) -> bool:
        """Queue messages for `user_id`; False if this cause was already queued."""
        changed = await self._conn.execute(
            "INSERT INTO notices (bot, cause, user_id, content, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                self._bot,
                cause,
                user_id,
                _json(contents),
                to_text(now),
            ),
        )
        return changed == 1

    async def add_many(
        self, letters: Sequence[tuple[str, str, Sequence[dict[str, Any]]]], now: datetime
    ) -> None:
        """Queue (cause, user, messages) for many people in one statement."""
        await self._conn.execute_many(
            "INSERT INTO notices (bot, cause, user_id, content, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (self._bot, cause, user_id, _json(contents), to_text(now))
                for cause, user_id, contents in letters
            ],
        )

    async def undelivered(self, limit: int = 100) -> list[Letter]:
        rows = await self._conn.every(
            "SELECT id, cause, user_id, content, room_requested_at FROM notices"
            " WHERE bot = ? AND delivered_at IS NULL ORDER BY id LIMIT ?",
            (self._bot, limit),
        )
        return [
            Letter(int(r[0]), str(r[1]), str(r[2]), tuple(json.loads(r[3])), r[4] is not None)
            for r in rows
        ]

    async def mark_room_requested(self, user_id: str, now: datetime) -> None:
        """Before a DM is created: after a crash, look for that room rather than make two."""
        await self._conn.execute(
            "UPDATE notices SET room_requested_at = COALESCE(room_requested_at, ?)"
            " WHERE bot = ? AND user_id = ? AND delivered_at IS NULL",
            (to_text(now), self._bot, user_id),
        )

    async def mark_delivered(self, letter_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE notices SET delivered_at = ? WHERE id = ? AND bot = ?",
            (to_text(now), letter_id, self._bot),
        )


def _json(contents: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(contents), ensure_ascii=False, separators=(",", ":"))
