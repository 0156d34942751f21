"""A structure serving several communes, for the handler tests of the benchmark: its
configuration, one database shared by every commune, each commune's handlers driven as
the Matrix edge drives them, and each commune's results published (answers written through
its own Session scope, the release frozen by its administrator's `!rapport`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import Config, build_survey, parse_config
from bot.handlers.context import Incoming
from bot.handlers.structure import StructureDesk
from bot.wiring import conversations as build_conversations
from conversations.formatting import Reply
from storage import AnswerRecord, Database
from tests.support.kit import Counter, SettableClock
from tests.unit.bot.handlers.driver import MONDAY_MORNING, Bot

BOT = "@harmonie:example.org"
STAFF = "@conseil:example.org"
STRUCTURE = "Centre de gestion du Finistère"
VISIO = "visioconference"
CRITERIA = ("efficacite", "cout", "securite", "assimilation")
AGENTS_EACH = 5

# Each commune's visioconference score (every criterion alike): Plouzané's 7.0 is above
# four of the six others.
SCORES: dict[str, float] = {
    "plouzane": 7.0,
    "brest": 4.0,
    "quimper": 5.0,
    "morlaix": 6.0,
    "crozon": 6.5,
    "landerneau": 8.5,
    "douarnenez": 9.0,
}
NAMES = {key: f"Commune de {key.capitalize()}" for key in SCORES}


def admin(key: str) -> str:
    return f"@dgs.{key}:example.org"


def manager(key: str) -> str:
    return f"@rh.{key}:example.org"


def agents(key: str) -> list[str]:
    return [f"@agent{n}.{key}:example.org" for n in range(AGENTS_EACH)]


def structure_config(
    tmp_path: Path, keys: list[str], *, threshold: int = 5, staff: list[str] | None = None
) -> Config:
    data: dict[str, Any] = {
        "matrix": {"homeserver": "https://matrix.example.org", "user_id": BOT, "password": "x"},
        "structure": {
            "name": STRUCTURE,
            "staff": [STAFF] if staff is None else staff,
            "benchmark_threshold": threshold,
        },
        "organisations": {
            key: {
                "name": NAMES.get(key, f"Commune {key}"),
                "admins": [admin(key)],
                "managers": [manager(key)],
                "agents": agents(key),
            }
            for key in keys
        },
    }
    return parse_config(data, source="t.toml", base_dir=tmp_path, environ={})


@dataclass
class Structure:
    """One database, each commune's handlers on its own scope, and the staff's desk."""

    config: Config
    db: Database
    clock: SettableClock
    communes: dict[str, Bot]
    desk: StructureDesk

    async def register(self) -> None:
        """What each commune's bot process does at its start."""
        for key, tenant in self.config.tenants().items():
            async with self.db.scoped(key, BOT).transaction() as session:
                await session.benchmark.register(tenant.organisation.name, self.clock.now())

    async def publish(self, key: str, score: float, *, closed: bool = True) -> None:
        """The commune's agents each rate Zoom `score` on every criterion; the campaign is
        closed and its administrator reads the report, which freezes it."""
        async with self.db.scoped(key, BOT).transaction() as session:
            campaign = await session.campaigns.open("Outils 2027", admin(key), None, self.now)
            for user in agents(key):
                agent = await session.agents.get_or_create(user, self.now)
                await session.participations.ensure(campaign.id, agent.id, self.now)
                ratings: dict[str, float | None] = dict.fromkeys(CRITERIA, score)
                row = AnswerRecord(VISIO, "Zoom", False, None, None, None, False, True, ratings)
                await session.participations.save_category(
                    campaign.id, agent.id, VISIO, [row], self.now
                )
            if closed:
                await session.campaigns.close(campaign.id, self.now)
        if closed:
            await self.communes[key].say(admin(key), "!rapport")

    @property
    def now(self) -> datetime:
        return self.clock.now()

    async def staff_says(
        self, body: str, sender: str = STAFF, *, direct: bool = True
    ) -> list[Reply]:
        incoming = Incoming(sender, "!dm-conseil:example.org", body, direct)
        async with self.db.transaction() as session:
            replies = await self.desk.handle(session, incoming)
        assert all(isinstance(reply, Reply) for reply in replies)
        return [reply for reply in replies if isinstance(reply, Reply)]

    async def in_management_room(self, key: str, sender: str, body: str) -> list[Reply]:
        commune = self.communes[key]
        incoming = Incoming(sender, f"!bureau-{key}:example.org", body, False, management=True)
        async with commune.db.transaction() as session:
            replies = await commune.conversations.handle(session, incoming)
        return [reply for reply in replies if isinstance(reply, Reply)]


async def structure_of(config: Config, db: Database) -> Structure:
    clock = SettableClock(MONDAY_MORNING)
    communes = {}
    tenants: Mapping[str, Config] = config.tenants()
    for key, tenant in tenants.items():
        people = agents(key)
        chat = build_conversations(tenant, clock, lambda people=people: people, Counter())
        communes[key] = Bot(db.scoped(key, BOT), chat, clock, Counter())
    desk = StructureDesk(config, build_survey(config), clock)
    structure = Structure(config, db, clock, communes, desk)
    await structure.register()
    return structure
