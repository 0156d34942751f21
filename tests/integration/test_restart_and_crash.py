"""Nothing lost, nothing doubled: a stopped bot, a killed bot, on the real Synapse."""

from __future__ import annotations

import signal
import sqlite3
import urllib.request
from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from bot.matrix.direct import create_direct_room
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


async def _dm_with_welcome(agent: SimulatedAgent, bot: BotProcess) -> str:
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)
    return room_id


async def _assert_exactly_one_help_then_sentinel(
    agent: SimulatedAgent, bot: BotProcess, room_id: str
) -> None:
    """Ask something with a distinct answer: per-room order means any duplicate of the
    help would arrive before it, so everything before the sentinel's answer is counted."""
    await agent.send(room_id, "!sentinelle")
    await agent.wait_for(
        lambda: any("!sentinelle" in m.body for m in agent.messages_from(bot.user_id, room_id)),
        within=60,
    )
    bodies = [m.body for m in agent.messages_from(bot.user_id, room_id)]
    assert len(bodies) == 3, bodies
    assert "Bonjour" in bodies[0]
    assert "Commandes disponibles" in bodies[1]
    assert "!sentinelle" in bodies[2]


async def test_message_sent_while_the_bot_is_stopped_is_answered_once_after_restart(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    room_id = await _dm_with_welcome(agent, bot)

    assert await bot.stop() == 0
    assert "cutting short" not in bot.log_text()  # stopped on its own, promptly
    await agent.send(room_id, "!aide")
    await bot.start()

    await _assert_exactly_one_help_then_sentinel(agent, bot, room_id)


@pytest.mark.parametrize("step", ["after-store", "after-send"])
async def test_bot_killed_right_after_receiving_neither_loses_nor_doubles_its_reply(
    step: str, make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    room_id = await _dm_with_welcome(agent, bot)
    await bot.stop()

    await bot.start(crash_at=step)
    await agent.send(room_id, "!aide")
    assert await bot.wait_for_exit(within=60) == -signal.SIGKILL
    await bot.start()

    await _assert_exactly_one_help_then_sentinel(agent, bot, room_id)


async def test_invitation_from_a_server_that_is_not_allowed_is_ignored(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot(allowed_servers=["agent.collectivites.tchap.gouv.fr"])
    await bot.start()
    agent = make_agent()
    await agent.start()

    room_id = await create_direct_room(agent.client, bot.user_id)
    # Ignoring leaves no trace but this line; the bot decides once, when the invite comes.
    await bot.wait_for_log("ignored an invitation from a server that is not allowed")
    # the agent's view of the room is current once its own later message is back
    event_id = await agent.send(room_id, "!aide")
    await agent.wait_for(lambda: any(m.event_id == event_id for m in agent.received))
    room = agent.client.rooms[room_id]
    assert bot.user_id in room.invited_users  # invited still, never joined
    assert agent.messages_from(bot.user_id) == []


async def test_bot_whose_token_was_revoked_logs_in_again_and_keeps_answering(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    await bot.stop()
    first_log = bot.log_text()
    with sqlite3.connect(bot.db_path) as db:
        token = db.execute("SELECT access_token FROM credentials").fetchone()[0]
    request = urllib.request.Request(
        f"{bot.homeserver.url}/_matrix/client/v3/logout", data=b"{}", method="POST"
    )
    request.add_header("Authorization", f"Bearer {token}")
    urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10)

    await bot.start()
    agent = make_agent()
    room_id = await _dm_with_welcome(agent, bot)
    await agent.send(room_id, "!aide")
    messages = await agent.wait_for_messages(bot.user_id, 2, room_id)

    assert "logged in as new device" in first_log
    assert "saved access token revoked; logging in again" in bot.log_text()
    assert "Commandes disponibles" in messages[1].body


async def test_more_messages_than_one_sync_holds_while_stopped_are_all_answered_in_order(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    room_id = await _dm_with_welcome(agent, bot)
    await bot.stop()

    asked = [f"!retard{n:03d}x" for n in range(70)]  # the sync timeline holds 50
    for question in asked:
        await agent.send(room_id, question)
    await bot.start()
    await agent.wait_for(
        lambda: any(asked[-1] in m.body for m in agent.messages_from(bot.user_id, room_id)),
        within=120,
    )

    answers = [m.body for m in agent.messages_from(bot.user_id, room_id)][1:]
    assert [next(q for q in asked if q in a) for a in answers] == asked
    assert "backfilled" in bot.log_text()


async def test_wrong_password_stops_the_bot_with_a_clear_message(
    make_bot: Callable[..., BotProcess],
) -> None:
    bot = make_bot()
    bot.password = "not-the-password"
    await bot.start(wait_ready=False)

    assert await bot.wait_for_exit() == 1
    assert "login refused" in bot.log_text()
    assert "check matrix.user_id and the password" in bot.log_text()
    assert "not-the-password" not in bot.log_text()
    assert "Traceback" not in bot.log_text()
