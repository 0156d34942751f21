"""The outbox sender against a fake homeserver: order per room, retries, rate limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.matrix import sender as sender_module
from bot.matrix.sender import OutboxSender
from storage import Database, OutgoingMessage
from tests.support.fake_matrix import (
    ACCEPTED_THEN_LOST,
    BOT,
    FakeClient,
    FakeHomeserver,
    network_down,
    rate_limited,
    server_error,
    sync_rooms,
)
from tests.support.kit import SettableClock
from tests.unit.bot.matrix.bots import AGENT, NOW, eventually, fake_client
from tests.unit.conftest import OpenDatabase

ROOM_A = "!a:mairie.fr"
ROOM_B = "!b:mairie.fr"
OTHER = "@autre:mairie.fr"


class World:
    def __init__(self, db: Database, client: FakeClient) -> None:
        self.db = db
        self.client = client
        self.homeserver = client.homeserver
        self.sender = OutboxSender(client, db, SettableClock(NOW), frozenset({"mairie.fr"}))

    async def queue(self, cause: str, room_id: str, *bodies: str) -> None:
        messages = [OutgoingMessage(room_id, {"msgtype": "m.text", "body": b}) for b in bodies]
        async with self.db.transaction() as session:
            await session.outbox.add(cause, messages, NOW)
        self.sender.wake()

    async def all_sent(self) -> None:
        await eventually(self._none_left)

    async def all_sent_but(self, count: int) -> None:
        await eventually(lambda: self._left(count))

    async def _none_left(self) -> bool:
        return await self.sender.unsent() == 0

    async def _left(self, count: int) -> bool:
        return await self.sender.unsent() == count


@pytest.fixture
async def world(
    tmp_path: Path, open_database: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[World]:
    monkeypatch.setattr(sender_module, "RETRY_PERIOD", 0.05)  # look again often
    client = fake_client(tmp_path, FakeHomeserver())
    client.restore_login(BOT, "HARMONIEDEV", "token")
    await sync_rooms(client, {ROOM_A: [BOT, AGENT], ROOM_B: [BOT, OTHER]})
    world = World(await open_database(), client)
    running = asyncio.create_task(world.sender.run())
    try:
        yield world
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await world.sender.close()
        await client.close()


async def test_messages_to_one_room_go_out_in_order_and_a_failing_room_holds_no_other(
    world: World,
) -> None:
    world.homeserver.send_script[ROOM_A] = [server_error()]  # the first send in A fails
    await world.queue("e1", ROOM_A, "a1", "a2")
    await world.queue("e2", ROOM_B, "b1")
    await world.queue("e3", ROOM_A, "a3")
    await world.queue("e4", ROOM_B, "b2")
    await world.all_sent()

    assert world.homeserver.sent_to(ROOM_A) == ["a1", "a2", "a3"]
    assert world.homeserver.sent_to(ROOM_B) == ["b1", "b2"]
    bodies = [s.content["body"] for s in world.homeserver.sent]
    assert bodies.index("b2") < bodies.index("a1")  # B did not wait for A's retry


async def test_a_server_error_is_retried_with_the_same_transaction_id(world: World) -> None:
    world.homeserver.send_script[ROOM_A] = [server_error()]
    await world.queue("e1", ROOM_A, "bonjour")
    await world.all_sent()

    first, second = world.homeserver.send_attempts
    assert first == second  # same room, same transaction id
    assert world.homeserver.sent_to(ROOM_A) == ["bonjour"]


async def test_a_network_error_is_retried_with_the_same_transaction_id(world: World) -> None:
    world.homeserver.send_script[ROOM_A] = [network_down(), network_down()]
    await world.queue("e1", ROOM_A, "bonjour")
    await world.all_sent()

    assert len(set(world.homeserver.send_attempts)) == 1
    assert len(world.homeserver.send_attempts) == 3
    assert world.homeserver.sent_to(ROOM_A) == ["bonjour"]


async def test_a_lost_answer_does_not_make_a_second_message(world: World) -> None:
    world.homeserver.send_script[ROOM_A] = [ACCEPTED_THEN_LOST]
    await world.queue("e1", ROOM_A, "bonjour")
    await world.all_sent()

    assert len(world.homeserver.send_attempts) == 2
    assert world.homeserver.sent_to(ROOM_A) == ["bonjour"]


async def test_a_rate_limited_send_waits_and_then_succeeds(world: World) -> None:
    world.homeserver.send_script[ROOM_A] = [rate_limited(50), rate_limited(50)]
    await world.queue("e1", ROOM_A, "bonjour", "ça va ?")
    await world.all_sent()

    attempts = [txn for room, txn in world.homeserver.send_attempts]
    assert attempts[0] == attempts[1] == attempts[2]  # the same message, thrice
    assert world.homeserver.sent_to(ROOM_A) == ["bonjour", "ça va ?"]
    async with world.db.read() as session:
        left = await session.outbox.unsent()
    assert left == []
    failures = await _failures(world.db)
    assert failures == [0, 0]  # waiting out a rate limit is not a failure


async def test_a_message_is_marked_sent_once_and_never_sent_again(world: World) -> None:
    await world.queue("e1", ROOM_A, "bonjour")
    await world.all_sent()
    await world.queue("e2", ROOM_B, "salut")  # the sender looks at the outbox again
    await world.all_sent()
    await world.queue("e1", ROOM_A, "bonjour")  # the same cause queued again: a replay
    world.sender.wake()
    await world.queue("e3", ROOM_B, "re")
    await world.all_sent()

    assert world.homeserver.sent_to(ROOM_A) == ["bonjour"]
    assert [room for room, _ in world.homeserver.send_attempts].count(ROOM_A) == 1
    async with world.db.read() as session:
        rows = await session.conn.every(
            "SELECT event_id, attempts FROM outbox WHERE room_id = ?", (ROOM_A,)
        )
    assert [tuple(row) for row in rows] == [(world.homeserver.sent[0].event_id, 1)]


async def test_a_room_the_bot_has_not_joined_yet_waits(world: World) -> None:
    await world.queue("e1", "!new:mairie.fr", "bienvenue")
    await world.queue("e2", ROOM_A, "bonjour")
    await world.all_sent_but(1)

    assert world.homeserver.sent_to("!new:mairie.fr") == []
    await sync_rooms(world.client, {"!new:mairie.fr": [BOT, AGENT]}, token="s2")
    world.sender.wake()
    await world.all_sent()
    assert world.homeserver.sent_to("!new:mairie.fr") == ["bienvenue"]


async def _failures(db: Database) -> list[int]:
    async with db.read() as session:
        rows = await session.conn.every("SELECT attempts FROM outbox ORDER BY id")
    return [int(row[0]) - 1 for row in rows]
