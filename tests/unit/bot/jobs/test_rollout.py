"""The rollout's scheduled work with a real SQLite database and a clock moved across days.

Owner reminders, escalations to the admins, training reminders and feedback waves, each
run once at the opening of its working day, never outside working hours, and reported to
the admins instead of sent late when the bot was down beyond the grace period. Checked on
the notices a person will receive and on the rows the reports will read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config, parse_config
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.dispatch import Conversations
from bot.jobs.rollout import RolloutJobs
from bot.jobs.workdays import working_calendar
from bot.wiring import conversations as build_conversations
from conversations.formatting import Attachment, Reply
from storage import Database, Letter
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
CREATED = datetime(2027, 2, 15, 10, 0, tzinfo=PARIS)  # Monday, five weeks before the launch

ADMIN = "@dsi:example.org"
MARIE = "@marie:example.org"  # manager, owner of every step by default
NADIA = "@nadia:example.org"  # manager, owner of every step by default
OWNERS = (MARIE, NADIA)
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
CHLOE = "@chloe:example.org"
POPULATION = [ALICE, BRUNO, CHLOE]

# Launch on Monday 22 March 2027. Step 1 is due Monday 8 March: its owners are reminded
# Wednesday 3 March (3 working days before) and on the 8th; if it is not done, the admins
# hear of it on Tuesday 9 March, then Tuesday 16 March. Wave 1 (D+7) falls on Easter Monday
# 29 March, a public holiday, and goes out on Tuesday 30 March.
CREATE = "!deploiement nouveau Suite Numérique 2027-03-22"
REMIND_1 = "plan:1:remind:1:2027-03-03"
WAVE_DAY = datetime(2027, 3, 30, 9, 0, tzinfo=PARIS)


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=PARIS)


class World:
    """The handler and the scheduled jobs sharing one database and one clock."""

    def __init__(
        self, config: Config, db: Database, clock: SettableClock, conversations: Conversations
    ) -> None:
        self.config = config
        self.db = db
        self.clock = clock
        self.conversations = conversations
        self.queued = Counter()
        self.jobs = self.restarted()

    def restarted(self) -> RolloutJobs:
        """A new RolloutJobs on the same database, as after a restart of the bot."""
        return RolloutJobs(
            self.config,
            self.db,
            self.clock,
            self.conversations.survey,
            working_calendar(self.config),
            self.conversations.rollout.schedule,
            lambda: list(POPULATION),
            self.queued,
        )

    async def check(self, moment: datetime) -> int:
        self.clock.moment = moment
        return await self.jobs.check()

    async def every_morning(self, first: datetime, last: datetime) -> int:
        """The bot running without a break: a check at 09:00 and 16:00 every day."""
        ran = 0
        day = first
        while day <= last:
            for hour in (9, 16):
                ran += await self.check(day.replace(hour=hour, minute=0))
            day += timedelta(days=1)
        return ran

    async def say(self, sender: str, body: str) -> list[Outgoing]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org"
        async with self.db.transaction() as session:
            return await self.conversations.handle(session, Incoming(sender, room, body, True))

    async def text(self, sender: str, body: str) -> str:
        replies = await self.say(sender, body)
        return readable("\n".join(r.plain for r in replies if isinstance(r, Reply)))

    async def letters(self, prefix: str = "") -> list[Letter]:
        async with self.db.read() as session:
            queued = await session.letters.undelivered()
        return [n for n in queued if n.cause.startswith(prefix)]

    async def letters_for(self, user_id: str) -> list[Letter]:
        return [n for n in await self.letters() if n.user_id == user_id]

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        async with self.db.read() as session:
            return [tuple(row) for row in await session.conn.every(sql)]

    async def job_runs(self) -> dict[str, str]:
        """The jobs run, by the keys the jobs gave them (stored after their tenant's)."""
        runs = {}
        for key, outcome in await self.rows("SELECT key, outcome FROM job_runs"):
            tenant, job = key.split(":", 1)
            assert tenant == "default"
            runs[job] = outcome
        return runs

    async def all_steps_done(self) -> None:
        for number in range(1, 6):
            assert "faite" in await self.text(ADMIN, f"!etape {number} fait")


def bodies(letter: Letter) -> list[str]:
    return [readable(str(content["body"])) for content in letter.contents]


MakeWorld = Callable[..., Awaitable[World]]


def config_data(**organisation: Any) -> dict[str, Any]:
    return {
        "matrix": {
            "homeserver": "https://matrix.example.org",
            "user_id": "@harmonie:example.org",
            "password": "not-a-real-one",
        },
        "organisation": {
            # these tests read an open campaign's figures; the default (results at the
            # close) is tested in test_report_release.py
            "live_results": True,
            "name": "Commune de Saint-Exemple",
            "admins": [ADMIN],
            "managers": list(OWNERS),
            "agents": POPULATION,
            "anonymity_threshold": 2,
            **organisation,
        },
    }


@pytest.fixture
async def make_world(tmp_path: Path, open_database: OpenDatabase) -> MakeWorld:

    async def make(**organisation: Any) -> World:
        config = parse_config(
            config_data(**organisation), source="t.toml", base_dir=tmp_path, environ={}
        )
        db = await open_database()
        clock = SettableClock(CREATED)
        conversations = build_conversations(config, clock, lambda: list(POPULATION), lambda: None)
        return World(config, db, clock, conversations)

    return make


@pytest.fixture
async def world(make_world: MakeWorld) -> World:
    """The plan for « Suite Numérique » created on 15 February, launch on 22 March 2027."""
    world = await make_world()
    assert "Plan de déploiement créé" in await world.text(ADMIN, CREATE)
    return world


# --- owner reminders ----------------------------------------------------------------------------


async def test_owners_are_reminded_three_working_days_before_step_1_once_each(
    world: World,
) -> None:
    assert await world.check(at(3, 9, 0)) == 1

    reminders = await world.letters("plan:1:remind:1:")
    assert sorted(n.user_id for n in reminders) == sorted(OWNERS)
    for notice in reminders:
        [body] = bodies(notice)
        assert body.startswith("Rappel — déploiement de Suite Numérique : l'étape 1")
        assert "« associer les encadrants (groupe de travail) » est prévue le 08/03/2027" in body
        assert "Vous en êtes responsable" in body
        assert "!étape 1 fait" in body
    assert await world.job_runs() == {REMIND_1: "sent to 2"}
    assert world.queued.calls == 1
    assert await world.letters_for(ADMIN) == []
    assert await world.letters_for(ALICE) == []


async def test_a_reminder_is_never_queued_twice_even_after_a_restart(world: World) -> None:
    await world.check(at(3, 9, 0))
    first = await world.letters()

    assert await world.check(at(3, 9, 0)) == 0
    assert await world.check(at(3, 15, 30)) == 0
    world.jobs = world.restarted()
    assert await world.check(at(3, 16, 59)) == 0
    assert await world.check(at(4, 9, 0)) == 0  # the next day, still within the grace

    assert await world.letters() == first
    assert len(first) == 2
    assert world.queued.calls == 1
    assert await world.job_runs() == {REMIND_1: "sent to 2"}


@pytest.mark.parametrize(
    "moment",
    [
        at(2, 16, 0),  # the day before
        at(3, 8, 59),  # before the working day starts
        at(3, 17, 0),  # after it ends
        at(3, 21, 30),
        at(6, 10, 0),  # Saturday
        at(7, 10, 0),  # Sunday
    ],
    ids=["day-before", "08:59", "17:00", "evening", "saturday", "sunday"],
)
async def test_nothing_runs_outside_working_hours_or_before_the_due_day(
    world: World, moment: datetime
) -> None:
    assert await world.check(moment) == 0

    assert await world.letters() == []
    assert await world.job_runs() == {}
    assert world.queued.calls == 0


async def test_a_reminder_due_at_17_00_goes_out_the_next_morning(world: World) -> None:
    assert await world.check(at(3, 17, 0)) == 0
    assert await world.check(at(4, 9, 0)) == 1

    assert len(await world.letters("plan:1:remind:1:2027-03-03:")) == 2


async def test_owners_are_reminded_again_on_the_day_itself(world: World) -> None:
    await world.every_morning(at(1), at(8))

    today = await world.letters("plan:1:remind:1:2027-03-08:")
    assert sorted(n.user_id for n in today) == sorted(OWNERS)
    for notice in today:
        [body] = bodies(notice)
        assert "est prévue aujourd'hui (08/03/2027)" in body
    assert len(await world.letters("plan:1:remind:1:")) == 4  # twice each, no more
    assert len(await world.letters_for(MARIE)) == 2
    # Step 2 (due 15 March) is first reminded on 10 March.
    assert await world.letters("plan:1:remind:2:") == []


async def test_a_step_marked_done_gets_no_more_reminders_nor_escalations(world: World) -> None:
    await world.check(at(3, 9, 0))
    assert "faite" in await world.text(MARIE, "!etape 1 fait")

    await world.every_morning(at(4), at(19))

    step_1 = [key for key in await world.job_runs() if key.startswith("plan:1:remind:1:")]
    assert step_1 == [REMIND_1]
    assert [key for key in await world.job_runs() if ":escalate:1:" in key] == []
    assert len(await world.letters("plan:1:remind:1:")) == 2
    assert await world.letters("plan:1:escalate:1:") == []


# --- escalation ---------------------------------------------------------------------------------


async def test_a_step_not_done_goes_to_the_admins_the_next_working_day_then_weekly(
    world: World,
) -> None:
    await world.every_morning(at(3), at(8))
    assert await world.letters("plan:1:escalate:") == []

    await world.every_morning(at(9), at(9))
    [first] = await world.letters("plan:1:escalate:1:")
    assert first.user_id == ADMIN
    assert first.cause == f"plan:1:escalate:1:2027-03-09:{ADMIN}"
    [body] = bodies(first)
    assert "l'étape 1 « associer les encadrants (groupe de travail) » était prévue le " in body
    assert "08/03/2027 et n'est pas marquée comme faite" in body
    assert f"Responsables : {MARIE}, {NADIA}" in body

    await world.every_morning(at(10), at(15))
    assert len(await world.letters("plan:1:escalate:1:")) == 1  # not every day

    await world.every_morning(at(16), at(19))
    causes = [n.cause for n in await world.letters("plan:1:escalate:1:")]
    assert causes == [
        f"plan:1:escalate:1:2027-03-09:{ADMIN}",
        f"plan:1:escalate:1:2027-03-16:{ADMIN}",
    ]
    assert [n for n in await world.letters("plan:1:escalate:") if n.user_id != ADMIN] == []


async def test_an_escalation_stops_once_the_step_is_done(world: World) -> None:
    await world.every_morning(at(3), at(10))
    assert len(await world.letters("plan:1:escalate:1:")) == 1
    await world.text(NADIA, "!etape 1 fait")

    await world.every_morning(at(11), at(24))

    assert len(await world.letters("plan:1:escalate:1:")) == 1


# --- training reminders -------------------------------------------------------------------------


async def test_agents_are_reminded_of_a_training_the_working_day_before(world: World) -> None:
    await world.say(BRUNO, "!langue en")
    await world.text(MARIE, "!formation 2027-03-16 14:00 salle du conseil")
    await world.all_steps_done()  # keep this test about the training alone

    await world.every_morning(at(1), at(12))
    assert await world.letters() == []

    assert await world.check(at(15, 9, 0)) == 1
    reminders = await world.letters("plan:1:training:1:")
    assert sorted(n.user_id for n in reminders) == sorted(POPULATION)
    by_user = {n.user_id: bodies(n) for n in reminders}
    assert by_user[ALICE] == [
        "Rappel : une formation à Suite Numérique a lieu le 16/03/2027 à 14:00, salle du "
        "conseil. Une demi-journée pour prendre en main les nouveaux outils : nous comptons "
        "sur vous !"
    ]
    assert by_user[BRUNO][0].startswith(
        "Reminder: a training session on Suite Numérique takes place on 16/03/2027 at 14:00"
    )
    assert await world.letters_for(MARIE) == []

    await world.every_morning(at(15), at(17))
    assert len(await world.letters()) == len(POPULATION)
    assert await world.job_runs() == {"plan:1:training:1": "sent to 3"}


async def test_no_training_reminder_once_the_session_has_started(world: World) -> None:
    await world.text(ADMIN, "!formation 2027-03-16 09:30 salle du conseil")
    await world.all_steps_done()

    # The bot was down on Monday the 15th and comes back at 10:00 on the day of the session.
    await world.check(at(16, 10, 0))

    assert await world.letters() == []
    assert await world.job_runs() == {"plan:1:training:1": "session already started"}


# --- feedback waves -----------------------------------------------------------------------------


async def _wave_one(world: World) -> None:
    await world.say(CHLOE, "!langue en")
    await world.all_steps_done()
    assert await world.check(at(29, 10, 0)) == 0  # Easter Monday
    assert await world.check(WAVE_DAY) == 1


async def test_wave_1_opens_on_the_working_day_after_d_plus_7_for_every_agent(
    world: World,
) -> None:
    await _wave_one(world)

    assert await world.rows("SELECT plan_id, number, due_on FROM feedback_waves") == [
        (1, 1, "2027-03-30")
    ]
    responses = await world.rows(
        "SELECT a.user_id, r.finished_at FROM feedback_responses r"
        " JOIN agents a ON a.id = r.agent_id ORDER BY a.user_id"
    )
    assert responses == [(ALICE, None), (BRUNO, None), (CHLOE, None)]
    invitations = {n.user_id: bodies(n) for n in await world.letters("plan:1:wave:1:")}
    assert sorted(invitations) == sorted(POPULATION)
    intro, question = invitations[ALICE]
    assert intro.startswith(
        "Bonjour ! Cela fait 8 jours que le déploiement de Suite Numérique a commencé."
    )
    assert "4 notes rapides et une question" in intro
    assert question.startswith("Suite Numérique — efficacité (1/4) : votre note de 0 à 10 ?")
    intro_en, question_en = invitations[CHLOE]
    assert intro_en.startswith("Hello! The rollout of Suite Numérique started 8 days ago.")
    assert "(1/4)" in question_en and "efficacité" not in question_en
    assert await world.job_runs() == {"plan:1:wave:1": "sent to 3"}
    assert world.queued.calls == 1

    assert await world.check(WAVE_DAY.replace(hour=15)) == 0
    world.jobs = world.restarted()
    assert await world.check(WAVE_DAY + timedelta(days=1)) == 0
    assert len(await world.letters("plan:1:wave:")) == 3
    assert len(await world.rows("SELECT * FROM feedback_responses")) == 3
    status = await world.text(MARIE, "!deploiement statut")
    assert "Enquêtes de retour : 30/03/2027 (envoyée à 3 agents)" in status


async def test_answers_to_a_wave_are_stored_and_the_trend_respects_the_threshold(
    world: World,
) -> None:
    await _wave_one(world)

    noted = await world.text(ALICE, "8 6 9 7")
    assert "Noté : efficacité 8, coût 6, sécurité 9, assimilation par les équipes 7." in noted
    assert "Un problème ou une idée à remonter sur Suite Numérique ?" in noted
    thanks = await world.text(ALICE, "L'agenda partagé plante le lundi")
    assert thanks.startswith("Merci ! Votre retour sur Suite Numérique est enregistré.")
    after = await world.text(ALICE, "Merci à vous")  # no evaluation open: about the survey
    assert after.startswith("Vous avez déjà répondu à cette enquête, merci !")

    ratings = await world.rows(
        "SELECT a.user_id, f.criterion, f.value FROM feedback_ratings f"
        " JOIN agents a ON a.id = f.agent_id ORDER BY f.criterion"
    )
    assert sorted(value for _, _, value in ratings) == [6, 7, 8, 9]
    assert {user for user, _, _ in ratings} == {ALICE}
    assert await world.rows(
        "SELECT w.number, c.body FROM feedback_comments c JOIN feedback_waves w ON w.id = c.wave_id"
    ) == [(1, "L'agenda partagé plante le lundi")]
    finished = await world.rows(
        "SELECT a.user_id FROM feedback_responses r JOIN agents a ON a.id = r.agent_id"
        " WHERE r.finished_at IS NOT NULL"
    )
    assert finished == [(ALICE,)]

    hidden = await world.text(MARIE, "!rapport retours")
    assert "Retours sur Suite Numérique — déploiement lancé le 22/03/2027" in hidden
    assert "1 · 30/03/2027 · moins de 2 réponses / 3 · — · — · — · — · — · —" in hidden
    assert "8,0" not in hidden
    assert "agenda" not in hidden

    await world.text(BRUNO, "6 8 7 9")
    await world.text(BRUNO, "rien")

    shown = await world.text(MARIE, "!rapport retours")
    assert "1 · 30/03/2027 · 2 / 3 · 7,0 · 7,0 · 8,0 · 8,0 · 7,5 · —" in shown
    assert "agenda" not in shown  # one author only: still hidden

    [export] = await world.say(MARIE, "!rapport retours csv")
    assert isinstance(export, Attachment)
    assert (export.filename, export.mimetype) == ("retours-deploiement-1.csv", "text/csv")
    table = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig")), delimiter=";"))
    assert ["1", "30/03/2027", "2 / 3", "7,0", "7,0", "8,0", "8,0", "7,5", "—"] in table


async def test_the_report_without_a_campaign_shows_the_feedback_trend(world: World) -> None:
    await _wave_one(world)
    for agent, marks in [(ALICE, "8 6 9 7"), (BRUNO, "6 8 7 9")]:
        await world.text(agent, marks)
        await world.text(agent, "Les notifications arrivent en retard")

    shown = await world.text(NADIA, "!rapport")

    assert "1 · 30/03/2027 · 2 / 3 · 7,0 · 7,0 · 8,0 · 8,0 · 7,5" in shown
    assert "Les notifications arrivent en retard · 2" in shown  # two authors: shown, merged


async def test_an_agent_never_gets_the_feedback_report(world: World) -> None:
    await _wave_one(world)

    shown = await world.text(ALICE, "!rapport retours")

    assert "réservée aux encadrants" in shown


# --- the bot down across a due time -------------------------------------------------------------


async def test_a_job_due_while_the_bot_was_down_runs_once_within_the_grace(world: World) -> None:
    assert await world.check(at(2, 16, 0)) == 0
    # Down on Wednesday the 3rd; back on Thursday the 4th at 10:00 (1 working day late).
    assert await world.check(at(4, 10, 0)) == 1
    assert await world.check(at(4, 10, 1)) == 0

    reminders = await world.letters("plan:1:remind:1:2027-03-03:")
    assert sorted(n.user_id for n in reminders) == sorted(OWNERS)
    assert "est prévue le 08/03/2027" in bodies(reminders[0])[0]
    assert await world.job_runs() == {REMIND_1: "sent to 2"}
    assert await world.letters_for(ADMIN) == []


async def test_a_job_missed_beyond_the_grace_is_reported_to_the_admins_not_sent(
    world: World,
) -> None:
    assert await world.check(at(2, 16, 0)) == 0
    # Back on Friday the 5th: two working days late, beyond the grace of one.
    assert await world.check(at(5, 10, 0)) == 0

    assert await world.job_runs() == {REMIND_1: "missed"}
    assert await world.letters_for(MARIE) == []
    assert await world.letters_for(NADIA) == []
    [report] = await world.letters_for(ADMIN)
    [body] = bodies(report)
    assert body.startswith("Harmonie était arrêté quand ces envois programmés étaient dus")
    assert "n'ont pas été envoyés" in body
    assert "• rappel de l'étape 1 aux responsables (prévu le 03/03/2027)" in body
    assert world.queued.calls == 1

    assert await world.check(at(5, 11, 0)) == 0
    world.jobs = world.restarted()
    assert await world.check(at(8, 9, 30)) == 1  # the reminder of the day itself runs
    assert len(await world.letters_for(ADMIN)) == 1
    assert await world.job_runs() == {
        REMIND_1: "missed",
        "plan:1:remind:1:2027-03-08": "sent to 2",
    }


async def test_two_weeks_down_every_old_job_is_listed_once_and_none_is_sent(
    world: World,
) -> None:
    for number in range(2, 6):
        await world.text(ADMIN, f"!etape {number} fait")
    await world.check(at(2, 16, 0))

    assert await world.check(at(19, 10, 0)) == 0  # Friday 19 March

    assert await world.job_runs() == {
        REMIND_1: "missed",
        "plan:1:remind:1:2027-03-08": "missed",
        "plan:1:escalate:1:2027-03-09": "missed",
        "plan:1:escalate:1:2027-03-16": "missed",
    }
    assert [n.user_id for n in await world.letters()] == [ADMIN]
    [body] = bodies((await world.letters())[0])
    assert body.count("• ") == 4
    assert "• rappel de l'étape 1 aux responsables (prévu le 08/03/2027)" in body
    assert "• alerte sur l'étape 1 en retard (prévue le 16/03/2027)" in body

    await world.check(at(19, 14, 0))
    await world.check(at(22, 9, 0))
    assert len(await world.letters()) == 1


async def test_a_training_reminder_one_day_late_still_goes_out_before_the_session(
    world: World,
) -> None:
    await world.text(ADMIN, "!formation 2027-03-17 14:00")
    await world.all_steps_done()

    assert await world.check(at(17, 10, 0)) == 1  # due on the 16th, the bot was down

    assert await world.job_runs() == {"plan:1:training:1": "sent to 3"}
    assert len(await world.letters("plan:1:training:")) == 3


async def test_a_missed_training_reminder_is_reported_and_not_sent(world: World) -> None:
    await world.text(ADMIN, "!formation 2027-03-17 14:00")
    await world.all_steps_done()

    assert await world.check(at(18, 10, 0)) == 0  # due on the 16th, two working days late

    assert await world.job_runs() == {"plan:1:training:1": "missed"}
    assert await world.letters("plan:1:training:") == []
    [report] = await world.letters()
    assert report.user_id == ADMIN
    assert (
        "• rappel de la formation du 17/03/2027 aux agents (prévu le 16/03/2027)"
        in bodies(report)[0]
    )


async def test_a_missed_wave_is_reported_and_no_survey_is_opened(world: World) -> None:
    await world.all_steps_done()

    assert await world.check(at(2, 10, 0, month=4)) == 0  # wave due 30 March, 3 days late

    assert await world.job_runs() == {"plan:1:wave:1": "missed"}
    assert await world.rows("SELECT * FROM feedback_waves") == []
    assert await world.rows("SELECT * FROM feedback_responses") == []
    [report] = await world.letters()
    assert report.user_id == ADMIN
    assert "• enquête de retour n° 1 aux agents (prévue le 30/03/2027)" in bodies(report)[0]


# --- a cancelled plan ---------------------------------------------------------------------------


async def test_a_cancelled_plan_runs_no_job(world: World) -> None:
    await world.text(ADMIN, "!formation 2027-03-16 14:00")
    assert "annulé" in await world.text(ADMIN, "!deploiement annuler")

    ran = await world.every_morning(at(1), at(31))

    assert ran == 0
    assert await world.letters() == []
    assert await world.job_runs() == {}
    assert await world.rows("SELECT * FROM feedback_waves") == []
    assert world.queued.calls == 0


async def test_a_new_plan_after_a_cancelled_one_has_its_own_jobs(world: World) -> None:
    await world.check(at(3, 9, 0))
    await world.text(ADMIN, "!deploiement annuler")
    await world.text(ADMIN, "!deploiement nouveau Autre suite 2027-04-12")

    # D-14 is Easter Monday 29 March: step 1 is due on the 30th, reminded on the 24th.
    await world.check(at(24, 9, 0))

    assert await world.job_runs() == {
        REMIND_1: "sent to 2",
        "plan:2:remind:1:2027-03-24": "sent to 2",
    }
    [body] = bodies((await world.letters("plan:2:remind:1:"))[0])
    assert "déploiement de Autre suite : l'étape 1" in body
    assert "prévue le 30/03/2027" in body


# --- a launch less than two weeks away ----------------------------------------------------------


async def test_a_plan_made_a_week_before_launch_reminds_owners_today_and_misses_nothing(
    make_world: MakeWorld,
) -> None:
    world = await make_world()
    world.clock.moment = at(15, 10, 0)  # Monday: D-14 and D-7 are already past or today
    await world.text(ADMIN, "!deploiement nouveau Suite Numérique 2027-03-22")

    assert await world.check(at(15, 10, 5)) == 2

    causes = sorted(n.cause for n in await world.letters())
    assert causes == sorted(
        f"plan:1:remind:{step}:2027-03-15:{owner}" for step in (1, 2) for owner in OWNERS
    )
    for notice in await world.letters():
        assert "est prévue aujourd'hui (15/03/2027)" in bodies(notice)[0]
    assert "missed" not in " ".join((await world.job_runs()).values())


async def test_an_on_the_day_reminder_sent_late_does_not_say_today(world: World) -> None:
    await world.every_morning(at(3), at(5))
    # Down all Monday the 8th (step 1's day), back on Tuesday the 9th.
    await world.check(at(9, 10, 0))

    [body] = bodies((await world.letters(f"plan:1:remind:1:2027-03-08:{MARIE}"))[0])
    assert "aujourd'hui" not in body


async def test_a_plan_made_after_hours_gives_owners_a_working_day_before_escalating(
    make_world: MakeWorld,
) -> None:
    world = await make_world()
    world.clock.moment = at(12, 18, 0)  # Friday evening
    await world.text(ADMIN, "!deploiement nouveau Suite Numérique 2027-03-22")

    await world.check(at(15, 9, 0))  # Monday morning

    assert len(await world.letters("plan:1:remind:1:")) == 2
    assert await world.letters("plan:1:escalate:") == []


# --- one dialog at a time -----------------------------------------------------------------------


async def test_a_wave_waits_for_an_evaluation_in_progress_then_comes_by_itself(
    world: World,
) -> None:
    await world.text(ADMIN, "!campagne ouvrir Outils 2027")
    await world.text(ALICE, "!evaluer")  # the service question... then the tools of 1/9
    await world.text(ALICE, "Teams")

    await _wave_one(world)

    invitations = {n.user_id: bodies(n) for n in await world.letters("plan:1:wave:1:")}
    [waiting] = invitations[ALICE]
    assert "Je vous la poserai dès que vous aurez terminé l'évaluation en cours" in waiting
    assert len(invitations[BRUNO]) == 2, "no evaluation in progress: the survey at once"
    # The evaluation keeps the agent's messages: « 8 6 9 7 » rates Teams, not the suite.
    noted = await world.text(ALICE, "8 6 9 7")
    assert noted.startswith("Notes de Microsoft Teams : efficacité 8")
    assert await world.rows("SELECT * FROM feedback_ratings") == []
    # Pausing the evaluation hands over to the survey, with its question.
    paused = await world.text(ALICE, "pause")
    assert "Une courte enquête sur Suite Numérique vous attend" in paused
    assert "Suite Numérique — efficacité (1/4)" in paused
    rated = await world.text(ALICE, "7 7 7 7")
    assert "Un problème ou une idée à remonter sur Suite Numérique ?" in rated
    assert len(await world.rows("SELECT * FROM feedback_ratings")) == 4
    # Back to the evaluation: the survey in progress waits, and the agent is told.
    resumed = await world.text(ALICE, "!evaluer")
    assert "Quel problème rencontrez-vous avec Microsoft Teams ?" in resumed
    assert "Votre enquête sur Suite Numérique attendra" in resumed
