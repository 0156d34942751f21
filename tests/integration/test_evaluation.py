"""The evaluation, end to end: encrypted DMs, a real bot process, a real Synapse."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.evaluation_script import (
    CRITERIA,
    EXPECTED,
    FIRST_HALF,
    SECOND_HALF,
    replies_to,
)
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration


async def say(
    agent: SimulatedAgent, bot: BotProcess, room_id: str, message: str, replies: int = 1
) -> str:
    """Send one message, wait for all the replies it causes; return the last one."""
    before = len(agent.messages_from(bot.user_id, room_id))
    await agent.send(room_id, message)
    received = await agent.wait_for_messages(bot.user_id, before + replies, room_id, within=60)
    return received[before + replies - 1].body


async def open_campaign(admin: SimulatedAgent, bot: BotProcess) -> str:
    room_id = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, room_id)
    answer = await say(admin, bot, room_id, "!campagne ouvrir Outils 2027")
    assert "ouverte" in answer, answer
    return room_id


async def wait_for_invitation(agent: SimulatedAgent, bot: BotProcess, within: float = 60) -> str:
    """The room of the agent's invitation, once its first question has arrived. The bot
    invites one agent after another: the last of many waits for all the others."""
    await agent.wait_for(
        lambda: any("lance une évaluation" in m.body for m in agent.messages_from(bot.user_id)),
        within=within,
    )
    invitation = next(m for m in agent.messages_from(bot.user_id) if "lance une" in m.body)
    # the notice and the first question follow the invitation in the same room
    await agent.wait_for(
        lambda: any("1/9" in m.body for m in agent.messages_from(bot.user_id, invitation.room_id)),
        within=60,
    )
    return invitation.room_id


def stored_answers(db_path: Path, user_id: str) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(db_path) as db:
        (agent_id,) = db.execute("SELECT id FROM agents WHERE user_id = ?", (user_id,)).fetchone()
        rows = db.execute(ANSWERS, (agent_id,)).fetchall()
        ratings = db.execute(RATINGS, (agent_id,)).fetchall()
        (finished,) = db.execute(FINISHED, (agent_id,)).fetchone()
    return answers_of(rows, ratings, finished)


async def stored_answers_of(bot: BotProcess, user_id: str) -> dict[str, dict[str, Any]]:
    """`stored_answers`, on whichever database the bot uses (PostgreSQL too)."""
    ((agent_id,),) = await bot.rows("SELECT id FROM agents WHERE user_id = ?", user_id)
    rows = await bot.rows(ANSWERS, agent_id)
    ratings = await bot.rows(RATINGS, agent_id)
    ((finished,),) = await bot.rows(FINISHED, agent_id)
    return answers_of(rows, ratings, finished)


ANSWERS = (
    "SELECT category, tool, other, needed, problem, skipped, complete"
    " FROM category_answers WHERE agent_id = ?"
)
RATINGS = "SELECT category, criterion, value FROM ratings WHERE agent_id = ?"
FINISHED = "SELECT finished_at IS NOT NULL FROM participations WHERE agent_id = ?"


def answers_of(rows: list[Any], ratings: list[Any], finished: object) -> dict[str, dict[str, Any]]:
    assert finished == 1
    result: dict[str, dict[str, Any]] = {}
    for category, tool, other, needed, problem, skipped, complete in rows:
        assert complete == 1, category
        values = {c: v for cat, c, v in ratings if cat == category}
        result[category] = {
            "tool": tool, "other": other, "needed": needed, "problem": problem,
            "skipped": skipped, "ratings": [values[c] for c in CRITERIA if c in values],
        }  # fmt: skip
    return result


async def test_agent_completes_the_nine_categories_with_a_restart_in_the_middle(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin = make_agent("dsi")
    agent = make_agent()
    bot = make_bot(admins=[admin.user_id], agents=[agent.user_id])
    await bot.start()
    await asyncio.gather(admin.start(), agent.start())

    await open_campaign(admin, bot)
    room_id = await wait_for_invitation(agent, bot)
    for message in FIRST_HALF:
        await say(agent, bot, room_id, message, replies_to(message))
    assert await bot.stop() == 0
    await bot.start()
    answers = [
        await say(agent, bot, room_id, message, replies_to(message)) for message in SECOND_HALF
    ]

    assert "Merci" in answers[-1]
    assert stored_answers(bot.db_path, agent.user_id) == EXPECTED
    summary = await say(agent, bot, room_id, "!mesreponses")
    assert "Mattermost : 7 · 7 · nsp · 5" in summary.replace("\u202f", " ")
    assert "trop lent" in summary


async def test_twenty_agents_answer_at_the_same_time(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin = make_agent("dsi")
    agents = [make_agent() for _ in range(20)]
    bot = make_bot(admins=[admin.user_id], agents=[a.user_id for a in agents])
    await bot.start()
    await asyncio.gather(admin.start(), *(a.start() for a in agents))
    await open_campaign(admin, bot)

    async def evaluate(agent: SimulatedAgent) -> None:
        # twenty invitations one after the other, each slower as the first agents answer:
        # on 2 busy cores the twentieth came 60 s after the first
        room_id = await wait_for_invitation(agent, bot, within=180)
        for message in FIRST_HALF + SECOND_HALF:
            await say(agent, bot, room_id, message, replies_to(message))

    await asyncio.gather(*(evaluate(agent) for agent in agents))

    for agent in agents:
        assert stored_answers(bot.db_path, agent.user_id) == EXPECTED


async def test_campaign_for_30_agents_invites_each_once_even_when_killed_midway(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin = make_agent("dsi")
    agents = [make_agent() for _ in range(30)]
    bot = make_bot(admins=[admin.user_id], agents=[a.user_id for a in agents])
    await bot.start(crash_at="after-room-created", crash_on_pass=12)
    await asyncio.gather(admin.start(), *(a.start() for a in agents))

    room_id = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, room_id)
    await admin.send(room_id, "!campagne ouvrir Outils 2027")
    assert await bot.wait_for_exit(within=120) == -signal.SIGKILL  # killed on the 12th DM
    await bot.start()
    await asyncio.gather(*(wait_for_invitation(agent, bot, within=180) for agent in agents))
    status = await say(admin, bot, room_id, "!campagne statut")

    for agent in agents:
        invitations = [m for m in agent.messages_from(bot.user_id) if "lance une" in m.body]
        assert len(invitations) == 1, agent.user_id
        rooms_with_the_bot = [
            room_id for room_id, room in agent.client.rooms.items() if bot.user_id in room.users
        ]
        assert len(rooms_with_the_bot) == 1, agent.user_id  # no second DM after the crash
    assert "30 agents invités\u202f:" in status


async def test_a_campaign_invites_the_members_of_the_agents_room(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin = make_agent("dsi")
    members = [make_agent() for _ in range(3)]
    outsider = make_agent("visiteur")
    bot = make_bot(admins=[admin.user_id])
    await asyncio.gather(admin.start(), outsider.start(), *(m.start() for m in members))
    created = await admin.client.room_create(
        name="Tous les agents", invite=[bot.user_id, *(m.user_id for m in members)]
    )
    bot.agents_room = created.room_id
    await bot.start()
    for member in members:
        await member.wait_for(lambda m=member: created.room_id in m.client.rooms)

    room_id = await open_campaign(admin, bot)
    # the administrator is a member too: their invitation comes in their DM with the bot
    await asyncio.gather(*(wait_for_invitation(m, bot) for m in [admin, *members]))
    status = await say(admin, bot, room_id, "!campagne statut")

    assert "4 agents invités\u202f:" in status  # the three members and the administrator
    assert outsider.messages_from(bot.user_id) == []
