"""Business-time arithmetic: working hours, nights, weekends, holidays, time
zones and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from workflows.sla.calendar import ALWAYS, NoWorkingTime, business_hours

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
OFFICE = [[["09:00", "18:00"]]] * 5 + [[], []]  # Monday to Friday


def local(zone: zoneinfo.ZoneInfo, *parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=zone).astimezone(dt.UTC)  # type: ignore[misc]


def test_inside_one_working_day() -> None:
    hours = business_hours("Europe/Moscow", OFFICE, [])
    start = local(MOSCOW, 2026, 12, 7, 10, 0)  # a Monday
    assert hours.add(start, 3 * 3600) == local(MOSCOW, 2026, 12, 7, 13, 0)
    assert hours.between(start, local(MOSCOW, 2026, 12, 7, 13, 0)) == 3 * 3600


def test_runs_over_the_evening_into_the_next_morning() -> None:
    hours = business_hours("Europe/Moscow", OFFICE, [])
    start = local(MOSCOW, 2026, 12, 7, 17, 0)
    assert hours.add(start, 2 * 3600) == local(MOSCOW, 2026, 12, 8, 10, 0)


def test_a_friday_evening_ticket_is_due_on_monday() -> None:
    hours = business_hours("Europe/Moscow", OFFICE, [])
    friday = local(MOSCOW, 2026, 12, 11, 17, 30)
    assert hours.add(friday, 3600) == local(MOSCOW, 2026, 12, 14, 9, 30)
    # a ticket opened on Saturday starts counting on Monday at nine
    saturday = local(MOSCOW, 2026, 12, 12, 12, 0)
    assert hours.add(saturday, 60) == local(MOSCOW, 2026, 12, 14, 9, 1)
    assert hours.between(saturday, local(MOSCOW, 2026, 12, 14, 9, 0)) == 0


def test_holidays_are_skipped() -> None:
    hours = business_hours("Europe/Moscow", OFFICE, ["2026-12-31", "2027-01-01"])
    start = local(MOSCOW, 2026, 12, 30, 17, 0)  # a Wednesday
    # 1 h on the 30th, then the 31st (Thu) and the 1st (Fri) are off, then a weekend
    assert hours.add(start, 2 * 3600) == local(MOSCOW, 2027, 1, 4, 10, 0)


def test_overnight_shift_belongs_to_the_day_it_starts() -> None:
    nights = [[["22:00", "06:00"]]] * 7
    hours = business_hours("Europe/Moscow", nights, ["2026-12-08"])
    start = local(MOSCOW, 2026, 12, 7, 23, 0)
    assert hours.add(start, 6 * 3600) == local(MOSCOW, 2026, 12, 8, 5, 0)
    # the night starting on the holiday (8th, 22:00) is off; the 9th's is on
    assert hours.add(start, 8 * 3600) == local(MOSCOW, 2026, 12, 9, 23, 0)
    assert hours.between(local(MOSCOW, 2026, 12, 7, 12, 0), local(MOSCOW, 2026, 12, 8, 12, 0)) == (
        8 * 3600
    )


def test_the_calendar_counts_in_its_own_time_zone() -> None:
    hours = business_hours("Asia/Vladivostok", OFFICE, [])
    # 09:00 in Vladivostok is 23:00 UTC the day before
    start = dt.datetime(2026, 12, 6, 22, 0, tzinfo=dt.UTC)
    assert hours.add(start, 3600) == dt.datetime(2026, 12, 7, 0, 0, tzinfo=dt.UTC)


def test_daylight_saving_changes_do_not_shift_the_working_day() -> None:
    hours = business_hours("Europe/Berlin", OFFICE, [])
    # clocks go forward on Sunday 29 March 2026: Friday 17:00 plus 2 h of
    # work is Monday 10:00 local, which is one hour less in UTC terms
    friday = local(BERLIN, 2026, 3, 27, 17, 0)
    due = hours.add(friday, 2 * 3600)
    assert due.astimezone(BERLIN).replace(tzinfo=None) == dt.datetime(2026, 3, 30, 10, 0)
    assert hours.between(friday, due) == 2 * 3600
    # and an interval spanning the change on its night (a 24/7 night shift)
    nights = [[["22:00", "06:00"]]] * 7
    night = business_hours("Europe/Berlin", nights, [])
    start = local(BERLIN, 2026, 3, 28, 22, 0)
    end = local(BERLIN, 2026, 3, 29, 6, 0)
    assert night.between(start, end) == 7 * 3600  # that night is an hour short
    assert night.add(start, 7 * 3600) == end


def test_round_the_clock_and_an_empty_calendar() -> None:
    start = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    assert ALWAYS.add(start, 90) == start + dt.timedelta(seconds=90)
    all_holidays = [
        (dt.date(2026, 12, 7) + dt.timedelta(days=i)).isoformat() for i in range(4 * 366)
    ]
    hours = business_hours("UTC", OFFICE, all_holidays)
    with pytest.raises(NoWorkingTime):
        hours.add(start, 60)
