"""The rollout plan's dates: the method's five steps, reminders, escalation, feedback waves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.calendar import WorkingCalendar
from conversations.rollout import (
    STEPS,
    Decision,
    Job,
    JobKind,
    Schedule,
    StepDates,
    TrainingDate,
    decide,
    escalation_days,
    feedback_waves,
    next_working_day,
    owner_reminder_days,
    plan_jobs,
    plan_steps,
    wave_days,
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


# --------------------------------------------------------------------------- scheduled jobs

D = date(2027, 3, 15)  # a Monday: steps on 1, 8, 15, 22 and 22 March, Easter Monday on 29 March
PLAN = 7
LONG_BEFORE = date(2027, 2, 1)


def dated(
    start: date, on: date = LONG_BEFORE, done: Sequence[int] = (), calendar: WorkingCalendar = PARIS
) -> list[StepDates]:
    """The method's five steps around `start`, dated when the plan was made on `on`."""
    return [
        StepDates(step.kind.number, step.due, step.kind.number in done, on)
        for step in plan_steps(start, calendar)
    ]


def of_kind(jobs: Sequence[Job], kind: JobKind) -> list[Job]:
    return [job for job in jobs if job.kind is kind]


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo("Europe/Paris"))


def test_each_steps_owners_are_reminded_three_working_days_before_and_on_its_day() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, dated(D), [], date(2027, 3, 31), PARIS)

    assert [(job.step, job.day) for job in of_kind(jobs, JobKind.REMIND)] == [
        (1, date(2027, 2, 24)),  # Wednesday before Monday 1 March
        (1, date(2027, 3, 1)),
        (2, date(2027, 3, 3)),
        (2, date(2027, 3, 8)),
        (3, date(2027, 3, 10)),
        (3, date(2027, 3, 15)),
        (4, date(2027, 3, 17)),
        (5, date(2027, 3, 17)),
        (4, date(2027, 3, 22)),
        (5, date(2027, 3, 22)),
    ]
    assert of_kind(jobs, JobKind.REMIND)[0] == Job(
        "plan:7:remind:1:2027-02-24", JobKind.REMIND, date(2027, 2, 24), step=1
    )


def test_the_reminder_delay_comes_from_the_schedule() -> None:
    jobs = plan_jobs(
        PLAN, D, LONG_BEFORE, dated(D), [], D, PARIS, Schedule(reminder_working_days=5)
    )

    step_3 = [job.day for job in of_kind(jobs, JobKind.REMIND) if job.step == 3]
    assert step_3 == [date(2027, 3, 8), D]  # five working days before Monday 15 March


@pytest.mark.parametrize(
    ("made_on", "reminders"),
    [
        (date(2027, 2, 24), [date(2027, 2, 24), date(2027, 3, 1)]),  # made on the reminder day
        (date(2027, 2, 25), [date(2027, 3, 1)]),  # the day after: not planned in the past
        (date(2027, 3, 1), [date(2027, 3, 1)]),  # made on the step's day
        (date(2027, 3, 2), []),  # after the step: no reminder at all
    ],
)
def test_no_reminder_is_planned_before_the_step_was_dated(
    made_on: date, reminders: list[date]
) -> None:
    jobs = plan_jobs(PLAN, D, made_on, dated(D, on=made_on), [], date(2027, 3, 31), PARIS)

    assert [job.day for job in of_kind(jobs, JobKind.REMIND) if job.step == 1] == reminders


def test_a_step_moved_later_is_reminded_from_the_day_it_was_moved() -> None:
    moved = StepDates(3, date(2027, 3, 19), done=False, dated_on=date(2027, 3, 17))

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [moved], [], date(2027, 3, 19), PARIS)

    # three working days before Friday 19 March is Tuesday 16, before the move
    assert [job.day for job in of_kind(jobs, JobKind.REMIND)] == [date(2027, 3, 19)]


def test_moving_a_step_gives_its_reminders_new_keys_and_leaves_the_others_alone() -> None:
    steps = dated(D)
    moved = [*steps[:2], StepDates(3, date(2027, 3, 17), False, LONG_BEFORE), *steps[3:]]

    before = plan_jobs(PLAN, D, LONG_BEFORE, steps, [], date(2027, 3, 31), PARIS)
    after = plan_jobs(PLAN, D, LONG_BEFORE, moved, [], date(2027, 3, 31), PARIS)

    def keys(jobs: Sequence[Job], step: int) -> set[str]:
        return {job.key for job in of_kind(jobs, JobKind.REMIND) if job.step == step}

    assert keys(before, 3) and keys(after, 3)
    assert keys(before, 3).isdisjoint(keys(after, 3))
    assert "plan:7:remind:3:2027-03-17" in keys(after, 3)
    for other in (1, 2, 4, 5):
        assert keys(before, other) == keys(after, other)


def test_the_same_plan_always_gives_the_same_jobs() -> None:
    trainings = [TrainingDate(3, date(2027, 3, 22), date(2027, 3, 1))]

    first = plan_jobs(PLAN, D, LONG_BEFORE, dated(D), trainings, date(2027, 12, 31), PARIS)
    again = plan_jobs(PLAN, D, LONG_BEFORE, dated(D), trainings, date(2027, 12, 31), PARIS)

    assert first == again
    assert first  # not trivially equal


def test_a_done_step_has_no_reminder_and_no_escalation() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, dated(D, done=(2,)), [], date(2027, 4, 30), PARIS)

    assert {job.step for job in jobs if job.step is not None} == {1, 3, 4, 5}
    assert of_kind(jobs, JobKind.ESCALATE)


def test_a_plan_with_every_step_done_only_sends_the_waves() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, dated(D, done=range(1, 6)), [], date(2027, 4, 30), PARIS)

    assert {job.kind for job in jobs} == {JobKind.WAVE}


@pytest.mark.parametrize(
    ("until", "escalations"),
    [
        (date(2027, 3, 19), []),  # on its due day a step is not late yet
        (date(2027, 3, 22), [date(2027, 3, 22)]),  # Friday's step: Monday after
        (date(2027, 4, 5), [date(2027, 3, 22), date(2027, 3, 30)]),  # Easter Monday skipped
        (date(2027, 4, 6), [date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 6)]),
    ],
)
def test_a_step_not_done_is_escalated_the_next_working_day_then_weekly_up_to_until(
    until: date, escalations: list[date]
) -> None:
    late = StepDates(3, date(2027, 3, 19), done=False, dated_on=LONG_BEFORE)

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [late], [], until, PARIS)

    escalated = of_kind(jobs, JobKind.ESCALATE)
    assert [job.day for job in escalated] == escalations
    assert [job.key for job in escalated] == [
        f"plan:7:escalate:3:{day.isoformat()}" for day in escalations
    ]
    assert all(job.step == 3 for job in escalated)


@pytest.mark.parametrize(
    ("start", "step", "due", "reminders"),
    [
        # D-7 is Wednesday 14 July: communication on Thursday 15, reminded on Friday 9
        (date(2027, 7, 21), 2, date(2027, 7, 15), [date(2027, 7, 9), date(2027, 7, 15)]),
        # a Saturday start: D+7 is Saturday 27 March, then Easter Monday, so Tuesday 30
        (date(2027, 3, 20), 4, date(2027, 3, 30), [date(2027, 3, 24), date(2027, 3, 30)]),
        (date(2027, 3, 20), 3, date(2027, 3, 22), [date(2027, 3, 17), date(2027, 3, 22)]),
    ],
)
def test_a_step_moved_off_a_holiday_or_weekend_is_reminded_on_working_days(
    start: date, step: int, due: date, reminders: list[date]
) -> None:
    steps = dated(start, on=start - timedelta(days=60))

    jobs = plan_jobs(PLAN, start, steps[0].dated_on, steps, [], start + timedelta(days=60), PARIS)

    assert steps[step - 1].due == due
    assert [job.day for job in of_kind(jobs, JobKind.REMIND) if job.step == step] == reminders
    assert all(PARIS.is_working_day(job.day) for job in jobs)


@pytest.mark.parametrize(
    ("session", "added_on", "reminded_on"),
    [
        (date(2027, 3, 22), date(2027, 3, 1), date(2027, 3, 19)),  # Monday: the Friday before
        (date(2027, 7, 15), date(2027, 7, 1), date(2027, 7, 13)),  # the day after 14 July
        (date(2027, 3, 30), date(2027, 3, 1), date(2027, 3, 26)),  # the day after Easter Monday
        (date(2027, 3, 17), date(2027, 3, 16), date(2027, 3, 16)),  # added the day before
        (date(2027, 3, 17), date(2027, 3, 17), date(2027, 3, 17)),  # added the same day
        # added on the Saturday after the Friday: at the next opening, the session's Monday
        (date(2027, 3, 22), date(2027, 3, 20), date(2027, 3, 22)),
    ],
)
def test_agents_are_told_of_a_session_the_working_day_before_or_when_it_is_added(
    session: date, added_on: date, reminded_on: date
) -> None:
    training = TrainingDate(4, session, added_on)

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [training], session, PARIS)

    assert of_kind(jobs, JobKind.TRAINING) == [
        Job("plan:7:training:4", JobKind.TRAINING, reminded_on, training=4)
    ]


def test_a_session_added_after_its_date_gets_no_job() -> None:
    late = TrainingDate(4, date(2027, 3, 17), added_on=date(2027, 3, 18))

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [late], date(2027, 3, 31), PARIS)

    assert of_kind(jobs, JobKind.TRAINING) == []


def test_a_session_reminder_after_until_is_not_planned_yet() -> None:
    training = TrainingDate(4, date(2027, 3, 22), date(2027, 3, 1))

    def planned(until: date) -> list[Job]:
        jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [training], until, PARIS)
        return of_kind(jobs, JobKind.TRAINING)

    assert planned(date(2027, 3, 18)) == []
    assert [job.day for job in planned(date(2027, 3, 19))] == [date(2027, 3, 19)]


def test_waves_come_at_d7_d30_d90_then_quarterly_numbered_with_stable_keys() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [], date(2027, 12, 31), PARIS)

    assert [(job.wave, job.day, job.key) for job in jobs] == [
        (1, date(2027, 3, 22), "plan:7:wave:1"),
        (2, date(2027, 4, 14), "plan:7:wave:2"),
        (3, date(2027, 6, 14), "plan:7:wave:3"),  # D+90 is Sunday 13 June
        (4, date(2027, 9, 13), "plan:7:wave:4"),  # D+181 is Sunday 12 September
        (5, date(2027, 12, 13), "plan:7:wave:5"),
    ]
    assert {job.kind for job in jobs} == {JobKind.WAVE}


@pytest.mark.parametrize(
    ("made_on", "numbers"),
    [
        (date(2027, 4, 14), [2, 3, 4, 5]),  # made on the day of wave 2: it still goes out
        (date(2027, 4, 15), [3, 4, 5]),  # waves 1 and 2 were before the plan existed
        (date(2027, 12, 14), []),
    ],
)
def test_waves_before_the_plan_was_made_are_not_planned_and_the_others_keep_their_number(
    made_on: date, numbers: list[int]
) -> None:
    jobs = plan_jobs(PLAN, D, made_on, [], [], date(2027, 12, 31), PARIS)

    assert [job.wave for job in jobs] == numbers
    assert [job.key for job in jobs] == [f"plan:7:wave:{n}" for n in numbers]


def test_the_waves_timing_comes_from_the_schedule() -> None:
    schedule = Schedule(wave_offsets=(60, 14), wave_every=30)

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [], date(2027, 6, 30), PARIS, schedule)

    assert [(job.wave, job.day) for job in jobs] == [
        (1, date(2027, 3, 30)),  # D+14 is Easter Monday
        (2, date(2027, 5, 14)),  # D+60
        (3, date(2027, 6, 14)),  # D+90, a Sunday; D+120 is after the horizon
    ]


@pytest.mark.parametrize(("day", "days"), [(date(2027, 3, 22), 7), (date(2027, 6, 14), 91), (D, 0)])
def test_a_wave_says_how_many_days_after_the_start_it_went_out(day: date, days: int) -> None:
    assert wave_days(D, day) == days


def test_every_job_has_its_own_key_and_the_plan_comes_sorted_by_day() -> None:
    trainings = [
        TrainingDate(1, date(2027, 3, 22), date(2027, 3, 1)),
        TrainingDate(2, date(2027, 3, 23), date(2027, 3, 1)),
    ]

    jobs = plan_jobs(PLAN, D, LONG_BEFORE, dated(D), trainings, date(2027, 12, 31), PARIS)
    other = plan_jobs(PLAN + 1, D, LONG_BEFORE, dated(D), trainings, date(2027, 12, 31), PARIS)

    keys = [job.key for job in jobs]
    assert len(set(keys)) == len(keys) > 30
    assert [job.day for job in jobs] == sorted(job.day for job in jobs)
    assert {job.kind for job in jobs} == set(JobKind)
    assert all(key.startswith("plan:7:") for key in keys)
    assert set(keys).isdisjoint(job.key for job in other)


def test_on_a_busy_day_the_wave_comes_first() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, dated(D), [], date(2027, 3, 31), PARIS)

    on_22_march = [job.kind for job in jobs if job.day == date(2027, 3, 22)]
    assert on_22_march == [JobKind.WAVE, JobKind.REMIND, JobKind.REMIND]


# --- whether a job runs now


FRIDAY_JOB = Job("plan:7:remind:3:2027-03-19", JobKind.REMIND, date(2027, 3, 19), step=3)
BEFORE_EASTER = Job("plan:7:wave:2", JobKind.WAVE, date(2027, 3, 26), wave=2)  # a Friday


@pytest.mark.parametrize(
    ("job", "now", "grace", "decision"),
    [
        (FRIDAY_JOB, paris(date(2027, 3, 18), 10), 1, Decision.WAIT),  # the day before
        (FRIDAY_JOB, paris(date(2027, 3, 19), 8, 59), 1, Decision.WAIT),  # before the opening
        (FRIDAY_JOB, paris(date(2027, 3, 19), 9), 0, Decision.RUN),  # at the opening
        (FRIDAY_JOB, paris(date(2027, 3, 19), 16, 59), 0, Decision.RUN),
        (FRIDAY_JOB, paris(date(2027, 3, 19), 17), 1, Decision.WAIT),  # the evening
        (FRIDAY_JOB, paris(date(2027, 3, 20), 10), 1, Decision.WAIT),  # Saturday
        (FRIDAY_JOB, paris(date(2027, 3, 22), 8), 1, Decision.WAIT),  # Monday before opening
        (FRIDAY_JOB, paris(date(2027, 3, 22), 10), 1, Decision.RUN),  # the weekend is no delay
        (FRIDAY_JOB, paris(date(2027, 3, 22), 10), 0, Decision.MISSED),  # grace 0: that day only
        (FRIDAY_JOB, paris(date(2027, 3, 23), 10), 1, Decision.MISSED),
        (FRIDAY_JOB, paris(date(2027, 3, 23), 10), 2, Decision.RUN),
        (BEFORE_EASTER, paris(date(2027, 3, 29), 10), 1, Decision.WAIT),  # Easter Monday
        (BEFORE_EASTER, paris(date(2027, 3, 30), 10), 1, Decision.RUN),  # the holiday is no delay
        (BEFORE_EASTER, paris(date(2027, 3, 31), 10), 1, Decision.MISSED),
    ],
)
def test_a_job_runs_during_working_hours_from_its_day_within_the_grace(
    job: Job, now: datetime, grace: int, decision: Decision
) -> None:
    assert decide(job, now, PARIS, grace) is decision


@pytest.mark.parametrize(
    ("now", "decision"),
    [
        (datetime(2027, 3, 19, 7, 59, tzinfo=ZoneInfo("UTC")), Decision.WAIT),  # 8:59 in Paris
        (datetime(2027, 3, 19, 8, 0, tzinfo=ZoneInfo("UTC")), Decision.RUN),  # 9:00 in Paris
        (datetime(2027, 3, 19, 16, 0, tzinfo=ZoneInfo("UTC")), Decision.WAIT),  # 17:00 in Paris
    ],
)
def test_a_job_is_decided_on_paris_time_whatever_the_clocks_zone(
    now: datetime, decision: Decision
) -> None:
    assert decide(FRIDAY_JOB, now, PARIS, 1) is decision


def test_summer_time_moves_the_opening_in_utc() -> None:
    july = Job("plan:7:wave:3", JobKind.WAVE, date(2027, 7, 16), wave=3)

    assert decide(july, datetime(2027, 7, 16, 6, 59, tzinfo=ZoneInfo("UTC")), PARIS, 1) is (
        Decision.WAIT
    )
    assert decide(july, datetime(2027, 7, 16, 7, 0, tzinfo=ZoneInfo("UTC")), PARIS, 1) is (
        Decision.RUN
    )


# --- cases that were bugs when these tests were written


def test_no_wave_is_planned_after_until_even_when_until_is_a_weekend_day() -> None:
    jobs = plan_jobs(PLAN, D, LONG_BEFORE, [], [], date(2027, 6, 13), PARIS)

    assert all(job.day <= date(2027, 6, 13) for job in jobs)


def test_no_escalation_is_planned_before_the_step_was_dated() -> None:
    made_on = date(2027, 3, 12)  # a Friday: steps 1 (1 March) and 2 (8 March) already past

    jobs = plan_jobs(PLAN, D, made_on, dated(D, on=made_on), [], date(2027, 3, 31), PARIS)

    assert [job.key for job in of_kind(jobs, JobKind.ESCALATE) if job.day < made_on] == []


def test_a_zero_day_reminder_delay_reminds_once_on_the_day() -> None:
    jobs = plan_jobs(
        PLAN, D, LONG_BEFORE, dated(D), [], D, PARIS, Schedule(reminder_working_days=0)
    )

    keys = [job.key for job in jobs]
    assert len(keys) == len(set(keys))


def test_a_session_added_on_a_weekend_is_announced_on_the_next_working_morning() -> None:
    monday = date(2027, 3, 22)
    training = TrainingDate(4, monday, added_on=date(2027, 3, 20))
    (job,) = of_kind(
        plan_jobs(PLAN, D, LONG_BEFORE, [], [training], monday, PARIS), JobKind.TRAINING
    )

    assert decide(job, paris(monday, 9), PARIS, grace_working_days=0) is Decision.RUN


# --- any plan


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    start=st.dates(date(2025, 1, 1), date(2031, 12, 31)),
    made_before=st.integers(0, 60),
    horizon=st.integers(-30, 500),
    done=st.sets(st.integers(1, 5)),
    sessions=st.lists(st.tuples(st.integers(-20, 120), st.integers(-3, 30)), max_size=4),
    reminder=st.integers(1, 20),
)
def test_any_plan_gives_unique_keys_on_working_days_up_to_the_horizon(
    start: date,
    made_before: int,
    horizon: int,
    done: set[int],
    sessions: list[tuple[int, int]],
    reminder: int,
) -> None:
    made_on = start - timedelta(days=made_before)
    until = next_working_day(start + timedelta(days=horizon), PARIS)  # checks run on working days
    steps = dated(start, on=made_on, done=sorted(done))
    trainings = [
        TrainingDate(n, start + timedelta(days=day), start + timedelta(days=day - before))
        for n, (day, before) in enumerate(sessions, 1)
    ]
    schedule = Schedule(reminder_working_days=reminder)

    jobs = plan_jobs(PLAN, start, made_on, steps, trainings, until, PARIS, schedule)

    keys = [job.key for job in jobs]
    assert len(keys) == len(set(keys))
    assert [job.day for job in jobs] == sorted(job.day for job in jobs)
    by_id = {training.id: training for training in trainings}
    for job in jobs:
        assert job.day <= until, job
        if job.kind is JobKind.TRAINING:
            assert job.training is not None
            session = by_id[job.training]
            assert PARIS.is_working_day(job.day), job
            assert session.added_on <= job.day <= session.day, job
        else:
            assert PARIS.is_working_day(job.day), job
        if job.kind is JobKind.REMIND:
            assert job.day >= made_on, job
        if job.kind is JobKind.WAVE:
            assert job.day >= made_on, job
        if job.step is not None:
            assert job.step not in done, job
            due = steps[job.step - 1].due
            assert job.day <= due if job.kind is JobKind.REMIND else job.day > due, job
