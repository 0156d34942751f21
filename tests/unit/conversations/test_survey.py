"""The survey as data: the default catalogue, its validation, finding a category by name."""

from __future__ import annotations

import pytest

from conversations.survey import (
    DEFAULT_SURVEY,
    Category,
    Criterion,
    Survey,
    SurveyError,
    normalise,
)
from conversations.texts import Language

VISIO = Category("visio", "visioconférence", "video conferencing", ("Zoom", "Jitsi"))
AGENDA = Category("agenda", "agenda partagé", "shared calendar", ("Zimbra",))
EFFICACY = Criterion("efficacite", "efficacité", "effectiveness")
COST = Criterion("cout", "coût", "cost")


# --- the default catalogue -------------------------------------------------------------------


def test_default_categories_follow_the_method_order() -> None:
    assert [c.name_fr for c in DEFAULT_SURVEY.categories] == [
        "visioconférence",
        "messagerie instantanée",
        "agenda partagé",
        "questionnaire",
        "sondage",
        "gestion de projet",
        "réservation de matériel ou de salle",
        "planification de tâches",
        "gestion électronique des documents (GED)",
    ]


def test_default_criteria_are_the_four_of_the_method_in_order_with_equal_weights() -> None:
    names = [c.name_fr for c in DEFAULT_SURVEY.criteria]
    assert names[:3] == ["efficacité", "coût", "sécurité"]
    assert names[3].startswith("assimilation")
    assert len(names) == 4
    assert {c.weight for c in DEFAULT_SURVEY.criteria} == {1.0}


@pytest.mark.parametrize("category", DEFAULT_SURVEY.categories, ids=lambda c: c.key)
def test_each_default_category_offers_known_tools_and_an_english_name(category: Category) -> None:
    assert len(category.tools) >= 3
    assert all(tool.strip() == tool and tool for tool in category.tools)
    assert category.name_en
    assert category.name_en != category.name_fr


def test_video_conferencing_lists_the_tools_named_in_the_product() -> None:
    assert DEFAULT_SURVEY.categories[0].tools == (
        "Zoom",
        "Microsoft Teams",
        "Google Meet",
        "Jitsi",
        "Webconf de l'État",
        "Visio Tchap",
    )


def test_default_survey_asks_no_service_unless_configured() -> None:
    assert DEFAULT_SURVEY.services == ()


@pytest.mark.parametrize(
    ("language", "category_name", "criterion_name"),
    [("fr", "visioconférence", "efficacité"), ("en", "video conferencing", "effectiveness")],
)
def test_names_are_given_in_the_agent_language(
    language: Language, category_name: str, criterion_name: str
) -> None:
    assert DEFAULT_SURVEY.categories[0].name(language) == category_name
    assert DEFAULT_SURVEY.criteria[0].name(language) == criterion_name


def test_category_by_key_and_unknown_key() -> None:
    assert DEFAULT_SURVEY.category("ged").name_fr.endswith("(GED)")
    with pytest.raises(KeyError):
        DEFAULT_SURVEY.category("fax")


# --- validation when the survey is built -----------------------------------------------------


@pytest.mark.parametrize(
    ("categories", "criteria", "message"),
    [
        ((), (EFFICACY,), "at least one category"),
        ((VISIO,), (), "at least one criterion"),
        ((VISIO, Category("visio", "autre", "other", ("X",))), (EFFICACY,), "'visio'"),
        ((VISIO,), (EFFICACY, Criterion("efficacite", "e", "e")), "'efficacite'"),
        (
            (Category("visio", "v", "v", ("Zoom", "zoom")),),
            (EFFICACY,),
            "tool of visio 'zoom' appears twice",
        ),
        (
            (Category("visio", "v", "v", ("Webconf de l'État", "WEBCONF  de l'etat")),),
            (EFFICACY,),
            "appears twice",
        ),
        ((VISIO,), (Criterion("cout", "coût", "cost", weight=0),), "weight must be positive"),
        ((VISIO,), (Criterion("cout", "coût", "cost", weight=-1.5),), "weight must be positive"),
    ],
    ids=[
        "no category",
        "no criterion",
        "duplicate category",
        "duplicate criterion",
        "same tool in another case",
        "same tool without accents",
        "zero weight",
        "negative weight",
    ],
)
def test_an_inconsistent_survey_is_refused_when_built(
    categories: tuple[Category, ...], criteria: tuple[Criterion, ...], message: str
) -> None:
    with pytest.raises(SurveyError, match=message):
        Survey(categories, criteria)


def test_the_same_tool_may_appear_in_two_categories() -> None:
    teams_twice = (
        Category("visio", "visioconférence", "video", ("Microsoft Teams",)),
        Category("messagerie", "messagerie", "messaging", ("Microsoft Teams",)),
    )
    assert len(Survey(teams_twice, (EFFICACY,)).categories) == 2


def test_a_valid_small_survey_keeps_what_it_was_given() -> None:
    survey = Survey((VISIO, AGENDA), (EFFICACY, COST), services=("Finances", "Voirie"))
    assert survey.categories == (VISIO, AGENDA)
    assert survey.criteria == (EFFICACY, COST)
    assert survey.services == ("Finances", "Voirie")


# --- finding a category from what an agent types (!modifier, !rapport <catégorie>) -----------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("1", "visioconference"),
        (" 9 ", "ged"),
        ("4", "questionnaire"),
        ("ged", "ged"),
        ("GED", "ged"),
        ("messagerie", "messagerie"),
        ("gestion_projet", "gestion_projet"),
        ("visioconférence", "visioconference"),
        ("Visioconference", "visioconference"),
        ("agenda partagé", "agenda"),
        ("AGENDA  PARTAGE", "agenda"),
        ("réservation de matériel ou de salle", "reservation"),
        ("video conferencing", "visioconference"),
        ("Shared Calendar", "agenda"),
        ("project management", "gestion_projet"),
        ("visio", "visioconference"),
        ("salle", "reservation"),
        ("documents", "ged"),
        ("tâches", "planification"),
        ("instantanée", "messagerie"),
        ("booking", "reservation"),
    ],
)
def test_a_category_is_found_by_number_key_or_name(typed: str, key: str) -> None:
    found = DEFAULT_SURVEY.find_category(typed)
    assert found is not None
    assert found.key == key


@pytest.mark.parametrize(
    "typed",
    ["0", "10", "-1", "", "   ", "gestion", "management", "de", "fax", "zoom"],
)
def test_an_unknown_or_ambiguous_category_is_not_guessed(typed: str) -> None:
    assert DEFAULT_SURVEY.find_category(typed) is None


@pytest.mark.parametrize("typed", ["፩", "9" * 5000])
def test_an_odd_digit_or_a_huge_number_finds_no_category_without_crashing(typed: str) -> None:
    assert DEFAULT_SURVEY.find_category(typed) is None


# --- normalise -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Zoom", "zoom"),
        ("  Visio   Tchap ", "visio tchap"),
        ("Webconf de l'ÉTAT", "webconf de l'etat"),
        ("réservation", "reservation"),
        ("Cou\u0302t", "cout"),  # already decomposed accents
        ("ligne\nnouvelle\tici", "ligne nouvelle ici"),
        ("Straße", "strasse"),
        ("ÇA", "ca"),
        ("", ""),
        ("\u00a0nsp\u00a0", "nsp"),
    ],
)
def test_names_are_compared_without_case_accents_or_extra_spaces(
    typed: str, normalised: str
) -> None:
    assert normalise(typed) == normalised
