"""Hostile Matrix events sent to a real bot on the real Synapse, in encrypted rooms.

tests/unit/bot/handlers/test_hostile_input.py covers what agents type. This file covers what their
clients send: reactions, redactions, edits, replies, files, state events, unknown and
malformed events, a room that is not a DM, and one agent flooding. Each event gets a clear
answer or is ignored. It changes nothing unless it was a valid answer, and the bot keeps
running. "Ignored" is shown by an unknown command sent afterwards: the bot answers in
room order, so once that command is answered, no earlier reply can still be on its way.
"""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from nio import (
    RoomCreateResponse,
    RoomPutStateResponse,
    RoomRedactResponse,
    RoomSendResponse,
    UploadResponse,
)

from bot.demo.simulated import ReceivedMessage, SimulatedAgent, SimulatedAgentError
from tests.integration.evaluation_script import EXPECTED, FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import (
    open_campaign,
    say,
    stored_answers,
    wait_for_invitation,
)
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration

WITHIN = 90.0  # two cores, shared with other suites: generous, never a timing assertion
HOSTILE_MARKUP = re.compile(r"<\s*(script|img|iframe|svg)|\bon[a-z]+\s*=", re.IGNORECASE)
APOLOGY = "problème technique"  # the internal-error reply: an exception reached the handler
# About the largest text an encrypted event can carry (48 000 passes, 50 000 does not):
# Synapse refuses events over 64 KiB, and the base64 Megolm ciphertext is a third larger.
LARGEST_BODY = 45_000
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # the bot never opens it
ENCRYPTED = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}
FLOOD = 300


# --- sending what clients send -----------------------------------------------------------------


async def send_event(
    agent: SimulatedAgent, room_id: str, event_type: str, content: dict[str, Any]
) -> str:
    """Any event type, encrypted as nio does it (reactions stay in clear); its event id."""
    response = await agent.client.room_send(
        room_id, event_type, content, ignore_unverified_devices=True
    )
    assert isinstance(response, RoomSendResponse), response
    return str(response.event_id)


def sending(
    agent: SimulatedAgent, room_id: str, content: dict[str, Any], event_type: str = "m.room.message"
) -> Callable[[], Awaitable[str]]:
    """The send, to be done later (by `answers_to`)."""
    return lambda: send_event(agent, room_id, event_type, content)


async def set_topic(agent: SimulatedAgent, room_id: str) -> None:
    response = await agent.client.room_put_state(room_id, "m.room.topic", {"topic": "3"})
    assert isinstance(response, RoomPutStateResponse), response


async def redact(agent: SimulatedAgent, room_id: str, event_id: str) -> None:
    response = await agent.client.room_redact(room_id, event_id, reason="erreur")
    assert isinstance(response, RoomRedactResponse), response


async def attachment(agent: SimulatedAgent, msgtype: str, *, encrypt: bool) -> dict[str, Any]:
    """An uploaded image or file, as Element sends it; its body ("3") is a valid answer,
    so that reading it as text would show in the stored state."""
    uploaded, keys = await agent.client.upload(
        io.BytesIO(PNG), content_type="image/png", filename="3", encrypt=encrypt, filesize=len(PNG)
    )
    assert isinstance(uploaded, UploadResponse), uploaded
    content: dict[str, Any] = {
        "msgtype": msgtype,
        "body": "3",
        "info": {"mimetype": "image/png", "size": len(PNG)},
    }
    if encrypt:
        assert keys is not None
        content["file"] = {**keys, "url": uploaded.content_uri}
    else:
        content["url"] = uploaded.content_uri
    return content


def reply_to(bot: BotProcess, question: ReceivedMessage, answer: str) -> dict[str, Any]:
    """What Element sends when an agent uses "Reply" on the bot's question."""
    quoted = question.body.split("\n")
    fallback = [f"> <{bot.user_id}> {quoted[0]}", *(f"> {line}" for line in quoted[1:])]
    return {
        "msgtype": "m.text",
        "body": "\n".join(fallback) + f"\n\n{answer}",
        "format": "org.matrix.custom.html",
        "formatted_body": f"<mx-reply><blockquote>{quoted[0]}</blockquote></mx-reply>{answer}",
        "m.relates_to": {"m.in_reply_to": {"event_id": question.event_id}},
    }


def edit_of(event_id: str, new_text: str) -> dict[str, Any]:
    return {
        "msgtype": "m.text",
        "body": f"* {new_text}",
        "m.new_content": {"msgtype": "m.text", "body": new_text},
        "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
    }


# --- observing the bot -------------------------------------------------------------------------


async def until(bot: BotProcess, condition: Callable[[], bool]) -> None:
    """Wait for `condition`, and fail at once, with the bot's log, if the bot has died."""
    await bot.wait_until(condition, "answered", within=WITHIN)


async def answers_to(
    agent: SimulatedAgent, bot: BotProcess, room_id: str, action: Callable[[], Awaitable[object]]
) -> list[ReceivedMessage]:
    """The bot's messages caused by `action`: all it sends in the room until it answers
    an unknown command sent right after (that answer excluded)."""
    before = len(agent.messages_from(bot.user_id, room_id))
    await action()
    word = f"!sonde-{uuid.uuid4().hex[:8]}"
    await agent.send(room_id, word)

    def since() -> list[ReceivedMessage]:
        return agent.messages_from(bot.user_id, room_id)[before:]

    await until(bot, lambda: any(word in m.body for m in since()))
    received = since()
    return received[: next(i for i, m in enumerate(received) if word in m.body)]


def dialog_snapshot(db_path: Path, user_id: str) -> tuple[object, ...]:
    """Everything the evaluation keeps for one agent, but the times of the writes."""
    with closing(sqlite3.connect(db_path)) as db:
        (agent_id,) = db.execute("SELECT id FROM agents WHERE user_id = ?", (user_id,)).fetchone()
        participations = db.execute(
            "SELECT campaign_id, room_id, started_at, finished_at, service, state"
            " FROM participations WHERE agent_id = ? ORDER BY campaign_id",
            (agent_id,),
        ).fetchall()
        answers = db.execute(
            "SELECT campaign_id, category, tool, other, needed, need_why, problem, skipped,"
            " complete FROM category_answers WHERE agent_id = ? ORDER BY campaign_id, category",
            (agent_id,),
        ).fetchall()
        ratings = db.execute(
            "SELECT campaign_id, category, criterion, value FROM ratings WHERE agent_id = ?"
            " ORDER BY campaign_id, category, criterion",
            (agent_id,),
        ).fetchall()
    return (participations, answers, ratings)


def joined(agent: SimulatedAgent, room_id: str) -> set[str]:
    room = agent.client.rooms.get(room_id)
    return set(room.users) - set(room.invited_users) if room is not None else set()


# --- the tests ---------------------------------------------------------------------------------


async def test_hostile_events_in_a_dm_are_answered_or_ignored_and_change_nothing(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    """Every kind of event a client can send in the middle of an evaluation; the agent then
    finishes it, and what is stored is exactly what a clean run stores."""
    admin = make_agent("dsi")
    agent = make_agent()
    bot = make_bot(admins=[admin.user_id], agents=[agent.user_id])
    await bot.start()
    await asyncio.gather(admin.start(), agent.start())
    await open_campaign(admin, bot)
    room_id = await wait_for_invitation(agent, bot)
    question = next(
        m for m in reversed(agent.messages_from(bot.user_id, room_id)) if "1/9" in m.body
    )
    before = dialog_snapshot(bot.db_path, agent.user_id)

    # Not messages from the agent: no answer. Each carries "3", a valid answer here.
    reaction = {"rel_type": "m.annotation", "event_id": question.event_id, "key": "👍"}
    weird = {"msgtype": "m.text", "body": "3"}
    ignored: dict[str, Callable[[], Awaitable[object]]] = {
        "reaction": sending(agent, room_id, {"m.relates_to": reaction}, "m.reaction"),
        "room topic": lambda: set_topic(agent, room_id),
        "unknown event type": sending(agent, room_id, weird, "org.example.weird"),
        "notice": sending(agent, room_id, {"msgtype": "m.notice", "body": "3"}),
        "no body": sending(agent, room_id, {"msgtype": "m.text"}),
        "number body": sending(agent, room_id, {"msgtype": "m.text", "body": 3}),
        "list body": sending(agent, room_id, {"msgtype": "m.text", "body": ["3"]}),
        "no msgtype": sending(agent, room_id, {"body": "3"}),
    }
    answered: dict[str, list[str]] = {}
    for label, action in ignored.items():
        answered[label] = [m.body for m in await answers_to(agent, bot, room_id, action)]
    assert answered == {label: [] for label in ignored}
    assert dialog_snapshot(bot.db_path, agent.user_id) == before

    # Invalid text: explained, the question asked again, nothing echoed or stored.
    hostile_texts = {
        "largest body": {"msgtype": "m.text", "body": "A" * LARGEST_BODY},
        "bidi and controls": {
            "msgtype": "m.text",
            "body": "\u202eswodniW\u202c \u2066\u200b\x00\x07\x1b[2J 🇫🇷\u2028",
        },
        "html": {
            "msgtype": "m.text",
            "body": "<script>alert(1)</script>",
            "format": "org.matrix.custom.html",
            "formatted_body": '<script>alert(1)</script><img src=x onerror="alert(1)">',
        },
    }
    for label, content in hostile_texts.items():
        replies = await answers_to(agent, bot, room_id, sending(agent, room_id, content))
        assert replies, label
        assert "1/9" in replies[-1].body, (label, replies[-1].body)
        for sent in replies:
            assert len(sent.body) < 4000, label
            html = str(sent.content.get("formatted_body", ""))
            assert not HOSTILE_MARKUP.search(html), (label, html)
    assert dialog_snapshot(bot.db_path, agent.user_id) == before

    # A reply to the question is its answer (FIRST_HALF[0]); the quoted question is left out.
    asked = len(agent.messages_from(bot.user_id, room_id))
    reply = reply_to(bot, question, FIRST_HALF[0])
    answer_id = await send_event(agent, room_id, "m.room.message", reply)
    received = await agent.wait_for_messages(bot.user_id, asked + 1, room_id, within=WITHIN)
    assert "Microsoft Teams" in received[asked].body, received[asked].body  # its first rating
    after_answer = dialog_snapshot(bot.db_path, agent.user_id)
    assert after_answer != before

    # An edit, an image, files: one clear answer each; a redaction: none. "3" would be a
    # valid rating now.
    edit = await answers_to(agent, bot, room_id, sending(agent, room_id, edit_of(answer_id, "3")))
    assert [("messages modifiés" in m.body) for m in edit] == [True], [m.body for m in edit]
    for encrypt, msgtype in [(True, "m.image"), (False, "m.file"), (True, "m.file")]:
        content = await attachment(agent, msgtype, encrypt=encrypt)
        replies = await answers_to(agent, bot, room_id, sending(agent, room_id, content))
        assert [("messages écrits" in m.body) for m in replies] == [True], [m.body for m in replies]
    redaction = await answers_to(agent, bot, room_id, lambda: redact(agent, room_id, answer_id))
    assert redaction == []
    assert dialog_snapshot(bot.db_path, agent.user_id) == after_answer

    for message in FIRST_HALF[1:] + SECOND_HALF:
        await say(agent, bot, room_id, message, replies_to(message))
    assert stored_answers(bot.db_path, agent.user_id) == EXPECTED
    assert not any(APOLOGY in m.body for m in agent.messages_from(bot.user_id))
    assert "Traceback" not in bot.log_text()
    assert bot.process is not None and bot.process.poll() is None


async def test_in_a_group_room_the_bot_says_nothing_to_free_text_files_or_edits(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    """Two agents invite the bot into their encrypted room: it joins, but talks over no one
    (only `!aide` gets an answer there)."""
    bot = make_bot()
    await bot.start()
    alice, bruno = make_agent(), make_agent()
    await asyncio.gather(alice.start(), bruno.start())
    created = await alice.client.room_create(
        name="Équipe", invite=[bot.user_id, bruno.user_id], initial_state=[ENCRYPTED]
    )
    assert isinstance(created, RoomCreateResponse), created
    room_id = created.room_id
    everyone = {alice.user_id, bruno.user_id, bot.user_id}
    await alice.wait_for(lambda: joined(alice, room_id) == everyone, within=WITHIN)
    await bruno.wait_for(lambda: joined(bruno, room_id) == everyone, within=WITHIN)
    await asyncio.gather(alice.wait_for_devices(bot.user_id), bruno.wait_for_devices(bot.user_id))

    first = await alice.send(room_id, "Bonjour à tous, 2")
    await bruno.send(room_id, "3")
    await alice.send(room_id, "", content=await attachment(alice, "m.image", encrypt=True))
    await send_event(alice, room_id, "m.room.message", edit_of(first, "8 6 9 7"))
    await bruno.send(room_id, "aucun")
    # Each sender's last message is a command the bot answers: the earlier ones, from the
    # same Megolm session, were readable and handled before it.
    await alice.send(room_id, "!aide")
    await bruno.send(room_id, "!aide")
    await until(bot, lambda: len(alice.messages_from(bot.user_id, room_id)) >= 2)

    said = [m.body for m in alice.messages_from(bot.user_id, room_id)]
    assert len(said) == 2 and all("Commandes disponibles" in body for body in said), said
    assert bot.process is not None and bot.process.poll() is None


async def test_one_agent_flooding_does_not_stop_five_others_from_finishing(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    """300 messages sent as fast as one client can, while five agents evaluate: theirs are
    stored exactly, and each of the flood's messages gets exactly one answer."""
    admin = make_agent("dsi")
    flooder = make_agent("bavard")
    agents = [make_agent() for _ in range(5)]
    bot = make_bot(admins=[admin.user_id], agents=[a.user_id for a in agents])
    await bot.start()
    await asyncio.gather(admin.start(), flooder.start(), *(a.start() for a in agents))
    flood_room = await flooder.open_direct_room(bot.user_id)
    await flooder.wait_for_messages(bot.user_id, 1, flood_room, within=WITHIN)  # the welcome
    await open_campaign(admin, bot)
    rooms = await asyncio.gather(*(wait_for_invitation(agent, bot) for agent in agents))

    async def evaluate(agent: SimulatedAgent, room_id: str) -> None:
        for message in FIRST_HALF + SECOND_HALF:
            await say(agent, bot, room_id, message, replies_to(message))

    async def flood() -> None:
        await flooder.send(flood_room, "!bruit000")  # shares the room key once
        gate = asyncio.Semaphore(16)

        async def one(number: int) -> None:
            async with gate:
                await flooder.send(flood_room, f"!bruit{number:03d}")

        await asyncio.gather(*(one(number) for number in range(1, FLOOD)))

    await asyncio.gather(flood(), *(evaluate(a, r) for a, r in zip(agents, rooms, strict=True)))
    try:
        await flooder.wait_for_messages(bot.user_id, 1 + FLOOD, flood_room, within=180)
    except SimulatedAgentError as exc:  # say whether the bot did not send, or we cannot read
        with closing(sqlite3.connect(bot.db_path)) as db:
            sent = db.execute(
                "SELECT count(*) FROM outbox WHERE room_id = ? AND sent_at IS NOT NULL",
                (flood_room,),
            ).fetchone()[0]
        received = len(flooder.messages_from(bot.user_id, flood_room))
        raise AssertionError(
            f"bot sent {sent}, flooder read {received}, {flooder.undecryptable} unreadable, "
            f"{flooder.gaps} gaps in its syncs"
        ) from exc
    # the help comes after every answer to the flood: nothing more was on its way
    help_reply = await say(flooder, bot, flood_room, "!aide")

    for agent in agents:
        assert stored_answers(bot.db_path, agent.user_id) == EXPECTED
    assert "Commandes disponibles" in help_reply
    answers = flooder.messages_from(bot.user_id, flood_room)[1:-1]
    echoed = Counter(m for a in answers for m in re.findall(r"!bruit(\d{3})", a.body))
    assert len(answers) == FLOOD
    assert echoed == Counter(f"{number:03d}" for number in range(FLOOD))
    assert bot.process is not None and bot.process.poll() is None


async def test_a_message_whose_msgtype_is_not_a_string_is_ignored(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    """Any member of any room the bot is in can send this event; it must not stop the bot."""
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id, within=WITHIN)  # the welcome
    strange: dict[str, dict[str, Any]] = {
        "list msgtype": {"msgtype": ["m.text"], "body": "!aide"},
        "object msgtype": {"msgtype": {"m.text": True}, "body": "!aide"},
    }

    answered: dict[str, list[str]] = {}
    for label, content in strange.items():
        replies = await answers_to(agent, bot, room_id, sending(agent, room_id, content))
        answered[label] = [m.body for m in replies]

    assert answered == {label: [] for label in strange}
    assert bot.process is not None and bot.process.poll() is None
