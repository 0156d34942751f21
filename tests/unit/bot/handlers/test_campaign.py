"""`!campagne` for admins (open, follow, close) and the invitation an agent receives."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.kit import readable
from tests.unit.bot.handlers.driver import (
    ADMIN,
    AGENTS,
    ALICE,
    BRUNO,
    CHLOE,
    DAVID,
    EMMA,
    MONDAY_MORNING,
    ONE_CATEGORY,
    ORGANISATION,
    WHOLE_EVALUATION,
    Bot,
    MakeBot,
    invite,
    said,
)

# --- opening a campaign ------------------------------------------------------------------------


async def test_an_agent_may_not_open_a_campaign(bot: Bot) -> None:
    shown = said(await bot.say(ALICE, "!campagne ouvrir Mes outils"))

    assert "Désolé" in shown
    assert "réservée aux administrateurs" in shown
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


async def test_an_admin_opens_a_campaign_for_every_agent_of_the_population(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!campagne ouvrir Outils 2027"))

    assert "Campagne n° 1 « Outils 2027 » ouverte." in shown
    assert "3 agents vont être invités" in shown
    campaign = await bot.campaign()
    assert campaign is not None
    assert (campaign.id, campaign.title, campaign.opened_by) == (1, "Outils 2027", ADMIN)
    assert campaign.is_open and campaign.closes_on is None
    async with bot.db.read() as session:
        to_invite = await session.participations.to_invite(campaign.id)
        invited = [await session.agents.by_id(p.agent_id) for p in to_invite]
    assert sorted(agent.user_id for agent in invited if agent) == sorted(AGENTS)
    assert all(p.state is None and p.started_at is None for p in to_invite)
    assert bot.campaigns_opened == 1


async def test_a_second_campaign_is_refused_while_one_is_open(campaign_bot: Bot) -> None:
    shown = said(await campaign_bot.say(ADMIN, "!campagne ouvrir Autre chose"))

    assert "La campagne n° 1 « Outils 2027 » est déjà ouverte" in shown
    assert "!campagne fermer" in shown
    campaign = await campaign_bot.campaign()
    assert campaign is not None and campaign.title == "Outils 2027"
    assert campaign_bot.campaigns_opened == 1


async def test_a_closing_date_is_stored_and_cut_from_the_title(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu'au 2027-01-31"))

    assert "« Outils 2027 » ouverte. Vous avez jusqu'au 31/01/2027 pour répondre." in shown
    campaign = await bot.campaign()
    assert campaign is not None
    assert campaign.title == "Outils 2027"
    assert campaign.closes_on == date(2027, 1, 31)


async def test_a_closing_date_typed_with_a_curly_apostrophe_is_understood(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu’au 2027-01-31")

    campaign = await bot.campaign()
    assert campaign is not None
    assert (campaign.title, campaign.closes_on) == ("Outils 2027", date(2027, 1, 31))


@pytest.mark.parametrize(
    ("typed", "closes_on"),
    [
        ("31/01/2027", date(2027, 1, 31)),
        ("31/01", date(2027, 1, 31)),  # the next 31 January
        ("31-01-2027", date(2027, 1, 31)),
        ("31 janvier 2027", date(2027, 1, 31)),
        ("30/11", date(2026, 11, 30)),  # later this month: this year
        ("16/11", date(2026, 11, 16)),  # today
        ("15/11", date(2027, 11, 15)),  # yesterday: next year's
    ],
)
async def test_a_closing_date_is_understood_as_french_people_write_it(
    bot: Bot, typed: str, closes_on: date
) -> None:
    shown = said(await bot.say(ADMIN, f"!campagne ouvrir Outils 2027 jusqu'au {typed}"))

    shown_day = closes_on.strftime("%d/%m/%Y")
    assert f"Vous avez jusqu'au {shown_day} pour répondre." in shown
    campaign = await bot.campaign()
    assert campaign is not None
    assert (campaign.title, campaign.closes_on) == ("Outils 2027", closes_on)


@pytest.mark.parametrize(
    ("body", "explanation"),
    [
        (
            "!campagne ouvrir Outils 2027 jusqu'au 2026-11-15",
            "La date de clôture ne peut pas être passée (15/11/2026).",
        ),
        (
            "!campagne ouvrir Outils 2027 jusqu'au demain",
            "Je n'ai pas compris la date de clôture : écrivez-la à la fin, par exemple "
            "!campagne ouvrir Outils 2027 jusqu'au 31/01/2027 (ou jusqu'au 31/01).",
        ),
        (
            "!campagne ouvrir Outils 2027 jusqu'au 2027-02-30",
            "Le 2027-02-30 n'existe pas : vérifiez le jour et le mois (le jour d'abord, par "
            "exemple 15/01/2027).",
        ),
        (
            "!campagne ouvrir Outils 2027 jusqu'au 31/02",
            "Le 31/02 n'existe pas : vérifiez le jour et le mois (le jour d'abord, par "
            "exemple 15/01/2027).",
        ),
    ],
)
async def test_a_past_unreadable_or_impossible_closing_date_is_explained_and_nothing_is_opened(
    bot: Bot, body: str, explanation: str
) -> None:
    shown = said(await bot.say(ADMIN, body))

    assert shown == explanation
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


async def test_the_closing_date_follows_the_last_jusqu_au(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Tenir jusqu'au bout jusqu'au 31/01")

    campaign = await bot.campaign()
    assert campaign is not None
    assert (campaign.title, campaign.closes_on) == ("Tenir jusqu'au bout", date(2027, 1, 31))


async def test_a_campaign_may_close_today(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Dernière minute jusqu'au 2026-11-16")

    campaign = await bot.campaign()
    assert campaign is not None and campaign.closes_on == date(2026, 11, 16)


async def test_a_campaign_without_a_title_is_explained(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!campagne ouvrir"))

    assert "Donnez un titre à la campagne" in shown
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


async def test_a_closing_date_alone_is_no_title(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!campagne ouvrir jusqu'au 2027-01-31"))

    assert "Donnez un titre à la campagne" in shown
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


@pytest.mark.parametrize("body", ["!campagne", "!campagne lancer Outils"])
async def test_the_campaign_command_without_a_known_action_gives_its_usage(
    bot: Bot, body: str
) -> None:
    shown = said(await bot.say(ADMIN, body))

    assert "Utilisation : !campagne ouvrir <titre> [jusqu'au <date>]" in shown
    assert "!campagne fermer" in shown and "!campagne statut" in shown
    assert await bot.campaign() is None


# --- following and closing a campaign ----------------------------------------------------------


async def test_status_and_close_without_any_campaign_say_none_is_open(bot: Bot) -> None:
    for body in ["!campagne statut", "!campagne fermer"]:
        assert said(await bot.say(ADMIN, body)) == "Aucune campagne n'est ouverte."


async def test_status_shows_totals_and_hides_services_under_the_anonymity_threshold(
    make_bot: MakeBot,
) -> None:
    people = [ALICE, BRUNO, CHLOE, DAVID, EMMA]
    bot = await make_bot(
        population=people,
        agents=people,
        services=["Culture", "Voirie"],
        anonymity_threshold=2,
    )
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.mark_invited(*people)
    for agent in [ALICE, BRUNO, CHLOE]:
        await bot.say_all(agent, ["!evaluer", "Culture"])
    await bot.say_all(ALICE, WHOLE_EVALUATION)
    await bot.say_all(DAVID, ["!evaluer", "2"])  # Voirie, alone there

    shown = said(await bot.say(ADMIN, "!campagne statut"))

    assert "Campagne n° 1 « Outils 2027 » (ouverte)" in shown
    assert "5 agents invités : 4 ont commencé, 1 a terminé." in shown
    assert "• Culture : 3 invités, 3 ont commencé, 1 a terminé" in shown
    # the total minus Culture is David and Emma together: two, as many as the threshold
    assert "• Voirie : moins de 2 personnes" in shown
    assert "• service non indiqué : moins de 2 personnes" in shown
    assert "DAVID" not in shown.upper() and "EMMA" not in shown.upper()


async def test_status_withholds_a_second_service_so_that_a_lone_agent_is_not_deduced(
    make_bot: MakeBot,
) -> None:
    # Seen with threshold 2: « Invités : 3 — commencé : 1 — terminé : 1 • Finances : moins
    # de 2 personnes • service non indiqué : 2 invités, 0 commencé, 0 terminé » told that
    # the lone Finances agent had finished.
    people = [ALICE, BRUNO, CHLOE]
    bot = await make_bot(
        population=people, agents=people, services=["Finances"], anonymity_threshold=2
    )
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.mark_invited(*people)
    await bot.say_all(ALICE, ["!evaluer", "Finances", *WHOLE_EVALUATION])

    shown = said(await bot.say(ADMIN, "!campagne statut"))

    assert "3 agents invités : 1 a commencé, 1 a terminé." in shown
    assert "• Finances : moins de 2 personnes" in shown
    assert (
        "• service non indiqué : non communiqué, pour qu'un petit service ne se déduise pas "
        "du total"
    ) in shown
    assert "0 a commencé" not in shown and "0 a terminé" not in shown


async def test_closing_the_campaign_reports_finished_out_of_invited(campaign_bot: Bot) -> None:
    await campaign_bot.mark_invited(*AGENTS)
    await campaign_bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])
    await campaign_bot.say_all(BRUNO, ["!evaluer", *ONE_CATEGORY])

    shown = said(await campaign_bot.say(ADMIN, "!campagne fermer"))

    # three invited is under the threshold of five: the finished count is withheld
    assert shown == (
        "Campagne n° 1 « Outils 2027 » fermée : moins de 5 évaluations terminées sur "
        "3 agents invités."
    )
    campaign = await campaign_bot.campaign()
    assert campaign is not None and not campaign.is_open
    assert campaign.closed_at == MONDAY_MORNING
    assert said(await campaign_bot.say(ADMIN, "!campagne fermer")) == (
        "Aucune campagne n'est ouverte."
    )


async def test_status_of_a_closed_campaign_says_it_is_closed(campaign_bot: Bot) -> None:
    await campaign_bot.say(ADMIN, "!campagne fermer")

    shown = said(await campaign_bot.say(ADMIN, "!campagne statut"))

    assert "Campagne n° 1 « Outils 2027 » (close)" in shown


async def test_a_new_campaign_can_be_opened_once_the_previous_one_is_closed(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say(ADMIN, "!campagne fermer")

    shown = said(await campaign_bot.say(ADMIN, "!campagne ouvrir Outils 2028"))

    assert "Campagne n° 2 « Outils 2028 » ouverte." in shown
    assert campaign_bot.campaigns_opened == 2


# --- invitations -------------------------------------------------------------------------------


async def test_an_invitation_names_the_organisation_the_title_and_the_deadline(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu'au 2027-01-31")

    replies = await invite(bot, ALICE)

    assert len(replies) == 4
    invitation, notice, privacy, first = (readable(reply.plain) for reply in replies)
    assert "moins de 5 personnes" in privacy  # the configured threshold, not a fixed number
    assert invitation == (
        f"Bonjour ! La {ORGANISATION} lance une évaluation de ses outils collaboratifs : "
        "« Outils 2027 ». Vous avez jusqu'au 31/01/2027 pour répondre."
    )
    assert "Évaluation de nos outils collaboratifs" in notice
    assert first.startswith("1/9 — visioconférence")
    participation = await bot.participation(ALICE)
    assert participation is not None and participation.state is not None
    assert participation.started_at is None
    assert "Zoom — efficacité" in said(await bot.say(ALICE, "1"))


async def test_an_invitation_without_a_deadline_does_not_mention_one(campaign_bot: Bot) -> None:
    invitation = (await invite(campaign_bot, BRUNO))[0].plain

    assert invitation.endswith("«\u202fOutils 2027\u202f».")
    assert "jusqu'au" not in invitation


async def test_an_invitation_in_english_for_an_agent_who_chose_english(campaign_bot: Bot) -> None:
    await campaign_bot.say(CHLOE, "!langue en")

    replies = await invite(campaign_bot, CHLOE)

    assert replies[0].plain == (
        f"Hello! {ORGANISATION} is reviewing its collaboration tools: “Outils 2027”."
    )
    assert "Review of our collaboration tools" in replies[1].plain


async def test_an_invitation_to_an_agent_who_already_began_asks_where_they_are(
    campaign_bot: Bot,
) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])

    replies = await invite(campaign_bot, ALICE)

    assert [reply.plain.split("\n")[:3] for reply in replies][1:] == [
        ["Reprenons là où nous en étions.", "", "2/9 — messagerie instantanée"],
    ]
