"""The rollout on a real homeserver and a moving clock: a plan made by an admin, owners
reminded and marking steps done, a late step escalated, a feedback wave reaching ten
agents whose answers make the trend, and jobs due while the bot was down run once."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.test_evaluation import say
from tests.support.harness import BotProcess
from tests.support.kit import readable

pytestmark = pytest.mark.integration

FAST = "check_seconds = 0.2"
WAVE_INTRO = "Cela fait 7 jours que"


def set_clock(clock: Path, moment: str) -> None:
    clock.write_text(moment, encoding="utf-8")


async def wait_for_job(bot: BotProcess, key_part: str) -> str:
    """Until the rollout job whose key contains `key_part` has run (its row in job_runs,
    written in the transaction that queued its messages); its outcome."""
    await bot.wait_until(
        lambda: any(key_part in key for key in job_runs(bot)), f"ran rollout job {key_part!r}"
    )
    outcome = next(outcome for key, outcome in job_runs(bot).items() if key_part in key)
    assert outcome != "missed", key_part
    return outcome


def job_runs(bot: BotProcess) -> dict[str, str]:
    """The jobs run, by key; a single commune's are stored under its tenant, `default:`."""
    rows = bot.query("SELECT key, outcome FROM job_runs")
    assert all(key.startswith("default:") for key, _ in rows), rows
    return {key.removeprefix("default:"): outcome for key, outcome in rows}


def bodies(agent: SimulatedAgent, bot: BotProcess, needle: str) -> list[str]:
    """What the bot sent that contains `needle`, read as a person reads it (no-break
    spaces as spaces)."""
    shown = (readable(m.body) for m in agent.messages_from(bot.user_id))
    return [body for body in shown if needle in body]


async def wait_for_body(
    agent: SimulatedAgent, bot: BotProcess, needle: str, within: float = 60
) -> str:
    await agent.wait_for(lambda: bool(bodies(agent, bot, needle)), within=within)
    return next(m.room_id for m in agent.messages_from(bot.user_id) if needle in readable(m.body))


async def admin_room(admin: SimulatedAgent, bot: BotProcess) -> str:
    room_id = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, room_id)  # the welcome
    return room_id


async def test_an_owner_is_reminded_marks_the_step_done_and_a_late_step_is_escalated(
    tmp_path: Path,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
) -> None:
    clock = tmp_path / "now.txt"
    set_clock(clock, "2027-03-01T10:00:00+01:00")  # a Monday
    admin, manager = make_agent("dsi"), make_agent("encadrante")
    bot = make_bot(
        admins=[admin.user_id], managers=[manager.user_id], clock_file=clock, extra_rollout=FAST
    )
    await bot.start()
    await asyncio.gather(admin.start(), manager.start())
    room = await admin_room(admin, bot)

    created = await say(admin, bot, room, "!deploiement nouveau Suite Numérique 2027-03-29")

    assert "Plan de déploiement créé" in created and "29/03/2027" in created
    assert "1. associer les encadrants (groupe de travail) — 15/03/2027" in created
    assert manager.user_id in created  # the managers own the steps by default

    # Three working days before step 1: its owner hears of it, in a DM the bot opens.
    set_clock(clock, "2027-03-10T09:30:00+01:00")
    await wait_for_body(manager, bot, "l'étape 1")
    reminder = bodies(manager, bot, "l'étape 1")[0]
    assert "Suite Numérique" in reminder and "le 15/03/2027" in reminder
    manager_room = await wait_for_body(manager, bot, "l'étape 1")
    done = await say(manager, bot, manager_room, "!etape 1 fait")
    assert "marquée comme faite" in done

    # On the day (15/03), nothing more about a step already done: checked at the end,
    # since a reminder due that day would have gone out by 17/03 at the latest.
    # Step 2 (22/03) is reminded on 17/03 and on the day, then escalated on 23/03.
    set_clock(clock, "2027-03-17T09:30:00+01:00")
    await wait_for_job(bot, "remind:2:2027-03-17")
    set_clock(clock, "2027-03-22T09:30:00+01:00")
    await wait_for_job(bot, "remind:2:2027-03-22")
    set_clock(clock, "2027-03-23T09:30:00+01:00")
    await wait_for_job(bot, "escalate:2:2027-03-23")
    await wait_for_body(admin, bot, "n'est pas marquée comme faite")
    escalation = bodies(admin, bot, "n'est pas marquée comme faite")
    status = await say(admin, bot, room, "!deploiement statut")

    assert len(escalation) == 1 and "l'étape 2 « communiquer »" in escalation[0]
    await manager.wait_for(lambda: len(bodies(manager, bot, "l'étape 2")) == 2)
    assert "aujourd'hui" in bodies(manager, bot, "l'étape 2")[1]
    assert len(bodies(manager, bot, "l'étape 1")) == 1  # never reminded once done
    assert "1. associer les encadrants (groupe de travail) — 15/03/2027 — ✅ faite" in status
    assert "2. communiquer — 22/03/2027 — ⚠️ en retard" in status


async def test_a_feedback_wave_reaches_ten_agents_and_their_answers_make_the_trend(
    tmp_path: Path,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
) -> None:
    clock = tmp_path / "now.txt"
    set_clock(clock, "2027-02-22T10:00:00+01:00")
    admin, manager = make_agent("dsi"), make_agent("encadrant")
    agents = [make_agent() for _ in range(10)]
    bot = make_bot(
        admins=[admin.user_id],
        managers=[manager.user_id],
        agents=[a.user_id for a in agents],
        clock_file=clock,
        extra_rollout=FAST,
    )
    await bot.start()
    await asyncio.gather(admin.start(), manager.start(), *(a.start() for a in agents))
    room = await admin_room(admin, bot)
    created = await say(admin, bot, room, "!deploiement nouveau Suite Numérique 2027-03-01")
    assert "Plan de déploiement créé" in created

    set_clock(clock, "2027-03-08T09:30:00+01:00")  # D+7: the first wave
    rooms = await asyncio.gather(*(wait_for_body(a, bot, WAVE_INTRO) for a in agents))
    # Agent n rates 5..9 on the first criterion and 6 elsewhere; half leave an idea.
    for number, (agent, agent_room) in enumerate(zip(agents, rooms, strict=True)):
        await agent.wait_for(lambda a=agent: bool(bodies(a, bot, "(1/4)")))
        noted = await say(agent, bot, agent_room, f"{5 + number % 5} 6 6 nsp", replies=2)
        assert "Un problème ou une idée" in noted
        idea = "L'agenda partagé ne se synchronise pas" if number % 2 else "rien"
        thanks = await say(agent, bot, agent_room, idea)
        assert "Merci" in thanks
    manager_room = await admin_room(manager, bot)
    trend = await say(manager, bot, manager_room, "!rapport retours")

    assert "Retours sur Suite Numérique" in trend
    # Respondents out of invited, then (5+6+7+8+9) * 2 / 10 on the first criterion, 6 on
    # the next two, nobody rated the fourth, overall 6.3 (equal weights).
    assert "1 · 08/03/2027 · 10 / 10 · 7,0 · 6,0 · 6,0 · — · 6,3 · —" in trend
    assert "L'agenda partagé ne se synchronise pas · 5" in trend  # merged, five agents
    for agent in agents:
        assert len(bodies(agent, bot, WAVE_INTRO)) == 1
    with sqlite3.connect(bot.db_path) as db:
        (finished,) = db.execute(
            "SELECT COUNT(*) FROM feedback_responses WHERE finished_at IS NOT NULL"
        ).fetchone()
    assert finished == 10


async def test_a_wave_due_while_the_bot_was_down_runs_once_and_an_old_one_is_reported(
    tmp_path: Path,
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
) -> None:
    clock = tmp_path / "now.txt"
    set_clock(clock, "2027-02-22T10:00:00+01:00")
    admin = make_agent("dsi")
    agents = [make_agent() for _ in range(3)]
    bot = make_bot(
        admins=[admin.user_id],
        agents=[a.user_id for a in agents],
        clock_file=clock,
        extra_rollout=FAST,
    )
    await bot.start()
    await asyncio.gather(admin.start(), *(a.start() for a in agents))
    room = await admin_room(admin, bot)
    await say(admin, bot, room, "!deploiement nouveau Suite Numérique 2027-03-01")
    set_clock(clock, "2027-03-05T16:00:00+01:00")  # Friday, before the first wave
    assert await bot.stop() == 0

    # Down over the weekend; back on Monday morning, the wave's day: it goes out once,
    # even though the bot is killed right after the job is recorded.
    set_clock(clock, "2027-03-08T10:00:00+01:00")
    await bot.start(crash_at="after-rollout-job")
    assert await bot.wait_for_exit() != 0
    await bot.start()
    await asyncio.gather(*(wait_for_body(a, bot, WAVE_INTRO) for a in agents))
    await bot.stop()
    await bot.start()  # and once more: nothing is sent again
    await say(admin, bot, room, "!deploiement statut")
    assert job_runs(bot)["plan:1:wave:1"].startswith("sent to 3")
    for agent in agents:
        assert len(bodies(agent, bot, WAVE_INTRO)) == 1

    # Down for three weeks across the D+30 wave (31/03): reported as missed, not sent.
    assert await bot.stop() == 0
    set_clock(clock, "2027-04-21T10:00:00+02:00")
    await bot.start()
    await wait_for_body(admin, bot, "enquête de retour n° 2")
    await say(admin, bot, room, "!deploiement statut")
    missed = bodies(admin, bot, "enquête de retour n° 2")

    assert len(missed) == 1 and "n'ont pas été envoyés" in missed[0]
    assert "(prévue le 31/03/2027)" in missed[0]
    assert job_runs(bot)["plan:1:wave:2"] == "missed"
    for agent in agents:
        assert len(bodies(agent, bot, "Cela fait")) == 1  # the first wave only
