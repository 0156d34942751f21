"""Random and hostile messages through the real handler, inside real SQLite transactions.

Whatever an agent, a manager or an administrator types (control and bidi characters, emoji,
64 KB bodies, HTML, Markdown, commands with random arguments, the evaluation's own words),
the handler answers with something a person can read, or stays silent, and never raises;
what it stores changes only when the message was a valid answer.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import parse_config
from bot.handlers.context import Incoming
from bot.handlers.dispatch import COMMANDS, Conversations
from bot.wiring import conversations as build_conversations
from conversations.codec import load_state
from conversations.commands import parse_command
from conversations.dialog import KEYWORDS, Step
from conversations.formatting import Attachment, Reply
from conversations.parsing import InvalidAnswer, keyword
from conversations.phrases import is_greeting
from conversations.ratings import read_ratings
from storage import Database, Participation
from tests.support.kit import Counter, SettableClock

PARIS = ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)

ADMIN = "@dsi:example.org"
MANAGER = "@chef:example.org"
ALICE = "@alice:example.org"
BRUNO = "@bruno:example.org"
STRANGER = "@nouveau:example.org"
AGENTS = [ALICE, BRUNO]

CRITERIA = 4  # the method's default criteria: one message may rate them all
LONGEST_REPLY = 20_000  # characters of plain text: far more than any catalogue text
HOSTILE_MARKUP = re.compile(r"<\s*(script|img|iframe|svg)|<[a-z][^>]*\bon[a-z]+\s*=", re.I)
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Outgoing = Reply | Attachment

# --- what people (and attackers) type ----------------------------------------------------------

ODD_CHARACTERS = [
    "\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff",
    "\u00a0", "\u0301", "\u2028", "\u2029", "\x85", "\x7f", "👩\u200d💻", "🇫🇷", "😀", "𝟕", "٧",
]  # fmt: skip
MARKUP = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<IMG SRC=x OnError=alert(1)>",
    "<svg onload=alert(1)>", "<b>gras</b>", "&lt;&amp;", "**", "**gras**", "__x__", "`code`",
    "[x](javascript:alert(1))", "# titre", "> citation", "@room", "\\", "%s", "{0}", "{value}",
    "'; DROP TABLE participations; --",
]  # fmt: skip
WORDS = [
    "retour", "back", "passer", "skip", "pause", "stop", "plus tard", "aide", "help", "?",
    "valider", "rien", "aucun", "autre", "nsp", "oui", "non", "sept", "7/10", "8 6 9 7", "11",
    "-1", "7,5", "1", "9", "confirmer", "fr", "en", "jusqu'au", "2027-03-15", "15/03/2027",
    "service=", "campagne=1", "csv", "ods", "graphique", "ouvrir", "fermer", "statut",
    "nouveau", "annuler", "fait", "date", "Zoom", "Tchap",
]  # fmt: skip
COMMAND_WORDS = sorted({spelling for c in COMMANDS for spelling in (c.name, c.english)})

controls = st.characters(min_codepoint=0, max_codepoint=0x1F)
pieces = st.one_of(
    st.text(max_size=20),  # any unicode except surrogates, which a str cannot carry here
    st.text(controls, max_size=5),
    st.sampled_from(ODD_CHARACTERS),
    st.sampled_from(MARKUP),
    st.sampled_from(WORDS),
    st.sampled_from([" ", "  ", "\n", "\t"]),
)
phrases = st.lists(pieces, max_size=6).map("".join)


@st.composite
def long_bodies(draw: st.DrawFn) -> str:
    """Up to 64 KB, possibly behind a command, so that an echo of it would show."""
    head = draw(st.sampled_from(["", "!retour ", "!rapport ", "!campagne ouvrir ", "!modifier "]))
    unit = draw(st.sampled_from(["A", "é", "😀", "<script>", "**", "\u202e", "\x00", "7 "]))
    size = draw(st.integers(1_000, 65_536))
    return head + (unit * (size // len(unit) + 1))[: size - len(head)]


commands = st.builds(
    lambda bang, word, args: f"{bang}{word} {args}".rstrip(),
    st.sampled_from(["!", "!", " !", "!\u200b"]),
    st.one_of(st.sampled_from(COMMAND_WORDS), st.sampled_from(COMMAND_WORDS).map(str.upper)),
    phrases,
)
unknown_commands = st.builds(lambda word, args: f"!{word} {args}", st.text(min_size=1), phrases)
bodies = st.one_of(phrases, commands, unknown_commands, long_bodies(), st.sampled_from(WORDS))


@dataclass(frozen=True)
class Someone:
    """Who writes, and from where."""

    user_id: str
    direct: bool
    management: bool = False
    management_level: int | None = None

    def incoming(self, body: str) -> Incoming:
        name = self.user_id[1:].split(":")[0]
        room = f"!dm-{name}:example.org" if self.direct else "!bureau:example.org"
        if self.management:
            room = "!direction:example.org"
        return Incoming(
            self.user_id, room, body, self.direct, self.management, self.management_level
        )


PEOPLE = [
    Someone(ALICE, direct=True),
    Someone(ALICE, direct=False),
    Someone(STRANGER, direct=True),
    Someone(MANAGER, direct=True),
    Someone(MANAGER, direct=False, management=True, management_level=50),
    Someone(STRANGER, direct=False, management=True, management_level=50),  # a moderator there
    Someone(ADMIN, direct=True),
    Someone(ADMIN, direct=False),
]
people = st.sampled_from(PEOPLE)


# --- the bot, with a real database -------------------------------------------------------------


class Bot:
    """The handler over one database, driven message by message as the Matrix edge does."""

    def __init__(self, db: Database, conversations: Conversations) -> None:
        self.db = db
        self.conversations = conversations

    async def say(self, someone: Someone, body: str) -> list[Outgoing]:
        async with self.db.transaction() as session:
            return await self.conversations.handle(session, someone.incoming(body))

    async def participation(self, user_id: str) -> Participation:
        async with self.db.read() as session:
            agent = await session.agents.get(user_id)
            campaign = await session.campaigns.current()
            assert agent is not None and campaign is not None
            found = await session.participations.get(campaign.id, agent.id)
        assert found is not None
        return found


def config_data() -> dict[str, Any]:
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
            "managers": [MANAGER],
            "agents": AGENTS,
        },
    }


async def new_bot(folder: Path) -> Bot:
    config = parse_config(config_data(), source="t.toml", base_dir=folder, environ={})
    db = await Database.open(folder / "h.db")
    conversations = build_conversations(
        config, SettableClock(MONDAY_MORNING), lambda: AGENTS, Counter()
    )
    return Bot(db, conversations)


@pytest.fixture
async def open_bot(tmp_path: Path) -> AsyncIterator[Bot]:
    """A campaign open, Alice and Bruno each at the first rating question of a category.

    One per test, shared by its examples: each property is checked against the state just
    before the message, so what earlier examples left behind only widens the search."""
    bot = await new_bot(tmp_path)
    admin, alice, bruno = Someone(ADMIN, True), Someone(ALICE, True), Someone(BRUNO, True)
    await bot.say(admin, "!campagne ouvrir Outils 2027")
    for agent in (alice, bruno):
        await bot.say(agent, "!evaluer")
        await bot.say(agent, "1")
        state = load_state(_state(await bot.participation(agent.user_id)), bot.conversations.survey)
        assert state.position.step is Step.RATING
    try:
        yield bot
    finally:
        await bot.db.close()


def _state(participation: Participation) -> str:
    assert participation.state is not None
    return participation.state


def is_valid_rating_answer(body: str) -> bool:
    """Whether the dialog could take `body` at a rating question: a command, one of its
    words, a greeting, or a message holding a number, a number word or « nsp »."""
    if parse_command(body, COMMANDS) is not None or keyword(body) in KEYWORDS or is_greeting(body):
        return True
    try:
        return read_ratings(body) is not None
    except InvalidAnswer:
        return False


def check_readable(replies: list[Outgoing], body: str) -> None:
    """Replies a person can read: the bot's own types, escaped, and of a sane length."""
    assert isinstance(replies, list)
    for reply in replies:
        assert isinstance(reply, Reply | Attachment), reply
        if isinstance(reply, Reply):
            assert HOSTILE_MARKUP.search(reply.html) is None, reply.html[:500]
            assert reply.plain.strip(), "an empty message"
            assert len(reply.plain) <= LONGEST_REPLY, (len(reply.plain), reply.plain[:200])


# --- the properties ----------------------------------------------------------------------------


@SETTINGS
@given(messages=st.lists(st.tuples(people, bodies), min_size=1, max_size=3))
async def test_any_message_from_anyone_gets_a_readable_answer_or_none(
    open_bot: Bot, messages: list[tuple[Someone, str]]
) -> None:
    for someone, body in messages:
        check_readable(await open_bot.say(someone, body), body)


# !aide, !rapport and !choix: the commands a group room may hear an answer to.
ROOM_WORDS = {
    f"!{spelling}"
    for c in COMMANDS
    if c.name == "aide" or c.in_management_room
    for spelling in c.spellings
}
assert {"!aide", "!rapport", "!choix"} <= ROOM_WORDS


@SETTINGS
@given(someone=people.filter(lambda p: not p.direct), body=bodies)
async def test_outside_a_direct_chat_only_help_and_the_management_room_commands_answer(
    open_bot: Bot, someone: Someone, body: str
) -> None:
    replies = await open_bot.say(someone, body)

    words = body.strip().split(maxsplit=1)
    first = words[0].lower() if words else ""
    if first not in ROOM_WORDS:
        assert replies == []


@SETTINGS
@given(body=bodies.filter(lambda body: not is_valid_rating_answer(body)))
async def test_an_invalid_answer_to_a_rating_question_changes_nothing(
    open_bot: Bot, body: str
) -> None:
    before = await open_bot.participation(ALICE)
    survey = open_bot.conversations.survey
    assert load_state(_state(before), survey).position.step is Step.RATING

    replies = await open_bot.say(Someone(ALICE, direct=True), body)

    assert await open_bot.participation(ALICE) == before
    assert replies, "an invalid answer is explained"
    check_readable(replies, body)


@SETTINGS
@given(body=bodies)
async def test_one_agents_messages_never_change_another_agents_state(
    open_bot: Bot, body: str
) -> None:
    before = await open_bot.participation(ALICE)

    await open_bot.say(Someone(BRUNO, direct=True), body)

    assert await open_bot.participation(ALICE) == before


@pytest.mark.parametrize(
    ("someone", "head"),
    [
        pytest.param(Someone(ALICE, direct=True), "", id="free-text"),
        pytest.param(Someone(ALICE, direct=True), "!retour ", id="retour"),
        pytest.param(Someone(ALICE, direct=True), "!modifier ", id="modifier"),
        pytest.param(Someone(ALICE, direct=True), "!absent jusqu'au ", id="absent"),
        pytest.param(Someone(ALICE, direct=True), "!inconnu", id="unknown-command"),
        pytest.param(Someone(ADMIN, direct=True), "!campagne ouvrir ", id="campagne"),
        pytest.param(Someone(ADMIN, direct=True), "!deploiement nouveau ", id="deploiement"),
        pytest.param(Someone(ADMIN, direct=True), "!etape 1 date ", id="etape"),
        pytest.param(Someone(ADMIN, direct=True), "!formation ", id="formation"),
        pytest.param(Someone(MANAGER, direct=True), "!rapport ", id="rapport"),
        pytest.param(
            Someone(MANAGER, direct=False, management=True, management_level=50),
            "!rapport service=",
            id="rapport-service",
        ),
        pytest.param(
            Someone(MANAGER, direct=True),
            "!report campagne=",
            id="rapport-campagne",
        ),
    ],
)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(unit=st.sampled_from(["A", "é", "😀", "x" * 7]), size=st.integers(30_000, 65_536))
async def test_a_long_message_is_not_echoed_back(
    open_bot: Bot, someone: Someone, head: str, unit: str, size: int
) -> None:
    body = head + unit * (size // len(unit))

    replies = await open_bot.say(someone, body)

    assert replies
    for reply in replies:
        if isinstance(reply, Reply):
            assert len(reply.plain) <= LONGEST_REPLY, (len(reply.plain), reply.plain[:80])
