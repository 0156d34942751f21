"""The rollout plan's dates: the method's five steps, reminders, escalation, feedback waves."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from conversations.calendar import WorkingCalendar
from conversations.rollout import (
    STEPS,
    escalation_days,
    feedback_waves,
    next_working_day,
    owner_reminder_days,
    plan_steps,
)

PARIS = WorkingCalendar(ZoneInfo("Europe/Paris"))


def test_the_five_steps_get_the_methods_default_dates_around_the_start() -> None:
    plan = plan_steps(date(2027, 3, 15), PARIS)  # a Monday with no holiday around

    assert [(step.kind.number, step.due) for step in plan] == [
        (1, date(2027, 3, 1)),  # D-14: the managers' working group
        (2, date(2027, 3, 8)),  # D-7: communication
        (3, date(2027, 3, 15)),  # D: training
        (4, date(2027, 3, 22)),  # D+7: concrete projects
        (5, date(2027, 3, 22)),  # D+7 onwards: feedback
    ]
    assert [step.kind.key for step in plan] == [kind.key for kind in STEPS]


def test_a_step_falling_on_14_july_moves_to_the_next_working_day() -> None:
    plan = plan_steps(date(2027, 7, 21), PARIS)  # D-7 is Wednesday 14 July

    assert plan[1].due == date(2027, 7, 15)
    assert plan[0].due == date(2027, 7, 7)


def test_a_start_on_a_saturday_moves_the_training_to_monday() -> None:
    plan = plan_steps(date(2027, 3, 20), PARIS)

    assert plan[2].due == date(2027, 3, 22)
    assert plan[0].due == date(2027, 3, 8)  # D-14 was Saturday 6 March


def test_step_offsets_can_be_configured_but_must_cover_every_step() -> None:
    plan = plan_steps(date(2027, 3, 15), PARIS, offsets=[-21, -10, 0, 14, 14])

    assert [step.due for step in plan][:2] == [date(2027, 2, 22), date(2027, 3, 5)]
    with pytest.raises(ValueError, match="5 step offsets"):
        plan_steps(date(2027, 3, 15), PARIS, offsets=[-14, 0])


@pytest.mark.parametrize(
    ("due", "reminders"),
    [
        (date(2027, 3, 15), (date(2027, 3, 10), date(2027, 3, 15))),  # Monday: Wednesday before
        (date(2027, 7, 16), (date(2027, 7, 12), date(2027, 7, 16))),  # 14 July is skipped
    ],
)
def test_owners_are_reminded_three_working_days_before_and_on_the_day(
    due: date, reminders: tuple[date, date]
) -> None:
    assert owner_reminder_days(due, PARIS) == reminders


def test_an_overdue_step_is_escalated_the_next_working_day_then_weekly() -> None:
    days = escalation_days(date(2027, 3, 19), date(2027, 4, 10), PARIS)

    # Easter Monday (29 March 2027) pushes the second escalation to Tuesday
    assert days == (date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 6))


def test_feedback_waves_come_at_d7_d30_d90_then_every_quarter_on_working_days() -> None:
    waves = feedback_waves(date(2027, 3, 15), date(2027, 12, 31), PARIS)

    assert waves == (
        date(2027, 3, 22),
        date(2027, 4, 14),
        date(2027, 6, 14),  # D+90 is Sunday 13 June
        date(2027, 9, 13),
        date(2027, 12, 13),
    )


def test_a_wave_after_the_horizon_is_not_planned() -> None:
    assert feedback_waves(date(2027, 3, 15), date(2027, 4, 1), PARIS) == (date(2027, 3, 22),)


def test_a_calendar_with_no_working_day_is_an_error_not_a_loop() -> None:
    closed = WorkingCalendar(
        ZoneInfo("Europe/Paris"),
        days_off=frozenset(date(2027, 1, 1) + (date(2027, 1, 2) - date(2027, 1, 1)) * n
                           for n in range(400)),
    )  # fmt: skip

    with pytest.raises(ValueError, match="no working day"):
        next_working_day(date(2027, 1, 1), closed)
