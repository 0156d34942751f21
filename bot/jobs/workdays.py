"""The organisation's working calendar, built once from its configuration."""

from __future__ import annotations

from bot.config import Config
from conversations.calendar import WorkingCalendar


def working_calendar(config: Config) -> WorkingCalendar:
    calendar = config.calendar
    return WorkingCalendar(
        timezone=config.organisation.tz,
        start=calendar.working_hours_start,
        end=calendar.working_hours_end,
        alsace_moselle=calendar.alsace_moselle,
        days_off=frozenset(calendar.days_off),
    )
