# ruff: noqa: F811  (the handler fixtures are imported, then named as test parameters)
"""Several tools in one category, and answers that change only when the agent completes
a new one: through the handler, on a real SQLite database, down to the report's figures,
`!mesreponses`, `!mesdonnees` and the exports; and a database of the previous version."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import aiosqlite

from conversations.formatting import Attachment
from storage.clock import to_text
from storage.connection import SqliteConnection
from storage.database import connect
from storage.migrations import migrate
from tests.unit.bot.handlers.driver import (  # noqa: F401  (fixtures)
    ADMIN,
    ALICE,
    BRUNO,
    CHLOE,
    DAVID,
    EMMA,
    MONDAY_MORNING,
    Bot,
    MakeBot,
    bot,
    campaign_bot,
    make_bot,
    said,
)

FIVE = [ALICE, BRUNO, CHLOE, DAVID, EMMA]
REST = ["passer"] * 8 + ["valider"]  # the eight other categories, then confirm


async def stored(bot: Bot, user: str) -> list[tuple[str, int, str | None, dict[str, float | None]]]:
    agent, campaign = await bot.agent(user), await bot.campaign()
    assert agent is not None and campaign is not None
    async with bot.db.read() as session:
        rows = await session.participations.answers(campaign.id, agent.id)
    return [(r.category, r.position, r.tool, r.ratings) for r in rows if not r.skipped]


async def test_two_tools_are_stored_as_two_answers_in_their_order(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(
        ALICE, ["!evaluer", "Zoom et Teams", "8 6 9 7", "rien", "5 5 4 6,5", "lent"]
    )

    rows = await stored(campaign_bot, ALICE)

    criteria = ("efficacite", "cout", "securite", "assimilation")
    assert rows == [
        ("visioconference", 0, "Zoom", dict(zip(criteria, (8, 6, 9, 7), strict=True))),
        ("visioconference", 1, "Microsoft Teams", dict(zip(criteria, (5, 5, 4, 6.5), strict=True))),
    ]
    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))
    assert (
        "1. visioconférence : Zoom : 8 · 6 · 9 · 7 ; Microsoft Teams : 5 · 5 · 4 · 6,5"
        " — problème : « lent »"
    ) in shown


async def test_my_data_lists_each_tool_with_its_own_ratings(campaign_bot: Bot) -> None:
    await campaign_bot.say_all(ALICE, ["!evaluer", "Zoom 8 6 9 7 RAS, Teams 5 5 4 6 lent"])

    replies = await campaign_bot.say(ALICE, "!mesdonnees")

    attachment = replies[-1]
    assert isinstance(attachment, Attachment)
    answers = json.loads(attachment.data)["answers"]
    assert [(a["position"], a["tool"], a["problem"]) for a in answers] == [
        (0, "Zoom", None),
        (1, "Microsoft Teams", "lent"),
    ]
    assert answers[1]["ratings"] == {"efficacite": 5, "cout": 5, "securite": 4, "assimilation": 6}


async def five_answered(make_bot: MakeBot, answers: list[list[str]]) -> Bot:
    """Five agents, each through the whole evaluation with their own messages."""
    bot = await make_bot(population=FIVE, agents=FIVE)
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    for person, messages in zip(FIVE, answers, strict=True):
        await bot.say_all(person, ["!evaluer", *messages])
    return bot


async def five_with_two_tools(make_bot: MakeBot) -> Bot:
    """Five agents: all use Tchap, three also WhatsApp, in « messagerie instantanée »."""
    two = ["passer", "Tchap 8 8 9 6 RAS, WhatsApp 4 8 2 9 RAS", *["passer"] * 7, "valider"]
    one = ["passer", "Tchap 8 8 9 6 RAS", *["passer"] * 7, "valider"]
    return await five_answered(make_bot, [two, two, two, one, one])


async def test_each_tool_counts_in_the_ranking_and_in_the_fragmentation(
    make_bot: MakeBot,
) -> None:
    bot = await five_with_two_tools(make_bot)

    replies = await bot.say(ADMIN, "!rapport messagerie csv")

    (attachment,) = replies
    assert isinstance(attachment, Attachment)
    table = attachment.data.decode("utf-8-sig")
    assert "Tchap" in table
    report = said(await bot.say(ADMIN, "!rapport messagerie"))
    assert "• messagerie instantanée — Tchap — Répondants : 5" in report
    assert "équipes : 8,0 / 8,0 / 9,0 / 6,0" in report
    # WhatsApp: three users, under the threshold of five: counted but not detailed
    assert "WhatsApp" not in report
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    assert any("Tchap" in row for row in rows)
    campaign = await bot.campaign()
    assert campaign is not None
    async with bot.db.read() as session:
        status = await session.participations.status(campaign.id)
    assert status.finished.total() == 5


async def test_an_agent_with_two_tools_is_one_respondent_of_the_category(
    make_bot: MakeBot,
) -> None:
    both = ["Zoom 5 5 5 5 RAS, Teams 6 6 6 6 RAS", *["passer"] * 8, "valider"]
    bot = await five_answered(make_bot, [both] * 5)

    report = said(await bot.say(ADMIN, "!rapport visioconference"))

    assert "• visioconférence — Zoom — Répondants : 5 · Note globale : 5,0" in report
    assert "• visioconférence — Microsoft Teams — Répondants : 5 · Note globale : 6,0" in report
    assert "100 %" in report  # each of the two tools is used by every respondent


# --- the two bugs of issue 13 ----------------------------------------------------------------


async def test_back_after_a_modification_does_not_replace_another_category(
    campaign_bot: Bot,
) -> None:
    first_five = [
        "Teams 8 6 9 7 RAS", "WhatsApp 8 6 9 7 RAS", "Outlook 5 5 5 5 RAS",
        "Google Forms 6 6 6 6 RAS", "Doodle 7 7 7 7 RAS",
    ]  # fmt: skip
    await campaign_bot.say_all(ALICE, ["!evaluer", *first_five])
    await campaign_bot.say_all(ALICE, ["!modifier visioconférence", "Zoom 4 4 4 4 RAS"])
    before = await stored(campaign_bot, ALICE)

    back = said(await campaign_bot.say(ALICE, "retour"))
    skipped = said(await campaign_bot.say(ALICE, "passer"))

    assert "5/9 — sondage" in back and "Doodle" in back
    assert "6/9 — gestion de projet" in skipped
    assert await stored(campaign_bot, ALICE) == before
    shown = said(await campaign_bot.say(ALICE, "!mesreponses"))
    assert "2. messagerie instantanée : WhatsApp : 8 · 6 · 9 · 7" in shown
    assert "1. visioconférence : Zoom : 4 · 4 · 4 · 4" in shown


async def test_an_abandoned_modification_keeps_the_complete_answer_everywhere(
    make_bot: MakeBot,
) -> None:
    bot = await five_answered(make_bot, [["Teams 8 6 9 7 RAS", *REST]] * 5)
    before = await stored(bot, ALICE)

    await bot.say_all(ALICE, ["!modifier visioconférence", "Zoom", "8", "8"])  # then stops

    assert await stored(bot, ALICE) == before
    shown = said(await bot.say(ALICE, "!mesreponses"))
    assert "1. visioconférence : Microsoft Teams : 8 · 6 · 9 · 7" in shown
    report = said(await bot.say(ADMIN, "!rapport"))
    assert "• visioconférence — Microsoft Teams — Répondants : 5" in report
    assert "équipes : 8,0 / 6,0 / 9,0 / 7,0" in report
    campaign = await bot.campaign()
    assert campaign is not None
    async with bot.db.read() as session:
        status = await session.participations.status(campaign.id)
    assert status.finished.total() == 5, "still counted as finished"


# --- a database written by the previous version ----------------------------------------------


async def test_answers_of_the_previous_schema_survive_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    conn = await connect(path)
    try:
        await migrate(SqliteConnection(conn), target=7)
        await seed_version_7(conn)
        assert await migrate(SqliteConnection(conn)) >= 8
        async with conn.execute(
            "SELECT category, position, tool, problem, complete FROM category_answers"
            " ORDER BY category"
        ) as cursor:
            answers = [tuple(row) for row in await cursor.fetchall()]
        async with conn.execute(
            "SELECT category, position, criterion, value FROM ratings ORDER BY criterion"
        ) as cursor:
            ratings = [tuple(row) for row in await cursor.fetchall()]
        await conn.execute("DELETE FROM participations")  # erasure still cascades
        async with conn.execute("SELECT COUNT(*) FROM ratings") as cursor:
            left = await cursor.fetchone()
    finally:
        await conn.close()

    assert answers == [("agenda", 0, None, None, 1), ("visioconference", 0, "Zoom", "lent", 1)]
    assert ratings == [
        ("visioconference", 0, "cout", 6.0),
        ("visioconference", 0, "efficacite", 8.0),
    ]
    assert left == (0,)


async def seed_version_7(conn: aiosqlite.Connection) -> None:
    now = to_text(MONDAY_MORNING)
    statements = [
        ("INSERT INTO agents (id, user_id, created_at) VALUES (1, ?, ?)", (ALICE, now)),
        (
            "INSERT INTO campaigns (id, title, opened_by, opened_at) VALUES (1, 'T', ?, ?)",
            (ADMIN, now),
        ),
        (
            "INSERT INTO participations (campaign_id, agent_id, updated_at) VALUES (1, 1, ?)",
            (now,),
        ),
        (
            "INSERT INTO category_answers (campaign_id, agent_id, category, tool, problem,"
            " complete, updated_at) VALUES (1, 1, 'visioconference', 'Zoom', 'lent', 1, ?)",
            (now,),
        ),
        (
            "INSERT INTO category_answers (campaign_id, agent_id, category, needed, complete,"
            " updated_at) VALUES (1, 1, 'agenda', 1, 1, ?)",
            (now,),
        ),
        (
            "INSERT INTO ratings (campaign_id, agent_id, category, criterion, value)"
            " VALUES (1, 1, 'visioconference', 'efficacite', 8), (1, 1, 'visioconference',"
            " 'cout', 6)",
            (),
        ),
    ]
    for sql, parameters in statements:
        await conn.execute(sql, parameters)
