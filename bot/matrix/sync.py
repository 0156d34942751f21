"""The sync loop: log in, sync, hand each batch to the handlers, keep the token, run the
background workers (sender, pending decryption, invitations, letters to people, scheduled jobs).

Order of durability, for each sync batch: the events are handled (state, dedupe mark and
outbox rows written in one transaction for the batch, a savepoint per event:
bot/matrix/batch.py), then the sync token is saved, then the outbox is sent. A crash
anywhere replays at most the batch, which the processed-event table turns into no-ops,
and resends at most unsent rows, which their transaction ids make idempotent. The parts
are built in bot/wiring.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

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

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.desks import Desks
from bot.e2ee.identity import ensure_cross_signing
from bot.e2ee.key_sharing import KeySharing
from bot.handlers.dispatch import Conversations
from bot.jobs.reminders import Reminders
from bot.jobs.retention import Retention
from bot.jobs.rollout import RolloutJobs
from bot.jobs.trials import TrialJobs
from bot.matrix.batch import BatchHandler
from bot.matrix.client import (
    STORE_ERRORS,
    HarmonieClient,
    log_in,
    pickle_key,
    reload_crypto_store,
    server_of,
)
from bot.matrix.delivery import DirectDelivery, LetterDelivery
from bot.matrix.direct import mark_direct
from bot.matrix.inviter import Inviter
from bot.matrix.pending import CHECK_SECONDS, PendingEvents
from bot.matrix.sender import OutboxSender
from bot.probes import timings
from bot.tenants import TenantRooms
from conversations.formatting import Reply
from conversations.texts import text
from storage import (
    Database,
    OutgoingMessage,
    StorageError,
)

log = logging.getLogger(__name__)

SYNC_TIMEOUT_MS = 30_000
SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 50}},
    "presence": {"not_types": ["*"]},
}
MAX_SYNC_BACKOFF = 60.0


@dataclass(frozen=True)
class TenantParts:
    """What one organisation served by the bot has of its own: its configuration, its
    handlers and its jobs, each working in its scope of the database."""

    config: Config
    conversations: Conversations
    reminders: Reminders
    retention: Retention
    rollout: RolloutJobs
    trials: TrialJobs


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
        tenants: Mapping[str, TenantParts],
        desks: Desks,
        delivery: DirectDelivery,
        inviter: Inviter,
        letters: LetterDelivery,
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
        self.tenants = dict(tenants)
        self.desks = desks
        self.delivery = delivery
        self.inviter = inviter
        self.letters = letters
        # One collectivité's parts, by their former names (its tests, its demo).
        first = next(iter(self.tenants.values()))
        self.conversations = first.conversations
        self.reminders = first.reminders
        self.retention = first.retention
        self.rollout = first.rollout
        self.trials = first.trials
        # Room IDs of each organisation's agents and pilots rooms (aliases resolved at start).
        self._rooms: dict[str, TenantRooms] = {
            key: TenantRooms(
                management=tenant.config.organisation.management_room,
                agents=tenant.config.organisation.agents_room,
                pilots=tenant.config.choice.pilots_room,
            )
            for key, tenant in self.tenants.items()
        }
        self.scheduler = AsyncIOScheduler(timezone=config.organisation.tz)
        self._room_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.pending = PendingEvents(
            config, db, client, self.allowed, sender, self._room_locks, self._handle_room
        )
        self.batch = BatchHandler(
            config,
            db,
            client,
            clock,
            self.allowed,
            desks,
            sender,
            self.pending,
            self._room_locks,
        )
        self._stopping = asyncio.Event()
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
            for key, tenant in self.tenants.items():  # the names the structure's staff read
                name = tenant.config.organisation.name
                await session.scoped(key).benchmark.register(name, self.clock.now())
        self.batch.first_started_at_ms = int(started.timestamp() * 1000)
        await self.pending.load()
        await self._resolve_agents_room()
        background = [
            asyncio.create_task(self.sender.run(), name="outbox"),
            asyncio.create_task(self._invite_when_ready(), name="invitations"),
            asyncio.create_task(self._deliver_when_ready(), name="letters"),
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
                    await self.pending.keep(room_id, event, self.batch.first_started_at_ms)
                else:
                    work[room_id].append(event)
        for room_id, event in self.pending.decrypted():
            work[room_id].insert(0, event)  # older than anything in this batch
        return await self.batch.handle(
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
        return await self.batch.handle([(room_id, event) for event in events])

    # ------------------------------------------------------------------ campaigns

    def _population(self, tenant: str | None = None) -> list[str]:
        """Who a new campaign invites: the configured agents and the agents room's members
        (of `tenant`; the first organisation when not given, one collectivité's)."""
        key = tenant or next(iter(self.tenants))
        agents = self.tenants[key].config.organisation.agents
        return self._people(agents, self._rooms[key].agents)

    def _pilots(self, tenant: str | None = None) -> list[str]:
        """Who a new trial invites: the configured pilots and the pilots room's members."""
        key = tenant or next(iter(self.tenants))
        return self._people(self.tenants[key].config.choice.pilots, self._rooms[key].pilots)

    def _people(self, named: list[str], room_id: str | None) -> list[str]:
        people = set(named)
        room = self.client.rooms.get(room_id) if room_id else None
        if room is not None:
            people.update(room.users)
        people.discard(self.client.user_id)
        return sorted(p for p in people if server_of(p) in self.allowed)

    async def _resolve_agents_room(self) -> None:
        """Room aliases of the configuration, turned into room IDs once at start-up, for
        each organisation: its agents, pilots and management rooms."""
        for key, tenant in self.tenants.items():
            rooms = self._rooms[key]
            resolved = TenantRooms(
                management=await self._room_id(
                    rooms.management, tenant.config.file_key("organisation.management_room")
                ),
                agents=await self._room_id(
                    rooms.agents, tenant.config.file_key("organisation.agents_room")
                ),
                pilots=await self._room_id(
                    rooms.pilots, tenant.config.file_key("choice.pilots_room")
                ),
            )
            self._rooms[key] = resolved
            self.desks.router.set_rooms(key, resolved)
            self.desks.management_rooms[key] = resolved.management

    async def _room_id(self, room: str | None, key: str) -> str | None:
        if room is None or not room.startswith("#"):
            return room
        answer = await self.client.room_resolve_alias(room)
        room_id = getattr(answer, "room_id", None)
        if room_id:
            return str(room_id)
        log.error("%s: the alias could not be resolved", key)
        return room

    async def _schedule_when_ready(self) -> None:
        """Periodic work runs from APScheduler (encrypted events waiting for their key,
        reminders, the rollout's jobs, the pilot trial's questions and reminders,
        retention); its state lives in the database, so nothing is lost when the bot stops
        between two checks. Only workers that something wakes (the sender, invitations,
        letters) run their own loop (bot/matrix/loops.py)."""
        await self.ready.wait()
        checks: list[tuple[str, Callable[[], Awaitable[object]], float]] = [
            ("pending", self.pending.check, CHECK_SECONDS)
        ]
        for key, tenant in self.tenants.items():
            every = tenant.config
            checks += [
                (f"reminders:{key}", tenant.reminders.check, every.campaign.reminder_check_seconds),
                (f"rollout:{key}", tenant.rollout.check, every.rollout.check_seconds),
                (f"trials:{key}", tenant.trials.check, every.campaign.reminder_check_seconds),
                (f"retention:{key}", tenant.retention.check, every.privacy.check_seconds),
            ]
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
        await self.letters.run()

    async def _invite_when_ready(self) -> None:
        """Invitations need the rooms of the first sync (to find DMs made before a crash)."""
        await self.ready.wait()
        await self.inviter.run()

    # ------------------------------------------------------------------ invitations

    def _welcome(self, room_id: str, inviter: str) -> Reply:
        """The first message of a DM: the welcome of the inviter's organisation and what
        their data becomes; the structure's, when the bot cannot tell whose they are."""
        routed = self.desks.router.route(room_id, inviter)
        if routed.tenant is None:
            language = self.config.organisation.language
            if routed.kind == "structure":
                named = self.config.organisation.named
                return Reply(text(language, "structure.welcome", organisation=named))
            return Reply(
                text(language, "tenant.unknown", organisation=self.config.organisation.named)
            )
        tenant = self.tenants[routed.tenant]
        organisation = tenant.config.organisation
        welcome = Reply(text(organisation.language, "welcome", organisation=organisation.named))
        notice = tenant.conversations.privacy.notice(organisation.language)
        return Reply(f"{welcome.text}\n\n{notice.text}")

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
            first = self._welcome(room_id, inviter)
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
