"""`harmonie demo --structure`: a structure (a Centre de gestion) serving three communes
with one bot, on the demo's throwaway homeserver and SQLite database.

The three communes are named as in config.structure.example.toml (Hohwiller-sur-Moder in
Alsace-Moselle); each equipped its agents with its own tools (`Commune.habits`), so that
their results differ. Each commune's administrator opens its campaign, all three at once;
its simulated agents answer it (`bot.demo.script.evaluation_messages`); the administrator
closes it and the commune's manager reads `!rapport`, which freezes its results and the
scores the comparison reads. Then each manager reads `!rapport comparaison` (their position,
no other commune named), and the structure's staff — the person at the keyboard's account —
read every commune named. The stage, the accounts and the configuration file are
`bot.demo.stage`'s; the console's sentences, `bot.demo.structure_console`'s.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.config import Config, parse_config
from bot.demo.console import DemoAccount
from bot.demo.homeserver import LocalHomeserver
from bot.demo.run import CAMPAIGN, DEMO_THRESHOLD, evaluate
from bot.demo.script import evaluation_messages
from bot.demo.simulated import SimulatedAgent, say, say_all
from bot.demo.stage import (
    CONFIG_FILE,
    MARKER,
    register,
    register_bot,
    serve,
    short_name,
    stage,
    write_summary,
    write_toml,
)
from bot.demo.structure_console import StructureConsole
from bot.matrix.sync import Harmonie
from conversations.survey import Survey

STRUCTURE = "Centre de gestion de Démonstration"
# Three communes cannot reach the default of 5 (benchmark_threshold's note says why).
BENCHMARK_THRESHOLD = 2
console = StructureConsole()  # stdout, for the person running the demo


@dataclass(frozen=True)
class Commune:
    """One of the structure's communes, and the tool of each category its agents were all
    given: what makes the three differ."""

    key: str
    name: str
    services: tuple[str, ...]
    habits: Mapping[str, str]
    seed: int  # of its simulated agents' answers
    alsace_moselle: bool = False


COMMUNES = (
    Commune(
        "kerbihan",
        "Commune de Kerbihan",
        ("Direction générale", "Accueil et état civil", "Services techniques", "Enfance"),
        {
            "visioconference": "Visio Tchap",
            "messagerie": "Tchap",
            "agenda": "BlueMind",
            "questionnaire": "Framaforms",
            "sondage": "Framadate",
            "gestion_projet": "OpenProject",
            "reservation": "GRR",
            "planification": "Tableur partagé",
            "ged": "Nextcloud",
        },
        seed=2000,
    ),
    Commune(
        "hohwiller",
        "Commune de Hohwiller-sur-Moder",
        ("Secrétariat de mairie", "Services techniques"),
        {
            "visioconference": "Microsoft Teams",
            "messagerie": "Microsoft Teams",
            "agenda": "Outlook / Exchange",
            "questionnaire": "Microsoft Forms",
            "sondage": "Microsoft Forms",
            "gestion_projet": "Microsoft Planner",
            "reservation": "Outlook / Exchange",
            "planification": "Microsoft To Do",
            "ged": "SharePoint",
        },
        seed=3000,
        alsace_moselle=True,
    ),
    Commune(
        "saint-aubin",
        "Commune de Saint-Aubin-des-Prés",
        ("Direction générale", "Ressources humaines", "Finances", "Culture"),
        {
            "visioconference": "Zoom",
            "messagerie": "WhatsApp",
            "agenda": "Google Agenda",
            "questionnaire": "Google Forms",
            "sondage": "Doodle",
            "gestion_projet": "Trello",
            "reservation": "Cahier papier",
            "planification": "Google Tasks",
            "ged": "Google Drive",
        },
        seed=6000,
    ),
)


@dataclass(frozen=True)
class People:
    """A commune's demo accounts."""

    admin: DemoAccount
    manager: DemoAccount
    agents: tuple[DemoAccount, ...] = ()

    def all(self) -> list[DemoAccount]:
        return [self.admin, self.manager, *self.agents]


def agent_messages(commune: Commune, survey: Survey, number: int) -> list[str]:
    """What the commune's simulated agent `number` (from 1) types in its evaluation."""
    return evaluation_messages(survey, random.Random(commune.seed + number), commune.habits)


def run_structure_demo(state: Path, port: int, agents: int, exit_after: float | None) -> int:
    """`harmonie demo --structure`, with `agents` simulated agents in each commune; the exit
    code."""

    async def play(server: LocalHomeserver, state: Path) -> int:
        return await _with_server(server, state, agents, exit_after)

    return stage(state, port, play)


async def _with_server(
    server: LocalHomeserver, state: Path, agents: int, exit_after: float | None
) -> int:
    bot_password = await register_bot(server)
    staff = await register(server, "staff", "vous")  # for the person trying it by hand
    cast = {c.key: await _register_commune(server, c, agents) for c in COMMUNES}
    config = _structure_config(server, state, bot_password, staff, cast)
    accounts = [staff, *(account for people in cast.values() for account in people.all())]
    organisations = {
        c.key: {"name": c.name, "accounts": [a.user_id for a in cast[c.key].all()]}
        for c in COMMUNES
    }
    more = {"structure": STRUCTURE, "staff": staff.user_id, "organisations": organisations}
    write_summary(state, server, config.matrix.user_id, accounts, more)
    named = [(c.name, cast[c.key]) for c in COMMUNES]
    console.structure_accounts(STRUCTURE, staff, named, server.url, state / MARKER)
    console.configuration(state / CONFIG_FILE, len(COMMUNES), BENCHMARK_THRESHOLD, DEMO_THRESHOLD)
    story = StructureStory(server.url, staff, cast)
    return await serve(server, state, config, accounts, story.run, exit_after)


async def _register_commune(server: LocalHomeserver, commune: Commune, agents: int) -> People:
    """@kerbihan.dsi, @kerbihan.encadrante, @kerbihan.agent1 …"""
    admin = await register(server, "admin", f"{commune.key}.dsi")
    manager = await register(server, "manager", f"{commune.key}.encadrante")
    simulated = [
        await register(server, "simulated", f"{commune.key}.agent{n}") for n in range(1, agents + 1)
    ]
    return People(admin, manager, tuple(simulated))


def structure_data(
    url: str, server_name: str, bot_password: str, staff: DemoAccount, cast: Mapping[str, People]
) -> dict[str, dict[str, object]]:
    """The structure's configuration: its staff, the three communes, one bot on SQLite."""
    organisations: dict[str, object] = {}
    for commune in COMMUNES:
        people = cast[commune.key]
        organisation: dict[str, object] = {
            "name": commune.name,
            "admins": [people.admin.user_id],
            "managers": [people.manager.user_id],
            "agents": [a.user_id for a in people.agents],
            "services": list(commune.services),
            "anonymity_threshold": DEMO_THRESHOLD,
            "privacy": {"data_controller": f"{commune.name}, représentée par son maire"},
        }
        if commune.alsace_moselle:
            organisation["calendar"] = {"alsace_moselle": True}
        organisations[commune.key] = organisation
    return {
        "matrix": {
            "homeserver": url,
            "user_id": f"@harmonie:{server_name}",
            "password": bot_password,
            "device_name": "Harmonie (démo)",
            "store_path": "bot/store",
        },
        "storage": {"path": "bot/harmonie.db"},
        "campaign": {"invite_interval_seconds": 0.1},
        "structure": {
            "name": STRUCTURE,
            "staff": [staff.user_id],
            "benchmark_threshold": BENCHMARK_THRESHOLD,
        },
        "organisations": organisations,
    }


NOTES = {
    "storage": (
        "One SQLite file and one bot process serve the three communes. A structure serving\n"
        "many may share them between several bot processes on PostgreSQL: [storage] url, in\n"
        "docs/deployment.md (tested in tests/integration/test_structure.py)."
    ),
    "structure.staff": "You, in the demo: the structure's staff read every commune named.",
    "structure.benchmark_threshold": (
        "Lowered from 5 for a structure of three communes: a score is compared only when at\n"
        "least this many communes have it, and a commune's managers are placed only among at\n"
        "least this many others. 5 would take five communes (six for a manager's position)."
    ),
    "organisations": (
        "The three communes. Each one's anonymity_threshold is lowered from 5 so that a demo\n"
        "of a few agents a commune shows figures; Hohwiller-sur-Moder is in Alsace-Moselle."
    ),
}


def _structure_config(
    server: LocalHomeserver,
    state: Path,
    bot_password: str,
    staff: DemoAccount,
    cast: Mapping[str, People],
) -> Config:
    data = structure_data(server.url, server.server_name, bot_password, staff, cast)
    write_toml(state / CONFIG_FILE, data, NOTES)
    return parse_config(data, source="demo", base_dir=state, environ={})


class StructureStory:
    """What the simulated people of the three communes and the structure's staff do."""

    def __init__(self, url: str, staff: DemoAccount, cast: Mapping[str, People]) -> None:
        self._url = url
        self._staff = staff
        self._cast = dict(cast)
        self._rooms: dict[str, str] = {}  # each person's DM with the bot

    async def run(self, bot: Harmonie, people: dict[str, SimulatedAgent]) -> None:
        agents = len(self._cast[COMMUNES[0].key].agents)
        console.campaigns_open(CAMPAIGN, [c.name for c in COMMUNES], agents)
        reports = await asyncio.gather(*(self._evaluation(bot, people, c) for c in COMMUNES))
        console.reports_read()
        for commune, report in zip(COMMUNES, reports, strict=True):
            console.commune_report(commune.name, report)

        managers = [people[short_name(self._cast[c.key].manager.user_id)] for c in COMMUNES]
        positions = await asyncio.gather(
            *(self._say(bot, manager, "!rapport comparaison") for manager in managers)
        )
        console.positions_read(len(COMMUNES) - 1)
        for commune, position in zip(COMMUNES, positions, strict=True):
            console.position(commune.name, position, BENCHMARK_THRESHOLD)

        staff = people[short_name(self._staff.user_id)]
        room = await self._room(bot, staff)
        replies = await say_all(staff, bot.config.matrix.user_id, room, "!rapport comparaison")
        survey = bot.tenants[COMMUNES[0].key].conversations.survey
        names = [category.name("fr") for category in survey.categories]
        console.staff_comparison(STRUCTURE, self._staff.user_id, replies, names)
        console.structure_next_steps(
            self._url, self._staff, [(c.name, self._cast[c.key].manager) for c in COMMUNES]
        )

    async def _evaluation(
        self, bot: Harmonie, people: dict[str, SimulatedAgent], commune: Commune
    ) -> str:
        """One commune's campaign, opened, answered and closed; its report, as its manager
        reads it (which freezes it)."""
        cast = self._cast[commune.key]
        admin = people[short_name(cast.admin.user_id)]
        await self._say(bot, admin, f"!campagne ouvrir {CAMPAIGN}")
        survey = bot.tenants[commune.key].conversations.survey
        bot_id = bot.config.matrix.user_id
        await asyncio.gather(
            *(
                evaluate(
                    people[short_name(agent.user_id)],
                    bot_id,
                    agent_messages(commune, survey, number),
                )
                for number, agent in enumerate(cast.agents, 1)
            )
        )
        await self._say(bot, admin, "!campagne fermer")
        return await self._say(bot, people[short_name(cast.manager.user_id)], "!rapport")

    async def _say(self, bot: Harmonie, person: SimulatedAgent, message: str) -> str:
        room = await self._room(bot, person)
        return await say(person, bot.config.matrix.user_id, room, message)

    async def _room(self, bot: Harmonie, person: SimulatedAgent) -> str:
        """The person's DM with the bot: opened the first time, once the bot said hello."""
        room = self._rooms.get(person.user_id)
        if room is None:
            bot_id = bot.config.matrix.user_id
            room = await person.open_direct_room(bot_id, within=60)
            await person.wait_for_messages(bot_id, 1, room)
            self._rooms[person.user_id] = room
        return room
