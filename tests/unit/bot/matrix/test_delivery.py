"""The one delivery path to a person, on a fake homeserver: a DM opened once, reused,
found again after a restart or a crash; invitations and letters both go through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.matrix.delivery import DirectDelivery, LetterDelivery
from bot.matrix.inviter import CampaignInvitations, Inviter
from bot.matrix.sender import OutboxSender
from bot.wiring import conversations as build_conversations
from storage import Database, OutboxEntry
from tests.support.fake_matrix import BOT, FakeClient, FakeHomeserver, answer_with, sync_rooms
from tests.support.kit import SettableClock
from tests.unit.bot.matrix.bots import AGENT, NOW, bot_config, fake_client
from tests.unit.conftest import OpenDatabase

OTHER = "@autre:mairie.fr"


class Process:
    """One run of the bot's delivery side: a client (what nio knows from its syncs) and the
    workers built on it, over a database that outlives the process."""

    def __init__(self, tmp_path: Path, db: Database, homeserver: FakeHomeserver) -> None:
        self.config = bot_config(tmp_path, encryption=True)
        self.client: FakeClient = fake_client(tmp_path, homeserver, self.config)
        self.client.restore_login(BOT, "HARMONIEDEV", "token")
        self.db = db
        clock = SettableClock(NOW)
        sender = OutboxSender(self.client, db, clock, frozenset({"mairie.fr"}))
        self.delivery = DirectDelivery(self.client, db, clock, sender, encrypted=True)
        self.letters = LetterDelivery(db, clock, self.delivery, interval=0)
        conversations = build_conversations(self.config, clock, lambda: [], lambda: None)
        self.inviter = Inviter(db, clock, self.delivery, 0, (CampaignInvitations(conversations),))


@pytest.fixture
async def db(open_database: OpenDatabase) -> Database:
    return await open_database()


@pytest.fixture
def homeserver() -> FakeHomeserver:
    return FakeHomeserver()


async def notify(db: Database, cause: str, user_id: str, body: str) -> None:
    async with db.transaction() as session:
        await session.letters.add(cause, user_id, [{"msgtype": "m.text", "body": body}], NOW)


async def outbox(db: Database) -> list[OutboxEntry]:
    async with db.read() as session:
        return await session.outbox.unsent()


async def test_a_persons_dm_is_opened_once_and_reused(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    bot = Process(tmp_path, db, homeserver)
    await notify(db, "reminder:1", AGENT, "Rappel")
    await notify(db, "survey:1", AGENT, "Questionnaire")  # before any sync shows the DM
    await notify(db, "survey:2", OTHER, "Questionnaire (autre)")

    delivered = await bot.letters.deliver()
    await notify(db, "reminder:2", AGENT, "Rappel encore")
    delivered += await bot.letters.deliver()

    assert delivered == 4
    assert [created["invite"] for created in homeserver.created] == [[AGENT], [OTHER]]
    rooms = {entry.content["body"]: entry.room_id for entry in await outbox(db)}
    assert rooms == {
        "Rappel": "!dm1:mairie.fr",
        "Questionnaire": "!dm1:mairie.fr",
        "Rappel encore": "!dm1:mairie.fr",
        "Questionnaire (autre)": "!dm2:mairie.fr",
    }
    first = homeserver.created[0]
    assert first["is_direct"] is True
    assert [s["type"] for s in first["initial_state"]] == ["m.room.encryption"]
    assert homeserver.account_data["m.direct"] == {
        AGENT: ["!dm1:mairie.fr"],
        OTHER: ["!dm2:mairie.fr"],
    }


async def test_after_a_restart_the_recorded_dm_is_found_again(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    before = Process(tmp_path, db, homeserver)
    await notify(db, "reminder:1", AGENT, "Rappel")
    await before.letters.deliver()
    await before.client.close()

    after = Process(tmp_path, db, homeserver)
    await sync_rooms(after.client, {"!dm1:mairie.fr": [BOT, AGENT]})
    await notify(db, "reminder:2", AGENT, "Rappel encore")
    await after.letters.deliver()

    assert len(homeserver.created) == 1
    assert {entry.room_id for entry in await outbox(db)} == {"!dm1:mairie.fr"}


async def test_a_dm_created_just_before_a_crash_is_found_again(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    # The crash: the room was requested and created, but never recorded.
    await notify(db, "reminder:1", AGENT, "Rappel")
    async with db.transaction() as session:
        await session.letters.mark_room_requested(AGENT, NOW)
    after = Process(tmp_path, db, homeserver)
    await sync_rooms(after.client, {"!made-before:mairie.fr": [BOT, AGENT]})
    await after.letters.deliver()

    assert homeserver.created == []
    assert [entry.room_id for entry in await outbox(db)] == ["!made-before:mairie.fr"]
    async with db.read() as session:
        assert await session.direct_rooms.room_for(AGENT) == "!made-before:mairie.fr"


async def test_a_dm_the_bot_is_no_longer_in_is_replaced(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    async with db.transaction() as session:
        await session.direct_rooms.remember(AGENT, "!left:mairie.fr", NOW)
    bot = Process(tmp_path, db, homeserver)
    await notify(db, "reminder:1", AGENT, "Rappel")
    await bot.letters.deliver()

    assert len(homeserver.created) == 1
    assert [entry.room_id for entry in await outbox(db)] == ["!dm1:mairie.fr"]


async def test_a_refused_room_creation_leaves_the_letter_for_later(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    homeserver.create_script.append(answer_with(403, "M_FORBIDDEN"))
    bot = Process(tmp_path, db, homeserver)
    await notify(db, "reminder:1", AGENT, "Rappel")

    assert await bot.letters.deliver() == 0
    assert await outbox(db) == []
    assert await bot.letters.deliver() == 1  # the next check opens it


async def test_invitations_and_letters_share_the_persons_dm(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver
) -> None:
    async with db.transaction() as session:
        campaign = await session.campaigns.open("Outils 2027", "@admin:mairie.fr", None, NOW)
        agents = await session.agents.ensure_many([AGENT, OTHER], NOW)
        for agent in agents.values():
            await session.participations.ensure(campaign.id, agent.id, NOW)
    bot = Process(tmp_path, db, homeserver)
    await notify(db, "reminder:1", AGENT, "Rappel")
    await bot.letters.deliver()
    await bot.inviter.invite_pending()
    await bot.inviter.invite_pending()  # nothing left to invite: no second invitation

    assert bot.inviter.invited == 2
    assert [created["invite"] for created in homeserver.created] == [[AGENT], [OTHER]]
    by_room: dict[str, int] = {}
    for entry in await outbox(db):
        by_room[entry.room_id] = by_room.get(entry.room_id, 0) + 1
    assert set(by_room) == {"!dm1:mairie.fr", "!dm2:mairie.fr"}
    assert (
        by_room["!dm1:mairie.fr"] > by_room["!dm2:mairie.fr"]
    )  # the reminder, then the invitation
    async with db.read() as session:
        status = await session.participations.to_invite(campaign.id)
    assert status == []
