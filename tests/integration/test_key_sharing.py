"""A phone logged in after the bot wrote: it gets the bot's room keys when it asks for
them, and the bot shows it the current question again. Real Synapse, real nio devices."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from nio import ForwardedRoomKeyEvent, OlmEvent, RoomKeyRequestMessage

from bot.demo.simulated import ReceivedMessage, SimulatedAgent
from bot.e2ee.key_sharing import MEGOLM
from tests.integration.test_evaluation import open_campaign, say, wait_for_invitation
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


async def agent_answering(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> tuple[BotProcess, SimulatedAgent, str]:
    """An agent invited to a campaign, at the ratings of the tool they use (on a laptop)."""
    admin = make_agent("dsi")
    agent = make_agent()
    bot = make_bot(admins=[admin.user_id], agents=[agent.user_id])
    await bot.start()
    await asyncio.gather(admin.start(), agent.start("ordinateur"))
    await open_campaign(admin, bot)
    room_id = await wait_for_invitation(agent, bot)
    await say(agent, bot, room_id, "2")  # Microsoft Teams: its four ratings come next
    return bot, agent, room_id


def stored_ratings(db_path: Path, user_id: str, category: str) -> dict[str, int | None]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT criterion, value FROM ratings JOIN agents ON agents.id = ratings.agent_id"
            " WHERE agents.user_id = ? AND category = ?",
            (user_id, category),
        ).fetchall()
    return dict(rows)


async def test_a_phone_logged_in_after_the_invitation_reads_it_and_carries_on(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    closing: list[Any],
    tmp_path: Path,
) -> None:
    bot, laptop, room_id = await agent_answering(make_bot, make_agent)
    seen_on_laptop = [m.body for m in laptop.messages_from(bot.user_id, room_id)]
    phone = laptop.another_device(tmp_path / "phone")
    closing.append(phone)

    await phone.start("nouveau téléphone", history=50)
    assert phone.messages_from(bot.user_id) == []  # every key went to the laptop only
    assert phone.undecryptable >= len(seen_on_laptop)
    assert await phone.request_missing_keys() >= 1
    await phone.wait_for(
        lambda: {m.body for m in phone.messages_from(bot.user_id, room_id)} >= set(seen_on_laptop)
    )

    invitation, *_, question = seen_on_laptop
    assert "lance une évaluation" in invitation and "Microsoft Teams" in question
    forwards = [e for e in phone.to_device if isinstance(e, ForwardedRoomKeyEvent)]
    assert forwards and {(e.sender, e.room_id) for e in forwards} == {(bot.user_id, room_id)}
    assert f"forwarded to device {phone.client.device_id}" in bot.log_text()

    before = len(phone.messages_from(bot.user_id, room_id))
    await phone.send(room_id, "8 6 9 7")
    reply = (await phone.wait_for_messages(bot.user_id, before + 1, room_id))[-1].body

    assert "Quel problème rencontrez-vous avec Microsoft Teams" in reply
    # A category is stored once complete: the phone finishes it (it has read this one).
    assert "2/9" in await say(phone, bot, room_id, "rien")
    assert stored_ratings(bot.db_path, laptop.user_id, "visioconference") == {
        "efficacite": 8,
        "cout": 6,
        "securite": 9,
        "assimilation": 7,
    }


async def test_a_new_device_saying_hello_mid_evaluation_gets_the_question_in_full(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    closing: list[Any],
    tmp_path: Path,
) -> None:
    bot, laptop, room_id = await agent_answering(make_bot, make_agent)
    phone = laptop.another_device(tmp_path / "phone")
    closing.append(phone)
    await phone.start("nouveau téléphone")
    earlier = {m.event_id for m in laptop.messages_from(bot.user_id, room_id)}

    def replies() -> list[ReceivedMessage]:  # nio may also get the earlier ones forwarded
        return [m for m in phone.messages_from(bot.user_id, room_id) if m.event_id not in earlier]

    await phone.send(room_id, "Bonjour")
    await phone.wait_for(lambda: len(replies()) >= 1)
    (reply,) = replies()

    assert "nouvel appareil" in reply.body and "!confidentialité" in reply.body
    assert "1/9 — visioconférence" in reply.body and "Microsoft Teams — " in reply.body
    assert "votre note de 0 à 10" in reply.body
    # The laptop, which has read the question, is only greeted back (once it has the
    # phone's reply too: otherwise that reply would be taken for the laptop's).
    await laptop.wait_for(
        lambda: any(m.event_id == reply.event_id for m in laptop.messages_from(bot.user_id))
    )
    assert "nouvel appareil" not in await say(laptop, bot, room_id, "Bonjour")
    assert stored_ratings(bot.db_path, laptop.user_id, "visioconference") == {}


def bot_session(agent: SimulatedAgent, bot_id: str, room_id: str) -> tuple[str, str]:
    """The bot's Curve25519 key and its Megolm session in a room, as the agent holds them."""
    olm = agent.client.olm
    assert olm is not None
    (device,) = agent.client.device_store.active_user_devices(bot_id)
    sessions = olm.inbound_group_store[room_id][device.curve25519]
    return device.curve25519, next(iter(sessions))


def key_request(
    agent: SimulatedAgent, bot_id: str, room_id: str, sender_key: str, session_id: str, tag: str
) -> RoomKeyRequestMessage:
    """An `m.room_key_request` to the bot's devices, as any client may send it."""
    body = {
        "algorithm": MEGOLM,
        "room_id": room_id,
        "sender_key": sender_key,
        "session_id": session_id,
    }
    content = {
        "action": "request",
        "body": body,
        "request_id": tag,
        "requesting_device_id": agent.client.device_id,
    }
    return RoomKeyRequestMessage(
        "m.room_key_request", bot_id, "*", content, tag, session_id, room_id, MEGOLM
    )


async def ask_for_own_dm(agent: SimulatedAgent, bot_id: str, room_id: str) -> None:
    """The control: a request for the bot's session of the agent's own DM, queued where
    nio records what it asked for (so that it accepts the answer)."""
    olm = agent.client.olm
    assert olm is not None
    sender_key, session_id = bot_session(agent, bot_id, room_id)
    request = key_request(agent, bot_id, room_id, sender_key, session_id, tag=session_id)
    olm.outgoing_to_device_messages.append(request)
    await agent.client.send_to_device_messages()


def from_the_bot(agent: SimulatedAgent, bot_id: str, since: int) -> list[Any]:
    return [
        e
        for e in agent.to_device[since:]
        if e.sender == bot_id and isinstance(e, ForwardedRoomKeyEvent | OlmEvent)
    ]


async def test_no_key_for_another_user_nor_for_a_room_that_is_not_the_requesters_dm(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    agent, neighbour = make_agent(), make_agent("voisin")
    await asyncio.gather(agent.start(), neighbour.start())
    old_dm = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, old_dm)
    dm = await agent.open_direct_room(bot.user_id)  # the agent's DM from now on
    neighbours_dm = await neighbour.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, dm)
    await neighbour.wait_for_messages(bot.user_id, 1, neighbours_dm)
    agent_mark, neighbour_mark = len(agent.to_device), len(neighbour.to_device)

    # The neighbour asks for the agent's DM; the agent for its former DM with the bot.
    stranger = key_request(neighbour, bot.user_id, dm, *bot_session(agent, bot.user_id, dm), "n-1")
    await neighbour.client.to_device(stranger)
    former = key_request(
        agent, bot.user_id, old_dm, *bot_session(agent, bot.user_id, old_dm), "a-1"
    )
    await agent.client.to_device(former)
    # Then each asks for their own DM, which the bot answers.
    await ask_for_own_dm(neighbour, bot.user_id, neighbours_dm)
    await ask_for_own_dm(agent, bot.user_id, dm)
    await neighbour.wait_for(lambda: bool(from_the_bot(neighbour, bot.user_id, neighbour_mark)))
    await agent.wait_for(lambda: bool(from_the_bot(agent, bot.user_id, agent_mark)))
    # A refusal leaves no other trace than the bot's log: the requester just gets nothing.
    refused = "refused: the room is not the requester's DM with the bot"
    neighbours, agents = neighbour.client.device_id, agent.client.device_id
    await bot.wait_for_log(f"room key request n-1 from device {neighbours} {refused}")
    await bot.wait_for_log(f"room key request a-1 from device {agents} {refused}")

    for who, mark, room_id in ((neighbour, neighbour_mark, neighbours_dm), (agent, agent_mark, dm)):
        (forward,) = from_the_bot(who, bot.user_id, mark)
        assert isinstance(forward, ForwardedRoomKeyEvent) and forward.room_id == room_id
