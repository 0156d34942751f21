"""The composition root: log in, sync, hand each event to the pure logic, persist, send.

Order of durability, for each sync batch: the events are handled (state, dedupe mark and
outbox rows written in one transaction for the batch, a savepoint per event), then the
sync token is saved, then
the outbox is sent. A crash anywhere replays at most the batch, which the processed-event
table turns into no-ops, and resends at most unsent rows, which their transaction ids
make idempotent.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from nio import (
    Event,
    InviteMemberEvent,
    JoinError,
    MegolmEvent,
    RoomMessagesResponse,
    SyncError,
    SyncResponse,
)
from nio.exceptions import EncryptionError, LocalProtocolError

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.e2ee.identity import ensure_cross_signing
from bot.e2ee.key_sharing import KeySharing
from bot.handlers.context import Incoming
from bot.handlers.dispatch import Conversations
from bot.jobs.reminders import Reminders
from bot.jobs.retention import Retention
from bot.jobs.rollout import RolloutJobs
from bot.matrix.client import (
    STORE_ERRORS,
    HarmonieClient,
    log_in,
    pickle_key,
    reload_crypto_store,
    server_of,
)
from bot.matrix.delivery import DirectDelivery, NoticeDelivery
from bot.matrix.direct import mark_direct
from bot.matrix.events import is_attachment, read_text
from bot.matrix.inviter import Inviter
from bot.matrix.room_devices import sender_key, unseen_device
from bot.matrix.sender import UPLOAD, OutboxSender
from bot.probes import timings
from bot.probes.faults import crash_point
from conversations.formatting import Attachment, Reply
from conversations.texts import text
from storage import (
    Database,
    OutgoingMessage,
    PendingEncryptedEvent,
    Session,
    StorageError,
    UnitOfWorkLost,
)

log = logging.getLogger(__name__)

SYNC_TIMEOUT_MS = 30_000
SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 50}},
    "presence": {"not_types": ["*"]},
}
PENDING_CHECK_PERIOD = 1.0
GROUP_COMMIT_SECONDS = 0.025  # a batch's transaction commits after this, and goes on
MAX_SYNC_BACKOFF = 60.0


class Harmonie:
    """One bot: a Matrix client, a database, and the rules that join them."""

    def __init__(
        self,
        config: Config,
        db: Database,
        client: HarmonieClient,
        clock: Clock,
        *,
        sender: OutboxSender,
        key_sharing: KeySharing,
        conversations: Conversations,
        delivery: DirectDelivery,
        inviter: Inviter,
        notices: NoticeDelivery,
        reminders: Reminders,
        retention: Retention,
        rollout: RolloutJobs,
    ) -> None:
        """The parts come built (bot/wiring.py); the bot runs them."""
        self.config = config
        self.db = db
        self.client = client
        self.clock = clock  # business time: answers, invitations, reminders (tests move it)
        self.wall = SystemClock()  # protocol time: compared with the homeserver's timestamps
        self.allowed = config.matrix.allowed()
        self.sender = sender
        self.key_sharing = key_sharing
        self.conversations = conversations
        self.delivery = delivery
        self.inviter = inviter
        self.notices = notices
        self.reminders = reminders
        self.retention = retention
        self.rollout = rollout
        self._agents_room: str | None = config.organisation.agents_room
        self._management_room: str | None = config.organisation.management_room
        self.scheduler = AsyncIOScheduler(timezone=config.organisation.tz)
        self._room_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._pending: dict[str, tuple[PendingEncryptedEvent, MegolmEvent]] = {}
        self._stopping = asyncio.Event()
        self._first_started_at_ms = 0
        self._since: str | None = None
        self.ready = asyncio.Event()
        self.console: TextIO | None = None  # where a new recovery key is shown (a terminal)

    # ------------------------------------------------------------------ lifecycle

    def stop(self) -> None:
        """Ask the loop to finish the batch in hand and return (signal-safe)."""
        self._stopping.set()

    async def run(self) -> None:
        await log_in(self.client, self.config, self.db, self.clock)
        async with self.db.transaction() as session:
            started = await session.sync.record_first_start(self.wall.now())
            self._since = await session.sync.next_batch()
        self._first_started_at_ms = int(started.timestamp() * 1000)
        await self._load_pending()
        await self._resolve_agents_room()
        background = [
            asyncio.create_task(self.sender.run(), name="outbox"),
            asyncio.create_task(self._watch_pending(), name="pending"),
            asyncio.create_task(self._invite_when_ready(), name="invitations"),
            asyncio.create_task(self._deliver_when_ready(), name="notices"),
            asyncio.create_task(self._cross_sign_when_ready(), name="cross-signing"),
            asyncio.create_task(self._schedule_when_ready(), name="scheduler"),
        ]
        try:
            await self._sync_loop()
        finally:
            log.info("sync loop finished; stopping background tasks")
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(5):
                    await self.sender.drain()
            await self.sender.close()
            timings.write()
            left = await self.sender.unsent()
            if left:
                log.info("%d message(s) left in the outbox for the next start", left)

    async def _sync_loop(self) -> None:
        first = True
        backoff = 1.0
        while not self._stopping.is_set():
            response = await self._sync_or_stop(first)
            if response is None:
                return
            if isinstance(response, SyncResponse):
                timings.received(response, self.client.sync_arrived_at)
                self.key_sharing.collect(response.to_device_events)
            if isinstance(response, SyncError):
                log.warning("sync failed (%s), retrying in %.0fs", response.status_code, backoff)
                if response.status_code == "M_UNKNOWN_TOKEN":
                    raise RuntimeError("the homeserver no longer accepts the bot's access token")
                await self._sleep_or_stop(backoff)
                backoff = min(backoff * 2, MAX_SYNC_BACKOFF)
                continue
            try:
                complete = await self._handle_sync(response)
            except StorageError as exc:
                log.error("could not store a sync batch, replaying it later: %s", exc)
                complete = False
            if complete:
                # Every event of the batch is stored (or needs nothing): move on even if
                # the token cannot be saved now. Replaying the batch would not help, since
                # Synapse answers the same `since` from its cache for two minutes, without
                # the messages sent meanwhile; after a crash, the older token only replays
                # events that are deduplicated.
                self._since = response.next_batch
                backoff = 1.0
                await self._save_token(response.next_batch)
            else:
                # Something could not be stored: replay this batch later (handled events
                # are deduplicated), rather than move the token past an unhandled one.
                await self._sleep_or_stop(backoff)
                backoff = min(backoff * 2, MAX_SYNC_BACKOFF)
            try:
                await self._keep_keys()
            except STORE_ERRORS as exc:
                log.error("could not keep the encryption keys (%s); next sync retries", exc)
            if response.rooms.join:
                self.sender.wake()  # rooms joined in this batch may have messages waiting
            if first:
                log.info("ready: first sync handled")
            first = False
            self.ready.set()

    async def _save_token(self, next_batch: str) -> None:
        try:
            async with self.db.transaction() as session:
                await session.sync.save_next_batch(next_batch)
        except StorageError as exc:
            log.error("could not save the sync token, the next batch will: %s", exc)

    async def _sync_or_stop(self, first: bool) -> SyncResponse | SyncError | None:
        sync = asyncio.create_task(
            self.client.sync(
                timeout=0 if first else SYNC_TIMEOUT_MS,
                sync_filter=SYNC_FILTER,
                since=self._since,
                # nio keeps no room state across restarts: ask for all of it once.
                full_state=first,
            )
        )
        stop = asyncio.create_task(self._stopping.wait())
        done, _ = await asyncio.wait({sync, stop}, return_when=asyncio.FIRST_COMPLETED)
        if sync not in done:
            sync.cancel()
            await asyncio.gather(sync, return_exceptions=True)
            return None
        stop.cancel()
        try:
            return sync.result()
        except STORE_ERRORS as exc:  # the E2EE store: disk full, or its files unwritable
            log.error("the encryption store could not be written (%s); retrying the sync", exc)
            reload_crypto_store(self.client)
            return SyncError("encryption store unwritable", "STORE_UNWRITABLE")

    async def _sleep_or_stop(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()

    async def _keep_keys(self) -> None:
        """The client's key upkeep, the trust policy for devices seen since, then the DM
        partners' requests for the bot's room keys."""
        await self.client.keep_keys()
        self.client.trust_devices(self.allowed)
        await self.key_sharing.answer()

    # ------------------------------------------------------------------ a sync batch

    async def _handle_sync(self, response: SyncResponse) -> bool:
        """Handle every event of the batch; False if one could not be stored."""
        for room_id, info in response.rooms.invite.items():
            await self._on_invite(room_id, info.invite_state)

        work: dict[str, list[Event]] = defaultdict(list)
        for room_id, info in response.rooms.join.items():
            events: list[Event] = list(info.timeline.events)
            if info.timeline.limited and self._since is not None and info.timeline.prev_batch:
                events = await self._backfill(room_id, info.timeline.prev_batch) + events
            for event in events:
                if isinstance(event, MegolmEvent):
                    await self._keep_undecrypted(room_id, event)
                else:
                    work[room_id].append(event)
        for room_id, event in self._decrypt_pending():
            work[room_id].insert(0, event)  # older than anything in this batch
        return await self._handle_events(
            [(room_id, event) for room_id, events in work.items() for event in events]
        )

    async def _backfill(self, room_id: str, prev_batch: str) -> list[Event]:
        """Events the sync skipped (a gap while we were away): fetch them, oldest first."""
        assert self._since is not None
        fetched: list[Event] = []
        start = prev_batch
        while True:
            page = await self.client.room_messages(room_id, start=start, end=self._since, limit=100)
            if not isinstance(page, RoomMessagesResponse) or not page.chunk:
                break
            fetched.extend(page.chunk)
            if not page.end or page.end == start:
                break
            start = page.end
        if fetched:
            log.info("backfilled %d event(s) in a room after a gap", len(fetched))
        return list(reversed(fetched))

    async def _handle_room(self, room_id: str, events: list[Event]) -> bool:
        return await self._handle_events([(room_id, event) for event in events])

    async def _handle_events(self, events: list[tuple[str, Event]]) -> bool:
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
                    async with self.db.transaction() as session:
                        began = asyncio.get_running_loop().time()
                        for job in jobs:
                            outcomes.append(await self._store(session, job))
                            if asyncio.get_running_loop().time() - began > GROUP_COMMIT_SECONDS:
                                break
                except StorageError as exc:
                    log.error("could not store %d event(s) of a sync batch: %s", len(jobs), exc)
                    for job in jobs:
                        if job.reading is not None:
                            await self._apologise(job.room_id, job.event_id, "storage_unavailable")
                    return False
                for job, outcome in zip(jobs, outcomes, strict=False):
                    if outcome == "failed":
                        await self._apologise(job.room_id, job.event_id, "storage_unavailable")
                        complete = False
                        continue
                    if outcome == "stored":
                        crash_point("after-store")
                    self._pending.pop(job.event_id, None)
                jobs = jobs[len(outcomes) :]
                self.sender.wake()
        return complete

    def _job(self, room_id: str, event: Event) -> _Job | None:
        """What a timeline event asks of the database, read without it; None: nothing."""
        sender: str = event.sender
        if sender == self.client.user_id or server_of(sender) not in self.allowed:
            return None
        if event.server_timestamp < self._first_started_at_ms:
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
        event, room_id, now = job.event, job.room_id, self.clock.now()
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
                    management=room_id == self._management_room,
                    management_level=self._management_level(sender),
                    kind=kind,
                    unseen_device=unseen,
                )
                replies = await self.conversations.handle(session, incoming)
                await session.outbox.add(job.event_id, [outgoing(room_id, r) for r in replies], now)
                return "stored"
        except UnitOfWorkLost:
            raise  # the batch's transaction is gone with it: the whole batch is replayed
        except StorageError as exc:
            log.error("could not store the handling of event %s: %s", job.event_id, exc)
            return "failed"
        except Exception:
            log.exception("handling event %s failed; the sender gets an apology", job.event_id)
        try:
            await self._record_failure(session, room_id, job.event_id)
        except UnitOfWorkLost:
            raise
        except StorageError as exc:
            log.error("could not store the failure of event %s: %s", job.event_id, exc)
            return "failed"
        return "stored"

    async def _record_failure(self, session: Session, room_id: str, event_id: str) -> None:
        """A bug, not the disk: mark the event handled (no poison loop) and apologise."""
        reply = Reply(text(self.config.organisation.language, "internal_error"))
        async with session.savepoint():
            if await session.events.mark_processed(event_id, room_id, self.clock.now()):
                await session.outbox.add(
                    event_id, [OutgoingMessage(room_id, reply.content())], self.clock.now()
                )

    async def _apologise(self, room_id: str, event_id: str, key: str) -> None:
        """Storage is failing: say so directly (the outbox itself may be unwritable)."""
        reply = Reply(text(self.config.organisation.language, key))
        with contextlib.suppress(Exception):  # best effort: storage is already failing
            await self.client.room_send(
                room_id,
                "m.room.message",
                reply.content(),
                tx_id=f"harmonie-storage-{event_id}",
                ignore_unverified_devices=True,
            )

    def _management_level(self, user_id: str) -> int | None:
        """The user's power level in the management room, if they are a member of it."""
        room = self.client.rooms.get(self._management_room) if self._management_room else None
        if room is None or user_id not in room.users:
            return None
        return int(room.power_levels.get_user_level(user_id))

    # ------------------------------------------------------------------ campaigns

    def _population(self) -> list[str]:
        """Who a new campaign invites: the configured agents and the agents room's members."""
        people = set(self.config.organisation.agents)
        room = self.client.rooms.get(self._agents_room) if self._agents_room else None
        if room is not None:
            people.update(room.users)
        people.discard(self.client.user_id)
        return sorted(p for p in people if server_of(p) in self.allowed)

    async def _resolve_agents_room(self) -> None:
        """Room aliases of the configuration, turned into room IDs once at start-up."""
        for attribute, key in (
            ("_agents_room", "agents_room"),
            ("_management_room", "management_room"),
        ):
            alias = getattr(self, attribute)
            if alias is None or not alias.startswith("#"):
                continue
            answer = await self.client.room_resolve_alias(alias)
            room_id = getattr(answer, "room_id", None)
            if room_id:
                setattr(self, attribute, room_id)
            else:
                log.error("organisation.%s: the alias could not be resolved", key)

    async def _schedule_when_ready(self) -> None:
        """Timed work (reminders, the rollout's jobs) runs from APScheduler; its state lives
        in the database, so nothing is lost when the bot stops between two checks."""
        await self.ready.wait()
        checks = (
            ("reminders", self.reminders.check, self.config.campaign.reminder_check_seconds),
            ("rollout", self.rollout.check, self.config.rollout.check_seconds),
            ("retention", self.retention.check, self.config.privacy.check_seconds),
        )
        for name, check, seconds in checks:
            self.scheduler.add_job(
                check,
                "interval",
                seconds=seconds,
                id=name,
                max_instances=1,  # a slow check is never run twice at once
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
        self.scheduler.start()

    async def _cross_sign_when_ready(self) -> None:
        """Once this device's keys are on the server (after the first sync), make sure the
        bot's cross-signing identity signs it; Element and Tchap then trust it."""
        await self.ready.wait()
        if self.client.olm is None:
            return
        key = await asyncio.to_thread(pickle_key, self.config)
        await ensure_cross_signing(self.client, self.config, key, self.console)

    async def _deliver_when_ready(self) -> None:
        """Messages to people (reminders, surveys) also need the rooms of the first sync."""
        await self.ready.wait()
        await self.notices.run()

    async def _invite_when_ready(self) -> None:
        """Invitations need the rooms of the first sync (to find DMs made before a crash)."""
        await self.ready.wait()
        await self.inviter.run()

    # ------------------------------------------------------------------ invitations

    async def _on_invite(self, room_id: str, invite_state: list[Event]) -> None:
        inviter = None
        is_direct = False
        for event in invite_state:
            if isinstance(event, InviteMemberEvent) and event.state_key == self.client.user_id:
                inviter = event.sender
                is_direct = bool(event.content.get("is_direct"))
        if inviter is None or server_of(inviter) not in self.allowed:
            log.info("ignored an invitation from a server that is not allowed")
            return
        if is_direct:
            welcome = Reply(
                text(
                    self.config.organisation.language,
                    "welcome",
                    organisation=self.config.organisation.named,
                )
            )
            # One message: the welcome, and what the agent's data becomes.
            notice = self.conversations.privacy.notice(self.config.organisation.language)
            first = Reply(f"{welcome.text}\n\n{notice.text}")
            async with self.db.transaction() as session:
                await session.direct_rooms.remember(inviter, room_id, self.clock.now())
                await session.outbox.add(
                    f"welcome:{room_id}",
                    [OutgoingMessage(room_id, first.content())],
                    self.clock.now(),
                )
        joined = await self.client.join(room_id)
        if isinstance(joined, JoinError):
            log.warning("could not join an invited room: %s", joined.status_code)
            return
        if is_direct:
            await mark_direct(self.client, inviter, room_id)
        self.sender.wake()

    # ------------------------------------------------------------------ undecryptable events

    async def _load_pending(self) -> None:
        async with self.db.read() as session:
            stored = await session.events.pending()
        for pending in stored:
            event = MegolmEvent.from_dict(pending.source)
            if isinstance(event, MegolmEvent):
                event.room_id = pending.room_id
                self._pending[pending.event_id] = (pending, event)

    async def _keep_undecrypted(self, room_id: str, event: MegolmEvent) -> None:
        if event.sender == self.client.user_id or server_of(event.sender) not in self.allowed:
            return
        if event.event_id in self._pending or event.server_timestamp < self._first_started_at_ms:
            return
        event.room_id = room_id
        pending = PendingEncryptedEvent(
            event_id=event.event_id,
            room_id=room_id,
            sender=event.sender,
            session_id=event.session_id,
            source=event.source,
            received_at=self.wall.now(),
            key_requested_at=None,
        )
        async with self.db.transaction() as session:
            if await session.events.is_processed(event.event_id):
                return
            await session.events.keep_pending(pending)
        self._pending[event.event_id] = (pending, event)
        log.info("event %s waits for its room key", event.event_id)

    def _decrypt_pending(self) -> list[tuple[str, Event]]:
        """Events whose room key has arrived, decrypted; they stay pending until handled."""
        if self.client.olm is None:
            return []
        ready = []
        for pending, event in list(self._pending.values()):
            try:
                decrypted = self.client.olm.decrypt_megolm_event(event, pending.room_id)
            except EncryptionError:
                continue
            ready.append((pending.room_id, decrypted))
        return ready

    async def _watch_pending(self) -> None:
        """Ask for missing keys after a few seconds; ask the sender to resend after that."""
        matrix = self.config.matrix
        request_after = timedelta(seconds=matrix.key_request_after_seconds)
        give_up_after = request_after + timedelta(seconds=matrix.resend_request_after_seconds)
        while True:
            await asyncio.sleep(PENDING_CHECK_PERIOD)
            for room_id, event in self._decrypt_pending():
                await self._handle_room(room_id, [event])
            now = self.wall.now()
            for pending, event in list(self._pending.values()):
                age = now - pending.received_at
                if age >= give_up_after:
                    await self._give_up(pending, now)
                elif age >= request_after and pending.key_requested_at is None:
                    await self._request_key(pending, event, now)

    async def _request_key(
        self, pending: PendingEncryptedEvent, event: MegolmEvent, now: datetime
    ) -> None:
        with contextlib.suppress(LocalProtocolError):  # already asked for this session
            await self.client.request_room_key(event)
        async with self.db.transaction() as session:
            await session.events.mark_key_requested(pending.event_id, now)
        self._pending[pending.event_id] = (
            PendingEncryptedEvent(**{**pending.__dict__, "key_requested_at": now}),
            event,
        )
        log.info("room key requested for event %s", pending.event_id)

    async def _give_up(self, pending: PendingEncryptedEvent, now: datetime) -> None:
        async with self._room_locks[pending.room_id]:
            if pending.event_id not in self._pending:
                return
            reply = Reply(text(self.config.organisation.language, "undecryptable"))
            async with self.db.transaction() as session:
                await session.events.drop_pending(pending.event_id)
                if await session.events.mark_processed(pending.event_id, pending.room_id, now):
                    await session.outbox.add(
                        f"undecryptable:{pending.event_id}",
                        [OutgoingMessage(pending.room_id, reply.content())],
                        now,
                    )
            del self._pending[pending.event_id]
        log.info("event %s never became readable; the sender was asked to resend", pending.event_id)
        self.sender.wake()


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


def outgoing(room_id: str, item: Reply | Attachment) -> OutgoingMessage:
    if isinstance(item, Attachment):
        content = {
            "filename": item.filename,
            "mimetype": item.mimetype,
            "data": base64.b64encode(item.data).decode("ascii"),
        }
        return OutgoingMessage(room_id, content, event_type=UPLOAD)
    return OutgoingMessage(room_id, item.content())
