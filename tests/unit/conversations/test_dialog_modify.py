"""The end of the evaluation dialog: the summary to confirm, !modifier, and which stored
answers a message changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conversations.dialog import (
    CategoryAnswer,
    Position,
    Step,
    modify,
    question,
    resume,
    start,
    step,
    summary,
)
from conversations.survey import DEFAULT_SURVEY
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

# --- confirmation and the end ----------------------------------------------------------------


def test_after_the_last_category_the_summary_lists_every_answer() -> None:
    state = answered(WITH_SERVICES, ["Finances", *TO_CONFIRM[:-1]])
    transition = step(WITH_SERVICES, state, "Pour les réunions", "fr")
    assert transition.state.position.step is Step.CONFIRM
    assert readable(transition.replies[-1].plain).endswith(
        "Récapitulatif de vos réponses\n"
        "Service : Finances\n"
        "1. visioconférence : Zoom : 8 · 6 · 9 · nsp — problème : « Le son coupe »\n"
        "2. agenda partagé : aucun outil — un outil serait utile — « Pour les réunions »\n"
        "\n"
        "Tout est juste ? Écrivez valider. Pour corriger : retour, ou !modifier suivi du nom "
        "ou du numéro de la catégorie."
    )


def test_summary_shows_every_tool_of_a_category() -> None:
    state = answered(SMALL, ["Zoom 8 6 9 7 RAS, Teams 5 5 4 6,5 lent", "passer"])
    text = readable(summary(SMALL, state, "fr"))
    assert (
        "1. **visioconférence** : Zoom : 8 · 6 · 9 · 7 ; "
        "Microsoft Teams : 5 · 5 · 4 · 6,5 — problème : « lent »"
    ) in text


def test_summary_names_all_nine_default_categories() -> None:
    state = answered(DEFAULT_SURVEY, ["passer"] * 9)
    text = summary(DEFAULT_SURVEY, state, "fr")
    for number, category in enumerate(DEFAULT_SURVEY.categories, 1):
        assert f"{number}. **{category.name_fr}** : passée" in text


@pytest.mark.parametrize(
    "typed", ["valider", "Valider", "VALIDER.", "ok", "oui", "c'est bon", "je valide", "d’accord"]
)
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
    (reply,) = transition.replies
    assert reply.plain.startswith("Vous corrigez la catégorie")
    assert "reste enregistrée tant que la nouvelle n'est pas complète" in reply.plain
    assert reply.plain.endswith(question(SMALL, transition.state, "fr").plain)


@pytest.mark.parametrize(
    ("index", "messages", "new_answer"),
    [
        (0, ["3", "5 5 5 5", "rien"], uses(rated("Google Meet", 5, 5, 5, 5))),
        (0, ["aucun", "non"], CategoryAnswer(needed=False)),
        (
            0,
            ["Zoom et Meet", "5 5 5 5", "rien", "6 6 6 6", "rien"],
            uses(rated("Zoom", 5, 5, 5, 5), rated("Google Meet", 6, 6, 6, 6)),
        ),
        (1, ["Zimbra", "7 7 7 7", "Lent"], uses(rated("Zimbra", 7, 7, 7, 7, problem="Lent"))),
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
        if transition.state.position.step is not Step.CONFIRM:
            assert transition.state.answers == finished.answers, "stored until complete"
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


def test_an_abandoned_modification_leaves_the_previous_answer_in_place() -> None:
    finished = answered(SMALL, FINISHED)
    state = modify(SMALL, finished, 0, "fr").state
    state = answered(SMALL, ["Teams", "8", "8"], state=state)
    assert state.answers == finished.answers
    assert summary(SMALL, state, "fr") == summary(SMALL, finished, "fr")


def test_skipping_in_a_modification_keeps_the_answer() -> None:
    finished = answered(SMALL, FINISHED)
    state = modify(SMALL, finished, 0, "fr").state
    transition = step(SMALL, state, "passer", "fr")
    assert transition.changed == ()
    assert transition.state.answers == finished.answers
    assert "Votre réponse est gardée telle quelle." in plain(transition)
    back = step(SMALL, state, "retour", "fr")
    assert_refused(back, state)
    assert "première question de cette correction" in plain(back)


def test_modify_on_the_default_survey_goes_straight_back_to_the_summary() -> None:
    finished = answered(DEFAULT_SURVEY, [*["passer"] * 9, "valider"])
    state = modify(DEFAULT_SURVEY, finished, 4, "fr").state
    assert "5/9 — sondage" in question(DEFAULT_SURVEY, state, "fr").plain
    state = answered(DEFAULT_SURVEY, ["Framadate", "9 9 9 9", "rien"], state=state)
    assert state.position.step is Step.CONFIRM
    assert state.answers[4] == uses(rated("Framadate", 9, 9, 9, 9))
    assert all(a == CategoryAnswer(skipped=True) for i, a in enumerate(state.answers) if i != 4)


def test_modifying_a_category_mid_evaluation_comes_back_to_the_first_unanswered() -> None:
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


def test_issue_13_back_after_a_modification_goes_to_the_previous_category() -> None:
    """Mid-evaluation `!modifier visioconférence`, finish it, then `retour` at 6/9: the
    previous question is 5/9's, and `passer` there never replaces another answer."""
    messages = [
        "Teams 8 6 9 7 RAS", "WhatsApp 8 6 9 7 RAS", "Outlook 5 5 5 5 RAS",
        "Google Forms 6 6 6 6 RAS", "Doodle 7 7 7 7 RAS",
    ]  # fmt: skip
    state = answered(DEFAULT_SURVEY, messages)
    assert state.position == Position(Step.TOOL, 5)
    state = modify(DEFAULT_SURVEY, state, 0, "fr").state
    state = answered(DEFAULT_SURVEY, ["Zoom 4 4 4 4 RAS"], state=state)
    assert state.position == Position(Step.TOOL, 5)
    stored = state.answers
    back = step(DEFAULT_SURVEY, state, "retour", "fr")
    assert back.state.position == Position(Step.PROBLEM, 4, 0)
    assert "5/9 — sondage" in plain(back)
    skipped = step(DEFAULT_SURVEY, back.state, "passer", "fr")
    assert skipped.state.position == Position(Step.TOOL, 5)
    assert skipped.state.answers == stored
    assert skipped.state.answers[1] == uses(rated("WhatsApp", 8, 6, 9, 7))


# --- changed ---------------------------------------------------------------------------------


def test_changed_lists_exactly_the_categories_whose_stored_answer_changed() -> None:
    script = [
        ("Zoom", ()),
        ("8", ()),
        ("retour", ()),
        ("8", ()),
        ("bof", ()),
        ("aide", ()),
        ("6 9", ()),  # refused: two numbers for three missing
        ("6", ()),
        ("9", ()),
        ("7", ()),
        ("rien", (0,)),  # the category becomes complete: stored
        ("retour", ()),
        ("rien", ()),  # the same answer again: nothing to store
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
