"""Messages whose room key is late, or never comes (bot configured to wait 1 s, then 3 s)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.support.harness import BotProcess
from tests.support.late_key import send_with_late_key

pytestmark = pytest.mark.integration


async def _ready_pair(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> tuple[BotProcess, SimulatedAgent, str]:
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)
    return bot, agent, room_id


async def test_message_whose_key_arrives_late_is_answered_normally(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot, agent, room_id = await _ready_pair(make_bot, make_agent)

    event_id = await send_with_late_key(agent, room_id, "!aide", key_after=2.0)
    messages = await agent.wait_for_messages(bot.user_id, 2, room_id)

    assert "Commandes disponibles" in messages[1].body
    assert f"event {event_id} waits for its room key" in bot.log_text()
    assert "never became readable" not in bot.log_text()


async def test_message_whose_key_never_arrives_gets_a_kind_request_to_resend(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot, agent, room_id = await _ready_pair(make_bot, make_agent)

    event_id = await send_with_late_key(agent, room_id, "!aide", key_after=None)
    messages = await agent.wait_for_messages(bot.user_id, 2, room_id)

    assert "pas pu lire votre dernier message" in messages[1].body
    log = bot.log_text()
    waited = log.index(f"event {event_id} waits for its room key")
    requested = log.index(f"room key requested for event {event_id}")
    gave_up = log.index(f"event {event_id} never became readable")
    assert waited < requested < gave_up
