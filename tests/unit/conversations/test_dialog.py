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
    ToolAnswer,
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
from tests.support.kit import readable

VISIO = Category(
    "visio",
    "visioconférence",
    "video conferencing",
    ("Zoom", "Microsoft Teams", "Google Meet", "Google Hangouts", "Webconf de l'État"),
)  # by number: 1-5 the tools, 6 "autre", 7 "aucun"
AGENDA = Category("agenda", "agenda partagé", "shared calendar", ("Outlook / Exchange", "Zimbra"))
CRITERIA = (
    Criterion("efficacite", "efficacité", "effectiveness", scale_fr="10 = efficace"),
    Criterion("cout", "coût", "cost", scale_fr="10 = très économique"),
    Criterion("securite", "sécurité", "security"),
    Criterion("assimilation", "assimilation par les équipes", "adoption by the teams"),
)
SMALL = Survey((VISIO, AGENDA), CRITERIA)
WITH_SERVICES = Survey((VISIO, AGENDA), CRITERIA, services=("Finances", "Ressources humaines"))

TO_CONFIRM = ["Zoom", "8 6 9 nsp", "Le son coupe", "aucun", "oui", "Pour les réunions"]
FINISHED = [*TO_CONFIRM, "valider"]
NOTHING_YET = (None, None)


def uses(*tools: ToolAnswer) -> CategoryAnswer:
    return CategoryAnswer(tools=tools)


def rated(
    name: str,
    *ratings: float | None,
    problem: str | None = None,
    other: bool = False,
) -> ToolAnswer:
    return ToolAnswer(name, other, tuple(ratings), problem, done=True)


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
        ("fr", "!mesréponses vous montre vos réponses à tout moment"),
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
    assert opened.state.answers == NOTHING_YET
    assert opened.state.draft is None
    assert not opened.state.finished
    assert not opened.state.paused


def test_notice_says_how_many_categories_and_which_keywords_work() -> None:
    notice = start(DEFAULT_SURVEY, "fr").replies[0].plain
    assert "Pour chacune des 9 catégories" in notice
    assert "jusqu'à trois" in notice
    for keyword in ("retour", "passer", "pause", "aide"):
        assert keyword in notice


def test_first_question_is_the_service_when_services_are_configured() -> None:
    opened = start(WITH_SERVICES, "fr")
    assert opened.state.position == Position(Step.SERVICE)
    asked = opened.replies[-1].plain
    assert "dans quel service travaillez-vous" in asked
    assert "1. Finances\n2. Ressources humaines" in asked


def test_first_question_lists_the_tools_and_explains_the_scales_once() -> None:
    asked = readable(start(SMALL, "fr").replies[-1].plain)
    assert asked.startswith("1/2 — visioconférence\nQuels outils utilisez-vous ? (jusqu'à trois)")
    assert "1. Zoom\n2. Microsoft Teams" in asked
    assert "6. autre (précisez le nom)\n7. aucun" in asked
    assert "Zoom 8 6 9 7" in asked, "the fast path is shown"
    assert "coût : 10 = très économique" in asked
    later = question(SMALL, answered(SMALL, ["Zoom", "8 6 9 7", "rien"]), "fr").plain
    assert "10 = très économique" not in later


@pytest.mark.parametrize(
    ("typed", "service"),
    [
        ("1", "Finances"),
        ("2.", "Ressources humaines"),
        ("finances", "Finances"),
        ("Finance", "Finances"),
        ("rh", "Ressources humaines"),
        ("RH", "Ressources humaines"),
        ("ressources humaine", "Ressources humaines"),
        ("je suis aux finances", "Finances"),
        ("service RH", "Ressources humaines"),
    ],
)
def test_agent_gives_their_service_by_number_or_name(typed: str, service: str) -> None:
    transition = step(WITH_SERVICES, start(WITH_SERVICES, "fr").state, typed, "fr")
    assert transition.accepted
    assert transition.state.service == service
    assert transition.state.position == Position(Step.TOOL, 0)
    assert plain(transition).startswith(f"Noté : service {service}.")


def test_a_misspelt_service_is_offered_back_and_yes_takes_it() -> None:
    state = start(WITH_SERVICES, "fr").state
    offered = step(WITH_SERVICES, state, "Ressource humainnes", "fr")
    assert plain(offered) == "Vouliez-vous dire le service Ressources humaines ? (oui / non)"
    assert offered.state.service is None
    taken = step(WITH_SERVICES, offered.state, "oui", "fr")
    assert taken.state.service == "Ressources humaines"
    assert taken.state.offer is None


# --- which tools -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tool", "other"),
    [
        ("1", "Zoom", False),
        ("2", "Microsoft Teams", False),
        ("5.", "Webconf de l'État", False),
        ("Zoom", "Zoom", False),
        (" ZOOM ", "Zoom", False),
        ("microsoft  teams", "Microsoft Teams", False),
        ("Teams", "Microsoft Teams", False),
        ("MS Teams", "Microsoft Teams", False),
        ("j'utilise surtout Teams", "Microsoft Teams", False),
        ("webconf de l'etat", "Webconf de l'État", False),
        ("webconf de l’état", "Webconf de l'État", False),
        ("Micro", "Microsoft Teams", False),
        ("Google M", "Google Meet", False),
        ("autre Mattermost", "Mattermost", True),
        ("Autre : Mattermost", "Mattermost", True),
        ("autre: BigBlueButton", "BigBlueButton", True),
        ("autre zoom", "Zoom", False),  # a known tool typed as "autre" is the known tool
    ],
)
def test_agent_names_the_tool_they_use(typed: str, tool: str, other: bool) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.accepted
    assert transition.state.draft == uses(ToolAnswer(tool, other))
    assert transition.state.answers == NOTHING_YET, "nothing stored before it is complete"
    assert transition.state.position == Position(Step.RATING, 0, 0, 0)
    assert f"{tool} — efficacité (1/4)" in plain(transition)
    assert plain(transition).startswith(f"Noté : {tool}.")


@pytest.mark.parametrize(
    ("index", "tool"),
    [(i, tool) for i, c in enumerate(DEFAULT_SURVEY.categories) for tool in c.tools],
    ids=lambda value: str(value),
)
def test_every_default_tool_can_be_chosen_by_its_name(index: int, tool: str) -> None:
    at_question = DialogState(
        Position(Step.TOOL, index), tuple(None for _ in DEFAULT_SURVEY.categories)
    )
    transition = step(DEFAULT_SURVEY, at_question, tool, "fr")
    assert transition.accepted
    assert transition.state.draft == uses(ToolAnswer(tool))


@pytest.mark.parametrize(
    ("typed", "tools"),
    [
        ("Zoom et Teams", ("Zoom", "Microsoft Teams")),
        ("zoom, teams", ("Zoom", "Microsoft Teams")),
        ("1 et 3", ("Zoom", "Google Meet")),
        ("1, 2, 3", ("Zoom", "Microsoft Teams", "Google Meet")),
        ("Zoom + autre Jitsi", ("Zoom", "Jitsi")),
        ("Teams et Teams", ("Microsoft Teams",)),
    ],
)
def test_agent_can_name_up_to_three_tools(typed: str, tools: tuple[str, ...]) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.accepted, plain(transition)
    assert transition.state.draft is not None
    assert tuple(t.name for t in transition.state.draft.tools) == tools
    assert transition.state.position == Position(Step.RATING, 0, 0, 0)


def test_more_than_three_tools_is_refused() -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, "1, 2, 3, 5", "fr")
    assert_refused(transition, state)
    assert "Citez au plus 3 outils" in plain(transition)


def test_each_tool_is_rated_then_asked_about_and_all_are_stored_together() -> None:
    state = answered(SMALL, ["Zoom et Teams", "8 6 9 7", "rien", "5 5 5 5"])
    assert state.position == Position(Step.PROBLEM, 0, 1)
    assert (
        "Quel problème rencontrez-vous avec Microsoft Teams" in question(SMALL, state, "fr").plain
    )
    assert state.answers == NOTHING_YET
    transition = step(SMALL, state, "les mises à jour", "fr")
    assert transition.changed == (0,)
    assert transition.state.answers[0] == uses(
        rated("Zoom", 8, 6, 9, 7), rated("Microsoft Teams", 5, 5, 5, 5, problem="les mises à jour")
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "Teams : 8 6 9 7, le son coupe",
            (rated("Microsoft Teams", 8, 6, 9, 7, problem="le son coupe"),),
        ),
        ("Teams 8/10 6 9 7 RAS", (rated("Microsoft Teams", 8, 6, 9, 7),)),
        ("2 8 6 9 7 rien", (rated("Microsoft Teams", 8, 6, 9, 7),)),
        (
            "Zoom 8 6 9 7 RAS, Teams 5 5 4 6 trop de mises à jour",
            (
                rated("Zoom", 8, 6, 9, 7),
                rated("Microsoft Teams", 5, 5, 4, 6, problem="trop de mises à jour"),
            ),
        ),
        ("autre Jitsi 7 7 7 nsp rien", (rated("Jitsi", 7, 7, 7, None, other=True),)),
        ("Zoom 7,5 6 9 7 rien", (rated("Zoom", 7.5, 6, 9, 7),)),
    ],
)
def test_fast_path_a_tool_and_its_ratings_in_one_message(
    typed: str, expected: tuple[ToolAnswer, ...]
) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.accepted, plain(transition)
    assert transition.state.answers[0] == CategoryAnswer(tools=expected)
    assert transition.changed == (0,)
    assert transition.state.position == Position(Step.TOOL, 1)
    assert "Notes de" in plain(transition)


def test_fast_path_without_a_problem_asks_for_it() -> None:
    transition = step(SMALL, start(SMALL, "fr").state, "Teams 8 6 9 7", "fr")
    assert transition.state.position == Position(Step.PROBLEM, 0, 0)
    assert transition.state.answers == NOTHING_YET
    assert plain(transition).startswith(
        "Notes de Microsoft Teams : efficacité 8, coût 6, sécurité 9, "
        "assimilation par les équipes 7."
    )


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("Teams 8 6 9", "Il manque des notes : 3 sur 4."),
        ("8 6 9 7", "Dites d'abord quel outil vous notez"),
        ("Teams 8 6 9 7 5", "J'ai lu 5 notes, il en faut 4 par outil"),
    ],
)
def test_fast_path_mistakes_are_explained(typed: str, explanation: str) -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, typed, "fr")
    assert_refused(transition, state)
    assert explanation in plain(transition)


@pytest.mark.parametrize("typed", ["autre", "Autre.", "autres", "6", "other"])
def test_other_alone_asks_which_one(typed: str) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.accepted
    assert transition.state.position == Position(Step.OTHER, 0)
    assert "Quel autre outil utilisez-vous ?" in plain(transition)
    named = step(SMALL, transition.state, "Mattermost", "fr")
    assert named.state.draft == uses(ToolAnswer("Mattermost", other=True))
    assert named.state.position == Position(Step.RATING, 0)


@pytest.mark.parametrize(
    ("typed", "offered", "taken"),
    [
        ("Zooom", "Vouliez-vous dire Zoom ? (oui / non)", ToolAnswer("Zoom")),
        ("Mattermost", "Mattermost n'est pas dans ma liste", ToolAnswer("Mattermost", True)),
        ("autrement dit Zoom", "Vouliez-vous dire Zoom ?", ToolAnswer("Zoom")),
    ],
)
def test_a_name_not_understood_exactly_is_offered_back_not_guessed(
    typed: str, offered: str, taken: ToolAnswer
) -> None:
    state = start(SMALL, "fr").state
    transition = step(SMALL, state, typed, "fr")
    assert offered in plain(transition)
    assert transition.state.draft is None and transition.state.answers == NOTHING_YET
    yes = step(SMALL, transition.state, "oui", "fr")
    assert yes.state.draft == uses(taken)
    no = step(SMALL, transition.state, "non", "fr")
    assert no.state.offer is None and no.state.draft is None
    assert no.state.position == Position(Step.TOOL, 0)


def test_the_offer_in_a_fast_message_keeps_the_ratings() -> None:
    offered = step(SMALL, start(SMALL, "fr").state, "Zooom 8 6 9 7 RAS", "fr")
    assert "Vouliez-vous dire Zoom ?" in plain(offered)
    taken = step(SMALL, offered.state, "oui", "fr")
    assert taken.state.answers[0] == uses(rated("Zoom", 8, 6, 9, 7))


def test_after_an_offer_another_answer_is_read_as_such() -> None:
    offered = step(SMALL, start(SMALL, "fr").state, "Zooom", "fr")
    transition = step(SMALL, offered.state, "Teams", "fr")
    assert transition.state.draft == uses(ToolAnswer("Microsoft Teams"))
    assert transition.state.offer is None


@pytest.mark.parametrize(
    ("typed", "how"), [("aucun", "word"), ("Aucune.", "word"), ("7", "number"), ("rien", "word")]
)
def test_agent_without_a_tool_is_asked_whether_one_is_needed(typed: str, how: str) -> None:
    transition = step(SMALL, start(SMALL, "fr").state, typed, "fr")
    assert transition.state.position == Position(Step.NEED, 0), how
    assert transition.state.draft == CategoryAnswer()
    assert "Vous serait-il utile ? (oui / non)" in plain(transition)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (
            ["aucun", "oui", "Pour  les\nréunions"],
            CategoryAnswer(needed=True, need_why="Pour les réunions"),
        ),
        (["aucun", "oui", "passer"], CategoryAnswer(needed=True)),
        (["aucun", "non"], CategoryAnswer(needed=False)),
        (["aucun", "peut-être"], CategoryAnswer(needed=None)),
        (["aucun", "passer"], CategoryAnswer()),
        (["aucun, pas besoin"], CategoryAnswer(needed=False)),
        (
            ["aucun, oui pour partager les congés"],
            CategoryAnswer(needed=True, need_why="pour partager les congés"),
        ),
        (
            ["aucun", "oui, pour les astreintes du week-end"],
            CategoryAnswer(needed=True, need_why="pour les astreintes du week-end"),
        ),
    ],
)
def test_need_branch_then_moves_to_the_next_category(
    messages: list[str], expected: CategoryAnswer
) -> None:
    state = answered(SMALL, messages)
    assert state.answers[0] == expected
    assert state.position == Position(Step.TOOL, 1)


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
        (["8", "6 9 7"], (8, 6, 9, 7)),  # the three still missing
        (["passer", "5", "passer", "NSP"], (None, 5, None, None)),
        (["10 sur 10", "je dirais 8", "8/10 c'est bien", "bof, 5"], (10, 8, 8, 5)),
        (["8,5", "7.5", "sept et demi", "15/20"], (8.5, 7.5, 7.5, 7.5)),
    ],
)
def test_agent_rates_one_by_one_or_all_four_at_once(
    messages: list[str], ratings: tuple[float | None, ...]
) -> None:
    state = answered(SMALL, ["Zoom", *messages])
    assert state.draft is not None
    assert state.draft.tools[0].ratings == ratings
    assert state.position == Position(Step.PROBLEM, 0)


@pytest.mark.parametrize("typed", ["je ne sais pas", "Je ne sais pas."])
def test_agent_can_say_je_ne_sais_pas_to_a_rating(typed: str) -> None:
    transition = step(SMALL, answered(SMALL, ["Zoom"]), typed, "fr")
    assert transition.accepted
    assert transition.state.draft == uses(ToolAnswer("Zoom", ratings=(None,)))
    assert transition.state.position == Position(Step.RATING, 0, 0, 1)


def test_each_rating_is_acknowledged_with_what_was_recorded() -> None:
    one = step(SMALL, answered(SMALL, ["Zoom"]), "je dirais 8", "fr")
    assert plain(one).startswith("Noté : efficacité 8.")
    four = step(SMALL, answered(SMALL, ["Zoom"]), "8 nsp 9 7,5", "fr")
    (reply,) = four.replies
    assert readable(reply.plain).startswith(
        "Notes de Zoom : efficacité 8, coût nsp, sécurité 9, assimilation par les équipes 7,5."
    )
    assert "Quel problème rencontrez-vous avec Zoom ?" in readable(reply.plain)


@pytest.mark.parametrize("typed", ["5, le son coupe", "0 ça marche jamais", "9/10 c'est en France"])
def test_a_remark_with_a_rating_keeps_the_rating_and_says_the_remark_is_not_kept(
    typed: str,
) -> None:
    transition = step(SMALL, answered(SMALL, ["Zoom"]), typed, "fr")
    assert transition.accepted
    assert transition.state.draft is not None and len(transition.state.draft.tools[0].ratings) == 1
    assert "Je n'enregistre que la note ici" in plain(transition)


def test_the_last_rating_may_come_with_the_problem() -> None:
    state = answered(SMALL, ["Zoom", "8", "6", "9"])
    transition = step(SMALL, state, "7, le son coupe souvent", "fr")
    assert transition.state.answers[0] == uses(
        rated("Zoom", 8, 6, 9, 7, problem="le son coupe souvent")
    )


def test_first_rating_question_explains_the_scale_and_the_shortcut() -> None:
    first = step(SMALL, start(SMALL, "fr").state, "Zoom", "fr")
    second = step(SMALL, first.state, "8", "fr")
    assert "8 6 9 7" in plain(first)
    assert "(10 = efficace)" in plain(first)
    assert "efficacité, coût, sécurité, assimilation par les équipes" in plain(first)
    assert "8 6 9 7" not in plain(second)
    assert "coût (2/4)" in plain(second) and "(10 = très économique)" in plain(second)


# --- problem ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Le son  coupe\nsouvent", "Le son coupe souvent"),
        ("rien", None),
        ("RIEN", None),
        ("ras", None),
        ("RAS", None),
        ("Rien de spécial", None),
        ("rien à signaler", None),
        ("aucun problème", None),
        ("non", None),
        ("passer", None),
        ("x" * 1500, "x" * 1000),
    ],
)
def test_agent_describes_a_problem_or_says_there_is_none(typed: str, problem: str | None) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", typed])
    assert state.answers[0] == uses(rated("Zoom", 8, 6, 9, 7, problem=problem))
    assert state.position == Position(Step.TOOL, 1)


@pytest.mark.parametrize("typed", ["Rien.", "rien !", "Aucun problème.", "R.A.S."])
def test_nothing_with_punctuation_is_not_stored_as_a_problem(typed: str) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", typed])
    assert state.answers[0] == uses(rated("Zoom", 8, 6, 9, 7))


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("8", "Les notes de Zoom sont enregistrées (8 · 6 · 9 · 7)"),
        ("oui", "Lequel ? Décrivez-le en quelques mots."),
    ],
)
def test_a_rating_or_a_bare_yes_is_not_stored_as_a_problem(typed: str, explanation: str) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7"])
    transition = step(SMALL, state, typed, "fr")
    assert_refused(transition, state)
    assert explanation in plain(transition)


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


# --- a whole evaluation ----------------------------------------------------------------------


def test_full_evaluation_of_the_nine_default_categories() -> None:
    messages = [
        "Zoom", "8 6 9 7", "Le son coupe souvent",
        "Tchap et WhatsApp", "9", "sept", "nsp", "10/10", "rien", "8 8 3 9", "pas sécurisé",
        "outlook", "6 5 7 8", "Trop lent",
        "aucun", "oui", "Pour les enquêtes internes",
        "Framadate 8 8 8 8 RAS",
        "autre Mattermost Boards", "5 nsp 6 4", "Pas connu des équipes",
        "Cahier papier", "3, 9, 5, 6", "On ne sait jamais si la salle est libre",
        "passer",
        "aucune, pas besoin",
    ]  # fmt: skip
    state = answered(DEFAULT_SURVEY, messages)
    assert state.position.step is Step.CONFIRM
    confirm = question(DEFAULT_SURVEY, state, "fr").plain
    for category in DEFAULT_SURVEY.categories:
        assert category.name_fr in confirm
    done = step(DEFAULT_SURVEY, state, "valider", "fr")
    assert done.state.finished
    assert done.state.answers == (
        uses(rated("Zoom", 8, 6, 9, 7, problem="Le son coupe souvent")),
        uses(rated("Tchap", 9, 7, None, 10), rated("WhatsApp", 8, 8, 3, 9, problem="pas sécurisé")),
        uses(rated("Outlook / Exchange", 6, 5, 7, 8, problem="Trop lent")),
        CategoryAnswer(needed=True, need_why="Pour les enquêtes internes"),
        uses(rated("Framadate", 8, 8, 8, 8)),
        uses(
            rated("Mattermost Boards", 5, None, 6, 4, problem="Pas connu des équipes", other=True)
        ),
        uses(rated("Cahier papier", 3, 9, 5, 6, problem="On ne sait jamais si la salle est libre")),
        CategoryAnswer(skipped=True),
        CategoryAnswer(needed=False),
    )


# --- English ---------------------------------------------------------------------------------


def test_english_agent_gets_english_questions() -> None:
    opened = start(SMALL, "en")
    assert opened.replies[0].plain.startswith("Review of our collaboration tools")
    asked = opened.replies[1].plain
    assert asked.startswith("1/2 — video conferencing\nWhich tools do you use? (up to three)")
    assert "6. other (give its name)\n7. none" in asked
    rating = step(SMALL, opened.state, "Zoom", "en")
    assert "Zoom — effectiveness (1/4): your rating from 0 to 10?" in plain(rating)
    refused = step(SMALL, opened.state, "the sound cuts out", "en")
    assert "I cannot find this tool in the list." in plain(refused)


def test_english_tool_names_are_shown_in_english_and_stored_under_their_own_name() -> None:
    state = DialogState(Position(Step.TOOL, 6), tuple(None for _ in DEFAULT_SURVEY.categories))
    asked = question(DEFAULT_SURVEY, state, "en").plain
    assert "Shared spreadsheet" in asked and "Tableur partagé" not in asked
    transition = step(DEFAULT_SURVEY, state, "shared spreadsheet", "en")
    assert transition.state.draft == uses(ToolAnswer("Tableur partagé"))


def test_english_keywords_take_the_agent_through_the_whole_evaluation() -> None:
    script = [
        ("other Mattermost", Position(Step.RATING, 0, 0, 0)),
        ("back", Position(Step.TOOL, 0)),
        ("other: Mattermost", Position(Step.RATING, 0, 0, 0)),
        ("skip", Position(Step.RATING, 0, 0, 1)),
        ("seven", Position(Step.RATING, 0, 0, 2)),
        ("I don't know", Position(Step.RATING, 0, 0, 3)),
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
        uses(rated("Mattermost", None, 7, None, 10, other=True)),
        CategoryAnswer(needed=True, need_why="To plan meetings"),
    )


def test_english_no_means_no_tool_is_needed_and_help_is_in_english() -> None:
    state = answered(SMALL, ["none"], "en")
    helped = step(SMALL, state, "help", "en")
    assert "Answer yes if such a tool would help you, otherwise no." in plain(helped)
    state = answered(SMALL, ["no"], "en", state=state)
    assert state.answers[0] == CategoryAnswer(needed=False)
    summary_en = summary(SMALL, answered(SMALL, ["skip"], "en", state=state), "en")
    assert "1. **video conferencing**: no tool — not needed" in summary_en
    assert "2. **shared calendar**: skipped" in summary_en


# --- HTML ------------------------------------------------------------------------------------


def test_tool_name_typed_by_the_agent_is_escaped_in_html() -> None:
    transition = step(SMALL, start(SMALL, "fr").state, "autre <script>alert(1)</script>", "fr")
    assert transition.state.draft == uses(ToolAnswer("<script>alert(1)</script>", other=True))
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
    (SMALL, answered(SMALL, ["Zoom et Teams", "8 6 9 7", "rien"])),
    (SMALL, answered(SMALL, ["autre"])),
    (SMALL, answered(SMALL, ["aucun"])),
    (SMALL, answered(SMALL, ["aucun", "oui"])),
    (SMALL, answered(SMALL, TO_CONFIRM)),
    (SMALL, answered(SMALL, FINISHED)),
    (SMALL, answered(SMALL, ["Zoom", "pause"])),
    (SMALL, modify(SMALL, answered(SMALL, FINISHED), 1, "fr").state),
    (SMALL, step(SMALL, start(SMALL, "fr").state, "Zooom", "fr").state),
    (DEFAULT_SURVEY, answered(DEFAULT_SURVEY, ["passer"] * 5)),
]
WORDS = [
    "retour", "passer", "pause", "aide", "?", "valider", "oui", "non", "nsp", "aucun", "autre",
    "autre x", "rien", "back", "skip", "confirm", "none", "other", "7/10", "8 6 9 7", "0", "6",
    "Teams 8 6 9 7", "bonjour", "je dirais 8", "7,5", "RAS", "Zoom et Teams",
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
def test_any_message_gets_an_answer_and_a_refusal_changes_no_answer(
    case: tuple[Survey, DialogState], message: str, language: Language
) -> None:
    survey, state = case
    transition = step(survey, state, message, language)
    if not transition.accepted:
        assert transition.state.answers == state.answers
        assert transition.state.draft == state.draft
        assert transition.state.position == state.position
        assert transition.changed == ()
    assert transition.replies
    for reply in transition.replies:
        assert isinstance(reply, Reply)
        assert reply.plain.strip()
        assert "<script" not in reply.html.lower()


@pytest.mark.parametrize("typed", ["oui merci", "Oui, merci", "non merci"])
def test_a_polite_yes_or_no_is_understood(typed: str) -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7", "rien", "aucun"])
    transition = step(SMALL, state, typed, "fr")
    assert transition.accepted
    needed = typed.lower().startswith("oui")
    given = transition.state.draft if needed else transition.state.answers[1]
    assert given == CategoryAnswer(needed=needed)


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
    assert "nouvel appareil" in said and "!confidentialité" in said
    assert "1/2 — visioconférence" in said and "votre note de 0 à 10" in said
    assert "Je n'ai pas compris" not in said


def test_a_valid_answer_from_a_new_device_is_taken() -> None:
    state = answered(SMALL, ["Zoom"])
    transition = step(SMALL, state, "8 6 9 7", "fr", unseen_device=True)
    assert transition.accepted
    assert transition.state.draft == uses(ToolAnswer("Zoom", ratings=(8, 6, 9, 7)))


def test_free_text_from_a_new_device_is_not_stored_as_a_problem() -> None:
    state = answered(SMALL, ["Zoom", "8 6 9 7"])
    assert state.position.step is Step.PROBLEM
    transition = step(SMALL, state, "Bonjour", "fr", unseen_device=True)
    assert_refused(transition, state)
    assert "Quel problème rencontrez-vous avec Zoom" in plain(transition)


@pytest.mark.parametrize(
    ("message", "first_problem"),
    [
        # a problem's last words were read as fillers of the next tool's name, and dropped
        ("Zoom 7 6 5 6 le son coupe souvent ; Jitsi 6 5 7 4 rien", "le son coupe souvent"),
        ("Zoom 7 6 5 6 trop cher pour tout le service ; Jitsi 6 5 7 4 rien",
         "trop cher pour tout le service"),
        ("Zoom 7 6 5 6 ça rame ; Microsoft Teams 6 5 7 4 rien", "ça rame"),
    ],
)  # fmt: skip
def test_a_problem_before_the_next_tool_keeps_all_its_words(
    message: str, first_problem: str
) -> None:
    from conversations.tool_answer import UsesTools, read_tool_answer

    visio = DEFAULT_SURVEY.categories[0]
    reading = read_tool_answer(visio, message, len(DEFAULT_SURVEY.criteria))
    assert isinstance(reading, UsesTools)
    assert [t.problem for t in reading.tools][0] == first_problem
    assert len(reading.tools) == 2
