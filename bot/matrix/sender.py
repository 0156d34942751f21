"""Sends what the outbox holds, in order per room, with the stored transaction ids.

A message is marked sent only after the homeserver returned its event id; a crash in
between resends it with the same transaction id, which the homeserver deduplicates. The
marks of messages sent meanwhile are written together, in one transaction, by a task of
their own: a room's next message does not wait for the database (which a sync batch may
hold), and the database sees one transaction for many sends.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from nio import (
    KeysQueryResponse,
    LocalProtocolError,
    OlmUnverifiedDeviceError,
    RoomSendResponse,
    SendRetryError,
    UploadResponse,
)

from bot.clock import Clock
from bot.matrix.client import HarmonieClient
from bot.matrix.room_devices import key_holders
from bot.probes import timings
from bot.probes.faults import crash_point
from storage import Database, OutboxEntry, StorageError

log = logging.getLogger(__name__)

UPLOAD = "harmonie.upload"  # an entry whose file is uploaded just before it is sent

RETRY_PERIOD = 5.0
NO_DEVICES_FOR = 60.0  # seconds a "this member has no device" answer is believed
MAX_BACKOFF = timedelta(minutes=10)


@dataclass(frozen=True)
class _Sent:
    """A message the homeserver accepted, to be marked sent."""

    entry_id: int
    event_id: str
    room_id: str
    key_holders: tuple[str, list[str]] | None  # see room_devices.key_holders


class OutboxSender:
    def __init__(
        self,
        client: HarmonieClient,
        db: Database,
        clock: Clock,
        allowed_servers: frozenset[str],
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._allowed = allowed_servers
        self._wake = asyncio.Event()
        self._busy_rooms: set[str] = set()
        self._keys_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._not_before: dict[int, float] = {}
        # Sent since the last outbox read began: that read, made on the reader connection
        # while a room was being drained, may still show them as unsent.
        self._just_sent: set[int] = set()
        # Sent, their marks not committed yet: no read may send them again meanwhile.
        self._unmarked: set[int] = set()
        self._marks: list[_Sent] = []
        self._marking: asyncio.Task[None] | None = None
        self._no_devices: dict[str, float] = {}  # user id → when the server said "none"

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Forever: on a wake-up (or every few seconds), start a drain per idle room."""
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
            # that races with the event, and the sender would never stop.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RETRY_PERIOD):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self._dispatch()
            except StorageError as exc:
                log.error("outbox unreadable, will retry: %s", exc)

    async def drain(self) -> None:
        """Send all that can be sent now (when stopping); bound it with asyncio.timeout."""
        while True:
            await self._dispatch()
            if self._tasks:
                await asyncio.wait(set(self._tasks))
                continue
            await self.marked()
            async with self._db.read() as session:
                left = await session.outbox.count_unsent()
            if left == 0 or not self._ready_entries_possible():
                return
            await asyncio.sleep(0.2)

    async def marked(self) -> None:
        """Wait until every message sent so far is marked sent (or its mark failed)."""
        while self._marking is not None and not self._marking.done():
            await asyncio.wait({self._marking})

    async def unsent(self) -> int:
        await self.marked()
        async with self._db.read() as session:
            return await session.outbox.count_unsent()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(StorageError):
            await self.marked()  # marks not written are resent at the next start: no loss

    def _ready_entries_possible(self) -> bool:
        now = asyncio.get_running_loop().time()
        return not self._not_before or min(self._not_before.values()) <= now

    async def _dispatch(self) -> None:
        async with self._db.committed() as session:
            read = await session.outbox.unsent(limit=1000)
        entries = [
            entry
            for entry in read
            if entry.id not in self._just_sent and entry.id not in self._unmarked
        ]
        self._just_sent.clear()  # any later read begins after they were marked sent
        now = asyncio.get_running_loop().time()
        by_room: dict[str, list[OutboxEntry]] = {}
        for entry in entries:
            by_room.setdefault(entry.room_id, []).append(entry)
        for room_id, room_entries in by_room.items():
            if room_id in self._busy_rooms:
                continue
            if self._not_before.get(room_entries[0].id, 0.0) > now:
                continue  # the head of this room's queue is backing off
            self._busy_rooms.add(room_id)
            task = asyncio.create_task(self._drain_room(room_id, room_entries))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _drain_room(self, room_id: str, entries: list[OutboxEntry]) -> None:
        try:
            for entry in entries:
                if not await self._send(entry):
                    break  # keep the order: later messages wait for this one
        finally:
            self._busy_rooms.discard(room_id)
        self.wake()  # messages queued for this room while we were sending

    async def _send(self, entry: OutboxEntry) -> bool:
        room = self._client.rooms.get(entry.room_id)
        if room is None or len(room.users) < 2:
            # Not joined yet, or a new DM whose invitation a later sync will show: that sync
            # wakes us again. Sending now would encrypt for nobody but ourselves.
            return False
        error = await self._attempt(entry)
        if error is None:
            self._not_before.pop(entry.id, None)
            return True
        attempts = entry.attempts + 1
        delay = min(2.0**attempts, MAX_BACKOFF.total_seconds())
        self._not_before[entry.id] = asyncio.get_running_loop().time() + delay
        level = logging.ERROR if attempts >= 5 else logging.WARNING
        log.log(
            level,
            "send %s to %s failed (attempt %d): %s",
            entry.txn_id,
            entry.room_id,
            attempts,
            error,
        )
        async with self._db.transaction() as session:
            await session.outbox.mark_failed(entry.id, error)
        return False

    async def _attempt(self, entry: OutboxEntry) -> str | None:
        """Send once; None on success, else what went wrong."""
        await self._know_devices(entry.room_id)
        event_type, content = entry.event_type, entry.content
        if event_type == UPLOAD:
            uploaded = await self._upload(entry)
            if isinstance(uploaded, str):
                return uploaded
            event_type, content = "m.room.message", uploaded
        timings.sending(entry.txn_id)
        for _ in range(2):
            try:
                response = await self._client.room_send(
                    entry.room_id,
                    event_type,
                    content,
                    tx_id=entry.txn_id,
                    ignore_unverified_devices=False,
                )
            except OlmUnverifiedDeviceError:
                # A device appeared since the last sync: apply the trust policy, then retry.
                self._client.trust_devices(self._allowed)
                continue
            except (SendRetryError, LocalProtocolError) as exc:
                return f"{type(exc).__name__}: {exc}"
            if isinstance(response, RoomSendResponse):
                crash_point("after-send")
                holders = key_holders(self._client, entry.room_id)
                self._mark(_Sent(entry.id, response.event_id, entry.room_id, holders))
                log.debug("sent %s as %s", entry.txn_id, response.event_id)
                return None
            return f"{getattr(response, 'status_code', '')} {getattr(response, 'message', '')}"
        return "devices could not be trusted"

    def _mark(self, sent: _Sent) -> None:
        """Have `sent` marked sent with whatever else is sent until the write begins."""
        self._marks.append(sent)
        self._unmarked.add(sent.entry_id)
        if self._marking is None or self._marking.done():
            self._marking = asyncio.create_task(self._write_marks(), name="outbox-marks")

    async def _write_marks(self) -> None:
        """Mark what was sent, in one transaction per round, until nothing is left. A
        failed write drops its marks: those messages are sent again with the same
        transaction ids, which the homeserver answers with the events it already has."""
        while self._marks:
            marks, self._marks = self._marks, []
            try:
                async with self._db.transaction() as session:
                    now = self._clock.now()
                    await session.outbox.mark_sent_many(
                        [(m.entry_id, m.event_id) for m in marks], now
                    )
                    await session.room_devices.record_many_key_holders(
                        [(m.room_id, *m.key_holders) for m in marks if m.key_holders], now
                    )
            except StorageError as exc:
                log.error("could not mark %d sent message(s), to resend: %s", len(marks), exc)
                self._unmarked.difference_update(m.entry_id for m in marks)
                continue
            ids = [m.entry_id for m in marks]
            self._unmarked.difference_update(ids)
            self._just_sent.update(ids)

    async def _know_devices(self, room_id: str) -> None:
        """Know every member's devices (invited ones included) before the room key is shared.

        nio shares a room key only with devices it knows, and only once per session: a
        message sent to a just-invited agent before their keys are queried would stay
        unreadable to them.
        """
        client = self._client
        room = client.rooms.get(room_id)
        if client.olm is None or room is None or not room.encrypted:
            return
        # Our syncs carry the full member list (no lazy loading). Left False, nio would
        # fetch /joined_members before the first send, which drops *invited* members, and
        # a just-invited agent would never get the key of the invitation message.
        room.members_synced = True
        async with self._keys_lock:
            if client.olm.users_for_key_query.intersection(room.users):
                # A member's device list changed (a phone just logged in, or wrote here):
                # learn it now, so that nio shares this message's key with it too.
                with contextlib.suppress(LocalProtocolError):
                    await client.keys_query()
            for _ in range(50):  # a query already in flight (from the sync loop) may answer
                unknown = self._unknown_members(room.users)
                if not unknown:
                    break
                client.olm.users_for_key_query.update(unknown)
                try:
                    answer = await client.keys_query()
                except LocalProtocolError:  # nothing left to ask: another query took them
                    answer = None
                if isinstance(answer, KeysQueryResponse):
                    # The server answered: whoever still has no device has none. Asking
                    # again for each message cost 5 s a message, all sends waiting.
                    now = asyncio.get_running_loop().time()
                    for user_id in self._unknown_members(unknown):
                        self._no_devices[user_id] = now
                    continue
                if self._unknown_members(room.users):
                    await asyncio.sleep(0.1)
        client.trust_devices(self._allowed)

    def _unknown_members(self, users: Iterable[str]) -> list[str]:
        """Members whose devices we do not know, except those the server recently said
        have none (a new device of theirs reaches us through the sync's device lists)."""
        client = self._client
        recent = asyncio.get_running_loop().time() - NO_DEVICES_FOR
        return [
            user_id
            for user_id in users
            if user_id != client.user_id
            and self._no_devices.get(user_id, -NO_DEVICES_FOR) < recent
            and not list(client.device_store.active_user_devices(user_id))
        ]

    async def _upload(self, entry: OutboxEntry) -> dict[str, Any] | str:
        """Upload the entry's file (encrypted in an encrypted room); the event content to
        send, or what went wrong. A retry uploads again: a spare copy in the media store,
        never a second message."""
        data = base64.b64decode(entry.content["data"])
        filename = str(entry.content["filename"])
        mimetype = str(entry.content["mimetype"])
        room = self._client.rooms.get(entry.room_id)
        encrypt = bool(room is not None and room.encrypted)
        response, keys = await self._client.upload(
            io.BytesIO(data),
            content_type="application/octet-stream" if encrypt else mimetype,
            filename=filename,
            encrypt=encrypt,
            filesize=len(data),
        )
        if not isinstance(response, UploadResponse):
            return f"upload failed: {getattr(response, 'message', response)}"
        content: dict[str, Any] = {
            "msgtype": "m.image" if mimetype.startswith("image/") else "m.file",
            "body": filename,
            "filename": filename,
            "info": {"mimetype": mimetype, "size": len(data)},
        }
        if encrypt and keys is not None:
            content["file"] = {**keys, "url": response.content_uri}
        else:
            content["url"] = response.content_uri
        return content
