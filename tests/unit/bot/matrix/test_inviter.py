"""One paced inviter for campaigns and pilot trials, on a fake homeserver: each pilot
invited exactly once, through the one delivery path, even after a crash between recording
the invitation and sending it; a person in both gets both in one DM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.catalogue import load_catalogue
from bot.config import Config, parse_config
from bot.handlers.trial import Opening
from bot.matrix.delivery import DirectDelivery
from bot.matrix.inviter import CampaignInvitations, Inviter, TrialInvitations
from bot.matrix.sender import OutboxSender
from bot.wiring import conversations as build_conversations
from conversations.survey import DEFAULT_CATEGORIES
from conversations.trial_plan import trial_plan
from conversations.trial_state import dump_plan
from storage import Database, OutboxEntry, transaction_id
from tests.support.fake_matrix import BOT, FakeClient, FakeHomeserver, answer_with, sync_rooms
from tests.support.kit import SettableClock
from tests.unit.bot.matrix.bots import AGENT, NOW, fake_client
from tests.unit.conftest import OpenDatabase

EXAMPLE = Path(__file__).resolve().parents[4] / "suites.example.toml"
KEYS = [c.key for c in DEFAULT_CATEGORIES]
PILOT = "@pilote:mairie.fr"


def trial_config(tmp_path: Path) -> Config:
    data: dict[str, Any] = {
        "matrix": {
            "homeserver": "https://matrix.mairie.fr",
            "user_id": BOT,
            "access_token": "not-a-real-one",
            "store_path": str(tmp_path / "store"),
            "encryption": True,
        },
        "organisation": {"name": "Ville de Test", "admins": ["@admin:mairie.fr"]},
        "choice": {"catalogue": str(EXAMPLE)},
    }
    return parse_config(data, source="test", base_dir=tmp_path, environ={})


class Process:
    """One run of the bot's inviting side over a database that outlives it."""

    def __init__(self, tmp_path: Path, db: Database, homeserver: FakeHomeserver) -> None:
        config = trial_config(tmp_path)
        self.client: FakeClient = fake_client(tmp_path, homeserver, config)
        self.client.restore_login(BOT, "HARMONIEDEV", "token")
        clock = SettableClock(NOW)
        sender = OutboxSender(self.client, db, clock, frozenset({"mairie.fr"}))
        delivery = DirectDelivery(self.client, db, clock, sender, encrypted=True)
        chat = build_conversations(config, clock, lambda: [], lambda: None)
        self.inviter = Inviter(
            db, clock, delivery, 0, (CampaignInvitations(chat), TrialInvitations(chat))
        )


@pytest.fixture
async def db(open_database: OpenDatabase) -> Database:
    return await open_database()


@pytest.fixture
def homeserver() -> FakeHomeserver:
    return FakeHomeserver()


async def open_trial(db: Database, *pilots: str, closes_on: Any = None) -> dict[str, int]:
    """Trial 1 of alpha and beta, these pilots not invited yet; their agent ids."""
    async with db.transaction() as session:
        plan = trial_plan(Opening(("alpha", "beta"), closes_on), load_catalogue(EXAMPLE, KEYS),
                          None, KEYS)  # fmt: skip
        trial = await session.trials.open(["alpha", "beta"], "@admin:mairie.fr", closes_on, NOW,
                                          plan=dump_plan(plan))  # fmt: skip
        agents = await session.agents.ensure_many(list(pilots), NOW)
        for agent in agents.values():
            await session.trials.ensure_pilot(trial.id, agent.id)
    return {user_id: agent.id for user_id, agent in agents.items()}


async def outbox(db: Database) -> list[OutboxEntry]:
    async with db.read() as session:
        return await session.outbox.unsent()


async def pilots_waiting(db: Database) -> list[int]:
    async with db.read() as session:
        return [p.agent_id for p in await session.trials.to_invite(1)]


async def test_each_pilot_is_invited_once_with_where_to_try_each_suite(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    ids = await open_trial(db, AGENT, PILOT)
    bot = Process(tmp_path, db, homeserver)

    await bot.inviter.invite_pending()
    await bot.inviter.invite_pending()  # nobody waits any more: nothing sent twice

    assert bot.inviter.invited == 2
    assert [created["invite"] for created in homeserver.created] == [[AGENT], [PILOT]]
    entries = await outbox(db)
    assert [e.txn_id for e in entries] == [
        transaction_id(f"trial-invite:1:{ids[person]}", index)
        for person in (AGENT, PILOT)
        for index in (0, 1)
    ]
    assert [e.room_id for e in entries] == ["!dm1:mairie.fr"] * 2 + ["!dm2:mairie.fr"] * 2
    where = entries[1].content["body"]
    assert "https://essai.alpha.example" in where and "https://essai.beta.example" in where
    assert await pilots_waiting(db) == []
    async with db.read() as session:
        pilot = await session.trials.pilot(1, ids[AGENT])
    assert pilot is not None and pilot.room_id == "!dm1:mairie.fr"
    assert pilot.invite_requested_at == NOW and pilot.invited_at == NOW


async def test_a_dm_made_just_before_a_crash_is_reused_for_the_pilots_invitation(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    # The crash: the invitation was recorded and the room created, but nothing written.
    ids = await open_trial(db, AGENT)
    async with db.transaction() as session:
        await session.trials.mark_invite_requested(1, ids[AGENT], NOW)
    after = Process(tmp_path, db, homeserver)
    await sync_rooms(after.client, {"!made-before:mairie.fr": [BOT, AGENT]})

    await after.inviter.invite_pending()

    assert homeserver.created == []
    assert [e.room_id for e in await outbox(db)] == ["!made-before:mairie.fr"] * 2
    assert await pilots_waiting(db) == []


async def test_after_a_restart_an_invitation_written_is_not_written_again(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    await open_trial(db, AGENT)
    before = Process(tmp_path, db, homeserver)
    await before.inviter.invite_pending()
    written = await outbox(db)
    await before.client.close()

    after = Process(tmp_path, db, homeserver)  # killed before the sender sent anything
    await sync_rooms(after.client, {"!dm1:mairie.fr": [BOT, AGENT]})
    await after.inviter.invite_pending()

    assert await outbox(db) == written
    assert len(homeserver.created) == 1
    assert after.inviter.invited == 0


async def test_a_refused_room_creation_leaves_the_pilot_for_the_next_round(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    ids = await open_trial(db, AGENT)
    homeserver.create_script.append(answer_with(403, "M_FORBIDDEN"))
    bot = Process(tmp_path, db, homeserver)

    await bot.inviter.invite_pending()
    assert await pilots_waiting(db) == [ids[AGENT]] and await outbox(db) == []

    await bot.inviter.invite_pending()  # the next wake-up or check
    assert await pilots_waiting(db) == [] and len(await outbox(db)) == 2


async def test_an_agent_in_a_campaign_and_a_trial_gets_both_in_one_dm(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    async with db.transaction() as session:
        campaign = await session.campaigns.open("Outils 2027", "@admin:mairie.fr", None, NOW)
        agent = await session.agents.get_or_create(AGENT, NOW)
        await session.participations.ensure(campaign.id, agent.id, NOW)
    await open_trial(db, AGENT)
    bot = Process(tmp_path, db, homeserver)

    await bot.inviter.invite_pending()

    assert bot.inviter.invited == 2
    assert len(homeserver.created) == 1
    entries = await outbox(db)
    assert {e.room_id for e in entries} == {"!dm1:mairie.fr"}
    assert entries[0].txn_id == transaction_id(f"invite:{campaign.id}:{agent.id}", 0)
    assert entries[-1].txn_id == transaction_id(f"trial-invite:1:{agent.id}", 1)
    async with db.read() as session:
        assert await session.participations.to_invite(campaign.id) == []
    assert await pilots_waiting(db) == []


async def test_a_closed_trial_invites_nobody(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    await open_trial(db, AGENT)
    async with db.transaction() as session:
        await session.trials.close(1, NOW)
    bot = Process(tmp_path, db, homeserver)

    await bot.inviter.invite_pending()

    assert homeserver.created == [] and await outbox(db) == []
