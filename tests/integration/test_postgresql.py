"""The bot on PostgreSQL (`[storage] url`): a real server beside the real Synapse, killed
bots, encrypted DMs — nothing lost, nothing doubled, as on SQLite."""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.evaluation_script import EXPECTED, FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import (
    open_campaign,
    say,
    stored_answers_of,
    wait_for_invitation,
)
from tests.integration.test_restart_and_crash import _assert_exactly_one_help_then_sentinel
from tests.support.harness import BotProcess
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("step", ["after-store", "after-send"])
async def test_a_bot_on_postgresql_killed_after_receiving_answers_exactly_once(
    step: str,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    postgres: PostgresServer,
) -> None:
    bot = make_bot(database_url=await postgres.new_database())
    await bot.start()
    agent = make_agent()
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)  # the welcome
    await bot.stop()

    await bot.start(crash_at=step)
    await agent.send(room_id, "!aide")
    assert await bot.wait_for_exit(within=60) == -signal.SIGKILL
    await bot.start()

    await _assert_exactly_one_help_then_sentinel(agent, bot, room_id)
    assert not bot.db_path.exists()  # everything went to PostgreSQL


async def test_an_evaluation_on_postgresql_survives_a_kill_with_every_answer_stored(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    postgres: PostgresServer,
) -> None:
    admin = make_agent("dsi")
    agent = make_agent()
    bot = make_bot(
        admins=[admin.user_id], agents=[agent.user_id], database_url=await postgres.new_database()
    )
    await bot.start()
    await admin.start()
    await agent.start()

    await open_campaign(admin, bot)
    room_id = await wait_for_invitation(agent, bot)
    invitation = len(agent.messages_from(bot.user_id, room_id))
    for message in FIRST_HALF:
        await say(agent, bot, room_id, message, replies_to(message))
    bot.kill()  # kill -9: no clean stop
    await bot.start()
    answers = [
        await say(agent, bot, room_id, message, replies_to(message)) for message in SECOND_HALF
    ]

    assert "Merci" in answers[-1]
    assert await stored_answers_of(bot, agent.user_id) == EXPECTED
    # nothing doubled: the sentinel's answer comes after every other, in order
    await agent.send(room_id, "!sentinelle")
    await agent.wait_for(
        lambda: any("!sentinelle" in m.body for m in agent.messages_from(bot.user_id, room_id)),
        within=60,
    )
    replies = sum(replies_to(message) for message in FIRST_HALF + SECOND_HALF)
    assert len(agent.messages_from(bot.user_id, room_id)) == invitation + replies + 1
