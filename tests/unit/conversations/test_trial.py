"""The pilot trial's questionnaire, message by message, as a pilot lives it: the modules
tried, three ratings for each, a comment, for each candidate suite in turn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations import words
from conversations.survey import Category, Criterion, Survey
from conversations.texts import Language
from conversations.trial import (
    TrialTransition,
    trial_first_state,
    trial_intro,
    trial_question,
    trial_start,
    trial_step,
)
from conversations.trial_plan import (
    TRIAL_CRITERIA,
    TrialModule,
    TrialPlan,
    TrialPlanError,
    TrialSuite,
)
from conversations.trial_state import (
    SuiteAnswers,
    TrialRating,
    TrialState,
    TrialStateError,
    TrialStep,
    dump_plan,
    dump_trial,
    load_plan,
    load_trial,
)
from tests.support.kit import readable

SURVEY = Survey(
    (
        Category("visioconference", "visioconférence", "video conferencing", ("Zoom",)),
        Category("messagerie", "messagerie instantanée", "instant messaging", ("Tchap",)),
        Category("agenda", "agenda partagé", "shared calendar", ("Outlook / Exchange",)),
        Category("questionnaire", "questionnaire", "forms and questionnaires", ("Forms",)),
        Category("sondage", "sondage", "polls", ("Doodle",)),
        Category("ged", "gestion électronique des documents (GED)", "document management", ()),
    ),
    (Criterion("efficacite", "efficacité", "effectiveness"),),
)
ALPHA = TrialSuite(
    "alpha",
    "Suite Alpha (fictive)",
    (
        TrialModule("visioconference", "Alpha Visio"),
        TrialModule("messagerie", "Alpha Messages"),
        TrialModule("agenda", "Alpha Agenda"),
        TrialModule("questionnaire", "Alpha Formulaires"),
        TrialModule("sondage", "Alpha Formulaires"),  # one module, two needs
    ),
)  # by number: 1 visio, 2 messagerie, 3 agenda, 4 questionnaire, 5 sondage
BETA = TrialSuite(
    "beta",
    "Suite Bêta (fictive)",
    (TrialModule("visioconference", "Beta Meet"), TrialModule("agenda", "Beta Calendar")),
)
PLAN = TrialPlan((ALPHA, BETA), closes_on=date(2027, 3, 15))

TRIED = TrialStep.TRIED
RATING = TrialStep.RATING
COMMENT = TrialStep.COMMENT
DONE = TrialStep.DONE

VISIO_AGENDA = ("visioconference", "agenda")
# Alpha: visio and agenda tried, the agenda's first rating asked.
AT_AGENDA = TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), ())),))
AT_ALPHA_COMMENT = TrialState(
    COMMENT, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 7.5))),)
)
ALPHA_DONE = SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 7.5)), "Le son coupe")
AT_BETA = TrialState(TRIED, (ALPHA_DONE,))
FINISHED = TrialState(DONE, (ALPHA_DONE, SuiteAnswers("beta", (), (), None)))


def send(state: TrialState, message: str, language: Language = "fr") -> TrialTransition:
    return trial_step(SURVEY, PLAN, state, message, language)


def answered(messages: Sequence[str], language: Language = "fr") -> list[TrialTransition]:
    """Every transition of these messages, each of which must move the questionnaire on."""
    state = trial_start(SURVEY, PLAN, language).state
    transitions = []
    for message in messages:
        transition = send(state, message, language)
        assert transition.state != state, (message, plain(transition))
        transitions.append(transition)
        state = transition.state
    return transitions


def plain(transition: TrialTransition) -> str:
    return readable("\n".join(reply.plain for reply in transition.replies))


def asked(state: TrialState, language: Language = "fr") -> str:
    return readable(trial_question(SURVEY, PLAN, state, language).plain)


def assert_refused(transition: TrialTransition, state: TrialState, explanation: str) -> None:
    """Nothing changed; the reason, then the question again."""
    assert transition.state is state
    assert transition.completed_suite is None
    why, again = transition.replies
    assert readable(why.plain).startswith(explanation), why.plain
    assert again == trial_question(SURVEY, PLAN, state, "fr")


# --- the invitation --------------------------------------------------------------------------


def test_the_invitation_names_the_suites_the_last_day_and_what_will_be_asked() -> None:
    opened = trial_start(SURVEY, PLAN, "fr")

    intro, first = opened.replies
    assert readable(intro.plain) == (
        "Bonjour ! Vous faites partie du groupe pilote qui essaie 2 suites candidates avant le "
        "choix d'une suite collaborative : Suite Alpha (fictive) et Suite Bêta (fictive). "
        "L'essai dure jusqu'au 15/03/2027.\n"
        "Essayez les modules de chacune, puis donnez-moi votre avis ici : trois notes par "
        "module essayé (simplicité de prise en main, efficacité, sécurité perçue) et un "
        "commentaire par suite."
    )
    assert opened.state == TrialState() == trial_first_state(PLAN)
    assert first == trial_question(SURVEY, PLAN, opened.state, "fr")
    assert opened.completed_suite is None


def test_a_trial_without_a_last_day_gives_none() -> None:
    intro = trial_intro(TrialPlan((ALPHA, BETA)), "fr").plain

    assert "jusqu'au" not in intro
    assert "Suite Bêta (fictive).\nEssayez" in readable(intro)


def test_the_first_question_lists_the_suites_modules_numbered() -> None:
    assert asked(TrialState()) == (
        "1/2 — Suite Alpha (fictive)\n"
        "Quels modules avez-vous essayés ?\n"
        "1. visioconférence — Alpha Visio\n"
        "2. messagerie instantanée — Alpha Messages\n"
        "3. agenda partagé — Alpha Agenda\n"
        "4. questionnaire — Alpha Formulaires\n"
        "5. sondage — Alpha Formulaires\n"
        "Répondez par les numéros ou les noms (par exemple 1 3), tous ou aucun."
    )


def test_a_trial_of_one_suite_does_not_count_the_suites() -> None:
    alone = TrialPlan((BETA,))

    question = readable(trial_question(SURVEY, alone, TrialState(), "fr").plain)

    assert question.startswith("Suite Bêta (fictive)\nQuels modules")
    assert "(par exemple 1 2)" in question


# --- the modules tried -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "tried"),
    [
        ("1", ("visioconference",)),
        ("1 3 4", ("visioconference", "agenda", "questionnaire")),
        ("1, 3 et 4", ("visioconference", "agenda", "questionnaire")),
        ("4 1", ("visioconference", "questionnaire")),  # kept in the suite's order
        ("1-3", ("visioconference", "messagerie", "agenda")),
        ("1 à 3", ("visioconference", "messagerie", "agenda")),
        ("3-1", ("visioconference", "messagerie", "agenda")),
        ("les modules 1 et 3", VISIO_AGENDA),
        ("visio et agenda", VISIO_AGENDA),
        ("Visioconférence, agenda partagé", VISIO_AGENDA),
        ("j'ai essayé la visio et l'agenda", VISIO_AGENDA),
        ("Alpha Visio + Alpha Agenda", VISIO_AGENDA),
        ("video conferencing and shared calendar", VISIO_AGENDA),
        ("1 et agenda", VISIO_AGENDA),
        ("Alpha Formulaires", ("questionnaire", "sondage")),  # the module covers both
        ("sondage", ("sondage",)),
        ("tous", tuple(m.category for m in ALPHA.modules)),
        ("Tout !", tuple(m.category for m in ALPHA.modules)),
    ],
)
def test_the_modules_tried_are_read_by_number_range_or_name(
    message: str, tried: tuple[str, ...]
) -> None:
    transition = send(TrialState(), message)

    assert transition.state == TrialState(RATING, (SuiteAnswers("alpha", tried, ((),)),))
    noted, question = transition.replies
    names = [SURVEY.category(c).name("fr") for c in tried]
    assert readable(noted.plain).startswith("Noté : " + names[0])
    assert question == trial_question(SURVEY, PLAN, transition.state, "fr")
    assert transition.completed_suite is None


def test_the_modules_tried_are_acknowledged_by_name() -> None:
    transition = send(TrialState(), "1 3 4")

    assert readable(transition.replies[0].plain) == (
        "Noté : visioconférence, agenda partagé et questionnaire."
    )


@pytest.mark.parametrize("message", sorted(words.TRIED_ALL))
def test_every_way_of_saying_all_were_tried(message: str) -> None:
    transition = send(TrialState(), message)

    assert transition.state.answers[0].tried == tuple(m.category for m in ALPHA.modules)


@pytest.mark.parametrize("message", [*sorted(words.TRIED_NONE), "passer", "Aucun.", "Rien !"])
def test_none_tried_skips_the_ratings_and_asks_the_comment_all_the_same(message: str) -> None:
    transition = send(TrialState(), message)

    assert transition.state == TrialState(COMMENT, (SuiteAnswers("alpha"),))
    noted, question = transition.replies
    assert readable(noted.plain) == "Noté : aucun module essayé."
    assert readable(question.plain).startswith("1/2 — Suite Alpha (fictive)\nUn commentaire sur")


@pytest.mark.parametrize(
    ("message", "explanation"),
    [
        ("12", "Il n'y a pas de module n° 12 : choisissez entre 1 et 5."),
        ("0", "Il n'y a pas de module n° 0 : choisissez entre 1 et 5."),
        ("1 3 6", "Il n'y a pas de module n° 6 : choisissez entre 1 et 5."),
        ("2-9", "Il n'y a pas de module n° 9 : choisissez entre 1 et 5."),
        ("8 7 9", "Il n'y a pas de module n° 8"),  # ratings, one question early
        ("tableur", "Je ne trouve pas « tableur » parmi les modules de cette suite."),
        ("calendrier", "Je ne trouve pas « calendrier » : vouliez-vous dire agenda partagé ?"),
        ("visio et ged", "Je ne trouve pas « ged » parmi les modules"),  # not in this suite
        ("visioconferance", "Je ne trouve pas « visioconferance » : vouliez-vous dire"),
        ("alpha", "Plusieurs modules correspondent à « alpha » : répondez par leurs numéros."),
        ("tous, 1", "« tous » et « aucun » s'écrivent seuls"),
        ("1 et aucun", "« tous » et « aucun » s'écrivent seuls"),
        ("je ne me souviens plus très bien de ce que j'ai ouvert", "Je n'ai pas compris quels"),
        ("", "Je n'ai pas compris quels modules vous avez essayés."),
        (" , ", "Je n'ai pas compris quels modules vous avez essayés."),
    ],
)
def test_an_answer_that_names_no_module_of_the_list_keeps_the_state_and_says_why(
    message: str, explanation: str
) -> None:
    start = TrialState()

    assert_refused(send(start, message), start, explanation)


def test_numbers_are_those_of_the_suite_being_asked_about() -> None:
    refused = send(AT_BETA, "3")
    accepted = send(AT_BETA, "2")

    assert_refused(refused, AT_BETA, "Il n'y a pas de module n° 3 : choisissez entre 1 et 2.")
    assert accepted.state.answers[-1] == SuiteAnswers("beta", ("agenda",), ((),))


# --- the ratings -----------------------------------------------------------------------------


def test_the_first_rating_names_the_module_the_criterion_its_scale_and_the_fast_form() -> None:
    state = send(TrialState(), "1 3").state

    assert asked(state) == (
        "1/2 — Suite Alpha (fictive)\n"
        "Alpha Visio (visioconférence) — simplicité de prise en main (1/3) : votre note de 0 à "
        "10 ? (nsp si vous ne savez pas)\n"
        "(10 = vous vous y retrouvez tout de suite, 0 = impossible sans aide)\n"
        "Astuce : toutes les notes d'un coup, dans l'ordre simplicité de prise en main, "
        "efficacité, sécurité perçue : 8 6 9"
    )


def test_the_next_criteria_do_not_repeat_the_tip_and_the_next_modules_not_the_scales() -> None:
    second = asked(TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8,),)),)))
    next_module = asked(AT_AGENDA)

    assert "efficacité (2/3)" in second
    assert "(10 = il vous fait gagner du temps" in second
    assert "Astuce" not in second
    assert "Alpha Agenda (agenda partagé) — simplicité de prise en main (1/3)" in next_module
    assert "Astuce" in next_module
    assert "(10 =" not in next_module


@pytest.mark.parametrize(
    ("message", "ratings"),
    [
        ("8 7 9", (8, 7, 9)),
        ("8/10 7 9", (8, 7, 9)),
        ("8, 7, 9", (8, 7, 9)),
        ("huit sept neuf", (8, 7, 9)),
        ("8 nsp 7,5", (8, None, 7.5)),
        ("10 0 5", (10, 0, 5)),
    ],
)
def test_the_three_ratings_can_come_at_once(
    message: str, ratings: tuple[float | None, ...]
) -> None:
    transition = send(AT_AGENDA, message)

    assert transition.state == TrialState(
        COMMENT, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), ratings)),)
    )
    noted, question = transition.replies
    assert readable(noted.plain).startswith("Noté pour Alpha Agenda : simplicité de prise en")
    assert question == trial_question(SURVEY, PLAN, transition.state, "fr")
    assert transition.completed_suite is None


@pytest.mark.parametrize(
    ("message", "rating"),
    [
        ("7", 7),
        ("7/10", 7),
        ("sept", 7),
        ("je dirais 7", 7),
        ("7,5", 7.5),
        ("15/20", 7.5),
        ("nsp", None),
        ("je ne sais pas", None),
        ("passer", None),
    ],
)
def test_a_rating_is_accepted_in_every_form_of_the_evaluation(
    message: str, rating: float | None
) -> None:
    transition = send(AT_AGENDA, message)

    assert transition.state.answers[-1].ratings == ((8, 7, 9), (rating,))
    assert transition.replies == (trial_question(SURVEY, PLAN, transition.state, "fr"),)
    assert "Alpha Agenda (agenda partagé) — efficacité (2/3)" in plain(transition)


def test_ratings_one_at_a_time_are_noted_once_the_third_is_given() -> None:
    state = send(TrialState(), "1 3").state
    replies = []
    for message in ["8", "passer", "9"]:
        transition = send(state, message)
        replies.append(plain(transition))
        state = transition.state

    assert state == TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, None, 9), ())),))
    assert "Noté" not in replies[0] + replies[1]
    assert replies[2].startswith(
        "Noté pour Alpha Visio : simplicité de prise en main 8, efficacité nsp, sécurité perçue 9."
    )
    assert "Alpha Agenda (agenda partagé) — simplicité de prise en main (1/3)" in replies[2]


def test_the_ratings_still_missing_can_come_at_once() -> None:
    state = send(AT_AGENDA, "6").state

    transition = send(state, "nsp 7,5")

    assert transition.state == AT_ALPHA_COMMENT


@pytest.mark.parametrize(
    ("message", "explanation"),
    [
        ("11", "La note doit être comprise entre 0 et 10."),
        ("8 11 9", "La note doit être comprise entre 0 et 10."),
        ("7,25", "Je garde les notes entières ou les demi-points"),
        ("bof", "Je n'ai pas compris cette note."),
        ("visio", "Je n'ai pas compris cette note."),
        ("entre 6 et 7", "Donnez une seule note"),
        ("2 fois par semaine", "Je n'ai pas trouvé de note dans votre message."),
        ("8 7", "Il manque une note : 2 sur 3."),
        ("8 7 9 6", "J'ai lu 4 notes, il en faut 3"),
    ],
)
def test_an_invalid_rating_keeps_the_state_and_says_what_is_expected(
    message: str, explanation: str
) -> None:
    assert_refused(send(AT_AGENDA, message), AT_AGENDA, explanation)


# --- the comment -----------------------------------------------------------------------------


def test_a_comment_completes_the_suite_and_opens_the_next() -> None:
    transition = send(AT_ALPHA_COMMENT, "  Le son   coupe\n")

    assert transition.state == AT_BETA
    assert transition.completed_suite == "alpha"
    noted, question = transition.replies
    assert readable(noted.plain) == "Merci, votre avis sur Suite Alpha (fictive) est enregistré."
    assert readable(question.plain).startswith("2/2 — Suite Bêta (fictive)\nQuels modules")


def test_the_comment_question_names_the_suite() -> None:
    assert asked(AT_ALPHA_COMMENT) == (
        "1/2 — Suite Alpha (fictive)\n"
        "Un commentaire sur Suite Alpha (fictive) ? Ce qui vous a plu, gêné ou manqué, en "
        "quelques mots, ou RAS."
    )


@pytest.mark.parametrize("message", ["RAS", "rien", "Rien.", "passer", "non", "aucun souci"])
def test_nothing_to_add_is_no_comment(message: str) -> None:
    transition = send(AT_ALPHA_COMMENT, message)

    assert transition.state.answers[0].comment is None
    assert transition.completed_suite == "alpha"


def test_a_long_comment_is_cut_at_a_thousand_characters() -> None:
    transition = send(AT_ALPHA_COMMENT, "mot   " * 400)

    assert transition.state.answers[0].comment == ("mot " * 250)[:1000]


def test_an_empty_comment_is_refused() -> None:
    assert_refused(send(AT_ALPHA_COMMENT, " \n "), AT_ALPHA_COMMENT, "Votre message est vide")


def test_a_comment_that_asks_a_question_is_a_comment_not_a_call_for_help() -> None:
    transition = send(AT_ALPHA_COMMENT, "Comment partager un agenda avec la mairie annexe ?")

    assert transition.state.answers[0].comment == (
        "Comment partager un agenda avec la mairie annexe ?"
    )


def test_the_last_comment_thanks_and_ends() -> None:
    at_last = TrialState(COMMENT, (ALPHA_DONE, SuiteAnswers("beta")))

    transition = send(at_last, "Je n'ai pas eu le temps")

    assert transition.state == TrialState(
        DONE, (ALPHA_DONE, SuiteAnswers("beta", comment="Je n'ai pas eu le temps"))
    )
    assert transition.state.finished
    assert transition.completed_suite == "beta"
    (thanks,) = transition.replies
    assert readable(thanks.plain).startswith("Merci ! Vos réponses sur l'essai sont enregistrées")


@pytest.mark.parametrize("message", ["8", "retour", "aide", "pause", "une dernière idée"])
def test_messages_after_the_end_are_told_it_is_already_done(message: str) -> None:
    transition = send(FINISHED, message)

    assert transition.state is FINISHED
    assert transition.completed_suite is None
    assert plain(transition) == "Vous avez déjà répondu au questionnaire de l'essai, merci !"


# --- the whole questionnaire -----------------------------------------------------------------


def test_two_suites_from_start_to_end_in_varied_forms() -> None:
    transitions = answered(
        [
            "visio et agenda",  # Alpha
            "8/10 7 9",
            "je dirais 6",
            "nsp",
            "sept et demi",
            "L'agenda est clair, la visio coupe",
            "1-2",  # Bêta
            "huit",
            "passer",
            "9",
            "5 5 5",
            "RAS",
        ]
    )

    assert transitions[-1].state == TrialState(
        DONE,
        (
            SuiteAnswers(
                "alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 7.5)),
                "L'agenda est clair, la visio coupe",
            ),
            SuiteAnswers("beta", VISIO_AGENDA, ((8, None, 9), (5, 5, 5)), None),
        ),
    )  # fmt: skip
    completed = [t.completed_suite for t in transitions if t.completed_suite]
    assert completed == ["alpha", "beta"]
    assert transitions[5].completed_suite == "alpha"


def test_the_ratings_are_given_by_category_and_criterion_for_storing() -> None:
    assert ALPHA_DONE.rated() == (
        TrialRating("visioconference", "simplicite", 8),
        TrialRating("visioconference", "efficacite", 7),
        TrialRating("visioconference", "securite", 9),
        TrialRating("agenda", "simplicite", 6),
        TrialRating("agenda", "efficacite", None),
        TrialRating("agenda", "securite", 7.5),
    )
    assert SuiteAnswers("beta").rated() == ()
    assert FINISHED.answers_for("alpha") == ALPHA_DONE
    assert FINISHED.answers_for("gamma") is None


def test_the_trial_criteria_are_the_methods() -> None:
    assert [(c.key, c.name("fr"), c.name("en")) for c in TRIAL_CRITERIA] == [
        ("simplicite", "simplicité de prise en main", "ease of getting started"),
        ("efficacite", "efficacité", "effectiveness"),
        ("securite", "sécurité perçue", "perceived security"),
    ]


# --- retour ----------------------------------------------------------------------------------


def test_back_at_the_first_question_says_there_is_nothing_before() -> None:
    start = TrialState()

    assert_refused(
        send(start, "retour"),
        start,
        "C'est la première question : impossible de revenir en arrière.",
    )


def test_back_returns_to_the_previous_criterion() -> None:
    state = TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, 5))),))

    transition = send(state, "retour")

    assert transition.state == TrialState(
        RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6,))),)
    )
    assert transition.replies == (trial_question(SURVEY, PLAN, transition.state, "fr"),)
    assert "Alpha Agenda (agenda partagé) — efficacité (2/3)" in plain(transition)


def test_back_from_a_modules_first_rating_returns_to_the_previous_modules_last() -> None:
    transition = send(AT_AGENDA, "retour")

    assert transition.state == TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7),)),))
    assert "Alpha Visio (visioconférence) — sécurité perçue (3/3)" in plain(transition)
    again = send(transition.state, "4")
    assert again.state == TrialState(
        RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 4), ())),)
    )


def test_back_from_the_first_rating_returns_to_the_modules_tried() -> None:
    state = send(TrialState(), "1 3").state

    transition = send(state, "retour")

    assert transition.state == TrialState()
    assert "Quels modules avez-vous essayés ?" in plain(transition)


def test_back_from_the_comment_returns_to_the_last_rating_or_to_the_modules() -> None:
    rated = send(AT_ALPHA_COMMENT, "retour")
    none_tried = send(TrialState(COMMENT, (ALPHA_DONE, SuiteAnswers("beta"))), "retour")

    assert rated.state == TrialState(
        RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None))),)
    )
    assert "Alpha Agenda (agenda partagé) — sécurité perçue (3/3)" in plain(rated)
    assert none_tried.state == AT_BETA


def test_back_across_suites_reopens_the_previous_suite_which_is_completed_again() -> None:
    back = send(AT_BETA, "retour")

    assert back.state == TrialState(COMMENT, (replace_comment(ALPHA_DONE, None),))
    assert back.completed_suite is None
    assert "Un commentaire sur Suite Alpha (fictive) ?" in plain(back)
    again = send(back.state, "Finalement, tout va bien sauf la visio")
    assert again.completed_suite == "alpha"
    assert again.state == TrialState(
        TRIED, (replace_comment(ALPHA_DONE, "Finalement, tout va bien sauf la visio"),)
    )


def test_back_into_a_completed_suites_ratings_and_forward_again() -> None:
    state = AT_BETA
    for _ in range(2):
        state = send(state, "retour").state
    assert state == TrialState(
        RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None))),)
    )

    changed = send(state, "3")
    completed = send(changed.state, "RAS")

    assert changed.state == TrialState(
        COMMENT, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 3))),)
    )
    assert completed.completed_suite == "alpha"
    assert completed.state.answers == (
        SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 3)), None),
    )


def replace_comment(answers: SuiteAnswers, comment: str | None) -> SuiteAnswers:
    return SuiteAnswers(answers.suite, answers.tried, answers.ratings, comment)


# --- aide, pause, bonjour --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "explanation"),
    [
        (TrialState(), "Indiquez les modules que vous avez essayés : leurs numéros (1 3 4, 1-3)"),
        (AT_AGENDA, "Donnez trois notes de 0 (très mauvais) à 10 (excellent)"),
        (AT_ALPHA_COMMENT, "Écrivez en quelques mots ce qui vous a plu, gêné ou manqué dans Suite"),
    ],
)
@pytest.mark.parametrize("word", ["aide", "Aide ?", "?", "help"])
def test_help_explains_the_current_step_then_asks_again(
    state: TrialState, explanation: str, word: str
) -> None:
    transition = send(state, word)

    assert_refused(transition, state, explanation)
    assert "Mots utiles : retour (question précédente), passer" in plain(transition)


def test_help_on_a_rating_says_what_each_criterion_means() -> None:
    help_text = readable(send(AT_AGENDA, "c'est quoi la sécurité perçue ?").replies[0].plain)

    assert "• sécurité perçue : 10 = vous lui confiez vos données sans crainte" in help_text
    assert "• simplicité de prise en main : 10 = vous vous y retrouvez" in help_text


@pytest.mark.parametrize("state", [TrialState(), AT_AGENDA, AT_ALPHA_COMMENT, AT_BETA])
def test_pause_keeps_the_answers_and_any_message_resumes(state: TrialState) -> None:
    paused = send(state, "pause")
    resumed = send(paused.state, "bonjour, je reprends")

    assert paused.state == TrialState(state.step, state.answers, paused=True)
    assert paused.completed_suite is None
    assert plain(paused) == (
        "C'est noté, vos réponses sont gardées. Reprenez quand vous voulez : écrivez-moi "
        "n'importe quel message."
    )
    assert resumed.state == state
    lead, question = resumed.replies
    assert readable(lead.plain) == "Reprenons le questionnaire de l'essai là où nous en étions."
    assert question == trial_question(SURVEY, PLAN, state, "fr")


def test_a_message_that_resumes_is_not_taken_as_an_answer() -> None:
    paused = send(AT_AGENDA, "pause").state

    assert send(paused, "9").state == AT_AGENDA
    assert send(paused, "pause").state is paused


@pytest.mark.parametrize("state", [TrialState(), AT_ALPHA_COMMENT])
def test_a_greeting_is_answered_with_the_current_question(state: TrialState) -> None:
    transition = send(state, "Bonjour !")

    assert transition.state is state
    assert plain(transition).startswith("Bonjour ! Nous en sommes à cette question :")


def test_an_answer_after_a_greeting_is_read() -> None:
    assert send(TrialState(), "Bonjour, 1 et 3").state.answers[0].tried == VISIO_AGENDA


def test_thanks_at_the_comment_is_not_a_comment() -> None:
    assert send(AT_ALPHA_COMMENT, "merci").state is AT_ALPHA_COMMENT


# --- a suite that covers none of the needs ---------------------------------------------------

GAMMA = TrialSuite("gamma", "Suite Gamma (fictive)", ())
WITH_GAMMA = TrialPlan((ALPHA, GAMMA))


def test_a_suite_with_no_module_to_try_is_only_asked_for_a_comment() -> None:
    state = TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None))),))
    state = trial_step(SURVEY, WITH_GAMMA, state, "5", "fr").state
    to_gamma = trial_step(SURVEY, WITH_GAMMA, state, "RAS", "fr")

    assert to_gamma.state == TrialState(
        COMMENT,
        (SuiteAnswers("alpha", VISIO_AGENDA, ((8, 7, 9), (6, None, 5))), SuiteAnswers("gamma")),
    )
    assert "Un commentaire sur Suite Gamma (fictive) ?" in plain(to_gamma)
    back = trial_step(SURVEY, WITH_GAMMA, to_gamma.state, "retour", "fr")
    assert back.state.step is COMMENT
    assert back.state.answers[-1].suite == "alpha"


def test_a_plan_must_have_distinct_suites_and_categories() -> None:
    with pytest.raises(TrialPlanError):
        TrialPlan(())
    with pytest.raises(TrialPlanError):
        TrialPlan((ALPHA, ALPHA))
    with pytest.raises(TrialPlanError):
        TrialSuite("x", "X", (TrialModule("agenda", "A"), TrialModule("agenda", "B")))


# --- in English ------------------------------------------------------------------------------


def test_an_english_speaker_gets_english_replies() -> None:
    opened = trial_start(SURVEY, PLAN, "en")
    tried = send(opened.state, "video and agenda", "en")
    refused = send(opened.state, "12", "en")
    rated = send(tried.state, "8 nsp 7.5", "en")

    intro, first = opened.replies
    assert intro.plain.startswith(
        "Hello! You are in the pilot group trying 2 candidate suites before a collaborative "
        "suite is chosen: Suite Alpha (fictive) and Suite Bêta (fictive). The trial runs "
        "until 15/03/2027."
    )
    assert "1. video conferencing — Alpha Visio" in first.plain
    assert "Answer with the numbers or the names (for instance 1 3), all or none." in first.plain
    assert tried.replies[0].plain == "Noted: video conferencing and shared calendar."
    assert refused.replies[0].plain == "There is no module number 12: choose between 1 and 5."
    assert rated.replies[0].plain == (
        "Noted for Alpha Visio: ease of getting started 8, effectiveness n/a, perceived "
        "security 7.5."
    )
    assert (
        "Alpha Agenda (shared calendar) — ease of getting started (1/3)" in rated.replies[1].plain
    )
    assert send(AT_ALPHA_COMMENT, "nothing", "en").replies[0].plain == (
        "Thank you, your opinion on Suite Alpha (fictive) is saved."
    )
    assert send(AT_AGENDA, "pause", "en").replies[0].plain.startswith("Noted, your answers")
    assert send(FINISHED, "hi", "en").replies[0].plain.startswith("You have already answered")


def test_bold_marks_in_the_catalogues_names_are_defused() -> None:
    suite = TrialSuite("x", "Suite **X** Pro", (TrialModule("agenda", "Agenda **X** Pro"),))
    plan = TrialPlan((suite,))

    first = trial_question(SURVEY, plan, TrialState(), "fr")
    intro = trial_intro(plan, "fr")

    assert "<strong>X</strong>" not in first.html + intro.html
    assert "<strong>Suite *\u200b*X*\u200b* Pro</strong>" in first.html
    assert "Agenda *\u200b*X*\u200b* Pro" in first.html


# --- what is stored --------------------------------------------------------------------------

STATES = [
    TrialState(),
    TrialState(paused=True),
    AT_AGENDA,
    TrialState(RATING, (SuiteAnswers("alpha", VISIO_AGENDA, ((8, None, 9), (6, 7.5))),)),
    AT_ALPHA_COMMENT,
    TrialState(COMMENT, (SuiteAnswers("alpha"),)),
    AT_BETA,
    TrialState(COMMENT, (ALPHA_DONE, SuiteAnswers("beta"))),
    FINISHED,
]


@pytest.mark.parametrize("state", STATES)
def test_a_stored_trial_reads_back_the_same(state: TrialState) -> None:
    assert load_trial(dump_trial(state), PLAN) == state


def test_the_stored_form_is_compact_json_that_keeps_accents() -> None:
    state = TrialState(COMMENT, (SuiteAnswers("alpha", ("agenda",), ((8, None, 7.5),)),))

    assert dump_trial(state) == (
        '{"v":1,"step":"comment","paused":false,"answers":[{"suite":"alpha",'
        '"tried":["agenda"],"ratings":[[8,null,7.5]],"comment":null}]}'
    )
    assert dump_trial(FINISHED).count('"comment":"Le son coupe"') == 1


def _stored(step: str, *answers: str, paused: str = "false") -> str:
    return f'{{"v":1,"step":"{step}","paused":{paused},"answers":[{",".join(answers)}]}}'


def _answers(suite: str, tried: str = "[]", ratings: str = "[]", comment: str = "null") -> str:
    return f'{{"suite":"{suite}","tried":{tried},"ratings":{ratings},"comment":{comment}}}'


ALPHA_STORED = _answers("alpha", '["visioconference"]', "[[8,7,9]]", '"ok"')


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "pas du json",
        "[]",
        "null",
        '{"v":2,"step":"tried","answers":[]}',  # a later version
        '{"v":1,"answers":[]}',  # no step
        '{"v":1,"step":"fini","answers":[]}',
        '{"v":1,"step":"tried"}',  # no answers
        '{"v":1,"step":"tried","answers":{}}',
        '{"v":1,"step":"tried","answers":[42]}',
        _stored("tried", paused='"oui"'),
        _stored("done"),  # done before any suite
        _stored("rating"),  # a rating of no suite
        _stored("comment", _answers("beta")),  # the plan starts with alpha
        _stored("comment", _answers("gamma")),  # not in the plan
        _stored("comment", _answers("alpha", '["ged"]', "[[1,2,3]]")),  # not one of its modules
        _stored("comment", _answers("alpha", '["agenda","visioconference"]', "[[1,2,3],[1,2,3]]")),
        _stored("comment", _answers("alpha", '["agenda","agenda"]', "[[1,2,3],[1,2,3]]")),
        _stored("comment", _answers("alpha", '["agenda"]', "[[1,2]]")),  # a rating missing
        _stored("comment", _answers("alpha", '["agenda"]', "[[1,2,3]]", '"déjà"')),
        _stored("comment", _answers("alpha", '["agenda"]', "[[1,2,3]]", "42")),
        _stored("rating", _answers("alpha", '["agenda"]', "[[1,2,3]]")),  # every rating given
        _stored("rating", _answers("alpha", "[]", "[[]]")),  # no module tried
        _stored("rating", _answers("alpha", '["agenda"]', "[[11]]")),
        _stored("rating", _answers("alpha", '["agenda"]', "[[7.25]]")),
        _stored("rating", _answers("alpha", '["agenda"]', '[["7"]]')),
        _stored("rating", _answers("alpha", '["agenda"]', "[[true]]")),
        _stored("rating", _answers("alpha", '["agenda"]', "[[1],[2]]")),  # more than tried
        _stored("tried", _answers("alpha", '["agenda"]', "[[1,2]]", '"ok"')),  # incomplete
        _stored("tried", ALPHA_STORED, _answers("beta", "[]", "[]", '"ok"')),  # nothing left
        _stored("done", ALPHA_STORED),  # a suite left
        _stored("done", ALPHA_STORED, _answers("beta"), _answers("beta")),  # a suite too many
    ],
)
def test_a_stored_trial_that_does_not_fit_the_plan_is_an_error(stored: str) -> None:
    with pytest.raises(TrialStateError):
        load_trial(stored, PLAN)


def test_a_state_answered_in_another_plan_cannot_be_loaded() -> None:
    other = TrialPlan((BETA, ALPHA))

    with pytest.raises(TrialStateError):
        load_trial(dump_trial(AT_BETA), other)
    with pytest.raises(TrialStateError):
        load_trial(dump_trial(TrialState()), WITH_GAMMA_FIRST)


WITH_GAMMA_FIRST = TrialPlan((GAMMA, ALPHA))  # Gamma has nothing to try: no TRIED step


# --- any message, in any order ---------------------------------------------------------------

WORDS = [
    "retour", "passer", "pause", "aide", "?", "nsp", "rien", "RAS", "tous", "aucun", "1 3",
    "1-2", "visio", "agenda", "12", "8 7 9", "7/10", "sept", "11", "7,5", "bof", "bonjour",
    "une remarque", "**",
]  # fmt: skip
MESSAGES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(WORDS),
    st.lists(st.integers(-1, 12).map(str), min_size=1, max_size=4).map(" ".join),
)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(messages=st.lists(MESSAGES, max_size=20), language=st.sampled_from(["fr", "en"]))
def test_no_messages_lead_to_a_state_that_does_not_fit_the_plan(
    messages: list[str], language: Language
) -> None:
    state = trial_start(SURVEY, PLAN, language).state
    for message in messages:
        transition = send(state, message, language)
        new = transition.state
        assert transition.replies
        assert load_trial(dump_trial(new), PLAN) == new
        if state.finished:
            assert new is state
        if transition.completed_suite is not None:
            done = new.answers_for(transition.completed_suite)
            assert done is not None
            assert len(done.ratings) == len(done.tried)
            assert all(len(r) == len(TRIAL_CRITERIA) for r in done.ratings)
        state = new


def test_a_plan_is_kept_as_opened_and_read_back_whole() -> None:
    assert load_plan(dump_plan(PLAN)) == PLAN
    with pytest.raises(TrialStateError):
        load_plan('{"v": 1, "closes_on": null, "suites": []}')  # a plan with no suite
    with pytest.raises(TrialStateError):
        load_plan('{"v": 2}')
