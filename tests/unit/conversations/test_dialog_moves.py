"""Moving in the evaluation dialog: retour, passer, pause, aide, greetings, and what it
refuses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conversations.dialog import (
    CategoryAnswer,
    Position,
    Step,
    ToolAnswer,
    question,
    resume,
    start,
    step,
    summary,
)
from conversations.survey import DEFAULT_SURVEY, Survey
from tests.support.kit import readable
from tests.unit.conversations.dialog_kit import (
    FINISHED,
    SMALL,
    TO_CONFIRM,
    WITH_SERVICES,
    answered,
    assert_refused,
    plain,
    rated,
    uses,
)

# --- retour ----------------------------------------------------------------------------------


@pytest.mark.parametrize("survey", [SMALL, WITH_SERVICES], ids=["tool first", "service first"])
@pytest.mark.parametrize("typed", ["retour", "Retour.", "précédent", "back"])
def test_back_at_the_first_question_is_refused(survey: Survey, typed: str) -> None:
    state = start(survey, "fr").state
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)
    assert plain(transition).startswith(
        "C'est la première question : impossible de revenir en arrière."
    )
    assert plain(transition).endswith(readable(question(survey, state, "fr").plain))


@pytest.mark.parametrize(
    ("survey", "messages", "previous"),
    [
        (SMALL, ["Zoom"], Position(Step.TOOL, 0)),
        (SMALL, ["Zoom", "8"], Position(Step.RATING, 0, 0, 0)),
        (SMALL, ["Zoom", "8", "6", "9"], Position(Step.RATING, 0, 0, 2)),
        (SMALL, ["Zoom", "8 6 9 7"], Position(Step.RATING, 0, 0, 3)),
        (SMALL, ["Zoom", "8 6 9 7", "rien"], Position(Step.PROBLEM, 0, 0)),
        (SMALL, ["Zoom et Teams", "8 6 9 7", "rien"], Position(Step.PROBLEM, 0, 0)),
        (SMALL, ["aucun"], Position(Step.TOOL, 0)),
        (SMALL, ["aucun", "oui"], Position(Step.NEED, 0)),
        (SMALL, ["aucun", "non"], Position(Step.NEED, 0)),
        (SMALL, ["passer"], Position(Step.TOOL, 0)),
        (SMALL, ["autre"], Position(Step.TOOL, 0)),
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
    assert transition.state.answers == state.answers, "going back changes no stored answer"
    assert transition.changed == ()
    assert transition.replies == (question(survey, transition.state, "fr"),)


def test_back_from_the_confirmation_lets_the_agent_correct_the_last_answer() -> None:
    at_confirm = answered(SMALL, TO_CONFIRM)
    assert at_confirm.position.step is Step.CONFIRM
    back = step(SMALL, at_confirm, "retour", "fr")
    assert "Pourquoi ?" in plain(back)
    corrected = answered(SMALL, ["Pour planifier les astreintes"], state=back.state)
    assert corrected.position.step is Step.CONFIRM
    assert corrected.answers[1] == CategoryAnswer(
        needed=True, need_why="Pour planifier les astreintes"
    )
    assert corrected.answers[0] == at_confirm.answers[0]


def test_back_several_times_then_new_answers_replace_the_old_ones() -> None:
    state = answered(
        SMALL, ["Zoom", "8 6 9 7", "retour", "retour", "retour", "retour", "retour", "3"]
    )
    state = answered(SMALL, ["5 5 5 5", "rien"], state=state)
    assert state.answers[0] == uses(rated("Google Meet", 5, 5, 5, 5))
    assert state.position == Position(Step.TOOL, 1)


def test_back_into_an_answered_category_keeps_its_answer_until_it_is_given_again() -> None:
    state = answered(DEFAULT_SURVEY, ["Teams 8 6 9 7 RAS", "WhatsApp 8 6 9 7 RAS"])
    stored = state.answers
    for _ in range(3):  # the category 2 question, then back into category 2's answer
        state = answered(DEFAULT_SURVEY, ["retour"], state=state)
    assert state.position == Position(Step.RATING, 1, 0, 2)
    assert state.answers == stored
    paused = answered(DEFAULT_SURVEY, ["pause"], state=state)
    assert paused.answers == stored


# --- passer ----------------------------------------------------------------------------------


def test_agent_can_skip_any_question() -> None:
    service = step(WITH_SERVICES, start(WITH_SERVICES, "fr").state, "passer", "fr")
    assert service.state.service is None and service.state.position == Position(Step.TOOL, 0)
    assert "Noté : service non indiqué." in plain(service)

    category = step(SMALL, start(SMALL, "fr").state, "passer", "fr")
    assert category.state.answers[0] == CategoryAnswer(skipped=True)
    assert category.changed == (0,)

    rating = step(SMALL, answered(SMALL, ["Zoom"]), "passer", "fr")
    assert rating.state.draft == uses(ToolAnswer("Zoom", ratings=(None,)))
    assert rating.state.position == Position(Step.RATING, 0, 0, 1)

    problem = step(SMALL, answered(SMALL, ["Zoom", "8 6 9 7"]), "passer", "fr")
    assert problem.state.answers[0] == uses(rated("Zoom", 8, 6, 9, 7))

    need = step(SMALL, answered(SMALL, ["aucun"]), "passer", "fr")
    assert need.state.answers[0] == CategoryAnswer()

    why = step(SMALL, answered(SMALL, ["aucun", "oui"]), "passer", "fr")
    assert why.state.answers[0] == CategoryAnswer(needed=True)


@pytest.mark.parametrize("typed", ["passer", "Passer.", "suivant", "skip"])
def test_agent_can_skip_a_category(typed: str) -> None:
    state = answered(SMALL, [typed, typed])
    assert state.answers == (CategoryAnswer(skipped=True),) * 2
    assert state.position.step is Step.CONFIRM
    assert summary(SMALL, state, "fr").count(": passée") == 2


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
    assert transition.state == replace(state, paused=True)
    assert transition.changed == ()
    assert "Reprenez quand vous voulez avec !évaluer" in plain(transition)


@pytest.mark.parametrize("typed", ["7", "retour", "passer", "aide", "valider", "pause", ""])
def test_a_paused_evaluation_ignores_answers_and_says_how_to_resume(typed: str) -> None:
    paused = step(SMALL, answered(SMALL, ["Zoom", "8"]), "pause", "fr").state
    transition = step(SMALL, paused, typed, "fr")
    assert_refused(transition, paused)
    assert plain(transition) == "Votre évaluation est en pause. Tapez !évaluer pour la reprendre."


def test_resume_asks_the_current_question_again() -> None:
    before = answered(SMALL, ["Zoom", "8"])
    paused = step(SMALL, before, "pause", "fr").state
    resumed = resume(SMALL, paused, "fr")
    assert resumed.state == before
    (reply,) = resumed.replies
    assert reply.plain.startswith("Reprenons là où nous en étions.\n\n")
    assert reply.plain.endswith(question(SMALL, before, "fr").plain)
    assert "coût (2/4)" in reply.plain
    after = step(SMALL, resumed.state, "6", "fr")
    assert after.state.draft == uses(ToolAnswer("Zoom", ratings=(8, 6)))


def test_resuming_a_finished_evaluation_says_it_is_done() -> None:
    finished = answered(SMALL, FINISHED)
    resumed = resume(SMALL, finished, "fr")
    assert resumed.state == finished
    assert "Vous avez déjà terminé l'évaluation" in plain(resumed)


# --- aide, greetings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "messages", "explanation"),
    [
        (WITH_SERVICES, [], "Donnez le numéro de votre service dans la liste, ou passer."),
        (SMALL, [], "les noms des outils que vous utilisez"),
        (SMALL, ["Zoom"], "de 0 (très mauvais) à 10 (excellent)"),
        (SMALL, ["aucun"], "Répondez oui si un tel outil vous aiderait, sinon non."),
        (SMALL, ["aucun", "oui"], "à quoi il vous servirait"),
        (SMALL, ["Zoom", "8 6 9 7"], "Décrivez la principale difficulté avec cet outil"),
        (SMALL, TO_CONFIRM, "Écrivez valider si le récapitulatif est juste."),
    ],
    ids=["service", "tool", "rating", "need", "need why", "problem", "confirm"],
)
@pytest.mark.parametrize("typed", ["aide", "Aide", "?", "help", "je ne comprends pas"])
def test_help_explains_the_current_step_and_changes_nothing(
    survey: Survey, messages: list[str], explanation: str, typed: str
) -> None:
    state = answered(survey, messages)
    transition = step(survey, state, typed, "fr")
    assert_refused(transition, state)
    (reply,) = transition.replies
    assert explanation in reply.plain
    assert "retour (question précédente), passer (sauter la question)" in reply.plain
    assert reply.plain.endswith(question(survey, state, "fr").plain)


@pytest.mark.parametrize("typed", ["Bonjour", "bonjour !", "Salut", "Hello", "Bonjour Harmonie"])
@pytest.mark.parametrize("messages", [[], ["Zoom"], ["Zoom", "8 6 9 7"], ["aucun", "oui"]])
def test_a_greeting_gets_the_current_question_and_is_never_an_answer(
    typed: str, messages: list[str]
) -> None:
    state = answered(SMALL, messages)
    transition = step(SMALL, state, typed, "fr")
    assert_refused(transition, state)
    assert plain(transition).startswith("Bonjour ! Nous en sommes à cette question :")


def test_thanks_at_a_free_text_question_is_not_a_problem() -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7"])
    assert_refused(step(SMALL, state, "Merci !", "fr"), state)


@pytest.mark.parametrize(
    "typed", ["what do you mean by this tool?", "I don't understand the question"]
)
def test_a_message_in_english_gets_a_hint_about_english(typed: str) -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, typed, "fr")
    assert_refused(transition, state)
    assert "!langue en" in plain(transition)


@pytest.mark.parametrize("typed", ["je ne comprends pas la question", "Teams stp", "le son"])
def test_a_message_in_french_gets_no_hint_about_english(typed: str) -> None:
    assert "!langue en" not in plain(step(SMALL, start(SMALL, "fr").state, typed, "fr"))


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
        (SMALL, [], "le son coupe souvent", "Je ne trouve pas cet outil dans la liste."),
        (SMALL, [], "Google", "Lequel : Google Meet ou Google Hangouts ?"),
        (SMALL, [], "", "Je ne trouve pas cet outil dans la liste."),
        (SMALL, [], "8", "choisissez entre 1 et 7."),
        (SMALL, [], "0", "choisissez entre 1 et 7."),
        (SMALL, ["Zoom"], "bof", "Je n'ai pas compris cette note. Donnez un nombre de 0 à 10"),
        (SMALL, ["Zoom"], "11", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom"], "-1", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom"], "7,25", "demi-points"),
        (SMALL, ["Zoom"], "8 6 9", "Il manque une note : 3 sur 4."),
        (SMALL, ["Zoom"], "8 6", "Il manque 2 notes : 2 sur 4."),
        (SMALL, ["Zoom"], "8 6 9 7 5", "J'ai lu 5 notes, il en faut 4"),
        (SMALL, ["Zoom"], "entre 6 et 7", "Donnez une seule note : 6,5"),
        (SMALL, ["Zoom"], "2 fois par semaine", "Je n'ai pas trouvé de note"),
        (SMALL, ["Zoom"], "3 outils différents", "le problème vous sera demandé juste après"),
        (SMALL, ["Zoom"], "5 utilisateurs", "Je n'ai pas trouvé de note"),
        (SMALL, ["Zoom"], "8 6 9 11", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["Zoom", "8", "6"], "douze", "La note doit être comprise entre 0 et 10."),
        (SMALL, ["aucun"], "demain", "Répondez simplement par oui ou non."),
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
    (reply,) = transition.replies
    assert explanation in readable(reply.plain)
    assert reply.plain.endswith(question(survey, state, "fr").plain)


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
    assert not transition.accepted
    assert transition.state.answers == state.answers
