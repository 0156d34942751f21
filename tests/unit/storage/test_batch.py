"""A sync batch in one transaction with a savepoint per event, and the reads and writes
made in one statement for it (a real SQLite database, as the bot opens it)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from storage import Database, OutgoingMessage, Session, StorageError, UnitOfWorkLost

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
DM = "!dm:example.org"


async def handle(session: Session, event_id: str, body: str) -> None:
    """What handling one event writes: its dedupe mark and its reply."""
    await session.events.mark_processed(event_id, DM, NOW)
    await session.outbox.add(event_id, [OutgoingMessage(DM, {"body": body})], NOW)


async def stored(db: Database) -> tuple[list[str], list[str]]:
    async with db.read() as session:
        processed = await session.conn.every("SELECT event_id FROM processed_events ORDER BY 1")
        replies = await session.conn.every("SELECT content FROM outbox ORDER BY id")
    return [row[0] for row in processed], [row[0] for row in replies]


async def test_an_event_that_fails_is_undone_alone_and_the_others_of_the_batch_commit(
    db: Database,
) -> None:
    async with db.transaction() as session:
        async with session.savepoint():
            await handle(session, "$1", "un")
        with pytest.raises(RuntimeError):
            async with session.savepoint():
                await handle(session, "$2", "deux")
                raise RuntimeError("a bug in the handler")
        async with session.savepoint():
            await handle(session, "$3", "trois")

    processed, replies = await stored(db)
    assert processed == ["$1", "$3"]
    assert replies == ['{"body":"un"}', '{"body":"trois"}']


async def fail_for_a_while(session: Session) -> None:
    """A failure of the database of the moment (SQLite's OperationalError; PostgreSQL's
    class 53, the disk full), not of the statement."""
    if session.conn.dialect == "postgresql":
        await session.conn.execute(
            "DO $$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = 'disk_full'; END $$"
        )
    else:
        await session.conn.execute("INSERT INTO no_such_table VALUES (1)")


async def test_a_database_error_in_an_event_becomes_a_storage_error_and_spares_the_others(
    db: Database,
) -> None:
    async with db.transaction() as session:
        with pytest.raises(StorageError) as raised:
            async with session.savepoint():
                await handle(session, "$1", "un")
                await fail_for_a_while(session)
        async with session.savepoint():
            await handle(session, "$2", "deux")

    assert not isinstance(raised.value, UnitOfWorkLost)  # the batch can go on
    assert await stored(db) == (["$2"], ['{"body":"deux"}'])


async def test_a_failed_event_can_then_be_marked_handled_in_a_savepoint_of_its_own(
    db: Database,
) -> None:
    """As the sync loop does for a bug: the event's writes go, an apology takes their place."""
    async with db.transaction() as session:
        with pytest.raises(ZeroDivisionError):
            async with session.savepoint():
                await handle(session, "$1", "réponse")
                _ = 1 / 0
        async with session.savepoint():
            await handle(session, "$1", "désolé")

    assert await stored(db) == (["$1"], ['{"body":"désolé"}'])


async def test_a_batch_that_raises_outside_its_savepoints_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            async with session.savepoint():
                await handle(session, "$1", "un")
            raise RuntimeError("the batch itself failed")

    assert await stored(db) == ([], [])


async def test_a_savepoint_whose_undo_fails_says_the_whole_unit_of_work_is_lost(
    db: Database,
) -> None:
    with pytest.raises(UnitOfWorkLost):
        async with db.transaction() as session:
            async with session.savepoint():
                await handle(session, "$1", "un")
            async with session.savepoint():
                await handle(session, "$2", "deux")
                # What SQLite does itself on some errors (disk full, I/O): everything goes.
                await session.conn.execute("ROLLBACK")
                raise sqlite3.OperationalError("database or disk is full")

    assert await stored(db) == ([], [])
    # And the database is usable again.
    async with db.transaction() as session, session.savepoint():
        await handle(session, "$3", "trois")
    assert await stored(db) == (["$3"], ['{"body":"trois"}'])


async def test_messages_sent_together_are_marked_sent_in_one_call(db: Database) -> None:
    async with db.transaction() as session:
        await session.outbox.add(
            "$cause",
            [OutgoingMessage(DM, {"body": f"message {n}"}) for n in range(3)],
            NOW,
        )
        first, second, third = await session.outbox.unsent()
        await session.outbox.mark_sent_many(
            [(first.id, "$a:example.org"), (third.id, "$c:example.org")], NOW
        )
        await session.outbox.mark_sent_many([], NOW)

    async with db.read() as session:
        (left,) = await session.outbox.unsent()
        rows = await session.conn.every(
            "SELECT id, event_id, attempts, content FROM outbox ORDER BY id"
        )
    assert left.id == second.id
    assert rows == [
        (first.id, "$a:example.org", 1, "{}"),  # sent: its content is gone
        (second.id, None, 0, '{"body":"message 1"}'),
        (third.id, "$c:example.org", 1, "{}"),
    ]


async def test_key_holders_recorded_together_keep_the_last_send_of_each_room(
    db: Database,
) -> None:
    async with db.transaction() as session:
        await session.room_devices.record_many_key_holders(
            [
                (DM, "session-1", ["laptop"]),
                ("!other:example.org", "session-9", ["phone"]),
                (DM, "session-2", ["laptop", "phone", "laptop"]),
            ],
            NOW,
        )
        await session.room_devices.record_many_key_holders([], NOW)

    async with db.read() as session:
        assert await session.room_devices.held_latest_key(DM, "phone") is True
        assert await session.room_devices.held_latest_key("!other:example.org", "laptop") is False
        view = await session.room_devices.view(DM, "laptop")
    assert view.key_holders == frozenset({"laptop", "phone"})


async def test_a_rooms_view_says_whose_dm_it_is_and_what_the_device_did_there(
    db: Database,
) -> None:
    async with db.transaction() as session:
        empty = await session.room_devices.view(DM, "laptop")
        await session.direct_rooms.remember("@agent:example.org", DM, NOW)
        await session.room_devices.record_writer(DM, "@agent:example.org", "laptop", NOW)
        await session.room_devices.record_key_holders(DM, "session-1", ["phone"], NOW)
        laptop = await session.room_devices.view(DM, "laptop")
        phone = await session.room_devices.view(DM, "phone")
        unencrypted = await session.room_devices.view(DM, None)

    assert (empty.direct_with, empty.wrote_before, empty.key_holders) == (None, False, None)
    assert (laptop.direct_with, laptop.wrote_before) == ("@agent:example.org", True)
    assert laptop.key_holders == frozenset({"phone"})
    assert (phone.wrote_before, unencrypted.wrote_before) == (False, False)


async def test_an_agents_whereabouts_are_the_open_campaign_and_their_participation_in_it(
    db: Database,
) -> None:
    async with db.transaction() as session:
        nobody = await session.participations.whereabouts("@agent:example.org")
        agent = await session.agents.get_or_create("@agent:example.org", NOW)
        other = await session.agents.get_or_create("@other:example.org", NOW)
        old = await session.campaigns.open("Ancienne", "@dsi:example.org", None, NOW)
        await session.participations.ensure(old.id, agent.id, NOW)
        await session.campaigns.close(old.id, NOW)
        no_campaign = await session.participations.whereabouts("@agent:example.org")
        current = await session.campaigns.open(
            "Outils 2025", "@dsi:example.org", date(2025, 4, 1), NOW
        )
        await session.participations.ensure(current.id, other.id, NOW)
        not_invited = await session.participations.whereabouts("@agent:example.org")
        await session.participations.ensure(current.id, agent.id, NOW)
        await session.participations.save_state(
            current.id, agent.id, '{"v":1}', "RH", started=True, finished=False, now=NOW
        )
        found = await session.participations.whereabouts("@agent:example.org")
        expected = await session.participations.get(current.id, agent.id)

    assert (nobody.agent, nobody.campaign, nobody.participation) == (None, None, None)
    assert (no_campaign.agent, no_campaign.campaign) == (agent, None)
    assert no_campaign.participation is None
    assert (not_invited.campaign, not_invited.participation) == (current, None)
    assert (found.agent, found.campaign) == (agent, current)
    assert found.participation == expected
    assert found.participation is not None and found.participation.state == '{"v":1}'


async def test_ensuring_a_participation_twice_keeps_the_first_one(db: Database) -> None:
    async with db.transaction() as session:
        agent = await session.agents.get_or_create("@agent:example.org", NOW)
        campaign = await session.campaigns.open("Outils", "@dsi:example.org", None, NOW)
        made = await session.participations.ensure(campaign.id, agent.id, NOW)
        await session.participations.save_state(
            campaign.id, agent.id, '{"v":1}', None, started=True, finished=False, now=NOW
        )
        again = await session.participations.ensure(campaign.id, agent.id, NOW + timedelta(days=1))

    assert (made.campaign_id, made.agent_id, made.state) == (campaign.id, agent.id, None)
    assert again.state == '{"v":1}'
    assert again.started_at == NOW
