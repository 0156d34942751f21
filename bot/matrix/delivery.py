"""Delivers the messages queued for a person: finds or opens their DM, then the outbox.

A DM is opened at most once per person, even across crashes: the attempt is recorded
before the room is created, and after a crash a room holding just the bot and that
person is reused. The messages then move to the outbox under the notice's own cause,
whose transaction ids make the send idempotent.
"""

from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.matrix.client import HarmonieClient
from bot.matrix.direct import DirectRoomError, create_direct_room, existing_direct_room
from bot.matrix.loops import work_when_woken
from bot.matrix.sender import OutboxSender
from bot.probes.faults import crash_point
from storage import Database, Notice, OutgoingMessage

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30.0


class NoticeDelivery:
    def __init__(
        self,
        client: HarmonieClient,
        db: Database,
        clock: Clock,
        sender: OutboxSender,
        interval: float,
        encrypted: bool,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._sender = sender
        self._interval = interval  # between two DM creations, as for invitations
        self._encrypted = encrypted
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await work_when_woken(self.deliver, self._wake, IDLE_CHECK_SECONDS, "notices")

    async def deliver(self) -> int:
        """Move every notice whose DM exists (or can be opened) to the outbox."""
        delivered = 0
        failed: set[str] = set()
        while True:
            async with self._db.read() as session:
                batch = [n for n in await session.notices.undelivered() if n.user_id not in failed]
            if not batch:
                return delivered
            for notice in batch:
                if notice.user_id in failed:
                    continue
                if await self._deliver(notice):
                    delivered += 1
                else:
                    failed.add(notice.user_id)  # try again at the next wake-up or check

    async def _deliver(self, notice: Notice) -> bool:
        async with self._db.read() as session:
            room_id = await session.direct_rooms.room_for(notice.user_id)
        if room_id is not None and room_id not in self._client.rooms:
            room_id = None
        if room_id is None:
            room_id = await self._open_room(notice)
            if room_id is None:
                return False
        now = self._clock.now()
        async with self._db.transaction() as session:
            messages = [OutgoingMessage(room_id, content) for content in notice.contents]
            await session.outbox.add(notice.cause, messages, now)
            await session.notices.mark_delivered(notice.id, now)
        self._sender.wake()
        return True

    async def _open_room(self, notice: Notice) -> str | None:
        now = self._clock.now()
        if notice.room_requested:
            existing = existing_direct_room(self._client, notice.user_id)  # made before a crash
            if existing is not None:
                await self._remember(notice.user_id, existing)
                return existing
        async with self._db.transaction() as session:
            await session.notices.mark_room_requested(notice.user_id, now)
        try:
            room_id = await create_direct_room(
                self._client, notice.user_id, encrypted=self._encrypted
            )
        except DirectRoomError as exc:
            log.warning("could not open a DM to deliver a notice: %s", exc)
            return None
        crash_point("after-room-created")
        await self._remember(notice.user_id, room_id)
        await asyncio.sleep(self._interval)
        return room_id

    async def _remember(self, user_id: str, room_id: str) -> None:
        async with self._db.transaction() as session:
            await session.direct_rooms.remember(user_id, room_id, self._clock.now())
