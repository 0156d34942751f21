"""The retention period (bot/jobs/retention.py): a campaign closed longer ago than
`retention_days` keeps its report and loses its raw answers, the agents' words first."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

import pytest

from conversations.formatting import Reply
from tests.support.kit import readable
from tests.unit.bot.handlers import test_privacy as privacy
from tests.unit.bot.handlers.test_privacy import (
    ADMIN,
    ALICE,
    BRUNO,
    MONDAY_MORNING,
    PEOPLE,
    WHOLE_EVALUATION,
    Bot,
    MakeBot,
    Outgoing,
    database_files_holding,
    said,
    texts,
)

# The privacy tests' fixtures, shared (a fixture is found by its name in the module).
make_bot = privacy.make_bot
bot = privacy.bot

# --- retention ---------------------------------------------------------------------------------


async def closed_campaign(bot: Bot) -> None:
    """Campaign 1, answered by Alice and Bruno with the same tools, closed on Monday."""
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    for person in PEOPLE:
        await bot.say_all(person, ["!evaluer", *WHOLE_EVALUATION])
    await bot.say(ADMIN, "!campagne fermer")


async def raw_rows(bot: Bot) -> tuple[int, int, int]:
    """Category answers, ratings, and conversation states of campaign 1."""
    return (
        await bot.count("SELECT COUNT(*) FROM category_answers WHERE campaign_id = 1"),
        await bot.count("SELECT COUNT(*) FROM ratings WHERE campaign_id = 1"),
        await bot.count(
            "SELECT COUNT(*) FROM participations WHERE campaign_id = 1 AND state IS NOT NULL"
        ),
    )


@pytest.fixture
async def small_bot(make_bot: MakeBot) -> Bot:
    """Two agents and a threshold of two, so that the report shows figures."""
    return await make_bot(anonymity_threshold=2)


async def test_a_campaign_closed_364_days_ago_keeps_its_answers(small_bot: Bot) -> None:
    await closed_campaign(small_bot)
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=364)

    assert await small_bot.retention() == 0

    assert await raw_rows(small_bot) == (18, 72, 2)
    async with small_bot.db.read() as session:
        assert await session.privacy.snapshot(1) is None


async def test_a_campaign_closed_366_days_ago_loses_its_answers_once(small_bot: Bot) -> None:
    await closed_campaign(small_bot)
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)

    assert await small_bot.retention() == 1

    assert await raw_rows(small_bot) == (0, 0, 0)
    assert await small_bot.count("SELECT COUNT(*) FROM participations WHERE campaign_id = 1") == 2
    async with small_bot.db.read() as session:
        snapshot = await session.privacy.snapshot(1)
    assert snapshot is not None
    assert snapshot.made_at == MONDAY_MORNING + timedelta(days=366)
    assert readable(snapshot.plain).startswith("Rapport — campagne n° 1 « Outils 2027 »")
    small_bot.clock.moment += timedelta(days=1)
    assert await small_bot.retention() == 0
    async with small_bot.db.read() as session:
        again = await session.privacy.snapshot(1)
    assert again == snapshot
    mine = said(await small_bot.say(ALICE, "!mesreponses"))
    assert mine == (
        "Vos réponses à la campagne « Outils 2027 » ont été effacées à la fin de la durée de "
        "conservation prévue ; seul le rapport d'ensemble, anonyme, a été gardé."
    )


async def test_the_report_of_a_purged_campaign_is_the_one_kept_with_a_note(
    small_bot: Bot,
) -> None:
    await closed_campaign(small_bot)
    (before,) = await small_bot.manager_report("campagne=1")
    assert isinstance(before, Reply)
    assert "Zoom — Répondants : 2 · Note globale : 7,5" in readable(before.plain)
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)
    await small_bot.retention()

    for args in ["campagne=1", ""]:
        replies = await small_bot.manager_report(args)
        assert len(replies) == 2
        kept, note = replies
        assert isinstance(kept, Reply) and isinstance(note, Reply)
        assert (kept.plain, kept.html) == (before.plain, before.html)
        assert readable(note.plain) == (
            "Rapport conservé le 17/11/2027 : les réponses détaillées de cette campagne ont été "
            "effacées au bout de 366 jours, comme prévu ; seul ce rapport d'ensemble reste "
            "(sans filtre ni fichier)."
        )


@pytest.mark.parametrize(
    "args", ["campagne=1 csv", "campagne=1 ods", "campagne=1 agenda", "campagne=1 graphique"]
)
async def test_a_purged_campaign_gives_only_the_note_for_a_filter_or_a_file(
    small_bot: Bot, args: str
) -> None:
    await closed_campaign(small_bot)
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)
    await small_bot.retention()

    replies = await small_bot.manager_report(args)

    assert len(replies) == 1 and isinstance(replies[0], Reply)
    assert replies[0].plain.startswith("Rapport conservé le 17/11/2027")
    assert "Zoom" not in replies[0].plain


async def test_a_purged_campaign_with_a_service_gives_only_the_note(make_bot: MakeBot) -> None:
    bot = await make_bot(anonymity_threshold=2, services=["Culture"])
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    for person in PEOPLE:
        await bot.say_all(person, ["!evaluer", "Culture", *WHOLE_EVALUATION])
    await bot.say(ADMIN, "!campagne fermer")
    bot.clock.moment = MONDAY_MORNING + timedelta(days=366)
    await bot.retention()

    assert await bot.count("SELECT COUNT(*) FROM participations WHERE service IS NOT NULL") == 0
    replies = await bot.manager_report("campagne=1 service=Culture")
    assert [shown[:25] for shown in texts(replies)] == ["Rapport conservé le 17/11"]


async def test_an_open_campaign_is_never_purged(small_bot: Bot) -> None:
    await small_bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await small_bot.say_all(ALICE, ["!evaluer", *WHOLE_EVALUATION])
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=3000)

    assert await small_bot.retention() == 0

    assert await raw_rows(small_bot) == (9, 36, 1)


async def two_problems_closed(bot: Bot) -> list[Outgoing]:
    """Alice and Bruno rate Zoom's effectiveness low and say why; the campaign closes.
    Returns the report a manager read before the purge."""
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", "Zoom", "2 6 9 7", "le son coupe"])
    await bot.say_all(BRUNO, ["!evaluer", "Zoom", "3 6 9 7", "micro muet"])
    await bot.say(ADMIN, "!campagne fermer")
    return await bot.manager_report("campagne=1")


async def test_after_retention_nothing_stored_repeats_an_answer_or_a_comment(
    small_bot: Bot,
) -> None:
    await two_problems_closed(small_bot)
    stored = await small_bot.everything_stored()
    assert "le son coupe" in stored and "micro muet" in stored
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)

    assert await small_bot.retention() == 1

    stored = await small_bot.everything_stored()
    for words in ["le son coupe", "micro muet", "efficacité 2, coût 6"]:
        assert words not in stored


@pytest.mark.sqlite
async def test_after_retention_no_file_of_the_open_database_holds_an_answer(
    small_bot: Bot, tmp_path: Path
) -> None:
    problem = f"zorglub{secrets.token_hex(4)}"
    await small_bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await small_bot.say_all(ALICE, ["!evaluer", "Zoom", "2 6 9 7", f"le son coupe {problem}"])
    await small_bot.say_all(BRUNO, ["!evaluer", "Zoom", "3 6 9 7", "micro muet"])
    await small_bot.say(ADMIN, "!campagne fermer")
    assert problem in said(await small_bot.manager_report("campagne=1"))  # a copy, sent
    # Answers that stay, in the same pages as those purged.
    await small_bot.say(ADMIN, "!campagne ouvrir Outils 2028")
    await small_bot.say_all(BRUNO, ["!evaluer", "Zoom", "3 6 9 7", "toujours muet"])
    assert database_files_holding(tmp_path, problem)
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)

    assert await small_bot.retention() == 1

    assert database_files_holding(tmp_path, problem) == []
    assert database_files_holding(tmp_path, "toujours muet") == ["h0.db"]


async def test_the_report_kept_has_the_figures_but_not_the_agents_words(small_bot: Bot) -> None:
    (before,) = await two_problems_closed(small_bot)
    assert isinstance(before, Reply)
    shown = readable(before.plain)
    problem = (
        "PROBLÈMES\n• visioconférence — Outil : Zoom · Critère le plus faible : efficacité · "
        "Sous le seuil : efficacité · Commentaires : "
    )
    assert problem in shown and "le son coupe" in shown
    small_bot.clock.moment = MONDAY_MORNING + timedelta(days=366)
    await small_bot.retention()

    kept, _ = await small_bot.manager_report("campagne=1")

    assert isinstance(kept, Reply)
    assert readable(kept.plain) == re.sub(f"({re.escape(problem)}).*", r"\1—", shown)
    assert "• visioconférence — Zoom — Répondants : 2 · Note globale : 6,1" in readable(kept.plain)
    assert "équipes : 2,5 / 6,0 / 9,0 / 7,0" in readable(kept.plain)
    for words in ["le son coupe", "micro muet"]:
        assert words not in kept.plain and words not in kept.html
