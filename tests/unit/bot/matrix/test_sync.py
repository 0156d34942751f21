"""The sync loop on a fake homeserver: what the bot answers, once, and when it moves on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.outbox import transaction_id
from tests.support.fake_matrix import (
    BOT,
    FakeHomeserver,
    dm_invitation,
    members,
    sync_batch,
    text_message,
)
from tests.support.kit import readable
from tests.unit.bot.matrix.bots import (
    AGENT,
    STRANGER,
    batch_handled,
    now_ms,
    outbox_empty,
    running,
)
from tests.unit.conftest import OpenDatabase

DM = "!agent-dm:mairie.fr"


def invited_by_agent(token: str = "s1") -> dict[str, object]:
    return sync_batch(token, invite={DM: dm_invitation(AGENT)})


def said(token: str, *messages: tuple[str, str]) -> dict[str, object]:
    """The agent's DM, joined, with these (event id, text) messages."""
    ts = now_ms()
    events = [
        text_message(AGENT, body, event_id, ts + i) for i, (event_id, body) in enumerate(messages)
    ]
    return sync_batch(token, join={DM: events}, state={DM: members(BOT, AGENT)})


async def test_an_event_delivered_twice_gets_one_reply(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$aide", "!aide")))
    homeserver.queue_sync(said("s3", ("$aide", "!aide")))  # the same batch again
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)

        replies = homeserver.sent_to(DM)

    assert len(replies) == 2  # the welcome, then one answer to !aide
    assert "!aide" in readable(replies[1]) or "aide" in readable(replies[1]).lower()


async def test_after_a_restart_with_an_old_token_a_handled_event_is_not_answered_again(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$aide", "!aide")))
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 2)
        await outbox_empty(bot)
    answered = len(homeserver.sent)
    asked = len(homeserver.syncs_asked())

    # the token was not saved (a crash before it): the homeserver replays the batch
    async with db.transaction() as session:
        await session.sync.save_next_batch("s1")
    homeserver.queue_sync(said("s2", ("$aide", "!aide")))
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, asked + 1)
        await outbox_empty(bot)

    assert homeserver.syncs_asked()[asked] == "s1"
    assert len(homeserver.sent) == answered


async def test_the_token_moves_only_past_a_batch_whose_events_are_all_stored(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    # the disk fails for the second message of a batch (a real SQLite error, mid-batch)
    fault = sqlite3.connect(tmp_path / "h0.db")
    fault.execute(
        "CREATE TRIGGER disk_fails BEFORE INSERT ON processed_events"
        " WHEN NEW.event_id = '$second' BEGIN SELECT abs(-9223372036854775807 - 1); END"
    )
    fault.commit()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$first", "!aide"), ("$second", "!aide")))
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 2)
        async with db.read() as session:
            token_while_failing = await session.sync.next_batch()
        # the disk is back; asked again from the old token, the homeserver replays the batch
        fault.execute("DROP TRIGGER disk_fails")
        fault.commit()
        homeserver.queue_sync(said("s2", ("$first", "!aide"), ("$second", "!aide")))
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)
        async with db.read() as session:
            token_after = await session.sync.next_batch()
    fault.close()

    assert token_while_failing == "s1"
    assert homeserver.syncs_asked()[1:] == ["s1", "s1", "s2"]
    assert token_after == "s2"
    answers = {s.txn_id for s in homeserver.sent}
    assert transaction_id("$first", 0) in answers
    assert transaction_id("$second", 0) in answers  # handled at the replay
    apologies = [s for s in homeserver.sent if s.txn_id == "harmonie-storage-$second"]
    assert len(apologies) == 1  # told at once that the bot could not store it


async def test_an_invitation_from_another_homeserver_is_ignored(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(
        sync_batch("s1", invite={"!spam:ailleurs.example": dm_invitation(STRANGER)})
    )
    homeserver.queue_sync(invited_by_agent("s2"))
    homeserver.queue_sync(said("s3"))  # the agent's DM, joined
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)
        async with db.read() as session:
            stranger_room = await session.direct_rooms.room_for(STRANGER)

    assert homeserver.joined == [DM]
    assert stranger_room is None
    assert {s.room_id for s in homeserver.sent} == {DM}  # the agent was welcomed
