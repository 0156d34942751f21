"""The rollout of the chosen suite: its five steps, their dates, and the feedback waves.

Pure: dates in, dates out, on the collectivité's working calendar. A step or a wave that
falls on a weekend or a public holiday moves to the next working day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    """When a step's owners are reminded: `before` working days ahead, and on the day."""
    return (working_days_before(due, before, calendar), due)


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
    return tuple(next_working_day(day, calendar) for day in days if day <= until)


def at_opening(day: date, calendar: WorkingCalendar) -> datetime:
    """The moment a job due on `day` runs: the start of that working day."""
    return datetime.combine(day, calendar.start, calendar.timezone)
