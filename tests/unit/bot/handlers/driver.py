"""The chat handlers driven message by message, with a real database, as the Matrix edge
drives them: the `Bot` of the handler tests, its fixtures and the people it talks to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest

from bot.config import parse_config
from bot.handlers.context import Incoming
from bot.handlers.dispatch import Conversations
from bot.wiring import conversations as build_conversations
from conversations.formatting import Reply
from storage import Agent, Campaign, Database, Participation, ReminderRow
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)

ORGANISATION = "Commune de Saint-Exemple"
ADMIN = "@dsi:example.org"
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
CHLOE = "@chloe:example.org"
DAVID = "@david:example.org"
EMMA = "@emma:example.org"
STRANGER = "@nouveau:example.org"  # writes to the bot but is not in the population
AGENTS = [ALICE, BRUNO, CHLOE]

CATEGORY_COUNT = 9  # the method's default catalogue
# As the French help shows them, with their accents.
AGENT_COMMANDS = [
    "!évaluer",
    "!mesréponses",
    "!modifier",
    "!langue",
    "!relances",
    "!absent",
    "!avis",
]

# One category answered with the first tool of its list, four ratings at once, no problem.
ONE_CATEGORY = ["1", "8 6 9 7", "rien"]
WHOLE_EVALUATION = ONE_CATEGORY * CATEGORY_COUNT + ["valider"]


class Bot:
    """The handler with a real database, driven message by message as the Matrix edge does."""

    def __init__(
        self,
        db: Database,
        conversations: Conversations,
        clock: SettableClock,
        opened: Counter,
    ) -> None:
        self.db = db
        self.conversations = conversations
        self.clock = clock
        self._opened = opened

    @property
    def campaigns_opened(self) -> int:
        return self._opened.calls

    async def say(
        self,
        sender: str,
        body: str,
        *,
        direct: bool = True,
        kind: Literal["text", "edit", "attachment"] = "text",
    ) -> list[Reply]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org" if direct else "!bureau:example.org"
        incoming = Incoming(sender, room, body, direct, kind=kind)
        async with self.db.transaction() as session:
            return await self.conversations.handle(session, incoming)

    async def say_all(self, sender: str, bodies: list[str]) -> list[Reply]:
        """Several messages in a row; the replies to the last one."""
        replies: list[Reply] = []
        for body in bodies:
            replies = await self.say(sender, body)
        return replies

    async def agent(self, user_id: str) -> Agent | None:
        async with self.db.read() as session:
            return await session.agents.get(user_id)

    async def campaign(self) -> Campaign | None:
        async with self.db.read() as session:
            return await session.campaigns.latest()

    async def participation(self, user_id: str) -> Participation | None:
        agent, campaign = await self.agent(user_id), await self.campaign()
        assert agent is not None and campaign is not None
        async with self.db.read() as session:
            return await session.participations.get(campaign.id, agent.id)

    async def mark_invited(self, *user_ids: str) -> None:
        """What the inviter does once the invitation DM is sent."""
        campaign = await self.campaign()
        assert campaign is not None
        async with self.db.transaction() as session:
            for user_id in user_ids:
                agent = await session.agents.get_or_create(user_id, self.clock.now())
                await session.participations.ensure(campaign.id, agent.id, self.clock.now())
                await session.participations.mark_invited(
                    campaign.id, agent.id, f"!dm-{agent.id}:example.org", self.clock.now()
                )

    async def reminder_row(self, user_id: str) -> ReminderRow:
        """What the reminder policy sees of an invited agent."""
        campaign = await self.campaign()
        assert campaign is not None
        async with self.db.read() as session:
            rows = await session.participations.reminder_rows(campaign.id)
        return next(row for row in rows if row.user_id == user_id)


MakeBot = Callable[..., Awaitable[Bot]]


def config_data(**organisation: Any) -> dict[str, Any]:
    return {
        "matrix": {
            "homeserver": "https://matrix.example.org",
            "user_id": "@harmonie:example.org",
            "password": "not-a-real-one",
        },
        "organisation": {
            # these tests read an open campaign's figures; the default (results at the
            # close) is tested in test_report_release.py
            "live_results": True,
            "name": ORGANISATION,
            "admins": [ADMIN],
            "agents": AGENTS,
            **organisation,
        },
    }


@pytest.fixture
async def make_bot(tmp_path: Path, open_database: OpenDatabase) -> MakeBot:

    async def make(population: list[str] | None = None, **organisation: Any) -> Bot:
        config = parse_config(
            config_data(**organisation), source="t.toml", base_dir=tmp_path, environ={}
        )
        db = await open_database()
        clock = SettableClock(MONDAY_MORNING)
        people = list(AGENTS if population is None else population)
        opened = Counter()
        conversations = build_conversations(config, clock, lambda: people, opened)
        return Bot(db, conversations, clock, opened)

    return make


@pytest.fixture
async def bot(make_bot: MakeBot) -> Bot:
    return await make_bot()


@pytest.fixture
async def campaign_bot(bot: Bot) -> Bot:
    """A bot with the campaign « Outils 2027 » open for Alice, Bruno and Chloé."""
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    return bot


def said(replies: list[Reply]) -> str:
    return readable("\n".join(reply.plain for reply in replies))


async def invite(bot: Bot, user_id: str) -> list[Reply]:
    campaign = await bot.campaign()
    assert campaign is not None
    async with bot.db.transaction() as session:
        agent = await session.agents.get_or_create(user_id, bot.clock.now())
        return await bot.conversations.invite(session, campaign, agent)
