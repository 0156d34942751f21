"""A sync batch's timeline events, stored in one transaction with a savepoint each.

For each event: the dedupe mark, the dialog's state and answers, and the replies in the
outbox, written together or not at all; the sender then sends what was committed.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from nio import Event

from bot.clock import Clock
from bot.config import Config
from bot.desks import Desks
from bot.handlers.context import Incoming
from bot.matrix.client import HarmonieClient, server_of
from bot.matrix.events import is_attachment, read_text
from bot.matrix.pending import PendingEvents
from bot.matrix.room_devices import sender_key, unseen_device
from bot.matrix.sender import UPLOAD, OutboxSender
from bot.probes.faults import crash_point
from conversations.formatting import Attachment, Reply
from conversations.texts import text
from storage import Database, OutgoingMessage, Session, StorageError, UnitOfWorkLost

log = logging.getLogger(__name__)

GROUP_COMMIT_SECONDS = 0.025  # a batch's transaction commits after this, and goes on


class BatchHandler:
    """Hands each readable message of an allowed sender to the handlers, inside the
    batch's transaction, and queues their replies."""

    def __init__(
        self,
        config: Config,
        db: Database,
        client: HarmonieClient,
        clock: Clock,
        allowed: frozenset[str],
        desks: Desks,
        sender: OutboxSender,
        pending: PendingEvents,
        room_locks: defaultdict[str, asyncio.Lock],
    ) -> None:
        self._config = config
        self._db = db
        self._client = client
        self._clock = clock
        self._allowed = allowed
        self.desks = desks
        self._sender = sender
        self._pending = pending
        self._room_locks = room_locks
        # Set by the sync loop at start: the moment before which history is not answered.
        self.first_started_at_ms = 0

    async def handle(self, events: list[tuple[str, Event]]) -> bool:
        """Timeline events (in order within each room), stored in one transaction, each
        in a savepoint of its own; False if one must be replayed later.

        One transaction for many events instead of one per event: their writes reach the
        WAL once, and what each event needs is read in few statements. A savepoint still
        undoes one event alone: a StorageError on it returns False (the batch is replayed;
        the others are deduplicated then), a bug marks it handled with an apology. If the
        transaction itself fails (locked, disk full), every message not yet committed
        gets the apology and the batch is replayed. A long batch commits every
        GROUP_COMMIT_SECONDS: the sender starts on the first replies while the bot reads
        the rest (one commit for a 50-event batch made the agents wait longer, measured
        with bench/load.py, although it took less CPU)."""
        jobs = [job for room_id, event in events if (job := self._job(room_id, event))]
        if not jobs:
            return True
        complete = True
        async with contextlib.AsyncExitStack() as locks:
            for room_id in sorted({job.room_id for job in jobs}):
                await locks.enter_async_context(self._room_locks[room_id])
            while jobs:
                outcomes: list[_Outcome] = []
                try:
                    async with self._db.transaction() as session:
                        began = asyncio.get_running_loop().time()
                        for job in jobs:
                            outcomes.append(await self._store(session, job))
                            if asyncio.get_running_loop().time() - began > GROUP_COMMIT_SECONDS:
                                break
                except StorageError as exc:
                    log.error(
                        "could not store %d event(s) of a sync batch (%s): %s",
                        len(jobs),
                        ", ".join(job.event_id for job in jobs[:5])
                        + (" …" if len(jobs) > 5 else ""),
                        exc,
                    )
                    for job in jobs:
                        if job.reading is not None:
                            await self._apologise(job, "storage_unavailable")
                    return False
                for job, outcome in zip(jobs, outcomes, strict=False):
                    if outcome == "failed":
                        await self._apologise(job, "storage_unavailable")
                        complete = False
                        continue
                    if outcome == "stored":
                        crash_point("after-store")
                    self._pending.discard(job.event_id)
                jobs = jobs[len(outcomes) :]
                self._sender.wake()
        return complete

    def _job(self, room_id: str, event: Event) -> _Job | None:
        """What a timeline event asks of the database, read without it; None: nothing."""
        sender: str = event.sender
        if sender == self._client.user_id or server_of(sender) not in self._allowed:
            return None
        if event.server_timestamp < self.first_started_at_ms:
            return None  # history from before the bot's very first start
        source: dict[str, Any] = event.source
        forget = _Job(room_id, event, None) if event.event_id in self._pending else None
        if source.get("type") != "m.room.message" or not isinstance(source.get("content"), dict):
            return forget  # a late-decrypted event that needs no answer leaves the list
        content: dict[str, Any] = source["content"]
        try:
            incoming_text = read_text(content)
            attachment = incoming_text is None and is_attachment(content)
        except Exception:  # whatever a client sends must not stop the bot
            log.exception("unreadable content in event %s; ignored", event.event_id)
            return forget
        if incoming_text is None and not attachment:
            return forget
        kind: Literal["text", "edit", "attachment"] = "text"
        if attachment:
            kind = "attachment"
        elif incoming_text is not None and incoming_text.edit_of is not None:
            kind = "edit"
        body = incoming_text.body if incoming_text is not None else ""
        return _Job(room_id, event, (body, kind))

    async def _store(self, session: Session, job: _Job) -> _Outcome:
        """One event in its savepoint of the batch's transaction."""
        event, room_id, now = job.event, job.room_id, self._clock.now()
        try:
            async with session.savepoint():
                if job.reading is None:
                    await session.events.drop_pending(job.event_id)
                    return "forgotten"
                if not await session.events.mark_processed(job.event_id, room_id, now):
                    if job.event_id in self._pending:
                        await session.events.drop_pending(job.event_id)
                    return "duplicate"  # already handled before a restart
                if job.event_id in self._pending:
                    await session.events.drop_pending(job.event_id)
                sender: str = event.sender
                view = await session.room_devices.view(room_id, sender_key(event))
                # A DM is a room recorded as this user's direct room (from an is_direct
                # invitation or one we created), not merely a room of two.
                direct = view.direct_with == sender
                unseen = direct and await unseen_device(session, room_id, event, now, view)
                body, kind = job.reading
                incoming = Incoming(
                    sender,
                    room_id,
                    body,
                    direct,
                    kind=kind,
                    unseen_device=unseen,
                )
                replies = await self.desks.handle(session, incoming)
                await session.outbox.add(job.event_id, [outgoing(room_id, r) for r in replies], now)
                return "stored"
        except UnitOfWorkLost:
            raise  # the batch's transaction is gone with it: the whole batch is replayed
        except StorageError as exc:
            log.error("could not store the handling of event %s: %s", job.event_id, exc)
            return "failed"
        except Exception:
            log.exception(
                "handling event %s failed (reference %s); the sender gets an apology",
                job.event_id,
                failure_reference(job.event_id),
            )
        try:
            await self._record_failure(session, room_id, job)
        except UnitOfWorkLost:
            raise
        except StorageError as exc:
            log.error("could not store the failure of event %s: %s", job.event_id, exc)
            return "failed"
        return "stored"

    async def _record_failure(self, session: Session, room_id: str, job: _Job) -> None:
        """A bug, not the disk: mark the event handled (no poison loop) and apologise, with
        the reference that is also in the log."""
        event_id = job.event_id
        reference = failure_reference(event_id)
        reply = Reply(
            text(self.desks.language(room_id, job.sender), "internal_error", reference=reference)
        )
        async with session.savepoint():
            if await session.events.mark_processed(event_id, room_id, self._clock.now()):
                await session.outbox.add(
                    event_id, [OutgoingMessage(room_id, reply.content())], self._clock.now()
                )

    async def _apologise(self, job: _Job, key: str) -> None:
        """Storage is failing: say so directly (the outbox itself may be unwritable)."""
        room_id, event_id = job.room_id, job.event_id
        reply = Reply(text(self.desks.language(room_id, job.sender), key))
        with contextlib.suppress(Exception):  # best effort: storage is already failing
            await self._client.room_send(
                room_id,
                "m.room.message",
                reply.content(),
                tx_id=f"harmonie-storage-{event_id}",
                ignore_unverified_devices=True,
            )


_Outcome = Literal["stored", "duplicate", "forgotten", "failed"]


@dataclass(frozen=True)
class _Job:
    """A timeline event the database must see: a message to handle (`reading`: its body
    and kind), or a pending one that needs no answer (`reading` None: forget it)."""

    room_id: str
    event: Event
    reading: tuple[str, Literal["text", "edit", "attachment"]] | None

    @property
    def event_id(self) -> str:
        return str(self.event.event_id)

    @property
    def sender(self) -> str:
        return str(self.event.sender)


def failure_reference(event_id: str) -> str:
    """A short reference for a bug a person met, shown to them and written in the log (as
    mautrix does), so the IT team finds the traceback from what the agent reports. Derived
    from the event id: a replayed event gets the same reference, hence the same message."""
    digest = hashlib.sha256(event_id.encode()).digest()
    return "E-" + base64.b32encode(digest)[:6].decode("ascii")


def outgoing(room_id: str, item: Reply | Attachment) -> OutgoingMessage:
    if isinstance(item, Attachment):
        content = {
            "filename": item.filename,
            "mimetype": item.mimetype,
            "data": base64.b64encode(item.data).decode("ascii"),
        }
        return OutgoingMessage(room_id, content, event_type=UPLOAD)
    return OutgoingMessage(room_id, item.content())
