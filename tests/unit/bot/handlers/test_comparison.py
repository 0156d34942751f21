"""`!rapport comparaison` for a commune's managers, through the real handlers and one
database shared by the communes of a structure: their position among the others, never
another commune's name or score; the scores it reads frozen with each commune's release."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.benchmark import load_scores
from storage import Database
from tests.unit.bot.handlers.driver import ADMIN, ALICE, MakeBot, said
from tests.unit.bot.handlers.structure_kit import (
    NAMES,
    SCORES,
    VISIO,
    Structure,
    admin,
    agents,
    manager,
    structure_config,
    structure_of,
)
from tests.unit.conftest import OpenDatabase

OTHERS = [key for key in SCORES if key != "plouzane"]


def other_scores() -> set[str]:
    """The other communes' scores as a French message would write them: "4,0", "6,5"…"""
    return {f"{SCORES[key]:.1f}".replace(".", ",") for key in OTHERS}


def assert_nothing_of_the_others(shown: str) -> None:
    for key in OTHERS:
        assert key not in shown.lower()
        assert NAMES[key].lower() not in shown.lower()
    for score in other_scores():
        assert score not in shown


async def published(tmp_path: Path, db: Database, *, threshold: int = 5) -> Structure:
    structure = await structure_of(
        structure_config(tmp_path, list(SCORES), threshold=threshold), db
    )
    for key, score in SCORES.items():
        await structure.publish(key, score)
    return structure


@pytest.fixture
async def structure(tmp_path: Path, open_database: OpenDatabase) -> Structure:
    """Seven communes of one structure, each with its results published."""
    return await published(tmp_path, await open_database())


# --- the freeze --------------------------------------------------------------------------------


async def test_the_first_report_of_a_closed_campaign_freezes_its_scores_under_the_key(
    structure: Structure,
) -> None:
    async with structure.communes["plouzane"].db.read() as session:
        kept = await session.benchmark.kept()
        campaign = await session.campaigns.latest()

    assert kept is not None and campaign is not None and kept.campaign_id == campaign.id
    scores = load_scores(kept.scores)
    # The name in the JSON is the key: the names shown come from the registered ones.
    assert (scores.key, scores.name) == ("plouzane", "plouzane")
    overall = scores.figure(VISIO)
    assert overall is not None and (overall.value, overall.respondents) == (7.0, 5)


async def test_an_open_campaign_freezes_no_scores(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    structure = await structure_of(structure_config(tmp_path, ["plouzane"]), await open_database())
    await structure.publish("plouzane", 7.0, closed=False)
    commune = structure.communes["plouzane"]

    await commune.say(admin("plouzane"), "!rapport")

    async with commune.db.read() as session:
        assert await session.benchmark.kept() is None


async def test_an_erasure_after_the_freeze_moves_neither_the_scores_nor_the_position(
    structure: Structure,
) -> None:
    commune = structure.communes["plouzane"]
    before = said(await commune.say(manager("plouzane"), "!rapport comparaison visio"))
    async with commune.db.read() as session:
        kept_before = await session.benchmark.kept()

    gone = agents("plouzane")[0]
    await commune.say(gone, "!oublier")
    await commune.say(gone, "!oublier confirmer")

    async with commune.db.read() as session:
        assert await session.agents.get(gone) is None  # erased indeed
        assert await session.benchmark.kept() == kept_before
    assert said(await commune.say(manager("plouzane"), "!rapport comparaison visio")) == before


# --- what a commune's managers read ----------------------------------------------------------


async def test_a_manager_reads_the_communes_position_and_nothing_of_the_others(
    structure: Structure,
) -> None:
    replies = await structure.communes["plouzane"].say(manager("plouzane"), "!rapport comparaison")

    shown = said(replies)
    assert shown.startswith("Votre commune parmi les communes comparables — Commune de Plouzane")
    assert (
        "Visioconférence : 7,0/10, au-dessus de 66 % des communes comparables (6 communes)" in shown
    )
    assert "Messagerie instantanée : pas de note pour votre commune" in shown
    assert_nothing_of_the_others(shown)
    assert_nothing_of_the_others("\n".join(reply.html for reply in replies))


async def test_the_lowest_and_the_highest_commune_each_read_their_own_position(
    structure: Structure,
) -> None:
    lowest = said(await structure.communes["brest"].say(manager("brest"), "!rapport comparaison"))
    highest = said(
        await structure.communes["douarnenez"].say(admin("douarnenez"), "!rapport comparaison")
    )

    assert (
        "Visioconférence : 4,0/10, au niveau le plus bas des communes comparables (6 communes)"
        in lowest
    )
    assert (
        "Visioconférence : 9,0/10, au-dessus de toutes les communes comparables (6 communes)"
        in highest
    )
    assert "Plouzane" not in lowest + highest and "7,0" not in lowest + highest


async def test_one_category_shows_the_position_of_each_criterion(structure: Structure) -> None:
    shown = said(
        await structure.communes["plouzane"].say(manager("plouzane"), "!rapport comparaison visio")
    )

    for criterion in ("efficacité", "coût", "sécurité", "assimilation par les équipes"):
        assert (
            f"Visioconférence, {criterion} : 7,0/10, au-dessus de 66 % des communes comparables"
            in shown
        )
    assert "Messagerie" not in shown
    assert_nothing_of_the_others(shown)


async def test_the_comparison_is_answered_in_the_management_room(structure: Structure) -> None:
    shown = said(
        await structure.in_management_room("plouzane", manager("plouzane"), "!rapport comparaison")
    )

    assert "au-dessus de 66 % des communes comparables" in shown


async def test_fewer_others_than_the_structures_threshold_give_no_position(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    structure = await published(tmp_path, await open_database(), threshold=7)  # 6 others

    shown = said(
        await structure.communes["plouzane"].say(manager("plouzane"), "!rapport comparaison")
    )

    assert (
        "Visioconférence : 7,0/10, pas assez de communes comparables (il en faut au moins 7)"
        in shown
    )
    assert "au-dessus" not in shown and "plus bas" not in shown
    assert_nothing_of_the_others(shown)


async def test_a_commune_without_published_results_is_told_there_is_nothing_to_compare(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    structure = await structure_of(
        structure_config(tmp_path, [*SCORES, "pencran"]), await open_database()
    )
    for key, score in SCORES.items():
        await structure.publish(key, score)
    await structure.publish("pencran", 5.5, closed=False)  # still open

    shown = said(
        await structure.communes["pencran"].say(manager("pencran"), "!rapport comparaison")
    )

    assert "Votre commune n'a pas encore de résultats publiés : il n'y a rien à comparer." in shown
    assert_nothing_of_the_others(shown)


async def test_an_unknown_category_is_answered_with_the_categories_there_are(
    structure: Structure,
) -> None:
    shown = said(
        await structure.communes["plouzane"].say(manager("plouzane"), "!rapport comparaison xyz")
    )

    assert shown.startswith("Je ne connais pas la catégorie « xyz ». Catégories : visioconférence")


async def test_an_agent_never_gets_the_comparison(structure: Structure) -> None:
    shown = said(
        await structure.communes["plouzane"].say(agents("plouzane")[1], "!rapport comparaison")
    )

    assert "réservée aux encadrants" in shown
    assert "7,0" not in shown and "communes comparables" not in shown


async def test_in_english_the_comparison_uses_the_english_words(structure: Structure) -> None:
    commune = structure.communes["plouzane"]
    await commune.say(manager("plouzane"), "!langue en")

    shown = said(await commune.say(manager("plouzane"), "!report comparison"))

    assert "Video conferencing: 7.0/10, above 66% of comparable municipalities" in shown


# --- a single commune ----------------------------------------------------------------------


async def test_a_single_communes_installation_says_there_is_nothing_to_compare_with(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot()

    shown = said(await bot.say(ADMIN, "!rapport comparaison"))

    assert shown == (
        "Cette installation d'Harmonie ne sert qu'une collectivité, la Commune de "
        "Saint-Exemple : il n'y en a aucune autre à laquelle la comparer. La comparaison "
        "existe quand une structure (un centre de gestion, une intercommunalité) sert "
        "plusieurs communes avec la même installation."
    )
    assert "réservée" in said(await bot.say(ALICE, "!rapport comparaison"))
