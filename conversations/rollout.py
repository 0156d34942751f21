"""The rollout of the chosen suite: its five steps, their dates, and the feedback waves.

Pure: dates in, dates out, on the collectivité's working calendar. A step or a wave that
falls on a weekend or a public holiday moves to the next working day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .calendar import WorkingCalendar


@dataclass(frozen=True)
class StepKind:
    number: int
    key: str
    name_fr: str
    name_en: str
    offset_days: int  # from the start date D


# The method's five steps and their default dates around the start date D.
STEPS: tuple[StepKind, ...] = (
    StepKind(1, "encadrants", "associer les encadrants (groupe de travail)",
             "involve the managers (working group)", -14),
    StepKind(2, "communication", "communiquer", "communicate", -7),
    StepKind(3, "formation", "former les agents (demi-journée)",
             "train the agents (half-day sessions)", 0),
    StepKind(4, "projets", "lancer des projets concrets sur la plateforme",
             "launch concrete projects on the platform", 7),
    StepKind(5, "retours", "recueillir les retours des agents",
             "collect the agents' feedback", 7),
)  # fmt: skip

DEFAULT_WAVES = (7, 30, 90)  # days after D, then every quarter
QUARTER = 91


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    due: date


def plan_steps(
    start: date,
    calendar: WorkingCalendar,
    offsets: Sequence[int] | None = None,
) -> tuple[PlannedStep, ...]:
    """The five steps dated from D (offsets in days, default the method's), each moved
    to a working day."""
    chosen = [kind.offset_days for kind in STEPS] if offsets is None else list(offsets)
    if len(chosen) != len(STEPS):
        raise ValueError(f"give {len(STEPS)} step offsets, one per step")
    return tuple(
        PlannedStep(kind, next_working_day(start + timedelta(days=offset), calendar))
        for kind, offset in zip(STEPS, chosen, strict=True)
    )


def next_working_day(day: date, calendar: WorkingCalendar) -> date:
    """`day` itself if the collectivité works that day, else the next day it does."""
    for _ in range(366):
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=1)
    raise ValueError("no working day within a year: check the calendar's days off")


def working_days_before(day: date, count: int, calendar: WorkingCalendar) -> date:
    """The working day `count` working days before `day` (`day` itself for 0)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def owner_reminder_days(due: date, calendar: WorkingCalendar, before: int = 3) -> tuple[date, ...]:
    """When a step's owners are reminded: `before` working days ahead, and on the day
    (once, if `before` is 0)."""
    ahead = working_days_before(due, before, calendar)
    return (ahead, due) if ahead != due else (due,)


def escalation_days(due: date, until: date, calendar: WorkingCalendar) -> tuple[date, ...]:
    """A step not done by its date goes to the admins the next working day, then weekly."""
    days = []
    first = next_working_day(due + timedelta(days=1), calendar)
    current = first
    while current <= until:
        days.append(current)
        current = next_working_day(current + timedelta(days=7), calendar)
    return tuple(days)


def feedback_waves(
    start: date,
    until: date,
    calendar: WorkingCalendar,
    offsets: Sequence[int] = DEFAULT_WAVES,
    every: int = QUARTER,
) -> tuple[date, ...]:
    """Feedback survey dates: D+7, D+30, D+90, then every quarter, up to `until`."""
    if not offsets:
        raise ValueError("give at least one wave offset")
    days = [start + timedelta(days=offset) for offset in sorted(offsets)]
    last = days[-1]
    while last + timedelta(days=every) <= until:
        last += timedelta(days=every)
        days.append(last)
    moved = (next_working_day(day, calendar) for day in days)
    return tuple(day for day in moved if day <= until)


def at_opening(day: date, calendar: WorkingCalendar) -> datetime:
    """The moment a job due on `day` runs: the start of that working day."""
    return datetime.combine(day, calendar.start, calendar.timezone)


# --------------------------------------------------------------------------- scheduled jobs


class JobKind(StrEnum):
    REMIND = "remind"  # a step's owners, before it and on the day
    ESCALATE = "escalate"  # the admins, about a step not done by its date
    TRAINING = "training"  # every agent, the working day before a session
    WAVE = "wave"  # every agent, a feedback survey


@dataclass(frozen=True)
class Job:
    """Something the bot must do on `day`, at the opening of the working day.

    `key` is unique for ever (it names the plan, the item and the day), so that a job
    recorded as run is never run again, and a step moved to another date gets new jobs.
    """

    key: str
    kind: JobKind
    day: date
    step: int | None = None
    training: int | None = None
    wave: int | None = None


@dataclass(frozen=True)
class StepDates:
    number: int
    due: date
    done: bool
    dated_on: date  # when this date was set: no reminder is planned before it


@dataclass(frozen=True)
class TrainingDate:
    id: int
    day: date
    added_on: date


@dataclass(frozen=True)
class Schedule:
    """The configurable timing of a plan's jobs."""

    reminder_working_days: int = 3
    wave_offsets: tuple[int, ...] = DEFAULT_WAVES
    wave_every: int = QUARTER


def plan_jobs(
    plan_id: int,
    start: date,
    created_on: date,
    steps: Sequence[StepDates],
    trainings: Sequence[TrainingDate],
    until: date,
    calendar: WorkingCalendar,
    schedule: Schedule = Schedule(),
) -> tuple[Job, ...]:
    """Every job of the plan due on or before `until`, oldest first. Nothing is planned
    before the date it was decided on: a plan made five days before its first step has
    no reminder "three working days before" in the past to report as missed."""
    prefix = f"plan:{plan_id}"
    jobs: list[Job] = []
    for step in steps:
        if step.done:
            continue
        for day in owner_reminder_days(step.due, calendar, schedule.reminder_working_days):
            if step.dated_on <= day <= until:
                key = f"{prefix}:remind:{step.number}:{day.isoformat()}"
                jobs.append(Job(key, JobKind.REMIND, day, step=step.number))
        for day in escalation_days(step.due, until, calendar):
            if day < step.dated_on:
                continue  # late before the plan (or the new date) existed: not news
            key = f"{prefix}:escalate:{step.number}:{day.isoformat()}"
            jobs.append(Job(key, JobKind.ESCALATE, day, step=step.number))
    for training in trainings:
        day = working_days_before(training.day, 1, calendar)
        # Added the day before or later: at the next opening.
        day = next_working_day(max(day, training.added_on), calendar)
        if day <= until and day <= training.day:
            jobs.append(Job(f"{prefix}:training:{training.id}", JobKind.TRAINING, day,
                            training=training.id))  # fmt: skip
    waves = feedback_waves(start, until, calendar, schedule.wave_offsets, schedule.wave_every)
    for number, day in enumerate(waves, 1):
        if day >= created_on:
            jobs.append(Job(f"{prefix}:wave:{number}", JobKind.WAVE, day, wave=number))
    return tuple(sorted(jobs, key=lambda job: (job.day, job.kind != JobKind.WAVE, job.key)))


class Decision(StrEnum):
    WAIT = "wait"  # not yet, or not now (outside working hours)
    RUN = "run"
    MISSED = "missed"  # due too long ago (the bot was down): reported, not sent


def decide(job: Job, now: datetime, calendar: WorkingCalendar, grace_working_days: int) -> Decision:
    """Whether a job runs now. It never runs outside working hours; one overdue by more
    than `grace_working_days` working days is missed rather than sent late."""
    if now < at_opening(job.day, calendar) or not calendar.is_working_time(now):
        return Decision.WAIT
    today = now.astimezone(calendar.timezone).date()
    late = sum(1 for _ in calendar.working_days_between(job.day + timedelta(days=1), today))
    return Decision.MISSED if late > grace_working_days else Decision.RUN


def wave_days(start: date, day: date) -> int:
    """How many days after the start a wave went out (said in its invitation)."""
    return (day - start).days
