"""Whether the device an agent writes from may have missed the bot's last messages."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from bot.matrix.room_devices import unseen_device
from tests.unit.conftest import OpenDatabase

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DM = "!dm:mairie.fr"
AGENT = "@agent:mairie.fr"


def sent_from(device_key: str | None, decrypted: bool = True) -> SimpleNamespace:
    """What matters of a nio event: a decrypted one carries its session's sender key."""
    return SimpleNamespace(sender=AGENT, sender_key=device_key, decrypted=decrypted)


async def test_a_device_that_held_the_key_of_the_latest_message_read_it_even_if_new(
    open_database: OpenDatabase,
) -> None:
    # an agent's only device, writing for the first time: it read the question
    db = await open_database()
    async with db.transaction() as session:
        await session.room_devices.record_key_holders(DM, "s1", ["laptop", "phone"], NOW)
        first = await unseen_device(session, DM, sent_from("phone"), NOW)
        second = await unseen_device(session, DM, sent_from("phone"), NOW)

    assert (first, second) == (False, False)


async def test_a_device_that_did_not_get_the_key_of_the_bots_latest_message_is_unseen(
    open_database: OpenDatabase,
) -> None:
    db = await open_database()
    async with db.transaction() as session:
        assert await unseen_device(session, DM, sent_from("laptop"), NOW)  # first words
        await session.room_devices.record_key_holders(DM, "s1", ["laptop"], NOW)
        assert not await unseen_device(session, DM, sent_from("laptop"), NOW)
        await session.room_devices.record_key_holders(DM, "s2", ["phone"], NOW)

        assert await unseen_device(session, DM, sent_from("laptop"), NOW)


async def test_with_no_encrypted_message_of_the_bot_recorded_only_first_words_count(
    open_database: OpenDatabase,
) -> None:
    db = await open_database()
    async with db.transaction() as session:
        assert await unseen_device(session, DM, sent_from("laptop"), NOW)
        assert not await unseen_device(session, DM, sent_from("laptop"), NOW)


async def test_an_unencrypted_message_is_never_from_an_unseen_device(
    open_database: OpenDatabase,
) -> None:
    db = await open_database()
    async with db.transaction() as session:
        await session.room_devices.record_key_holders(DM, "s1", [], NOW)

        assert not await unseen_device(session, DM, sent_from(None, decrypted=False), NOW)
        assert not await unseen_device(session, DM, sent_from("laptop", decrypted=False), NOW)
