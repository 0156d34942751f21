"""The evaluation conversation as a pure function of (survey, state, message).

`step` never performs I/O and never reads a clock: the bot loads the state, calls it,
and stores the new state together with the replies in one transaction. Invalid input
returns the *same* state with an explanation, so a mistake can never corrupt answers.

What is stored changes only when it should: `answers` holds the complete answer of each
category, and the category being answered is a separate `draft`. A draft replaces the
stored answer only once it is complete (or when the agent skips that category at its own
question), so going back, abandoning a `!modifier`, or stopping half-way never loses nor
alters an answer already given. `retour` goes to the question before in the survey's
order, worked out from the answers rather than from a history of moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .formatting import Reply
from .names import Ambiguous, Found, Suggested, expand_service, find_name, strip_filler
from .parsing import InvalidAnswer, keyword, parse_choice
from .phrases import (
    after_greeting,
    asks_what,
    confirms,
    is_greeting,
    is_thanks,
    looks_english,
    read_need,
    says_nothing,
    says_yes_vaguely,
    yes_or_no,
)
from .ratings import (
    Rating,
    RatingsRead,
    appraisal_only,
    check,
    has_unit,
    hesitates,
    read_ratings,
    shown,
)
from .survey import Category, Survey, fold, normalise
from .texts import Language, text, typed
from .tool_answer import (
    AsksOther,
    NamedTool,
    Offer,
    UsesNone,
    UsesTools,
    as_other,
    problem_text,
    read_tool_answer,
)
from .words import KEYWORDS, NO_TOOL_WORDS, REMARK_OPENINGS

MAX_FREE_TEXT = 1000


class Step(StrEnum):
    SERVICE = "service"
    TOOL = "tool"
    OTHER = "other"  # « autre » alone: which one?
    RATING = "rating"
    PROBLEM = "problem"
    NEED = "need"
    NEED_WHY = "need_why"
    CONFIRM = "confirm"
    DONE = "done"


@dataclass(frozen=True)
class Position:
    step: Step
    category: int = 0
    tool: int = 0  # which of the category's tools (RATING, PROBLEM)
    criterion: int = 0  # RATING


@dataclass(frozen=True)
class ToolAnswer:
    """One tool an agent uses for a category, and what they said of it."""

    name: str
    other: bool = False  # typed as « autre … », not one of the known tools
    ratings: tuple[Rating, ...] = ()  # in the survey's criteria order; None: « nsp »
    problem: str | None = None
    done: bool = False  # ratings and the problem question answered


@dataclass(frozen=True)
class CategoryAnswer:
    """One agent's answer for one category: up to three tools, or none (and whether one
    is needed), or skipped."""

    tools: tuple[ToolAnswer, ...] = ()
    needed: bool | None = None
    need_why: str | None = None
    skipped: bool = False


@dataclass(frozen=True)
class DialogState:
    position: Position
    answers: tuple[CategoryAnswer | None, ...]  # complete answers only: what is stored
    draft: CategoryAnswer | None = None  # the answer being given for position.category
    service: str | None = None
    paused: bool = False
    only_category: int | None = None  # set by `!modifier`: one category, then the summary
    offer: str | None = None  # a reading offered back (« Outlook ? »): « oui » takes it

    @property
    def finished(self) -> bool:
        return self.position.step is Step.DONE

    @property
    def answered(self) -> int:
        """How many categories have a complete answer."""
        return sum(answer is not None for answer in self.answers)


@dataclass(frozen=True)
class Transition:
    state: DialogState
    replies: tuple[Reply, ...]
    accepted: bool = True  # False: the message was not a valid answer; answers unchanged
    changed: tuple[int, ...] = field(default=())  # categories whose stored answer changed
    reason: str | None = None  # why a message was refused: the key of its explanation


def start(survey: Survey, language: Language) -> Transition:
    """A new evaluation: the introduction, then the first question."""
    first = Position(Step.SERVICE) if survey.services else Position(Step.TOOL, 0)
    state = DialogState(first, tuple(None for _ in survey.categories))
    notice = Reply(text(language, "dialog.notice", count=len(survey.categories)))
    return Transition(state, (notice, question(survey, state, language)))


def resume(survey: Survey, state: DialogState, language: Language) -> Transition:
    """Back from a pause (or a week of silence): ask the current question again."""
    state = replace(state, paused=False, offer=None)
    if state.finished:
        return Transition(state, (Reply(text(language, "dialog.already_done")),))
    return Transition(
        state, (_with_lead(text(language, "dialog.resumed"), survey, state, language),)
    )


def modify(survey: Survey, state: DialogState, category: int, language: Language) -> Transition:
    """Redo one category; the answer it had stays stored until the new one is complete."""
    if not 0 <= category < len(survey.categories):
        raise ValueError(f"no category number {category}")
    position = Position(Step.TOOL, category)
    new = replace(
        state, position=position, draft=None, paused=False, only_category=category, offer=None
    )
    name = survey.categories[category].name(language)
    key = "dialog.modify_kept" if state.answers[category] is not None else "dialog.modify"
    return Transition(new, (_with_lead(text(language, key, category=name), survey, new, language),))


def reask(survey: Survey, state: DialogState, language: Language) -> Transition:
    """The current question again, in full, for someone who may not have seen it."""
    return _refuse(state, _with_lead(text(language, "dialog.reask"), survey, state, language))


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
    if language == "fr" and not transition.accepted and looks_english(message):
        # someone who writes in English may prefer to read English: say how, with the
        # refusal (nothing is stored, so the state stays exactly as it was)
        hint = f"{text('en', 'dialog.english_hint')}\n{text('fr', 'dialog.english_hint')}"
        replies = (Reply(f"{hint}\n\n{transition.replies[0].text}"), *transition.replies[1:])
        transition = replace(transition, replies=replies)
    if unseen_device and not state.paused and not state.finished:
        free_text = state.position.step in (Step.NEED_WHY, Step.PROBLEM)
        if not transition.accepted or free_text:
            return reask(survey, state, language)
    return transition


def _step(survey: Survey, state: DialogState, message: str, language: Language) -> Transition:
    if state.paused:
        return _refuse(state, Reply(text(language, "dialog.paused")))
    if state.finished:
        return _refuse(state, Reply(text(language, "dialog.already_done")))
    if state.offer is not None:
        return _answer_offer(survey, state, message, language)
    if is_greeting(message) or (is_thanks(message) and _free_text_step(state)):
        lead = text(language, "dialog.greeting" if is_greeting(message) else "dialog.thanks")
        return _refuse(state, _with_lead(lead, survey, state, language))
    answer_after = after_greeting(message)
    if answer_after is not None:  # « Bonjour, Teams »: the answer is what follows
        message = answer_after
    word = KEYWORDS.get(keyword(message))
    if word is None and asks_what(message):
        word = "help"
    if word == "help":
        return _refuse(state, _with_lead(_help(survey, state, language), survey, state, language))
    if word == "pause":
        return Transition(replace(state, paused=True), (Reply(text(language, "dialog.pause")),))
    if word == "back":
        return _back(survey, state, language)
    try:
        if word == "skip":
            return _skip(survey, state, language)
        return _answer(survey, state, message, language)
    except InvalidAnswer as error:
        return _explain(survey, state, message, language, error)


def _explain(
    survey: Survey, state: DialogState, message: str, language: Language, error: InvalidAnswer
) -> Transition:
    """The reason, then the question again."""
    lead = text(language, error.key, **error.values)
    refused = _refuse(state, _with_lead(lead, survey, state, language))
    return replace(refused, reason=error.key)


# --------------------------------------------------------------------------- answering


def _answer(survey: Survey, state: DialogState, message: str, language: Language) -> Transition:
    position = state.position
    match position.step:
        case Step.SERVICE:
            return _answer_service(survey, state, message, language)
        case Step.TOOL:
            reading = read_tool_answer(_category(survey, state), message, len(survey.criteria))
            return _answer_tools(survey, state, reading, language)
        case Step.OTHER:
            if says_nothing(message) or keyword(message) in NO_TOOL_WORDS:
                return _answer_tools(survey, state, UsesNone(), language)
            category = _category(survey, state)
            reading = read_tool_answer(category, as_other(message), len(survey.criteria))
            if isinstance(reading, Offer) and reading.kind == "other":
                reading = UsesTools((NamedTool(reading.names[0], other=True),))
            return _answer_tools(survey, state, reading, language)
        case Step.RATING:
            return _answer_rating(survey, state, message, language)
        case Step.PROBLEM:
            return _answer_problem(survey, state, message, language)
        case Step.NEED:
            need = read_need(message)
            draft = replace(_draft(state), needed=need.needed, need_why=need.why)
            ack = _need_ack(need.needed, need.why, language)
            if need.needed and need.why is None:
                return _moved(
                    survey,
                    replace(state, draft=draft, position=replace(position, step=Step.NEED_WHY)),
                    ack,
                    language,
                )
            return _commit(survey, state, draft, ack, language)
        case Step.NEED_WHY:
            why = None if says_nothing(message) else _free_text(message)
            draft = replace(_draft(state), need_why=why)
            return _commit(survey, state, draft, text(language, "ack.noted"), language)
        case Step.CONFIRM:
            if confirms(message):
                done = replace(state, position=Position(Step.DONE), only_category=None, draft=None)
                return Transition(done, (Reply(text(language, "dialog.done")),))
            raise InvalidAnswer("error.confirm")
    raise AssertionError(position.step)


def _answer_service(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    index = parse_choice(message, len(survey.services))
    if index is not None:
        service = survey.services[index]
    else:
        match = find_name(message, survey.services)
        cleaned = strip_filler(message)
        if not isinstance(match, Found) and cleaned:
            match = find_name(cleaned, survey.services) or match
        expanded = expand_service(message)
        if not isinstance(match, Found) and expanded:
            match = find_name(expanded, survey.services) or match
        if isinstance(match, Suggested):
            offered = replace(state, offer=match.name)
            lead = text(language, "offer.service", name=match.name)
            return Transition(offered, (Reply(lead),))
        if isinstance(match, Ambiguous):
            raise InvalidAnswer("error.service_ambiguous", choices=" ou ".join(match.names))
        if not isinstance(match, Found):
            raise InvalidAnswer("error.service", count=len(survey.services))
        service = match.name
    new = replace(state, service=service, position=_forward(survey, state, None))
    return _moved(survey, new, text(language, "ack.service", service=service), language)


def _answer_tools(
    survey: Survey,
    state: DialogState,
    reading: UsesTools | UsesNone | AsksOther | Offer,
    language: Language,
) -> Transition:
    position = state.position
    if isinstance(reading, AsksOther):
        new = replace(state, position=replace(position, step=Step.OTHER), draft=None)
        return _moved(survey, new, None, language)
    if isinstance(reading, Offer):
        key = "offer.spelling" if reading.kind == "spelling" else "offer.other"
        names = _and(list(reading.names), language)
        return Transition(
            replace(state, offer=reading.message), (Reply(text(language, key, names=names)),)
        )
    if isinstance(reading, UsesNone):
        draft = CategoryAnswer(needed=reading.needed, need_why=reading.why)
        ack = text(language, "ack.no_tool")
        if not reading.needed_given:
            new = replace(state, draft=draft, position=replace(position, step=Step.NEED))
            return _moved(survey, new, ack, language)
        ack += " " + _need_ack(reading.needed, reading.why, language)
        if reading.needed and reading.why is None:
            new = replace(state, draft=draft, position=replace(position, step=Step.NEED_WHY))
            return _moved(survey, new, ack, language)
        return _commit(survey, state, draft, ack, language)
    tools = tuple(
        ToolAnswer(
            t.name,
            t.other,
            t.ratings,
            t.problem,
            done=bool(t.ratings) and t.problem_given,
        )
        for t in reading.tools
    )
    draft = CategoryAnswer(tools=tools)
    unrated = [_tool_name(survey, t, language) for t in tools if not t.ratings]
    acks = [_ratings_ack(survey, t, language) for t in tools if t.ratings]
    if unrated:
        acks.append(text(language, "ack.tools", tools=_and(unrated, language)))
    return _continue(survey, state, draft, " ".join(acks), language)


def _answer_rating(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    position = state.position
    count = len(survey.criteria)
    draft = _draft(state)
    tool = draft.tools[position.tool]
    read = read_ratings(_unlabelled(survey, message))
    if read is None:
        raise InvalidAnswer("error.rating")
    values = read.values
    if len(values) == 2 and hesitates(message) and count - position.criterion != 2:
        raise InvalidAnswer("error.rating_between")  # « entre 6 et 7 », « 6 ou 7 »
    if not read.joined:
        raise InvalidAnswer("error.rating_sentence")
    if has_unit(read.rest):
        raise InvalidAnswer("error.rating_sentence")
    justified = read.before_separated and len(values) == 1 and appraisal_only(read.rest)
    if not (appraisal_only(read.before) or _names_the_tool(read.before, tool) or justified):
        raise InvalidAnswer("error.rating_sentence")
    criterion = position.criterion
    problem: str | None = None
    problem_given = False
    substantive = not appraisal_only(read.rest)
    remark = False
    if len(values) == 1:
        ratings = tool.ratings[:criterion] + (check(values[0]),)
        if substantive:
            if len(ratings) < count:
                if not _remark_follows(read):
                    raise InvalidAnswer("error.rating_then_problem")
                remark = True  # « 0 ça marche jamais »: the rating, and a word about it
            # « 7, le son coupe », « 7 RAS », « 5 les collègues ne l'utilisent pas »
            unseparated_ok = says_nothing(read.rest_typed) or len(read.rest.split()) >= 2
            if not (read.rest_separated or unseparated_ok):
                raise InvalidAnswer("error.rating_sentence")
    elif len(values) == count:
        ratings = tuple(check(v) for v in values)
    elif criterion > 0 and len(values) == count - criterion:
        ratings = tool.ratings[:criterion] + tuple(check(v) for v in values)
    elif len(values) < count:
        missing = count - len(values)
        key = "error.rating_missing_one" if missing == 1 else "error.rating_missing"
        raise InvalidAnswer(key, given=len(values), count=count, missing=missing)
    else:
        raise InvalidAnswer("error.rating_too_many", given=len(values), count=count)
    if substantive and len(ratings) == count:
        problem_given = True
        typed_problem = problem_text(read.rest_typed) or read.rest_typed
        problem = None if says_nothing(typed_problem) else _free_text(typed_problem)
    tool = replace(tool, ratings=ratings, problem=problem, done=problem_given)
    draft = _with_tool(draft, position.tool, tool)
    if len(ratings) < count:
        new = replace(state, draft=draft, position=replace(position, criterion=len(ratings)))
        ack = _one_rating_ack(survey, ratings, language)
        if remark:
            ack += " " + text(language, "ack.remark_not_kept")
        return _moved(survey, new, ack, language)
    ack = _ratings_ack(survey, tool, language)
    return _continue(survey, state, draft, ack, language)


def _answer_problem(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    position = state.position
    draft = _draft(state)
    tool = draft.tools[position.tool]
    if says_nothing(message):
        problem = None
    else:
        if yes_or_no(message) is True or says_yes_vaguely(message):
            raise InvalidAnswer("error.problem_which")
        try:
            read = read_ratings(message)
        except InvalidAnswer:
            read = None
        if read is not None and appraisal_only(read.before) and appraisal_only(read.rest):
            marks = " · ".join(shown(r, language) for r in tool.ratings)
            of_tool = of_name(_tool_name(survey, tool, language), language)
            raise InvalidAnswer("error.problem_is_rating", of_tool=of_tool, marks=marks)
        problem = _free_text(problem_text(message) or message)
    tool = replace(tool, problem=problem, done=True)
    ack = (
        text(language, "ack.problem", problem=typed(problem))
        if problem
        else text(language, "ack.no_problem")
    )
    return _continue(survey, state, _with_tool(draft, position.tool, tool), ack, language)


def _answer_offer(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    """« Vouliez-vous dire Outlook ? »: « oui » takes it, « non » asks again, anything
    else is read as a new answer."""
    assert state.offer is not None
    cleared = replace(state, offer=None)
    answer = yes_or_no(message)
    if answer is True:
        if state.position.step is Step.SERVICE:
            return _answer_service(survey, cleared, state.offer, language)
        return _step(survey, cleared, state.offer, language)
    if answer is False:
        lead = text(language, "offer.refused")
        return Transition(cleared, (_with_lead(lead, survey, cleared, language),))
    return _step(survey, cleared, message, language)


def _skip(survey: Survey, state: DialogState, language: Language) -> Transition:
    position = state.position
    match position.step:
        case Step.SERVICE:
            new = replace(state, service=None, position=_forward(survey, state, None))
            return _moved(survey, new, text(language, "ack.no_service"), language)
        case Step.TOOL | Step.OTHER:
            kept = state.answers[position.category]
            if state.only_category == position.category and kept is not None:
                # « passer » in a correction: keep the answer as it is
                new = replace(state, only_category=None, draft=None)
                new = replace(new, position=_forward(survey, new, None))
                return _moved(survey, new, text(language, "ack.kept"), language)
            skipped = CategoryAnswer(skipped=True)
            return _commit(survey, state, skipped, text(language, "ack.skipped"), language)
        case Step.RATING:
            draft = _draft(state)
            tool = draft.tools[position.tool]
            ratings = tool.ratings[: position.criterion] + (None,)
            tool = replace(tool, ratings=ratings)
            draft = _with_tool(draft, position.tool, tool)
            if len(ratings) < len(survey.criteria):
                new = replace(
                    state, draft=draft, position=replace(position, criterion=len(ratings))
                )
                return _moved(survey, new, _one_rating_ack(survey, ratings, language), language)
            return _continue(survey, state, draft, _ratings_ack(survey, tool, language), language)
        case Step.PROBLEM:
            draft = _draft(state)
            tool = replace(draft.tools[position.tool], problem=None, done=True)
            draft = _with_tool(draft, position.tool, tool)
            return _continue(survey, state, draft, text(language, "ack.no_problem"), language)
        case Step.NEED | Step.NEED_WHY:
            draft = _draft(state)
            if position.step is Step.NEED:
                draft = replace(draft, needed=None, need_why=None)
            return _commit(survey, state, draft, text(language, "ack.noted"), language)
    raise InvalidAnswer("error.cannot_skip")


# --------------------------------------------------------------------------- moving


def _continue(
    survey: Survey, state: DialogState, draft: CategoryAnswer, ack: str | None, language: Language
) -> Transition:
    """The next thing to ask about the draft's tools, or the draft is complete: store it."""
    category = state.position.category
    for index, tool in enumerate(draft.tools):
        if len(tool.ratings) < len(survey.criteria):
            position = Position(Step.RATING, category, index, len(tool.ratings))
            return _moved(survey, replace(state, draft=draft, position=position), ack, language)
        if not tool.done:
            position = Position(Step.PROBLEM, category, index)
            return _moved(survey, replace(state, draft=draft, position=position), ack, language)
    return _commit(survey, state, draft, ack, language)


def _commit(
    survey: Survey, state: DialogState, answer: CategoryAnswer, ack: str | None, language: Language
) -> Transition:
    """The category's answer is complete: it replaces the stored one; on to the next."""
    index = state.position.category
    answers = (*state.answers[:index], answer, *state.answers[index + 1 :])
    new = replace(state, answers=answers, draft=None)
    if state.only_category is not None:
        new = replace(new, only_category=None, position=_forward(survey, new, None))
    else:
        new = replace(new, position=_forward(survey, new, index))
    changed = (index,) if state.answers[index] != answer else ()
    return replace(_moved(survey, new, ack, language), changed=changed)


def _forward(survey: Survey, state: DialogState, after: int | None) -> Position:
    """The next category without an answer (after `after`, else from the start), else
    the summary to confirm."""
    order = list(range(len(survey.categories)))
    if after is not None:
        order = order[after + 1 :] + order[: after + 1]
    for index in order:
        if state.answers[index] is None:
            return Position(Step.TOOL, index)
    return Position(Step.CONFIRM)


def _back(survey: Survey, state: DialogState, language: Language) -> Transition:
    """The question before, in the survey's order; its answer is given again."""
    position = state.position
    count = len(survey.criteria)
    draft = state.draft
    new: DialogState | None = None
    match position.step:
        case Step.SERVICE:
            new = None
        case Step.OTHER:
            new = replace(state, position=replace(position, step=Step.TOOL), draft=None)
        case Step.TOOL:
            if state.only_category == position.category:
                return _refuse(
                    state,
                    _with_lead(text(language, "dialog.modify_first"), survey, state, language),
                )
            if position.category > 0:
                new = _last_question(state, position.category - 1)
            elif survey.services:
                new = replace(state, position=Position(Step.SERVICE), draft=None)
        case Step.RATING:
            assert draft is not None
            tool = draft.tools[position.tool]
            if position.criterion > 0:
                kept = replace(tool, ratings=tool.ratings[: position.criterion - 1], done=False)
                new = replace(
                    state,
                    draft=_with_tool(draft, position.tool, kept),
                    position=replace(position, criterion=position.criterion - 1),
                )
            elif position.tool > 0:
                previous = replace(draft.tools[position.tool - 1], problem=None, done=False)
                new = replace(
                    state,
                    draft=_with_tool(draft, position.tool - 1, previous),
                    position=Position(Step.PROBLEM, position.category, position.tool - 1),
                )
            else:
                new = replace(state, position=Position(Step.TOOL, position.category))
        case Step.PROBLEM:
            assert draft is not None
            tool = draft.tools[position.tool]
            kept = replace(tool, ratings=tool.ratings[: count - 1], problem=None, done=False)
            new = replace(
                state,
                draft=_with_tool(draft, position.tool, kept),
                position=replace(position, step=Step.RATING, criterion=count - 1),
            )
        case Step.NEED:
            new = replace(state, position=replace(position, step=Step.TOOL))
        case Step.NEED_WHY:
            new = replace(state, position=replace(position, step=Step.NEED))
        case Step.CONFIRM:
            new = _last_question(state, len(survey.categories) - 1)
        case Step.DONE:
            new = None
    if new is None:
        return _refuse(
            state, _with_lead(text(language, "dialog.first_question"), survey, state, language)
        )
    return Transition(new, (question(survey, new, language),))


def _last_question(state: DialogState, category: int) -> DialogState:
    """Go back to a category's last question, its stored answer as the draft."""
    answer = state.answers[category]
    if answer is None or answer.skipped:
        return replace(state, position=Position(Step.TOOL, category), draft=None)
    if answer.tools:
        last = len(answer.tools) - 1
        tool = replace(answer.tools[last], problem=None, done=False)
        draft = _with_tool(answer, last, tool)
        return replace(state, draft=draft, position=Position(Step.PROBLEM, category, last))
    if answer.needed:
        return replace(
            state, draft=replace(answer, need_why=None), position=Position(Step.NEED_WHY, category)
        )
    return replace(state, draft=CategoryAnswer(), position=Position(Step.NEED, category))


def _moved(survey: Survey, new: DialogState, ack: str | None, language: Language) -> Transition:
    """An accepted answer: what was noted, then the next question, in one message."""
    if new.finished:
        return Transition(new, (Reply(text(language, "dialog.done")),))
    return Transition(new, (_with_lead(ack, survey, new, language),))


# --------------------------------------------------------------------------- helpers


def _category(survey: Survey, state: DialogState) -> Category:
    return survey.categories[state.position.category]


def _draft(state: DialogState) -> CategoryAnswer:
    return state.draft if state.draft is not None else CategoryAnswer()


def _with_tool(answer: CategoryAnswer, index: int, tool: ToolAnswer) -> CategoryAnswer:
    tools = (*answer.tools[:index], tool, *answer.tools[index + 1 :])
    return replace(answer, tools=tools)


def _remark_follows(read: RatingsRead) -> bool:
    """After a single rating, words that comment on it rather than count something."""
    first = read.rest.split(maxsplit=1)[0] if read.rest else ""
    elided = first.split("'")[0] + "'"
    return read.rest_separated or read.scaled or bool({first, elided} & REMARK_OPENINGS)


def _unlabelled(survey: Survey, message: str) -> str:
    """« efficacité 7, coût 9, sécurité 8 »: the criteria's names taken out, the ratings
    left in their order."""
    folded = fold(message)
    names = sorted(
        {fold(n) for c in survey.criteria for n in (c.name_fr, c.name_en, c.key)}
        | {fold(c.name_fr).split()[0] for c in survey.criteria},
        key=len,
        reverse=True,
    )
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b\s*[:=]?")
    if len(pattern.findall(folded)) < 2:
        return message  # one name is the question's own (« sécurité : 9 »): read as typed
    kept = list(message)
    for match in pattern.finditer(folded):
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(kept)


def _names_the_tool(words: str, tool: ToolAnswer) -> bool:
    """« Teams 8 » at Teams' rating question: the name repeated, not a sentence."""
    return bool(words) and isinstance(find_name(words, [tool.name]), Found)


def _free_text_step(state: DialogState) -> bool:
    return state.position.step in (Step.PROBLEM, Step.NEED_WHY)


def _refuse(state: DialogState, *replies: Reply) -> Transition:
    return Transition(state, replies, accepted=False)


def _free_text(message: str) -> str:
    cleaned = " ".join(message.split())
    if not cleaned:
        raise InvalidAnswer("error.empty")
    return cleaned[:MAX_FREE_TEXT]


def _and(items: list[str], language: Language) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(items) < 2:
        return "".join(items)
    word = " et " if language == "fr" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


# --------------------------------------------------------------------------- wording


def _with_lead(lead: str | None, survey: Survey, state: DialogState, language: Language) -> Reply:
    body = question(survey, state, language).text
    return Reply(f"{lead}\n\n{body}" if lead else body)


def _tool_name(survey: Survey, tool: ToolAnswer, language: Language) -> str:
    return typed(survey.tool_label(tool.name, language))


def of_name(name: str, language: Language) -> str:
    """« de Teams », « d'Outlook » (French elides before a vowel), « of Teams »."""
    if language != "fr":
        return f"of {name}"
    first = normalise(name[:1])
    return f"d'{name}" if first and first in "aeiouy" else f"de {name}"


def _ratings_ack(survey: Survey, tool: ToolAnswer, language: Language) -> str:
    marks = ", ".join(
        f"{c.name(language)} {shown(r, language)}"
        for c, r in zip(survey.criteria, tool.ratings, strict=False)
    )
    of_tool = of_name(_tool_name(survey, tool, language), language)
    ack = text(language, "ack.ratings", of_tool=of_tool, marks=marks)
    if tool.done:
        ack += " " + (
            text(language, "ack.problem", problem=typed(tool.problem))
            if tool.problem
            else text(language, "ack.no_problem")
        )
    return ack


def _one_rating_ack(survey: Survey, ratings: tuple[Rating, ...], language: Language) -> str:
    criterion = survey.criteria[len(ratings) - 1]
    mark = shown(ratings[-1], language)
    return text(language, "ack.rating", criterion=criterion.name(language), mark=mark)


def _need_ack(needed: bool | None, why: str | None, language: Language) -> str:
    key = {True: "ack.need_yes", False: "ack.need_no", None: "ack.need_unknown"}[needed]
    ack = text(language, key)
    if why:
        ack += " " + text(language, "ack.why", why=typed(why))
    return ack


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
        language,
        "q.header",
        number=position.category + 1,
        total=total,
        category=category.name(language),
    )
    draft = _draft(state)
    first_rating = not _rated_before(state)
    match position.step:
        case Step.TOOL:
            tools = [survey.tool_label(t, language) for t in category.tools]
            tools += [text(language, "q.tool.other"), text(language, "q.tool.none")]
            named = [survey.tool_label(t, language) for t in category.tools[:2]]
            example = _and(named, language) if len(named) == 2 else "1"
            body = text(language, "q.tool", choices=_numbered(tools), example=example)
            body += "\n" + _fast_tip(survey, category, language, first_rating)
        case Step.OTHER:
            body = text(language, "q.other")
        case Step.RATING:
            tool = draft.tools[position.tool]
            criterion = survey.criteria[position.criterion]
            body = text(
                language,
                "q.rating",
                tool=_tool_name(survey, tool, language),
                criterion=criterion.name(language),
                number=position.criterion + 1,
                count=len(survey.criteria),
            )
            if first_rating and criterion.scale(language):
                body += "\n" + text(language, "q.scale", scale=criterion.scale(language))
            if position.criterion == 0 and len(survey.criteria) > 1:
                names = ", ".join(c.name(language) for c in survey.criteria)
                example = rating_example(len(survey.criteria))
                body += "\n" + text(language, "q.rating.fast", criteria=names, example=example)
        case Step.NEED:
            body = text(language, "q.need", category=category.name(language))
        case Step.NEED_WHY:
            body = text(language, "q.need_why")
        case Step.PROBLEM:
            tool = draft.tools[position.tool]
            body = text(language, "q.problem", tool=_tool_name(survey, tool, language))
        case _:
            raise AssertionError(position.step)
    return Reply(f"{header}\n{body}")


def _rated_before(state: DialogState) -> bool:
    """Has the agent rated a tool before this question (so the scales were explained)?"""
    current = state.position.category
    for index, answer in enumerate(state.answers):
        if answer is not None and index != current and any(t.ratings for t in answer.tools):
            return True
    earlier = state.draft.tools[: state.position.tool] if state.draft is not None else ()
    return any(t.ratings for t in earlier)


def _fast_tip(survey: Survey, category: Category, language: Language, first: bool) -> str:
    """How to answer a category in one message; with the scales until the first rating."""
    example_tool = survey.tool_label(category.tools[0], language) if category.tools else "Teams"
    example = f"{example_tool} {rating_example(len(survey.criteria))}"
    if not first or not any(c.scale(language) for c in survey.criteria):
        return text(language, "q.tool.fast_short", example=example)
    colon = " : " if language == "fr" else ": "
    scales = "\n".join(
        f"• {c.name(language)}{colon}{c.scale(language)}" if c.scale(language)
        else f"• {c.name(language)}"
        for c in survey.criteria
    )  # fmt: skip
    return text(language, "q.tool.fast", example=example, scales=scales)


def summary(survey: Survey, state: DialogState, language: Language) -> str:
    """One line per category: what the agent answered, as they would say it."""
    lines = []
    if state.service:
        lines.append(text(language, "summary.service", service=typed(state.service)))
    for number, (category, answer) in enumerate(
        zip(survey.categories, state.answers, strict=False), 1
    ):
        lines.append(
            f"{number}. **{category.name(language)}** : {_detail(survey, answer, language)}"
            if language == "fr"
            else f"{number}. **{category.name(language)}**: {_detail(survey, answer, language)}"
        )
    return "\n".join(lines)


def _detail(survey: Survey, answer: CategoryAnswer | None, language: Language) -> str:
    if answer is None:
        return text(language, "summary.unanswered")
    if answer.skipped:
        return text(language, "summary.skipped")
    if not answer.tools:
        need = {True: "summary.need.yes", False: "summary.need.no", None: "summary.need.unknown"}
        detail = text(language, need[answer.needed])
        if answer.need_why:
            detail += f" — « {typed(answer.need_why)} »"
        return detail
    parts = []
    for tool in answer.tools:
        marks = " · ".join(shown(r, language) for r in tool.ratings) or "—"
        part = text(language, "summary.tool", tool=_tool_name(survey, tool, language), marks=marks)
        if tool.problem:
            part += " — " + text(language, "summary.problem", problem=typed(tool.problem))
        parts.append(part)
    return " ; ".join(parts)


def _help(survey: Survey, state: DialogState, language: Language) -> str:
    step_help = text(language, f"help.step.{state.position.step.value}")
    if state.position.step is Step.RATING:
        criterion = survey.criteria[state.position.criterion]
        if criterion.scale(language):
            step_help += "\n" + text(language, "q.scale", scale=criterion.scale(language))
    return text(language, "help.dialog", step_help=step_help)


def rating_example(count: int) -> str:
    """Ratings to show in the "all at once" tip: as many as there are criteria."""
    sample = ("8", "6", "9", "7", "5")
    return " ".join(sample[n % len(sample)] for n in range(count))


def _numbered(choices: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{n}. {choice}" for n, choice in enumerate(choices, 1))
