"""Invitations the bot accepts, what it records, and the history it does not answer."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import SimulatedAgent
from bot.matrix.direct import create_direct_room
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


def _account_data(
    homeserver: LocalHomeserver, user_id: str, token: str, body: dict[str, Any] | None = None
) -> Any:
    url = f"{homeserver.url}/_matrix/client/v3/user/{quote(user_id)}/account_data/m.direct"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="PUT" if body is not None else "GET")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.load(response)


def _login(homeserver: LocalHomeserver, user_id: str, password: str) -> str:
    body = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user_id},
        "password": password,
    }
    request = urllib.request.Request(
        f"{homeserver.url}/_matrix/client/v3/login", data=json.dumps(body).encode()
    )
    request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return str(json.load(response)["access_token"])


async def test_joining_a_dm_merges_m_direct_without_losing_other_entries(
    homeserver: LocalHomeserver,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
) -> None:
    bot = make_bot()
    token = _login(homeserver, bot.user_id, bot.password)
    existing = {"@someone:elsewhere.example": ["!old:elsewhere.example"]}
    _account_data(homeserver, bot.user_id, token, existing)
    await bot.start()
    agent = make_agent()
    await agent.start()

    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)
    direct = _account_data(homeserver, bot.user_id, token)

    assert direct["@someone:elsewhere.example"] == ["!old:elsewhere.example"]
    assert direct[agent.user_id] == [room_id]


async def test_on_its_very_first_start_the_bot_does_not_answer_older_history(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    bot = make_bot()
    agent = make_agent()
    await agent.start()
    room_id = await create_direct_room(agent.client, bot.user_id)
    await agent.send(room_id, "!aide")  # before the bot ever ran

    await bot.start()
    await agent.wait_for_messages(bot.user_id, 1, room_id)  # the welcome
    # The bot's device did not exist when the agent's client made its room key: make a
    # new one now that it does (Element does this by itself on a membership change).
    await agent.wait_for_devices(bot.user_id)
    agent.client.invalidate_outbound_session(room_id)
    await agent.send(room_id, "!sentinelle")
    await agent.wait_for(
        lambda: any("!sentinelle" in m.body for m in agent.messages_from(bot.user_id, room_id)),
        within=60,
    )

    bodies = [m.body for m in agent.messages_from(bot.user_id, room_id)]
    assert not any("Commandes disponibles" in body for body in bodies), bodies
    assert not any("pas pu lire" in body for body in bodies), bodies
