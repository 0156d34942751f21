"""Invites people by DM, one at a time, paced for the homeserver: the agents of the open
campaign, then the pilots of the open trial, through one loop.

Each person is invited exactly once, even across crashes: the attempt is recorded before
the room is created, a room found afterwards is reused rather than created again (both
by `DirectDelivery`), and the invitation messages go to the outbox with a transaction id
of their own, in the transaction that marks the person invited. What differs between a
campaign and a trial (who waits, what they receive) is an `Invitations`; the pace is the
inviter's own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.handlers.dispatch import Conversations
from bot.matrix.delivery import DirectDelivery
from bot.matrix.loops import work_when_woken
from storage import DEFAULT_TENANT, Agent, Database, OutgoingMessage, Session

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30.0


@dataclass(frozen=True)
class Invitee:
    """Someone waiting for an invitation."""

    batch: int  # the campaign's or the trial's id
    agent_id: int
    requested_before: bool  # taken up before: a DM may have been made before a crash


class Invitations(Protocol):
    """One kind of invitation: who waits for it, and what it says."""

    @property
    def kind(self) -> str:
        """What it invites to, for the log ("campaign", "trial")."""
        ...

    @property
    def tenant(self) -> str:
        """The organisation whose people these are: its sessions are scoped to it."""
        ...

    async def waiting(self, session: Session) -> list[Invitee]:
        """The people not invited yet (a batch of them)."""
        ...

    async def mark_requested(self, session: Session, invitee: Invitee, now: datetime) -> None:
        """Record that the inviter took this person up (before any DM is made)."""
        ...

    async def write(
        self, session: Session, invitee: Invitee, agent: Agent, room_id: str, now: datetime
    ) -> None:
        """Queue the invitation in the outbox under its own cause and mark the person
        invited, in `session`'s transaction."""
        ...


class CampaignInvitations:
    """The open campaign's agents: its invitation, then the notice and first question."""

    kind = "campaign"

    def __init__(self, conversations: Conversations, tenant: str = DEFAULT_TENANT) -> None:
        self._conversations = conversations
        self.tenant = tenant

    async def waiting(self, session: Session) -> list[Invitee]:
        campaign = await session.campaigns.current()
        if campaign is None:
            return []
        return [
            Invitee(campaign.id, p.agent_id, p.invite_requested_at is not None)
            for p in await session.participations.to_invite(campaign.id)
        ]

    async def mark_requested(self, session: Session, invitee: Invitee, now: datetime) -> None:
        await session.participations.mark_invite_requested(invitee.batch, invitee.agent_id, now)

    async def write(
        self, session: Session, invitee: Invitee, agent: Agent, room_id: str, now: datetime
    ) -> None:
        campaign = await session.campaigns.get(invitee.batch)
        assert campaign is not None
        replies = await self._conversations.invite(session, campaign, agent)
        await session.outbox.add(
            f"invite:{campaign.id}:{agent.id}",
            [OutgoingMessage(room_id, reply.content()) for reply in replies],
            now,
        )
        await session.participations.mark_invited(campaign.id, agent.id, room_id, now)


class TrialInvitations:
    """The open trial's pilots: what the trial is, where and how to try each suite."""

    kind = "trial"

    def __init__(self, conversations: Conversations, tenant: str = DEFAULT_TENANT) -> None:
        self._conversations = conversations
        self.tenant = tenant

    async def waiting(self, session: Session) -> list[Invitee]:
        trial = await session.trials.current()
        if trial is None:
            return []
        return [
            Invitee(trial.id, p.agent_id, p.invite_requested_at is not None)
            for p in await session.trials.to_invite(trial.id)
        ]

    async def mark_requested(self, session: Session, invitee: Invitee, now: datetime) -> None:
        await session.trials.mark_invite_requested(invitee.batch, invitee.agent_id, now)

    async def write(
        self, session: Session, invitee: Invitee, agent: Agent, room_id: str, now: datetime
    ) -> None:
        trial = await session.trials.get(invitee.batch)
        assert trial is not None
        replies = await self._conversations.trials.invite(session, trial, agent)
        await session.outbox.add(
            f"trial-invite:{trial.id}:{agent.id}",
            [OutgoingMessage(room_id, reply.content()) for reply in replies],
            now,
        )
        await session.trials.mark_invited(trial.id, agent.id, room_id, now)


class Inviter:
    """Invites everyone waiting, kind after kind, through the one delivery path, paced."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        delivery: DirectDelivery,
        interval: float,
        invitations: Sequence[Invitations],
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery
        self._interval = interval
        self._invitations = tuple(invitations)
        self._wake = asyncio.Event()
        self.invited = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await work_when_woken(self.invite_pending, self._wake, IDLE_CHECK_SECONDS, "invitations")

    async def invite_pending(self) -> None:
        """Invite everyone not invited yet, one DM per interval; stop when nobody waits,
        or when every invitation of a round failed (the next wake-up or check retries)."""
        while True:
            tried = progressed = False
            for invitations in self._invitations:
                async with self._db.read() as session:
                    batch = await invitations.waiting(session.scoped(invitations.tenant))
                for invitee in batch:
                    tried = True
                    if await self._invite(invitations, invitee):
                        progressed = True
                    await asyncio.sleep(self._interval)
            if not tried or not progressed:
                return

    async def _invite(self, invitations: Invitations, invitee: Invitee) -> bool:
        now = self._clock.now()
        async with self._db.transaction() as bot_session:
            session = bot_session.scoped(invitations.tenant)
            agent = await session.agents.by_id(invitee.agent_id)
            if agent is None:
                return False
            # Recorded even when the DM exists: the moment the inviter took the person up.
            await invitations.mark_requested(session, invitee, now)

        async def write(bot_session: Session, room_id: str) -> None:
            scoped = bot_session.scoped(invitations.tenant)
            await invitations.write(scoped, invitee, agent, room_id, now)

        delivered = await self._delivery.deliver(
            agent.user_id,
            requested_before=invitee.requested_before,
            note_request=None,  # marked above
            write=write,
        )
        if delivered is None:
            log.warning("%s %d: someone could not be invited yet", invitations.kind, invitee.batch)
            return False
        self.invited += 1
        return True
