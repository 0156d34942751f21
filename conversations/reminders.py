"""When an agent who has not finished gets a reminder (*relance*): pure policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .calendar import WorkingCalendar


@dataclass(frozen=True)
class ReminderPolicy:
    every: timedelta
    max_count: int


@dataclass(frozen=True)
class ReminderCandidate:
    """What the policy needs to know of one agent in the open campaign."""

    invited_at: datetime | None
    last_activity: datetime | None  # the agent's last answer, if any
    last_reminded_at: datetime | None
    reminders_sent: int
    finished: bool
    opted_out: bool
    absent_until: date | None


def reminder_due(
    candidate: ReminderCandidate,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    now: datetime,
) -> bool:
    """Every `every` since the last contact, at most `max_count` times, in working hours;
    never after the agent finished, said `!relances non`, or while they are away."""
    if candidate.finished or candidate.opted_out or candidate.invited_at is None:
        return False
    if candidate.reminders_sent >= policy.max_count:
        return False
    today = now.astimezone(calendar.timezone).date()
    if candidate.absent_until is not None and today <= candidate.absent_until:
        return False
    contacts = [candidate.invited_at, candidate.last_activity, candidate.last_reminded_at]
    last_contact = max(moment for moment in contacts if moment is not None)
    if now - last_contact < policy.every:
        return False
    return calendar.is_working_time(now)
