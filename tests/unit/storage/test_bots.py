"""What belongs to a bot account is its own: two bots on one database share no login, sync
token, outbox, letter, DM or handled event; a database of no bot is adopted by its bot."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storage import (
    Credentials,
    Database,
    OutgoingMessage,
    PendingEncryptedEvent,
    RoomView,
    Session,
)
from storage.credentials import CredentialsRepository
from storage.events import EventRepository
from storage.letters import LetterRepository
from storage.outbox import OutboxRepository
from storage.room_devices import RoomDeviceRepository
from storage.rooms import DirectRoomRepository
from storage.sync import SyncRepository

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
ONE = "@harmonie-nord:cdg.fr"
TWO = "@harmonie-sud:cdg.fr"
DM = "!dm-agent:cdg.fr"
AGENT = "@agent:mairie.fr"


async def fill(session: Session, token: str) -> None:
    """Everything a bot keeps, one row of each."""
    await session.credentials.save(Credentials(session.bot or ONE, "DEVICE", token), NOW)
    await session.sync.record_first_start(NOW)
    await session.sync.save_next_batch(token)
    await session.events.mark_processed("$seen", DM, NOW)
    await session.events.keep_pending(
        PendingEncryptedEvent(
            "$locked", DM, AGENT, "megolm-1", {"type": "m.room.encrypted"}, NOW, None
        )  # fmt: skip
    )
    await session.outbox.add("$seen", [OutgoingMessage(DM, {"body": token})], NOW)
    await session.direct_rooms.remember(AGENT, DM, NOW)
    await session.room_devices.record_writer(DM, AGENT, "curve-1", NOW)
    await session.room_devices.record_key_holders(DM, "megolm-2", ["curve-1"], NOW)
    await session.letters.add(f"reminder:{token}", AGENT, [{"body": token}], NOW)


Read = Callable[[Session], Awaitable[Any]]

READS: dict[str, Read] = {
    "credentials.get": lambda s: s.credentials.get(),
    "sync.next_batch": lambda s: s.sync.next_batch(),
    "sync.first_started_at": lambda s: s.sync.first_started_at(),
    "events.is_processed": lambda s: s.events.is_processed("$seen"),
    "events.pending": lambda s: s.events.pending(),
    "outbox.unsent": lambda s: s.outbox.unsent(),
    "outbox.count_unsent": lambda s: s.outbox.count_unsent(),
    "direct_rooms.room_for": lambda s: s.direct_rooms.room_for(AGENT),
    "direct_rooms.user_for": lambda s: s.direct_rooms.user_for(DM),
    "room_devices.view": lambda s: s.room_devices.view(DM, "curve-1"),
    "room_devices.held_latest_key": lambda s: s.room_devices.held_latest_key(DM, "curve-1"),
    "letters.undelivered": lambda s: s.letters.undelivered(),
}
WRITES = {
    "credentials.save", "credentials.clear", "sync.record_first_start",
    "sync.save_next_batch", "events.mark_processed", "events.keep_pending",
    "events.mark_key_requested", "events.drop_pending", "outbox.add", "outbox.mark_sent",
    "outbox.mark_sent_many", "outbox.mark_failed", "direct_rooms.remember",
    "room_devices.record_writer", "room_devices.record_key_holders",
    "room_devices.record_many_key_holders", "letters.add", "letters.add_many",
    "letters.mark_room_requested", "letters.mark_delivered",
}  # fmt: skip
BOT_REPOSITORIES: dict[str, type] = {
    "credentials": CredentialsRepository,
    "sync": SyncRepository,
    "events": EventRepository,
    "outbox": OutboxRepository,
    "direct_rooms": DirectRoomRepository,
    "room_devices": RoomDeviceRepository,
    "letters": LetterRepository,
}


def nothing(value: object) -> bool:
    return value in (None, False, 0, [], RoomView(None, False, None))


def test_every_method_of_a_bot_repository_is_checked_for_isolation() -> None:
    found = {
        f"{name}.{method}"
        for name, repository in BOT_REPOSITORIES.items()
        for method, _ in inspect.getmembers(repository, inspect.iscoroutinefunction)
        if not method.startswith("_")
    }

    assert found == set(READS) | WRITES


async def test_a_bot_reads_nothing_of_another_bot(db: Database) -> None:
    one, two = db.scoped("default", ONE), db.scoped("default", TWO)
    async with one.transaction() as session:
        await fill(session, "one")

    async with two.read() as session:
        seen_by_two = {name: await read(session) for name, read in READS.items()}
    async with one.read() as session:
        seen_by_one = {name: await read(session) for name, read in READS.items()}

    assert {name: seen for name, seen in seen_by_two.items() if not nothing(seen)} == {}
    assert [name for name, seen in seen_by_one.items() if nothing(seen)] == []


async def test_two_bots_keep_their_own_login_token_and_outbox(db: Database) -> None:
    one, two = db.scoped("default", ONE), db.scoped("default", TWO)
    async with one.transaction() as session:
        await fill(session, "one")
    async with two.transaction() as session:
        await fill(session, "two")  # the same event, room, agent and cause: no conflict
        [entry] = await session.outbox.unsent()
        await session.outbox.mark_sent(entry.id, "$sent", NOW)

    async with one.read() as session:
        login = await session.credentials.get()
        token = await session.sync.next_batch()
        unsent = [entry.content for entry in await session.outbox.unsent()]
        letters = [letter.cause for letter in await session.letters.undelivered()]
    async with two.read() as session:
        assert await session.outbox.count_unsent() == 0
        assert await session.sync.next_batch() == "two"

    assert login == Credentials(ONE, "DEVICE", "one")
    assert token == "one"
    assert unsent == [{"body": "one"}]
    assert letters == ["reminder:one"]


async def test_the_same_event_is_new_for_each_bot(db: Database) -> None:
    async with db.scoped("default", ONE).transaction() as session:
        assert await session.events.mark_processed("$e", DM, NOW)
        assert not await session.events.mark_processed("$e", DM, NOW)
    async with db.scoped("default", TWO).transaction() as session:
        assert not await session.events.is_processed("$e")
        assert await session.events.mark_processed("$e", DM, NOW)


async def test_a_bot_changes_nothing_of_another_bot(db: Database) -> None:
    one, two = db.scoped("default", ONE), db.scoped("default", TWO)
    async with one.transaction() as session:
        await fill(session, "one")
        [entry] = await session.outbox.unsent()
        [letter] = await session.letters.undelivered()

    async with two.transaction() as session:
        await session.outbox.mark_sent(entry.id, "$faux", NOW)
        await session.outbox.mark_failed(entry.id, "no")
        await session.letters.mark_delivered(letter.id, NOW)
        await session.events.drop_pending("$locked")
        await session.sync.save_next_batch("two")
        await session.credentials.clear()

    async with one.read() as session:
        assert [e.attempts for e in await session.outbox.unsent()] == [0]
        assert len(await session.letters.undelivered()) == 1
        assert len(await session.events.pending()) == 1
        assert await session.sync.next_batch() == "one"
        assert await session.credentials.get() is not None


async def test_a_bot_adopts_the_rows_of_no_bot_once(db: Database) -> None:
    async with db.transaction() as session:  # the default scope: bot ''
        await fill(session, "old")

    moved = await db.adopt(ONE)
    again = await db.adopt(ONE)

    async with db.scoped("default", ONE).read() as session:
        seen_by_one = {name: await read(session) for name, read in READS.items()}
    async with db.read() as session:
        left = {name: await read(session) for name, read in READS.items()}
    assert [name for name, seen in seen_by_one.items() if nothing(seen)] == []
    assert seen_by_one["outbox.unsent"][0].content == {"body": "old"}
    assert {name: seen for name, seen in left.items() if not nothing(seen)} == {}
    assert moved == 9  # one row of each bot table, and the login of this bot's account
    assert again == 0


async def test_a_bot_does_not_adopt_the_login_of_another_account(db: Database) -> None:
    async with db.transaction() as session:
        await session.credentials.save(Credentials(TWO, "OTHER", "not-mine"), NOW)

    assert await db.adopt(ONE) == 0

    async with db.scoped("default", ONE).read() as session:
        assert await session.credentials.get() is None
    async with db.read() as session:
        assert await session.credentials.get() == Credentials(TWO, "OTHER", "not-mine")


async def test_adopting_keeps_the_bots_own_rows_where_both_have_one(db: Database) -> None:
    async with db.transaction() as session:
        await session.sync.record_first_start(NOW - timedelta(days=30))
        await session.sync.save_next_batch("old")
        await session.events.mark_processed("$both", DM, NOW)
    async with db.scoped("default", ONE).transaction() as session:
        await session.sync.record_first_start(NOW)
        await session.sync.save_next_batch("mine")
        await session.events.mark_processed("$both", "!other:x", NOW)

    assert await db.adopt(ONE) == 0

    async with db.scoped("default", ONE).read() as session:
        assert await session.sync.next_batch() == "mine"
        assert await session.sync.first_started_at() == NOW


@pytest.mark.parametrize("bot", ["", ONE])
async def test_the_default_tenant_is_served_whatever_the_bot(db: Database, bot: str) -> None:
    async with db.transaction() as session:
        await session.campaigns.open("2027", "@dgs:x", None, NOW)

    async with db.scoped("default", bot).read() as session:
        assert await session.campaigns.current() is not None
    assert db.organisation == "default" and db.bot == ""
