"""Which dialog owns an agent's next message that is not a command (conversations/owners.py)."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from conversations.owners import OWNERS, Dialog, Owner, Situation, owner
from conversations.rules import accepting, deadline


def test_a_feedback_wave_mid_evaluation_leaves_the_evaluation_in_charge() -> None:
    situation = Situation(evaluating=True, accepting=True, surveying=True)
    assert owner(situation) is Dialog.EVALUATION


def test_a_survey_in_progress_owns_the_reply_once_the_evaluation_is_paused_or_done() -> None:
    assert owner(Situation(accepting=True, surveying=True)) is Dialog.FEEDBACK
    assert owner(Situation(accepting=False, surveying=True)) is Dialog.FEEDBACK


def test_an_open_campaign_explains_how_to_go_on_when_nothing_waits() -> None:
    assert owner(Situation(accepting=True)) is Dialog.EVALUATION
    assert owner(Situation(accepting=True, surveyed=True)) is Dialog.EVALUATION


def test_a_survey_just_answered_is_what_the_agent_talks_about_when_no_campaign_is_open() -> None:
    assert owner(Situation(surveyed=True)) is Dialog.FEEDBACK_DONE


def test_the_trials_questionnaire_waits_for_an_evaluation_or_survey_under_way() -> None:
    assert owner(Situation(evaluating=True, answering_trial=True, piloting=True)) is (
        Dialog.EVALUATION
    )
    assert owner(Situation(surveying=True, answering_trial=True, piloting=True)) is (
        Dialog.FEEDBACK
    )
    assert owner(Situation(accepting=True, answering_trial=True, piloting=True)) is Dialog.TRIAL


def test_a_pilot_not_begun_is_told_of_the_open_campaign_first_then_asked() -> None:
    assert owner(Situation(accepting=True, piloting=True)) is Dialog.EVALUATION
    assert owner(Situation(accepting=True, evaluated=True, piloting=True)) is Dialog.TRIAL
    assert owner(Situation(accepting=True, evaluated=True)) is Dialog.EVALUATION
    assert owner(Situation(piloting=True)) is Dialog.TRIAL
    assert owner(Situation(piloted=True)) is Dialog.TRIAL_DONE
    assert owner(Situation(surveyed=True, piloted=True)) is Dialog.FEEDBACK_DONE


def test_with_nothing_open_the_agent_is_told_so() -> None:
    assert owner(Situation()) is Dialog.NO_CAMPAIGN


@pytest.mark.parametrize("flags", list(product([False, True], repeat=8)))
def test_every_situation_has_exactly_the_first_matching_owner(flags: tuple[bool, ...]) -> None:
    situation = Situation(*flags)
    first = next(row for row in OWNERS if row.when(situation))
    assert owner(situation) is first.dialog


def test_a_new_dialog_is_a_row_of_the_table() -> None:
    trial = Owner(Dialog.FEEDBACK, lambda s: s.accepting, "a trial")
    assert owner(Situation(accepting=True), (trial, *OWNERS)) is Dialog.FEEDBACK
    with pytest.raises(LookupError):
        owner(Situation(), ())


class _Campaign:
    def __init__(self, is_open: bool, closes_on: date | None) -> None:
        self.is_open = is_open
        self.closes_on = closes_on


def test_a_campaign_accepts_answers_until_the_end_of_its_closing_day() -> None:
    day = date(2027, 1, 31)
    assert accepting(_Campaign(True, None), day)
    assert accepting(_Campaign(True, day), day)
    assert not accepting(_Campaign(True, day), date(2027, 2, 1))
    assert not accepting(_Campaign(False, None), day)


def test_the_deadline_is_said_only_when_there_is_one() -> None:
    assert deadline(_Campaign(True, None), "fr") == ""
    assert "31/01/2027" in deadline(_Campaign(True, date(2027, 1, 31)), "fr")
