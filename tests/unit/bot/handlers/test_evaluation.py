"""The evaluation: `!évaluer`, `!mesréponses`, `!modifier` and the dialog, checked on what a
person reads and on the rows the reports and the reminders will use."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

import pytest

from tests.support.kit import readable
from tests.unit.bot.handlers.driver import (
    ADMIN,
    ALICE,
    CATEGORY_COUNT,
    MONDAY_MORNING,
    ONE_CATEGORY,
    ORGANISATION,
    PARIS,
    STRANGER,
    WHOLE_EVALUATION,
    Bot,
    invite,
    said,
)

# --- the evaluation ----------------------------------------------------------------------------


async def test_evaluating_without_an_open_campaign_says_none_is_open(bot: Bot) -> None:
    shown = said(await bot.say(ALICE, "!evaluer"))

    assert "Aucune évaluation n'est ouverte en ce moment" in shown


async def test_free_text_without_an_open_campaign_says_none_is_open(bot: Bot) -> None:
    shown = said(await bot.say(ALICE, "Bonjour, je voudrais répondre"))

    assert "Aucune évaluation n'est ouverte en ce moment" in shown


async def test_free_text_before_starting_says_how_to_begin(campaign_bot: Bot) -> None:
    for agent in [ALICE, STRANGER]:  # invited, and not in the population
        shown = said(await campaign_bot.say(agent, "Bonjour"))
        assert "Tapez !évaluer pour commencer." in shown


@pytest.mark.parametrize("command", ["!évaluer", "!ÉVALUER", "!Evaluer", "!evaluate"])
async def test_the_evaluation_starts_with_its_command_however_it_is_accented(
    campaign_bot: Bot, command: str
) -> None:
    replies = await campaign_bot.say(ALICE, command)

    assert len(replies) == 3
    assert said(replies[-1:]).startswith("1/9 — visioconférence\nQuels outils utilisez-vous ?")
    assert "Vos réponses — Outils 2027" in said(await campaign_bot.say(ALICE, "!MesRéponses"))


async def test_evaluating_starts_with_the_privacy_notice_and_the_first_question(
    campaign_bot: Bot,
) -> None:
    replies = await campaign_bot.say(ALICE, "!evaluer")

    assert len(replies) == 3
    notice, privacy, first = (readable(reply.plain) for reply in replies)
    assert "Évaluation de nos outils collaboratifs" in notice
    assert "chacune des 9 catégories" in notice
    assert "!mesréponses" in notice
    assert "Vos données" in privacy and "!oublier" in privacy and "365 jours" in privacy
    assert f"Responsable du traitement : {ORGANISATION}." in privacy
    assert first.startswith("1/9 — visioconférence\nQuels outils utilisez-vous ? (jusqu'à trois)")
    assert "coût : 10 = très économique" in first, "the scales are explained before any rating"
    assert "1. Zoom" in first
    participation = await campaign_bot.participation(ALICE)
    assert participation is not None and participation.state is not None
    assert participation.started_at is None  # nothing answered yet


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("edit", "Je ne tiens pas compte des messages modifiés"), ("attachment", "messages écrits")],
)
async def test_an_edit_or_a_file_gets_an_explanation_and_the_dialog_stays_at_its_question(
    campaign_bot: Bot, kind: Literal["edit", "attachment"], expected: str
) -> None:
    await campaign_bot.say(ALICE, "!evaluer")
    await campaign_bot.say(ALICE, "Zoom")
    before = await campaign_bot.participation(ALICE)

    # an edit's new text is a valid answer here: it must still not be taken as one
    replies = await campaign_bot.say(ALICE, "8 6 9 7", kind=kind)

    assert len(replies) == 1 and expected in replies[0].plain
    assert await campaign_bot.participation(ALICE) == before
    assert "Zoom — efficacité (1/4)" not in said(replies)
    next_replies = await campaign_bot.say(ALICE, "8 6 9 7")
    assert "Notes de Zoom : efficacité 8, coût 6, sécurité 9" in said(next_replies)


async def test_an_edit_or_a_file_in_english_is_explained_in_english(campaign_bot: Bot) -> None:
    await campaign_bot.say(ALICE, "!langue en")

    edit = said(await campaign_bot.say(ALICE, "!aide", kind="edit"))
    attachment = said(await campaign_bot.say(ALICE, "", kind="attachment"))

    assert "I do not take edited messages into account" in edit
    assert "I can only read written messages" in attachment


@pytest.mark.parametrize("kind", ["edit", "attachment"])
async def test_an_edit_or_a_file_in_a_group_room_gets_no_answer(
    campaign_bot: Bot, kind: Literal["edit", "attachment"]
) -> None:
    assert await campaign_bot.say(ALICE, "!aide", direct=False, kind=kind) == []


async def test_an_agent_outside_the_population_can_still_evaluate(campaign_bot: Bot) -> None:
    await campaign_bot.say(STRANGER, "!evaluer")

    participation = await campaign_bot.participation(STRANGER)
    assert participation is not None and participation.state is not None


async def test_free_text_answers_the_dialog_and_the_answers_are_stored_as_rows(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say(ALICE, "!evaluer")

    tool_replies = await campaign_bot.say(ALICE, "Zoom")
    rating_replies = await campaign_bot.say(ALICE, "8 6 9 nsp")
    problem_replies = await campaign_bot.say(ALICE, "Le son coupe souvent")

    assert "Zoom — efficacité (1/4)" in said(tool_replies)
    assert (
        "Notes de Zoom : efficacité 8, coût 6, sécurité 9, assimilation par les équipes nsp."
        in (said(rating_replies))
    )
    assert "Quel problème rencontrez-vous avec Zoom ?" in said(rating_replies)
    assert said(problem_replies).startswith("Problème : « Le son coupe souvent ».")
    assert "2/9 — messagerie instantanée" in said(problem_replies)
    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    async with campaign_bot.db.read() as session:
        (visio,) = await session.participations.answers(campaign.id, agent.id)
    assert visio.category == "visioconference"
    assert (visio.tool, visio.other, visio.problem) == ("Zoom", False, "Le son coupe souvent")
    assert visio.complete and not visio.skipped
    assert visio.ratings == {"efficacite": 8, "cout": 6, "securite": 9, "assimilation": None}
    participation = await campaign_bot.participation(ALICE)
    assert participation is not None
    assert participation.started_at == MONDAY_MORNING and participation.finished_at is None


async def test_no_tool_and_a_needed_one_are_stored(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "aucun", "oui", "Pour les réunions"])

    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    async with campaign_bot.db.read() as session:
        (visio,) = await session.participations.answers(campaign.id, agent.id)
    assert (visio.tool, visio.needed, visio.need_why) == (None, True, "Pour les réunions")
    assert visio.complete and visio.ratings == {}


async def test_a_whole_evaluation_ends_finished_and_my_answers_shows_it(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say(ALICE, "!evaluer")
    before_confirm = await campaign_bot.say_all(ALICE, ONE_CATEGORY * CATEGORY_COUNT)
    campaign_bot.clock.moment = MONDAY_MORNING.replace(minute=12)
    done = await campaign_bot.say(ALICE, "valider")

    assert "Récapitulatif de vos réponses" in said(before_confirm)
    assert "Merci ! Vos réponses sont enregistrées." in said(done)
    participation = await campaign_bot.participation(ALICE)
    assert participation is not None
    assert participation.finished_at == MONDAY_MORNING.replace(minute=12)
    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    async with campaign_bot.db.read() as session:
        answers = await session.participations.answers(campaign.id, agent.id)
    assert len(answers) == CATEGORY_COUNT and all(answer.complete for answer in answers)

    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))

    assert shown.startswith("Vos réponses — Outils 2027\n")
    assert "1. visioconférence : Zoom : 8 · 6 · 9 · 7" in shown
    assert "9. gestion électronique des documents (GED) : SharePoint : 8 · 6 · 9 · 7" in shown


async def test_evaluating_again_after_finishing_says_it_is_already_done(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])
    finished = await campaign_bot.participation(ALICE)

    shown = said(await campaign_bot.say(ALICE, "!evaluer"))

    assert "Vous avez déjà terminé l'évaluation" in shown
    assert await campaign_bot.participation(ALICE) == finished


async def test_my_answers_before_any_evaluation_says_there_are_none(campaign_bot: Bot) -> None:
    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))

    assert shown == "Vous n'avez encore répondu à aucune évaluation."


async def test_evaluating_while_in_progress_asks_the_current_question_again(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY, "Tchap"])

    shown = said(await campaign_bot.say(ALICE, "!evaluer"))

    assert shown.startswith("Reprenons là où nous en étions.")
    assert "2/9 — messagerie instantanée" in shown
    assert "Tchap — efficacité (1/4)" in shown


async def test_a_paused_evaluation_waits_for_evaluer_and_then_resumes(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])

    paused = said(await campaign_bot.say(ALICE, "pause"))
    while_paused = said(await campaign_bot.say(ALICE, "Tchap"))
    resumed = said(await campaign_bot.say(ALICE, "!evaluer"))
    answered = said(await campaign_bot.say(ALICE, "Tchap"))

    assert "vos réponses sont enregistrées" in paused
    assert while_paused == "Votre évaluation est en pause. Tapez !évaluer pour la reprendre."
    assert resumed.startswith("Reprenons là où nous en étions.")
    assert "2/9 — messagerie instantanée" in resumed
    assert "Tchap — efficacité (1/4)" in answered


@pytest.mark.parametrize(
    ("answered", "mistake"),
    [
        ([], "retour"),  # nothing to go back to
        ([], "un outil que personne ne connaît"),
        ([], "42"),
        ([], "le son coupe"),
        (["Zoom"], "12"),
        (["Zoom"], "8 6"),
        (["Zoom"], "bof"),
        (["Zoom"], "2,25"),
        (["Zoom"], "2 fois par semaine"),
        (["aucun"], "demain"),
        (["Zoom", "8 6 9 7"], "   "),
        (ONE_CATEGORY * CATEGORY_COUNT, "pas encore"),
    ],
)
async def test_invalid_dialog_input_changes_nothing_in_the_database(
    campaign_bot: Bot, answered: list[str], mistake: str
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *answered])
    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    before = await campaign_bot.participation(ALICE)
    async with campaign_bot.db.read() as session:
        answers_before = await session.participations.answers(campaign.id, agent.id)
    campaign_bot.clock.moment = MONDAY_MORNING.replace(hour=15)

    replies = await campaign_bot.say(ALICE, mistake)

    after = await campaign_bot.participation(ALICE)
    assert before is not None and after is not None
    assert after.state == before.state
    assert after == before
    async with campaign_bot.db.read() as session:
        assert await session.participations.answers(campaign.id, agent.id) == answers_before
    assert len(replies) == 1, "the mistake is explained and the question asked again, at once"
    assert "\n\n" in replies[0].plain


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Autres", "Quel autre outil utilisez-vous ?"),
        ("autrement dit Zoom", "Vouliez-vous dire Zoom ? (oui / non)"),
    ],
)
async def test_words_that_merely_begin_with_autre_are_not_a_tool_name(
    campaign_bot: Bot, typed: str, expected: str
) -> None:
    await campaign_bot.say(ALICE, "!evaluer")

    shown = said(await campaign_bot.say(ALICE, typed))

    assert expected in shown
    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    async with campaign_bot.db.read() as session:
        assert await session.participations.answers(campaign.id, agent.id) == []


async def test_an_invalid_rating_is_explained_and_the_question_asked_again(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "Zoom"])

    replies = await campaign_bot.say(ALICE, "12")

    (reply,) = replies
    assert reply.plain.split("\n")[:3] == [
        "La note doit être comprise entre 0 et 10.",
        "",
        "1/9 — visioconférence",
    ]
    assert "Zoom — efficacité (1/4)" in reply.plain


# --- correcting answers, and a campaign that ends ----------------------------------------------


async def test_modifying_a_category_redoes_it_and_then_shows_the_summary(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])

    question = said(await campaign_bot.say(ALICE, "!modifier agenda"))
    await campaign_bot.say_all(ALICE, ["Zimbra", "3 4 5 6"])
    summary = said(await campaign_bot.say(ALICE, "L'agenda partagé ne se synchronise pas"))
    done = said(await campaign_bot.say(ALICE, "valider"))

    assert question.startswith("Vous corrigez la catégorie agenda partagé.")
    assert "3/9 — agenda partagé\nQuels outils utilisez-vous ?" in question
    assert "Récapitulatif de vos réponses" in summary
    assert "3. agenda partagé : Zimbra : 3 · 4 · 5 · 6" in summary
    assert "ne se synchronise pas" in summary
    assert "1. visioconférence : Zoom : 8 · 6 · 9 · 7" in summary
    assert "Merci !" in done
    agent, campaign = await campaign_bot.agent(ALICE), await campaign_bot.campaign()
    assert agent is not None and campaign is not None
    async with campaign_bot.db.read() as session:
        answers = await session.participations.answers(campaign.id, agent.id)
    agenda = next(answer for answer in answers if answer.category == "agenda")
    assert agenda.tool == "Zimbra"
    assert agenda.ratings == {"efficacite": 3, "cout": 4, "securite": 5, "assimilation": 6}
    participation = await campaign_bot.participation(ALICE)
    assert participation is not None and participation.finished_at is not None


@pytest.mark.parametrize("body", ["!modifier cuisine", "!modifier", "!modifier 10"])
async def test_modifying_an_unknown_category_lists_the_categories(
    campaign_bot: Bot, body: str
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])
    before = await campaign_bot.participation(ALICE)

    shown = said(await campaign_bot.say(ALICE, body))

    assert shown.startswith("Quelle catégorie ?")
    assert "1. visioconférence" in shown
    assert "9. gestion électronique des documents (GED)" in shown
    assert await campaign_bot.participation(ALICE) == before


async def test_modifying_before_starting_says_to_start(campaign_bot: Bot) -> None:
    shown = said(await campaign_bot.say(ALICE, "!modifier agenda"))

    assert shown == "Vous n'avez pas encore commencé : tapez !évaluer."


async def test_after_closing_answers_can_no_longer_be_changed(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])
    await campaign_bot.say(ADMIN, "!campagne fermer")
    before = await campaign_bot.participation(ALICE)

    modify = said(await campaign_bot.say(ALICE, "!modifier agenda"))
    free_text = said(await campaign_bot.say(ALICE, "Tchap"))
    evaluate = said(await campaign_bot.say(ALICE, "!evaluer"))

    assert "les réponses ne peuvent plus être modifiées" in modify
    assert free_text == (
        "La campagne « Outils 2027 » est close : les réponses ne peuvent plus être modifiées. "
        "Merci de votre participation !"
    )
    assert "« Outils 2027 » est close" in evaluate
    assert await campaign_bot.participation(ALICE) == before


async def test_my_answers_still_shows_the_closed_campaign(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])
    await campaign_bot.say(ADMIN, "!campagne fermer")

    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))

    assert shown.startswith("Vos réponses — Outils 2027")
    assert "1. visioconférence : Zoom : 8 · 6 · 9 · 7" in shown
    assert "2. messagerie instantanée : pas encore répondu" in shown


async def test_a_campaign_past_its_closing_date_no_longer_accepts_answers(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu'au 2027-01-31")
    await bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])
    bot.clock.moment = datetime(2027, 2, 1, 9, 0, tzinfo=PARIS)
    before = await bot.participation(ALICE)

    free_text = said(await bot.say(ALICE, "Tchap"))
    evaluate = said(await bot.say(ALICE, "!evaluer"))
    modify = said(await bot.say(ALICE, "!modifier agenda"))

    assert "« Outils 2027 » est close" in free_text
    assert "« Outils 2027 » est close" in evaluate
    assert "ne peuvent plus être modifiées" in modify
    assert await bot.participation(ALICE) == before
    campaign = await bot.campaign()
    assert campaign is not None and not bot.conversations.evaluation.accepting(campaign)


async def test_the_closing_day_is_counted_in_the_organisations_time_zone(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu'au 2027-01-31")
    campaign = await bot.campaign()
    assert campaign is not None

    bot.clock.moment = datetime(2027, 1, 31, 23, 30, tzinfo=PARIS)
    assert bot.conversations.evaluation.accepting(campaign)
    bot.clock.moment = datetime(2027, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Paris
    assert not bot.conversations.evaluation.accepting(campaign)


# --- what agents and admins type never becomes markup ------------------------------------------

SCRIPT = "<script>alert('x')</script>"


async def test_a_title_with_markup_is_escaped_in_every_reply(bot: Bot) -> None:
    replies = await bot.say(ADMIN, f"!campagne ouvrir {SCRIPT} jusqu'au 2027-01-31")
    replies += await bot.say(ADMIN, "!campagne ouvrir Encore une")
    replies += await invite(bot, ALICE)
    await bot.mark_invited(ALICE)
    replies += await bot.say_all(ALICE, ONE_CATEGORY)
    replies += await bot.say(ALICE, "!mesreponses")
    replies += await bot.say(ADMIN, "!campagne statut")
    replies += await bot.say(ADMIN, "!campagne fermer")
    replies += await bot.say(ALICE, "Tchap")

    campaign = await bot.campaign()
    assert campaign is not None and campaign.title == SCRIPT
    assert sum(SCRIPT in reply.plain for reply in replies) >= 6
    for reply in replies:
        assert "<script" not in reply.html
        assert "<script" not in reply.content()["formatted_body"]
    assert sum("&lt;script&gt;" in reply.html for reply in replies) >= 6


async def test_a_tool_name_with_markup_is_escaped_in_every_reply(campaign_bot: Bot) -> None:
    replies = await campaign_bot.say(ALICE, "!evaluer")
    replies += await campaign_bot.say(ALICE, f"autre {SCRIPT}")
    replies += await campaign_bot.say(ALICE, "8 6 9 7")
    replies += await campaign_bot.say(ALICE, "<b>tout</b> plante")
    replies += await campaign_bot.say(ALICE, "!mesreponses")

    assert sum(SCRIPT in reply.plain for reply in replies) >= 3
    for reply in replies:
        assert "<script" not in reply.html
        assert "<b>" not in reply.html
    assert "&lt;b&gt;tout&lt;/b&gt; plante" in replies[-1].html


async def test_my_answers_still_shows_the_last_campaign_answered_after_a_new_one_opens(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])
    await campaign_bot.say(ADMIN, "!campagne fermer")
    await campaign_bot.say(ADMIN, "!campagne ouvrir Outils 2028")

    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))

    assert shown.startswith("Vos réponses — Outils 2027\n")


async def test_my_answers_in_the_middle_of_the_evaluation_ends_with_the_current_question(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY, "Tchap"])

    shown = said(await campaign_bot.say(ALICE, "!mesréponses"))

    assert "1. visioconférence : Zoom : 8 · 6 · 9 · 7" in shown
    assert shown.endswith(
        "Pour continuer l'évaluation :\n2/9 — messagerie instantanée\n"
        "Tchap — efficacité (1/4) : votre note de 0 à 10 ? (nsp si vous ne savez pas)\n"
        "Astuce : toutes les notes d'un coup, dans l'ordre efficacité, coût, sécurité, "
        "assimilation par les équipes : 8 6 9 7"
    )
