"""Reminders (*relances*) to agents who have not finished the evaluation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.calendar import WorkingCalendar
from conversations.reminders import ReminderCandidate, ReminderPolicy, reminder_due

PARIS = ZoneInfo("Europe/Paris")
CALENDAR = WorkingCalendar(PARIS)
WEEKLY_TWICE = ReminderPolicy(every=timedelta(days=7), max_count=2)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Invited on Monday 31 May 2027 at 14:00, never answered, never reminded.
INVITED = paris(2027, 5, 31, 14)
AGENT = ReminderCandidate(
    invited_at=INVITED,
    last_activity=None,
    last_reminded_at=None,
    reminders_sent=0,
    finished=False,
    opted_out=False,
    absent_until=None,
)
TUESDAY_10H = paris(2027, 6, 8, 10)  # more than 7 days after the invitation


def case(
    name: str, now: datetime, expected: bool, policy: ReminderPolicy = WEEKLY_TWICE, **agent: Any
) -> Any:
    return pytest.param(replace(AGENT, **agent), policy, now, expected, id=name)


CASES = [
    # Due: invited 7+ days ago, not finished, in working hours.
    case("due-a-week-and-a-day-after-the-invitation", TUESDAY_10H, True),
    case("due-exactly-7-days-after-the-invitation", paris(2027, 6, 7, 14), True),
    case("not-due-one-minute-before-7-days", paris(2027, 6, 7, 13, 59), False),
    case("due-at-9h00", paris(2027, 6, 8, 9), True),
    case("due-at-16h59", paris(2027, 6, 8, 16, 59), True),
    case("due-weeks-later", paris(2027, 6, 29, 11), True),
    case("due-judged-in-paris-time-for-a-utc-now", utc(2027, 6, 8, 7, 30), True),
    # Working hours and working days only.
    case("not-due-at-8h59", paris(2027, 6, 8, 8, 59), False),
    case("not-due-at-17h00", paris(2027, 6, 8, 17), False),
    case("not-due-at-night", paris(2027, 6, 8, 3), False),
    case("not-due-on-saturday", paris(2027, 6, 12, 10), False),
    case("not-due-on-sunday", paris(2027, 6, 13, 10), False),
    case("not-due-at-6h30-utc-which-is-8h30-paris", utc(2027, 6, 8, 6, 30), False),
    case("not-due-on-14-july", paris(2027, 7, 14, 10), False, invited_at=paris(2027, 7, 5, 10)),
    case("due-on-15-july", paris(2027, 7, 15, 10), True, invited_at=paris(2027, 7, 5, 10)),
    case("not-due-on-whit-monday", paris(2027, 5, 17, 10), False, invited_at=paris(2027, 5, 3)),
    # The clock restarts at the last contact: invitation, answer or reminder.
    case(
        "not-due-6-days-after-an-answer",
        paris(2027, 6, 10, 10),
        False,
        last_activity=paris(2027, 6, 4, 10),
    ),
    case(
        "due-7-days-after-an-answer",
        paris(2027, 6, 11, 10),
        True,
        last_activity=paris(2027, 6, 4, 10),
    ),
    case(
        "not-due-6-days-after-the-first-reminder",
        paris(2027, 6, 14, 14),
        False,
        last_reminded_at=paris(2027, 6, 8, 14),
        reminders_sent=1,
    ),
    case(
        "due-one-week-after-the-first-reminder",
        paris(2027, 6, 15, 14),
        True,
        last_reminded_at=paris(2027, 6, 8, 14),
        reminders_sent=1,
    ),
    case(
        "not-due-one-minute-before-a-week-after-the-first-reminder",
        paris(2027, 6, 15, 13, 59),
        False,
        last_reminded_at=paris(2027, 6, 8, 14),
        reminders_sent=1,
    ),
    case(
        "an-answer-after-the-reminder-restarts-the-clock",
        paris(2027, 6, 15, 10),
        False,
        last_reminded_at=paris(2027, 6, 7, 14),
        last_activity=paris(2027, 6, 10, 10),
        reminders_sent=1,
    ),
    case(
        "a-reminder-after-the-answer-restarts-the-clock",
        paris(2027, 6, 15, 10),
        False,
        last_activity=paris(2027, 6, 2, 10),
        last_reminded_at=paris(2027, 6, 10, 10),
        reminders_sent=1,
    ),
    case(
        "due-a-week-after-the-latest-of-answer-and-reminder",
        paris(2027, 6, 17, 10),
        True,
        last_reminded_at=paris(2027, 6, 7, 14),
        last_activity=paris(2027, 6, 10, 10),
        reminders_sent=1,
    ),
    case(
        "a-later-invitation-restarts-the-clock",
        paris(2027, 6, 15, 10),
        False,
        invited_at=paris(2027, 6, 10, 10),
        last_activity=paris(2027, 6, 1, 10),
    ),
    # At most max_count reminders.
    case(
        "not-due-after-two-reminders",
        paris(2027, 6, 30, 10),
        False,
        last_reminded_at=paris(2027, 6, 14, 14),
        reminders_sent=2,
    ),
    case(
        "not-due-after-more-than-max-count-reminders",
        paris(2027, 6, 30, 10),
        False,
        last_reminded_at=paris(2027, 6, 14, 14),
        reminders_sent=3,
    ),
    case(
        "max-count-zero-never-reminds",
        TUESDAY_10H,
        False,
        policy=ReminderPolicy(every=timedelta(days=7), max_count=0),
    ),
    case(
        "every-three-days-is-due-sooner",
        paris(2027, 6, 3, 14),
        True,
        policy=ReminderPolicy(every=timedelta(days=3), max_count=2),
    ),
    # Never when finished, opted out or not invited.
    case("never-once-finished", TUESDAY_10H, False, finished=True),
    case("never-after-relances-non", TUESDAY_10H, False, opted_out=True),
    case("never-when-not-invited", TUESDAY_10H, False, invited_at=None),
    case(
        "never-when-not-invited-even-with-activity",
        TUESDAY_10H,
        False,
        invited_at=None,
        last_activity=paris(2027, 5, 20, 10),
    ),
    # Absences (!absent jusqu'au AAAA-MM-JJ), in Paris local dates.
    case("not-due-on-the-last-day-of-absence", TUESDAY_10H, False, absent_until=date(2027, 6, 8)),
    case("not-due-while-absent", TUESDAY_10H, False, absent_until=date(2027, 6, 20)),
    case("due-the-day-after-the-absence", TUESDAY_10H, True, absent_until=date(2027, 6, 7)),
    case("due-long-after-the-absence", TUESDAY_10H, True, absent_until=date(2027, 1, 15)),
    case(
        "not-due-at-23h30-utc-when-paris-is-already-the-next-day",
        utc(2027, 6, 7, 23, 30),
        False,
        absent_until=date(2027, 6, 8),
    ),
    case(
        "not-due-after-the-absence-if-the-rest-does-not-hold",
        TUESDAY_10H,
        False,
        absent_until=date(2027, 6, 7),
        last_activity=paris(2027, 6, 5, 10),
    ),
]


@pytest.mark.parametrize(("agent", "policy", "now", "expected"), CASES)
def test_reminder_due(
    agent: ReminderCandidate, policy: ReminderPolicy, now: datetime, expected: bool
) -> None:
    assert reminder_due(agent, policy, CALENDAR, now) is expected


# The absence rule alone, with a calendar that works round the clock so that working hours do
# not hide it: 23:30 UTC on 9 June is 01:30 on 10 June in Paris.
ROUND_THE_CLOCK = WorkingCalendar(PARIS, start=time(0), end=time(23, 59, 59, 999999))


def test_an_absence_ends_at_midnight_paris_time_not_utc() -> None:
    back_on_10_june = replace(AGENT, absent_until=date(2027, 6, 9))
    assert reminder_due(back_on_10_june, WEEKLY_TWICE, ROUND_THE_CLOCK, utc(2027, 6, 9, 23, 30))
    assert not reminder_due(back_on_10_june, WEEKLY_TWICE, ROUND_THE_CLOCK, utc(2027, 6, 9, 21, 30))


def test_an_absence_covers_its_last_day_paris_time() -> None:
    away_until_10_june = replace(AGENT, absent_until=date(2027, 6, 10))
    assert not reminder_due(
        away_until_10_june, WEEKLY_TWICE, ROUND_THE_CLOCK, utc(2027, 6, 9, 23, 30)
    )
    assert not reminder_due(
        away_until_10_june, WEEKLY_TWICE, ROUND_THE_CLOCK, utc(2027, 6, 10, 21, 59)
    )
    assert reminder_due(away_until_10_june, WEEKLY_TWICE, ROUND_THE_CLOCK, utc(2027, 6, 10, 22))


def test_reminders_follow_the_alsace_moselle_calendar() -> None:
    agent = replace(AGENT, invited_at=paris(2027, 3, 15, 10))
    good_friday = paris(2027, 3, 26, 10)
    assert reminder_due(agent, WEEKLY_TWICE, CALENDAR, good_friday)
    assert not reminder_due(
        agent, WEEKLY_TWICE, WorkingCalendar(PARIS, alsace_moselle=True), good_friday
    )


def test_reminders_skip_the_journee_de_solidarite() -> None:
    calendar = WorkingCalendar(PARIS, days_off=frozenset({date(2027, 6, 8)}))
    assert not reminder_due(AGENT, WEEKLY_TWICE, calendar, TUESDAY_10H)
    assert reminder_due(AGENT, WEEKLY_TWICE, calendar, TUESDAY_10H + timedelta(days=1))


# --- properties ---------------------------------------------------------------------------

START = utc(2026, 12, 1)
moments = st.builds(
    lambda minutes, zone: (START + timedelta(minutes=minutes)).astimezone(zone),
    st.integers(min_value=0, max_value=60 * 24 * 800),
    st.sampled_from([PARIS, UTC]),
)
ages = st.none() | st.integers(min_value=0, max_value=60 * 24 * 30).map(
    lambda minutes: timedelta(minutes=minutes)
)


@st.composite
def situations(draw: st.DrawFn) -> tuple[ReminderCandidate, ReminderPolicy, datetime]:
    now = draw(moments)

    def before_now(age: timedelta | None) -> datetime | None:
        return None if age is None else now - age

    candidate = ReminderCandidate(
        invited_at=before_now(draw(ages)),
        last_activity=before_now(draw(ages)),
        last_reminded_at=before_now(draw(ages)),
        reminders_sent=draw(st.integers(min_value=0, max_value=4)),
        finished=draw(st.booleans()),
        opted_out=draw(st.booleans()),
        absent_until=draw(st.none() | st.dates(date(2026, 11, 1), date(2029, 3, 1))),
    )
    policy = ReminderPolicy(
        every=timedelta(days=draw(st.integers(min_value=1, max_value=14))),
        max_count=draw(st.integers(min_value=0, max_value=3)),
    )
    return candidate, policy, now


@settings(database=None, derandomize=True, max_examples=300, deadline=None)
@given(situations())
def test_a_reminder_is_never_due_outside_working_time(
    situation: tuple[ReminderCandidate, ReminderPolicy, datetime],
) -> None:
    candidate, policy, now = situation
    if reminder_due(candidate, policy, CALENDAR, now):
        assert CALENDAR.is_working_time(now)


@settings(database=None, derandomize=True, max_examples=300, deadline=None)
@given(situations())
def test_a_reminder_is_never_due_to_an_agent_who_finished(
    situation: tuple[ReminderCandidate, ReminderPolicy, datetime],
) -> None:
    candidate, policy, now = situation
    assert not reminder_due(replace(candidate, finished=True), policy, CALENDAR, now)
