"""What the bot answers to one message, and what it stores, inside one real SQLite transaction.

The handler layer between the pure dialog and Matrix: commands, campaigns, the evaluation
conversation and the agent's preferences, checked on what a person would read and on the rows
the reports and the reminders will use.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest

from bot.config import build_survey, parse_config
from bot.handlers.chat import Conversations, Incoming
from conversations.codec import load_state
from conversations.dialog import question
from conversations.formatting import Reply
from storage import Agent, Campaign, Database, Participation, ReminderRow
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)

ORGANISATION = "Commune de Saint-Exemple"
ADMIN = "@dsi:example.org"
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
CHLOE = "@chloe:example.org"
DAVID = "@david:example.org"
EMMA = "@emma:example.org"
STRANGER = "@nouveau:example.org"  # writes to the bot but is not in the population
AGENTS = [ALICE, BRUNO, CHLOE]

CATEGORY_COUNT = 9  # the method's default catalogue
# As the French help shows them, with their accents.
AGENT_COMMANDS = [
    "!évaluer",
    "!mesréponses",
    "!modifier",
    "!langue",
    "!relances",
    "!absent",
    "!avis",
]

# One category answered with the first tool of its list, four ratings at once, no problem.
ONE_CATEGORY = ["1", "8 6 9 7", "rien"]
WHOLE_EVALUATION = ONE_CATEGORY * CATEGORY_COUNT + ["valider"]


class Bot:
    """The handler with a real database, driven message by message as the Matrix edge does."""

    def __init__(
        self,
        db: Database,
        conversations: Conversations,
        clock: SettableClock,
        opened: Counter,
    ) -> None:
        self.db = db
        self.conversations = conversations
        self.clock = clock
        self._opened = opened

    @property
    def campaigns_opened(self) -> int:
        return self._opened.calls

    async def say(
        self,
        sender: str,
        body: str,
        *,
        direct: bool = True,
        kind: Literal["text", "edit", "attachment"] = "text",
    ) -> list[Reply]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org" if direct else "!bureau:example.org"
        incoming = Incoming(sender, room, body, direct, kind=kind)
        async with self.db.transaction() as session:
            return await self.conversations.handle(session, incoming)

    async def say_all(self, sender: str, bodies: list[str]) -> list[Reply]:
        """Several messages in a row; the replies to the last one."""
        replies: list[Reply] = []
        for body in bodies:
            replies = await self.say(sender, body)
        return replies

    async def agent(self, user_id: str) -> Agent | None:
        async with self.db.read() as session:
            return await session.agents.get(user_id)

    async def campaign(self) -> Campaign | None:
        async with self.db.read() as session:
            return await session.campaigns.latest()

    async def participation(self, user_id: str) -> Participation | None:
        agent, campaign = await self.agent(user_id), await self.campaign()
        assert agent is not None and campaign is not None
        async with self.db.read() as session:
            return await session.participations.get(campaign.id, agent.id)

    async def mark_invited(self, *user_ids: str) -> None:
        """What the inviter does once the invitation DM is sent."""
        campaign = await self.campaign()
        assert campaign is not None
        async with self.db.transaction() as session:
            for user_id in user_ids:
                agent = await session.agents.get_or_create(user_id, self.clock.now())
                await session.participations.ensure(campaign.id, agent.id, self.clock.now())
                await session.participations.mark_invited(
                    campaign.id, agent.id, f"!dm-{agent.id}:example.org", self.clock.now()
                )

    async def reminder_row(self, user_id: str) -> ReminderRow:
        """What the reminder policy sees of an invited agent."""
        campaign = await self.campaign()
        assert campaign is not None
        async with self.db.read() as session:
            rows = await session.participations.reminder_rows(campaign.id)
        return next(row for row in rows if row.user_id == user_id)


MakeBot = Callable[..., Awaitable[Bot]]


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
            "name": ORGANISATION,
            "admins": [ADMIN],
            "agents": AGENTS,
            **organisation,
        },
    }


@pytest.fixture
async def make_bot(tmp_path: Path, open_database: OpenDatabase) -> MakeBot:

    async def make(population: list[str] | None = None, **organisation: Any) -> Bot:
        config = parse_config(
            config_data(**organisation), source="t.toml", base_dir=tmp_path, environ={}
        )
        db = await open_database()
        clock = SettableClock(MONDAY_MORNING)
        people = list(AGENTS if population is None else population)
        opened = Counter()
        conversations = Conversations(config, build_survey(config), clock, lambda: people, opened)
        return Bot(db, conversations, clock, opened)

    return make


@pytest.fixture
async def bot(make_bot: MakeBot) -> Bot:
    return await make_bot()


@pytest.fixture
async def campaign_bot(bot: Bot) -> Bot:
    """A bot with the campaign « Outils 2027 » open for Alice, Bruno and Chloé."""
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    return bot


def said(replies: list[Reply]) -> str:
    return readable("\n".join(reply.plain for reply in replies))


# --- help, and silence in group rooms ----------------------------------------------------------


async def test_help_in_a_dm_lists_the_agent_commands_but_not_the_campaign_command(
    bot: Bot,
) -> None:
    replies = await bot.say(ALICE, "!aide")

    assert len(replies) == 1
    shown = said(replies)
    assert "Commandes disponibles" in shown
    for command in AGENT_COMMANDS:
        assert command in shown
    assert "!campagne" not in shown


async def test_help_for_an_administrator_also_lists_the_campaign_command(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!aide"))

    assert "Pour les administrateurs" in shown
    assert "!campagne ouvrir <titre> [jusqu'au JJ/MM/AAAA] | fermer | statut" in shown
    for command in AGENT_COMMANDS:
        assert command in shown


async def test_in_a_group_room_only_help_gets_an_answer(bot: Bot) -> None:
    help_replies = await bot.say(ALICE, "!aide", direct=False)

    assert "!évaluer" in said(help_replies)
    assert "!campagne" not in said(help_replies)
    for body in ["!evaluer", "bonjour à tous", "!langue en", "!campagne ouvrir X", "!inconnu"]:
        assert await bot.say(ALICE, body, direct=False) == [], body
    assert await bot.say(ADMIN, "!campagne ouvrir Outils 2027", direct=False) == []


async def test_messages_in_a_group_room_write_nothing(bot: Bot) -> None:
    for body in ["!aide", "!evaluer", "bonjour", "!relances non"]:
        await bot.say(ALICE, body, direct=False)
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027", direct=False)

    assert await bot.agent(ALICE) is None
    assert await bot.agent(ADMIN) is None
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


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
    assert campaign is not None and not bot.conversations.accepting(campaign)


async def test_the_closing_day_is_counted_in_the_organisations_time_zone(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027 jusqu'au 2027-01-31")
    campaign = await bot.campaign()
    assert campaign is not None

    bot.clock.moment = datetime(2027, 1, 31, 23, 30, tzinfo=PARIS)
    assert bot.conversations.accepting(campaign)
    bot.clock.moment = datetime(2027, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Paris
    assert not bot.conversations.accepting(campaign)


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


# --- invitations -------------------------------------------------------------------------------


async def invite(bot: Bot, user_id: str) -> list[Reply]:
    campaign = await bot.campaign()
    assert campaign is not None
    async with bot.db.transaction() as session:
        agent = await session.agents.get_or_create(user_id, bot.clock.now())
        return await bot.conversations.invite(session, campaign, agent)


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


# --- !rapport ----------------------------------------------------------------------------------

FIVE = [ALICE, BRUNO, CHLOE, DAVID, EMMA]


async def _five_answered(make_bot: MakeBot) -> Bot:
    bot = await make_bot(population=FIVE, agents=FIVE, services=["Culture", "Voirie"])
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    for person in FIVE:
        await bot.say_all(person, ["!evaluer", "1", *WHOLE_EVALUATION])  # service: Culture
    return bot


async def test_the_report_in_a_dm_shows_the_ranking_of_five_answers(make_bot: MakeBot) -> None:
    bot = await _five_answered(make_bot)

    report = said(await bot.say(ADMIN, "!rapport"))

    assert report.startswith("Rapport — campagne n° 1 « Outils 2027 »")
    assert "• visioconférence — Zoom — Répondants : 5 · Note globale : 7,5" in report
    assert "assimilation par les équipes : 8,0 / 6,0 / 9,0 / 7,0" in report
    async with bot.db.read() as session:
        assert [(a, w) for _, a, w, _ in await session.reports.audit_entries()] == [
            (ADMIN, "rapport")
        ]


async def test_the_report_can_be_limited_to_a_category_or_a_service(make_bot: MakeBot) -> None:
    bot = await _five_answered(make_bot)

    agenda = said(await bot.say(ADMIN, "!rapport agenda"))
    culture = said(await bot.say(ADMIN, "!rapport service=Culture"))
    voirie = said(await bot.say(ADMIN, "!rapport service=voirie"))

    assert agenda.startswith("Rapport — campagne n° 1 « Outils 2027 » — agenda partagé")
    assert "visioconférence" not in agenda and "• agenda partagé — Outlook" in agenda
    assert "— service Culture" in culture and "Zoom — Répondants : 5" in culture
    assert "Pas encore assez de réponses" in voirie  # nobody there: nothing to show


async def test_a_report_request_that_cannot_be_understood_is_explained(make_bot: MakeBot) -> None:
    bot = await _five_answered(make_bot)

    assert "Je ne connais pas la catégorie « xyz »" in said(await bot.say(ADMIN, "!rapport xyz"))
    assert "Je ne connais pas le service « Police »" in said(
        await bot.say(ADMIN, "!rapport service=Police")
    )
    assert said(await bot.say(ADMIN, "!rapport campagne=9")) == (
        "Je ne connais pas la campagne n° 9. Campagnes : n° 1 « Outils 2027 » (ouverte)."
    )


async def test_an_agent_never_gets_the_report(make_bot: MakeBot) -> None:
    bot = await _five_answered(make_bot)

    refusal = said(await bot.say(ALICE, "!rapport"))

    assert "réservée aux encadrants" in refusal
    assert "Zoom" not in refusal


async def test_the_report_in_a_shared_room_is_refused_unless_it_is_the_management_room(
    make_bot: MakeBot,
) -> None:
    bot = await _five_answered(make_bot)

    elsewhere = said(await bot.say(ADMIN, "!rapport", direct=False))
    async with bot.db.transaction() as session:
        managed = await bot.conversations.handle(
            session, Incoming(ADMIN, "!bureau:example.org", "!rapport", False, management=True)
        )

    assert "n'est disponible qu'en conversation privée" in elsewhere
    assert "Zoom — Répondants : 5" in said(managed)


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
