"""The demo's simulated agents type evaluations, and pilots trial questionnaires, that the
dialogs accept from start to end."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.catalogue import load_catalogue
from bot.demo.script import (
    COMPLAINTS,
    GENERAL_REMARKS,
    MODULE_REMARKS,
    NEEDS,
    NOT_TRIED_REMARK,
    complaints_about,
    evaluation_messages,
    trial_messages,
)
from conversations.dialog import start, step
from conversations.survey import DEFAULT_SURVEY, Survey
from conversations.trial import trial_first_state, trial_step
from conversations.trial_plan import TrialModule, TrialPlan, TrialSuite
from conversations.trial_state import TrialState

WITH_SERVICES = Survey(
    DEFAULT_SURVEY.categories, DEFAULT_SURVEY.criteria, ("Finances", "Culture", "Éducation")
)


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("survey", [DEFAULT_SURVEY, WITH_SERVICES], ids=["plain", "services"])
def test_every_simulated_message_is_accepted_and_the_evaluation_ends(
    seed: int, survey: Survey
) -> None:
    state = start(survey, "fr").state
    for message in evaluation_messages(survey, random.Random(seed)):
        transition = step(survey, state, message, "fr")
        assert transition.accepted, (message, [r.plain for r in transition.replies])
        state = transition.state

    assert state.finished
    assert all(answer is not None for answer in state.answers)


def test_simulated_agents_do_not_all_answer_alike() -> None:
    scripts = {tuple(evaluation_messages(DEFAULT_SURVEY, random.Random(n))) for n in range(10)}

    assert len(scripts) == 10


@pytest.mark.parametrize("seed", range(10))
def test_agents_of_a_commune_use_the_tool_it_gave_them_and_none_where_it_gave_none(
    seed: int,
) -> None:
    # the last tool of each category (by its name or its number), and none for the GED
    habits = {c.key: c.tools[-1] for c in DEFAULT_SURVEY.categories if c.key != "ged"}
    state = start(WITH_SERVICES, "fr").state
    for message in evaluation_messages(WITH_SERVICES, random.Random(seed), habits):
        transition = step(WITH_SERVICES, state, message, "fr")
        assert transition.accepted, (message, [r.plain for r in transition.replies])
        state = transition.state

    assert state.finished
    for category, answer in zip(DEFAULT_SURVEY.categories, state.answers, strict=True):
        assert answer is not None
        used = [tool.name for tool in answer.tools]
        assert used == ([habits[category.key]] if category.key in habits else []), category.key


# --- what the simulated agents say fits the tool they say it of -------------------------------

# Stated here, apart from the demo's own lists: who publishes and hosts each default tool,
# and what it costs. A comment the demo can make must satisfy every rule whose words it uses.
AMERICAN = {
    "Zoom", "Microsoft Teams", "Google Meet", "WhatsApp", "Slack", "Outlook / Exchange",
    "Google Agenda", "Microsoft Forms", "Google Forms", "Microsoft Planner", "Microsoft To Do",
    "Trello", "Asana", "Google Tasks", "SharePoint", "Google Drive", "Signal",
}  # fmt: skip
# French State services and free software run in France: never "hors de l'UE", never a licence
SOVEREIGN = {
    "Tchap", "Visio Tchap", "Sondage Tchap", "Webconf de l'État", "Démarches simplifiées",
    "Evento (RENATER)", "Jitsi", "Framadate", "Framaforms", "LimeSurvey", "Nextcloud",
    "Nextcloud Agenda", "BlueMind", "Zimbra", "GRR", "Wekan", "OpenProject", "Alfresco",
    "Rocket.Chat",
}  # fmt: skip
PAPER = {"Cahier papier"}
FREE = SOVEREIGN | PAPER | {"WhatsApp", "Signal", "Tableur partagé", "Dossiers réseau partagés"}
PHONE_FIRST = {"WhatsApp", "Signal", "Tchap", "Sondage Tchap"}
OPEN_TO_ANYONE_WITH_A_LINK = {
    "Zoom", "Google Meet", "Jitsi", "Webconf de l'État", "WhatsApp", "Signal", "Doodle",
    "Framadate", "Google Forms", "Framaforms", "LimeSurvey", "Démarches simplifiées",
}  # fmt: skip

RULES: list[tuple[str, str, Callable[[str, str], bool]]] = [
    # (words in the comment, the rule in words, the rule)
    (r"hors de l'Union|Cloud Act|américain", "only of an American publisher's service",
     lambda category, tool: tool in AMERICAN and tool not in SOVEREIGN),
    (r"licence|cher", "only of a tool paid for per user",
     lambda category, tool: tool not in FREE),
    (r"\bson\b|image", "sound and picture only in video conferencing",
     lambda category, tool: category == "visioconference"),
    (r"réseau|téléphone|comptes|formation|connecter|télétravail|installé", "never of paper",
     lambda category, tool: tool not in PAPER),
    (r"téléphone|réseau de la mairie", "not of an app made for the phone",
     lambda category, tool: tool not in PHONE_FIRST),
    (r"extérieurs ne peuvent pas", "not of a tool anyone joins with a link",
     lambda category, tool: tool not in OPEN_TO_ANYONE_WITH_A_LINK),
    (r"élus", "the elected officials' missing app: the State's messenger",
     lambda category, tool: "Tchap" in tool),
    (r"personnels et professionnels", "private life mixed in: a personal messenger",
     lambda category, tool: tool in {"WhatsApp", "Signal"}),
    (r"publicités", "ads: a free version paid for by ads",
     lambda category, tool: tool == "Doodle"),
    (r"fichier", "a file: a spreadsheet or a shared folder",
     lambda category, tool: tool in {"Tableur partagé", "Dossiers réseau partagés"}),
    (r"accueil|réserv", "the front desk's register: paper, for booking",
     lambda category, tool: tool in PAPER and category == "reservation"),
]  # fmt: skip

EVERY_TOOL = [(c.key, tool) for c in DEFAULT_SURVEY.categories for tool in c.tools]


@pytest.mark.parametrize(("category", "tool"), EVERY_TOOL)
def test_every_comment_the_demo_can_make_fits_the_tool_it_is_about(
    category: str, tool: str
) -> None:
    for comment in complaints_about(category, tool):
        for words, rule, fits in RULES:
            if re.search(words, comment):
                assert fits(category, tool), f"« {tool} · {comment} »: {rule}"


def test_every_comment_of_the_demo_falls_under_a_rule() -> None:
    for complaint in COMPLAINTS:
        assert any(re.search(words, complaint.text) for words, _, _ in RULES), complaint.text


def test_most_tools_get_a_comment_and_paper_gets_its_own() -> None:
    silent = [tool for category, tool in EVERY_TOOL if not complaints_about(category, tool)]
    assert silent == []
    assert set(complaints_about("reservation", "Cahier papier")) == {
        "il faut passer à l'accueil pour réserver",
        "on découvre les doubles réservations le jour même",
    }


@pytest.mark.parametrize(("category", "tool"), EVERY_TOOL)
def test_each_comment_is_read_as_the_problem_of_its_tool(category: str, tool: str) -> None:
    index = [c.key for c in DEFAULT_SURVEY.categories].index(category)
    for comment in complaints_about(category, tool):
        state = start(DEFAULT_SURVEY, "fr").state
        for message in [*["passer"] * index, f"{tool} 7 7 7 7 {comment}"]:
            transition = step(DEFAULT_SURVEY, state, message, "fr")
            assert transition.accepted, (message, [r.plain for r in transition.replies])
            state = transition.state
        answer = state.answers[index]
        assert answer is not None, (tool, comment)
        assert [(t.name, t.problem) for t in answer.tools] == [(tool, comment)]


def test_what_the_simulated_agents_say_is_stored_against_a_fitting_tool() -> None:
    said: set[tuple[str, str, str]] = set()
    for seed in range(200):
        state = start(DEFAULT_SURVEY, "fr").state
        for message in evaluation_messages(DEFAULT_SURVEY, random.Random(seed)):
            state = step(DEFAULT_SURVEY, state, message, "fr").state
        for category, answer in zip(DEFAULT_SURVEY.categories, state.answers, strict=True):
            assert answer is not None
            if answer.need_why:
                assert answer.need_why in NEEDS[category.key], (category.key, answer.need_why)
            said |= {(category.key, t.name, t.problem) for t in answer.tools if t.problem}
    for category, tool, comment in said:
        assert comment in complaints_about(category, tool), (tool, comment)
    assert len({comment for _, _, comment in said}) >= 12  # varied


def test_a_need_for_a_missing_tool_is_about_its_category() -> None:
    words = {
        "visioconference": "réunions", "messagerie": "prévenir",
        "agenda": "disponibilités|plannings", "questionnaire": "avis", "sondage": "date",
        "gestion_projet": "projets",
        "reservation": "réserver", "planification": "plannings", "ged": "documents",
    }  # fmt: skip
    assert set(NEEDS) == {c.key for c in DEFAULT_SURVEY.categories}
    for category, needs in NEEDS.items():
        assert all(re.search(words[category], need) for need in needs), category


# --- the pilot trial's questionnaire (phase 2) -------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[4] / "suites.example.toml"
CATEGORIES = [c.key for c in DEFAULT_SURVEY.categories]


def plan_of(keys: list[str], needed: set[str] | None = None) -> TrialPlan:
    """The trial of the example suites `keys`, asking about the `needed` categories each
    covers (every one it covers when None), in the survey's order."""
    suites = {s.key: s for s in load_catalogue(EXAMPLE, CATEGORIES)}
    return TrialPlan(
        tuple(
            TrialSuite(
                key,
                suites[key].name,
                tuple(
                    TrialModule(category, module)
                    for category in CATEGORIES
                    if (module := suites[key].module_for(category))
                    and (needed is None or category in needed)
                ),
            )
            for key in keys
        )
    )


PLANS = {
    "alpha-beta": plan_of(["alpha", "beta"]),
    "three": plan_of(["gamma", "alpha", "beta"]),
    "few-needs": plan_of(["beta", "alpha"], {"visioconference", "reservation", "ged"}),
    "covers-none": plan_of(["alpha", "gamma"], {"reservation", "sondage"}),
}
REMARKS = {r for remarks in MODULE_REMARKS.values() for r in remarks} | set(GENERAL_REMARKS)


def answered(plan: TrialPlan, messages: list[str]) -> TrialState:
    """The questionnaire after `messages`: the first starts it (the bot answers nothing to
    it), each other one must move it on."""
    state = trial_first_state(plan)
    for message in messages[1:]:
        transition = trial_step(DEFAULT_SURVEY, plan, state, message, "fr")
        assert transition.state != state, (message, [r.plain for r in transition.replies])
        state = transition.state
    return state


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("plan", PLANS.values(), ids=PLANS.keys())
def test_every_simulated_pilot_message_moves_the_questionnaire_on_to_its_end(
    seed: int, plan: TrialPlan
) -> None:
    state = answered(plan, trial_messages(DEFAULT_SURVEY, plan, random.Random(seed)))

    assert state.finished
    # Each comment landed where comments go, not a rating read as one (nor the reverse).
    for answers in state.answers:
        assert answers.comment in REMARKS | {NOT_TRIED_REMARK, None}, answers


def test_a_pilot_who_found_no_time_for_a_suite_tries_none_of_it_and_says_why_or_nothing() -> None:
    plan = PLANS["alpha-beta"]
    tried_alpha = 0
    for seed in range(20):
        messages = trial_messages(
            DEFAULT_SURVEY, plan, random.Random(seed), untried=frozenset({"beta"})
        )
        state = answered(plan, messages)

        beta = state.answers_for("beta")
        assert beta is not None and beta.tried == () and beta.ratings == ()
        assert beta.comment in (NOT_TRIED_REMARK, None)
        alpha = state.answers_for("alpha")
        assert alpha is not None
        tried_alpha += bool(alpha.tried)
    assert tried_alpha >= 16  # the other suite as usual (now and then a pilot tries neither)


def test_simulated_pilots_answer_in_the_varied_forms_agents_type() -> None:
    plan = PLANS["alpha-beta"]
    said = [m for seed in range(10) for m in trial_messages(DEFAULT_SURVEY, plan,
                                                            random.Random(seed))]  # fmt: skip
    modules = {m.module for s in plan.suites for m in s.modules}

    assert any(re.fullmatch(r"\d( \d)+", m) for m in said)  # modules by numbers: « 1 3 »
    assert any(any(name in m for name in modules) for m in said)  # by the module's name
    assert any(re.fullmatch(r"\d+(,5)? \S+ \S+", m) for m in said)  # three ratings at once
    assert any(m.startswith("je dirais ") for m in said)  # one at a time
    assert any("nsp" in m for m in said)
    assert any(m in REMARKS for m in said)  # a comment
    assert {"RAS", "rien à signaler"} & set(said)  # or nothing to add
    assert len({tuple(trial_messages(DEFAULT_SURVEY, plan, random.Random(n)))
                for n in range(10)}) == 10  # fmt: skip


def test_pilots_rate_the_example_suites_as_the_demo_intends() -> None:
    """Alpha liked best, as the demo's story goes: its mean simplicity over many pilots is
    above Bêta's."""
    plan = PLANS["alpha-beta"]
    means: dict[str, list[float]] = {"alpha": [], "beta": []}
    for seed in range(200):
        state = answered(plan, trial_messages(DEFAULT_SURVEY, plan, random.Random(seed)))
        for answers in state.answers:
            for rated in answers.rated():
                if rated.criterion == "simplicite" and rated.value is not None:
                    means[answers.suite].append(float(rated.value))
    alpha, beta = (sum(v) / len(v) for v in means.values())

    assert alpha > beta + 0.5
