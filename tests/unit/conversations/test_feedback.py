"""The short feedback survey after a rollout, message by message, as an agent lives it."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.feedback import (
    FeedbackState,
    FeedbackStateError,
    FeedbackStep,
    FeedbackTransition,
    dump_feedback,
    feedback_question,
    feedback_start,
    feedback_step,
    load_feedback,
)
from conversations.survey import Category, Criterion, Survey
from conversations.texts import Language, text, typed
from tests.support.kit import readable

VISIO = Category("visio", "visioconférence", "video conferencing", ("Zoom", "Visio"))
CRITERIA = (
    Criterion("efficacite", "efficacité", "effectiveness"),
    Criterion("cout", "coût", "cost"),
    Criterion("securite", "sécurité", "security"),
    Criterion("assimilation", "assimilation par les équipes", "adoption by the teams"),
)
SURVEY = Survey((VISIO,), CRITERIA)
SUITE = "Suite Numérique"

RATING = FeedbackStep.RATING
IDEA = FeedbackStep.IDEA
DONE = FeedbackStep.DONE


def answered(
    messages: Sequence[str], language: Language = "fr", survey: Survey = SURVEY
) -> FeedbackState:
    """The state after these messages, each of which must move the feedback on."""
    state = feedback_start(survey, SUITE, 30, language).state
    for message in messages:
        transition = feedback_step(survey, SUITE, state, message, language)
        assert transition.state != state, (message, [r.plain for r in transition.replies])
        state = transition.state
    return state


def send(state: FeedbackState, message: str, language: Language = "fr") -> FeedbackTransition:
    return feedback_step(SURVEY, SUITE, state, message, language)


def plain(transition: FeedbackTransition) -> str:
    return readable("\n".join(reply.plain for reply in transition.replies))


def asked(state: FeedbackState, language: Language = "fr") -> str:
    return readable(feedback_question(SURVEY, SUITE, state, language).plain)


def assert_kept(transition: FeedbackTransition, state: FeedbackState) -> None:
    assert transition.state is state
    assert not transition.rated
    assert not transition.idea_given


AT_IDEA = FeedbackState(IDEA, (8, 6, 9, 7))
FINISHED = FeedbackState(DONE, (8, 6, 9, 7), "Le son coupe")


# --- the invitation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "since", "count"),
    [
        ("fr", "Cela fait 30 jours que le déploiement de Suite Numérique a commencé", "4 notes"),
        ("en", "rollout of Suite Numérique started 30 days ago", "4 quick"),
    ],
)
def test_the_invitation_says_how_long_the_suite_is_in_use_then_asks_the_first_rating(
    language: Language, since: str, count: str
) -> None:
    opened = feedback_start(SURVEY, SUITE, 30, language)

    intro, first = opened.replies
    assert since in intro.plain
    assert SUITE in intro.plain
    assert count in intro.plain
    assert opened.state == FeedbackState()
    assert first == feedback_question(SURVEY, SUITE, opened.state, language)
    assert "(1/4)" in first.plain
    assert not opened.rated and not opened.idea_given


def test_the_first_question_names_the_criterion_and_offers_all_ratings_at_once() -> None:
    first = asked(FeedbackState())

    assert first.startswith("Suite Numérique — efficacité (1/4)")
    assert "efficacité, coût, sécurité, assimilation par les équipes : 8 6 9 7" in first


def test_the_next_questions_do_not_repeat_the_tip() -> None:
    second = asked(FeedbackState(RATING, (8,)))

    assert "coût (2/4)" in second
    assert "Astuce" not in second


# --- ratings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_rating", "rating"),
    [
        ("7", 7),
        (" 7 ", 7),
        ("7/10", 7),
        ("7 / 10", 7),
        ("sept", 7),
        ("Sept.", 7),
        ("0", 0),
        ("zéro", 0),
        ("10", 10),
        ("dix", 10),
        ("10/10", 10),
        ("nsp", None),
        ("je ne sais pas", None),
        ("passer", None),
        ("Passer", None),
        ("skip", None),
    ],
)
def test_a_rating_is_accepted_in_every_form(typed_rating: str, rating: int | None) -> None:
    state = FeedbackState()

    transition = send(state, typed_rating)

    assert transition.state == FeedbackState(RATING, (rating,))
    assert transition.replies == (feedback_question(SURVEY, SUITE, transition.state, "fr"),)
    assert "coût (2/4)" in plain(transition)
    assert not transition.rated


@pytest.mark.parametrize("greeting", ["Bonjour", "bonjour !", "Salut"])
def test_a_greeting_is_answered_with_the_question_again_not_read_as_a_rating(
    greeting: str,
) -> None:
    state = FeedbackState(RATING, (8,))

    transition = send(state, greeting)

    assert transition.state == state
    assert plain(transition).startswith("Bonjour ! Nous en sommes à cette question :")
    assert "coût (2/4)" in plain(transition)
    assert "pas compris" not in plain(transition)


def test_ratings_one_at_a_time_lead_to_the_idea_once_the_last_is_given() -> None:
    state = FeedbackState()
    rated = []
    for message in ["7", "7/10", "sept", "nsp"]:
        transition = send(state, message)
        rated.append(transition.rated)
        state = transition.state

    assert rated == [False, False, False, True]
    assert state == FeedbackState(IDEA, (7, 7, 7, None))
    noted, idea = transition.replies
    assert readable(noted.plain) == (
        "Noté : efficacité 7, coût 7, sécurité 7, assimilation par les équipes nsp."
    )
    assert readable(idea.plain) == (
        "Un problème ou une idée à remonter sur Suite Numérique ? Quelques mots, ou rien."
    )
    assert not transition.idea_given


@pytest.mark.parametrize(
    ("message", "ratings"),
    [
        ("8 6 9 7", (8, 6, 9, 7)),
        ("8, 6, 9, 7", (8, 6, 9, 7)),
        ("8;6;9;7", (8, 6, 9, 7)),
        ("8 6 9 nsp", (8, 6, 9, None)),
        ("huit six 9/10 0", (8, 6, 9, 0)),
    ],
)
def test_all_ratings_can_be_given_at_once(message: str, ratings: tuple[int | None, ...]) -> None:
    transition = send(FeedbackState(), message)

    assert transition.state == FeedbackState(IDEA, ratings)
    assert transition.rated
    assert readable(transition.replies[0].plain).startswith("Noté : efficacité 8, coût 6")
    assert transition.replies[1] == feedback_question(SURVEY, SUITE, transition.state, "fr")


def test_all_ratings_at_once_replace_the_ones_already_given() -> None:
    state = FeedbackState(RATING, (5,))

    transition = send(state, "8 6 9 7")

    assert transition.state == FeedbackState(IDEA, (8, 6, 9, 7))
    assert transition.rated


def test_the_ratings_still_missing_can_come_at_once() -> None:
    state = FeedbackState(RATING, (8,))

    transition = send(state, "6 9 7,5")

    assert transition.state == FeedbackState(IDEA, (8, 6, 9, 7.5))


@pytest.mark.parametrize(
    ("message", "explanation"),
    [
        ("11", "La note doit être comprise entre 0 et 10."),
        ("-1", "La note doit être comprise entre 0 et 10."),
        ("11/10", "La note doit être comprise entre 0 et 10."),
        ("7,25", "Je garde les notes entières ou les demi-points"),
        ("7.3", "Je garde les notes entières ou les demi-points"),
        ("bof", "Je n'ai pas compris cette note."),
        ("", "Je n'ai pas compris cette note."),
        ("2 fois par semaine", "Je n'ai pas trouvé de note dans votre message."),
        ("entre 6 et 7", "Donnez une seule note"),
        ("8 6 9", "Il manque une note : 3 sur 4."),  # three of four ratings
    ],
)
@pytest.mark.parametrize("state", [FeedbackState(), FeedbackState(RATING, (8, None))])
def test_an_invalid_rating_keeps_the_state_explains_and_asks_again(
    state: FeedbackState, message: str, explanation: str
) -> None:
    transition = send(state, message)

    assert_kept(transition, state)
    why, again = transition.replies
    assert readable(why.plain).startswith(explanation)
    assert again == feedback_question(SURVEY, SUITE, state, "fr")


# --- retour, aide, pause ---------------------------------------------------------------------


@pytest.mark.parametrize("word", ["retour", "Retour.", "back", "précédent"])
def test_back_returns_to_the_previous_rating(word: str) -> None:
    transition = send(FeedbackState(RATING, (8, 6)), word)

    assert transition.state == FeedbackState(RATING, (8,))
    assert transition.replies == (feedback_question(SURVEY, SUITE, transition.state, "fr"),)
    assert "coût (2/4)" in plain(transition)


def test_back_from_the_idea_returns_to_the_last_rating() -> None:
    transition = send(AT_IDEA, "retour")

    assert transition.state == FeedbackState(RATING, (8, 6, 9))
    assert "assimilation par les équipes (4/4)" in plain(transition)
    assert not transition.rated


def test_the_last_rating_given_again_after_going_back_is_stored_again() -> None:
    back = send(AT_IDEA, "retour").state

    transition = send(back, "3")

    assert transition.state == FeedbackState(IDEA, (8, 6, 9, 3))
    assert transition.rated


def test_back_at_the_first_question_says_there_is_nothing_before() -> None:
    state = FeedbackState()

    transition = send(state, "retour")

    assert_kept(transition, state)
    why, again = transition.replies
    assert readable(why.plain) == "C'est la première question : impossible de revenir en arrière."
    assert again == feedback_question(SURVEY, SUITE, state, "fr")


@pytest.mark.parametrize(
    ("state", "explanation"),
    [
        (FeedbackState(), "Donnez une note entière de 0 (très mauvais) à 10 (excellent)"),
        (FeedbackState(RATING, (8, 6)), "Donnez une note entière de 0 (très mauvais)"),
        (AT_IDEA, "Décrivez en quelques mots un problème rencontré ou une idée"),
    ],
)
@pytest.mark.parametrize("word", ["aide", "Aide ?", "?", "help"])
def test_help_explains_the_current_question_without_changing_anything(
    state: FeedbackState, explanation: str, word: str
) -> None:
    transition = send(state, word)

    assert_kept(transition, state)
    why, again = transition.replies
    assert readable(why.plain).startswith(explanation)
    assert again == feedback_question(SURVEY, SUITE, state, "fr")


@pytest.mark.parametrize("state", [FeedbackState(RATING, (8,)), AT_IDEA])
def test_pause_keeps_the_answers_given(state: FeedbackState) -> None:
    transition = send(state, "pause")

    assert_kept(transition, state)
    assert "vos réponses sont gardées" in plain(transition)


# --- the idea --------------------------------------------------------------------------------


def test_an_idea_is_stored_with_its_spaces_tidied_and_the_feedback_ends() -> None:
    transition = send(AT_IDEA, "  Le son   coupe\n\nen  visio  ")

    assert transition.state == FeedbackState(DONE, (8, 6, 9, 7), "Le son coupe en visio")
    assert transition.state.finished
    assert transition.idea_given
    assert not transition.rated
    (thanks,) = transition.replies
    assert readable(thanks.plain).startswith(
        "Merci ! Votre retour sur Suite Numérique est enregistré."
    )


def test_a_long_idea_is_cut_at_a_thousand_characters() -> None:
    transition = send(AT_IDEA, "mot   " * 400)

    assert transition.state.idea == ("mot " * 250)[:1000]
    assert len(transition.state.idea) == 1000
    assert transition.idea_given


def test_an_empty_idea_is_refused() -> None:
    transition = send(AT_IDEA, "  \n ")

    assert_kept(transition, AT_IDEA)
    assert plain(transition).startswith("Votre message est vide")


@pytest.mark.parametrize("word", ["rien", "Rien.", "non", "passer", "ras", "aucun souci"])
def test_nothing_to_add_ends_the_feedback_with_no_idea(word: str) -> None:
    transition = send(AT_IDEA, word)

    assert transition.state == FeedbackState(DONE, (8, 6, 9, 7), None)
    assert not transition.idea_given
    assert plain(transition).startswith("Merci !")


@pytest.mark.parametrize("message", ["8", "retour", "aide", "une autre idée", "pause"])
def test_messages_after_the_end_are_told_it_is_already_done(message: str) -> None:
    transition = send(FINISHED, message)

    assert_kept(transition, FINISHED)
    assert plain(transition).startswith("Vous avez déjà répondu à cette enquête")


def test_a_whole_feedback_from_start_to_end() -> None:
    state = answered(["8", "passer", "9/10", "sept", "L'agenda ne se synchronise pas"])

    assert state == FeedbackState(DONE, (8, None, 9, 7), "L'agenda ne se synchronise pas")


# --- in English, and what the agent typed ----------------------------------------------------


def test_an_english_speaker_gets_english_replies() -> None:
    rated = send(FeedbackState(), "8 6 nsp 7", "en")
    refused = send(FeedbackState(), "11", "en")
    done = send(rated.state, "none", "en")

    assert rated.replies[0].plain == (
        "Noted: effectiveness 8, cost 6, security n/a, adoption by the teams 7."
    )
    assert rated.replies[1].plain.startswith("A problem or an idea to pass on about Suite")
    assert refused.replies[0].plain == "The rating must be between 0 and 10."
    assert "effectiveness (1/4)" in refused.replies[1].plain
    assert done.state == FeedbackState(DONE, (8, 6, None, 7))
    assert done.replies[0].plain.startswith("Thank you! Your feedback on Suite Numérique")
    assert send(done.state, "hello", "en").replies[0].plain.startswith("You have already answered")


def test_bold_marks_in_the_suites_name_are_defused() -> None:
    suite = "Suite **Numérique**"

    opened = feedback_start(SURVEY, suite, 7, "fr")
    idea = feedback_question(SURVEY, suite, AT_IDEA, "fr")
    thanks = feedback_step(SURVEY, suite, AT_IDEA, "rien", "fr").replies[0]

    intro, first = opened.replies
    assert "<strong>efficacité</strong>" in first.html
    for reply in (intro, first, idea, thanks):
        assert typed(suite) in reply.text
        assert "<strong>Numérique</strong>" not in reply.html


# --- what is stored --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        FeedbackState(),
        FeedbackState(RATING, (8, None)),
        FeedbackState(IDEA, (0, 10, None, 7)),
        FeedbackState(DONE, (8, 6, 9, 7), "L'agenda « partagé » ne s'affiche pas"),
        FeedbackState(DONE, (None, None, None, None), None),
    ],
)
def test_a_stored_feedback_reads_back_the_same(state: FeedbackState) -> None:
    assert load_feedback(dump_feedback(state), SURVEY) == state


def test_the_stored_form_is_compact_json_that_keeps_accents() -> None:
    stored = dump_feedback(FeedbackState(DONE, (8, None, 9, 7), "coupé"))

    assert stored == '{"v":1,"step":"done","ratings":[8,null,9,7],"idea":"coupé"}'


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "pas du json",
        "[]",
        "null",
        "42",
        '{"v":1,"ratings":[]}',  # no step
        '{"v":1,"step":"rating"}',  # no ratings
        '{"v":1,"step":"fini","ratings":[]}',  # unknown step
        '{"v":1,"step":"rating","ratings":null}',
        '{"v":1,"step":"rating","ratings":[11]}',
        '{"v":1,"step":"rating","ratings":[-1]}',
        '{"v":1,"step":"rating","ratings":[7.25]}',
        '{"v":1,"step":"rating","ratings":["7"]}',
        '{"v":1,"step":"rating","ratings":"78"}',
        '{"v":1,"step":"done","ratings":[1,2,3,4,5]}',  # more ratings than criteria
        '{"v":1,"step":"done","ratings":[1,2,3,4],"idea":42}',
    ],
)
def test_a_stored_feedback_this_version_cannot_read_is_an_error(stored: str) -> None:
    with pytest.raises(FeedbackStateError):
        load_feedback(stored, SURVEY)


# --- cases that were bugs when these tests were written


def test_a_rating_state_with_every_rating_given_cannot_be_loaded() -> None:
    stored = '{"v":1,"step":"rating","ratings":[8,6,9,7],"idea":null}'

    with pytest.raises(FeedbackStateError):
        load_feedback(stored, SURVEY)


def test_a_boolean_is_not_a_rating() -> None:
    with pytest.raises(FeedbackStateError):
        load_feedback('{"v":1,"step":"rating","ratings":[true]}', SURVEY)


def test_the_tip_matches_the_number_of_criteria() -> None:
    three = Survey((VISIO,), CRITERIA[:3])

    first = feedback_question(three, SUITE, FeedbackState(), "fr").plain

    assert "quatre" not in first
    assert "8 6 9 7" not in first


# --- any message, in any order ---------------------------------------------------------------

WORDS = [
    "retour", "passer", "pause", "aide", "?", "nsp", "rien", "non", "back", "skip", "none",
    "7/10", "8 6 9 7", "sept", "0", "10", "11", "7,5", "bof", "une idée", "**",
]  # fmt: skip
MESSAGES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(WORDS),
    st.lists(st.integers(-2, 12).map(str), min_size=1, max_size=5).map(" ".join),
)
KEEPING = {
    language: {
        text(language, key)
        for key in (
            "error.rating",
            "error.rating_range",
            "error.rating_half",
            "error.rating_sentence",
            "error.rating_between",
            "error.empty",
            "dialog.first_question",
            "feedback.help.rating",
            "feedback.help.idea",
            "feedback.pause",
            "feedback.already_done",
        )
    }
    for language in ("fr", "en")
}


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(messages=st.lists(MESSAGES, max_size=12), language=st.sampled_from(["fr", "en"]))
def test_no_messages_give_a_rating_out_of_range_and_a_refusal_changes_nothing(
    messages: list[str], language: Language
) -> None:
    state = feedback_start(SURVEY, SUITE, 30, language).state
    for message in messages:
        transition = feedback_step(SURVEY, SUITE, state, message, language)
        new = transition.state
        assert transition.replies
        assert len(new.ratings) <= len(CRITERIA)
        assert all(r is None or (0 <= r <= 10 and r * 2 == int(r * 2)) for r in new.ratings)
        if transition.replies[0].text in KEEPING[language]:
            assert new is state, message
        if state.finished:
            assert new is state
        if transition.rated:
            assert new.step is IDEA and len(new.ratings) == len(CRITERIA)
        if transition.idea_given:
            assert new.finished and new.idea and len(new.idea) <= 1000
        if new.step is RATING:
            assert len(new.ratings) < len(CRITERIA)
        assert load_feedback(dump_feedback(new), SURVEY) == new
        state = new
