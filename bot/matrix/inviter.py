"""Invites the agents of an open campaign, one DM at a time, paced for the homeserver.

Each agent is invited exactly once, even across crashes: the attempt is recorded before
the room is created, a room found afterwards is reused rather than created again (both
by `DirectDelivery`), and the invitation messages go through the outbox with a
transaction id of their own. What is the inviter's own: what to send, and the pace.
"""

from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.handlers.dispatch import Conversations
from bot.matrix.delivery import DirectDelivery
from bot.matrix.loops import work_when_woken
from storage import Campaign, Database, OutgoingMessage, Participation, Session

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30.0


class Inviter:
    """Invites the agents of the open campaign through the one delivery path, paced."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        conversations: Conversations,
        delivery: DirectDelivery,
        interval: float,
    ) -> None:
        self._db = db
        self._clock = clock
        self._conversations = conversations
        self._delivery = delivery
        self._interval = interval
        self._wake = asyncio.Event()
        self.invited = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await work_when_woken(self.invite_pending, self._wake, IDLE_CHECK_SECONDS, "invitations")

    async def invite_pending(self) -> None:
        """Invite every agent of the open campaign not invited yet, one DM per interval."""
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
            # Recorded even when the DM exists: the moment the inviter took the agent up.
            await session.participations.mark_invite_requested(campaign.id, agent.id, now)

        async def write(session: Session, room_id: str) -> None:
            replies = await self._conversations.invite(session, campaign, agent)
            await session.outbox.add(
                f"invite:{campaign.id}:{agent.id}",
                [OutgoingMessage(room_id, reply.content()) for reply in replies],
                now,
            )
            await session.participations.mark_invited(campaign.id, agent.id, room_id, now)

        delivered = await self._delivery.deliver(
            agent.user_id,
            requested_before=participation.invite_requested_at is not None,
            note_request=None,  # marked above
            write=write,
        )
        if delivered is None:
            log.warning("campaign %d: an agent could not be invited yet", campaign.id)
            return False
        self.invited += 1
        return True
