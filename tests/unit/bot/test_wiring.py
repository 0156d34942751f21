"""The composition root: one bot built from its configuration, its parts joined once."""

from __future__ import annotations

from pathlib import Path

from bot.config import parse_config
from bot.handlers.context import Incoming
from bot.matrix.client import HarmonieClient, client_config
from bot.wiring import assemble
from tests.support.fake_matrix import BOT, FakeHomeserver, sync_rooms
from tests.support.kit import SettableClock, readable
from tests.unit.bot.handlers.driver import ADMIN, ALICE, BRUNO, CHLOE, MONDAY_MORNING, config_data
from tests.unit.bot.matrix.bots import fake_client
from tests.unit.conftest import OpenDatabase

EXAMPLE = Path(__file__).resolve().parents[3] / "suites.example.toml"


async def test_a_campaign_opened_in_chat_invites_the_population_the_bot_sees(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    """The handlers are built before the bot whose rooms give the population: the campaign
    handler still reaches it, and the bot's parts are the ones the handlers use."""
    config = parse_config(
        config_data(agents=[ALICE, BRUNO]),
        source="t.toml",
        base_dir=tmp_path,
        environ={},
    )
    db = await open_database()
    client = HarmonieClient(
        config.matrix.homeserver,
        config.matrix.user_id,
        store_path=str(tmp_path),
        config=client_config(config, "not-a-real-key"),
    )
    try:
        bot = assemble(config, db, client, SettableClock(MONDAY_MORNING))
        assert bot.inviter is not None and bot.letters is not None
        async with db.transaction() as session:
            opened = await bot.conversations.handle(
                session, Incoming(ADMIN, "!dm:example.org", "!campagne ouvrir Outils", True)
            )
            assert "2 agents" in opened[0].plain, opened
            assert await session.agents.get(ALICE) is not None
            assert await session.agents.get(BRUNO) is not None
            assert await session.agents.get(CHLOE) is None
        # The rules the jobs share with the handlers: the campaign accepts answers today.
        assert await bot.reminders.check() == 0  # nobody invited yet, so nobody to remind
        async with db.read() as session:
            campaign = await session.campaigns.current()
        assert campaign is not None and bot.conversations.evaluation.accepting(campaign)
    finally:
        await client.close()


async def test_the_catalogue_is_loaded_once_and_the_comparison_counts_the_agents_the_bot_sees(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    """Phase 2's suites come from the configured catalogue, kept on the dispatcher for
    every handler that names a suite; the yearly cost is for the agents the bot sees."""
    data = config_data(agents=[ALICE, BRUNO, CHLOE])
    data["choice"] = {"catalogue": str(EXAMPLE)}
    config = parse_config(data, source="t.toml", base_dir=tmp_path, environ={})
    db = await open_database()
    client = HarmonieClient(
        config.matrix.homeserver,
        config.matrix.user_id,
        store_path=str(tmp_path),
        config=client_config(config, "not-a-real-key"),
    )
    try:
        bot = assemble(config, db, client, SettableClock(MONDAY_MORNING))
        assert [s.key for s in bot.conversations.choice.suites] == ["alpha", "beta", "gamma"]
        async with db.transaction() as session:
            [compared] = await bot.conversations.handle(
                session, Incoming(ADMIN, "!dm:example.org", "!choix comparer", True)
            )
        assert "Coût annuel estimé pour 3 agents" in compared.plain.replace("\u202f", " ")
    finally:
        await client.close()


async def test_a_trial_opened_in_chat_invites_the_pilots_named_and_those_of_their_room(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    """The pilot group: `choice.pilots`, and the members of `choice.pilots_room` the bot
    sees (not the bot, not someone of a server that is not allowed); the inviter is woken."""
    config = parse_config(
        {
            "matrix": {
                "homeserver": "https://matrix.mairie.fr",
                "user_id": BOT,
                "access_token": "not-a-real-one",
                "store_path": str(tmp_path / "store"),
                "encryption": False,
            },
            "organisation": {"name": "Ville de Test", "admins": ["@admin:mairie.fr"]},
            "choice": {
                "catalogue": str(EXAMPLE),
                "pilots": ["@named:mairie.fr"],
                "pilots_room": "!pilotes:mairie.fr",
            },
        },
        source="t.toml",
        base_dir=tmp_path,
        environ={},
    )
    db = await open_database()
    client = fake_client(tmp_path, FakeHomeserver(), config)
    client.restore_login(BOT, "HARMONIEDEV", "token")
    try:
        await sync_rooms(
            client,
            {
                "!pilotes:mairie.fr": [BOT, "@in-room:mairie.fr", "@away:ailleurs.example"],
                "!autre:mairie.fr": ["@elsewhere:mairie.fr"],
            },
        )
        bot = assemble(config, db, client, SettableClock(MONDAY_MORNING))
        assert bot._pilots() == ["@in-room:mairie.fr", "@named:mairie.fr"]
        async with db.transaction() as session:
            opened = await bot.conversations.handle(
                session, Incoming("@admin:mairie.fr", "!dm:mairie.fr", "!essai ouvrir alpha", True)
            )
            assert "2 pilotes vont être invités" in readable(opened[0].plain), opened
        assert bot.inviter._wake.is_set()
        # The trial's jobs are the bot's, and read the plan the handler builds.
        assert await bot.trials.check() == 0  # nobody invited yet, so nobody to ask
    finally:
        await client.close()
