"""A structure serving several communes: two bot processes (two Matrix accounts), one
PostgreSQL, one Synapse, agents of two communes; one bot killed (kill -9) in the middle of
its campaign's invitations. Every agent receives every message exactly once, the other
commune's bot never notices, and a third process for a commune already served is refused.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.test_evaluation import say, wait_for_invitation
from tests.support.harness import BotProcess
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.integration

AGENTS_EACH = 6


def commune(name: str, admin: SimulatedAgent, agents: list[SimulatedAgent]) -> dict[str, object]:
    return {
        "name": name,
        "admins": [admin.user_id],
        "agents": [agent.user_id for agent in agents],
        "live_results": True,
    }


async def open_campaign(admin: SimulatedAgent, bot: BotProcess, title: str) -> str:
    room_id = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, room_id)
    await admin.send(room_id, f"!campagne ouvrir {title}")
    return room_id


def invitations_to(agent: SimulatedAgent, bot: BotProcess) -> int:
    return len([m for m in agent.messages_from(bot.user_id) if "lance une" in m.body])


async def test_two_bots_on_one_database_each_invite_their_commune_once_despite_a_kill(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    k_admin, h_admin, staff = make_agent("yann"), make_agent("thomas"), make_agent("sophie")
    k_agents = [make_agent("k") for _ in range(AGENTS_EACH)]
    h_agents = [make_agent("h") for _ in range(AGENTS_EACH)]
    kerbihan = make_bot(
        database_url=url,
        organisations={"kerbihan": commune("Commune de Kerbihan", k_admin, k_agents)},
        staff=[staff.user_id],
    )
    hohwiller = make_bot(
        database_url=url,
        organisations={"hohwiller": commune("Commune de Hohwiller", h_admin, h_agents)},
    )
    await kerbihan.start(crash_at="after-room-created", crash_on_pass=3)
    await hohwiller.start()
    everyone = [k_admin, h_admin, staff, *k_agents, *h_agents]
    await asyncio.gather(*(person.start() for person in everyone))

    k_room = await open_campaign(k_admin, kerbihan, "Outils Kerbihan")
    h_room = await open_campaign(h_admin, hohwiller, "Outils Hohwiller")
    assert await kerbihan.wait_for_exit(within=120) == -signal.SIGKILL  # at its third DM
    await kerbihan.start()
    await asyncio.gather(
        *(wait_for_invitation(agent, kerbihan, within=180) for agent in k_agents),
        *(wait_for_invitation(agent, hohwiller, within=180) for agent in h_agents),
    )
    k_status = await say(k_admin, kerbihan, k_room, "!campagne statut")
    h_status = await say(h_admin, hohwiller, h_room, "!campagne statut")

    for agent in k_agents:
        assert invitations_to(agent, kerbihan) == 1, agent.user_id
        assert invitations_to(agent, hohwiller) == 0, agent.user_id
        rooms = [r for r, room in agent.client.rooms.items() if kerbihan.user_id in room.users]
        assert len(rooms) == 1, agent.user_id  # no second DM after the kill
    for agent in h_agents:
        assert invitations_to(agent, hohwiller) == 1, agent.user_id
        assert invitations_to(agent, kerbihan) == 0, agent.user_id
    assert f"{AGENTS_EACH} agents invités\u202f:" in k_status
    assert f"{AGENTS_EACH} agents invités\u202f:" in h_status
    # the structure's staff reach its desk; both communes registered their names
    staff_room = await staff.open_direct_room(kerbihan.user_id)
    await staff.wait_for_messages(kerbihan.user_id, 1, staff_room)  # the staff's welcome
    comparison = await say(staff, kerbihan, staff_room, "!rapport comparaison")
    assert "Aucune commune n'a encore publié de résultats" in comparison
    assert await kerbihan.rows("SELECT key, name FROM organisations ORDER BY key") == [
        ("hohwiller", "Commune de Hohwiller"),
        ("kerbihan", "Commune de Kerbihan"),
    ]
    # each bot's messages are its own: none left unsent, none sent by the other
    for bot in (kerbihan, hohwiller):
        left = await bot.rows("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND bot = ?",
                              bot.user_id)  # fmt: skip
        assert left == [(0,)]


async def test_a_second_process_for_a_commune_already_served_refuses_to_start(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    admin = make_agent("yann")
    organisations = {"kerbihan": commune("Commune de Kerbihan", admin, [])}
    first = make_bot(database_url=url, organisations=organisations)
    second = make_bot(database_url=url, organisations=organisations)
    await first.start()

    await second.start(wait_ready=False)
    code = await second.wait_for_exit(within=60)

    assert code == 1
    assert "already served by another Harmonie process on this database: kerbihan" in (
        second.log_text()
    )
    await admin.start()
    room_id = await admin.open_direct_room(first.user_id)  # the first one serves on
    await admin.wait_for_messages(first.user_id, 1, room_id)
