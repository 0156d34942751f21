"""The evaluation conversation, message by message, as an agent lives it in a DM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.dialog import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    Transition,
    modify,
    question,
    resume,
    start,
    step,
    summary,
)
from conversations.formatting import Reply
from conversations.survey import DEFAULT_SURVEY, Category, Criterion, Survey
from conversations.texts import Language

from .kit import readable

VISIO = Category(
    "visio",
    "visioconférence",
    "video conferencing",
    ("Zoom", "Microsoft Teams", "Google Meet", "Google Hangouts", "Webconf de l'État"),
)  # by number: 1-5 the tools, 6 "autre", 7 "aucun"
AGENDA = Category("agenda", "agenda partagé", "shared calendar", ("Outlook / Exchange", "Zimbra"))
CRITERIA = (
    Criterion("efficacite", "efficacité", "effectiveness"),
    Criterion("cout", "coût", "cost"),
    Criterion("securite", "sécurité", "security"),
    Criterion("assimilation", "assimilation par les équipes", "adoption by the teams"),
)
SMALL = Survey((VISIO, AGENDA), CRITERIA)
WITH_SERVICES = Survey((VISIO, AGENDA), CRITERIA, services=("Finances", "Ressources humaines"))

TO_CONFIRM = ["Zoom", "8 6 9 nsp", "Le son coupe", "aucun", "oui", "Pour les réunions"]
FINISHED = [*TO_CONFIRM, "valider"]


def answered(
    survey: Survey,
    messages: Sequence[str],
    language: Language = "fr",
    state: DialogState | None = None,
) -> DialogState:
    """The state after these messages, each of which must be accepted."""
    current = start(survey, language).state if state is None else state
    for message in messages:
        transition = step(survey, current, message, language)
        assert transition.accepted, (message, [r.plain for r in transition.replies])
        current = transition.state
    return current


def plain(transition: Transition) -> str:
    return readable("\n".join(reply.plain for reply in transition.replies))


def assert_refused(transition: Transition, state: DialogState) -> None:
    assert transition.accepted is False
    assert transition.state is state
    assert transition.changed == ()


# --- start -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "promise"),
    [
        ("fr", "!mesreponses vous montre vos réponses à tout moment"),
        ("en", "!mesreponses shows your answers at any time"),
    ],
)
def test_evaluation_opens_with_its_notice_then_the_first_question(
    language: Language, promise: str
) -> None:
    opened = start(SMALL, language)
    notice, first = opened.replies
    assert promise in notice.plain
    assert first == question(SMALL, opened.state, language)
    assert opened.state.position == Position(Step.TOOL, 0)
    assert opened.state.answers == (CategoryAnswer(), CategoryAnswer())
    assert not opened.state.finished
    assert not opened.state.paused


def test_notice_says_how_many_categories_and_which_keywords_work() -> None:
    notice = start(DEFAULT_SURVEY, "fr").replies[0].plain
    assert "Pour chacune des 9 catégories" in notice
    for keyword in ("retour", "passer", "pause", "aide"):
        assert keyword in notice


def test_notice_tells_the_agent_how_to_see_their_answers() -> None:
    # !mesdonnees, !oublier and the retention period join the notice with the privacy
    # issue, when those commands exist; the notice must not promise what is not built.
    notice = start(DEFAULT_SURVEY, "fr").replies[0].plain
    assert "!mesreponses" in notice
    assert "!mesdonnees" not in notice


def test_first_question_is_the_service_when_services_are_configured() -> None:
    opened = start(WITH_SERVICES, "fr")
    assert opened.state.position == Position(Step.SERVICE)
    asked = opened.replies[-1].plain
    assert "dans quel service travaillez-vous" in asked
    assert "1. Finances\n2. Ressources humaines" in asked


def test_first_question_is_the_first_tool_without_services() -> None:
    asked = readable(start(SMALL, "fr").replies[-1].plain)
    assert asked.startswith("1/2 — visioconférence\nQuel outil utilisez-vous ?")
    assert "1. Zoom\n2. Microsoft Teams" in asked
    assert "6. autre (précisez le nom)\n7. aucun" in asked


@pytest.mark.parametrize(
    ("typed", "service"),
    [("1", "Finances"), ("2.", "Ressources humaines"), ("finances", "Finances")],
)
def test_agent_gives_their_service_by_number_or_name(typed: str, service: str) -> None:
    state = answered(WITH_SERVICES, [typed])
    assert state.service == service
    assert state.position == Position(Step.TOOL, 0)


# --- which tool ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tool", "other"),
    [
        ("1", "Zoom", False),
        ("2", "Microsoft Teams", False),
        ("5.", "Webconf de l'État", False),
        ("Zoom", "Zoom", False),
        ("zoom", "Zoom", False),
        (" ZOOM ", "Zoom", False),
        ("microsoft  teams", "Microsoft Teams", False),
        ("webconf de l'etat", "Webconf de l'État", False),
        ("WEBCONF DE L'ÉTAT", "Webconf de l'État", False),
        ("Micro", "Microsoft Teams", False),
        ("webc", "Webconf de l'État", False),
        ("Google M", "Google Meet", False),
        ("autre Mattermost", "Mattermost", True),
        ("Autre : Mattermost", "Mattermost", True),
        ("autre: BigBlueButton", "BigBlueButton", True),
        ("autre - Visio Tchap", "Visio Tchap", True),
        ("autre zoom", "Zoom", False),  # a known tool typed as "autre" is the known tool
    ],
)
def test_agent_names_the_tool_they_use(typed: str, tool: str, other: bool) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.accepted
    assert transition.state.answers[0] == CategoryAnswer(tool=tool, other=other)
    assert transition.state.position == Position(Step.RATING, 0, 0)
    assert f"{tool} — efficacité (1/4)" in plain(transition)


@pytest.mark.parametrize(
    ("index", "tool"),
    [(i, tool) for i, c in enumerate(DEFAULT_SURVEY.categories) for tool in c.tools],
    ids=lambda value: str(value),
)
def test_every_default_tool_can_be_chosen_by_its_name(index: int, tool: str) -> None:
    at_question = DialogState(
        Position(Step.TOOL, index), tuple(CategoryAnswer() for _ in DEFAULT_SURVEY.categories)
    )
    transition = step(DEFAULT_SURVEY, at_question, tool, "fr")
    assert transition.accepted
    assert transition.state.answers[index] == CategoryAnswer(tool=tool)


@pytest.mark.parametrize(
    "typed", ["autre", "Autre :", "autre -", "6", "other", "Autre.", "autre !"]
)
def test_other_without_a_name_asks_for_the_name(typed: str) -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, typed, "fr")
    assert_refused(transition, state)
    assert "Précisez le nom de l'outil après « autre », par exemple : autre Mattermost" in plain(
        transition
    )


@pytest.mark.parametrize(
    ("typed", "how"), [("aucun", "word"), ("Aucune.", "word"), ("7", "number")]
)
def test_agent_without_a_tool_is_asked_whether_one_is_needed(typed: str, how: str) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.state.position == Position(Step.NEED, 0), how
    assert transition.state.answers[0] == CategoryAnswer()
    assert "Vous serait-il utile ? (oui / non)" in plain(transition)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (
            ["aucun", "oui", "Pour  les\nréunions"],
            CategoryAnswer(needed=True, need_why="Pour les réunions", complete=True),
        ),
        (["aucun", "oui", "passer"], CategoryAnswer(needed=True, complete=True)),
        (["aucun", "non"], CategoryAnswer(needed=False, complete=True)),
        (["aucun", "passer"], CategoryAnswer(complete=True)),
    ],
)
def test_need_branch_then_moves_to_the_next_category(
    messages: list[str], expected: CategoryAnswer
) -> None:
    state = answered(SMALL, messages)
    assert state.answers[0] == expected
    assert state.position == Position(Step.TOOL, 1)


def test_need_yes_asks_why() -> None:
    transition = step(SMALL, answered(SMALL, ["aucun"]), "oui", "fr")
    assert transition.state.position == Position(Step.NEED_WHY, 0)
    assert "Pourquoi ? Quelques mots suffisent" in plain(transition)


# --- ratings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("messages", "ratings"),
    [
        (["7", "7/10", "sept", "nsp"], (7, 7, 7, None)),
        (["0", " 10 ", "zéro", "DIX"], (0, 10, 0, 10)),
        (["8 6 9 7"], (8, 6, 9, 7)),
        (["8,6,9,7"], (8, 6, 9, 7)),
        (["8; 6; 9; 7"], (8, 6, 9, 7)),
        (["8 nsp 9 7"], (8, None, 9, 7)),
        (["1", "2", "8 6 9 7"], (8, 6, 9, 7)),  # four at once replaces what came before
        (["passer", "5", "passer", "NSP"], (None, 5, None, None)),
    ],
)
def test_agent_rates_one_by_one_or_all_four_at_once(
    messages: list[str], ratings: tuple[int | None, ...]
) -> None:
    state = answered(SMALL, ["Zoom", *messages])
    assert state.answers[0].ratings == ratings
    assert state.position == Position(Step.PROBLEM, 0)


@pytest.mark.parametrize("typed", ["je ne sais pas", "Je ne sais pas."])
def test_agent_can_say_je_ne_sais_pas_to_a_rating(typed: str) -> None:
    # PRODUCT.md lists "je ne sais pas" among the accepted ratings (stored as null).
    transition = step(SMALL, answered(SMALL, ["Zoom"]), typed, "fr")
    assert transition.accepted
    assert transition.state.answers[0].ratings == (None,)
    assert transition.state.position == Position(Step.RATING, 0, 1)


def test_ratings_are_read_back_before_the_problem_question() -> None:
    transition = step(SMALL, answered(SMALL, ["Zoom"]), "8 nsp 9 7", "fr")
    noted, asked = transition.replies
    assert readable(noted.plain) == (
        "Noté : efficacité 8, coût nsp, sécurité 9, assimilation par les équipes 7."
    )
    assert "Quel problème rencontrez-vous avec Zoom ?" in readable(asked.plain)


def test_first_rating_question_offers_the_four_at_once_shortcut() -> None:
    first = step(SMALL, start(SMALL, "fr").state, "Zoom", "fr")
    second = step(SMALL, first.state, "8", "fr")
    assert "8 6 9 7" in plain(first)
    assert "efficacité, coût, sécurité, assimilation par les équipes" in plain(first)
    assert "8 6 9 7" not in plain(second)
    assert "coût (2/4)" in plain(second)


# --- problem ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Le son  coupe\nsouvent", "Le son coupe souvent"),
        ("rien", None),
        ("RIEN", None),
        ("ras", None),
        ("aucun problème", None),
        ("non", None),
        ("passer", None),
        ("x" * 1500, "x" * 1000),
    ],
)
def test_agent_describes_a_problem_or_says_there_is_none(typed: str, problem: str | None) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", typed])
    assert state.answers[0].problem == problem
    assert state.answers[0].complete
    assert state.position == Position(Step.TOOL, 1)


@pytest.mark.parametrize("typed", ["Rien.", "rien !", "Aucun problème."])
def test_nothing_with_punctuation_is_not_stored_as_a_problem(typed: str) -> None:
    # "Rien." would otherwise reach the managers' report as a problem comment.
    state = answered(SMALL, ["Zoom", "8 6 9 7", typed])
    assert state.answers[0].problem is None


# --- retour ----------------------------------------------------------------------------------


@pytest.mark.parametrize("survey", [SMALL, WITH_SERVICES], ids=["tool first", "service first"])
@pytest.mark.parametrize("typed", ["retour", "Retour.", "précédent", "back"])
def test_back_at_the_first_question_is_refused(survey: Survey, typed: str) -> None:
    state = start(survey, "fr").state
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)
    assert readable(transition.replies[0].plain) == (
        "C'est la première question : impossible de revenir en arrière."
    )
    assert transition.replies[-1] == question(survey, state, "fr")


@pytest.mark.parametrize(
    ("survey", "messages", "previous"),
    [
        (SMALL, ["Zoom"], Position(Step.TOOL, 0)),
        (SMALL, ["Zoom", "8"], Position(Step.RATING, 0, 0)),
        (SMALL, ["Zoom", "8", "6", "9"], Position(Step.RATING, 0, 2)),
        (SMALL, ["Zoom", "8 6 9 7"], Position(Step.RATING, 0, 0)),
        (SMALL, ["Zoom", "8 6 9 7", "rien"], Position(Step.PROBLEM, 0)),
        (SMALL, ["aucun"], Position(Step.TOOL, 0)),
        (SMALL, ["aucun", "oui"], Position(Step.NEED, 0)),
        (SMALL, ["aucun", "non"], Position(Step.NEED, 0)),
        (SMALL, ["passer"], Position(Step.TOOL, 0)),
        (SMALL, TO_CONFIRM, Position(Step.NEED_WHY, 1)),
        (WITH_SERVICES, ["1"], Position(Step.SERVICE)),
    ],
)
def test_back_asks_the_previous_question_again(
    survey: Survey, messages: list[str], previous: Position
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, "retour", "fr")
    assert transition.accepted
    assert transition.state.position == previous
    assert transition.state.answers == state.answers
    assert transition.replies == (question(survey, transition.state, "fr"),)


def test_back_from_the_confirmation_lets_the_agent_correct_the_last_answer() -> None:
    at_confirm = answered(SMALL, TO_CONFIRM)
    assert at_confirm.position.step is Step.CONFIRM
    back = step(SMALL, at_confirm, "retour", "fr")
    assert "Pourquoi ?" in plain(back)
    corrected = answered(SMALL, ["Pour planifier les astreintes"], state=back.state)
    assert corrected.position.step is Step.CONFIRM
    assert corrected.answers[1].need_why == "Pour planifier les astreintes"
    assert corrected.answers[0] == at_confirm.answers[0]


def test_back_several_times_then_new_answers_replace_the_old_ones() -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", "retour", "retour", "3"])
    state = answered(SMALL, ["5 5 5 5", "rien"], state=state)
    assert state.answers[0] == CategoryAnswer(
        tool="Google Meet", ratings=(5, 5, 5, 5), complete=True
    )
    assert state.position == Position(Step.TOOL, 1)


# --- passer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "messages", "after", "answer"),
    [
        (WITH_SERVICES, [], Position(Step.TOOL, 0), CategoryAnswer()),
        (SMALL, [], Position(Step.TOOL, 1), CategoryAnswer(skipped=True, complete=True)),
        (
            SMALL,
            ["Zoom"],
            Position(Step.RATING, 0, 1),
            CategoryAnswer(tool="Zoom", ratings=(None,)),
        ),
        (
            SMALL,
            ["Zoom", "1", "2", "3"],
            Position(Step.PROBLEM, 0),
            CategoryAnswer(tool="Zoom", ratings=(1, 2, 3, None)),
        ),
        (SMALL, ["aucun"], Position(Step.TOOL, 1), CategoryAnswer(complete=True)),
        (
            SMALL,
            ["aucun", "oui"],
            Position(Step.TOOL, 1),
            CategoryAnswer(needed=True, complete=True),
        ),
        (
            SMALL,
            ["Zoom", "8 6 9 7"],
            Position(Step.TOOL, 1),
            CategoryAnswer(tool="Zoom", ratings=(8, 6, 9, 7), complete=True),
        ),
    ],
    ids=["service", "tool", "first rating", "last rating", "need", "need why", "problem"],
)
def test_agent_can_skip_any_question(
    survey: Survey, messages: list[str], after: Position, answer: CategoryAnswer
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, "passer", "fr")
    assert transition.accepted
    assert transition.state.position == after
    assert transition.state.answers[0] == answer
    assert transition.replies[-1] == question(survey, transition.state, "fr")


@pytest.mark.parametrize("typed", ["passer", "Passer.", "suivant", "skip"])
def test_agent_can_skip_a_category(typed: str) -> None:
    state = answered(SMALL, [typed, typed])
    assert state.answers == (CategoryAnswer(skipped=True, complete=True),) * 2
    assert state.position.step is Step.CONFIRM
    assert summary(SMALL, state, "fr").count(": passée") == 2


def test_skipping_the_service_leaves_it_empty() -> None:
    state = answered(WITH_SERVICES, ["passer"])
    assert state.service is None


def test_confirmation_cannot_be_skipped() -> None:
    state = answered(SMALL, TO_CONFIRM)
    transition = step(SMALL, state, "passer", "fr")
    assert_refused(transition, state)
    assert "Cette étape ne peut pas être passée : écrivez valider ou retour." in plain(transition)


# --- pause and resume ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["pause", "Pause.", "stop", "plus tard", "PAUSE!"])
def test_agent_can_pause_and_keeps_their_answers(typed: str) -> None:
    state = answered(SMALL, ["Zoom", "8"])
    transition = step(SMALL, state, typed, "fr")
    assert transition.accepted
    assert transition.state.paused
    assert transition.state.position == state.position
    assert transition.state.answers == state.answers
    assert transition.changed == ()
    assert "Reprenez quand vous voulez avec !evaluer" in plain(transition)


@pytest.mark.parametrize("typed", ["7", "retour", "passer", "aide", "valider", "pause", ""])
def test_a_paused_evaluation_ignores_answers_and_says_how_to_resume(typed: str) -> None:
    paused = step(SMALL, answered(SMALL, ["Zoom", "8"]), "pause", "fr").state
    transition = step(SMALL, paused, typed, "fr")
    assert_refused(transition, paused)
    assert plain(transition) == "Votre évaluation est en pause. Tapez !evaluer pour la reprendre."


def test_resume_asks_the_current_question_again() -> None:
    before = answered(SMALL, ["Zoom", "8"])
    paused = step(SMALL, before, "pause", "fr").state
    resumed = resume(SMALL, paused, "fr")
    assert resumed.state == before
    assert resumed.replies[0].plain == "Reprenons là où nous en étions."
    assert resumed.replies[1] == question(SMALL, before, "fr")
    assert "coût (2/4)" in resumed.replies[1].plain
    after = step(SMALL, resumed.state, "6", "fr")
    assert after.state.answers[0].ratings == (8, 6)


def test_resuming_a_finished_evaluation_says_it_is_done() -> None:
    finished = answered(SMALL, FINISHED)
    resumed = resume(SMALL, finished, "fr")
    assert resumed.state == finished
    assert "Vous avez déjà terminé l'évaluation" in plain(resumed)


# --- aide ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "messages", "explanation"),
    [
        (WITH_SERVICES, [], "Donnez le numéro de votre service dans la liste, ou passer."),
        (SMALL, [], "le nom de l'outil que vous utilisez le plus"),
        (SMALL, ["Zoom"], "note entière de 0 (très mauvais) à 10 (excellent)"),
        (SMALL, ["aucun"], "Répondez oui si un tel outil vous aiderait, sinon non."),
        (SMALL, ["aucun", "oui"], "à quoi il vous servirait"),
        (SMALL, ["Zoom", "8 6 9 7"], "Décrivez la principale difficulté avec cet outil"),
        (SMALL, TO_CONFIRM, "Écrivez valider si le récapitulatif est juste."),
    ],
    ids=["service", "tool", "rating", "need", "need why", "problem", "confirm"],
)
@pytest.mark.parametrize("typed", ["aide", "Aide", "?", "help"])
def test_help_explains_the_current_step_and_changes_nothing(
    survey: Survey, messages: list[str], explanation: str, typed: str
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)
    helped, asked = transition.replies
    assert explanation in helped.plain
    assert "retour (question précédente), passer (sauter la question)" in helped.plain
    assert asked == question(survey, state, "fr")


# --- invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "messages", "typed", "explanation"),
    [
        (
            WITH_SERVICES,
            [],
            "Cuisine",
            "Je ne trouve pas ce service. Répondez par son numéro (1 à 2)",
        ),
        (WITH_SERVICES, [], "3", "Ce numéro n'est pas dans la liste : choisissez entre 1 et 2."),
        (SMALL, [], "Skype", "Je ne trouve pas cet outil dans la liste."),
        (SMALL, [], "Google", "Je ne trouve pas cet outil dans la liste."),  # Meet or Hangouts?
        (SMALL, [], "Zo", "Je ne trouve pas cet outil dans la liste."),  # prefix too short
        (SMALL, [], "", "Je ne trouve pas cet outil dans la liste."),
        (SMALL, [], "8", "choisissez entre 1 et 7."),
        (SMALL, [], "0", "choisissez entre 1 et 7."),
        (
            SMALL,
            ["Zoom"],
            "bof",
            "Je n'ai pas compris cette note. Donnez un nombre entier de 0 à 10",
        ),
        (SMALL, ["Zoom"], "11", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom"], "-1", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom"], "7,5", "Merci de donner un nombre entier, sans virgule"),
        (SMALL, ["Zoom"], "7.5", "Merci de donner un nombre entier, sans virgule"),
        (SMALL, ["Zoom"], "7/20", "Je n'ai pas compris cette note."),
        (SMALL, ["Zoom"], "8 6 9", "Je n'ai pas compris cette note."),
        (SMALL, ["Zoom"], "8 6 9 11", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom", "8", "6"], "douze", "Je n'ai pas compris cette note."),
        (SMALL, ["aucun"], "peut-être", "Répondez simplement par oui ou non."),
        (SMALL, ["aucun"], "Zoom", "Répondez simplement par oui ou non."),
        (SMALL, ["aucun", "oui"], "  \n ", "Votre message est vide : écrivez quelques mots"),
        (SMALL, ["Zoom", "8 6 9 7"], "", "Votre message est vide : écrivez quelques mots"),
        (SMALL, TO_CONFIRM, "non", "Écrivez valider pour enregistrer vos réponses"),
        (SMALL, TO_CONFIRM, "Zoom", "Écrivez valider pour enregistrer vos réponses"),
    ],
)
def test_invalid_input_keeps_the_state_and_explains_what_is_expected(
    survey: Survey, messages: list[str], typed: str, explanation: str
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)
    assert explanation in readable(transition.replies[0].plain)
    assert transition.replies[-1] == question(survey, state, "fr")


@pytest.mark.parametrize(
    ("survey", "messages", "typed"),
    [
        (SMALL, [], "፩"),  # Ethiopic digit one: isdigit() but not int()
        (SMALL, [], "1" * 5000),  # more digits than int() converts
        (WITH_SERVICES, [], "1" * 5000),
        (SMALL, ["Zoom"], "9" * 5000),
    ],
    ids=["odd digit at tool", "huge number at tool", "huge number at service", "huge rating"],
)
def test_no_message_can_crash_the_conversation(
    survey: Survey, messages: list[str], typed: str
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)


# --- confirmation and the end ----------------------------------------------------------------


def test_after_the_last_category_the_summary_lists_every_answer() -> None:
    state = answered(WITH_SERVICES, ["Finances", *TO_CONFIRM[:-1]])
    transition = step(WITH_SERVICES, state, "Pour les réunions", "fr")
    assert transition.state.position.step is Step.CONFIRM
    assert readable(transition.replies[-1].plain) == (
        "Récapitulatif de vos réponses\n"
        "Service : Finances\n"
        "1. visioconférence : Zoom : 8, 6, 9, nsp — problème : « Le son coupe »\n"
        "2. agenda partagé : aucun outil — un outil serait utile — « Pour les réunions »\n"
        "\n"
        "Tout est juste ? Écrivez valider. Pour corriger : retour, ou !modifier suivi du nom "
        "ou du numéro de la catégorie."
    )


def test_summary_names_all_nine_default_categories() -> None:
    state = answered(DEFAULT_SURVEY, ["passer"] * 9)
    text = summary(DEFAULT_SURVEY, state, "fr")
    for number, category in enumerate(DEFAULT_SURVEY.categories, 1):
        assert f"{number}. **{category.name_fr}** : passée" in text


@pytest.mark.parametrize("typed", ["valider", "Valider", "VALIDER.", "ok", "oui", "c'est bon"])
def test_agent_confirms_and_the_evaluation_is_finished(typed: str) -> None:
    state = answered(SMALL, TO_CONFIRM)
    transition = step(SMALL, state, typed, "fr")
    assert transition.accepted
    assert transition.state.finished
    assert transition.state.answers == state.answers
    assert transition.state.position == Position(Step.DONE)
    assert plain(transition).startswith("Merci ! Vos réponses sont enregistrées.")


@pytest.mark.parametrize("typed", ["valider", "retour", "passer", "pause", "aide", "Zoom", "8"])
def test_any_message_after_finishing_is_told_it_is_already_done(typed: str) -> None:
    finished = answered(SMALL, FINISHED)
    transition = step(SMALL, finished, typed, "fr")
    assert_refused(transition, finished)
    assert plain(transition).startswith("Vous avez déjà terminé l'évaluation, merci !")


# --- !modifier -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_modify_asks_that_category_tool_question(index: int) -> None:
    finished = answered(SMALL, FINISHED)
    transition = modify(SMALL, finished, index, "fr")
    assert transition.state.position == Position(Step.TOOL, index)
    assert transition.state.answers == finished.answers
    assert transition.replies == (question(SMALL, transition.state, "fr"),)
    assert transition.replies[0].plain.startswith(f"{index + 1}/2 — ")


@pytest.mark.parametrize(
    ("index", "messages", "new_answer"),
    [
        (
            0,
            ["3", "5 5 5 5", "rien"],
            CategoryAnswer("Google Meet", ratings=(5,) * 4, complete=True),
        ),
        (0, ["aucun", "non"], CategoryAnswer(needed=False, complete=True)),
        (0, ["passer"], CategoryAnswer(skipped=True, complete=True)),
        (
            1,
            ["Zimbra", "7 7 7 7", "Lent"],
            CategoryAnswer("Zimbra", ratings=(7,) * 4, problem="Lent", complete=True),
        ),
    ],
)
def test_modified_category_returns_to_the_confirmation_and_only_it_changes(
    index: int, messages: list[str], new_answer: CategoryAnswer
) -> None:
    finished = answered(SMALL, FINISHED)
    state = modify(SMALL, finished, index, "fr").state
    changed: set[int] = set()
    for message in messages:
        transition = step(SMALL, state, message, "fr")
        assert transition.accepted
        changed.update(transition.changed)
        state = transition.state
    assert state.position.step is Step.CONFIRM  # not the next category
    assert "Récapitulatif de vos réponses" in transition.replies[-1].plain
    done = step(SMALL, state, "valider", "fr")
    assert done.state.finished
    assert done.state.only_category is None
    assert changed == {index}
    expected = list(finished.answers)
    expected[index] = new_answer
    assert done.state.answers == tuple(expected)


def test_modify_on_the_default_survey_goes_straight_back_to_the_summary() -> None:
    finished = answered(DEFAULT_SURVEY, [*["passer"] * 9, "valider"])
    state = modify(DEFAULT_SURVEY, finished, 4, "fr").state
    assert "5/9 — sondage" in question(DEFAULT_SURVEY, state, "fr").plain
    state = answered(DEFAULT_SURVEY, ["Framadate", "9 9 9 9", "rien"], state=state)
    assert state.position.step is Step.CONFIRM
    assert state.answers[4].tool == "Framadate"
    assert all(a.skipped for i, a in enumerate(state.answers) if i != 4)


def test_modifying_a_category_mid_evaluation_does_not_skip_the_unanswered_ones() -> None:
    # The bot lets `!modifier` run on any started evaluation: redoing category 1 while
    # category 2 is still unanswered must not jump to the confirmation and let the agent
    # "valider" an evaluation with a category never asked.
    in_progress = answered(SMALL, ["Zoom", "8 6 9 7", "rien"])
    assert in_progress.position == Position(Step.TOOL, 1)
    state = modify(SMALL, in_progress, 0, "fr").state
    state = answered(SMALL, ["3", "5 5 5 5", "rien"], state=state)
    assert state.position == Position(Step.TOOL, 1)


def test_modify_resumes_a_paused_agent() -> None:
    paused = replace(answered(SMALL, ["Zoom"]), paused=True)
    state = modify(SMALL, paused, 1, "fr").state
    assert not state.paused
    assert state.position == Position(Step.TOOL, 1)


# --- changed ---------------------------------------------------------------------------------


def test_changed_lists_exactly_the_categories_whose_answers_changed() -> None:
    script = [
        ("Zoom", (0,)),
        ("8", (0,)),
        ("retour", ()),
        ("8", ()),  # the same rating again: nothing changed
        ("bof", ()),
        ("aide", ()),
        ("6 9 7", ()),  # refused: three numbers
        ("6", (0,)),
        ("9", (0,)),
        ("7", (0,)),
        ("rien", (0,)),  # the category becomes complete
        ("pause", ()),
    ]
    state = start(SMALL, "fr").state
    for message, changed in script:
        transition = step(SMALL, state, message, "fr")
        assert transition.changed == changed, message
        state = transition.state
    state = resume(SMALL, state, "fr").state
    for message, changed in [("passer", (1,)), ("valider", ())]:
        transition = step(SMALL, state, message, "fr")
        assert transition.changed == changed, message
        state = transition.state
    assert state.finished


# --- a whole evaluation ----------------------------------------------------------------------


def test_full_evaluation_of_the_nine_default_categories() -> None:
    messages = [
        "Zoom", "8 6 9 7", "Le son coupe souvent",
        "1", "9", "sept", "nsp", "10/10", "rien",
        "outlook", "6 5 7 8", "Trop lent",
        "aucun", "oui", "Pour les enquêtes internes",
        "Framadate", "8 8 8 8", "RAS",
        "autre Mattermost Boards", "5 nsp 6 4", "Pas connu des équipes",
        "Cahier papier", "3, 9, 5, 6", "On ne sait jamais si la salle est libre",
        "passer",
        "aucune", "non",
    ]  # fmt: skip
    state = answered(DEFAULT_SURVEY, messages)
    assert state.position.step is Step.CONFIRM
    confirm = question(DEFAULT_SURVEY, state, "fr").plain
    for category in DEFAULT_SURVEY.categories:
        assert category.name_fr in confirm
    done = step(DEFAULT_SURVEY, state, "valider", "fr")
    assert done.state.finished
    assert done.state.answers == (
        CategoryAnswer("Zoom", ratings=(8, 6, 9, 7), problem="Le son coupe souvent", complete=True),
        CategoryAnswer("Tchap", ratings=(9, 7, None, 10), complete=True),
        CategoryAnswer(
            "Outlook / Exchange", ratings=(6, 5, 7, 8), problem="Trop lent", complete=True
        ),
        CategoryAnswer(needed=True, need_why="Pour les enquêtes internes", complete=True),
        CategoryAnswer("Framadate", ratings=(8, 8, 8, 8), complete=True),
        CategoryAnswer(
            "Mattermost Boards",
            other=True,
            ratings=(5, None, 6, 4),
            problem="Pas connu des équipes",
            complete=True,
        ),
        CategoryAnswer(
            "Cahier papier",
            ratings=(3, 9, 5, 6),
            problem="On ne sait jamais si la salle est libre",
            complete=True,
        ),
        CategoryAnswer(skipped=True, complete=True),
        CategoryAnswer(needed=False, complete=True),
    )


# --- English ---------------------------------------------------------------------------------


def test_english_agent_gets_english_questions() -> None:
    opened = start(SMALL, "en")
    assert opened.replies[0].plain.startswith("Review of our collaboration tools")
    asked = opened.replies[1].plain
    assert asked.startswith("1/2 — video conferencing\nWhich tool do you use?")
    assert "6. other (give its name)\n7. none" in asked
    rating = step(SMALL, opened.state, "Zoom", "en")
    assert "Zoom — effectiveness (1/4): your rating from 0 to 10?" in plain(rating)
    refused = step(SMALL, opened.state, "Skype", "en")
    assert "I cannot find this tool in the list." in plain(refused)


def test_english_keywords_take_the_agent_through_the_whole_evaluation() -> None:
    script = [
        ("other Mattermost", Position(Step.RATING, 0, 0)),
        ("back", Position(Step.TOOL, 0)),
        ("other: Mattermost", Position(Step.RATING, 0, 0)),
        ("skip", Position(Step.RATING, 0, 1)),
        ("seven", Position(Step.RATING, 0, 2)),
        ("I don't know", Position(Step.RATING, 0, 3)),
        ("ten", Position(Step.PROBLEM, 0)),
        ("nothing", Position(Step.TOOL, 1)),
        ("none", Position(Step.NEED, 1)),
        ("yes", Position(Step.NEED_WHY, 1)),
        ("To plan meetings", Position(Step.CONFIRM)),
        ("confirm", Position(Step.DONE)),
    ]
    state = start(SMALL, "en").state
    for message, position in script:
        transition = step(SMALL, state, message, "en")
        assert transition.accepted, message
        assert transition.state.position == position, message
        state = transition.state
    assert state.answers == (
        CategoryAnswer("Mattermost", other=True, ratings=(None, 7, None, 10), complete=True),
        CategoryAnswer(needed=True, need_why="To plan meetings", complete=True),
    )


def test_english_no_means_no_tool_is_needed_and_help_is_in_english() -> None:
    state = answered(SMALL, ["none"], "en")
    helped = step(SMALL, state, "help", "en")
    assert "Answer yes if such a tool would help you, otherwise no." in plain(helped)
    state = answered(SMALL, ["no"], "en", state=state)
    assert state.answers[0] == CategoryAnswer(needed=False, complete=True)
    summary_en = summary(SMALL, answered(SMALL, ["skip"], "en", state=state), "en")
    assert "1. **video conferencing** : no tool — not needed" in summary_en
    assert "2. **shared calendar** : skipped" in summary_en


# --- HTML ------------------------------------------------------------------------------------


def test_tool_name_typed_by_the_agent_is_escaped_in_html() -> None:
    transition = step(SMALL, start(SMALL, "fr").state, "autre <script>alert(1)</script>", "fr")
    assert transition.state.answers[0].tool == "<script>alert(1)</script>"
    html = transition.replies[-1].html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "<script>alert(1)</script>" in transition.replies[-1].plain


def test_problem_and_reasons_typed_by_the_agent_are_escaped_in_the_summary() -> None:
    state = answered(
        SMALL,
        ["autre <script>alert(1)</script>", "5 5 5 5", "<b>x</b>", "aucun", "oui", "<i>y</i>"],
    )
    confirm = question(SMALL, state, "fr").html
    assert "&lt;b&gt;x&lt;/b&gt;" in confirm
    assert "&lt;i&gt;y&lt;/i&gt;" in confirm
    assert "&lt;script&gt;" in confirm
    for tag in ("<script", "<b>", "<i>"):
        assert tag not in confirm


# --- any message, from any state -------------------------------------------------------------

REACHABLE: list[tuple[Survey, DialogState]] = [
    (SMALL, start(SMALL, "fr").state),
    (WITH_SERVICES, start(WITH_SERVICES, "fr").state),
    (SMALL, answered(SMALL, ["Zoom"])),
    (SMALL, answered(SMALL, ["Zoom", "8", "6"])),
    (SMALL, answered(SMALL, ["Zoom", "8 6 9 7"])),
    (SMALL, answered(SMALL, ["aucun"])),
    (SMALL, answered(SMALL, ["aucun", "oui"])),
    (SMALL, answered(SMALL, TO_CONFIRM)),
    (SMALL, answered(SMALL, FINISHED)),
    (SMALL, answered(SMALL, ["Zoom", "pause"])),
    (SMALL, modify(SMALL, answered(SMALL, FINISHED), 1, "fr").state),
    (DEFAULT_SURVEY, answered(DEFAULT_SURVEY, ["passer"] * 5)),
]
WORDS = [
    "retour", "passer", "pause", "aide", "?", "valider", "oui", "non", "nsp", "aucun", "autre",
    "autre x", "rien", "back", "skip", "confirm", "none", "other", "7/10", "8 6 9 7", "0", "6",
]  # fmt: skip
MESSAGES = st.one_of(
    st.text(),
    st.sampled_from(WORDS),
    st.lists(st.sampled_from([*WORDS, "<script>", "**", "{}", "{0}", " ", "\n"]), max_size=5).map(
        " ".join
    ),
    st.lists(st.integers(-2, 12).map(str), min_size=1, max_size=5).map(" ".join),
)


@settings(max_examples=400, deadline=None, database=None, derandomize=True)
@given(
    case=st.sampled_from(REACHABLE),
    message=MESSAGES,
    language=st.sampled_from(["fr", "en"]),
)
def test_any_message_gets_an_answer_and_a_refusal_changes_nothing(
    case: tuple[Survey, DialogState], message: str, language: Language
) -> None:
    survey, state = case
    transition = step(survey, state, message, language)
    if not transition.accepted:
        assert transition.state == state
        assert transition.changed == ()
    assert transition.replies
    for reply in transition.replies:
        assert isinstance(reply, Reply)
        assert reply.plain.strip()
        assert "<script" not in reply.html.lower()


# --- what people naturally type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tool"),
    [
        ("Teams", "Microsoft Teams"),
        ("meet", "Google Meet"),
        ("webconf de l’état", "Webconf de l'État"),  # a phone's curly apostrophe
        ("Exchange", None),  # not a visio tool: refused, not guessed
    ],
)
def test_agent_can_name_a_tool_by_its_usual_short_name(typed: str, tool: str | None) -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, typed, "fr")

    if tool is None:
        assert_refused(transition, state)
    else:
        assert transition.state.answers[0].tool == tool
        assert transition.state.answers[0].other is False


def test_an_ambiguous_short_name_is_refused_rather_than_guessed() -> None:
    state = start(SMALL, "fr").state

    assert_refused(step(SMALL, state, "Google", "fr"), state)


@pytest.mark.parametrize("typed", ["oui merci", "Oui, merci", "non merci"])
def test_a_polite_yes_or_no_is_understood(typed: str) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", "rien", "aucun"])

    transition = step(SMALL, state, typed, "fr")

    assert transition.accepted
    assert transition.state.answers[1].needed is typed.lower().startswith("oui")


@pytest.mark.parametrize("typed", ["pas de souci", "R.A.S.", "non, rien", "Rien à signaler"])
def test_saying_there_is_no_problem_stores_no_problem(typed: str) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7"])

    transition = step(SMALL, state, typed, "fr")

    assert transition.state.answers[0].problem is None
    assert transition.state.answers[0].complete


@pytest.mark.parametrize("typed", ["je valide", "d’accord", "Parfait !"])
def test_the_summary_can_be_confirmed_in_everyday_words(typed: str) -> None:
    state = answered(SMALL, TO_CONFIRM)

    assert step(SMALL, state, typed, "fr").state.finished


@pytest.mark.parametrize("index", [-1, 2, 99])
def test_modifying_a_category_that_does_not_exist_is_an_error(index: int) -> None:
    state = answered(SMALL, FINISHED)

    with pytest.raises(ValueError, match="no category"):
        modify(SMALL, state, index, "fr")


# --- a device that never read the question -----------------------------------------------


def test_a_greeting_from_a_new_device_gets_the_current_question_not_an_error() -> None:
    state = answered(SMALL, ["Zoom"])
    transition = step(SMALL, state, "Bonjour", "fr", unseen_device=True)
    assert_refused(transition, state)
    said = plain(transition)
    assert "nouvel appareil" in said and "!confidentialite" in said
    assert "1/2 — visioconférence" in said and "votre note de 0 à 10" in said
    assert "Je n'ai pas compris" not in said


def test_a_valid_answer_from_a_new_device_is_taken() -> None:
    state = answered(SMALL, ["Zoom"])
    transition = step(SMALL, state, "8 6 9 7", "fr", unseen_device=True)
    assert transition.accepted
    assert transition.state.answers[0].ratings == (8, 6, 9, 7)


def test_free_text_from_a_new_device_is_not_stored_as_a_problem() -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7"])
    assert state.position.step is Step.PROBLEM
    transition = step(SMALL, state, "Bonjour", "fr", unseen_device=True)
    assert_refused(transition, state)
    assert "Quel problème rencontrez-vous avec Zoom" in plain(transition)
