"""DialogState <-> JSON, so that a conversation survives restarts and weeks of silence.

Version 2 keeps complete answers apart from the one being given (the draft) and allows
several tools per category. States saved by version 1 (one tool, no draft) are read:
a complete answer becomes a stored one, the answer in progress at the current question
becomes the draft, and an incomplete answer elsewhere (a `!modifier` left half-way) is
dropped, as it was never a complete answer.
"""

from __future__ import annotations

import json
from typing import Any

from .dialog import CategoryAnswer, DialogState, Position, Step, ToolAnswer
from .survey import Survey

VERSION = 2


class StateFormatError(ValueError):
    """The stored state does not fit this survey (the survey changed mid-campaign)."""


def dump_state(state: DialogState) -> str:
    data = {
        "v": VERSION,
        "position": _position(state.position),
        "answers": [None if a is None else _dump_answer(a) for a in state.answers],
        "draft": None if state.draft is None else _dump_answer(state.draft),
        "service": state.service,
        "paused": state.paused,
        "only_category": state.only_category,
        "offer": state.offer,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_state(text: str, survey: Survey) -> DialogState:
    try:
        data = json.loads(text)
        version = data.get("v")
        if version == 1:
            return _load_v1(data, survey)
        if version != VERSION:
            raise StateFormatError(f"unknown state version {version!r}")
        answers = tuple(None if a is None else _read_answer(a) for a in data["answers"])
        _check_size(answers, survey)
        raw_draft = data.get("draft")
        draft = None if raw_draft is None else _read_answer(raw_draft)
        position = _read_position(data["position"])
        _check_position(position, draft, survey)
        return DialogState(
            position=position,
            answers=answers,
            draft=draft,
            service=data.get("service"),
            paused=bool(data.get("paused", False)),
            only_category=data.get("only_category"),
            offer=data.get("offer"),
        )
    except StateFormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise StateFormatError(f"unreadable dialog state: {error}") from error


def _check_position(position: Position, draft: CategoryAnswer | None, survey: Survey) -> None:
    """The question the state is at must exist, or the next message could not be read."""
    if position.step in (Step.CONFIRM, Step.DONE, Step.SERVICE):
        return
    if not 0 <= position.category < len(survey.categories):
        raise StateFormatError("the state points at a category the survey does not have")
    if position.step in (Step.RATING, Step.PROBLEM):
        if draft is None or not 0 <= position.tool < len(draft.tools):
            raise StateFormatError("the state rates a tool it does not hold")
        if not 0 <= position.criterion < len(survey.criteria):
            raise StateFormatError("the state points at a criterion the survey does not have")


def _check_size(answers: tuple[object, ...], survey: Survey) -> None:
    if len(answers) != len(survey.categories):
        raise StateFormatError("the survey's categories changed since this state was saved")


def _position(position: Position) -> list[Any]:
    return [position.step.value, position.category, position.tool, position.criterion]


def _read_position(raw: list[Any]) -> Position:
    step, category, tool, criterion = raw
    return Position(Step(step), int(category), int(tool), int(criterion))


def _dump_answer(answer: CategoryAnswer) -> dict[str, Any]:
    return {
        "tools": [
            {"name": t.name, "other": t.other, "ratings": list(t.ratings), "problem": t.problem,
             "done": t.done}
            for t in answer.tools
        ],
        "needed": answer.needed,
        "need_why": answer.need_why,
        "skipped": answer.skipped,
    }  # fmt: skip


def _read_answer(raw: dict[str, Any]) -> CategoryAnswer:
    return CategoryAnswer(
        tools=tuple(
            ToolAnswer(
                name=str(t["name"]),
                other=bool(t.get("other", False)),
                ratings=tuple(_rating(r) for r in t.get("ratings", ())),
                problem=t.get("problem"),
                done=bool(t.get("done", False)),
            )
            for t in raw.get("tools", ())
        ),
        needed=raw.get("needed"),
        need_why=raw.get("need_why"),
        skipped=bool(raw.get("skipped", False)),
    )


def _rating(raw: object) -> float | None:
    if raw is None:
        return None
    value = float(raw)  # type: ignore[arg-type]
    return int(value) if value == int(value) else value


def _load_v1(data: dict[str, Any], survey: Survey) -> DialogState:
    """A state saved before several tools and drafts existed."""
    step, category, criterion = data["position"]
    position = Position(Step(step), int(category), 0, int(criterion))
    old = data["answers"]
    _check_size(tuple(old), survey)
    answers: list[CategoryAnswer | None] = []
    draft: CategoryAnswer | None = None
    for index, raw in enumerate(old):
        answer = _v1_answer(raw)
        if raw.get("complete"):
            answers.append(answer)
        else:
            answers.append(None)
            if index == position.category and position.step not in (Step.CONFIRM, Step.DONE):
                draft = answer
    lost = draft is None or (position.step in (Step.RATING, Step.PROBLEM) and not draft.tools)
    if lost and position.step in (Step.RATING, Step.PROBLEM, Step.NEED, Step.NEED_WHY):
        position = Position(Step.TOOL, position.category)  # nothing to continue: ask again
        draft = None
    return DialogState(
        position=position,
        answers=tuple(answers),
        draft=draft,
        service=data.get("service"),
        paused=bool(data.get("paused", False)),
        only_category=data.get("only_category"),
    )


def _v1_answer(raw: dict[str, Any]) -> CategoryAnswer:
    tools: tuple[ToolAnswer, ...] = ()
    if raw.get("tool"):
        tools = (
            ToolAnswer(
                name=str(raw["tool"]),
                other=bool(raw.get("other", False)),
                ratings=tuple(_rating(r) for r in raw.get("ratings", ())),
                problem=raw.get("problem"),
                done=bool(raw.get("complete", False)),
            ),
        )
    return CategoryAnswer(
        tools=tools,
        needed=raw.get("needed"),
        need_why=raw.get("need_why"),
        skipped=bool(raw.get("skipped", False)),
    )
