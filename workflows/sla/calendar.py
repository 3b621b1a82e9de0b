"""Business time: how much working time lies between two moments, and when a
number of working seconds starting at a moment runs out.

A calendar is a week of working intervals in local wall time (an interval
may run past midnight, ``22:00``–``06:00``, and then belongs to the day it
starts on), holidays on which a day's intervals do not happen, and a time
zone. Each interval is turned into UTC on its own day, so a daylight-saving
change shortens or lengthens that one night's work by the hour the clocks
moved instead of shifting the whole week.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

DAY_MINUTES = 24 * 60
SEARCH_DAYS = 3 * 366
"""How far ahead a due time is looked for before the calendar is called empty."""


class NoWorkingTime(ValueError):
    """The calendar has no working time in the years ahead (holidays everywhere)."""


@dataclass(frozen=True)
class BusinessHours:
    zone: zoneinfo.ZoneInfo
    week: tuple[tuple[tuple[int, int], ...], ...]
    """Seven days from Monday; each a tuple of (start, end) minutes after
    local midnight, ``end`` past 1440 for an interval ending the next day."""
    holidays: frozenset[dt.date] = frozenset()

    def stretches(self, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working stretches in UTC, in order, from the one holding ``start``
        on (clipped so that none overlaps the one before)."""
        local_day = start.astimezone(self.zone).date() - dt.timedelta(days=1)
        last_end: dt.datetime | None = None
        for _ in range(SEARCH_DAYS):
            if local_day not in self.holidays:
                for begin, end in self.week[local_day.weekday()]:
                    a, b = self._utc(local_day, begin), self._utc(local_day, end)
                    if last_end is not None:
                        a = max(a, last_end)
                    if b <= a or b <= start:
                        continue
                    last_end = b
                    yield a, b
            local_day += dt.timedelta(days=1)

    def _utc(self, day: dt.date, minutes: int) -> dt.datetime:
        day = day + dt.timedelta(days=minutes // DAY_MINUTES)
        minutes %= DAY_MINUTES
        wall = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.zone)
        return wall.astimezone(dt.UTC)

    def add(self, start: dt.datetime, seconds: float) -> dt.datetime:
        """The moment ``seconds`` of working time after ``start``."""
        if seconds <= 0:
            return start
        left = dt.timedelta(seconds=seconds)
        for a, b in self.stretches(start):
            a = max(a, start)
            if left <= b - a:
                return a + left
            left -= b - a
        raise NoWorkingTime("the calendar has no working time ahead")

    def between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working seconds from ``start`` to ``end`` (0 when ``end`` is not later)."""
        total = dt.timedelta()
        if end <= start:
            return 0.0
        for a, b in self.stretches(start):
            if a >= end:
                break
            total += min(b, end) - max(a, start)
        return total.total_seconds()


@dataclass(frozen=True)
class AlwaysOpen:
    """No calendar: every second counts (a 24/7 desk)."""

    def add(self, start: dt.datetime, seconds: float) -> dt.datetime:
        return start + dt.timedelta(seconds=max(seconds, 0))

    def between(self, start: dt.datetime, end: dt.datetime) -> float:
        return max((end - start).total_seconds(), 0.0)


Hours = BusinessHours | AlwaysOpen
ALWAYS = AlwaysOpen()


def minutes_of(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def business_hours(
    time_zone: str, week: list[list[list[str]]], holidays: list[str]
) -> BusinessHours:
    """The arithmetic of a stored calendar (already checked): ``week`` holds
    seven lists of ``["HH:MM", "HH:MM"]``; an end not after its start means
    the next day; ``24:00`` is midnight at the end of the day."""
    days: list[tuple[tuple[int, int], ...]] = []
    for intervals in week:
        day: list[tuple[int, int]] = []
        for begin_text, end_text in intervals:
            begin, end = minutes_of(begin_text), minutes_of(end_text)
            if end <= begin:
                end += DAY_MINUTES
            day.append((begin, end))
        days.append(tuple(sorted(day)))
    return BusinessHours(
        zone=zoneinfo.ZoneInfo(time_zone),
        week=tuple(days),
        holidays=frozenset(dt.date.fromisoformat(d) for d in holidays),
    )
