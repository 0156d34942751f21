"""Reminders go out in working hours only, at most K times, never to those who finished:
on a controllable clock (the bot reads its time from a file), to real agents."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.evaluation_script import FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import open_campaign, say, wait_for_invitation
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration

OUTSIDE = "reminder check: outside working hours"


def reminders(agent: SimulatedAgent, bot: BotProcess) -> list[str]:
    return [m.body for m in agent.messages_from(bot.user_id) if "Petit rappel" in m.body]


async def move_clock(clock: Path, bot: BotProcess, moment: str, outcome: str) -> None:
    """Set the bot's time, then wait until two checks (so at least one made after the
    change) have logged `outcome`. A check that sends nothing writes nothing to the
    database: its log line is its only trace."""
    seen = bot.log_text().count(outcome)
    await asyncio.to_thread(clock.write_text, moment, encoding="utf-8")
    await bot.wait_until(
        lambda: bot.log_text().count(outcome) >= seen + 2, f"a reminder check said {outcome!r}"
    )


async def test_reminders_only_in_working_hours_at_most_twice_never_after_finishing(
    tmp_path: Path,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
) -> None:
    clock = tmp_path / "now.txt"
    clock.write_text("2027-01-08T10:00:00+01:00", encoding="utf-8")  # a Friday
    admin, late, diligent = make_agent("dsi"), make_agent(), make_agent()
    bot = make_bot(
        admins=[admin.user_id],
        agents=[late.user_id, diligent.user_id],
        clock_file=clock,
        extra_campaign="reminder_every_days = 1\nmax_reminders = 2\nreminder_check_seconds = 0.2",
    )
    await bot.start()
    await asyncio.gather(admin.start(), late.start(), diligent.start())
    await open_campaign(admin, bot)
    late_room = await wait_for_invitation(late, bot)
    diligent_room = await wait_for_invitation(diligent, bot)
    await say(late, bot, late_room, "Zoom")
    for message in FIRST_HALF + SECOND_HALF:
        await say(diligent, bot, diligent_room, message, replies_to(message))

    await move_clock(clock, bot, "2027-01-09T11:00:00+01:00", OUTSIDE)  # Saturday
    await move_clock(clock, bot, "2027-01-11T08:30:00+01:00", OUTSIDE)  # Monday, too early
    assert reminders(late, bot) == []
    await move_clock(clock, bot, "2027-01-11T10:00:00+01:00", "reminder check: 0 sent")
    await late.wait_for(lambda: len(reminders(late, bot)) == 1)
    await move_clock(clock, bot, "2027-01-12T10:00:00+01:00", "reminder check: 0 sent")
    await late.wait_for(lambda: len(reminders(late, bot)) == 2)
    await move_clock(clock, bot, "2027-01-13T10:00:00+01:00", "reminder check: 0 sent")
    await say(late, bot, late_room, "!mesreponses")  # anything queued would come first

    assert len(reminders(late, bot)) == 2  # at most max_reminders
    assert reminders(diligent, bot) == []  # finished: never reminded
    assert "!évaluer" in reminders(late, bot)[0]
    assert "(0/9 catégories)" in reminders(late, bot)[0]
