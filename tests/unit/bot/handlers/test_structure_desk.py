"""The structure's desk: its staff read the benchmark of every commune, named as the communes'
bots registered them, in messages that each fit a Matrix event; anything else gets the
welcome, never a commune's command."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.desks import Desks
from bot.handlers.context import Incoming
from bot.handlers.structure import MESSAGE_BUDGET, size
from bot.tenants import TenantRouter
from conversations.formatting import Reply
from scoring.benchmark import Figure, OrganisationScores, dump_scores
from tests.unit.bot.handlers.driver import said
from tests.unit.bot.handlers.structure_kit import (
    BOT,
    CRITERIA,
    NAMES,
    SCORES,
    STAFF,
    STRUCTURE,
    VISIO,
    Structure,
    admin,
    manager,
    structure_config,
    structure_of,
)
from tests.unit.conftest import OpenDatabase

WELCOME = (
    "Bonjour ! Vous faites partie de l'équipe du Centre de gestion du Finistère. Tapez "
    "!rapport comparaison pour comparer les communes qui ont publié leurs résultats, ou "
    "!rapport comparaison <catégorie> pour une seule catégorie."
)


@pytest.fixture
async def structure(tmp_path: Path, open_database: OpenDatabase) -> Structure:
    """Seven communes of one structure, each with its results published."""
    structure = await structure_of(structure_config(tmp_path, list(SCORES)), await open_database())
    for key, score in SCORES.items():
        await structure.publish(key, score)
    return structure


async def test_the_staff_read_every_commune_named_with_its_score_and_rank(
    structure: Structure,
) -> None:
    replies = await structure.staff_says("!rapport comparaison")

    (reply,) = replies
    shown = said(replies)
    assert shown.startswith(f"Comparaison des communes — {STRUCTURE}")
    assert "• Note globale — Communes : 7 · 1er quartile : 5,5 · Médiane : 6,5" in shown
    assert "• Commune de Douarnenez — Répondants : 5 · Note globale : 9,0 · Rang : 1 sur 7" in shown
    assert "• Commune de Plouzane — Répondants : 5 · Note globale : 7,0 · Rang : 3 sur 7" in shown
    assert "• Commune de Brest — Répondants : 5 · Note globale : 4,0 · Rang : 7 sur 7" in shown
    assert "<td>Commune de Plouzane</td>" in reply.html
    assert size(reply) <= MESSAGE_BUDGET


async def test_one_category_limits_the_staffs_message_to_it(structure: Structure) -> None:
    shown = said(await structure.staff_says("!rapport comparaison agenda"))

    # Nobody answered the shared calendar: nothing compared, every commune named as such.
    assert shown.endswith(
        "Agenda partagé : pas assez de communes comparables (0 commune a une note, il en faut "
        "au moins 5)."
    )
    assert "Sans aucune note comparée ici : Commune de Brest, Commune de Crozon," in shown
    assert "Visioconférence" not in shown and "VISIOCONFÉRENCE" not in shown


async def test_the_names_shown_are_the_registered_ones_not_those_in_the_frozen_scores(
    structure: Structure,
) -> None:
    async with structure.db.scoped("brest", BOT).transaction() as session:
        await session.benchmark.register("Brest Métropole", structure.now + timedelta(days=1))

    shown = said(await structure.staff_says("!rapport comparaison visio"))

    assert "• Brest Métropole — Répondants : 5 · Note globale : 4,0" in shown
    assert "Commune de Brest" not in shown


async def test_below_the_threshold_the_staff_see_no_distribution_and_no_rank(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    structure = await structure_of(
        structure_config(tmp_path, list(SCORES), threshold=8), await open_database()
    )
    for key, score in SCORES.items():
        await structure.publish(key, score)

    shown = said(await structure.staff_says("!rapport comparaison visio"))

    assert shown.endswith(
        "Visioconférence : pas assez de communes comparables (7 communes ont une note, il en "
        "faut au moins 8)."
    )
    assert "Médiane" not in shown and "Rang" not in shown
    assert not {"4,0", "7,0", "9,0"} & set(re.findall(r"\d,\d", shown))


async def test_before_any_commune_publishes_the_staff_are_told_so(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    structure = await structure_of(structure_config(tmp_path, list(SCORES)), await open_database())
    await structure.publish("plouzane", 7.0, closed=False)

    assert said(await structure.staff_says("!rapport comparaison")) == (
        "Aucune commune n'a encore publié de résultats : il n'y a rien à comparer."
    )


async def test_an_unknown_category_is_answered_with_the_categories_there_are(
    structure: Structure,
) -> None:
    shown = said(await structure.staff_says("!rapport comparaison piscine"))

    assert shown.startswith("Je ne connais pas la catégorie « piscine ». Catégories : ")
    assert "visioconférence" in shown and "Plouzane" not in shown


@pytest.mark.parametrize(
    "body",
    ["!aide", "!help", "Bonjour", "!rapport", "!rapport choix", "!campagne ouvrir Outils 2028",
     "!campagne statut", "!évaluer", "!mesdonnées", "!oublier confirmer", "!rapport csv"],
)  # fmt: skip
async def test_anything_but_the_comparison_gets_the_welcome_and_runs_no_communes_command(
    structure: Structure, body: str
) -> None:
    replies = await structure.staff_says(body)

    assert said(replies) == WELCOME
    async with structure.db.read() as session:
        assert await session.agents.get(STAFF) is None
        assert await session.campaigns.all() == []  # the default tenant: nothing opened


async def test_the_desk_answers_no_one_but_the_staff_and_only_in_a_dm(
    structure: Structure,
) -> None:
    stranger = said(await structure.staff_says("!rapport comparaison", "@inconnu:example.org"))
    commune_admin = said(await structure.staff_says("!rapport comparaison", admin("brest")))

    assert stranger.startswith("Bonjour ! Je suis Harmonie, l'assistant du Centre de gestion")
    assert commune_admin == stranger
    assert "Commune de" not in stranger
    assert await structure.staff_says("!rapport comparaison", direct=False) == []


async def test_the_english_words_of_the_command_are_understood(structure: Structure) -> None:
    shown = said(await structure.staff_says("!report comparison visio"))

    assert "Commune de Plouzane — Répondants : 5 · Note globale : 7,0" in shown


async def test_a_communes_manager_never_reaches_the_staffs_view(structure: Structure) -> None:
    """The same command from a commune's side gives its position only."""
    shown = said(
        await structure.communes["plouzane"].say(manager("plouzane"), "!rapport comparaison")
    )

    assert "Rang" not in shown and NAMES["brest"] not in shown


async def test_behind_the_desks_the_staff_reach_the_desk_and_a_manager_their_commune(
    structure: Structure,
) -> None:
    chats = {key: commune.conversations for key, commune in structure.communes.items()}
    router = TenantRouter(structure.config, {}, lambda room: frozenset())
    desks = Desks(structure.config, chats, router, lambda room, user: None, structure.desk)

    async def say(sender: str, body: str) -> str:
        incoming = Incoming(sender, "!dm:example.org", body, True)
        async with structure.db.transaction() as session:
            return said([r for r in await desks.handle(session, incoming) if isinstance(r, Reply)])

    staff = await say(STAFF, "!rapport comparaison visio")
    commune = await say(manager("plouzane"), "!rapport comparaison visio")

    assert "• Commune de Brest — Répondants : 5 · Note globale : 4,0 · Rang : 7 sur 7" in staff
    assert "Visioconférence : 7,0/10, au-dessus de 66 % des communes comparables" in commune
    assert "Brest" not in commune and "Rang" not in commune


# --- a hundred communes --------------------------------------------------------------------


def scores_of(index: int) -> OrganisationScores:
    """A commune's frozen scores in every category, as a release would freeze them."""
    figures = []
    for category in (VISIO, "messagerie", "agenda", "questionnaire", "sondage",
                     "gestion_projet", "reservation", "planification", "ged"):  # fmt: skip
        value = round(3 + (index * 37 % 61) / 10, 1)
        figures.append(Figure(category, None, value, 12))
        figures += [Figure(category, c, round(value - 0.5, 1), 12) for c in CRITERIA]
    return OrganisationScores(f"c{index}", f"c{index}", tuple(figures))


@pytest.fixture
async def hundred(tmp_path: Path, open_database: OpenDatabase) -> Structure:
    # One commune configured is enough: the desk reads what the hundred froze.
    structure = await structure_of(structure_config(tmp_path, ["c0"]), await open_database())
    for index in range(100):
        async with structure.db.scoped(f"c{index}", BOT).transaction() as session:
            # A long name, as some are: « Commune nouvelle de … ».
            await session.benchmark.register(
                f"Commune nouvelle de Saint-Exemple-sur-Mer-et-Vallée n° {index}", structure.now
            )
            campaign = await session.campaigns.open("2027", "@dgs:x", None, structure.now)
            await session.campaigns.close(campaign.id, structure.now)
            await session.benchmark.keep(campaign.id, dump_scores(scores_of(index)), structure.now)
    return structure


def communes_in(replies: list[Reply]) -> list[str]:
    return re.findall(r"Saint-Exemple-sur-Mer-et-Vallée n° (\d+) —", said(replies))


async def test_a_hundred_communes_come_in_messages_that_each_fit_a_matrix_event(
    hundred: Structure,
) -> None:
    replies = await hundred.staff_says("!rapport comparaison")

    assert len(replies) > 9  # one category does not fit one message either
    assert all(size(reply) <= MESSAGE_BUDGET for reply in replies)
    # Each category in turn, each commune once in each: nine times a hundred rows.
    assert sorted(communes_in(replies)) == sorted(str(n) for n in range(100) for _ in range(9))
    first = said(replies[:1])
    assert "VISIOCONFÉRENCE — PAR COMMUNE (1 À " in first and "SUR 100)" in first


async def test_one_category_of_a_hundred_communes_comes_in_parts_of_even_length(
    hundred: Structure,
) -> None:
    replies = await hundred.staff_says("!rapport comparaison visio")

    assert len(replies) >= 2
    assert all(size(reply) <= MESSAGE_BUDGET for reply in replies)
    assert all("MESSAGERIE" not in reply.plain for reply in replies)
    counts = [len(communes_in([reply])) for reply in replies]
    assert sum(counts) == 100 and max(counts) - min(counts) <= 1
    assert sorted(communes_in(replies)) == sorted(str(n) for n in range(100))
