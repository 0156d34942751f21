"""What a manager can read of a campaign over time (docs/privacy.md): an open campaign shows
its participation only, a closed one shows figures frozen when first shown — so that no two
reports differ by one agent's answers — and an erased comment is gone from them all."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.config import parse_config
from bot.handlers.context import Incoming
from bot.wiring import conversations as build_conversations
from conversations.formatting import Attachment, Reply
from tests.support.kit import Counter, SettableClock
from tests.unit.bot.handlers.driver import (
    ADMIN,
    ALICE,
    BRUNO,
    CHLOE,
    DAVID,
    EMMA,
    MONDAY_MORNING,
    ONE_CATEGORY,
    WHOLE_EVALUATION,
    Bot,
    MakeBot,
    config_data,
    said,
)
from tests.unit.conftest import OpenDatabase

FIVE = [ALICE, BRUNO, CHLOE, DAVID, EMMA]
SECRET = "zorglub7f3a"  # a word only Alice wrote


def evaluation(problem: str) -> list[str]:
    """The whole evaluation, the first category with `problem` as its comment."""
    return ["1", "8 6 9 7", problem, *ONE_CATEGORY * 8, "valider"]


@pytest.fixture
async def bot(tmp_path: Path, open_database: OpenDatabase) -> Bot:
    """Five agents of Culture answered; the default setting: results at the close."""
    organisation: dict[str, Any] = {"agents": FIVE, "services": ["Culture", "Voirie"]}
    config = parse_config(
        {**(data := config_data(**organisation)), "organisation": {
            **data["organisation"], "live_results": False}},
        source="t.toml", base_dir=tmp_path, environ={},
    )  # fmt: skip
    assert not config.organisation.live_results
    clock = SettableClock(MONDAY_MORNING)
    conversations = build_conversations(config, clock, lambda: FIVE, Counter())
    bot = Bot(await open_database(), conversations, clock, Counter())
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    for person in FIVE:
        problem = f"micro qui coupe {SECRET}" if person == ALICE else "rien"
        await bot.say_all(person, ["!evaluer", "1", *evaluation(problem)])
    return bot


def assert_same_but_the_comment(before: str, after: str) -> None:
    """Every line as it was, but the one that held Alice's comment, which no longer does."""
    assert SECRET not in after
    lines_before, lines_after = before.splitlines(), after.splitlines()
    (commented,) = [i for i, line in enumerate(lines_before) if SECRET in line]
    assert len(lines_after) == len(lines_before)
    assert [line for i, line in enumerate(lines_after) if i != commented] == [
        line for i, line in enumerate(lines_before) if i != commented
    ]


def csv_of(replies: list[Reply | Attachment]) -> bytes:
    (attachment,) = replies
    assert isinstance(attachment, Attachment)
    return attachment.data


async def test_an_open_campaign_shows_its_participation_and_no_figure_by_default(bot: Bot) -> None:

    shown = said(await bot.say(ADMIN, "!rapport"))

    assert "Les résultats paraîtront à la clôture de la campagne" in shown
    assert "Zoom" not in shown and SECRET not in shown
    assert "Culture" in shown  # the participation, per service
    exported = csv_of(await bot.say(ADMIN, "!rapport csv")).decode("utf-8-sig").splitlines()
    assert len(exported) == 1 and exported[0].startswith("Catégorie;Outil")  # no row


async def test_once_closed_the_figures_are_shown_and_frozen_and_an_erased_comment_is_gone(
    bot: Bot,
) -> None:
    await bot.say(ADMIN, "!campagne fermer")

    before = said(await bot.say(ADMIN, "!rapport"))
    before_csv = csv_of(await bot.say(ADMIN, "!rapport csv"))
    assert "Zoom" in before and SECRET in before

    await bot.say(ALICE, "!oublier")
    await bot.say(ALICE, "!oublier confirmer")

    after = said(await bot.say(ADMIN, "!rapport"))
    # Five answers made the figures; had they become four, the difference would be
    # Alice's ratings. They stay as first shown; her words are gone.
    assert_same_but_the_comment(before, after)
    assert csv_of(await bot.say(ADMIN, "!rapport csv")) == before_csv
    ods = next(r for r in await bot.say(ADMIN, "!rapport ods") if isinstance(r, Attachment)).data
    with zipfile.ZipFile(io.BytesIO(ods)) as archive:
        assert SECRET.encode() not in archive.read("content.xml")


async def test_a_service_report_of_a_closed_campaign_comes_from_the_same_frozen_release(
    bot: Bot,
) -> None:
    await bot.say(ADMIN, "!campagne fermer")
    culture = said(await bot.say(ADMIN, "!rapport service=Culture"))
    await bot.say(ALICE, "!oublier")
    await bot.say(ALICE, "!oublier confirmer")

    assert_same_but_the_comment(culture, said(await bot.say(ADMIN, "!rapport service=Culture")))


# --- !rapport ----------------------------------------------------------------------------------


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
