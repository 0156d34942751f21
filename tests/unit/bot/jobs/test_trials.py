"""The pilot trial's scheduled work with a real SQLite database and a clock moved across
days: the questions sent once, on or after their day and in working hours; reminders as for
campaigns; the trial closed the day after its end; its answers erased after the retention
period. Checked on the outbox (what the pilots will receive) and the rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config, parse_config
from bot.handlers.context import Incoming
from bot.handlers.dispatch import Conversations
from bot.jobs.retention import Retention
from bot.jobs.trials import TrialJobs
from bot.jobs.workdays import working_calendar
from bot.wiring import conversations as build_conversations
from conversations.trial import trial_first_state, trial_step
from conversations.trial_state import dump_trial, load_plan
from storage import Database, OutboxEntry, Pilot, transaction_id
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
EXAMPLE = Path(__file__).resolve().parents[4] / "suites.example.toml"

ADMIN = "@dsi:example.org"
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
CHLOE = "@chloe:example.org"
PILOTS = [ALICE, BRUNO, CHLOE]

# Opened on Monday 11 January 2027 until Friday 29 January: the questions go out three
# working days before, on Tuesday 26 January.
OPEN = "!essai ouvrir alpha, beta jusqu'au 29/01/2027"


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=PARIS)


class World:
    """The `!essai` handler and the trial's jobs sharing one database and one clock."""

    def __init__(self, config: Config, db: Database, clock: SettableClock) -> None:
        self.config = config
        self.db = db
        self.clock = clock
        self.queued = Counter()
        self.conversations: Conversations = build_conversations(
            config, clock, lambda: [], Counter(), pilots=lambda: list(PILOTS)
        )
        self.jobs = self.restarted()

    def restarted(self) -> TrialJobs:
        """New jobs on the same database, as after a restart of the bot."""
        return TrialJobs(
            self.config,
            self.db,
            self.clock,
            self.conversations.survey,
            working_calendar(self.config),
            self.queued,
        )

    async def check(self, moment: datetime) -> int:
        self.clock.moment = moment
        return await self.jobs.check()

    async def say(self, sender: str, body: str) -> str:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org"
        async with self.db.transaction() as session:
            replies = await self.conversations.handle(session, Incoming(sender, room, body, True))
        return readable("\n".join(r.plain for r in replies))

    async def agent_id(self, user_id: str) -> int:
        async with self.db.read() as session:
            agent = await session.agents.get(user_id)
        assert agent is not None
        return agent.id

    async def invite(self, *user_ids: str) -> None:
        """What the inviter does once a pilot's invitation is written."""
        async with self.db.transaction() as session:
            for user_id in user_ids:
                agent = await session.agents.get(user_id)
                assert agent is not None
                await session.trials.mark_invited(1, agent.id, dm(user_id), self.clock.now())

    async def answer(self, user_id: str, messages: list[str]) -> None:
        """What the pilots' dialog keeps of these messages (their state), as it would."""
        agent_id = await self.agent_id(user_id)
        async with self.db.transaction() as session:
            trial = await session.trials.current()
            assert trial is not None
            plan = load_plan(trial.plan)
            state = trial_first_state(plan)
            for message in messages:
                state = trial_step(self.conversations.survey, plan, state, message, "fr").state
            await session.trials.save_state(
                1, agent_id, dump_trial(state), finished=state.finished, now=self.clock.now()
            )

    async def pilot(self, user_id: str) -> Pilot:
        agent_id = await self.agent_id(user_id)
        async with self.db.read() as session:
            pilot = await session.trials.pilot(1, agent_id)
        assert pilot is not None
        return pilot

    async def outbox(self, prefix: str = "") -> list[OutboxEntry]:
        async with self.db.read() as session:
            entries = await session.outbox.unsent()
        return [e for e in entries if e.room_id.startswith(prefix)]

    async def count(self, sql: str) -> int:
        async with self.db.read() as session:
            row = await session.conn.one(sql)
        assert row is not None
        return int(row[0])


def dm(user_id: str) -> str:
    return f"!dm-{user_id[1:].split(':')[0]}:example.org"


def bodies(entries: list[OutboxEntry]) -> list[str]:
    return [readable(str(e.content["body"])) for e in entries]


MakeWorld = Callable[..., Awaitable[World]]


@pytest.fixture
async def make_world(tmp_path: Path, open_database: OpenDatabase) -> MakeWorld:
    async def make(opening: str | None = OPEN, **campaign: Any) -> World:
        data: dict[str, Any] = {
            "matrix": {
                "homeserver": "https://matrix.example.org",
                "user_id": "@harmonie:example.org",
                "password": "not-a-real-one",
            },
            "organisation": {"name": "Commune de Saint-Exemple", "admins": [ADMIN]},
            "campaign": {"reminder_every_days": 1, "max_reminders": 2, **campaign},
            "choice": {"catalogue": str(EXAMPLE)},
        }
        config = parse_config(data, source="t.toml", base_dir=tmp_path, environ={})
        world = World(config, await open_database(), SettableClock(at(11)))
        if opening is not None:
            assert "ouvert" in await world.say(ADMIN, opening)
        return world

    return make


@pytest.fixture
async def world(make_world: MakeWorld) -> World:
    return await make_world()


# --- the questions -------------------------------------------------------------------------------


async def test_the_questions_go_out_once_on_their_day_in_working_hours(world: World) -> None:
    await world.invite(ALICE, BRUNO)

    assert await world.check(at(25)) == 0  # Monday: the day before
    assert await world.check(at(26, 8, 30)) == 0  # Tuesday, before working hours
    assert await world.outbox() == []

    assert await world.check(at(26, 9, 5)) == 2
    alice = await world.agent_id(ALICE)
    sent = await world.outbox(dm(ALICE))
    assert [e.txn_id for e in sent] == [transaction_id(f"trial-ask:1:{alice}", i) for i in (0, 1)]
    lead, question = bodies(sent)
    assert "L'essai des suites se termine le 29/01/2027 : voici mes questions" in lead
    assert "passer" in lead and "pause" in lead
    assert "Suite Alpha (fictive)" in question
    assert (await world.pilot(ALICE)).asked_at == at(26, 9, 5)
    assert (await world.pilot(CHLOE)).asked_at is None  # not invited yet: not asked
    assert world.queued.calls == 1

    assert await world.check(at(26, 9, 10)) == 0
    world.jobs = world.restarted()
    assert await world.check(at(26, 11)) == 0
    assert len(await world.outbox()) == 4


async def test_a_pilot_invited_after_the_ask_day_is_asked_at_the_next_check(world: World) -> None:
    await world.invite(ALICE)
    assert await world.check(at(26)) == 1

    await world.invite(CHLOE)
    assert await world.check(at(27)) == 2  # Chloé asked; Alice reminded, a day later

    chloe = await world.agent_id(CHLOE)
    assert [e.txn_id for e in await world.outbox(dm(CHLOE))] == [
        transaction_id(f"trial-ask:1:{chloe}", i) for i in (0, 1)
    ]
    assert (await world.pilot(CHLOE)).asked_at == at(27)


async def test_a_pilot_who_began_by_writing_is_not_asked_again(world: World) -> None:
    await world.invite(ALICE, BRUNO)
    bruno = await world.agent_id(BRUNO)
    async with world.db.transaction() as session:
        await session.trials.save_state(1, bruno, "{}", finished=False, now=at(20))

    assert await world.check(at(26)) == 2  # Alice asked; Bruno, silent since, reminded

    sent = await world.outbox(dm(BRUNO))
    assert [e.txn_id for e in sent] == [
        transaction_id(f"trial-reminder:1:{bruno}:1", i) for i in (0, 1)
    ]
    assert "Petit rappel" in bodies(sent)[0]


async def test_no_question_goes_out_at_the_weekend_even_after_the_ask_day(
    world: World,
) -> None:
    await world.invite(ALICE)

    assert await world.check(at(23)) == 0  # Saturday, before the ask day
    assert await world.check(at(27, 18)) == 0  # Wednesday evening, after it
    assert await world.check(at(28, 9)) == 1  # Thursday morning


async def test_a_trial_without_an_end_date_never_sends_the_questions(
    make_world: MakeWorld,
) -> None:
    world = await make_world("!essai ouvrir alpha, beta")
    await world.invite(ALICE, BRUNO)

    for day in (12, 19, 26, 29):
        assert await world.check(at(day)) == 0
    assert await world.outbox() == []
    assert (await world.pilot(ALICE)).asked_at is None


# --- reminders -----------------------------------------------------------------------------------


async def test_pilots_asked_and_not_finished_are_reminded_with_their_question(
    world: World,
) -> None:
    await world.invite(ALICE, BRUNO)
    await world.check(at(26))

    assert await world.check(at(26, 16)) == 0  # asked this morning
    assert await world.check(at(27)) == 2  # a day later: due

    alice = await world.agent_id(ALICE)
    reminder = (await world.outbox(dm(ALICE)))[2:]
    assert [e.txn_id for e in reminder] == [
        transaction_id(f"trial-reminder:1:{alice}:1", i) for i in (0, 1)
    ]
    lead, question = bodies(reminder)
    assert "Petit rappel : vos réponses sur l'essai des suites ne sont pas terminées" in lead
    assert "(0/2 suites). L'essai se termine le 29/01/2027." in lead
    assert "!relances non" in lead
    assert "Suite Alpha (fictive)" in question

    assert await world.check(at(27, 15)) == 0  # reminded this morning
    world.jobs = world.restarted()
    assert await world.check(at(28)) == 2  # the second
    assert await world.check(at(29)) == 0  # max_reminders = 2
    async with world.db.read() as session:
        rows = await session.trials.reminder_rows(1)
    assert {row.reminders_sent for row in rows} == {2}


async def test_no_reminder_for_a_pilot_who_just_answered_opted_out_or_finished(
    world: World,
) -> None:
    await world.invite(ALICE, BRUNO, CHLOE)
    await world.check(at(26))
    assert "plus de rappel" in await world.say(ALICE, "!relances non")
    bruno, chloe = await world.agent_id(BRUNO), await world.agent_id(CHLOE)
    async with world.db.transaction() as session:
        await session.trials.save_state(1, bruno, "{}", finished=False, now=at(27, 9))
        await session.trials.save_state(1, chloe, "{}", finished=True, now=at(26, 11))

    assert await world.check(at(27, 10)) == 0
    assert await world.check(at(28, 9, 30)) == 1  # Bruno, a day after his last answer
    assert len(await world.outbox(dm(BRUNO))) == 4
    assert len(await world.outbox(dm(ALICE))) == 2  # the questions only
    assert len(await world.outbox(dm(CHLOE))) == 2


# Alpha's nine modules tried and rated, and a comment: the first suite answered.
FIRST_SUITE = ["tous", *["8 7 9"] * 9, "RAS"]


async def test_a_reminder_says_how_many_suites_are_answered_and_asks_where_the_pilot_is(
    world: World,
) -> None:
    await world.invite(ALICE)
    await world.check(at(26))
    world.clock.moment = at(26, 11)
    await world.answer(ALICE, FIRST_SUITE)

    assert await world.check(at(27, 11)) == 1

    lead, question = bodies((await world.outbox(dm(ALICE)))[2:])
    assert "(1/2 suites)" in lead
    assert "2/2 — Suite Bêta (fictive)" in question
    assert "Quels modules avez-vous essayés ?" in question


async def test_a_paused_pilot_is_reminded_that_any_message_resumes(world: World) -> None:
    await world.invite(ALICE)
    await world.check(at(26))
    world.clock.moment = at(26, 11)
    await world.answer(ALICE, [*FIRST_SUITE, "pause"])

    assert await world.check(at(27, 11)) == 1

    (reminder,) = bodies((await world.outbox(dm(ALICE)))[2:])
    assert "vos réponses sur l'essai des suites sont en pause (1/2 suites)" in reminder
    assert "Écrivez-moi n'importe quel message pour reprendre" in reminder


async def test_no_reminder_outside_working_hours(world: World) -> None:
    await world.invite(ALICE)
    await world.check(at(22))  # nothing to ask yet
    await world.check(at(26))

    assert await world.check(at(27, 7)) == 0
    assert await world.check(at(27, 17, 30)) == 0
    assert await world.check(at(27, 16, 59)) == 1


# --- closing and retention ----------------------------------------------------------------------


async def test_the_trial_closes_the_day_after_its_end_date(world: World) -> None:
    await world.invite(ALICE)

    await world.check(at(29, 23, 30))
    async with world.db.read() as session:
        assert (await session.trials.current()) is not None

    assert await world.check(at(30, 0, 30)) == 0  # Saturday night
    async with world.db.read() as session:
        trial = await session.trials.latest()
    assert trial is not None and trial.closed_at == at(30, 0, 30)

    assert await world.check(datetime(2027, 2, 1, 10, tzinfo=PARIS)) == 0  # closed: no question
    assert await world.outbox() == []
    assert "(clos)" in await world.say(ADMIN, "!essai statut")


async def test_a_trial_closed_longer_than_the_retention_period_loses_its_answers(
    world: World,
) -> None:
    await world.invite(ALICE)
    alice = await world.agent_id(ALICE)
    async with world.db.transaction() as session:
        await session.trials.save_suite(
            1, alice, "alpha", [("sondage", "simplicite", 8)], "facile", at(27)
        )
        await session.trials.save_state(1, alice, "{}", finished=True, now=at(27))
    world.clock.moment = at(29, 12)
    await world.say(ADMIN, "!essai fermer")
    retention = Retention(world.config, world.db, world.clock, world.conversations.reports.whole)
    answers = "SELECT (SELECT COUNT(*) FROM trial_ratings) + (SELECT COUNT(*) FROM trial_comments)"

    world.clock.moment = at(29, 12) + timedelta(days=364)
    assert await retention.check() == 0
    assert await world.count(answers) == 2

    world.clock.moment = at(29, 12) + timedelta(days=366)
    assert await retention.check() == 1
    assert await world.count(answers) == 0
    assert await world.count("SELECT COUNT(*) FROM trial_pilots WHERE state IS NOT NULL") == 0
    assert await world.count("SELECT COUNT(*) FROM trial_pilots WHERE finished_at IS NOT NULL") == 1
    assert await world.count("SELECT COUNT(*) FROM trials WHERE purged_at IS NOT NULL") == 1
    assert await retention.check() == 0  # once


async def test_a_pilot_who_chose_english_is_asked_in_english(world: World) -> None:
    await world.say(BRUNO, "!langue en")
    await world.invite(BRUNO)

    assert await world.check(at(26)) == 1

    lead, question = bodies(await world.outbox(dm(BRUNO)))
    assert "The trial of the suites ends on 29/01/2027: here are my questions" in lead
    assert "Which modules did you try?" in question
