"""Encrypted events waiting for their room key.

Kept in the database as well as here, so a restart forgets none; tried again at each sync
and every second; after `key_request_after_seconds` the key is asked of the sender's
devices, after `resend_request_after_seconds` more the sender is asked to send again.
An event stays pending until the sync loop has handled it (`discard`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from nio import Event, MegolmEvent
from nio.exceptions import EncryptionError, LocalProtocolError

from bot.clock import SystemClock
from bot.config import Config
from bot.matrix.client import HarmonieClient, server_of
from bot.matrix.sender import OutboxSender
from conversations.formatting import Reply
from conversations.texts import text
from storage import Database, OutgoingMessage, PendingEncryptedEvent

log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0


class PendingEvents:
    """The encrypted events of allowed senders that could not be read yet."""

    def __init__(
        self,
        config: Config,
        db: Database,
        client: HarmonieClient,
        allowed: frozenset[str],
        sender: OutboxSender,
        room_locks: defaultdict[str, asyncio.Lock],
        handle_room: Callable[[str, list[Event]], Awaitable[bool]],
    ) -> None:
        self._config = config
        self._db = db
        self._client = client
        self._allowed = allowed
        self._sender = sender
        self._room_locks = room_locks  # the sync loop's: one room's events one at a time
        self._handle_room = handle_room
        self._wall = SystemClock()  # protocol time: compared with the homeserver's timestamps
        self._events: dict[str, tuple[PendingEncryptedEvent, MegolmEvent]] = {}

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._events

    def discard(self, event_id: str) -> None:
        """The sync loop has handled (or dropped) this event."""
        self._events.pop(event_id, None)

    async def load(self) -> None:
        async with self._db.read() as session:
            stored = await session.events.pending()
        for pending in stored:
            event = MegolmEvent.from_dict(pending.source)
            if isinstance(event, MegolmEvent):
                event.room_id = pending.room_id
                self._events[pending.event_id] = (pending, event)

    async def keep(self, room_id: str, event: MegolmEvent, first_started_at_ms: int) -> None:
        """An encrypted event the bot cannot read yet, kept (in the database too) unless it
        is the bot's own, from another server, older than the bot, or already handled."""
        if event.sender == self._client.user_id or server_of(event.sender) not in self._allowed:
            return
        if event.event_id in self._events or event.server_timestamp < first_started_at_ms:
            return
        event.room_id = room_id
        pending = PendingEncryptedEvent(
            event_id=event.event_id,
            room_id=room_id,
            sender=event.sender,
            session_id=event.session_id,
            source=event.source,
            received_at=self._wall.now(),
            key_requested_at=None,
        )
        async with self._db.transaction() as session:
            if await session.events.is_processed(event.event_id):
                return
            await session.events.keep_pending(pending)
        self._events[event.event_id] = (pending, event)
        log.info("event %s waits for its room key", event.event_id)

    def decrypted(self) -> list[tuple[str, Event]]:
        """Events whose room key has arrived, decrypted; they stay pending until handled."""
        if self._client.olm is None:
            return []
        ready = []
        for pending, event in list(self._events.values()):
            try:
                decrypted = self._client.olm.decrypt_megolm_event(event, pending.room_id)
            except EncryptionError:
                continue
            ready.append((pending.room_id, decrypted))
        return ready

    async def check(self) -> None:
        """One pass, every CHECK_SECONDS (an APScheduler job): handle what became readable,
        ask for keys still missing after a few seconds, ask the sender to resend after that."""
        matrix = self._config.matrix
        request_after = timedelta(seconds=matrix.key_request_after_seconds)
        give_up_after = request_after + timedelta(seconds=matrix.resend_request_after_seconds)
        for room_id, event in self.decrypted():
            await self._handle_room(room_id, [event])
        now = self._wall.now()
        for pending, event in list(self._events.values()):
            age = now - pending.received_at
            if age >= give_up_after:
                await self._give_up(pending, now)
            elif age >= request_after and pending.key_requested_at is None:
                await self._request_key(pending, event, now)

    async def _request_key(
        self, pending: PendingEncryptedEvent, event: MegolmEvent, now: datetime
    ) -> None:
        with contextlib.suppress(LocalProtocolError):  # already asked for this session
            await self._client.request_room_key(event)
        async with self._db.transaction() as session:
            await session.events.mark_key_requested(pending.event_id, now)
        self._events[pending.event_id] = (
            PendingEncryptedEvent(**{**pending.__dict__, "key_requested_at": now}),
            event,
        )
        log.info("room key requested for event %s", pending.event_id)

    async def _give_up(self, pending: PendingEncryptedEvent, now: datetime) -> None:
        async with self._room_locks[pending.room_id]:
            if pending.event_id not in self._events:
                return
            reply = Reply(text(self._config.organisation.language, "undecryptable"))
            async with self._db.transaction() as session:
                await session.events.drop_pending(pending.event_id)
                if await session.events.mark_processed(pending.event_id, pending.room_id, now):
                    await session.outbox.add(
                        f"undecryptable:{pending.event_id}",
                        [OutgoingMessage(pending.room_id, reply.content())],
                        now,
                    )
            del self._events[pending.event_id]
        log.info("event %s never became readable; the sender was asked to resend", pending.event_id)
        self._sender.wake()
