"""The evaluation dialog's state: where the agent is, and what they have answered.

Plain frozen data (stored as JSON by `conversations.codec`), and the small functions that
read or rebuild it; `conversations.dialog` moves from one state to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .formatting import Reply
from .ratings import Rating
from .survey import Category, Survey


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


def draft_of(state: DialogState) -> CategoryAnswer:
    return state.draft if state.draft is not None else CategoryAnswer()


def with_tool(answer: CategoryAnswer, index: int, tool: ToolAnswer) -> CategoryAnswer:
    tools = (*answer.tools[:index], tool, *answer.tools[index + 1 :])
    return replace(answer, tools=tools)


def category_of(survey: Survey, state: DialogState) -> Category:
    return survey.categories[state.position.category]


def refuse(state: DialogState, *replies: Reply) -> Transition:
    return Transition(state, replies, accepted=False)
