"""The evaluation conversation as a pure function of (survey, state, message).

`step` never performs I/O and never reads a clock: the bot loads the state, calls it,
and stores the new state together with the replies in one transaction. Invalid input
returns the *same* state with an explanation, so a mistake can never corrupt answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .formatting import Reply
from .parsing import (
    InvalidAnswer,
    keyword,
    parse_all_ratings,
    parse_choice,
    parse_rating,
    parse_yes_no,
)
from .survey import Category, Survey, normalise
from .texts import Language, text, typed

MAX_FREE_TEXT = 1000


class Step(StrEnum):
    SERVICE = "service"
    TOOL = "tool"
    RATING = "rating"
    NEED = "need"
    NEED_WHY = "need_why"
    PROBLEM = "problem"
    CONFIRM = "confirm"
    DONE = "done"


@dataclass(frozen=True)
class Position:
    step: Step
    category: int = 0
    criterion: int = 0


@dataclass(frozen=True)
class CategoryAnswer:
    """What one agent said about one category; `ratings` follow the survey's criteria."""

    tool: str | None = None
    other: bool = False  # typed as "autre …", not one of the known tools
    ratings: tuple[int | None, ...] = ()  # None: no opinion ("nsp") or skipped
    needed: bool | None = None
    need_why: str | None = None
    problem: str | None = None
    skipped: bool = False
    complete: bool = False


@dataclass(frozen=True)
class DialogState:
    position: Position
    answers: tuple[CategoryAnswer, ...]
    service: str | None = None
    history: tuple[Position, ...] = ()
    paused: bool = False
    only_category: int | None = None  # set by `!modifier`: one category, then the summary

    @property
    def finished(self) -> bool:
        return self.position.step is Step.DONE


@dataclass(frozen=True)
class Transition:
    state: DialogState
    replies: tuple[Reply, ...]
    accepted: bool = True  # False: the message was not a valid answer; state unchanged
    changed: tuple[int, ...] = field(default=())  # categories whose answers changed


KEYWORDS = {
    "retour": "back", "back": "back", "precedent": "back",
    "passer": "skip", "skip": "skip", "suivant": "skip",
    "pause": "pause", "stop": "pause", "plus tard": "pause",
    "aide": "help", "help": "help", "?": "help",
}  # fmt: skip


def start(survey: Survey, language: Language) -> Transition:
    """A new evaluation: the privacy notice, then the first question."""
    first = Position(Step.SERVICE) if survey.services else Position(Step.TOOL, 0)
    state = DialogState(first, tuple(CategoryAnswer() for _ in survey.categories))
    notice = Reply(text(language, "dialog.notice", count=len(survey.categories)))
    return Transition(state, (notice, question(survey, state, language)))


def resume(survey: Survey, state: DialogState, language: Language) -> Transition:
    """Back from a pause (or a week of silence): ask the current question again."""
    state = replace(state, paused=False)
    if state.finished:
        return Transition(state, (Reply(text(language, "dialog.already_done")),))
    return Transition(
        state, (Reply(text(language, "dialog.resumed")), question(survey, state, language))
    )


def modify(survey: Survey, state: DialogState, category: int, language: Language) -> Transition:
    """Redo one category, then show the summary again for confirmation."""
    if not 0 <= category < len(survey.categories):
        raise ValueError(f"no category number {category}")
    position = Position(Step.TOOL, category)
    new = replace(state, position=position, history=(), paused=False, only_category=category)
    return Transition(new, (question(survey, new, language),))


def step(
    survey: Survey,
    state: DialogState,
    message: str,
    language: Language,
    *,
    unseen_device: bool = False,
) -> Transition:
    """Apply one agent message to the conversation.

    `unseen_device`: the message comes from a device that may never have read the current
    question (a new phone). What it says is then taken as an answer only if it is one
    for this step; anything else, and any free text, gets the question again in full."""
    transition = _step(survey, state, message, language)
    if unseen_device and not state.paused and not state.finished:
        free_text = state.position.step in (Step.NEED_WHY, Step.PROBLEM)
        if not transition.accepted or free_text:
            return reask(survey, state, language)
    return transition


def reask(survey: Survey, state: DialogState, language: Language) -> Transition:
    """The current question again, in full, for someone who may not have seen it."""
    return _refuse(
        state,
        Reply(text(language, "dialog.reask")),
        question(survey, state, language),
    )


def _step(survey: Survey, state: DialogState, message: str, language: Language) -> Transition:
    word = KEYWORDS.get(keyword(message))
    if state.paused:
        return _refuse(state, Reply(text(language, "dialog.paused")))
    if state.finished:
        return _refuse(state, Reply(text(language, "dialog.already_done")))
    if word == "help":
        return _refuse(state, _help(survey, state, language), question(survey, state, language))
    if word == "pause":
        return Transition(replace(state, paused=True), (Reply(text(language, "dialog.pause")),))
    if word == "back":
        return _back(survey, state, language)
    try:
        skip = word == "skip"
        new = _skip(survey, state) if skip else _answer(survey, state, message, language)
    except InvalidAnswer as error:
        explanation = Reply(text(language, error.key, **error.values))
        return _refuse(state, explanation, question(survey, state, language))
    return _advance(survey, state, new, language)


# --------------------------------------------------------------------------- answering


def _answer(survey: Survey, state: DialogState, message: str, language: Language) -> DialogState:
    position = state.position
    match position.step:
        case Step.SERVICE:
            return _answer_service(survey, state, message)
        case Step.TOOL:
            return _answer_tool(survey, state, message)
        case Step.RATING:
            return _answer_rating(survey, state, message)
        case Step.NEED:
            needed = parse_yes_no(message)
            answer = replace(_current(state), needed=needed)
            if needed:
                return _with(state, answer, Position(Step.NEED_WHY, position.category))
            return _next_category(survey, _with(state, replace(answer, complete=True)))
        case Step.NEED_WHY:
            answer = replace(_current(state), need_why=_free_text(message), complete=True)
            return _next_category(survey, _with(state, answer))
        case Step.PROBLEM:
            problem = None if keyword(message) in NOTHING else _free_text(message)
            answer = replace(_current(state), problem=problem, complete=True)
            return _next_category(survey, _with(state, answer))
        case Step.CONFIRM:
            if keyword(message) in CONFIRM_WORDS:
                return replace(state, position=Position(Step.DONE), only_category=None)
            raise InvalidAnswer("error.confirm")
    raise AssertionError(position.step)


NOTHING = frozenset(
    {
        "rien", "aucun", "aucun probleme", "pas de probleme", "non", "ras", "r.a.s",
        "rien a signaler", "pas de souci", "aucun souci", "non rien", "non, rien",
        "nothing", "none", "no", "no problem",
    }
)  # fmt: skip
NONE_WORDS = frozenset({"aucun", "aucune", "aucun outil", "rien", "none", "no tool", "non"})
CONFIRM_WORDS = frozenset(
    {
        "valider", "valide", "je valide", "oui", "ok", "confirmer", "c'est bon", "d'accord",
        "parfait", "yes", "confirm",
    }
)  # fmt: skip
_OTHER = re.compile(r"^\s*(?:autre|other)\b\s*[:\-—]?(.*)$", re.IGNORECASE | re.DOTALL)


def _answer_service(survey: Survey, state: DialogState, message: str) -> DialogState:
    index = parse_choice(message, len(survey.services))
    if index is None:
        typed = normalise(message)
        matches = [i for i, s in enumerate(survey.services) if normalise(s) == typed]
        if not matches:
            raise InvalidAnswer("error.service", count=len(survey.services))
        index = matches[0]
    return replace(state, service=survey.services[index], position=_first_category(state))


def _answer_tool(survey: Survey, state: DialogState, message: str) -> DialogState:
    category = survey.categories[state.position.category]
    tool, other = _read_tool(category, message)
    position = Position(Step.TOOL, state.position.category)
    if tool is None:
        answer = CategoryAnswer()
        return _with(state, answer, replace(position, step=Step.NEED))
    answer = CategoryAnswer(tool=tool, other=other)
    return _with(state, answer, replace(position, step=Step.RATING, criterion=0))


def _read_tool(category: Category, message: str) -> tuple[str | None, bool]:
    """(tool, typed as other) — tool None means the agent uses none."""
    typed = normalise(message)
    if keyword(message) in NONE_WORDS:
        return None, False
    if keyword(message) in ("autre", "other"):
        raise InvalidAnswer("error.other_needs_name")
    count = len(category.tools)
    index = parse_choice(typed, count + 2)
    if index is not None:
        if index < count:
            return category.tools[index], False
        if index == count:
            raise InvalidAnswer("error.other_needs_name")
        return None, False
    other = _OTHER.match(message)
    if other:
        name = other.group(1).strip(" :-—")
        if not name:
            raise InvalidAnswer("error.other_needs_name")
        known = _known_tool(category, name)
        return (known, False) if known else (_free_text(name)[:80], True)
    known = _known_tool(category, message)
    if known is None:
        raise InvalidAnswer("error.tool", count=count)
    return known, False


def _known_tool(category: Category, typed: str) -> str | None:
    wanted = normalise(typed)
    for tool in category.tools:
        if normalise(tool) == wanted:
            return tool
    if len(wanted) < 3:
        return None
    starts = [tool for tool in category.tools if normalise(tool).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    # a word or words of the name: "Teams", "Exchange", "To Do"
    inside = [tool for tool in category.tools if f" {wanted} " in f" {_words(tool)} "]
    return inside[0] if len(inside) == 1 else None


def _words(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", normalise(name)).split())


def _answer_rating(survey: Survey, state: DialogState, message: str) -> DialogState:
    position = state.position
    criteria = len(survey.criteria)
    answer = _current(state)
    every = parse_all_ratings(message, criteria)
    if every is not None:
        ratings = every
    else:
        value = parse_rating(message)
        ratings = answer.ratings[: position.criterion] + (value,)
    answer = replace(answer, ratings=ratings)
    if len(ratings) >= criteria:
        return _with(state, answer, Position(Step.PROBLEM, position.category))
    return _with(state, answer, replace(position, criterion=len(ratings)))


def _skip(survey: Survey, state: DialogState) -> DialogState:
    position = state.position
    match position.step:
        case Step.SERVICE:
            return replace(state, service=None, position=_first_category(state))
        case Step.TOOL:
            answer = CategoryAnswer(skipped=True, complete=True)
            return _next_category(survey, _with(state, answer))
        case Step.RATING:
            answer = _current(state)
            ratings = answer.ratings[: position.criterion] + (None,)
            answer = replace(answer, ratings=ratings)
            if len(ratings) >= len(survey.criteria):
                return _with(state, answer, Position(Step.PROBLEM, position.category))
            return _with(state, answer, replace(position, criterion=len(ratings)))
        case Step.NEED | Step.NEED_WHY | Step.PROBLEM:
            return _next_category(survey, _with(state, replace(_current(state), complete=True)))
        case _:
            raise InvalidAnswer("error.cannot_skip")


# --------------------------------------------------------------------------- moving


def _advance(survey: Survey, old: DialogState, new: DialogState, language: Language) -> Transition:
    new = replace(new, history=(*old.history, old.position))
    changed = tuple(
        i for i, (a, b) in enumerate(zip(old.answers, new.answers, strict=False)) if a != b
    )
    if new.finished:
        return Transition(new, (Reply(text(language, "dialog.done")),), changed=changed)
    replies: list[Reply] = []
    if old.position.step is Step.RATING and new.position.step is Step.PROBLEM:
        replies.append(_ratings_noted(survey, new.answers[old.position.category], language))
    replies.append(question(survey, new, language))
    return Transition(new, tuple(replies), changed=changed)


def _back(survey: Survey, state: DialogState, language: Language) -> Transition:
    if not state.history:
        return _refuse(
            state, Reply(text(language, "dialog.first_question")), question(survey, state, language)
        )
    previous = state.history[-1]
    new = replace(state, position=previous, history=state.history[:-1])
    return Transition(new, (question(survey, new, language),))


def _next_category(survey: Survey, state: DialogState) -> DialogState:
    current = state.position.category
    if state.only_category is not None:
        # `!modifier` mid-evaluation: back to the first category not answered yet.
        unanswered = [i for i, answer in enumerate(state.answers) if not answer.complete]
        if unanswered:
            return replace(state, position=Position(Step.TOOL, unanswered[0]), only_category=None)
        return replace(state, position=Position(Step.CONFIRM))
    if current + 1 >= len(survey.categories):
        return replace(state, position=Position(Step.CONFIRM))
    return replace(state, position=Position(Step.TOOL, current + 1))


def _first_category(state: DialogState) -> Position:
    return Position(Step.TOOL, state.only_category or 0)


def _current(state: DialogState) -> CategoryAnswer:
    return state.answers[state.position.category]


def _with(
    state: DialogState, answer: CategoryAnswer, position: Position | None = None
) -> DialogState:
    index = state.position.category
    answers = (*state.answers[:index], answer, *state.answers[index + 1 :])
    return replace(state, answers=answers, position=position or state.position)


def _refuse(state: DialogState, *replies: Reply) -> Transition:
    return Transition(state, replies, accepted=False)


def _free_text(message: str) -> str:
    cleaned = " ".join(message.split())
    if not cleaned:
        raise InvalidAnswer("error.empty")
    return cleaned[:MAX_FREE_TEXT]


# --------------------------------------------------------------------------- wording


def question(survey: Survey, state: DialogState, language: Language) -> Reply:
    """The current question, short, with its numbered choices."""
    position = state.position
    total = len(survey.categories)
    if position.step is Step.SERVICE:
        choices = _numbered(survey.services)
        return Reply(text(language, "q.service", choices=choices))
    if position.step is Step.CONFIRM:
        return Reply(text(language, "q.confirm", summary=summary(survey, state, language)))
    if position.step is Step.DONE:
        return Reply(text(language, "dialog.already_done"))
    category = survey.categories[position.category]
    header = text(
        language, "q.header", number=position.category + 1, total=total,
        category=category.name(language),
    )  # fmt: skip
    answer = state.answers[position.category]
    match position.step:
        case Step.TOOL:
            tools = [*category.tools, text(language, "q.tool.other"), text(language, "q.tool.none")]
            body = text(language, "q.tool", choices=_numbered(tools))
        case Step.RATING:
            criterion = survey.criteria[position.criterion]
            body = text(
                language,
                "q.rating",
                tool=typed(answer.tool or ""),
                criterion=criterion.name(language),
                number=position.criterion + 1,
                count=len(survey.criteria),
            )
            if position.criterion == 0 and len(survey.criteria) > 1:
                names = ", ".join(c.name(language) for c in survey.criteria)
                example = rating_example(len(survey.criteria))
                body += "\n" + text(language, "q.rating.fast", criteria=names, example=example)
        case Step.NEED:
            body = text(language, "q.need", category=category.name(language))
        case Step.NEED_WHY:
            body = text(language, "q.need_why")
        case Step.PROBLEM:
            body = text(language, "q.problem", tool=typed(answer.tool or ""))
        case _:
            raise AssertionError(position.step)
    return Reply(f"{header}\n{body}")


def summary(survey: Survey, state: DialogState, language: Language) -> str:
    """One line per category: what the agent answered, as they would say it."""
    lines = []
    if state.service:
        lines.append(text(language, "summary.service", service=typed(state.service)))
    for number, (category, answer) in enumerate(
        zip(survey.categories, state.answers, strict=False), 1
    ):
        name = category.name(language)
        if answer.skipped:
            detail = text(language, "summary.skipped")
        elif answer.tool is None and answer.complete:
            need = {
                True: "summary.need.yes",
                False: "summary.need.no",
                None: "summary.need.unknown",
            }
            detail = text(language, need[answer.needed])
            if answer.need_why:
                detail += f" — « {typed(answer.need_why)} »"
        elif answer.tool is None:
            detail = text(language, "summary.unanswered")
        else:
            marks = ", ".join("nsp" if r is None else str(r) for r in answer.ratings) or "—"
            detail = f"{typed(answer.tool)} : {marks}"
            if answer.problem:
                detail += " — " + text(language, "summary.problem", problem=typed(answer.problem))
        lines.append(f"{number}. **{name}** : {detail}")
    return "\n".join(lines)


def _ratings_noted(survey: Survey, answer: CategoryAnswer, language: Language) -> Reply:
    marks = ", ".join(
        f"{c.name(language)} {'nsp' if r is None else r}"
        for c, r in zip(survey.criteria, answer.ratings, strict=False)
    )
    return Reply(text(language, "dialog.ratings_noted", marks=marks))


def _help(survey: Survey, state: DialogState, language: Language) -> Reply:
    step_help = text(language, f"help.step.{state.position.step.value}")
    return Reply(text(language, "help.dialog", step_help=step_help))


def rating_example(count: int) -> str:
    """Ratings to show in the "all at once" tip: as many as there are criteria."""
    sample = ("8", "6", "9", "7", "5")
    return " ".join(sample[n % len(sample)] for n in range(count))


def _numbered(choices: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{n}. {choice}" for n, choice in enumerate(choices, 1))
