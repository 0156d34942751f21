"""The corpus of what agents really type (tests/data/agent_messages.toml), and how each
message is read by the dialog: understood as the corpus expects, refused with a reason,
or misunderstood (taken as something else). Used by tests/unit/conversations/test_corpus.py and by
bench/conversation.py, which prints the shares.

A case names the question being answered (`at`) and the reading a French agent would
expect; see the header of the data file for the keys.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.handlers.dispatch import COMMANDS
from conversations.commands import find_command, parse_command
from conversations.dialog import (
    KEYWORDS,
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    ToolAnswer,
    start,
    step,
)
from conversations.parsing import keyword
from conversations.phrases import asks_what, is_greeting, is_thanks
from conversations.survey import DEFAULT_CATEGORIES, DEFAULT_CRITERIA, Survey, normalise

DATA = Path(__file__).parents[1] / "data" / "agent_messages.toml"
SERVICES = (
    "Direction générale",
    "Finances",
    "Ressources humaines",
    "Direction des systèmes d'information (DSI)",
    "Services techniques",
    "Culture",
    "Éducation",
    "Urbanisme",
    "Police municipale",
    "Action sociale (CCAS)",
    "État civil",
)
SURVEY = Survey(DEFAULT_CATEGORIES, DEFAULT_CRITERIA, SERVICES)
# Refusals that only repeat the question's instructions, rather than say what is wrong.
GENERIC = frozenset({"error.rating", "error.tool", "error.service", "error.yes_no"})
READING_KEYS = (
    "service", "outils", "autres", "notes", "problemes", "aucun", "besoin", "pourquoi",
    "probleme", "valide", "propose", "question", "mot", "salutation", "commande", "refus",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    at: str
    message: str
    expected: dict[str, Any]
    category: str = "visioconference"
    criterion: int = 0
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    observed: dict[str, Any]
    verdict: str  # understood, confirmed, refused, refused (generic), misunderstood


def load(path: Path = DATA) -> list[Case]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    cases = []
    for raw in data["case"]:
        expected = {key: raw[key] for key in READING_KEYS if key in raw}
        if not expected:
            raise ValueError(f"case {raw.get('message')!r}: no expected reading")
        cases.append(
            Case(
                at=raw["at"],
                message=raw["message"],
                expected=expected,
                category=raw.get("categorie", "visioconference"),
                criterion=int(raw.get("critere", 0)),
                note=raw.get("note", ""),
            )
        )
    return cases


def judge(case: Case) -> Outcome:
    observed = read(case)
    expected = case.expected
    if observed == expected or _same_names(observed.get("outils"), expected.get("propose")):
        verdict = "understood"
    elif _same_names(observed.get("propose"), expected.get("outils", expected.get("service"))):
        verdict = "confirmed"  # the expected reading, offered back: « oui » takes it
    elif "refus" in observed:
        verdict = "refused (generic)" if observed["refus"] in GENERIC else "refused"
    else:
        verdict = "misunderstood"
    return Outcome(case, observed, verdict)


def _same_names(got: object, wanted: object) -> bool:
    if got is None or wanted is None:
        return False
    return (got if isinstance(got, list) else [got]) == (
        wanted if isinstance(wanted, list) else [wanted]
    )


def shares(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(outcome.verdict for outcome in outcomes)


# --------------------------------------------------------------------------- reading


def read(case: Case) -> dict[str, Any]:
    """What the dialog made of the message, in the corpus's terms."""
    if case.at == "commande" or parse_command(case.message, COMMANDS) is not None:
        # a command, wherever it is typed: the bot runs it before the dialog sees it
        parsed = parse_command(case.message, COMMANDS)
        command = find_command(parsed.word, COMMANDS) if parsed else None
        return {"commande": command.name} if command else {"refus": "unknown_command"}
    state = _state_at(case)
    transition = step(SURVEY, state, case.message, "fr")
    word = KEYWORDS.get(keyword(case.message))
    if not transition.accepted:
        if transition.reason:
            return {"refus": transition.reason}
        if word == "help" or asks_what(case.message):
            return {"mot": "aide"}
        if is_greeting(case.message) or is_thanks(case.message):
            return {"salutation": True}
        return {"refus": "unexplained"}
    new = transition.state
    if word in ("back", "skip", "pause"):
        return {"mot": {"back": "retour", "skip": "passer", "pause": "pause"}[word]}
    if new.offer is not None:
        taken = step(SURVEY, new, "oui", "fr").state
        proposed = _reading(state, taken, offer=True)
        return {"propose": proposed.get("outils", proposed.get("service"))}
    return _reading(state, new)


def _reading(before: DialogState, after: DialogState, offer: bool = False) -> dict[str, Any]:
    category = before.position.category
    if before.position.step is Step.SERVICE:
        return {"service": after.service}
    if before.position.step is Step.CONFIRM:
        return {"valide": after.finished}
    answer = _answer_now(after, category)
    if before.position.step in (Step.TOOL, Step.OTHER):
        if after.position.step is Step.OTHER:
            return {"question": "autre"}
        return _tool_reading(answer)
    if before.position.step is Step.RATING:
        tool = answer.tools[before.position.tool]
        reading: dict[str, Any] = {"notes": _shown(tool.ratings)}
        if tool.done:
            reading["probleme"] = tool.problem or ""
        return reading
    if before.position.step is Step.PROBLEM:
        return {"probleme": answer.tools[before.position.tool].problem or ""}
    if before.position.step is Step.NEED:
        reading = {"besoin": "nsp" if answer.needed is None else answer.needed}
        if answer.need_why:
            reading["pourquoi"] = answer.need_why
        return reading
    if before.position.step is Step.NEED_WHY:
        return {"pourquoi": answer.need_why or ""}
    del offer
    raise AssertionError(before.position)


def _tool_reading(answer: CategoryAnswer) -> dict[str, Any]:
    if not answer.tools:
        reading: dict[str, Any] = {"aucun": True}
        if answer.needed is not None:
            reading["besoin"] = answer.needed
        if answer.need_why:
            reading["pourquoi"] = answer.need_why
        return reading
    reading = {"outils": [t.name for t in answer.tools]}
    if any(t.other for t in answer.tools):
        reading["autres"] = [t.other for t in answer.tools]
    if any(t.ratings for t in answer.tools):
        reading["notes"] = [_shown(t.ratings) for t in answer.tools]
    if any(t.done for t in answer.tools):
        reading["problemes"] = [t.problem or "" for t in answer.tools]
    return reading


def _shown(ratings: tuple[float | None, ...]) -> list[float | str]:
    """Ratings as the corpus writes them: « nsp » for no opinion (TOML has no null)."""
    return ["nsp" if r is None else r for r in ratings]


def _answer_now(state: DialogState, category: int) -> CategoryAnswer:
    """The category's answer after the message: the draft if still being given."""
    if state.draft is not None and state.position.category == category:
        return state.draft
    answer = state.answers[category]
    return answer if answer is not None else CategoryAnswer()


def _state_at(case: Case) -> DialogState:
    index = next(i for i, c in enumerate(SURVEY.categories) if c.key == case.category)
    fresh = start(SURVEY, "fr").state
    teams = ToolAnswer(_first_tool(index))
    match case.at:
        case "service":
            return fresh
        case "outil":
            return replace(fresh, position=Position(Step.TOOL, index))
        case "autre":
            return replace(fresh, position=Position(Step.OTHER, index))
        case "note":
            ratings = (8, 6, 9, 7)[: case.criterion]
            draft = CategoryAnswer(tools=(replace(teams, ratings=ratings),))
            return replace(fresh, position=Position(Step.RATING, index, 0, case.criterion),
                           draft=draft)  # fmt: skip
        case "probleme":
            draft = CategoryAnswer(tools=(replace(teams, ratings=(8, 6, 9, 7)),))
            return replace(fresh, position=Position(Step.PROBLEM, index), draft=draft)
        case "besoin":
            return replace(fresh, position=Position(Step.NEED, index), draft=CategoryAnswer())
        case "pourquoi":
            draft = CategoryAnswer(needed=True)
            return replace(fresh, position=Position(Step.NEED_WHY, index), draft=draft)
        case "recapitulatif":
            done = CategoryAnswer(skipped=True)
            return replace(
                fresh, position=Position(Step.CONFIRM), answers=(done,) * len(SURVEY.categories)
            )
    raise ValueError(f"unknown question {case.at!r}")


def _first_tool(category: int) -> str:
    """The tool being rated in `note` and `probleme` cases: Microsoft Teams where listed."""
    tools = SURVEY.categories[category].tools
    wanted = normalise("Microsoft Teams")
    return next((t for t in tools if normalise(t) == wanted), tools[0])
