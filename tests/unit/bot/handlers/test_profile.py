"""An agent's preferences: `!langue`, `!relances`, `!absent`."""

from __future__ import annotations

from datetime import date

import pytest

from conversations.codec import load_state
from conversations.dialog import question
from tests.unit.bot.handlers.driver import (
    ADMIN,
    ALICE,
    BRUNO,
    WHOLE_EVALUATION,
    Bot,
    said,
)

# --- the agent's preferences -------------------------------------------------------------------


async def test_language_en_switches_the_later_replies_to_english(campaign_bot: Bot) -> None:
    changed = said(await campaign_bot.say(ALICE, "!langue en"))
    evaluate = said(await campaign_bot.say(ALICE, "!evaluer"))
    help_text = said(await campaign_bot.say(ALICE, "!help"))

    assert changed == "Noted: I will write to you in English from now on."
    assert "Review of our collaboration tools" in evaluate
    assert "1/9 — video conferencing\nWhich tools do you use? (up to three)" in evaluate
    assert "Available commands" in help_text
    agent = await campaign_bot.agent(ALICE)
    assert agent is not None and agent.language == "en"
    assert campaign_bot.conversations.language_of(agent) == "en"
    assert "Évaluation de nos outils" in said(await campaign_bot.say(BRUNO, "!evaluer"))


async def test_changing_language_mid_evaluation_asks_the_current_question_again_in_it(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "1"])  # Zoom, at its first rating
    before = await campaign_bot.participation(ALICE)
    assert before is not None and before.state is not None

    replies = await campaign_bot.say(ALICE, "!langue en")

    assert len(replies) == 2
    assert replies[0].plain == "Noted: I will write to you in English from now on."
    state = load_state(before.state, campaign_bot.conversations.survey)
    assert replies[1] == question(campaign_bot.conversations.survey, state, "en")
    assert replies[1].plain.startswith("1/9 — video conferencing\nZoom — effectiveness (1/4)")
    assert "your rating from 0 to 10?" in replies[1].plain
    after = await campaign_bot.participation(ALICE)
    assert after is not None and after.state == before.state  # the question, not a step
    assert "Ratings of Zoom: effectiveness 8" in said(await campaign_bot.say(ALICE, "8 6 9 7"))

    back = await campaign_bot.say(ALICE, "!langue fr")
    assert said(back[:1]) == "C'est noté : je vous écrirai désormais en français."
    assert said(back[1:]).startswith("1/9 — visioconférence\nQuel problème rencontrez-vous")


@pytest.mark.parametrize(
    "before",
    [
        [],  # not started
        ["!evaluer", "1", "pause"],  # paused: !evaluer resumes it, in the new language
        ["!evaluer", *WHOLE_EVALUATION],  # finished
    ],
    ids=["not started", "paused", "finished"],
)
async def test_changing_language_outside_an_evaluation_under_way_only_says_so(
    campaign_bot: Bot, before: list[str]
) -> None:
    await campaign_bot.say_all(ALICE, before)

    replies = await campaign_bot.say(ALICE, "!langue en")

    assert said(replies) == "Noted: I will write to you in English from now on."


async def test_changing_language_after_the_campaign_closed_does_not_ask_its_question(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "1"])
    await campaign_bot.say(ADMIN, "!campagne fermer")

    assert said(await campaign_bot.say(ALICE, "!langue en")) == (
        "Noted: I will write to you in English from now on."
    )


async def test_an_unknown_language_mid_evaluation_changes_nothing(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "1"])
    before = await campaign_bot.participation(ALICE)

    shown = said(await campaign_bot.say(ALICE, "!langue de"))

    assert shown == "Écrivez !langue fr ou !langue en."
    assert await campaign_bot.participation(ALICE) == before
    agent = await campaign_bot.agent(ALICE)
    assert agent is not None and agent.language is None


async def test_language_back_to_french(bot: Bot) -> None:
    await bot.say(ALICE, "!langue en")

    assert said(await bot.say(ALICE, "!language fr")) == (
        "C'est noté : je vous écrirai désormais en français."
    )
    assert "Commandes disponibles" in said(await bot.say(ALICE, "!aide"))


async def test_an_unknown_language_is_explained(bot: Bot) -> None:
    shown = said(await bot.say(ALICE, "!langue xx"))

    assert shown == "Écrivez !langue fr ou !langue en."
    assert await bot.agent(ALICE) is None  # nothing changed, so nothing of hers is kept


async def test_saying_hello_keeps_nothing_about_the_sender(bot: Bot) -> None:
    await bot.say(ALICE, "Bonjour !")

    assert await bot.agent(ALICE) is None


async def test_reminders_can_be_stopped_and_resumed(campaign_bot: Bot) -> None:
    await campaign_bot.mark_invited(ALICE)

    off = said(await campaign_bot.say(ALICE, "!relances non"))
    assert off == "C'est noté : je ne vous enverrai plus de rappel."
    assert (await campaign_bot.reminder_row(ALICE)).reminders_off

    on = said(await campaign_bot.say(ALICE, "!relances oui"))
    assert on.startswith("C'est noté : je vous rappellerai")
    assert not (await campaign_bot.reminder_row(ALICE)).reminders_off


async def test_reminders_without_yes_or_no_gives_the_usage(campaign_bot: Bot) -> None:
    await campaign_bot.mark_invited(ALICE)

    shown = said(await campaign_bot.say(ALICE, "!relances peut-être"))

    assert "!relances non" in shown and "!relances oui" in shown
    assert not (await campaign_bot.reminder_row(ALICE)).reminders_off


async def test_an_absence_is_stored_and_cleared(campaign_bot: Bot) -> None:
    await campaign_bot.mark_invited(ALICE)

    noted = said(await campaign_bot.say(ALICE, "!absent jusqu'au 2026-12-04"))
    assert noted == "Bonne absence ! Je ne vous enverrai pas de rappel jusqu'au 04/12/2026 inclus."
    assert (await campaign_bot.reminder_row(ALICE)).absent_until == date(2026, 12, 4)

    cleared = said(await campaign_bot.say(ALICE, "!absent non"))
    assert cleared == "C'est noté : votre absence est terminée."
    assert (await campaign_bot.reminder_row(ALICE)).absent_until is None


@pytest.mark.parametrize(
    ("body", "until"),
    [
        ("!absent jusqu'au 15/01", date(2027, 1, 15)),  # the next 15 January
        ("!absent jusqu'au 04/12", date(2026, 12, 4)),  # this year's: still to come
        ("!absent jusqu'au 15/01/2027", date(2027, 1, 15)),
        ("!absent jusqu’au 15-01-27", date(2027, 1, 15)),
        ("!absent jusqu'au 15 janvier", date(2027, 1, 15)),
        ("!absent jusqu'au vendredi 20/11", date(2026, 11, 20)),
        ("!ABSENT JUSQU'AU 20.11.2026", date(2026, 11, 20)),
        ("!absent 04/12", date(2026, 12, 4)),
        ("!away until 2026-12-04", date(2026, 12, 4)),
        ("!absent jusqu'au 16/11", date(2026, 11, 16)),  # today, included
    ],
)
async def test_an_absence_is_understood_as_french_people_write_the_day(
    campaign_bot: Bot, body: str, until: date
) -> None:
    await campaign_bot.mark_invited(ALICE)

    noted = said(await campaign_bot.say(ALICE, body))

    assert noted == (
        "Bonne absence ! Je ne vous enverrai pas de rappel jusqu'au "
        f"{until.strftime('%d/%m/%Y')} inclus."
    )
    assert (await campaign_bot.reminder_row(ALICE)).absent_until == until


@pytest.mark.parametrize(
    ("body", "explanation"),
    [
        (
            "!absent jusqu'au 2026-11-15",
            "Le 15/11/2026 est déjà passé : indiquez le dernier jour de votre absence, par "
            "exemple !absent jusqu'au 15/01.",
        ),
        (
            "!absent jusqu'au 31/02",
            "Le 31/02 n'existe pas : vérifiez le jour et le mois (le jour d'abord, par exemple "
            "15/01/2027).",
        ),
        (
            "!absent jusqu'au 12/31/2026",
            "Le 12/31/2026 n'existe pas : vérifiez le jour et le mois (le jour d'abord, par "
            "exemple 15/01/2027).",
        ),
        ("!absent jusqu'au lundi", "Écrivez !absent jusqu'au suivi du dernier jour"),
        ("!absent", "Écrivez !absent jusqu'au suivi du dernier jour"),
        ("!absent demain", "Écrivez !absent jusqu'au suivi du dernier jour"),
    ],
)
async def test_a_past_unreadable_or_impossible_absence_is_explained(
    campaign_bot: Bot, body: str, explanation: str
) -> None:
    await campaign_bot.mark_invited(ALICE)
    await campaign_bot.say(ALICE, "!absent jusqu'au 2026-12-04")

    shown = said(await campaign_bot.say(ALICE, body))

    assert shown.startswith(explanation)
    assert (await campaign_bot.reminder_row(ALICE)).absent_until == date(2026, 12, 4)
