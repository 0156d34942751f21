"""!rapport on the real Synapse: the manager gets the report and three files, decrypted by
the client; agents and other rooms are refused; user text comes out escaped."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import struct
import subprocess
import sys
from collections.abc import Callable

import pytest
from odf.opendocument import load
from odf.table import Table

from bot.demo.simulated import SimulatedAgent
from tests.integration.evaluation_script import FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import open_campaign, say, wait_for_invitation
from tests.support.harness import REPO_ROOT, BotProcess

pytestmark = pytest.mark.integration

HOSTILE = "<b>gras</b> et <script>alert(1)</script>"


async def test_manager_gets_the_report_and_its_files_others_are_refused(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin, manager = make_agent("dsi"), make_agent("encadrante")
    agents = [make_agent() for _ in range(5)]
    bot = make_bot(
        admins=[admin.user_id], managers=[manager.user_id], agents=[a.user_id for a in agents]
    )
    await bot.start()
    await asyncio.gather(admin.start(), manager.start(), *(a.start() for a in agents))
    await open_campaign(admin, bot)

    async def evaluate(agent: SimulatedAgent, index: int) -> None:
        room_id = await wait_for_invitation(agent, bot)
        script = FIRST_HALF + SECOND_HALF
        if index == 0:  # one agent's problem with Teams is hostile HTML
            script = [script[0], script[1], HOSTILE, *script[3:]]
        for message in script:
            await say(agent, bot, room_id, message, replies_to(message))

    await asyncio.gather(*(evaluate(a, i) for i, a in enumerate(agents)))

    room_id = await manager.open_direct_room(bot.user_id)
    await manager.wait_for_messages(bot.user_id, 1, room_id)
    report = await say(manager, bot, room_id, "!rapport")
    message = manager.messages_from(bot.user_id, room_id)[-1]
    files = {}
    for kind in ("csv", "ods", "graphique"):
        await say(manager, bot, room_id, f"!rapport {kind}")
        event = manager.messages_from(bot.user_id, room_id)[-1]
        assert event.encrypted and "file" in event.content  # an encrypted attachment
        files[kind] = await manager.download(event.content)

    assert "Microsoft Teams" in report and "CLASSEMENT" in report
    assert "<table " in message.content["formatted_body"]
    assert "&lt;script&gt;" in message.content["formatted_body"]
    assert "<script>" not in message.content["formatted_body"]
    assert "<b>gras" not in message.content["formatted_body"]
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Catégorie", "Outil"]
    assert any(row[1] == "Microsoft Teams" and row[2] == "5" for row in rows[1:])
    sheets = load(io.BytesIO(files["ods"])).spreadsheet.getElementsByType(Table)
    assert [s.getAttribute("name") for s in sheets][:2] == ["Classement", "Manques"]
    png = files["graphique"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 800 and height >= 500

    agent_room = agents[1].messages_from(bot.user_id)[0].room_id
    refusal = await say(agents[1], bot, agent_room, "!rapport")
    assert "réservée aux encadrants" in refusal

    group = await manager.client.room_create(name="Salon quelconque", invite=[bot.user_id])
    group_room = manager.client.rooms[group.room_id]
    # joined, not only invited (nio's `users` holds both)
    await manager.wait_for(
        lambda: bot.user_id in group_room.users and bot.user_id not in group_room.invited_users
    )
    await manager.send(group.room_id, "!rapport")
    answer = await manager.wait_for_messages(bot.user_id, 1, group.room_id)
    assert "n'est disponible qu'en conversation privée" in answer[0].body

    # the same report offline, from the database, without Matrix
    markdown = offline_report(bot).decode("utf-8")
    assert markdown.startswith("# Rapport — campagne n°\u00a01 «\u202fOutils 2027\u202f»")
    assert "| visioconférence | Microsoft Teams | 5 |" in markdown
    chart = bot.folder / "chart.png"
    offline_report(bot, "--format", "png", "--output", str(chart))
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def offline_report(bot: BotProcess, *options: str) -> bytes:
    """`harmonie report` on the bot's configuration (the bot may be running)."""
    env = {**os.environ, "HARMONIE_MATRIX__PASSWORD": bot.password}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "report", "--config", str(bot.config_path), *options],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout
