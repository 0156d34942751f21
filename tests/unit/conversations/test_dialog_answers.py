"""The evaluation dialog's answers: which tools, their ratings, their problem."""

from __future__ import annotations

import pytest

from conversations.dialog import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    ToolAnswer,
    question,
    start,
    step,
)
from conversations.survey import DEFAULT_SURVEY
from tests.support.kit import readable
from tests.unit.conversations.dialog_kit import (
    NOTHING_YET,
    SMALL,
    answered,
    assert_refused,
    plain,
    rated,
    uses,
)

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
