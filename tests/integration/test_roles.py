"""Roles from the management room's power levels, on the real Synapse: a moderator there
is a manager (and may ask for the report), a plain member is not."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from nio import RoomCreateResponse, RoomGetStateEventResponse, RoomPutStateResponse

from bot.demo.simulated import SimulatedAgent
from tests.integration.test_evaluation import say
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


async def test_a_moderator_of_the_management_room_is_a_manager_a_member_is_not(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    chief, moderator, member = make_agent("dgs"), make_agent("cheffe"), make_agent("agent")
    await asyncio.gather(chief.start(), moderator.start(), member.start())
    created = await chief.client.room_create(
        name="Encadrants", invite=[moderator.user_id, member.user_id]
    )
    assert isinstance(created, RoomCreateResponse)
    room = created.room_id
    levels = await chief.client.room_get_state_event(room, "m.room.power_levels")
    assert isinstance(levels, RoomGetStateEventResponse)
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), moderator.user_id: 50}
    put = await chief.client.room_put_state(room, "m.room.power_levels", content)
    assert isinstance(put, RoomPutStateResponse)
    bot = make_bot(admins=[], managers=[], management_room=room)
    await bot.start()
    await chief.client.room_invite(room, bot.user_id)
    for person in (moderator, member):
        await person.wait_for(lambda p=person: room in p.client.rooms, within=30)
    await chief.wait_for(
        lambda: bot.user_id in chief.client.rooms[room].users, within=60
    )  # the bot joined

    as_moderator = await say(moderator, bot, room, "!rapport")
    # A shared room: let the member see that answer first, or it would be taken for theirs.
    await member.wait_for_messages(bot.user_id, 1, room)
    as_member = await say(member, bot, room, "!rapport")

    assert "Aucune campagne" in as_moderator  # let through: there is just nothing to show
    assert "réservée aux encadrants" in as_member
