"""The evaluation conversation, message by message, as an agent lives it in a DM:
the start, a whole evaluation, English, and any message from any state."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.dialog import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    ToolAnswer,
    modify,
    question,
    start,
    step,
    summary,
)
from conversations.formatting import Reply
from conversations.survey import DEFAULT_SURVEY, Survey
from conversations.texts import Language
from tests.support.kit import readable
from tests.unit.conversations.dialog_kit import (
    AGENDA,
    CRITERIA,
    FINISHED,
    NOTHING_YET,
    SMALL,
    TO_CONFIRM,
    VISIO,
    WITH_SERVICES,
    answered,
    assert_refused,
    plain,
    rated,
    uses,
)

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


@pytest.mark.parametrize("typed", ["état-civil", "Etat civil", "l'état civil", "EC"])
def test_the_civil_registry_is_understood_with_or_without_its_hyphen(typed: str) -> None:
    survey = Survey((VISIO, AGENDA), CRITERIA, services=("Finances", "État civil"))
    transition = step(survey, start(survey, "fr").state, typed, "fr")

    assert transition.state.service == "État civil"


def test_a_misspelt_service_is_offered_back_and_yes_takes_it() -> None:
    state = start(WITH_SERVICES, "fr").state
    offered = step(WITH_SERVICES, state, "Ressource humainnes", "fr")
    assert plain(offered) == "Vouliez-vous dire le service Ressources humaines ? (oui / non)"
    assert offered.state.service is None
    taken = step(WITH_SERVICES, offered.state, "oui", "fr")
    assert taken.state.service == "Ressources humaines"
    assert taken.state.offer is None


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
