"""An agent and the bot in an encrypted DM, on the real Synapse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


async def test_agent_gets_the_french_help_in_an_encrypted_dm(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    await bot.start()
    agent = make_agent()
    await agent.start()

    room_id = await agent.open_direct_room(bot.user_id)
    welcome = await agent.wait_for_messages(bot.user_id, 1, room_id)
    await agent.send(room_id, "!aide")
    messages = await agent.wait_for_messages(bot.user_id, 2, room_id)

    assert welcome[0].encrypted and "Harmonie" in welcome[0].body
    help_message = messages[1]
    assert help_message.encrypted
    assert "Commandes disponibles" in help_message.body
    assert "!aide" in help_message.body
    assert "<strong>" in help_message.content["formatted_body"]
    assert agent.undecryptable == 0
