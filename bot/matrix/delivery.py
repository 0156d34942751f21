"""The one way a message reaches a person: their DM, found or opened once, then the outbox.

Invitations to a campaign or a trial (`bot.matrix.inviter`) and the messages queued for
people (reminders to owners, surveys, rollout messages: `LetterDelivery` below) all go
through `DirectDelivery.deliver`; they keep only what differs: what to write and how fast.

A DM is opened at most once per person, even across crashes: the attempt is recorded
before the room is created, and after a crash a room holding just the bot and that
person is reused. The messages then go to the outbox under their cause, whose
transaction ids make the send idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.matrix.client import HarmonieClient
from bot.matrix.direct import DirectRoomError, create_direct_room, existing_direct_room
from bot.matrix.loops import work_when_woken
from bot.matrix.sender import OutboxSender
from bot.probes.faults import crash_point
from storage import Database, Letter, OutgoingMessage, Session

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30.0

NoteRequest = Callable[[Session], Awaitable[None]]
Write = Callable[[Session, str], Awaitable[None]]


@dataclass(frozen=True)
class Delivered:
    room_id: str
    opened: bool  # a DM was created for this delivery (callers pace the homeserver on it)


class DirectDelivery:
    """Finds or opens a person's DM, remembers it, writes the outbox, wakes the sender."""

    def __init__(
        self,
        client: HarmonieClient,
        db: Database,
        clock: Clock,
        sender: OutboxSender,
        encrypted: bool,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._sender = sender
        self._encrypted = encrypted
        # DMs this process opened: nio learns of a new room only at the next sync, and a
        # second message to the same person before it must not open a second room.
        self._opened: dict[str, str] = {}

    async def deliver(
        self,
        user_id: str,
        *,
        requested_before: bool,
        note_request: NoteRequest | None,
        write: Write,
    ) -> Delivered | None:
        """Write `user_id`'s messages to the outbox in their DM; None if no DM could be had.

        `requested_before`: a DM was perhaps created for this delivery before a crash,
        look for it. `note_request` records (in the caller's table) that a DM is about to
        be created, or is None when the caller recorded it already. `write` adds the
        messages for the room, in the transaction that also remembers the room.
        """
        room_id = await self._known_room(user_id, requested_before)
        opened = room_id is None
        if room_id is None:
            room_id = await self._open(user_id, note_request)
            if room_id is None:
                return None
        async with self._db.transaction() as session:
            await session.direct_rooms.remember(user_id, room_id, self._clock.now())
            await write(session, room_id)
        self._sender.wake()
        return Delivered(room_id, opened)

    async def _known_room(self, user_id: str, requested_before: bool) -> str | None:
        async with self._db.read() as session:
            room_id = await session.direct_rooms.room_for(user_id)
        if room_id is not None and room_id in self._client.rooms:
            self._opened.pop(user_id, None)  # synced: from now on, as any other room
            return room_id
        if room_id is not None and self._opened.get(user_id) == room_id:
            return room_id  # opened by this process, not in a sync yet
        if requested_before:
            return existing_direct_room(self._client, user_id)  # made before a crash
        return None  # never had one, or the bot is no longer in it

    async def _open(self, user_id: str, note_request: NoteRequest | None) -> str | None:
        if note_request is not None:
            async with self._db.transaction() as session:
                await note_request(session)
        try:
            room_id = await create_direct_room(self._client, user_id, encrypted=self._encrypted)
        except DirectRoomError as exc:
            log.warning("could not open a DM: %s", exc)
            return None
        self._opened[user_id] = room_id
        crash_point("after-room-created")
        async with self._db.transaction() as session:  # at once: the room is found again
            await session.direct_rooms.remember(user_id, room_id, self._clock.now())
        return room_id


class LetterDelivery:
    """Moves the letters (messages queued for people) to the outbox, pacing the DMs it opens."""

    def __init__(
        self, db: Database, clock: Clock, delivery: DirectDelivery, interval: float
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery
        self._interval = interval  # between two DM creations, as for invitations
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await work_when_woken(self.deliver, self._wake, IDLE_CHECK_SECONDS, "letters")

    async def deliver(self) -> int:
        """Move every letter whose DM exists (or can be opened) to the outbox."""
        delivered = 0
        failed: set[str] = set()
        while True:
            async with self._db.read() as session:
                batch = [n for n in await session.letters.undelivered() if n.user_id not in failed]
            if not batch:
                return delivered
            for letter in batch:
                if letter.user_id in failed:
                    continue
                if await self._deliver(letter):
                    delivered += 1
                else:
                    failed.add(letter.user_id)  # try again at the next wake-up or check

    async def _deliver(self, letter: Letter) -> bool:
        now = self._clock.now()

        async def note_request(session: Session) -> None:
            await session.letters.mark_room_requested(letter.user_id, now)

        async def write(session: Session, room_id: str) -> None:
            messages = [OutgoingMessage(room_id, content) for content in letter.contents]
            await session.outbox.add(letter.cause, messages, now)
            await session.letters.mark_delivered(letter.id, now)

        delivered = await self._delivery.deliver(
            letter.user_id,
            requested_before=letter.room_requested,
            note_request=note_request,
            write=write,
        )
        if delivered is None:
            return False
        if delivered.opened:
            await asyncio.sleep(self._interval)
        return True
