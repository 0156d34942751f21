"""DialogState <-> JSON, so that a conversation survives restarts and weeks of silence."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .dialog import CategoryAnswer, DialogState, Position, Step
from .survey import Survey

VERSION = 1


class StateFormatError(ValueError):
    """The stored state does not fit this survey (the survey changed mid-campaign)."""


def dump_state(state: DialogState) -> str:
    data = {
        "v": VERSION,
        "position": _position(state.position),
        "answers": [asdict(answer) for answer in state.answers],
        "service": state.service,
        "history": [_position(p) for p in state.history],
        "paused": state.paused,
        "only_category": state.only_category,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_state(text: str, survey: Survey) -> DialogState:
    try:
        data = json.loads(text)
        if data.get("v") != VERSION:
            raise StateFormatError(f"unknown state version {data.get('v')!r}")
        answers = tuple(_answer(item) for item in data["answers"])
        if len(answers) != len(survey.categories):
            raise StateFormatError("the survey's categories changed since this state was saved")
        state = DialogState(
            position=_read_position(data["position"]),
            answers=answers,
            service=data.get("service"),
            history=tuple(_read_position(p) for p in data.get("history", [])),
            paused=bool(data.get("paused", False)),
            only_category=data.get("only_category"),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, StateFormatError):
            raise
        raise StateFormatError(f"unreadable dialog state: {error}") from error
    return state


def _position(position: Position) -> list[Any]:
    return [position.step.value, position.category, position.criterion]


def _read_position(raw: list[Any]) -> Position:
    step, category, criterion = raw
    return Position(Step(step), int(category), int(criterion))


def _answer(raw: dict[str, Any]) -> CategoryAnswer:
    ratings = tuple(None if r is None else int(r) for r in raw.get("ratings", ()))
    return CategoryAnswer(
        tool=raw.get("tool"),
        other=bool(raw.get("other", False)),
        ratings=ratings,
        needed=raw.get("needed"),
        need_why=raw.get("need_why"),
        problem=raw.get("problem"),
        skipped=bool(raw.get("skipped", False)),
        complete=bool(raw.get("complete", False)),
    )
