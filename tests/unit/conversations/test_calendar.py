"""The collectivité's working calendar: the days and hours when the bot may write to agents."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conversations.calendar import WorkingCalendar

PARIS = ZoneInfo("Europe/Paris")
CALENDAR = WorkingCalendar(PARIS)
ALSACE_MOSELLE = WorkingCalendar(PARIS, alsace_moselle=True)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- working days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2027, 6, 12), date(2027, 6, 13), date(2027, 1, 2), date(2027, 1, 3)],
    ids=["saturday", "sunday", "saturday-2-january", "sunday-3-january"],
)
def test_weekends_are_not_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert not CALENDAR.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2027, 6, 7), date(2027, 6, 8), date(2027, 6, 9), date(2027, 6, 10), date(2027, 6, 11)],
    ids=["monday", "tuesday", "wednesday", "thursday", "friday"],
)
def test_an_ordinary_week_is_made_of_working_days(day: date) -> None:
    assert CALENDAR.is_working_day(day)
    assert not CALENDAR.is_holiday(day)


NATIONAL_HOLIDAYS = [
    pytest.param(date(2027, 7, 14), id="14-july-2027"),
    pytest.param(date(2027, 5, 1), id="1-may-2027"),
    pytest.param(date(2027, 12, 25), id="25-december-2027"),
    pytest.param(date(2027, 3, 29), id="easter-monday-2027"),  # Easter Sunday: 28 March 2027
    pytest.param(date(2027, 5, 6), id="ascension-2027"),
    pytest.param(date(2027, 5, 17), id="whit-monday-2027"),
    pytest.param(date(2027, 1, 1), id="new-year-2027"),
    pytest.param(date(2027, 11, 1), id="all-saints-2027"),
    pytest.param(date(2027, 11, 11), id="armistice-2027"),
]


@pytest.mark.parametrize("day", NATIONAL_HOLIDAYS)
@pytest.mark.parametrize("calendar", [CALENDAR, ALSACE_MOSELLE], ids=["france", "alsace-moselle"])
def test_national_holidays_are_holidays_everywhere_in_france(
    day: date, calendar: WorkingCalendar
) -> None:
    assert calendar.is_holiday(day)
    assert not calendar.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2027, 7, 14), id="14-july-2027-wednesday"),
        pytest.param(date(2026, 5, 1), id="1-may-2026-friday"),
        pytest.param(date(2026, 12, 25), id="25-december-2026-friday"),
        pytest.param(date(2027, 3, 29), id="easter-monday-2027"),
        pytest.param(date(2027, 5, 6), id="ascension-thursday-2027"),
        pytest.param(date(2027, 5, 17), id="whit-monday-2027"),
    ],
)
def test_a_holiday_falling_on_a_weekday_is_not_a_working_day(day: date) -> None:
    assert day.weekday() < 5
    assert not CALENDAR.is_working_day(day)
    assert not CALENDAR.is_working_time(datetime.combine(day, time(10), PARIS))


def test_easter_monday_2027_is_29_march_and_not_the_day_before_or_after() -> None:
    assert CALENDAR.is_holiday(date(2027, 3, 29))
    assert not CALENDAR.is_holiday(date(2027, 3, 30))
    assert CALENDAR.is_working_day(date(2027, 3, 30))
    assert not CALENDAR.is_holiday(date(2027, 3, 27))


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2027, 3, 26), id="good-friday-2027"),
        pytest.param(date(2028, 4, 14), id="good-friday-2028"),
        pytest.param(date(2028, 12, 26), id="26-december-2028-tuesday"),
        pytest.param(date(2027, 12, 26), id="26-december-2027-sunday"),
    ],
)
def test_good_friday_and_26_december_are_holidays_only_in_alsace_moselle(day: date) -> None:
    assert ALSACE_MOSELLE.is_holiday(day)
    assert not ALSACE_MOSELLE.is_working_day(day)
    assert not CALENDAR.is_holiday(day)
    assert CALENDAR.is_working_day(day) == (day.weekday() < 5)


def test_journee_de_solidarite_configured_as_a_day_off_is_not_a_working_day() -> None:
    solidarite = date(2027, 6, 4)  # a Friday the collectivité does not work
    calendar = WorkingCalendar(PARIS, days_off=frozenset({solidarite}))
    assert not calendar.is_working_day(solidarite)
    assert not calendar.is_working_time(paris(2027, 6, 4, 10))
    assert calendar.is_working_day(date(2027, 6, 3))
    assert calendar.is_working_day(date(2027, 6, 7))
    assert CALENDAR.is_working_day(solidarite)  # only the calendar that configures it


def test_a_day_off_is_not_reported_as_a_public_holiday() -> None:
    solidarite = date(2027, 6, 4)
    calendar = WorkingCalendar(PARIS, days_off=frozenset({solidarite}))
    assert not calendar.is_holiday(solidarite)


# --- working time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(paris(2027, 6, 8, 8, 59), False, id="08h59-before-start"),
        pytest.param(paris(2027, 6, 8, 9, 0), True, id="09h00-start-included"),
        pytest.param(paris(2027, 6, 8, 12, 30), True, id="12h30"),
        pytest.param(paris(2027, 6, 8, 16, 59), True, id="16h59"),
        pytest.param(
            datetime(2027, 6, 8, 16, 59, 59, 999999, tzinfo=PARIS), True, id="last-microsecond"
        ),
        pytest.param(paris(2027, 6, 8, 17, 0), False, id="17h00-end-excluded"),
        pytest.param(paris(2027, 6, 8, 23, 0), False, id="late-evening"),
        pytest.param(paris(2027, 6, 12, 10, 0), False, id="saturday-morning"),
        pytest.param(paris(2027, 7, 14, 10, 0), False, id="14-july-morning"),
    ],
)
def test_working_time_is_from_start_included_to_end_excluded(
    moment: datetime, expected: bool
) -> None:
    assert CALENDAR.is_working_time(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # June: Paris is UTC+2.
        pytest.param(utc(2027, 6, 8, 7, 30), True, id="07h30utc-is-09h30-paris-summer"),
        pytest.param(utc(2027, 6, 8, 6, 59), False, id="06h59utc-is-08h59-paris-summer"),
        pytest.param(utc(2027, 6, 8, 15, 30), False, id="15h30utc-is-17h30-paris-summer"),
        pytest.param(utc(2027, 6, 8, 14, 59), True, id="14h59utc-is-16h59-paris-summer"),
        # January: Paris is UTC+1.
        pytest.param(utc(2027, 1, 12, 8, 0), True, id="08h00utc-is-09h00-paris-winter"),
        pytest.param(utc(2027, 1, 12, 7, 59), False, id="07h59utc-is-08h59-paris-winter"),
        pytest.param(utc(2027, 1, 12, 16, 0), False, id="16h00utc-is-17h00-paris-winter"),
        pytest.param(utc(2027, 1, 12, 16, 30), False, id="16h30utc-is-17h30-paris-winter"),
        # The UTC date is still Friday, but in Paris it is already Saturday.
        pytest.param(utc(2027, 6, 11, 22, 30), False, id="friday-utc-saturday-paris"),
    ],
)
def test_working_time_is_judged_in_the_calendar_time_zone(moment: datetime, expected: bool) -> None:
    assert CALENDAR.is_working_time(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Summer time starts on Sunday 28 March 2027 (02:00 → 03:00).
        pytest.param(utc(2027, 3, 26, 8, 0), True, id="friday-before-change-08h00utc-09h00"),
        pytest.param(utc(2027, 3, 26, 7, 30), False, id="friday-before-change-07h30utc-08h30"),
        pytest.param(utc(2027, 3, 26, 15, 30), True, id="friday-before-change-15h30utc-16h30"),
        pytest.param(utc(2027, 3, 30, 7, 0), True, id="tuesday-after-change-07h00utc-09h00"),
        pytest.param(utc(2027, 3, 30, 6, 59), False, id="tuesday-after-change-06h59utc-08h59"),
        pytest.param(utc(2027, 3, 30, 15, 0), False, id="tuesday-after-change-15h00utc-17h00"),
        pytest.param(utc(2027, 3, 30, 14, 59), True, id="tuesday-after-change-14h59utc-16h59"),
        # Winter time starts on Sunday 31 October 2027 (03:00 → 02:00); 1 November is a holiday.
        pytest.param(utc(2027, 10, 29, 7, 0), True, id="friday-before-change-07h00utc-09h00"),
        pytest.param(utc(2027, 10, 29, 15, 0), False, id="friday-before-change-15h00utc-17h00"),
        pytest.param(utc(2027, 11, 2, 7, 30), False, id="tuesday-after-change-07h30utc-08h30"),
        pytest.param(utc(2027, 11, 2, 8, 0), True, id="tuesday-after-change-08h00utc-09h00"),
        pytest.param(utc(2027, 11, 2, 15, 59), True, id="tuesday-after-change-15h59utc-16h59"),
        pytest.param(utc(2027, 11, 2, 16, 0), False, id="tuesday-after-change-16h00utc-17h00"),
    ],
)
def test_working_time_follows_the_daylight_saving_changes(moment: datetime, expected: bool) -> None:
    assert CALENDAR.is_working_time(moment) is expected


def test_custom_working_hours_are_respected() -> None:
    calendar = WorkingCalendar(PARIS, start=time(8, 30), end=time(12))
    assert calendar.is_working_time(paris(2027, 6, 8, 8, 30))
    assert not calendar.is_working_time(paris(2027, 6, 8, 8, 29))
    assert calendar.is_working_time(paris(2027, 6, 8, 11, 59))
    assert not calendar.is_working_time(paris(2027, 6, 8, 12, 0))
    assert not calendar.is_working_time(paris(2027, 6, 8, 14, 0))


# --- next working time --------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [paris(2027, 6, 8, 9, 0), paris(2027, 6, 8, 14, 12), utc(2027, 6, 8, 7, 30)],
    ids=["09h00", "14h12", "07h30utc-09h30-paris"],
)
def test_next_working_time_inside_working_hours_is_the_same_moment(moment: datetime) -> None:
    assert CALENDAR.next_working_time(moment) == moment


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(paris(2027, 6, 8, 7, 15), paris(2027, 6, 8, 9), id="before-9h-same-day"),
        pytest.param(paris(2027, 6, 8, 0, 0), paris(2027, 6, 8, 9), id="midnight-same-day"),
        pytest.param(paris(2027, 6, 8, 17, 0), paris(2027, 6, 9, 9), id="17h00-next-day"),
        pytest.param(paris(2027, 6, 11, 17, 0), paris(2027, 6, 14, 9), id="friday-17h-monday"),
        pytest.param(paris(2027, 6, 11, 21, 0), paris(2027, 6, 14, 9), id="friday-21h-monday"),
        pytest.param(paris(2027, 6, 12, 8, 0), paris(2027, 6, 14, 9), id="saturday-8h-monday"),
        pytest.param(paris(2027, 6, 13, 15, 0), paris(2027, 6, 14, 9), id="sunday-monday"),
        pytest.param(paris(2027, 7, 13, 19, 30), paris(2027, 7, 15, 9), id="eve-of-14-july"),
        pytest.param(paris(2027, 7, 14, 8, 0), paris(2027, 7, 15, 9), id="14-july-early"),
        pytest.param(paris(2027, 3, 26, 18, 0), paris(2027, 3, 30, 9), id="easter-weekend"),
        # Friday 22:30 UTC is already Saturday 00:30 in Paris.
        pytest.param(utc(2027, 6, 11, 22, 30), paris(2027, 6, 14, 9), id="utc-friday-night"),
        # Monday 06:00 UTC is 08:00 in Paris: wait until 09:00 Paris, not the next day.
        pytest.param(utc(2027, 6, 14, 6, 0), paris(2027, 6, 14, 9), id="utc-monday-early"),
    ],
)
def test_next_working_time_is_the_start_of_the_next_working_day(
    moment: datetime, expected: datetime
) -> None:
    result = CALENDAR.next_working_time(moment)
    assert result == expected
    assert result.astimezone(PARIS).time() == time(9)
    assert CALENDAR.is_working_time(result)


def test_next_working_time_after_the_change_to_summer_time_is_9h_paris_time() -> None:
    # Saturday 27 March 2027, CET; Sunday 28 summer time starts; Monday 29 is Easter Monday.
    result = CALENDAR.next_working_time(paris(2027, 3, 27, 22, 0))
    assert result == utc(2027, 3, 30, 7, 0)  # 09:00 CEST


def test_next_working_time_after_the_change_to_winter_time_is_9h_paris_time() -> None:
    # Friday 29 October 2027, CEST; Sunday 31 winter time; Monday 1 November is All Saints.
    result = CALENDAR.next_working_time(paris(2027, 10, 29, 17, 30))
    assert result == utc(2027, 11, 2, 8, 0)  # 09:00 CET


def test_next_working_time_skips_the_ascension_long_weekend() -> None:
    # Ascension is Thursday 6 May 2027; the collectivité gives Friday 7 May off (the "pont").
    calendar = WorkingCalendar(PARIS, days_off=frozenset({date(2027, 5, 7)}))
    assert calendar.next_working_time(paris(2027, 5, 5, 17, 0)) == paris(2027, 5, 10, 9)
    assert calendar.next_working_time(paris(2027, 5, 6, 10, 0)) == paris(2027, 5, 10, 9)
    assert CALENDAR.next_working_time(paris(2027, 5, 5, 17, 0)) == paris(2027, 5, 7, 9)


def test_next_working_time_uses_the_configured_start_of_day() -> None:
    calendar = WorkingCalendar(PARIS, start=time(8, 30), end=time(16, 30))
    assert calendar.next_working_time(paris(2027, 6, 11, 16, 30)) == paris(2027, 6, 14, 8, 30)
    assert calendar.next_working_time(paris(2027, 6, 8, 6, 0)) == paris(2027, 6, 8, 8, 30)


def test_a_calendar_without_any_working_day_left_raises_instead_of_looping() -> None:
    first = date(2027, 6, 1)
    every_day_off = frozenset(first + timedelta(days=n) for n in range(400))
    calendar = WorkingCalendar(PARIS, days_off=every_day_off)
    with pytest.raises(ValueError, match="no working day"):
        calendar.next_working_time(paris(2027, 6, 1, 10))


# --- working days between two dates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param(date(2027, 6, 7), date(2027, 6, 11), 5, id="monday-to-friday"),
        pytest.param(date(2027, 6, 7), date(2027, 6, 13), 5, id="a-full-week"),
        pytest.param(date(2027, 6, 8), date(2027, 6, 8), 1, id="one-working-day"),
        pytest.param(date(2027, 6, 12), date(2027, 6, 13), 0, id="a-weekend"),
        pytest.param(date(2027, 6, 11), date(2027, 6, 7), 0, id="last-before-first"),
        pytest.param(date(2027, 7, 12), date(2027, 7, 16), 4, id="week-of-14-july"),
        pytest.param(date(2027, 6, 1), date(2027, 6, 30), 22, id="june-2027"),
        # May 2027: 21 weekdays, minus Ascension (6) and Whit Monday (17).
        pytest.param(date(2027, 5, 1), date(2027, 5, 31), 19, id="may-2027"),
        # 2027: 261 weekdays, 7 public holidays fall on one of them.
        pytest.param(date(2027, 1, 1), date(2027, 12, 31), 254, id="year-2027"),
    ],
)
def test_working_days_between_counts_both_ends_and_skips_days_off(
    first: date, last: date, expected: int
) -> None:
    days = list(CALENDAR.working_days_between(first, last))
    assert len(days) == expected
    assert all(CALENDAR.is_working_day(day) for day in days)
    assert days == sorted(days)


def test_working_days_between_lists_the_days_in_order() -> None:
    days = list(CALENDAR.working_days_between(date(2027, 7, 12), date(2027, 7, 19)))
    assert days == [
        date(2027, 7, 12),
        date(2027, 7, 13),
        date(2027, 7, 15),
        date(2027, 7, 16),
        date(2027, 7, 19),
    ]


def test_working_days_between_honours_alsace_moselle_and_days_off() -> None:
    easter_week = (date(2027, 3, 22), date(2027, 3, 31))
    assert len(list(CALENDAR.working_days_between(*easter_week))) == 7
    assert len(list(ALSACE_MOSELLE.working_days_between(*easter_week))) == 6
    with_day_off = WorkingCalendar(PARIS, days_off=frozenset({date(2027, 3, 24)}))
    assert len(list(with_day_off.working_days_between(*easter_week))) == 6


# --- construction -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(17), time(9)), (time(9), time(9)), (time(12, 0, 1), time(12))],
    ids=["start-after-end", "start-equals-end", "one-second-inverted"],
)
def test_a_working_day_that_does_not_start_before_it_ends_is_refused(
    start: time, end: time
) -> None:
    with pytest.raises(ValueError, match="start before it ends"):
        WorkingCalendar(PARIS, start=start, end=end)
