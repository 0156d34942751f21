"""The evaluation conversation as a pure function of (survey, state, message).

`step` never performs I/O and never reads a clock: the bot loads the state, calls it,
and stores the new state together with the replies in one transaction. Invalid input
returns the *same* state with an explanation, so a mistake can never corrupt answers.

What is stored changes only when it should: `answers` holds the complete answer of each
category, and the category being answered is a separate `draft`. A draft replaces the
stored answer only once it is complete (or when the agent skips that category at its own
question), so going back, abandoning a `!modifier`, or stopping half-way never loses nor
alters an answer already given.

Here: the entry points and reading each step's answer (a little over 400 lines: one
reader per step, kept with the `match` on the step that calls them). The state is `dialog_state`,
moving between questions (skip, back, store) `dialog_moves`, what is said `dialog_wording`;
their public names are re-exported so that `conversations.dialog` stays the one import.
"""

from __future__ import annotations

from dataclasses import replace

from .dialog_moves import back, carry_on, commit, forward, moved, skip
from .dialog_state import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    ToolAnswer,
    Transition,
    category_of,
    draft_of,
    refuse,
    with_tool,
)
from .dialog_wording import (
    help_text,
    joined,
    need_ack,
    of_name,
    one_rating_ack,
    question,
    rating_example,
    ratings_ack,
    summary,
    tool_name,
    with_lead,
)
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
    appraisal_only,
    check,
    has_unit,
    hesitates,
    read_ratings,
    remark_follows,
    shown,
    unlabelled,
)
from .survey import Survey
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
from .words import KEYWORDS, NO_TOOL_WORDS

__all__ = [
    "KEYWORDS", "MAX_FREE_TEXT", "CategoryAnswer", "DialogState", "Position", "Step",
    "ToolAnswer", "Transition", "modify", "of_name", "question", "rating_example", "reask",
    "resume", "start", "step", "summary",
]  # fmt: skip

MAX_FREE_TEXT = 1000


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
        state, (with_lead(text(language, "dialog.resumed"), survey, state, language),)
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
    return Transition(new, (with_lead(text(language, key, category=name), survey, new, language),))


def reask(survey: Survey, state: DialogState, language: Language) -> Transition:
    """The current question again, in full, for someone who may not have seen it."""
    return refuse(state, with_lead(text(language, "dialog.reask"), survey, state, language))


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
        return refuse(state, Reply(text(language, "dialog.paused")))
    if state.finished:
        return refuse(state, Reply(text(language, "dialog.already_done")))
    if state.offer is not None:
        return _answer_offer(survey, state, message, language)
    if is_greeting(message) or (is_thanks(message) and _free_text_step(state)):
        lead = text(language, "dialog.greeting" if is_greeting(message) else "dialog.thanks")
        return refuse(state, with_lead(lead, survey, state, language))
    answer_after = after_greeting(message)
    if answer_after is not None:  # « Bonjour, Teams »: the answer is what follows
        message = answer_after
    word = KEYWORDS.get(keyword(message))
    if word is None and asks_what(message):
        word = "help"
    if word == "help":
        return refuse(state, with_lead(help_text(survey, state, language), survey, state, language))
    if word == "pause":
        return Transition(replace(state, paused=True), (Reply(text(language, "dialog.pause")),))
    if word == "back":
        return back(survey, state, language)
    try:
        if word == "skip":
            return skip(survey, state, language)
        return _answer(survey, state, message, language)
    except InvalidAnswer as error:
        return _explain(survey, state, message, language, error)


def _explain(
    survey: Survey, state: DialogState, message: str, language: Language, error: InvalidAnswer
) -> Transition:
    """The reason, then the question again."""
    lead = text(language, error.key, **error.values)
    refused = refuse(state, with_lead(lead, survey, state, language))
    return replace(refused, reason=error.key)


# --------------------------------------------------------------------------- answering


def _answer(survey: Survey, state: DialogState, message: str, language: Language) -> Transition:
    position = state.position
    match position.step:
        case Step.SERVICE:
            return _answer_service(survey, state, message, language)
        case Step.TOOL:
            reading = read_tool_answer(category_of(survey, state), message, len(survey.criteria))
            return _answer_tools(survey, state, reading, language)
        case Step.OTHER:
            if says_nothing(message) or keyword(message) in NO_TOOL_WORDS:
                return _answer_tools(survey, state, UsesNone(), language)
            category = category_of(survey, state)
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
            draft = replace(draft_of(state), needed=need.needed, need_why=need.why)
            ack = need_ack(need.needed, need.why, language)
            if need.needed and need.why is None:
                return moved(
                    survey,
                    replace(state, draft=draft, position=replace(position, step=Step.NEED_WHY)),
                    ack,
                    language,
                )
            return commit(survey, state, draft, ack, language)
        case Step.NEED_WHY:
            why = None if says_nothing(message) else _free_text(message)
            draft = replace(draft_of(state), need_why=why)
            return commit(survey, state, draft, text(language, "ack.noted"), language)
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
    new = replace(state, service=service, position=forward(survey, state, None))
    return moved(survey, new, text(language, "ack.service", service=service), language)


def _answer_tools(
    survey: Survey,
    state: DialogState,
    reading: UsesTools | UsesNone | AsksOther | Offer,
    language: Language,
) -> Transition:
    position = state.position
    if isinstance(reading, AsksOther):
        new = replace(state, position=replace(position, step=Step.OTHER), draft=None)
        return moved(survey, new, None, language)
    if isinstance(reading, Offer):
        key = "offer.spelling" if reading.kind == "spelling" else "offer.other"
        names = joined(list(reading.names), language)
        return Transition(
            replace(state, offer=reading.message), (Reply(text(language, key, names=names)),)
        )
    if isinstance(reading, UsesNone):
        draft = CategoryAnswer(needed=reading.needed, need_why=reading.why)
        ack = text(language, "ack.no_tool")
        if not reading.needed_given:
            new = replace(state, draft=draft, position=replace(position, step=Step.NEED))
            return moved(survey, new, ack, language)
        ack += " " + need_ack(reading.needed, reading.why, language)
        if reading.needed and reading.why is None:
            new = replace(state, draft=draft, position=replace(position, step=Step.NEED_WHY))
            return moved(survey, new, ack, language)
        return commit(survey, state, draft, ack, language)
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
    unrated = [tool_name(survey, t, language) for t in tools if not t.ratings]
    acks = [ratings_ack(survey, t, language) for t in tools if t.ratings]
    if unrated:
        acks.append(text(language, "ack.tools", tools=joined(unrated, language)))
    return carry_on(survey, state, draft, " ".join(acks), language)


def _answer_rating(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    position = state.position
    count = len(survey.criteria)
    draft = draft_of(state)
    tool = draft.tools[position.tool]
    read = read_ratings(unlabelled(survey, message))
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
                if not remark_follows(read):
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
    draft = with_tool(draft, position.tool, tool)
    if len(ratings) < count:
        new = replace(state, draft=draft, position=replace(position, criterion=len(ratings)))
        ack = one_rating_ack(survey, ratings, language)
        if remark:
            ack += " " + text(language, "ack.remark_not_kept")
        return moved(survey, new, ack, language)
    ack = ratings_ack(survey, tool, language)
    return carry_on(survey, state, draft, ack, language)


def _answer_problem(
    survey: Survey, state: DialogState, message: str, language: Language
) -> Transition:
    position = state.position
    draft = draft_of(state)
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
            of_tool = of_name(tool_name(survey, tool, language), language)
            raise InvalidAnswer("error.problem_is_rating", of_tool=of_tool, marks=marks)
        problem = _free_text(problem_text(message) or message)
    tool = replace(tool, problem=problem, done=True)
    ack = (
        text(language, "ack.problem", problem=typed(problem))
        if problem
        else text(language, "ack.no_problem")
    )
    return carry_on(survey, state, with_tool(draft, position.tool, tool), ack, language)


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
        return Transition(cleared, (with_lead(lead, survey, cleared, language),))
    return _step(survey, cleared, message, language)


# --------------------------------------------------------------------------- helpers


def _names_the_tool(words: str, tool: ToolAnswer) -> bool:
    """« Teams 8 » at Teams' rating question: the name repeated, not a sentence."""
    return bool(words) and isinstance(find_name(words, [tool.name]), Found)


def _free_text_step(state: DialogState) -> bool:
    return state.position.step in (Step.PROBLEM, Step.NEED_WHY)


def _free_text(message: str) -> str:
    cleaned = " ".join(message.split())
    if not cleaned:
        raise InvalidAnswer("error.empty")
    return cleaned[:MAX_FREE_TEXT]
