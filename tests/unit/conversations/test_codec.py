"""A conversation survives restarts: its state to JSON and back, including the states that
an earlier Harmonie (one tool per category, no draft) left in the database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.codec import StateFormatError, dump_state, load_state
from conversations.dialog import (
    CategoryAnswer,
    DialogState,
    Position,
    Step,
    ToolAnswer,
    start,
    step,
)
from conversations.survey import DEFAULT_SURVEY, Survey
from tests.unit.conversations.dialog_kit import SMALL, WITH_SERVICES

WORDS = [
    "Zoom", "Zoom et Teams", "Teams 8 6 9 7 RAS", "8 6 9 7", "7,5", "nsp", "rien", "le son",
    "aucun", "oui", "non", "pour les congés", "autre", "Mattermost", "Zooom", "retour",
    "passer", "pause", "valider", "1", "2", "Finances", "bonjour",
]  # fmt: skip


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(
    survey=st.sampled_from([SMALL, WITH_SERVICES, DEFAULT_SURVEY]),
    messages=st.lists(st.sampled_from(WORDS), max_size=30),
)
def test_every_reachable_state_comes_back_identical(survey: Survey, messages: list[str]) -> None:
    state = start(survey, "fr").state
    for message in messages:
        state = step(survey, state, message, "fr").state
        assert load_state(dump_state(state), survey) == state


def v1(position: list[object], answers: list[dict[str, object]], **more: object) -> str:
    return json.dumps({"v": 1, "position": position, "answers": answers, "history": [], **more})


def old_answer(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "tool": None, "other": False, "ratings": [], "needed": None, "need_why": None,
        "problem": None, "skipped": False, "complete": False,
    }  # fmt: skip
    return base | fields


def test_a_state_saved_before_several_tools_keeps_its_complete_answers() -> None:
    stored = v1(
        ["rating", 1, 2],
        [
            old_answer(tool="Zoom", ratings=[8, 6, 9, 7], problem="lent", complete=True),
            old_answer(tool="Zimbra", ratings=[5, 5]),
        ],
        service="Finances",
    )

    state = load_state(stored, SMALL)

    assert state.answers == (
        CategoryAnswer(tools=(ToolAnswer("Zoom", False, (8, 6, 9, 7), "lent", done=True),)),
        None,
    )
    assert state.draft == CategoryAnswer(tools=(ToolAnswer("Zimbra", ratings=(5, 5)),))
    assert state.position == Position(Step.RATING, 1, 0, 2)
    assert state.service == "Finances"
    after = step(SMALL, state, "6 7", "fr")
    assert after.accepted
    assert after.state.draft is not None and after.state.draft.tools[0].ratings == (5, 5, 6, 7)


def test_an_abandoned_modification_of_an_old_state_is_not_taken_for_an_answer() -> None:
    # Version 1 wrote a half-done `!modifier` over the complete answer: what is left of it
    # is incomplete, so it is no answer, and the agent is asked that category again.
    stored = v1(
        ["tool", 1, 0],
        [
            old_answer(tool="Microsoft Teams", ratings=[8, 8]),
            old_answer(skipped=True, complete=True),
        ],
        only_category=0,
    )

    state = load_state(stored, SMALL)

    assert state.answers == (None, CategoryAnswer(skipped=True))
    assert state.draft is None


def test_an_old_state_whose_current_answer_is_lost_asks_its_tool_again() -> None:
    stored = v1(["problem", 0, 0], [old_answer(), old_answer()])

    assert load_state(stored, SMALL).position == Position(Step.TOOL, 0)


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[]",
        '{"v": 3}',
        '{"v": 2, "position": ["tool", 0, 0, 0], "answers": [null]}',  # one category of two
        '{"v": 2, "position": ["nowhere", 0, 0, 0], "answers": [null, null]}',
        '{"v": 2, "position": ["tool", 0], "answers": [null, null]}',
        '{"v": 2, "position": ["tool", 0, 0, 0], "answers": [{"tools": [{}]}, null]}',
        '{"v": 1, "position": ["tool", 0, 0], "answers": [{}]}',
    ],
)
def test_a_state_that_does_not_fit_is_refused_clearly(stored: str) -> None:
    with pytest.raises(StateFormatError):
        load_state(stored, SMALL)


def test_half_points_come_back_as_they_were_given() -> None:
    state = DialogState(
        Position(Step.PROBLEM, 0),
        (None, None),
        CategoryAnswer(tools=(ToolAnswer("Zoom", ratings=(7.5, 8, None, 10)),)),
    )
    back = load_state(dump_state(state), SMALL)
    assert back == state
    assert back.draft is not None
    assert [type(r) for r in back.draft.tools[0].ratings] == [float, int, type(None), int]
