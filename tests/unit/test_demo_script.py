"""The demo's simulated agents type evaluations the dialog accepts from start to end."""

from __future__ import annotations

import random

import pytest

from bot.demo_script import evaluation_messages
from conversations.dialog import start, step
from conversations.survey import DEFAULT_SURVEY, Survey

WITH_SERVICES = Survey(
    DEFAULT_SURVEY.categories, DEFAULT_SURVEY.criteria, ("Finances", "Culture", "Éducation")
)


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("survey", [DEFAULT_SURVEY, WITH_SERVICES], ids=["plain", "services"])
def test_every_simulated_message_is_accepted_and_the_evaluation_ends(
    seed: int, survey: Survey
) -> None:
    state = start(survey, "fr").state
    for message in evaluation_messages(survey, random.Random(seed)):
        transition = step(survey, state, message, "fr")
        assert transition.accepted, (message, [r.plain for r in transition.replies])
        state = transition.state

    assert state.finished
    assert all(answer is not None for answer in state.answers)


def test_simulated_agents_do_not_all_answer_alike() -> None:
    scripts = {tuple(evaluation_messages(DEFAULT_SURVEY, random.Random(n))) for n in range(10)}

    assert len(scripts) == 10
