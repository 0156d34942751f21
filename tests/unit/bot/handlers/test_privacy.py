"""The agent's rights over their data (RGPD), with a real SQLite database and no Matrix.

What a person reads of `!confidentialite`, `!mesdonnees` and `!oublier`, and which rows remain
afterwards; the retention purge of old campaigns with a clock the test sets; and who counts as
a manager.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config, ConfigError, load_config, parse_config
from bot.handlers.context import Incoming
from bot.handlers.dispatch import Conversations
from bot.handlers.roles import role_of
from bot.jobs.retention import Retention
from bot.wiring import conversations as build_conversations
from conversations.commands import Role
from conversations.formatting import Attachment, Reply
from conversations.rules import wave_invitation
from storage import Database
from storage.clock import to_text
from storage.outbox import OutgoingMessage
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.conftest import OpenDatabase

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)

ORGANISATION = "Commune de Saint-Exemple"
ADMIN = "@dsi:example.org"
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
STRANGER = "@nouveau:example.org"
PEOPLE = [ALICE, BRUNO]

# Alice: Zoom, rated 8 6 9 7, with a problem; then Tchap, 5 5 5 5, none.
ALICE_ANSWERS = ["Zoom", "8 6 9 7", "le son coupe", "Tchap", "5 5 5 5", "rien"]
ALICE_COMMENT = "Tchap plante le lundi"
# Bruno: Jitsi, rated 2 3 1 4, with another problem.
BRUNO_ANSWERS = ["Jitsi", "2 3 1 4", "micro muet"]
BRUNO_COMMENT = "trop de notifications"
WHOLE_EVALUATION = ["1", "8 6 9 7", "rien"] * 9 + ["valider"]

# Rows that hold an agent's answers, comments and conversation state, by their key.
AGENT_TABLES = (
    "participations",
    "category_answers",
    "ratings",
    "feedback_responses",
    "feedback_ratings",
    "feedback_comments",
)

Outgoing = Reply | Attachment


class Bot:
    """The handler with a real database; each message in its own transaction, its replies
    queued in the outbox and marked sent, as the Matrix edge and the sender do."""

    def __init__(
        self, config: Config, db: Database, conversations: Conversations, clock: SettableClock
    ) -> None:
        self.config = config
        self.db = db
        self.conversations = conversations
        self.clock = clock
        self._events = 0

    async def say(self, sender: str, body: str) -> list[Outgoing]:
        room = dm(sender)
        self._events += 1
        async with self.db.transaction() as session:
            replies = await self.conversations.handle(
                session, Incoming(sender, room, body, direct=True)
            )
            messages = [
                OutgoingMessage(room, reply.content())
                for reply in replies
                if isinstance(reply, Reply)
            ]
            await session.outbox.add(f"$event{self._events}", messages, self.clock.now())
            for entry in await session.outbox.unsent():
                await session.outbox.mark_sent(entry.id, f"$sent{entry.id}", self.clock.now())
        return replies

    async def say_all(self, sender: str, bodies: list[str]) -> list[Outgoing]:
        replies: list[Outgoing] = []
        for body in bodies:
            replies = await self.say(sender, body)
        return replies

    async def manager_report(self, args: str = "") -> list[Outgoing]:
        return await self.say(ADMIN, f"!rapport {args}".strip())

    async def agent_id(self, user_id: str) -> int | None:
        async with self.db.read() as session:
            agent = await session.agents.get(user_id)
        return agent.id if agent else None

    async def count(self, sql: str, *parameters: object) -> int:
        async with self.db.read() as session:
            row = await session.conn.one(sql, parameters)
        assert row is not None
        return int(row[0])

    async def messages_in(self, room_id: str) -> int:
        """The bot's messages to that room kept in the outbox, sent or not."""
        return await self.count("SELECT COUNT(*) FROM outbox WHERE room_id = ?", room_id)

    async def rows_of(self, agent_id: int) -> dict[str, int]:
        """How many rows of each kind hold this agent's data."""
        return {
            table: await self.count(f"SELECT COUNT(*) FROM {table} WHERE agent_id = ?", agent_id)
            for table in AGENT_TABLES
        }

    async def everything_stored(self, *, leave_out: tuple[str, ...] = ()) -> str:
        """Every value of every table, as one text to search."""
        found: list[str] = []
        async with self.db.read() as session:
            rows = await session.conn.every(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                if session.conn.dialect == "sqlite"
                else "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
            tables = [str(row[0]) for row in rows]
            for table in tables:
                if table in leave_out:
                    continue
                found += [
                    repr(tuple(row)) for row in await session.conn.every(f"SELECT * FROM {table}")
                ]
        return "\n".join(found)

    async def retention(self) -> int:
        retention = Retention(self.config, self.db, self.clock, self.conversations.reports.whole)
        return await retention.check()


def dm(user_id: str) -> str:
    return f"!dm-{user_id[1:].split(':')[0]}:example.org"


def texts(replies: list[Outgoing]) -> list[str]:
    """What a person reads, message by message (files left out)."""
    return [readable(reply.plain) for reply in replies if isinstance(reply, Reply)]


def said(replies: list[Outgoing]) -> str:
    return "\n".join(texts(replies))


def database_files_holding(folder: Path, word: str) -> list[str]:
    """The files of the open databases in `folder` (the database, its WAL, its shared
    memory) whose bytes hold `word` in UTF-8: what someone reading the disk would find."""
    needle = word.encode()
    return sorted(path.name for path in folder.glob("h*.db*") if needle in path.read_bytes())


MakeBot = Callable[..., Awaitable[Bot]]


def config_data(privacy: dict[str, Any] | None = None, **organisation: Any) -> dict[str, Any]:
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
            "name": ORGANISATION,
            "admins": [ADMIN],
            "agents": PEOPLE,
            **organisation,
        },
    }
    if privacy is not None:
        data["privacy"] = privacy
    return data


@pytest.fixture
async def make_bot(tmp_path: Path, open_database: OpenDatabase) -> MakeBot:

    async def make(privacy: dict[str, Any] | None = None, **organisation: Any) -> Bot:
        config = parse_config(
            config_data(privacy, **organisation), source="t.toml", base_dir=tmp_path, environ={}
        )
        db = await open_database()
        clock = SettableClock(MONDAY_MORNING)
        conversations = build_conversations(config, clock, lambda: list(PEOPLE), Counter())
        return Bot(config, db, conversations, clock)

    return make


@pytest.fixture
async def bot(make_bot: MakeBot) -> Bot:
    return await make_bot()


@pytest.fixture
async def answered(bot: Bot) -> Bot:
    """Campaign 1 open; Alice and Bruno have each answered and left a comment."""
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", *ALICE_ANSWERS, f"!retour {ALICE_COMMENT}"])
    await bot.say_all(BRUNO, ["!evaluer", *BRUNO_ANSWERS, f"!retour {BRUNO_COMMENT}"])
    return bot


# --- the notice --------------------------------------------------------------------------------


async def test_the_notice_names_the_organisation_threshold_retention_and_the_commands(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(privacy={"retention_days": 400}, anonymity_threshold=3)

    replies = await bot.say(ALICE, "!confidentialite")

    assert len(replies) == 1
    notice = said(replies)
    assert notice.startswith("🔒 Vos données\n")
    assert f"aident la {ORGANISATION} à choisir" in notice
    assert "rien pour un groupe de moins de 3 personnes" in notice
    assert "effacées 400 jours après la fin de la campagne" in notice
    assert f"Responsable du traitement : {ORGANISATION}.\n" in notice
    assert "contact" not in notice
    for command in ["!mesdonnées", "!oublier", "!confidentialité"]:
        assert command in notice
    assert await bot.agent_id(ALICE) is None, "reading the notice keeps nothing about her"


async def test_the_notice_names_the_configured_data_controller_and_contact(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(
        privacy={"data_controller": "Le maire de Saint-Exemple", "contact": "dpo@example.org"}
    )

    notice = said(await bot.say(ALICE, "!confidentialite"))

    assert (
        "Responsable du traitement : Le maire de Saint-Exemple — contact : dpo@example.org.\n"
        in notice
    )
    assert "moins de 5 personnes" in notice and "365 jours" in notice


async def test_the_notice_in_english_names_commands_that_work(make_bot: MakeBot) -> None:
    bot = await make_bot(privacy={"contact": "dpo@example.org"}, anonymity_threshold=3)
    await bot.say(ALICE, "!langue en")

    notice = said(await bot.say(ALICE, "!confidentialite"))

    assert notice.startswith("🔒 Your data\n")
    assert f"help {ORGANISATION} choose" in notice
    assert "nothing for a group of fewer than 3 people" in notice
    assert "erased 365 days after the campaign ends" in notice
    assert f"Data controller: {ORGANISATION} — contact: dpo@example.org." in notice
    for command in ["!mydata", "!forget", "!privacy"]:
        assert command in notice
    assert said(await bot.say(ALICE, "!privacy")) == notice
    assert isinstance((await bot.say(ALICE, "!mydata"))[-1], Attachment)
    assert "To confirm, type !forget confirm." in said(await bot.say(ALICE, "!forget"))


async def test_a_new_evaluation_shows_its_notice_then_the_privacy_notice_then_the_question(
    bot: Bot,
) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    notice = said(await bot.say(BRUNO, "!confidentialite"))

    replies = texts(await bot.say(ALICE, "!evaluer"))

    assert replies[1] == notice
    assert [reply.split("\n")[0] for reply in replies] == [
        "Évaluation de nos outils collaboratifs",
        "🔒 Vos données",
        "1/9 — visioconférence",
    ]


async def test_resuming_an_evaluation_does_not_repeat_the_privacy_notice(bot: Bot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", "Zoom", "8 6 9 7", "rien", "pause"])

    resumed = said(await bot.say(ALICE, "!evaluer"))
    again = said(await bot.say(ALICE, "!evaluer"))

    assert resumed.startswith("Reprenons là où nous en étions.")
    assert "2/9 — messagerie instantanée" in resumed
    assert "Vos données" not in resumed and "Vos données" not in again


async def test_an_invitation_carries_the_privacy_notice_with_the_controller(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(privacy={"data_controller": "Le maire"})
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    async with bot.db.transaction() as session:
        campaign = await session.campaigns.current()
        agent = await session.agents.get(ALICE)
        assert campaign is not None and agent is not None
        replies = await bot.conversations.invite(session, campaign, agent)

    assert [readable(reply.plain).split("\n")[0] for reply in replies] == [
        f"Bonjour ! La {ORGANISATION} lance une évaluation de ses outils collaboratifs : "
        "« Outils 2027 ».",
        "Évaluation de nos outils collaboratifs",
        "🔒 Vos données",
        "1/9 — visioconférence",
    ]
    assert "Responsable du traitement\u202f: Le maire." in replies[2].plain
    assert "Vos données" not in said(await bot.say(ALICE, "!evaluer"))


# --- !mesdonnees -------------------------------------------------------------------------------


async def test_my_data_is_a_json_file_of_exactly_my_answers_and_comment(answered: Bot) -> None:
    replies = await answered.say(ALICE, "!mesdonnees")

    assert len(replies) == 2
    intro, attachment = replies
    assert isinstance(intro, Reply) and intro.plain.startswith("Voici tout ce que je garde")
    assert isinstance(attachment, Attachment)
    assert (attachment.filename, attachment.mimetype) == (
        "mes-donnees-harmonie.json",
        "application/json",
    )
    data = json.loads(attachment.data)
    assert data["agent"]["user_id"] == ALICE
    assert [(c["campaign_id"], c["title"]) for c in data["campaigns"]] == [(1, "Outils 2027")]
    answers = {a["category"]: a for a in data["answers"]}
    assert set(answers) == {"visioconference", "messagerie"}
    assert (answers["visioconference"]["tool"], answers["visioconference"]["problem"]) == (
        "Zoom",
        "le son coupe",
    )
    assert answers["visioconference"]["ratings"] == {
        "efficacite": 8,
        "cout": 6,
        "securite": 9,
        "assimilation": 7,
    }
    assert (answers["messagerie"]["tool"], answers["messagerie"]["problem"]) == ("Tchap", None)
    assert set(answers["messagerie"]["ratings"].values()) == {5}
    state = data["campaigns"][0]["conversation_state"]
    tools = [[t["name"] for t in a["tools"]] if a else None for a in state["answers"][:3]]
    assert tools == [["Zoom"], ["Tchap"], None]
    assert [c["body"] for c in data["feedback_comments"]] == [ALICE_COMMENT]
    assert data["feedback_surveys"] == []


async def test_my_data_holds_nothing_of_another_agent(answered: Bot) -> None:
    replies = await answered.say(ALICE, "!mesdonnees")

    attachment = replies[-1]
    assert isinstance(attachment, Attachment)
    content = attachment.data.decode()
    for other in [BRUNO, "bruno", "Jitsi", "micro muet", BRUNO_COMMENT]:
        assert other not in content
    ratings = [r for a in json.loads(content)["answers"] for r in a["ratings"].values()]
    assert [2, 3, 1, 4] not in [ratings[i : i + 4] for i in range(len(ratings))]
    # ... and Bruno's own file does hold his (the check above can fail).
    bruno = (await answered.say(BRUNO, "!mesdonnees"))[-1]
    assert isinstance(bruno, Attachment)
    assert BRUNO_COMMENT in bruno.data.decode() and "micro muet" in bruno.data.decode()


async def test_my_data_for_someone_unknown_says_nothing_is_kept(bot: Bot) -> None:
    replies = await bot.say(STRANGER, "!mesdonnees")

    assert texts(replies) == ["Je ne garde aucune donnée sur vous."]
    assert not any(isinstance(reply, Attachment) for reply in replies)
    assert await bot.agent_id(STRANGER) is None


# --- !oublier ----------------------------------------------------------------------------------


async def test_forget_first_says_what_would_be_erased_and_changes_nothing(answered: Bot) -> None:
    alice = await answered.agent_id(ALICE)
    assert alice is not None
    before = await answered.rows_of(alice)

    shown = said(await answered.say(ALICE, "!oublier"))

    assert shown == (
        "Vous allez effacer vos réponses à 1 campagne (2 catégories), 0 enquête de "
        "retour, 1 commentaire et 0 essai pilote, ainsi que vos préférences. Les rapports "
        "ne vous "
        "compteront plus (les résultats d'ensemble déjà publiés d'une campagne close, "
        "anonymes, restent tels quels). Cela ne peut pas être annulé.\n"
        "Pour confirmer, tapez !oublier confirmer."
    )
    assert before["category_answers"] == 2 and before["ratings"] == 8
    assert await answered.rows_of(alice) == before
    assert await answered.agent_id(ALICE) == alice


@pytest.mark.parametrize("args", ["nimportequoi", "confirmer tout", "non"])
async def test_forget_with_another_word_gives_the_usage_and_changes_nothing(
    answered: Bot, args: str
) -> None:
    alice = await answered.agent_id(ALICE)
    assert alice is not None
    before = await answered.rows_of(alice)

    shown = said(await answered.say(ALICE, f"!oublier {args}"))

    assert shown == "Pour effacer vos données, tapez !oublier, puis !oublier confirmer."
    assert await answered.rows_of(alice) == before
    assert await answered.agent_id(ALICE) == alice


async def test_forget_for_someone_unknown_says_nothing_is_kept(bot: Bot) -> None:
    for body in ["!oublier", "!oublier confirmer"]:
        assert said(await bot.say(STRANGER, body)) == "Je ne garde aucune donnée sur vous."
    async with bot.db.read() as session:
        assert await session.reports.audit_entries() == []


async def test_forget_confirmed_erases_her_rows_and_tells_her_what_went(answered: Bot) -> None:
    alice, bruno = await answered.agent_id(ALICE), await answered.agent_id(BRUNO)
    assert alice is not None and bruno is not None
    bruno_before = await answered.rows_of(bruno)
    bruno_messages = await answered.messages_in(dm(BRUNO))
    await answered.say(ALICE, "!oublier")

    shown = said(await answered.say(ALICE, "!oublier confirmer"))

    assert shown.startswith(
        "C'est fait : j'ai effacé vos réponses à 1 campagne (2 catégories), 0 enquête "
        "de retour, 1 commentaire, 0 essai pilote et vos préférences. Les rapports ne vous "
        "comptent plus "
        "(les résultats d'ensemble déjà publiés d'une campagne close, anonymes, restent "
        "tels quels)."
    )
    assert await answered.rows_of(alice) == dict.fromkeys(AGENT_TABLES, 0)
    assert await answered.agent_id(ALICE) is None
    assert await answered.count("SELECT COUNT(*) FROM agents WHERE id = ?", alice) == 0
    # only the confirmation, not yet sent when the erasure ran, stays in her room
    assert await answered.messages_in(dm(ALICE)) == 1
    assert await answered.rows_of(bruno) == bruno_before
    assert await answered.agent_id(BRUNO) == bruno
    assert await answered.messages_in(dm(BRUNO)) == bruno_messages


async def test_after_forgetting_nothing_stored_names_her_or_repeats_her_answers(
    answered: Bot,
) -> None:
    stored = await answered.everything_stored()
    assert ALICE in stored and "le son coupe" in stored and ALICE_COMMENT in stored

    await answered.say_all(ALICE, ["!oublier", "!oublier confirmer"])

    stored = await answered.everything_stored()
    for trace in [ALICE, "le son coupe", ALICE_COMMENT, "efficacité 8, coût 6"]:
        assert trace not in stored
    assert BRUNO in stored and "micro muet" in stored and BRUNO_COMMENT in stored


@pytest.mark.sqlite
async def test_after_forgetting_no_file_of_the_open_database_holds_her_words(
    answered: Bot, tmp_path: Path
) -> None:
    await answered.say(ALICE, "!mesdonnees")  # a copy of everything, queued then sent
    for words in ["le son coupe", ALICE_COMMENT]:
        assert database_files_holding(tmp_path, words)

    await answered.say_all(ALICE, ["!oublier", "!oublier confirmer"])

    for words in ["le son coupe", ALICE_COMMENT]:
        assert database_files_holding(tmp_path, words) == [], words
    assert database_files_holding(tmp_path, BRUNO_COMMENT) == ["h0.db"]


async def test_forget_erases_her_devices_keys_and_every_message_to_her_sent_or_not(
    answered: Bot,
) -> None:
    now = answered.clock.now()
    async with answered.db.transaction() as session:
        for person in PEOPLE:
            await session.direct_rooms.remember(person, dm(person), now)
            await session.room_devices.record_writer(dm(person), person, f"curve-{person}", now)
            await session.room_devices.record_key_holders(dm(person), "s1", [f"k-{person}"], now)
    exported = (await answered.say(ALICE, "!mesdonnees"))[-1]
    await answered.say(ALICE, "!oublier")
    async with answered.db.transaction() as session:  # a reply not sent yet, quoting her
        reply = OutgoingMessage(dm(ALICE), {"body": "Noté : le son coupe"})
        await session.outbox.add("$not-sent-yet", [reply], now)

    await answered.say(ALICE, "!oublier confirmer")

    assert isinstance(exported, Attachment)
    data = json.loads(exported.data)
    assert data["devices"] == [
        {
            "room_id": dm(ALICE),
            "device_key": f"curve-{ALICE}",
            "first_seen_at": to_text(now),
        }
    ]
    assert data["latest_message_readable_by"] == [
        {"room_id": dm(ALICE), "device_keys": [f"k-{ALICE}"], "sent_at": to_text(now)}
    ]
    # only the confirmation, queued after the erasure, stays in her room
    assert await answered.messages_in(dm(ALICE)) == 1
    count = answered.count
    assert await count("SELECT COUNT(*) FROM room_writers WHERE user_id = ?", ALICE) == 0
    assert await count("SELECT COUNT(*) FROM room_key_holders WHERE room_id = ?", dm(ALICE)) == 0
    assert await count("SELECT COUNT(*) FROM room_writers WHERE user_id = ?", BRUNO) == 1
    assert await count("SELECT COUNT(*) FROM room_key_holders WHERE room_id = ?", dm(BRUNO)) == 1


async def test_the_audit_log_keeps_that_an_erasure_happened_but_not_who(answered: Bot) -> None:
    await answered.say_all(ALICE, ["!oublier", "!oublier confirmer"])

    async with answered.db.read() as session:
        entries = await session.reports.audit_entries()

    erasures = [entry for entry in entries if entry[2] == "oublier"]
    assert len(erasures) == 1
    at, actor, _, details = erasures[0]
    assert at.startswith("2026-11-16T09:00")
    assert ALICE not in actor + details and "alice" not in actor + details
    assert details == ""


async def test_forget_in_english_with_forget_confirm(answered: Bot) -> None:
    await answered.say(ALICE, "!langue en")

    asked = said(await answered.say(ALICE, "!forget"))
    done = said(await answered.say(ALICE, "!forget confirm"))

    assert asked.startswith("You are about to erase your answers to 1 campaign (2 categories)")
    assert done.startswith("Done: I erased your answers to 1 campaign (2 categories), 0 feedback")
    assert await answered.agent_id(ALICE) is None


async def test_after_forgetting_the_report_no_longer_counts_her_and_hides_the_tool_again(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(anonymity_threshold=2)
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", "Zoom", "8 6 9 7", "le son coupe"])
    await bot.say_all(BRUNO, ["!evaluer", "Zoom", "2 4 1 3", "micro muet"])
    before = said(await bot.manager_report())
    assert "• visioconférence — Zoom — Répondants : 2 · Note globale : 5,0" in before

    await bot.say_all(ALICE, ["!oublier", "!oublier confirmer"])
    after = said(await bot.manager_report())

    assert after.startswith("Rapport — campagne n° 1 « Outils 2027 »")
    assert "Zoom" not in after
    assert "1 outil utilisé par moins de 2 personnes n'est pas détaillé." in after
    assert await bot.agent_id(BRUNO) is not None


async def feedback_wave(bot: Bot) -> None:
    """A rollout of « Suite Numérique » whose first feedback survey asks Alice and Bruno."""
    now = bot.clock.now()
    async with bot.db.transaction() as session:
        plan = await session.rollout.create("Suite Numérique", now.date(), ADMIN, [], now)
        wave = await session.rollout.open_wave(plan.id, 1, now.date(), now)
        assert wave is not None
        for person in PEOPLE:
            agent = await session.agents.get_or_create(person, now)
            state, _ = wave_invitation(
                bot.conversations.survey, plan.suite, plan.start_on, wave.due_on, "fr"
            )
            assert await session.rollout.start_response(wave.id, agent.id, state, now)


async def test_a_feedback_survey_is_exported_and_erased_with_the_rest(bot: Bot) -> None:
    await feedback_wave(bot)
    await bot.say_all(ALICE, ["7 3 8 2", "former les agents"])
    await bot.say_all(BRUNO, ["1 1 1 1", "rien ne marche"])
    alice, bruno = await bot.agent_id(ALICE), await bot.agent_id(BRUNO)
    assert alice is not None and bruno is not None
    bruno_before = await bot.rows_of(bruno)

    exported = (await bot.say(ALICE, "!mesdonnees"))[-1]
    asked = said(await bot.say(ALICE, "!oublier"))
    done = said(await bot.say(ALICE, "!oublier confirmer"))

    assert isinstance(exported, Attachment)
    data = json.loads(exported.data)
    (survey,) = data["feedback_surveys"]
    assert (survey["plan_id"], survey["wave"]) == (1, 1)
    assert survey["ratings"] == {"efficacite": 7, "cout": 3, "securite": 8, "assimilation": 2}
    assert [c["body"] for c in data["feedback_comments"]] == ["former les agents"]
    assert "rien ne marche" not in exported.data.decode()
    assert "vos réponses à 0 campagne (0 catégorie), 1 enquête de retour, 1 commentaire" in asked
    assert "1 enquête de retour, 1 commentaire, 0 essai pilote et" in done
    assert await bot.rows_of(alice) == dict.fromkeys(AGENT_TABLES, 0)
    assert bruno_before["feedback_ratings"] == 4
    assert await bot.rows_of(bruno) == bruno_before


# --- roles -------------------------------------------------------------------------------------


MANAGER = "@cheffe:example.org"
MEMBER = "@membre:example.org"


def roles_config(tmp_path: Path, power_level: int | None | str) -> Config:
    organisation: dict[str, Any] = {"name": ORGANISATION, "admins": [ADMIN], "managers": [MANAGER]}
    if power_level != "default":
        organisation["manager_power_level"] = power_level
    data = config_data()
    data["organisation"] = organisation
    return parse_config(data, source="t.toml", base_dir=tmp_path, environ={})


A, M = Role.AGENT, Role.MANAGER
LEVELS = (None, 49, 50, 100)  # the member's power level in the management room (None: absent)


@pytest.mark.parametrize(
    ("power_level", "roles"),
    [
        # roles for each of LEVELS
        ("default", (A, A, M, M)),
        (50, (A, A, M, M)),
        (None, (A, A, A, A)),
        (100, (A, A, A, M)),
    ],
)
def test_a_member_of_the_management_room_is_a_manager_from_the_configured_level(
    tmp_path: Path, power_level: int | None | str, roles: tuple[Role, ...]
) -> None:
    config = roles_config(tmp_path, power_level)

    assert tuple(role_of(MEMBER, config, level) for level in LEVELS) == roles


@pytest.mark.parametrize("power_level", ["default", None, 100])
@pytest.mark.parametrize("level", [*LEVELS, 0])
def test_the_configured_admins_and_managers_keep_their_role_whatever_their_level(
    tmp_path: Path, power_level: int | None | str, level: int | None
) -> None:
    config = roles_config(tmp_path, power_level)

    assert role_of(ADMIN, config, level) is Role.ADMIN
    assert role_of(MANAGER, config, level) is Role.MANAGER


def test_a_toml_file_can_turn_power_level_managers_off(tmp_path: Path) -> None:
    turned_off = []
    for spelling in ['"none"', "0", "false"]:
        path = tmp_path / "harmonie.toml"
        path.write_text(
            "[matrix]\n"
            'homeserver = "https://matrix.example.org"\n'
            'user_id = "@harmonie:example.org"\n'
            'password = "not-a-real-one"\n'
            "[organisation]\n"
            f'name = "{ORGANISATION}"\n'
            f"manager_power_level = {spelling}\n",
            encoding="utf-8",
        )
        with contextlib.suppress(ConfigError):
            config = load_config(path, environ={})
            turned_off.append(role_of(MEMBER, config, 100) is Role.AGENT)

    assert any(turned_off)


# --- privacy settings --------------------------------------------------------------------------


def test_the_privacy_settings_default_to_the_organisation_and_a_year(tmp_path: Path) -> None:
    config = parse_config(config_data(), source="t.toml", base_dir=tmp_path, environ={})

    assert config.privacy.retention_days == 365
    assert config.privacy.data_controller is None and config.privacy.contact is None


@pytest.mark.parametrize("days", [29, 0, -1, 3651])
def test_a_retention_period_out_of_range_is_refused(tmp_path: Path, days: int) -> None:
    with pytest.raises(ConfigError, match="retention_days"):
        parse_config(
            config_data({"retention_days": days}), source="t.toml", base_dir=tmp_path, environ={}
        )


def test_a_retention_period_of_thirty_days_is_accepted(tmp_path: Path) -> None:
    config = parse_config(
        config_data({"retention_days": 30}), source="t.toml", base_dir=tmp_path, environ={}
    )

    assert config.privacy.retention_days == 30
