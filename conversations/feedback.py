"""The short feedback survey after a rollout, as a pure function of (survey, state, message).

The same input forms as the evaluation (a rating at a time or all at once, "7/10",
"sept", "nsp", and the words passer / retour / aide), on the survey's criteria for the
deployed suite, then one free question: a problem or an idea to pass on. Invalid input
keeps the state and explains what is expected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum

from .dialog import MAX_FREE_TEXT, rating_example
from .formatting import Reply
from .parsing import InvalidAnswer, keyword
from .phrases import is_greeting, says_nothing
from .ratings import Rating, add_ratings, is_kept, shown
from .survey import Survey
from .texts import Language, text, typed
from .words import KEYWORDS


class FeedbackStep(StrEnum):
    RATING = "rating"
    IDEA = "idea"
    DONE = "done"


@dataclass(frozen=True)
class FeedbackState:
    step: FeedbackStep = FeedbackStep.RATING
    ratings: tuple[Rating, ...] = ()  # None: no opinion or skipped
    idea: str | None = None

    @property
    def finished(self) -> bool:
        return self.step is FeedbackStep.DONE


@dataclass(frozen=True)
class FeedbackTransition:
    state: FeedbackState
    replies: tuple[Reply, ...]
    rated: bool = False  # every criterion now has a rating: store them
    idea_given: bool = False  # `state.idea` is new: store it


def feedback_start(survey: Survey, suite: str, days: int, language: Language) -> FeedbackTransition:
    """The wave's invitation and its first question."""
    state = FeedbackState()
    intro = Reply(
        text(language, "feedback.intro", suite=typed(suite), days=days,
             count=len(survey.criteria))
    )  # fmt: skip
    return FeedbackTransition(state, (intro, feedback_question(survey, suite, state, language)))


def feedback_step(
    survey: Survey, suite: str, state: FeedbackState, message: str, language: Language
) -> FeedbackTransition:
    """Apply one agent message to their feedback."""
    if state.finished:
        return FeedbackTransition(state, (Reply(text(language, "feedback.already_done")),))
    word = KEYWORDS.get(keyword(message))
    if word == "help":
        return FeedbackTransition(
            state,
            (
                Reply(text(language, f"feedback.help.{state.step.value}")),
                feedback_question(survey, suite, state, language),
            ),
        )
    if word == "pause":
        return FeedbackTransition(state, (Reply(text(language, "feedback.pause")),))
    if is_greeting(message):  # « Bonjour » is no rating: the question again
        return FeedbackTransition(
            state,
            (
                Reply(text(language, "dialog.greeting")),
                feedback_question(survey, suite, state, language),
            ),
        )
    if word == "back":
        return _back(survey, suite, state, language)
    try:
        new = _answer(survey, state, message, skip=word == "skip")
    except InvalidAnswer as error:
        return FeedbackTransition(
            state,
            (
                Reply(text(language, error.key, **error.values)),
                feedback_question(survey, suite, state, language),
            ),
        )
    rated = state.step is FeedbackStep.RATING and new.step is not FeedbackStep.RATING
    replies: list[Reply] = []
    if rated:
        replies.append(_ratings_noted(survey, new, language))
    if new.finished:
        replies.append(Reply(text(language, "feedback.thanks", suite=typed(suite))))
    else:
        replies.append(feedback_question(survey, suite, new, language))
    idea_given = new.finished and new.idea is not None
    return FeedbackTransition(new, tuple(replies), rated=rated, idea_given=idea_given)


def _answer(survey: Survey, state: FeedbackState, message: str, *, skip: bool) -> FeedbackState:
    count = len(survey.criteria)
    if state.step is FeedbackStep.RATING:
        ratings = (*state.ratings, None) if skip else add_ratings(state.ratings, message, count)
        if len(ratings) >= count:
            return replace(state, ratings=ratings[:count], step=FeedbackStep.IDEA)
        return replace(state, ratings=ratings)
    if skip or says_nothing(message):
        return replace(state, idea=None, step=FeedbackStep.DONE)
    cleaned = " ".join(message.split())
    if not cleaned:
        raise InvalidAnswer("error.empty")
    return replace(state, idea=cleaned[:MAX_FREE_TEXT], step=FeedbackStep.DONE)


def _back(
    survey: Survey, suite: str, state: FeedbackState, language: Language
) -> FeedbackTransition:
    if state.step is FeedbackStep.IDEA:
        new = replace(state, step=FeedbackStep.RATING, ratings=state.ratings[:-1])
    elif state.ratings:
        new = replace(state, ratings=state.ratings[:-1])
    else:
        return FeedbackTransition(
            state,
            (
                Reply(text(language, "dialog.first_question")),
                feedback_question(survey, suite, state, language),
            ),
        )
    return FeedbackTransition(new, (feedback_question(survey, suite, new, language),))


def feedback_question(
    survey: Survey, suite: str, state: FeedbackState, language: Language
) -> Reply:
    if state.step is FeedbackStep.IDEA:
        return Reply(text(language, "feedback.q.idea", suite=typed(suite)))
    if state.step is FeedbackStep.DONE:
        return Reply(text(language, "feedback.already_done"))
    number = len(state.ratings)
    criterion = survey.criteria[number]
    body = text(
        language,
        "q.rating",
        tool=typed(suite),
        criterion=criterion.name(language),
        number=number + 1,
        count=len(survey.criteria),
    )
    if number == 0 and len(survey.criteria) > 1:
        names = ", ".join(c.name(language) for c in survey.criteria)
        example = rating_example(len(survey.criteria))
        body += "\n" + text(language, "q.rating.fast", criteria=names, example=example)
    return Reply(body)


def _ratings_noted(survey: Survey, state: FeedbackState, language: Language) -> Reply:
    marks = ", ".join(
        f"{c.name(language)} {shown(r, language)}"
        for c, r in zip(survey.criteria, state.ratings, strict=False)
    )
    return Reply(text(language, "dialog.ratings_noted", marks=marks))


class FeedbackStateError(ValueError):
    """A stored feedback state this version cannot read."""


def dump_feedback(state: FeedbackState) -> str:
    return json.dumps(
        {"v": 1, "step": state.step.value, "ratings": list(state.ratings), "idea": state.idea},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_feedback(stored: str, survey: Survey) -> FeedbackState:
    try:
        data = json.loads(stored)
        step = FeedbackStep(data["step"])
        ratings = tuple(data["ratings"])
        idea = data.get("idea")
    except (ValueError, KeyError, TypeError) as error:
        raise FeedbackStateError(str(error)) from error
    count = len(survey.criteria)
    expected = len(ratings) < count if step is FeedbackStep.RATING else len(ratings) == count
    valid = all(is_kept(r) for r in ratings)
    if not expected or not valid:
        raise FeedbackStateError("ratings do not fit the survey")
    if idea is not None and not isinstance(idea, str):
        raise FeedbackStateError("idea is not text")
    return FeedbackState(step, ratings, idea)
