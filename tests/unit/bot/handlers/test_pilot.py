"""The pilot trial's questionnaire through the message handler, with a real database: who
owns a pilot's message, what is stored as they answer, and what a pilot sees after."""

from __future__ import annotations

from datetime import date

from conversations.trial_plan import TrialModule, TrialPlan, TrialSuite
from conversations.trial_state import dump_plan
from storage import TrialRatingRow
from tests.unit.bot.handlers.driver import ALICE, BRUNO, WHOLE_EVALUATION, Bot, said

PLAN = TrialPlan(
    (
        TrialSuite("alpha", "Suite Alpha", (TrialModule("visioconference", "Alpha Visio"),
                                            TrialModule("agenda", "Alpha Agenda"))),
        TrialSuite("beta", "Suite Bêta", (TrialModule("visioconference", "Beta Meet"),)),
    ),
    date(2026, 12, 4),
)  # fmt: skip
# Alpha: both modules, visio 8 7 9, agenda « 6 » then « nsp » then « 5 »; a comment.
# Beta: none tried; no comment.
ANSWERS = ["tous", "8 7 9", "6", "nsp", "5", "Très simple à prendre en main.", "aucun", "RAS"]


async def open_trial(bot: Bot, *pilots: str, asked: bool = False) -> int:
    now = bot.clock.now()
    async with bot.db.transaction() as session:
        trial = await session.trials.open(["alpha", "beta"], "@dsi:example.org", PLAN.closes_on,
                                          now, plan=dump_plan(PLAN))  # fmt: skip
        for user_id in pilots:
            agent = await session.agents.get_or_create(user_id, now)
            await session.trials.ensure_pilot(trial.id, agent.id)
            await session.trials.mark_invited(trial.id, agent.id, f"!dm-{agent.id}:x", now)
            if asked:
                await session.trials.mark_asked(trial.id, agent.id, now)
    return trial.id


async def ratings(bot: Bot, trial_id: int) -> list[TrialRatingRow]:
    async with bot.db.read() as session:
        return await session.trials.ratings(trial_id)


async def test_a_pilots_first_message_starts_the_questionnaire_without_being_an_answer(
    bot: Bot,
) -> None:
    trial_id = await open_trial(bot, ALICE)

    replies = await bot.say(ALICE, "1")  # not an answer: no question was asked yet

    assert said(replies).startswith("Merci ! Voici les questions de l'essai")
    assert "Suite Alpha" in said(replies) and "Alpha Visio" in said(replies)
    async with bot.db.read() as session:
        agent = await session.agents.get(ALICE)
        assert agent is not None
        pilot = await session.trials.pilot(trial_id, agent.id)
    assert pilot is not None and pilot.asked_at is not None and pilot.state is not None
    assert '"tried":["visioconference"]' not in pilot.state


async def test_the_answers_are_stored_suite_by_suite_as_each_is_complete(bot: Bot) -> None:
    trial_id = await open_trial(bot, ALICE, asked=True)  # the first question was sent

    await bot.say_all(ALICE, ANSWERS[:5])  # Alpha rated, its comment not given yet
    assert await ratings(bot, trial_id) == []

    await bot.say(ALICE, ANSWERS[5])
    rows = [(r.suite, r.category, r.criterion, r.value) for r in await ratings(bot, trial_id)]
    assert rows == [
        ("alpha", "agenda", "efficacite", None),
        ("alpha", "agenda", "securite", 5),
        ("alpha", "agenda", "simplicite", 6),
        ("alpha", "visioconference", "efficacite", 7),
        ("alpha", "visioconference", "securite", 9),
        ("alpha", "visioconference", "simplicite", 8),
    ]
    last = await bot.say_all(ALICE, ANSWERS[6:])
    async with bot.db.read() as session:
        comments = await session.trials.comments(trial_id)
        status = await session.trials.status(trial_id)
    assert [(c.suite, c.body) for c in comments] == [("alpha", "Très simple à prendre en main.")]
    assert (status.started, status.finished) == (1, 1)
    assert "merci" in said(last).lower()

    after = await bot.say(ALICE, "Bonjour")
    assert said(after) == "Vous avez déjà répondu au questionnaire de l'essai, merci !"


async def test_an_evaluation_under_way_keeps_the_pilots_replies(bot: Bot) -> None:
    await bot.say(ALICE, "!evaluer")  # no campaign: nothing under way
    await bot.say("@dsi:example.org", "!campagne ouvrir Outils 2027")
    await bot.mark_invited(ALICE)
    await bot.say(ALICE, "!evaluer")
    trial_id = await open_trial(bot, ALICE, asked=True)

    before = await bot.participation(ALICE)
    await bot.say_all(ALICE, WHOLE_EVALUATION[:2])  # the evaluation's first answers
    participation = await bot.participation(ALICE)
    assert before is not None and participation is not None
    assert participation.state != before.state  # the evaluation took them
    async with bot.db.read() as session:
        agent = await session.agents.get(ALICE)
        assert agent is not None
        pilot = await session.trials.pilot(trial_id, agent.id)
    assert pilot is not None and pilot.state is None  # the trial waited


async def test_someone_outside_the_pilot_group_is_not_asked(bot: Bot) -> None:
    await open_trial(bot, ALICE)

    replies = await bot.say(BRUNO, "tous")

    assert "essai" not in said(replies)


async def test_a_closed_trial_asks_nothing_more(bot: Bot) -> None:
    trial_id = await open_trial(bot, ALICE, asked=True)
    await bot.say_all(ALICE, ANSWERS[:2])
    async with bot.db.transaction() as session:
        await session.trials.close(trial_id, bot.clock.now())

    replies = await bot.say(ALICE, "6 6 6")

    assert "Noté pour" not in said(replies)
    assert await ratings(bot, trial_id) == []


async def test_a_pilot_who_asks_to_be_forgotten_leaves_no_answer_of_the_trial(bot: Bot) -> None:
    trial_id = await open_trial(bot, ALICE, BRUNO, asked=True)
    for pilot in (ALICE, BRUNO):
        await bot.say_all(pilot, ANSWERS)

    asked = said(await bot.say(ALICE, "!oublier"))
    done = said(await bot.say(ALICE, "!oublier confirmer"))

    assert "1 essai pilote" in asked and "1 essai pilote" in done
    async with bot.db.read() as session:
        comments = await session.trials.comments(trial_id)
        status = await session.trials.status(trial_id)
    assert {r.agent_id for r in await ratings(bot, trial_id)} == {2}  # Bruno's only
    assert [c.agent_id for c in comments] == [2]
    assert status.pilots == 1


async def test_a_pilot_done_with_an_open_campaign_is_asked_the_trials_questions(bot: Bot) -> None:
    await bot.say("@dsi:example.org", "!campagne ouvrir Outils 2027")
    await bot.mark_invited(ALICE)
    await bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])
    await open_trial(bot, ALICE)

    replies = await bot.say(ALICE, "Bonjour")

    assert said(replies).startswith("Merci ! Voici les questions de l'essai")
