"""A homeserver that pushes back (429s) or goes away for a while: the bot copes.

Each test has a Synapse of its own, since they change its limits or stop it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import SimulatedAgent
from tests.support.harness import BotProcess, new_agent, new_bot

pytestmark = pytest.mark.integration


@pytest.fixture
def strict_homeserver(tmp_path: Path) -> Iterator[LocalHomeserver]:
    """Synapse with its default rate limits: 0.2 message/s after a burst of 10."""
    with LocalHomeserver(tmp_path / "strict", raise_rate_limits=False) as server:
        yield server


@pytest.fixture
def own_homeserver(tmp_path: Path) -> Iterator[LocalHomeserver]:
    with LocalHomeserver(tmp_path / "own") as server:
        yield server


async def _bot_and_agent_in_a_dm(
    server: LocalHomeserver, tmp_path: Path, closing: list[SimulatedAgent | BotProcess]
) -> tuple[BotProcess, SimulatedAgent, str]:
    """A running bot on `server` and an agent whose DM with it is open (welcome received)."""
    bot = new_bot(server, tmp_path / "bot")
    closing.append(bot)
    await bot.start()
    agent = new_agent(server, tmp_path / "agents")
    closing.append(agent)
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)
    return bot, agent, room_id


async def test_rate_limited_bot_waits_and_answers_every_message_once_in_order(
    strict_homeserver: LocalHomeserver,
    tmp_path: Path,
    closing: list[SimulatedAgent | BotProcess],
) -> None:
    bot, agent, room_id = await _bot_and_agent_in_a_dm(strict_homeserver, tmp_path, closing)

    asked = [f"!question{n:02d}x" for n in range(12)]
    for question in asked:
        await agent.send(room_id, question)
    await agent.wait_for(
        lambda: any(asked[-1] in m.body for m in agent.messages_from(bot.user_id, room_id)),
        within=120,
    )

    answers = [m.body for m in agent.messages_from(bot.user_id, room_id)][1:]
    assert [next(q for q in asked if q in a) for a in answers] == asked
    assert "Got 429 response (ratelimited), sleeping" in bot.log_text()  # the bot's own
    assert "failed" not in bot.log_text()


async def test_bot_reconnects_after_the_homeserver_was_down_and_loses_nothing(
    own_homeserver: LocalHomeserver,
    tmp_path: Path,
    closing: list[SimulatedAgent | BotProcess],
) -> None:
    bot, agent, room_id = await _bot_and_agent_in_a_dm(own_homeserver, tmp_path, closing)

    await asyncio.to_thread(own_homeserver.stop)
    # the bot's sync fails meanwhile and backs off (nio's own log line is the behaviour)
    await bot.wait_for_log("Timed out, sleeping")
    assert bot.process is not None and bot.process.poll() is None
    await asyncio.to_thread(own_homeserver.start)
    await agent.send(room_id, "!aide")
    messages = await agent.wait_for_messages(bot.user_id, 2, room_id, within=90)

    assert "Commandes disponibles" in messages[1].body
    assert len(agent.messages_from(bot.user_id, room_id)) == 2
