"""Two communes served by one bot: nothing of commune B reaches anyone of commune A, through
any command, any argument, any file — the handlers of each commune, built from its own
configuration, on one real database (both engines: see HARMONIE_TEST_DATABASE), routed by
bot/desks.py as the sync loop routes them."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from bot.config import Config, parse_config
from bot.desks import Desks
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.dispatch import COMMANDS
from bot.tenants import TenantRouter
from bot.wiring import conversations as build_conversations
from conversations.formatting import Attachment, Reply
from storage import Database
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.bot.handlers.driver import MONDAY_MORNING, WHOLE_EVALUATION
from tests.unit.conftest import OpenDatabase

EXAMPLE = Path(__file__).resolve().parents[2].parent / "suites.example.toml"
SECRET = "zorglub-hohwiller"  # what commune B's agents wrote: must never reach commune A

KERBIHAN = {
    "admin": "@yann:example.org",
    "manager": "@anne:example.org",
    "agents": [f"@k{n}:example.org" for n in range(6)],
}
HOHWILLER = {
    "admin": "@thomas:example.org",
    "manager": "@claire:example.org",
    "agents": [f"@h{n}:example.org" for n in range(6)],
}
B_PEOPLE = [HOHWILLER["admin"], HOHWILLER["manager"], *HOHWILLER["agents"]]


def structure(tmp_path: Path) -> Config:
    def commune(name: str, people: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": name,
            "admins": [people["admin"]],
            "managers": [people["manager"]],
            "agents": people["agents"],
            "live_results": True,
            "services": ["Accueil"],
        }

    data = {
        "matrix": {
            "homeserver": "https://matrix.example.org",
            "user_id": "@harmonie:example.org",
            "password": "not-a-real-one",
        },
        "structure": {"name": "Centre de gestion", "staff": ["@sophie:example.org"]},
        "organisations": {
            "kerbihan": commune("Commune de Kerbihan", KERBIHAN),
            "hohwiller": commune("Commune de Hohwiller", HOHWILLER),
        },
        "choice": {"catalogue": str(EXAMPLE)},
    }
    return parse_config(data, source="t.toml", base_dir=tmp_path, environ={})


class Structure:
    """Both communes' handlers behind the desks, on one database."""

    def __init__(self, config: Config, db: Database) -> None:
        self.clock = SettableClock(MONDAY_MORNING)
        self.db = db
        chats = {}
        for key, tenant in config.tenants().items():
            people = list(tenant.organisation.agents)
            chats[key] = build_conversations(
                tenant, self.clock, lambda people=people: people, Counter()
            )
        router = TenantRouter(config, {}, lambda room: frozenset())
        self.desks = Desks(config, chats, router, lambda room, user: None)

    async def say(self, sender: str, body: str) -> list[Outgoing]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org"
        async with self.db.transaction() as session:
            return await self.desks.handle(session, Incoming(sender, room, body, True))


def everything_in(replies: list[Outgoing]) -> str:
    """Every word and byte a person receives: texts, HTML, and files decoded."""
    parts = []
    for reply in replies:
        if isinstance(reply, Reply):
            parts += [reply.plain, reply.html or ""]
        elif isinstance(reply, Attachment):
            parts.append(reply.filename)
            data = reply.data
            parts.append(data.decode("utf-8", "replace"))
            parts.append(base64.b64encode(data).decode("ascii"))
            if data[:2] == b"PK":  # an OpenDocument file: read its content.xml
                import io
                import zipfile

                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    parts += [archive.read(name).decode("utf-8", "replace")
                              for name in archive.namelist() if name.endswith(".xml")]  # fmt: skip
    return readable("\n".join(parts))


@pytest.fixture
async def communes(tmp_path: Path, open_database: OpenDatabase) -> Structure:
    """Commune B (Hohwiller) has lived a whole method: a closed campaign all its agents
    answered (with a problem described in words only its agents used), a second one
    open, a pilot trial, a decision, a rollout plan, feedback. Commune A (Kerbihan) has
    just started."""
    world = Structure(structure(tmp_path), await open_database())
    admin = HOHWILLER["admin"]
    await world.say(admin, "!campagne ouvrir Outils Hohwiller 2026")
    for agent in HOHWILLER["agents"]:
        answers = [SECRET if body == "rien" else body for body in WHOLE_EVALUATION]
        for body in ["!évaluer", *answers]:
            await world.say(agent, body)
    await world.say(admin, "!campagne fermer")
    await world.say(HOHWILLER["manager"], "!rapport")  # freezes its release
    await world.say(admin, "!essai ouvrir alpha, beta")
    await world.say(admin, "!choix retenir alpha parce que " + SECRET)
    await world.say(admin, "!déploiement nouveau 15/03/2027")
    await world.say(HOHWILLER["agents"][0], "!avis " + SECRET)
    await world.say(admin, "!campagne ouvrir Deuxième campagne Hohwiller")
    # Commune A: one campaign, one agent who answered a little.
    await world.say(KERBIHAN["admin"], "!campagne ouvrir Outils Kerbihan")
    await world.say(KERBIHAN["agents"][0], "!évaluer")
    return world


ARGUMENTS = [
    "", "statut", "csv", "ods", "graphique", "campagne=1", "campagne=2", "retours",
    "retours csv", "choix", "choix csv", "choix ods", "comparer", "besoins",
    "visioconférence", "service=Accueil", "1", "2", "oui", "non", "fr", "en",
    "fermer", "export", "comparaison", "comparaison visioconférence",
]  # fmt: skip


async def test_no_command_of_commune_a_shows_anything_of_commune_b(communes: Structure) -> None:
    seen_by_a = []
    for sender in [KERBIHAN["manager"], KERBIHAN["agents"][1], KERBIHAN["admin"]]:
        for command in COMMANDS:
            for argument in ARGUMENTS:
                replies = await communes.say(sender, f"!{command.name} {argument}".strip())
                seen_by_a.append((f"!{command.name} {argument}", everything_in(replies)))

    leaks = [
        (typed, word)
        for typed, shown in seen_by_a
        for word in (SECRET, "Hohwiller", *B_PEOPLE)
        if word in shown
    ]
    assert leaks == []
    # and commune A's people were answered for real, not refused wholesale
    assert any("Kerbihan" in shown for _, shown in seen_by_a)


async def test_commune_b_still_sees_its_own_after_commune_a_tried_everything(
    communes: Structure,
) -> None:
    for command in COMMANDS:
        await communes.say(KERBIHAN["admin"], f"!{command.name} campagne=1")

    report = everything_in(await communes.say(HOHWILLER["manager"], "!rapport campagne=1"))

    assert "Outils Hohwiller 2026" in report
    assert SECRET in report  # its own agents' words, for its own managers


async def test_someone_of_no_commune_and_the_staff_get_no_communes_data(
    communes: Structure,
) -> None:
    stranger = everything_in(await communes.say("@inconnu:example.org", "!rapport"))
    staff = everything_in(await communes.say("@sophie:example.org", "!campagne statut"))

    assert "Je ne sais pas à quelle commune vous rattacher" in stranger
    for shown in (stranger, staff):
        assert SECRET not in shown and "Outils Hohwiller" not in shown
