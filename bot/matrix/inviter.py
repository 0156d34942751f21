"""Invites the agents of an open campaign, one DM at a time, paced for the homeserver.

Each agent is invited exactly once, even across crashes: the attempt is recorded before
the room is created, a room found afterwards is reused rather than created again, and
the invitation messages go through the outbox with a transaction id of their own.
"""

from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.handlers.dispatch import Conversations
from bot.matrix.client import HarmonieClient
from bot.matrix.direct import DirectRoomError, create_direct_room, existing_direct_room
from bot.matrix.loops import work_when_woken
from bot.matrix.sender import OutboxSender
from bot.probes.faults import crash_point
from storage import Campaign, Database, OutgoingMessage, Participation

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30.0


class Inviter:
    def __init__(
        self,
        client: HarmonieClient,
        db: Database,
        clock: Clock,
        conversations: Conversations,
        sender: OutboxSender,
        interval: float,
        encrypted: bool,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._conversations = conversations
        self._sender = sender
        self._interval = interval
        self._encrypted = encrypted
        self._wake = asyncio.Event()
        self.invited = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await work_when_woken(self._invite_pending, self._wake, IDLE_CHECK_SECONDS, "invitations")

    async def _invite_pending(self) -> None:
        while True:
            async with self._db.read() as session:
                campaign = await session.campaigns.current()
                batch = await session.participations.to_invite(campaign.id) if campaign else []
            if campaign is None or not batch:
                return
            progressed = False
            for participation in batch:
                if await self._invite(campaign, participation):
                    progressed = True
                await asyncio.sleep(self._interval)
            if not progressed:
                return  # every one failed: wait for the next wake-up or check

    async def _invite(self, campaign: Campaign, participation: Participation) -> bool:
        now = self._clock.now()
        async with self._db.transaction() as session:
            agent = await session.agents.by_id(participation.agent_id)
            if agent is None:
                return False
            await session.participations.mark_invite_requested(campaign.id, agent.id, now)
            room_id = await session.direct_rooms.room_for(agent.user_id)
        if room_id is not None and room_id not in self._client.rooms:
            room_id = None
        if room_id is None and participation.invite_requested_at is not None:
            room_id = existing_direct_room(self._client, agent.user_id)  # made before a crash
        if room_id is None:
            try:
                room_id = await create_direct_room(
                    self._client, agent.user_id, encrypted=self._encrypted
                )
            except DirectRoomError as exc:
                log.warning("could not open a DM for an agent of campaign %d: %s", campaign.id, exc)
                return False
            crash_point("after-room-created")
        async with self._db.transaction() as session:
            await session.direct_rooms.remember(agent.user_id, room_id, now)
            replies = await self._conversations.invite(session, campaign, agent)
            await session.outbox.add(
                f"invite:{campaign.id}:{agent.id}",
                [OutgoingMessage(room_id, reply.content()) for reply in replies],
                now,
            )
            await session.participations.mark_invited(campaign.id, agent.id, room_id, now)
        self.invited += 1
        self._sender.wake()
        return True
