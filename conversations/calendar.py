"""The collectivité's working calendar: when the bot may write to its agents.

Pure: no clock is read here. French public holidays come from the `holidays` library
(Alsace-Moselle adds Good Friday and 26 December), plus the organisation's own days off
(the *journée de solidarité*, a local holiday).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = frozenset(range(5))  # Monday to Friday


@dataclass(frozen=True)
class WorkingCalendar:
    timezone: ZoneInfo
    start: time = time(9, 0)
    end: time = time(17, 0)
    alsace_moselle: bool = False
    days_off: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("the working day must start before it ends")

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in WEEKDAYS and not self.is_holiday(day) and day not in self.days_off

    def is_holiday(self, day: date) -> bool:
        return day in self._holidays(day.year)

    def is_working_time(self, moment: datetime) -> bool:
        local = moment.astimezone(self.timezone)
        return self.is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_working_time(self, moment: datetime) -> datetime:
        """`moment` itself if it is working time, else the start of the next working day."""
        if self.is_working_time(moment):
            return moment
        local = moment.astimezone(self.timezone)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.start:
            return datetime.combine(day, self.start, self.timezone)
        day += timedelta(days=1)
        for _ in range(366):
            if self.is_working_day(day):
                return datetime.combine(day, self.start, self.timezone)
            day += timedelta(days=1)
        raise ValueError("no working day within a year: check the calendar's days off")

    def working_days_between(self, first: date, last: date) -> Iterable[date]:
        day = first
        while day <= last:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def _holidays(self, year: int) -> holidays.HolidayBase:
        return _french_holidays(year, self.alsace_moselle)


_CACHE: dict[tuple[int, bool], holidays.HolidayBase] = {}


def _french_holidays(year: int, alsace_moselle: bool) -> holidays.HolidayBase:
    key = (year, alsace_moselle)
    if key not in _CACHE:
        subdivision = "57" if alsace_moselle else None
        _CACHE[key] = holidays.country_holidays("FR", subdiv=subdivision, years=year)
    return _CACHE[key]
