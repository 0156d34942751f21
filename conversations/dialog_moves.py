"""Moving through the evaluation dialog: skipping a question, going back, storing a
complete answer and going on to the next category without one.

`retour` goes to the question before in the survey's order, worked out from the answers
rather than from a history of moves; a draft replaces the stored answer only once complete.
"""

from __future__ import annotations

from dataclasses import replace

from .dialog_state import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    Transition,
    draft_of,
    refuse,
    with_tool,
)
from .dialog_wording import one_rating_ack, question, ratings_ack, with_lead
from .formatting import Reply
from .parsing import InvalidAnswer
from .survey import Survey
from .texts import Language, text


def skip(survey: Survey, state: DialogState, language: Language) -> Transition:
    position = state.position
    match position.step:
        case Step.SERVICE:
            new = replace(state, service=None, position=forward(survey, state, None))
            return moved(survey, new, text(language, "ack.no_service"), language)
        case Step.TOOL | Step.OTHER:
            kept = state.answers[position.category]
            if state.only_category == position.category and kept is not None:
                # « passer » in a correction: keep the answer as it is
                new = replace(state, only_category=None, draft=None)
                new = replace(new, position=forward(survey, new, None))
                return moved(survey, new, text(language, "ack.kept"), language)
            skipped = CategoryAnswer(skipped=True)
            return commit(survey, state, skipped, text(language, "ack.skipped"), language)
        case Step.RATING:
            draft = draft_of(state)
            tool = draft.tools[position.tool]
            ratings = tool.ratings[: position.criterion] + (None,)
            tool = replace(tool, ratings=ratings)
            draft = with_tool(draft, position.tool, tool)
            if len(ratings) < len(survey.criteria):
                new = replace(
                    state, draft=draft, position=replace(position, criterion=len(ratings))
                )
                return moved(survey, new, one_rating_ack(survey, ratings, language), language)
            return carry_on(survey, state, draft, ratings_ack(survey, tool, language), language)
        case Step.PROBLEM:
            draft = draft_of(state)
            tool = replace(draft.tools[position.tool], problem=None, done=True)
            draft = with_tool(draft, position.tool, tool)
            return carry_on(survey, state, draft, text(language, "ack.no_problem"), language)
        case Step.NEED | Step.NEED_WHY:
            draft = draft_of(state)
            if position.step is Step.NEED:
                draft = replace(draft, needed=None, need_why=None)
            return commit(survey, state, draft, text(language, "ack.noted"), language)
    raise InvalidAnswer("error.cannot_skip")


def carry_on(
    survey: Survey, state: DialogState, draft: CategoryAnswer, ack: str | None, language: Language
) -> Transition:
    """The next thing to ask about the draft's tools, or the draft is complete: store it."""
    category = state.position.category
    for index, tool in enumerate(draft.tools):
        if len(tool.ratings) < len(survey.criteria):
            position = Position(Step.RATING, category, index, len(tool.ratings))
            return moved(survey, replace(state, draft=draft, position=position), ack, language)
        if not tool.done:
            position = Position(Step.PROBLEM, category, index)
            return moved(survey, replace(state, draft=draft, position=position), ack, language)
    return commit(survey, state, draft, ack, language)


def commit(
    survey: Survey, state: DialogState, answer: CategoryAnswer, ack: str | None, language: Language
) -> Transition:
    """The category's answer is complete: it replaces the stored one; on to the next."""
    index = state.position.category
    answers = (*state.answers[:index], answer, *state.answers[index + 1 :])
    new = replace(state, answers=answers, draft=None)
    if state.only_category is not None:
        new = replace(new, only_category=None, position=forward(survey, new, None))
    else:
        new = replace(new, position=forward(survey, new, index))
    changed = (index,) if state.answers[index] != answer else ()
    return replace(moved(survey, new, ack, language), changed=changed)


def forward(survey: Survey, state: DialogState, after: int | None) -> Position:
    """The next category without an answer (after `after`, else from the start), else
    the summary to confirm."""
    order = list(range(len(survey.categories)))
    if after is not None:
        order = order[after + 1 :] + order[: after + 1]
    for index in order:
        if state.answers[index] is None:
            return Position(Step.TOOL, index)
    return Position(Step.CONFIRM)


def back(survey: Survey, state: DialogState, language: Language) -> Transition:
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
                return refuse(
                    state,
                    with_lead(text(language, "dialog.modify_first"), survey, state, language),
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
                    draft=with_tool(draft, position.tool, kept),
                    position=replace(position, criterion=position.criterion - 1),
                )
            elif position.tool > 0:
                previous = replace(draft.tools[position.tool - 1], problem=None, done=False)
                new = replace(
                    state,
                    draft=with_tool(draft, position.tool - 1, previous),
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
                draft=with_tool(draft, position.tool, kept),
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
        return refuse(
            state, with_lead(text(language, "dialog.first_question"), survey, state, language)
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
        draft = with_tool(answer, last, tool)
        return replace(state, draft=draft, position=Position(Step.PROBLEM, category, last))
    if answer.needed:
        return replace(
            state, draft=replace(answer, need_why=None), position=Position(Step.NEED_WHY, category)
        )
    return replace(state, draft=CategoryAnswer(), position=Position(Step.NEED, category))


def moved(survey: Survey, new: DialogState, ack: str | None, language: Language) -> Transition:
    """An accepted answer: what was noted, then the next question, in one message."""
    if new.finished:
        return Transition(new, (Reply(text(language, "dialog.done")),))
    return Transition(new, (with_lead(ack, survey, new, language),))
