"""The rollout commands through the message handler, with a real SQLite database.

`!deploiement`, `!etape`, `!formation` and `!retour` as an administrator, a manager and an
agent would type them, checked on what they read and on the rows the scheduled jobs will
use. No Matrix: the handler is called inside a transaction, as the Matrix edge does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import parse_config
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.dispatch import Conversations
from bot.wiring import conversations as build_conversations
from conversations.formatting import Reply
from storage import Database, RolloutPlan, RolloutStep, Training
from tests.support.kit import SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2027, 2, 15, 10, 0, tzinfo=PARIS)  # five weeks before the launch

ADMIN = "@dsi:example.org"
MARIE = "@marie:example.org"  # manager (encadrante)
NADIA = "@nadia:example.org"  # manager (encadrante)
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
AGENTS = [ALICE, BRUNO]

SUITE = "Suite Numérique"
# Launch on Monday 22 March 2027: D-14 = 8 March, D-7 = 15 March, D = 22 March; D+7 is
# Easter Monday (29 March 2027, a public holiday), so steps 4 and 5 move to Tuesday 30 March.
LAUNCH = "2027-03-22"
CREATE = f"!deploiement nouveau {SUITE} {LAUNCH}"
DUE = {
    1: date(2027, 3, 8),
    2: date(2027, 3, 15),
    3: date(2027, 3, 22),
    4: date(2027, 3, 30),
    5: date(2027, 3, 30),
}
USAGE = "Utilisation : !formation <date> <heure> [lieu], par exemple !formation 16/03/2027 14h00"
STEP_NAMES = {
    1: "associer les encadrants (groupe de travail)",
    2: "communiquer",
    3: "former les agents (demi-journées)",
    4: "lancer des projets concrets sur la plateforme",
    5: "recueillir les retours des agents",
}


class Bot:
    """The handler with a real database, driven message by message as the Matrix edge does."""

    def __init__(self, db: Database, conversations: Conversations, clock: SettableClock) -> None:
        self.db = db
        self.conversations = conversations
        self.clock = clock

    async def say(self, sender: str, body: str) -> list[Outgoing]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org"
        async with self.db.transaction() as session:
            return await self.conversations.handle(session, Incoming(sender, room, body, True))

    async def replies(self, sender: str, body: str) -> list[Reply]:
        replies = await self.say(sender, body)
        assert all(isinstance(reply, Reply) for reply in replies), replies
        return [reply for reply in replies if isinstance(reply, Reply)]

    async def plan(self) -> RolloutPlan | None:
        async with self.db.read() as session:
            return await session.rollout.active()

    async def plans(self) -> int:
        return int(await self.scalar("SELECT COUNT(*) FROM rollout_plans"))

    async def steps(self) -> dict[int, RolloutStep]:
        plan = await self.plan()
        assert plan is not None
        async with self.db.read() as session:
            return {step.number: step for step in await session.rollout.steps(plan.id)}

    async def trainings(self) -> list[Training]:
        async with self.db.read() as session:
            plan = await session.rollout.active()
            return await session.rollout.trainings(plan.id) if plan else []

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        async with self.db.read() as session:
            return [tuple(row) for row in await session.conn.every(sql)]

    async def scalar(self, sql: str) -> Any:
        return (await self.rows(sql))[0][0]


MakeBot = Callable[..., Awaitable[Bot]]


def config_data(rollout: dict[str, Any] | None = None, **organisation: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
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
            "managers": [MARIE, NADIA],
            "agents": AGENTS,
            **organisation,
        },
    }
    if rollout is not None:
        data["rollout"] = rollout
    return data


@pytest.fixture
async def make_bot(tmp_path: Path, open_database: OpenDatabase) -> MakeBot:

    async def make(rollout: dict[str, Any] | None = None, **organisation: Any) -> Bot:
        config = parse_config(
            config_data(rollout, **organisation), source="t.toml", base_dir=tmp_path, environ={}
        )
        db = await open_database()
        clock = SettableClock(MONDAY_MORNING)
        conversations = build_conversations(config, clock, lambda: list(AGENTS), lambda: None)
        return Bot(db, conversations, clock)

    return make


@pytest.fixture
async def bot(make_bot: MakeBot) -> Bot:
    return await make_bot()


@pytest.fixture
async def plan_bot(bot: Bot) -> Bot:
    """A bot with the plan for « Suite Numérique », launched on 22 March 2027."""
    shown = said(await bot.replies(ADMIN, CREATE))
    assert "Plan de déploiement créé" in shown
    return bot


def said(replies: list[Reply]) -> str:
    return readable("\n".join(reply.plain for reply in replies))


def step_line(number: int, state: str, owners: str = f"{MARIE}, {NADIA}") -> str:
    due = DUE[number].strftime("%d/%m/%Y")
    return f"{number}. {STEP_NAMES[number]} — {due} — {state} — responsables : {owners}"


# --- creating a plan ----------------------------------------------------------------------------


async def test_an_admin_creates_a_plan_of_five_steps_on_working_days_owned_by_the_managers(
    bot: Bot,
) -> None:
    shown = said(await bot.replies(ADMIN, CREATE))

    assert "Plan de déploiement créé : Suite Numérique, lancement le 22/03/2027." in shown
    for number in DUE:
        assert step_line(number, "à faire") in shown
    assert "29/03/2027" not in shown  # Easter Monday: nothing is due on a public holiday
    assert "prévenus 3 jours ouvrés avant chaque étape et le jour même" in shown
    assert "Enquêtes de retour aux agents : 30/03/2027, 21/04/2027, 21/06/2027" in shown

    plan = await bot.plan()
    assert plan is not None
    assert (plan.suite, plan.start_on, plan.created_by) == (SUITE, date(2027, 3, 22), ADMIN)
    steps = await bot.steps()
    assert {n: s.due_on for n, s in steps.items()} == DUE
    assert [s.key for s in steps.values()] == [
        "encadrants",
        "communication",
        "formation",
        "projets",
        "retours",
    ]
    assert all(s.owners == (MARIE, NADIA) for s in steps.values())
    assert all(s.done_at is None and s.done_by is None for s in steps.values())


async def test_a_step_falling_on_14_july_moves_to_the_next_working_day(bot: Bot) -> None:
    # Launch on Wednesday 21 July 2027: D-7 is the 14th, the fête nationale.
    shown = said(await bot.replies(ADMIN, "!deploiement nouveau Suite 2027-07-21"))

    assert "2. communiquer — 15/07/2027 — à faire" in shown
    assert "14/07/2027" not in shown
    steps = await bot.steps()
    assert [steps[n].due_on for n in range(1, 6)] == [
        date(2027, 7, 7),
        date(2027, 7, 15),
        date(2027, 7, 21),
        date(2027, 7, 28),
        date(2027, 7, 28),
    ]


async def test_configured_step_owners_replace_the_managers_for_that_step(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(rollout={"owners": {"2": [NADIA], "3": [ADMIN]}})

    shown = said(await bot.replies(ADMIN, CREATE))

    assert step_line(2, "à faire", NADIA) in shown
    assert step_line(3, "à faire", ADMIN) in shown
    steps = await bot.steps()
    assert (steps[1].owners, steps[2].owners, steps[3].owners) == (
        (MARIE, NADIA),
        (NADIA,),
        (ADMIN,),
    )


@pytest.mark.parametrize("who", [ADMIN, MARIE])
async def test_admins_and_managers_see_the_plan_status(plan_bot: Bot, who: str) -> None:
    shown = said(await plan_bot.replies(who, "!deploiement statut"))

    assert "Déploiement de Suite Numérique — lancement le 22/03/2027" in shown
    for number in DUE:
        assert step_line(number, "à faire") in shown
    assert "Formations : aucune pour l'instant" in shown
    assert "Enquêtes de retour : 30/03/2027, 21/04/2027, 21/06/2027" in shown


async def test_the_rollout_command_alone_shows_the_status(plan_bot: Bot) -> None:
    assert "Déploiement de Suite Numérique" in said(await plan_bot.replies(MARIE, "!deploiement"))


async def test_status_without_a_plan_says_how_an_admin_creates_one(bot: Bot) -> None:
    shown = said(await bot.replies(MARIE, "!deploiement statut"))

    assert "Aucun plan de déploiement n'est en cours" in shown
    assert "!déploiement nouveau <suite> <date>, par exemple" in shown


async def test_a_second_plan_is_refused_while_one_is_in_progress(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(ADMIN, "!deploiement nouveau Autre suite 2027-06-01"))

    assert "Un plan de déploiement est déjà en cours : Suite Numérique" in shown
    assert "lancement le 22/03/2027" in shown
    assert "!déploiement annuler" in shown
    assert await plan_bot.plans() == 1
    plan = await plan_bot.plan()
    assert plan is not None and (plan.suite, plan.start_on) == (SUITE, date(2027, 3, 22))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!deploiement nouveau", "!déploiement nouveau [suite] <date>"),
        ("!deploiement nouveau Suite Numérique", "Je n'ai pas compris la date de lancement"),
        ("!deploiement nouveau Suite 22 brumaire", "Je n'ai pas compris la date de lancement"),
        ("!deploiement nouveau Suite 2027-02-30", "Le 2027-02-30 n'existe pas : vérifiez"),
        ("!deploiement nouveau Suite 22/13/2027", "Le 22/13/2027 n'existe pas : vérifiez"),
        ("!deploiement nouveau Suite 31 avril", "Le 31 avril n'existe pas : vérifiez"),
        ("!deploiement nouveau Suite 2027-02-12", "ne peut pas être passée (12/02/2027)"),
        ("!deploiement nouveau 2027-03-22", "Indiquez le nom de la suite avant la date"),
        ("!deploiement lancer Suite 2027-03-22", "!déploiement statut** : affiche le plan"),
    ],
)
async def test_bad_plan_requests_are_explained_in_french_and_create_nothing(
    bot: Bot, body: str, expected: str
) -> None:
    replies = await bot.replies(ADMIN, body)

    assert len(replies) == 1
    assert expected in readable(replies[0].text)
    assert await bot.plans() == 0


async def test_a_launch_today_is_accepted(bot: Bot) -> None:
    bot.clock.moment = datetime(2027, 3, 22, 9, 30, tzinfo=PARIS)

    shown = said(await bot.replies(ADMIN, CREATE))

    assert "Plan de déploiement créé" in shown
    assert await bot.plans() == 1


async def test_steps_already_past_at_creation_are_due_on_the_first_working_day(bot: Bot) -> None:
    bot.clock.moment = datetime(2027, 3, 13, 11, 0, tzinfo=PARIS)  # Saturday, D-9

    shown = said(await bot.replies(ADMIN, CREATE))

    assert "1. associer les encadrants (groupe de travail) — 15/03/2027 — à faire" in shown
    assert "2. communiquer — 15/03/2027 — à faire" in shown
    steps = await bot.steps()
    assert [steps[n].due_on for n in range(1, 6)] == [
        date(2027, 3, 15),
        date(2027, 3, 15),
        DUE[3],
        DUE[4],
        DUE[5],
    ]


async def test_a_launch_on_29_february_is_accepted(bot: Bot) -> None:
    shown = said(await bot.replies(ADMIN, "!deploiement nouveau Suite 2028-02-29"))

    assert "Plan de déploiement créé : Suite, lancement le 29/02/2028." in shown


@pytest.mark.parametrize("body", [CREATE, "!deploiement annuler"])
async def test_a_manager_may_neither_create_nor_cancel_a_plan(bot: Bot, body: str) -> None:
    await bot.replies(ADMIN, "!deploiement nouveau Outils 2027 2027-04-12")

    shown = said(await bot.replies(MARIE, body))

    assert "seuls les administrateurs peuvent créer ou annuler un plan" in shown
    assert "!déploiement statut" in shown
    assert await bot.plans() == 1
    plan = await bot.plan()
    assert plan is not None and plan.suite == "Outils 2027"


@pytest.mark.parametrize(
    "body",
    [
        "!deploiement statut",
        CREATE,
        "!deploiement annuler",
        "!etape 1 fait",
        "!etape 1 date 2027-03-10",
        "!formation 2027-03-16 14:00 salle du conseil",
    ],
)
async def test_an_agent_may_not_use_the_rollout_commands(plan_bot: Bot, body: str) -> None:
    command = {"!deploiement": "!déploiement", "!etape": "!étape"}.get(body.split()[0])

    shown = said(await plan_bot.replies(ALICE, body))

    assert f"la commande {command or '!formation'} est réservée aux encadrants" in shown
    assert "!aide" in shown
    steps = await plan_bot.steps()
    assert {n: s.due_on for n, s in steps.items()} == DUE
    assert all(s.done_at is None for s in steps.values())
    assert await plan_bot.trainings() == []
    assert await plan_bot.plans() == 1
    assert (await plan_bot.plan()) is not None


async def test_cancelling_then_creating_a_new_plan(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(ADMIN, "!deploiement annuler"))

    assert "Le plan de déploiement de Suite Numérique est annulé" in shown
    assert "plus aucun rappel ni enquête" in shown
    assert await plan_bot.plan() is None
    assert "Aucun plan de déploiement" in said(await plan_bot.replies(MARIE, "!deploiement"))

    shown = said(await plan_bot.replies(ADMIN, "!deploiement nouveau Autre suite 2027-04-12"))

    assert "Plan de déploiement créé : Autre suite, lancement le 12/04/2027." in shown
    plan = await plan_bot.plan()
    assert plan is not None and plan.suite == "Autre suite"
    assert await plan_bot.plans() == 2


async def test_cancelling_without_a_plan_says_there_is_none(bot: Bot) -> None:
    assert "Aucun plan de déploiement" in said(await bot.replies(ADMIN, "!deploiement annuler"))


async def test_a_suite_name_with_markup_cannot_inject_bold(bot: Bot) -> None:
    replies = await bot.replies(ADMIN, "!deploiement nouveau **URGENT** <i>x</i> 2027-03-22")

    assert "<strong>URGENT</strong>" not in replies[0].html
    assert "&lt;i&gt;" in replies[0].html
    plan = await bot.plan()
    assert plan is not None and plan.suite == "**URGENT** <i>x</i>"


# --- !etape --------------------------------------------------------------------------------------


async def test_an_owner_marks_a_step_done_once(plan_bot: Bot) -> None:
    plan_bot.clock.moment = datetime(2027, 3, 12, 11, 0, tzinfo=PARIS)

    shown = said(await plan_bot.replies(MARIE, "!etape 2 fait"))

    assert shown == "Merci ! L'étape 2 « communiquer » est marquée comme faite."
    step = (await plan_bot.steps())[2]
    assert step.done_by == MARIE
    assert step.done_at == datetime(2027, 3, 12, 11, 0, tzinfo=PARIS)

    plan_bot.clock.moment = datetime(2027, 3, 15, 11, 0, tzinfo=PARIS)
    again = said(await plan_bot.replies(NADIA, "!etape 2 fait"))

    assert again == "L'étape 2 « communiquer » était déjà marquée comme faite."
    step = (await plan_bot.steps())[2]
    assert step.done_by == MARIE  # the first one to mark it stays recorded
    assert step.done_at == datetime(2027, 3, 12, 11, 0, tzinfo=PARIS)


@pytest.mark.parametrize("action", ["Terminé", "TERMINÉE", "terminee", "Fait"])
async def test_a_step_is_marked_done_with_or_without_accents(plan_bot: Bot, action: str) -> None:
    shown = said(await plan_bot.replies(MARIE, f"!étape 2 {action}"))

    assert shown == "Merci ! L'étape 2 « communiquer » est marquée comme faite."
    assert (await plan_bot.steps())[2].done_by == MARIE


async def test_a_step_is_moved_with_décaler_written_with_its_accent(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(MARIE, "!étape 2 Décaler 2027-03-17"))

    assert shown.startswith("L'étape 2 « communiquer » est décalée au 17/03/2027")
    assert (await plan_bot.steps())[2].due_on == date(2027, 3, 17)


async def test_a_manager_who_does_not_own_the_step_may_not_change_it(make_bot: MakeBot) -> None:
    bot = await make_bot(rollout={"owners": {"2": [NADIA]}})
    await bot.replies(ADMIN, CREATE)

    for body in ["!etape 2 fait", "!etape 2 date 2027-03-17"]:
        shown = said(await bot.replies(MARIE, body))

        assert f"seuls les responsables de l'étape 2 ({NADIA}) et les administrateurs" in shown
        step = (await bot.steps())[2]
        assert step.done_at is None and step.due_on == DUE[2]
    # Marie still owns the other steps.
    assert "est marquée comme faite" in said(await bot.replies(MARIE, "!etape 1 fait"))


async def test_an_admin_may_mark_any_step_done(make_bot: MakeBot) -> None:
    bot = await make_bot(rollout={"owners": {"2": [NADIA]}})
    await bot.replies(ADMIN, CREATE)

    shown = said(await bot.replies(ADMIN, "!etape 2 fait"))

    assert "L'étape 2 « communiquer » est marquée comme faite" in shown
    assert (await bot.steps())[2].done_by == ADMIN


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!etape 9 fait", "numéro de 1 à 5"),
        ("!etape 0 fait", "numéro de 1 à 5"),
        ("!etape deux fait", "numéro de 1 à 5"),
        ("!etape 2", "numéro de 1 à 5"),
        ("!etape 2 peut-être", "numéro de 1 à 5"),
        ("!etape", "numéro de 1 à 5"),
        ("!etape 2 date", "numéro de 1 à 5"),
        ("!etape 2 date demain", "Je n'ai pas compris la date : écrivez-la par exemple"),
        ("!etape 2 date 2027-13-01", "Le 2027-13-01 n'existe pas : vérifiez le jour et le mois"),
        ("!etape 2 date 31/02/2027", "Le 31/02/2027 n'existe pas : vérifiez le jour et le mois"),
        ("!etape 2 date 31/04", "Le 31/04 n'existe pas : vérifiez le jour et le mois"),
        ("!etape 2 date 2027-02-12", "La nouvelle date ne peut pas être passée."),
    ],
)
async def test_bad_step_requests_are_explained_and_change_nothing(
    plan_bot: Bot, body: str, expected: str
) -> None:
    replies = await plan_bot.replies(MARIE, body)

    assert len(replies) == 1
    assert expected in readable(replies[0].plain)
    steps = await plan_bot.steps()
    assert {n: s.due_on for n, s in steps.items()} == DUE
    assert all(s.done_at is None and s.dated_on is None for s in steps.values())


async def test_a_superscript_step_number_gets_the_usage(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(MARIE, "!etape ² fait"))

    assert "numéro de 1 à 5" in shown


async def test_a_step_without_a_plan_says_there_is_none(bot: Bot) -> None:
    assert "Aucun plan de déploiement" in said(await bot.replies(MARIE, "!etape 1 fait"))


async def test_moving_a_step_to_a_saturday_moves_it_to_the_monday_and_says_so(
    plan_bot: Bot,
) -> None:
    shown = said(await plan_bot.replies(MARIE, "!etape 2 date 2027-03-20"))

    assert shown.startswith("L'étape 2 « communiquer » est décalée au 22/03/2027")
    assert "(le 20/03/2027 n'est pas un jour ouvré)" in shown
    step = (await plan_bot.steps())[2]
    assert step.due_on == date(2027, 3, 22)
    assert step.dated_on == date(2027, 2, 15)  # decided today: reminders count from today
    status = said(await plan_bot.replies(NADIA, "!deploiement statut"))
    assert "2. communiquer — 22/03/2027 — à faire" in status


async def test_moving_a_step_to_a_working_day_keeps_that_day(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(MARIE, "!etape 1 date 2027-03-10"))

    assert "décalée au 10/03/2027. Les rappels suivront cette nouvelle date." in shown
    assert "jour ouvré" not in shown
    assert (await plan_bot.steps())[1].due_on == date(2027, 3, 10)


async def test_the_status_follows_the_clock_from_to_do_to_late_to_done(plan_bot: Bot) -> None:
    plan_bot.clock.moment = datetime(2027, 3, 8, 16, 0, tzinfo=PARIS)  # step 1's day
    assert step_line(1, "à faire") in said(await plan_bot.replies(MARIE, "!deploiement"))

    plan_bot.clock.moment = datetime(2027, 3, 9, 9, 0, tzinfo=PARIS)
    shown = said(await plan_bot.replies(MARIE, "!deploiement"))
    assert step_line(1, "⚠️ en retard") in shown
    assert step_line(2, "à faire") in shown

    await plan_bot.replies(NADIA, "!etape 1 fait")
    shown = said(await plan_bot.replies(MARIE, "!deploiement"))
    assert step_line(1, "✅ faite le 09/03/2027") in shown


async def test_the_day_a_step_is_done_is_the_local_day(plan_bot: Bot) -> None:
    # 00:30 in Paris is still the previous day in UTC.
    plan_bot.clock.moment = datetime(2027, 3, 9, 0, 30, tzinfo=PARIS)
    await plan_bot.replies(MARIE, "!etape 1 fait")
    plan_bot.clock.moment = datetime(2027, 3, 9, 10, 0, tzinfo=UTC)

    assert step_line(1, "✅ faite le 09/03/2027") in said(
        await plan_bot.replies(MARIE, "!deploiement")
    )


# --- !formation ----------------------------------------------------------------------------------


async def test_a_training_session_is_stored_and_the_reminder_day_announced(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(MARIE, "!formation 2027-03-16 14:00 salle du conseil"))

    assert shown == (
        "Séance de formation ajoutée : 16/03/2027 à 14:00, salle du conseil. "
        "Les agents en seront prévenus le 15/03/2027."
    )
    [training] = await plan_bot.trainings()
    assert training.starts_at == datetime(2027, 3, 16, 14, 0, tzinfo=PARIS)
    assert training.starts_at.utcoffset() is not None
    assert training.starts_at.astimezone(UTC).hour == 13  # CET, before the summer time change
    assert training.place == "salle du conseil"
    status = said(await plan_bot.replies(NADIA, "!deploiement statut"))
    assert "Formations : 16/03/2027 à 14:00, salle du conseil" in status


async def test_a_monday_session_is_announced_on_the_friday_before(plan_bot: Bot) -> None:
    shown = said(await plan_bot.replies(ADMIN, "!formation 2027-03-22 9h30"))

    assert shown == (
        "Séance de formation ajoutée : 22/03/2027 à 09:30. "
        "Les agents en seront prévenus le 19/03/2027."
    )
    [training] = await plan_bot.trainings()
    assert training.starts_at == datetime(2027, 3, 22, 9, 30, tzinfo=PARIS)
    assert training.place is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!formation", USAGE),
        ("!formation 2027-03-16", USAGE),
        ("!formation 14h00 2027-03-16", USAGE),
        ("!formation demain 14h00", USAGE),
        ("!formation 2027-03-16 25:00 salle", "L'heure 25:00 n'existe pas : écrivez-la"),
        ("!formation 16/03 14h75", "L'heure 14h75 n'existe pas : écrivez-la"),
        ("!formation 2027-02-30 14:00", "Le 2027-02-30 n'existe pas : vérifiez"),
        ("!formation 31/02 14h", "Le 31/02 n'existe pas : vérifiez"),
        ("!formation 2027-02-12 14:00", "Cette séance serait dans le passé"),
        ("!formation 2027-02-15 09:59", "Cette séance serait dans le passé"),  # this morning
    ],
)
async def test_bad_training_requests_are_explained_and_store_nothing(
    plan_bot: Bot, body: str, expected: str
) -> None:
    shown = said(await plan_bot.replies(MARIE, body))

    assert expected in shown
    assert await plan_bot.trainings() == []


async def test_a_training_without_a_plan_says_there_is_none(bot: Bot) -> None:
    shown = said(await bot.replies(ADMIN, "!formation 2027-03-16 14:00"))

    assert "Aucun plan de déploiement" in shown
    assert await bot.rows("SELECT * FROM rollout_trainings") == []


async def test_only_the_owners_of_step_3_and_the_admins_add_sessions(make_bot: MakeBot) -> None:
    bot = await make_bot(rollout={"owners": {"3": [NADIA]}})
    await bot.replies(ADMIN, CREATE)

    shown = said(await bot.replies(MARIE, "!formation 2027-03-16 14:00"))

    assert "seuls les responsables de l'étape 3 (formation) et les administrateurs" in shown
    assert await bot.trainings() == []
    await bot.replies(NADIA, "!formation 2027-03-16 14:00")
    await bot.replies(ADMIN, "!formation 2027-03-17 14:00")
    assert len(await bot.trainings()) == 2


async def test_markup_in_the_place_is_defused(plan_bot: Bot) -> None:
    [reply] = await plan_bot.replies(
        MARIE, "!formation 2027-03-16 14:00 **GRATUIT** <a href='x'>ici</a>"
    )

    assert "**GRATUIT**" not in reply.text
    assert "<strong>GRATUIT</strong>" not in reply.html
    assert "<a href" not in reply.html
    assert "&lt;a href='x'&gt;ici&lt;/a&gt;" in reply.html
    [status] = await plan_bot.replies(NADIA, "!deploiement statut")
    assert "<strong>GRATUIT</strong>" not in status.html
    assert "<a href" not in status.html
    [training] = await plan_bot.trainings()
    assert training.place == "**GRATUIT** <a href='x'>ici</a>"  # stored as typed


# --- !avis (formerly !retour) ---------------------------------------------------------------------


THANKS = (
    "Merci, votre retour est transmis à l'équipe du déploiement. "
    "Il apparaîtra sans votre nom dans les rapports."
)


async def test_feedback_without_a_plan_is_kept(bot: Bot) -> None:
    shown = said(await bot.replies(ALICE, "!avis l'agenda   ne s'affiche pas"))

    assert shown == THANKS
    rows = await bot.rows(
        "SELECT c.plan_id, c.wave_id, a.user_id, c.body FROM feedback_comments c"
        " JOIN agents a ON a.id = c.agent_id"
    )
    assert rows == [(None, None, ALICE, "l'agenda ne s'affiche pas")]


async def test_feedback_during_a_plan_is_attached_to_it_and_never_echoes_others(
    plan_bot: Bot,
) -> None:
    await plan_bot.replies(BRUNO, "!retour le secret de Bruno")  # the former name still works

    shown = said(await plan_bot.replies(ALICE, "!avis la visio coupe souvent"))

    assert shown == THANKS
    assert "Bruno" not in shown and "visio" not in shown
    plan = await plan_bot.plan()
    assert plan is not None
    rows = await plan_bot.rows(
        "SELECT c.plan_id, c.wave_id, a.user_id, c.body FROM feedback_comments c"
        " JOIN agents a ON a.id = c.agent_id ORDER BY c.id"
    )
    assert rows == [
        (plan.id, None, BRUNO, "le secret de Bruno"),
        (plan.id, None, ALICE, "la visio coupe souvent"),
    ]


@pytest.mark.parametrize("body", ["!avis", "!avis    ", "!retour", "!Retour  "])
async def test_empty_feedback_gives_the_usage_and_keeps_nothing(bot: Bot, body: str) -> None:
    shown = said(await bot.replies(ALICE, body))

    assert "Écrivez votre message après la commande" in shown
    assert "!avis l'agenda partagé" in shown
    # "!retour" may have been meant as the evaluation's "retour" (back one question)
    assert "revenir à la question précédente de l'évaluation, écrivez retour, sans" in shown
    assert await bot.rows("SELECT * FROM feedback_comments") == []
    assert await bot.rows("SELECT * FROM agents") == []


async def test_an_agent_who_chose_english_gets_english_feedback_replies(plan_bot: Bot) -> None:
    await plan_bot.replies(ALICE, "!langue en")

    thanks = said(await plan_bot.replies(ALICE, "!retour the calendar is slow"))
    usage = said(await plan_bot.replies(ALICE, "!feedback"))

    assert thanks == (
        "Thank you, your feedback is passed on to the rollout team. "
        "It will appear without your name in the reports."
    )
    assert usage.startswith("Write your message after the command")
    assert await plan_bot.scalar("SELECT body FROM feedback_comments") == "the calendar is slow"


async def test_dates_are_also_understood_as_french_people_write_them(bot: Bot) -> None:
    created = said(await bot.replies(ADMIN, "!deploiement nouveau Suite Numérique 22/03/2027"))
    moved = said(await bot.replies(ADMIN, "!etape 2 date 17.03.2027"))
    training = said(await bot.replies(ADMIN, "!formation 16-03-2027 14h00 salle du conseil"))

    assert "lancement le 22/03/2027" in created
    assert "décalée au 17/03/2027" in moved
    assert "Séance de formation ajoutée : 16/03/2027 à 14:00, salle du conseil." in training


@pytest.mark.parametrize(
    ("body", "suite"),
    [
        ("!déploiement nouveau Suite Numérique 22/03", SUITE),
        ("!DÉPLOIEMENT nouveau Suite Numérique 22.03.27", SUITE),
        ("!deploiement nouveau Suite Numérique lundi 22 mars 2027", SUITE),
        ("!deploiement nouveau Office 365 22 mars", "Office 365"),
        ("!rollout new Suite Numérique 2027-03-22", SUITE),
    ],
)
async def test_a_launch_day_is_read_at_the_end_however_it_is_written(
    bot: Bot, body: str, suite: str
) -> None:
    shown = said(await bot.replies(ADMIN, body))

    assert f"Plan de déploiement créé : {suite}, lancement le 22/03/2027." in shown
    plan = await bot.plan()
    assert plan is not None and (plan.suite, plan.start_on) == (suite, date(2027, 3, 22))


@pytest.mark.parametrize(
    ("body", "due"),
    [
        ("!étape 2 date 17/03", date(2027, 3, 17)),
        ("!ETAPE 2 date 17 mars", date(2027, 3, 17)),
        ("!étape 2 date mercredi 17 mars 2027", date(2027, 3, 17)),
        ("!step 2 date 2027-03-17", date(2027, 3, 17)),
    ],
)
async def test_a_step_day_is_understood_however_it_is_written(
    plan_bot: Bot, body: str, due: date
) -> None:
    shown = said(await plan_bot.replies(MARIE, body))

    assert f"décalée au {due.strftime('%d/%m/%Y')}" in shown
    assert (await plan_bot.steps())[2].due_on == due


@pytest.mark.parametrize(
    ("body", "starts_at"),
    [
        ("!formation 16/03 14h", datetime(2027, 3, 16, 14, 0, tzinfo=PARIS)),
        ("!formation 16/03/2027 14h30 salle B", datetime(2027, 3, 16, 14, 30, tzinfo=PARIS)),
        ("!formation mardi 16 mars 9h", datetime(2027, 3, 16, 9, 0, tzinfo=PARIS)),
        ("!training 2027-03-16 14:30", datetime(2027, 3, 16, 14, 30, tzinfo=PARIS)),
    ],
)
async def test_a_training_day_and_time_are_understood_however_they_are_written(
    plan_bot: Bot, body: str, starts_at: datetime
) -> None:
    shown = said(await plan_bot.replies(MARIE, body))

    assert shown.startswith(f"Séance de formation ajoutée : {starts_at:%d/%m/%Y à %H:%M}")
    [training] = await plan_bot.trainings()
    assert training.starts_at == starts_at
